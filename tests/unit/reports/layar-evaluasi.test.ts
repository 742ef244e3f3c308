import { describe, expect, it } from 'vitest';
import { tekanTombol, lompat, susunSlide, keySlide, periodeDariHash, type KeadaanLayar } from '../../../src/views/layar/slide.ts';
import { periodeRakorBawaan as periodeBawaan } from '../../../src/lib/periode.svelte.ts';
import { susunEvaluasi, triwulanEvaluasi } from '../../../src/views/evaluasi/baris.ts';
import { barisEksporRingkasan, barisEksporRealisasi } from '../../../src/reports/ekspor.ts';
import { bolehTindakLanjut, bolehKelolaRakor } from '../../../src/views/rakor/izin.ts';
import { hitungRingkasan, type DataPemda, type Ringkasan } from '../../../src/domain/ringkasan.ts';
import { evaluasiPejabatSchema, idAlami } from '../../../src/domain/schemas.ts';
import * as f from './fixture.ts';

const NOW = new Date('2026-11-23T02:00:00Z');
const k0: KeadaanLayar = { indeks: 0, jeda: false, ketikan: '' };

function dunia(): DataPemda {
  const o1 = f.opd('Dinas Kesehatan', 'Dinkes');
  const o2 = f.opd('Dinas Sosial', 'Dinsos');
  const p1 = f.pk(o1);
  const p2 = f.pk(o2);
  const i1 = f.indikator(f.sasaran(p1, 'S1'), 'I1', 100);
  const i2 = f.indikator(f.sasaran(p2, 'S2'), 'I2', 100);
  return {
    pemda: f.pemda(), opd: [o1, o2], pk: [p1, p2], sasaran: [], indikator: [i1, i2], program: [],
    realisasi: [f.realisasi(i1, 'TW3', 95), f.realisasi(i2, 'TW3', 60)], realisasiAnggaran: [], rakor: [], arahan: [],
  };
}

describe('Layar keyboard control', () => {
  it('moves with arrows (wrapping), Home/End, pauses with space, asks for full screen with F', () => {
    expect(tekanTombol(k0, 'ArrowRight', 5)!.indeks).toBe(1);
    expect(tekanTombol(k0, 'ArrowLeft', 5)!.indeks).toBe(4);
    expect(tekanTombol({ ...k0, indeks: 4 }, 'ArrowRight', 5)!.indeks).toBe(0);
    expect(tekanTombol({ ...k0, indeks: 2 }, 'Home', 5)!.indeks).toBe(0);
    expect(tekanTombol(k0, 'End', 5)!.indeks).toBe(4);
    expect(tekanTombol(k0, ' ', 5)!.jeda).toBe(true);
    expect(tekanTombol({ ...k0, jeda: true }, ' ', 5)!.jeda).toBe(false);
    expect(tekanTombol(k0, 'f', 5)!.layarPenuh).toBe(true);
    expect(tekanTombol(k0, 'x', 5)).toBeNull();
  });

  it('jumps to a typed slide number with Enter, clamped; Escape clears typing before leaving', () => {
    const a = tekanTombol(k0, '1', 40)!;
    const b = tekanTombol(a, '2', 40)!;
    expect(b.ketikan).toBe('12');
    expect(b.lompatNanti).toBe(true);
    expect(tekanTombol(b, 'Enter', 40)!.indeks).toBe(11);
    expect(lompat({ ...k0, ketikan: '99' }, 40).indeks).toBe(39);
    expect(tekanTombol(b, 'Escape', 40)).toMatchObject({ ketikan: '', indeks: 0 });
    expect(tekanTombol(k0, 'Escape', 40)!.keluar).toBe(true);
  });

  it('builds tiles, chart, arahan and one slide per OPD with stable keys', () => {
    const r = hitungRingkasan(dunia(), 2026, 3, NOW);
    const s = susunSlide(r, true);
    expect(s.map((x) => x.jenis)).toEqual(['ringkasan', 'grafik', 'arahan', 'opd', 'opd']);
    expect(s.map(keySlide)[3]).toBe(`opd:${r.opd[0]!.opdId}`);
    const g = s[1]!;
    if (g.jenis !== 'grafik') throw new Error('grafik expected');
    expect(g.kolom[0]!.map((b) => `${b.label} ${b.teks}`)).toEqual(['Dinkes 95 %', 'Dinsos 60 %']);
    expect(susunSlide(r, false).map((x) => x.jenis)).not.toContain('arahan');
  });

  it('splits 45 OPD into two chart slides of two 20-bar columns at most', () => {
    const r = hitungRingkasan(dunia(), 2026, 3, NOW);
    const banyak: Ringkasan = { ...r, opd: Array.from({ length: 45 }, (_, i) => ({ ...r.opd[0]!, opdId: `x${i}`, singkatan: `OPD ${i}` })) };
    const grafik = susunSlide(banyak, false).filter((x) => x.jenis === 'grafik');
    expect(grafik.length).toBe(2);
    expect(grafik.map((g) => (g.jenis === 'grafik' ? g.kolom.map((k) => k.length) : []))).toEqual([[20, 20], [5]]);
  });

  it('picks the period from the hash or the latest ended quarter (WIB)', () => {
    expect(periodeDariHash('#/layar?tahun=2026&tw=3')).toEqual({ tahun: 2026, triwulan: 3 });
    expect(periodeDariHash('#/layar?tahun=2026&tw=7')).toBeNull();
    expect(periodeBawaan(NOW)).toEqual({ tahun: 2026, triwulan: 3 });
    expect(periodeBawaan(new Date('2026-02-10T00:00:00Z'))).toEqual({ tahun: 2025, triwulan: 4 });
    expect(periodeBawaan(new Date('2026-03-31T18:00:00Z'))).toEqual({ tahun: 2026, triwulan: 1 });
  });
});

describe('Evaluasi pejabat rows', () => {
  it('proposes masa perbaikan below the threshold and keeps the stored confirmation and history', () => {
    const d = dunia();
    const dinsos = d.opd[1]!;
    const lalu = evaluasiPejabatSchema.parse({
      id: idAlami.evaluasiPejabat(dinsos.id, 2025), updatedAt: NOW.toISOString(), opdId: dinsos.id, tahun: 2025,
      capaian: 70, statusUsulan: 'masa-perbaikan', batasPerbaikan: '2026-06-30', statusDitetapkan: 'masa-perbaikan',
    });
    const h = susunEvaluasi({ ...d, evaluasiPejabat: [lalu] }, 2026, NOW);
    expect(h.tw).toBe(3);
    const [dinkes, sos] = h.baris;
    expect(dinkes!.usulan.status).toBe('masa-perbaikan'); // 95 < 100 (default threshold)
    expect(sos!.usulan.status).toBe('seleksi-ulang'); // previous period ended 2026-06-30, still below
    expect(sos!.riwayat.map((r) => r.tahun)).toEqual([2025]);
    expect(sos!.idEvaluasi).toBe(idAlami.evaluasiPejabat(dinsos.id, 2026));
    expect(h.peringkat.map((p) => [p.peringkat, p.capaian])).toEqual([[1, 95], [2, 60]]);
    expect(triwulanEvaluasi(2025, NOW)).toBe(4);
  });
});

describe('exports and permissions', () => {
  it('summary rows keep numbers as numbers, with a total row', () => {
    const r = hitungRingkasan(dunia(), 2026, 3, NOW);
    const rows = barisEksporRingkasan(r);
    expect(rows[0]![3]).toBe('Capaian (%)');
    expect(rows[1]!.slice(1, 5)).toEqual(['Dinas Kesehatan', 'Dinkes', 95, 'Sangat Tinggi']);
    expect(rows.at(-1)!.slice(1, 4)).toEqual(['Total / rata-rata', '', 77.5]);
    const real = barisEksporRealisasi(dunia(), 2026);
    expect(real.length).toBe(3);
    expect(real[1]!.slice(2, 5)).toEqual(['%', 'Triwulan III', 95]);
  });

  it('operators follow up only arahan to their OPD or to all', () => {
    const op = { role: 'operator' as const, opdId: 'a' };
    expect(bolehTindakLanjut(op, { opdId: 'a' })).toBe(true);
    expect(bolehTindakLanjut(op, { opdId: null })).toBe(true);
    expect(bolehTindakLanjut(op, { opdId: 'b' })).toBe(false);
    expect(bolehTindakLanjut({ role: 'viewer', opdId: null }, { opdId: null })).toBe(false);
    expect(bolehKelolaRakor({ role: 'pimpinan', opdId: null })).toBe(true);
    expect(bolehKelolaRakor(op)).toBe(false);
  });
});

describe('chart bars', () => {
  it('leave out the kepala-daerah PK and put OPD without data last in grey', async () => {
    const { batangCapaian } = await import('../../../src/reports/grafik.ts');
    const r = hitungRingkasan(dunia(), 2026, 3, NOW);
    const [a, b] = r.opd as [Ringkasan['opd'][number], Ringkasan['opd'][number]];
    const bupati = { ...a, opdId: 'kd', singkatan: 'Bupati', jenis: 'kepala-daerah' as const, capaian: 100 };
    const kosong = { ...b, opdId: 'k', singkatan: 'Kosong', capaian: null, predikat: { ...b.predikat, kode: 'tidak-ada' as const, warna: '#d5d9df' } };
    const bars = batangCapaian({ opd: [kosong, bupati, a, b] });
    expect(bars.map((x) => x.label)).toEqual(['Dinkes', 'Dinsos', 'Kosong']);
    expect(bars[2]).toMatchObject({ nilai: 0, teks: 'Belum ada data', warna: '#d5d9df' });
  });
});
