import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PantauDB } from '../../../src/db/database.ts';
import { buatPk, hapusSasaran, pindahkan, simpanIndikator, tambahSasaran } from '../../../src/views/pk/aksi.ts';
import { dariTeks, keTeks } from '../../../src/views/pk/target.ts';
import { bandingkanIndikator, bandingkanProgram, ringkasTarget } from '../../../src/views/pk/diff.ts';
import { idBaru, indikatorSchema, opdSchema, programSchema, type Indikator, type Program } from '../../../src/domain/schemas.ts';

describe('target text', () => {
  it('round-trips numbers and bands in id-ID', () => {
    expect(keTeks(1234.5)).toEqual({ a: '1234,5', b: '' });
    expect(keTeks([10, 20.5])).toEqual({ a: '10', b: '20,5' });
    expect(keTeks(null)).toEqual({ a: '', b: '' });
    expect(dariTeks('naik', { a: '1.234,5', b: '' })).toEqual({ ok: true, nilai: 1234.5 });
    expect(dariTeks('rentang', { a: '10', b: '20,5' })).toEqual({ ok: true, nilai: [10, 20.5] });
  });
  it('empty is allowed unless required', () => {
    expect(dariTeks('turun', { a: ' ', b: '' })).toEqual({ ok: true, nilai: null });
    expect(dariTeks('turun', { a: '', b: '' }, true)).toEqual({ ok: false, pesan: 'Target wajib diisi' });
    expect(dariTeks('rentang', { a: '', b: '' })).toEqual({ ok: true, nilai: null });
  });
  it('explains bad input in Indonesian', () => {
    expect(dariTeks('naik', { a: 'sepuluh', b: '' })).toMatchObject({ ok: false });
    expect(dariTeks('rentang', { a: '5', b: '' })).toEqual({ ok: false, pesan: 'Isi batas bawah dan batas atas' });
    expect(dariTeks('rentang', { a: '30', b: '20' })).toEqual({ ok: false, pesan: 'Batas bawah harus ≤ batas atas' });
  });
});

const T = '2026-01-02T00:00:00Z';
const PK1 = idBaru();
const PK2 = idBaru();
const S = idBaru();
const ind = (over: Partial<Indikator>): Indikator =>
  indikatorSchema.parse({
    id: idBaru(),
    pkId: PK1,
    sasaranId: S,
    opdId: idBaru(),
    uraian: 'I',
    satuan: '%',
    polaritas: 'naik',
    agregasi: 'akhir',
    targetTahunan: 10,
    updatedAt: T,
    ...over,
  });
const prog = (over: Partial<Program>): Program =>
  programSchema.parse({ id: idBaru(), pkId: PK1, opdId: idBaru(), nama: 'P', pagu: 100, updatedAt: T, ...over });

describe('version diff', () => {
  it('matches indicators through lineage and reports changed, new and removed', () => {
    const a = ind({ uraian: 'A' });
    const b = ind({ uraian: 'B' });
    const c = ind({ uraian: 'C' });
    const a2 = { ...a, id: idBaru(), pkId: PK2, indikatorAsalId: a.id, targetTahunan: 12 };
    const b2 = { ...b, id: idBaru(), pkId: PK2, indikatorAsalId: b.id };
    const d2 = ind({ uraian: 'D', pkId: PK2 });
    const beda = bandingkanIndikator({ sasaran: [], indikator: [a, b, c], program: [] }, { sasaran: [], indikator: [a2, b2, d2], program: [] });
    const per = Object.fromEntries(beda.map((x) => [(x.baru ?? x.lama)!.uraian, x]));
    expect(per.A).toMatchObject({ jenis: 'berubah', field: ['targetTahunan'] });
    expect(per.B?.jenis).toBe('tetap');
    expect(per.C?.jenis).toBe('dihapus');
    expect(per.D?.jenis).toBe('baru');
  });
  it('matches programmes by kode, else by name', () => {
    const p = prog({ kode: '1.02.01', nama: 'Lama', pagu: 100 });
    const q = prog({ nama: 'Posyandu', pagu: 50 });
    const beda = bandingkanProgram(
      { sasaran: [], indikator: [], program: [p, q] },
      {
        sasaran: [],
        indikator: [],
        program: [
          { ...p, id: idBaru(), nama: 'Baru', pagu: 150 },
          { ...q, id: idBaru(), nama: 'posyandu ' },
        ],
      },
    );
    expect(beda.map((x) => [x.jenis, x.field])).toEqual([
      ['berubah', ['nama', 'pagu']],
      ['berubah', ['nama']],
    ]);
  });
  it('formats targets compactly', () => {
    expect(ringkasTarget([1, 2], String)).toBe('1 – 2');
    expect(ringkasTarget(null, String)).toBe('–');
  });
});

describe('PK editor writes', () => {
  let db: PantauDB;
  beforeEach(async () => {
    db = new PantauDB(`uji-${idBaru()}`);
    await db.open();
  });
  afterEach(async () => {
    await db.delete();
  });
  const opd = opdSchema.parse({
    id: idBaru(),
    kode: '1.02',
    nama: 'Dinas Kesehatan',
    singkatan: 'Dinkes',
    jenis: 'dinas',
    kepala: { nama: 'dr. Sari', jabatan: 'Kepala Dinas Kesehatan' },
    updatedAt: T,
  });

  it('creates a draft PK with the OPD head as pihak pertama', async () => {
    const pk = await buatPk(db, opd, null, 2026, 'op', new Date('2026-01-05T03:00:00Z'));
    expect(pk).toMatchObject({ versi: 1, status: 'draft', tahun: 2026, tanggal: '2026-01-05', tanggalMulai: '2026-01-01' });
    expect(pk.pihakPertama.nama).toBe('dr. Sari');
    expect(await db.outbox.count()).toBe(1);
  });

  it('two quick taps on "Buat PK" (issue 9 point 7): one PK, decided inside the write transaction', async () => {
    const [a, b] = await Promise.all([buatPk(db, opd, null, 2026, 'op'), buatPk(db, opd, null, 2026, 'op')]);
    expect(a.id).toBe(b.id);
    expect(await db.pk.count()).toBe(1);
    expect(await db.outbox.count()).toBe(1);
  });

  it('reorders by renumbering only what moved, and deletes a sasaran with its indicators', async () => {
    const pk = await buatPk(db, opd, null, 2026, 'op');
    const a = await tambahSasaran(db, pk, 'A', 0, 'op');
    const b = await tambahSasaran(db, pk, 'B', 1, 'op');
    const c = await tambahSasaran(db, pk, 'C', 2, 'op');
    const sebelum = await db.outbox.count();
    await pindahkan(db, 'sasaran', [a, b, c], c.id, -1, 'op');
    expect((await db.sasaran.toArray()).sort((x, y) => x.urutan - y.urutan).map((s) => s.uraian)).toEqual(['A', 'C', 'B']);
    expect(await db.outbox.count()).toBe(sebelum + 2);
    await pindahkan(db, 'sasaran', [a, b, c], a.id, -1, 'op');
    expect(await db.outbox.count()).toBe(sebelum + 2);

    const i = await simpanIndikator(
      db,
      null,
      { pkId: pk.id, sasaranId: a.id, opdId: opd.id, uraian: 'X', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 90 },
      'op',
    );
    await hapusSasaran(db, a.id, 'op');
    expect((await db.indikator.get(i.id))?.deleted).toBe(true);
    expect((await db.sasaran.get(a.id))?.deleted).toBe(true);
  });
});

describe('PK editor target kinds (docs/domain/target-capaian.md §Menulis target)', () => {
  const OPINI = { nama: 'Opini BPK', tingkat: ['TMP', 'TW', 'WDP', 'WTP'] };
  it('takes comparisons, a directional band, a level of the scale, and keeps every digit', () => {
    expect(dariTeks('naik', { a: '≥ 85', b: '' })).toEqual({ ok: true, nilai: { op: '>=', nilai: 85 } });
    expect(dariTeks('naik', { a: '80 - 90', b: '' })).toEqual({ ok: true, nilai: [80, 90] });
    expect(dariTeks('naik', { a: 'WTP', b: '' }, false, OPINI)).toEqual({ ok: true, nilai: { tingkat: 'WTP' } });
    expect(dariTeks('naik', { a: '0,822', b: '' })).toEqual({ ok: true, nilai: 0.822 });
    expect(keTeks(0.822)).toEqual({ a: '0,822', b: '' });
    expect(keTeks({ op: '>=', nilai: 1234.5 })).toEqual({ a: '≥ 1234,5', b: '' });
  });
  it('refuses another number convention, a comparison against the direction, a level without scale', () => {
    const lain = dariTeks('naik', { a: '59.89', b: '' });
    expect(lain.ok).toBe(false);
    if (!lain.ok) expect(lain.pesan).toContain('59,89');
    expect(dariTeks('naik', { a: '≤ 2', b: '' }).ok).toBe(false);
    expect(dariTeks('naik', { a: 'WTP', b: '' }).ok).toBe(false);
  });
});
