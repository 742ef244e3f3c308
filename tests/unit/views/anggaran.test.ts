import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PantauDB } from '../../../src/db/database.ts';
import { hapus, ValidasiError } from '../../../src/db/repo.ts';
import { idAlami, idBaru, pkSchema, programSchema, realisasiAnggaranSchema } from '../../../src/domain/schemas.ts';
import { hitungAnggaran, susunAnggaran, totalAnggaran } from '../../../src/views/anggaran/baris.ts';
import { hapusBuktiAnggaran, lampirkanBuktiAnggaran, simpanAnggaran, verifikasiBuktiAnggaran } from '../../../src/views/anggaran/aksi.ts';
import { DATA_KOSONG } from '../../../src/lib/data-opd.ts';

const OPD = idBaru();
const T = '2026-01-02T00:00:00Z';
const pj = { nama: 'A', jabatan: 'Kepala' };
const pk = pkSchema.parse({
  id: idBaru(),
  opdId: OPD,
  tahun: 2026,
  versi: 1,
  tanggal: '2026-01-02',
  tanggalMulai: '2026-01-01',
  updatedAt: T,
  pihakPertama: pj,
  pihakKedua: pj,
});
const prog = (nama: string, urutan: number) =>
  programSchema.parse({ id: idBaru(), pkId: pk.id, opdId: OPD, nama, pagu: 1_000_000, targetFisik: 80, urutan, updatedAt: T });

describe('susunAnggaran / hitung', () => {
  it('orders programmes and finds this and the previous quarter', () => {
    const a = prog('A', 1);
    const b = prog('B', 0);
    const r2 = realisasiAnggaranSchema.parse({
      id: idAlami.realisasiAnggaran(a.id, 2),
      programId: a.id,
      opdId: OPD,
      tahun: 2026,
      triwulan: 2,
      keuangan: 400_000,
      fisik: 35,
      updatedAt: T,
    });
    const g = susunAnggaran({ ...DATA_KOSONG, pk: [pk], program: [a, b], realisasiAnggaran: [r2] }, OPD, 2026, 3);
    expect(g.baris.map((x) => x.program.nama)).toEqual(['B', 'A']);
    expect(g.baris[1]?.sebelumnya?.keuangan).toBe(400_000);
    expect(g.baris[1]?.rec).toBeNull();
  });
  it('serapan, deviasi and totals', () => {
    // One definition of deviasi fisik (docs/domain/rakor.md §Deviasi fisik): rencana s.d. TWn − realisasi.
    expect(hitungAnggaran({ pagu: 1_000_000, targetFisik: 80 }, 250_000, 30, 4)).toEqual({ serapan: 25, deviasi: 50 });
    expect(hitungAnggaran({ pagu: 1_000_000, targetFisik: 80 }, 250_000, 30, 2)).toEqual({ serapan: 25, deviasi: 10 });
    expect(hitungAnggaran({ pagu: 0, targetFisik: 80 }, 10, null, 2)).toEqual({ serapan: null, deviasi: null });
    expect(
      totalAnggaran([
        { program: { pagu: 100 }, keuangan: 50 },
        { program: { pagu: 300 }, keuangan: null },
      ]),
    ).toEqual({ pagu: 400, keuangan: 50, serapan: 12.5 });
  });
});

describe('simpanAnggaran', () => {
  let db: PantauDB;
  beforeEach(async () => {
    db = new PantauDB(`uji-${idBaru()}`);
    await db.open();
  });
  afterEach(async () => {
    await db.delete();
  });
  const p = { id: idBaru(), opdId: OPD };
  it('a new quarter carries the other value forward from the previous quarter', async () => {
    await simpanAnggaran(db, p, 2026, 3, { keuangan: 500_000 }, { keuangan: 400_000, fisik: 35 }, 'op');
    expect(await db.realisasiAnggaran.get(idAlami.realisasiAnggaran(p.id, 3))).toMatchObject({ keuangan: 500_000, fisik: 35, triwulan: 3 });
    await simpanAnggaran(db, p, 2026, 3, { fisik: 50 }, { keuangan: 400_000, fisik: 35 }, 'op');
    expect(await db.realisasiAnggaran.get(idAlami.realisasiAnggaran(p.id, 3))).toMatchObject({ keuangan: 500_000, fisik: 50 });
  });
  it('refuses fisik above 100 % with an Indonesian message and keeps the stored value', async () => {
    await simpanAnggaran(db, p, 2026, 1, { fisik: 10 }, null, 'op');
    const e = await simpanAnggaran(db, p, 2026, 1, { fisik: 120 }, null, 'op').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidasiError);
    expect((e as ValidasiError).fields.fisik).toBe('Maksimal 100');
    expect((await db.realisasiAnggaran.get(idAlami.realisasiAnggaran(p.id, 1)))?.fisik).toBe(10);
  });
  it('fast entry (issue 9 point 7): Keuangan then Fisik saved before the first save finished keeps the typed Keuangan', async () => {
    // Keuangan, Tab, Fisik, Enter at full speed in an empty TW3: both saves start from a screen
    // that has seen no TW3 record. The second must not put the previous quarter's Keuangan back.
    const lalu = { keuangan: 400_000, fisik: 35 };
    await Promise.all([simpanAnggaran(db, p, 2026, 3, { keuangan: 650_000 }, lalu, 'op'), simpanAnggaran(db, p, 2026, 3, { fisik: 52 }, lalu, 'op')]);
    expect(await db.realisasiAnggaran.get(idAlami.realisasiAnggaran(p.id, 3))).toMatchObject({ keuangan: 650_000, fisik: 52 });
    // No queued put carries the previous quarter's Keuangan back (the two saves may be merged into
    // one queued put, src/db/repo.ts entriGabungan): applied in order they give what was typed.
    const puts = (await db.outbox.toArray()).filter((o) => o.key === idAlami.realisasiAnggaran(p.id, 3));
    for (const o of puts) expect(o.fields.keuangan ?? 650_000).toBe(650_000);
    expect(Object.assign({}, ...puts.map((o) => o.fields))).toMatchObject({ keuangan: 650_000, fisik: 52 });
  });
  it('a deleted quarter typed again starts from the previous quarter, not from the deleted values', async () => {
    await simpanAnggaran(db, p, 2026, 2, { keuangan: 900_000 }, { keuangan: 100_000, fisik: 10 }, 'op');
    await hapus(db, 'realisasiAnggaran', idAlami.realisasiAnggaran(p.id, 2), 'op');
    await simpanAnggaran(db, p, 2026, 2, { keuangan: 300_000 }, { keuangan: 100_000, fisik: 10 }, 'op');
    expect(await db.realisasiAnggaran.get(idAlami.realisasiAnggaran(p.id, 2))).toMatchObject({ keuangan: 300_000, fisik: 10, deleted: false });
  });
});

describe('bukti dukung of a programme (issue 15 point 1)', () => {
  let db: PantauDB;
  beforeEach(async () => {
    db = new PantauDB(`uji-${idBaru()}`);
    await db.open();
  });
  afterEach(async () => {
    await db.delete();
  });
  const p = { id: idBaru(), opdId: OPD };
  const foto = (isi: string, nama = 'kwitansi.png') => new File([isi], nama, { type: 'image/png' });

  it('an empty quarter is created with the previous quarter values, then the evidence, in order and together', async () => {
    const id = idAlami.realisasiAnggaran(p.id, 3);
    expect(await lampirkanBuktiAnggaran(db, p, 2026, 3, { keuangan: 400_000, fisik: 35 }, [foto('png-1')], 'op')).toBe('');
    expect(await db.realisasiAnggaran.get(id)).toMatchObject({ keuangan: 400_000, fisik: 35, triwulan: 3, programId: p.id });
    const bukti = await db.buktiDukung.where('[tabel+recordId]').equals(['realisasiAnggaran', id]).toArray();
    expect(bukti).toHaveLength(1);
    expect(bukti[0]).toMatchObject({ opdId: OPD, nama: 'kwitansi.png', mime: 'image/png', status: 'menunggu' });
    expect((await db.outbox.orderBy('seq').toArray()).map((o) => o.table)).toEqual(['realisasiAnggaran', 'buktiDukung']);
    expect(await db.berkasLokal.get(bukti[0]!.hash)).toMatchObject({ status: 'lokal', tabel: 'realisasiAnggaran', recordId: id });
  });

  it('a quarter already typed keeps its values and gets no extra outbox entry', async () => {
    const id = idAlami.realisasiAnggaran(p.id, 2);
    await simpanAnggaran(db, p, 2026, 2, { keuangan: 650_000, fisik: 52 }, null, 'op');
    const sebelum = await db.outbox.count();
    expect(await lampirkanBuktiAnggaran(db, p, 2026, 2, { keuangan: 1, fisik: 1 }, [foto('png-2')], 'op')).toBe('');
    expect(await db.realisasiAnggaran.get(id)).toMatchObject({ keuangan: 650_000, fisik: 52 });
    expect((await db.outbox.orderBy('seq').toArray()).slice(sebelum).map((o) => o.table)).toEqual(['buktiDukung']);
  });

  it('refuses a file of another type with an Indonesian reason and stores nothing; removes and verifies', async () => {
    const id = idAlami.realisasiAnggaran(p.id, 1);
    expect(await lampirkanBuktiAnggaran(db, p, 2026, 1, null, [new File(['x'], 'rekap.txt', { type: 'text/plain' })], 'op')).toMatch(
      /rekap\.txt: jenis berkas tidak diterima/,
    );
    expect(await db.realisasiAnggaran.get(id)).toBeUndefined();
    expect(await db.buktiDukung.count()).toBe(0);
    await lampirkanBuktiAnggaran(db, p, 2026, 1, null, [foto('png-3')], 'op');
    const [b] = await db.buktiDukung.toArray();
    await verifikasiBuktiAnggaran(db, b!.id, 'perbaikan', 'Kwitansi buram', 'admin');
    expect(await db.buktiDukung.get(b!.id)).toMatchObject({ status: 'perbaikan', catatanVerifikasi: 'Kwitansi buram' });
    await hapusBuktiAnggaran(db, b!.id, 'op');
    expect((await db.buktiDukung.get(b!.id))?.deleted).toBe(true);
  });
});
