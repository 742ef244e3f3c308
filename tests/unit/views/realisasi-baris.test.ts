import { describe, expect, it } from 'vitest';
import { idAlami, indikatorSchema, pkSchema, realisasiSchema, sasaranSchema, type Indikator, type Pk, type Realisasi } from '../../../src/domain/schemas.ts';
import { hitungBaris, susunGrid } from '../../../src/views/realisasi/baris.ts';
import { DATA_KOSONG } from '../../../src/lib/data-opd.ts';

const OPD = '01900000-0000-7000-8000-000000000001';
const T = '2026-01-02T00:00:00Z';
const pejabat = { nama: 'A', jabatan: 'Kepala' };
const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`;
const pk = (n: number, over: Partial<Pk> = {}): Pk =>
  pkSchema.parse({
    id: id(100 + n),
    opdId: OPD,
    tahun: 2026,
    versi: n,
    tanggal: '2026-01-02',
    tanggalMulai: '2026-01-01',
    updatedAt: T,
    pihakPertama: pejabat,
    pihakKedua: pejabat,
    status: 'ditandatangani',
    ...over,
  });
const sasaran = (n: number, pkId: string, urutan: number) =>
  sasaranSchema.parse({ id: id(200 + n), pkId, opdId: OPD, uraian: `Sasaran ${n}`, urutan, updatedAt: T });
const ind = (n: number, pkId: string, sasaranId: string, over: Partial<Indikator> = {}): Indikator =>
  indikatorSchema.parse({
    id: id(300 + n),
    pkId,
    sasaranId,
    opdId: OPD,
    uraian: `Indikator ${n}`,
    satuan: 'unit',
    polaritas: 'naik',
    agregasi: 'kumulatif',
    targetTahunan: 100,
    updatedAt: T,
    ...over,
  });
const real = (indikatorId: string, periode: Realisasi['periode'], nilai: number | null, tdi = false): Realisasi =>
  realisasiSchema.parse({
    id: idAlami.realisasi(indikatorId, periode),
    indikatorId,
    opdId: OPD,
    tahun: 2026,
    periode,
    nilai,
    tdi,
    alasanTdi: tdi ? 'x' : '',
    updatedAt: T,
  });

describe('susunGrid', () => {
  const v1 = pk(1);
  const v2 = pk(2, { berlakuMulaiTriwulan: 3, pkSebelumnyaId: v1.id });
  const s1 = sasaran(1, v1.id, 1);
  const s0 = sasaran(2, v1.id, 0);
  const a = ind(1, v1.id, s1.id, { urutan: 1 });
  const b = ind(2, v1.id, s1.id, { urutan: 0, targetMilestone: { '100H': 10 } });
  const c = ind(3, v1.id, s0.id);
  const s2 = sasaran(3, v2.id, 0);
  const a2 = ind(4, v2.id, s2.id, { indikatorAsalId: a.id, targetTriwulan: [20, 40, 60, 100] });
  const data = {
    ...DATA_KOSONG,
    pk: [v1, v2],
    sasaran: [s1, s0, s2],
    indikator: [a, b, c, a2],
    realisasi: [real(a.id, 'TW1', 10), real(a.id, 'TW2', 15), real(a2.id, 'TW3', 20), real(c.id, 'TW1', null, true)],
  };

  it('groups the indicators of the PK in force by sasaran order and numbers them', () => {
    const g = susunGrid(data, OPD, 2026, 'TW2');
    expect(g.pk?.id).toBe(v1.id);
    expect(g.kelompok.map((k) => k.sasaran.id)).toEqual([s0.id, s1.id]);
    expect(g.kelompok[1]?.baris.map((r) => [r.nomor, r.indikator.id])).toEqual([
      ['2.1', b.id],
      ['2.2', a.id],
    ]);
    expect(g.milestone).toEqual(['100H']);
  });

  it('uses the amendment from TW3 and carries earlier quarters through lineage', () => {
    const g = susunGrid(data, OPD, 2026, 'TW3');
    expect(g.pk?.id).toBe(v2.id);
    const row = g.kelompok[0]?.baris[0];
    expect(row?.indikator.id).toBe(a2.id);
    expect(row?.target).toBe(60);
    expect(row?.perTriwulan.map((r) => r?.nilai ?? null)).toEqual([10, 15, 20, null]);
    expect(row?.rec?.nilai).toBe(20);
  });

  it('milestone periods list only indicators with that milestone target', () => {
    const g = susunGrid(data, OPD, 2026, '100H');
    expect(g.kelompok.flatMap((k) => k.baris.map((r) => r.indikator.id))).toEqual([b.id]);
    expect(g.kelompok.flatMap((k) => k.baris)[0]?.target).toBe(10);
  });

  it('no PK → no rows', () => {
    expect(susunGrid(DATA_KOSONG, OPD, 2026, 'TW1')).toEqual({ pk: null, kelompok: [], milestone: [] });
  });
});

describe('hitungBaris', () => {
  const v1 = pk(1);
  const base = { nomor: '1.1', rec: null, idRealisasi: id(999) };
  const now = new Date('2026-11-23T00:00:00Z');
  const n = (nilai: number | null) => ({ nilai, tdi: false, alasanTdi: '' });
  it('aggregates cumulatively with earlier quarters against the target, live value replacing the stored one', () => {
    const b = { ...base, indikator: ind(1, v1.id, id(1)), target: 100, perTriwulan: [n(30), n(20), n(1), null] };
    const h = hitungBaris(b, 'TW3', 2026, '2026-01-01', n(41), now);
    expect(h.realisasi).toBe(91);
    // No quarterly targets: s.d. TW III against 3/4 of the annual 100 (docs/domain/target-capaian.md §Triwulan).
    expect(h.target).toBe(75);
    expect(h.jenisTarget).toBe('proporsional');
    expect(h.capaian).toBeCloseTo(121.333, 2);
    expect(h.predikat.kode).toBe('sangat-tinggi');
  });
  it('"akhir" uses the latest value; turun polarity', () => {
    const b = {
      ...base,
      indikator: ind(1, v1.id, id(1), { agregasi: 'akhir', polaritas: 'turun', targetTahunan: 10 }),
      target: 10,
      perTriwulan: [n(12), null, null, null],
    };
    const h = hitungBaris(b, 'TW2', 2026, '2026-01-01', n(11), now);
    expect(h.realisasi).toBe(11);
    expect(h.capaian).toBe(90);
    // A point-in-time indicator before TW IV: progress toward the annual target, without predikat.
    expect(h.status).toBe('progres');
    expect(h.predikat.kode).toBe('tidak-ada');
  });
  it('empty value → belum diisi; TDI → flagged with predikat of 0', () => {
    const b = { ...base, indikator: ind(1, v1.id, id(1)), target: 100, perTriwulan: [n(30), null, null, null] };
    expect(hitungBaris(b, 'TW2', 2026, '2026-01-01', null, now).status).toBe('belum-diisi');
    const t = hitungBaris(b, 'TW2', 2026, '2026-01-01', { nilai: null, tdi: true, alasanTdi: 'x' }, now);
    expect(t.status).toBe('tdi');
    expect(t.predikat.kode).toBe('sangat-rendah');
  });
  it('reports why capaian cannot be computed', () => {
    const b = { ...base, indikator: ind(1, v1.id, id(1), { targetTahunan: 0 }), target: 0, perTriwulan: [null, null, null, null] };
    const h = hitungBaris(b, 'TW1', 2026, '2026-01-01', n(5), now);
    expect(h.status).toBe('tidak-terhitung');
    expect(h.alasan).not.toBe('');
    expect(h.predikat.kode).toBe('tidak-ada');
  });
  it('milestone value against the milestone target', () => {
    const b = { ...base, indikator: ind(1, v1.id, id(1), { targetMilestone: { '100H': 10 } }), target: 10, perTriwulan: [null, null, null, null] };
    expect(hitungBaris(b, '100H', 2026, '2026-01-01', n(8), now).capaian).toBe(80);
  });
});
