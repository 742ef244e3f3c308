/**
 * The Evaluasi pejabat screen's rows on the demo kabupaten (PP 11/2017 pasal 142 as amended by
 * PP 17/2020; docs/domain/pejabat.md §Pasal 142): the demo proposes nothing the rule does not
 * cover, every proposal is traceable to the official, the rule and its data, and a decision is
 * only recorded with its decree.
 */
import { describe, expect, it } from 'vitest';
import { buatDemo, DEMO_NOW } from '../../../src/demo/generate.ts';
import { recordKeputusan, susunEvaluasi } from '../../../src/views/evaluasi/baris.ts';
import { evaluasiPejabatSchema, idBaru } from '../../../src/domain/schemas.ts';

const demo = buatDemo();
const data = { ...demo, pemda: demo.pemda[0]! };

describe('Evaluasi pejabat rows (demo)', () => {
  const semua = susunEvaluasi(data, 2025, DEMO_NOW, { semua: true });
  const dicakup = susunEvaluasi(data, 2025, DEMO_NOW);

  it('no proposal for the Bupati, a Pj, a camat or a Plt', () => {
    const bukan = semua.filter((b) => b.pejabat.level !== 'jpt-pratama' || b.pejabat.penugasan !== 'definitif');
    expect(bukan.some((b) => b.pejabat.level === 'kepala-daerah')).toBe(true);
    expect(bukan.some((b) => b.jabatan.startsWith('Camat'))).toBe(true);
    for (const b of bukan) {
      expect(b.tahunan.status).toBe('tidak-dicakup');
      expect(b.tahunan.usulan).toBeNull();
    }
    expect(dicakup.every((b) => b.pejabat.level === 'jpt-pratama' && b.pejabat.penugasan === 'definitif')).toBe(true);
  });

  it('few proposals, each with its basis: official, signed PK, period, indicators, rule', () => {
    const usulan = dicakup.filter((b) => b.tahunan.usulan);
    expect(usulan.length).toBeGreaterThan(0);
    expect(usulan.length).toBeLessThanOrEqual(3); // not 12 of 40
    for (const b of usulan) {
      const d = b.tahunan.dasar!;
      const pk = demo.pk.find((p) => p.id === d.pkId)!;
      expect(pk.status).toBe('ditandatangani');
      expect(pk.pihakPertamaId).toBe(b.pejabat.id);
      expect(d.indikator.length).toBe(d.jumlahIndikator);
      expect(d.aturan).toMatch(/pasal 142/);
      expect(d.capaian!).toBeLessThan(d.ambang);
    }
  });

  it('a recorded decision carries its decree; a follow-up runs 6 months from it', () => {
    const diputus = dicakup.filter((b) => b.tersimpan?.keputusan === 'masa-perbaikan');
    expect(diputus.length).toBeGreaterThan(0);
    for (const b of diputus) {
      expect(b.tersimpan!.nomorKeputusan).not.toBe('');
      expect(b.lanjutan?.akhir).toBe(
        new Date(
          Date.UTC(
            Number(b.tersimpan!.tanggalKeputusan!.slice(0, 4)),
            Number(b.tersimpan!.tanggalKeputusan!.slice(5, 7)) - 1 + 6,
            Number(b.tersimpan!.tanggalKeputusan!.slice(8, 10)),
          ),
        )
          .toISOString()
          .slice(0, 10),
      );
    }
    // Still-undecided proposals have no follow-up at all.
    for (const b of dicakup.filter((x) => x.tahunan.usulan && !x.tersimpan)) expect(b.lanjutan).toBeNull();
  });

  it('a head who left mid-year is evaluated on their own PK; the successor does not inherit it', () => {
    const rows = susunEvaluasi(data, 2026, DEMO_NOW, { semua: true });
    const dinsos = demo.opd.find((o) => o.singkatan === 'Dinsos')!;
    const mereka = rows.filter((b) => b.pejabat.opdId === dinsos.id);
    expect(mereka.map((b) => b.pejabat.penugasan)).toEqual(['definitif', 'plt', 'definitif']);
    const [lama, plt, baru] = mereka;
    expect(lama!.tahunan.dasar?.periodeSelesai).toBe(lama!.pejabat.selesai);
    expect(plt!.tahunan.status).toBe('tidak-dicakup');
    expect(baru!.tahunan.status).toBe('belum-waktunya');
  });

  it('recording a decision needs decree number, date and who; the record passes the schema', () => {
    const b = dicakup.find((x) => x.tahunan.usulan)!;
    const isi = { keputusan: 'masa-perbaikan' as const, nomorKeputusan: '', tanggalKeputusan: '2026-02-20', ditetapkanOleh: 'Bupati Sukamaju', catatan: '' };
    expect(() => recordKeputusan(b, 'tahunan', isi, 2025)).toThrow(/nomor keputusan/);
    const rec = recordKeputusan(b, 'tahunan', { ...isi, nomorKeputusan: '800.1.6.4/200/BKPSDM/2026' }, 2025);
    expect(evaluasiPejabatSchema.safeParse({ ...rec, id: b.idTahunan, updatedAt: DEMO_NOW.toISOString() }).success).toBe(true);
    const belum = semua.find((x) => x.tahunan.status === 'belum-waktunya' || x.tahunan.status === 'tidak-dicakup')!;
    expect(() => recordKeputusan(belum, 'tahunan', { ...isi, nomorKeputusan: 'x' }, 2025)).toThrow(/Belum ada hasil/);
    void idBaru;
  });
});
