import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PantauDB } from '../../../src/db/database.ts';
import { ValidasiError } from '../../../src/db/repo.ts';
import { idAlami, idBaru } from '../../../src/domain/schemas.ts';
import { aturTdi, simpanBanyakNilai, simpanNilai, simpanRincian } from '../../../src/views/realisasi/aksi.ts';

let db: PantauDB;
const ind = { id: idBaru(), opdId: idBaru() };
const ind2 = { id: idBaru(), opdId: ind.opdId };
beforeEach(async () => {
  db = new PantauDB(`uji-${idBaru()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('realisasi writes', () => {
  it('stores a value under the natural key with an outbox mutation', async () => {
    await simpanNilai(db, ind, 2026, 'TW3', 12.5, 'op');
    const r = await db.realisasi.get(idAlami.realisasi(ind.id, 'TW3'));
    expect(r?.nilai).toBe(12.5);
    expect(r?.tahun).toBe(2026);
    const out = await db.outbox.toArray();
    expect(out).toHaveLength(1);
    expect(out[0]?.fields).toMatchObject({ nilai: 12.5, periode: 'TW3' });
  });

  it('TDI clears the value and needs a reason', async () => {
    await simpanNilai(db, ind, 2026, 'TW1', 5, 'op');
    await expect(aturTdi(db, ind, 2026, 'TW1', '  ', 'op')).rejects.toBeInstanceOf(ValidasiError);
    expect((await db.realisasi.get(idAlami.realisasi(ind.id, 'TW1')))?.nilai).toBe(5);
    await aturTdi(db, ind, 2026, 'TW1', 'Data BPS belum terbit', 'op');
    const r = await db.realisasi.get(idAlami.realisasi(ind.id, 'TW1'));
    expect(r).toMatchObject({ tdi: true, nilai: null, alasanTdi: 'Data BPS belum terbit' });
    await expect(simpanNilai(db, ind, 2026, 'TW1', 3, 'op')).rejects.toBeInstanceOf(ValidasiError);
    await aturTdi(db, ind, 2026, 'TW1', null, 'op');
    expect((await db.realisasi.get(idAlami.realisasi(ind.id, 'TW1')))?.tdi).toBe(false);
  });

  it('pasted values land in one transaction: all or none', async () => {
    await aturTdi(db, ind2, 2026, 'TW2', 'Tidak ada survei', 'op');
    const sebelum = await db.outbox.count();
    await expect(
      simpanBanyakNilai(
        db,
        [
          { ind, nilai: 1 },
          { ind: ind2, nilai: 2 },
        ],
        2026,
        'TW2',
        'op',
      ),
    ).rejects.toBeInstanceOf(ValidasiError);
    expect(await db.realisasi.get(idAlami.realisasi(ind.id, 'TW2'))).toBeUndefined();
    expect(await db.outbox.count()).toBe(sebelum);
    await simpanBanyakNilai(db, [{ ind, nilai: 1 }], 2026, 'TW2', 'op');
    expect((await db.realisasi.get(idAlami.realisasi(ind.id, 'TW2')))?.nilai).toBe(1);
  });

  it('keeps masalah/solusi next to the value', async () => {
    await simpanNilai(db, ind, 2026, 'TW1', 7, 'op');
    await simpanRincian(db, ind, 2026, 'TW1', 'masalah', 'Anggaran terlambat', 'op');
    await simpanRincian(db, ind, 2026, 'TW1', 'solusi', 'Percepat lelang', 'op');
    expect(await db.realisasi.get(idAlami.realisasi(ind.id, 'TW1'))).toMatchObject({ nilai: 7, masalah: 'Anggaran terlambat', solusi: 'Percepat lelang' });
  });
});
