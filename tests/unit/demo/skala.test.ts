/**
 * The demo generator's scale flag (issue 17 §7, docs/architecture.md "Demo data"): `kali` K gives
 * about K times the data of K = 1, still valid and consistent — unique OPD kode and singkatan,
 * every PK's parties serving on its date, older years reported, signed and locked.
 */
import { describe, expect, it } from 'vitest';
import { buatDemo, salinanDemo, tahunDemo, type DataDemo } from '../../../src/demo/generate.ts';
import { periksaPihakPk } from '../../../src/domain/pejabat.ts';
import { NAMA_TABEL, recordSchemas } from '../../../src/domain/schemas.ts';

const jumlah = (d: DataDemo) => NAMA_TABEL.reduce((s, t) => s + d[t].length, 0);
const k1 = buatDemo();
const k4 = buatDemo({ kali: 4 });

describe('buatDemo({ kali })', () => {
  it('years × copies: K=1 2×1, K=4 4×2, K=16 8×4', () => {
    expect([1, 4, 16].map((k) => [tahunDemo(k), salinanDemo(k)])).toEqual([
      [2, 1],
      [4, 2],
      [8, 4],
    ]);
  });

  it('kali: 1 is the default data set, byte for byte; bad K is refused', () => {
    expect(JSON.stringify(buatDemo({ kali: 1 }))).toBe(JSON.stringify(k1));
    expect(() => buatDemo({ kali: 0 })).toThrow(/kali/);
    expect(() => buatDemo({ kali: 2.5 })).toThrow(/kali/);
  });

  it('K=4 holds about 4× the records of K=1 (±25 %) and is deterministic', () => {
    const rasio = jumlah(k4) / jumlah(k1);
    expect(rasio).toBeGreaterThan(3);
    expect(rasio).toBeLessThan(5);
    expect(JSON.stringify(buatDemo({ kali: 4 }).opd)).toBe(JSON.stringify(k4.opd));
  });

  it('every K=4 record passes its schema unchanged; ids unique per table', () => {
    for (const t of NAMA_TABEL) {
      const ids = new Set<string>();
      for (const r of k4[t] as { id: string }[]) {
        const p = recordSchemas[t].safeParse(r);
        expect(p.success, `${t}: ${p.success ? '' : p.error.message}`).toBe(true);
        if (p.success) expect(p.data).toEqual(r);
        ids.add(r.id);
      }
      expect(ids.size, t).toBe(k4[t].length);
    }
  });

  it('OPD kode and singkatan are unique (case-insensitive, as the server checks); one kepala daerah', () => {
    const norm = (s: string) => s.trim().toLocaleLowerCase('id');
    expect(new Set(k4.opd.map((o) => norm(o.kode))).size).toBe(k4.opd.length);
    expect(new Set(k4.opd.map((o) => norm(o.singkatan))).size).toBe(k4.opd.length);
    expect(k4.opd.filter((o) => o.jenis === 'kepala-daerah')).toHaveLength(1);
    expect(k4.opd.length).toBe(2 * (k1.opd.length - 1) + 1);
  });

  it('every PK of every year has its parties, serving on its date', () => {
    const jenis = new Map(k4.opd.map((o) => [o.id, o.jenis]));
    const tahun = new Set(k4.pk.map((p) => p.tahun));
    expect([...tahun].sort()).toEqual([2023, 2024, 2025, 2026]);
    for (const pk of k4.pk) expect(periksaPihakPk(pk, jenis.get(pk.opdId)!, k4.pejabat), `${pk.nomorDokumen} ${pk.tanggal}`).toBeNull();
  });

  it('older years: every OPD has a signed PK, all four quarters reported and verified, and locked', () => {
    for (const tahun of [2023, 2024, 2025]) {
      for (const o of k4.opd) {
        expect(k4.pk.some((p) => p.opdId === o.id && p.tahun === tahun && p.status === 'ditandatangani')).toBe(true);
        const laporan = k4.laporan.filter((l) => l.opdId === o.id && l.tahun === tahun);
        expect(laporan.map((l) => l.triwulan).sort()).toEqual([1, 2, 3, 4]);
        expect(laporan.every((l) => l.status === 'diverifikasi')).toBe(true);
      }
      const kunci = k4.kunciPeriode.filter((k) => k.tahun === tahun && k.terkunci);
      expect(kunci.map((k) => k.triwulan).sort()).toEqual([1, 2, 3, 4]);
      // The years before last year got their four rakor here; last year's (TW4) is K=1's.
      if (tahun < 2025) expect(k4.rakor.filter((r) => r.tahun === tahun && r.status === 'selesai')).toHaveLength(4);
    }
    expect(k4.kunciPeriode.some((k) => k.tahun === 2026)).toBe(false);
  });
});
