/**
 * Queued edits of one realisasi merged into one mutation (src/db/repo.ts `entriGabungan`; issue 17
 * §4 "tablet push ≥ 1× PouchDB": 1,000 edits of 110 realisasi were 1,000 mutations). Merged only
 * into a put never handed to a push (KEY_SEQ_TERKIRIM), only over puts of data entry tables, and
 * never on a database from before the rule; nothing typed is lost.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { KEY_SEQ_TERKIRIM, type PantauDB } from '../../../src/db/database.ts';
import { ambilBatch } from '../../../src/db/outbox.ts';
import { hapus, simpan } from '../../../src/db/repo.ts';
import { idAlami } from '../../../src/domain/schemas.ts';
import { dbBaru, pohonPk } from './bantu.ts';

const dibuka: PantauDB[] = [];
afterEach(async () => {
  for (const db of dibuka.splice(0)) await db.delete();
});

async function siap() {
  const db = dbBaru();
  dibuka.push(db);
  const pohon = await pohonPk(db, 'op', 3);
  // The tree is pushed: its entries were handed to a push and answered.
  await ambilBatch(db);
  await db.outbox.clear();
  const real = (i: number, periode: 'TW1' | 'TW2' = 'TW1') => idAlami.realisasi(pohon.indikator[i]!.id, periode);
  const isi = (i: number, nilai: Record<string, unknown>, periode: 'TW1' | 'TW2' = 'TW1') =>
    simpan(db, 'realisasi', real(i, periode), { indikatorId: pohon.indikator[i]!.id, opdId: pohon.opd.id, tahun: 2026, periode, ...nilai }, 'op');
  return { db, pohon, real, isi };
}

describe('merging queued edits of a realisasi', () => {
  it('edits cycling over three realisasi queue three mutations with the newest value of each field', async () => {
    const { db, real, isi } = await siap();
    for (let k = 0; k < 30; k++) await isi(k % 3, { nilai: k });
    await isi(0, { masalah: 'Data terlambat' });
    const antre = await db.outbox.orderBy('seq').toArray();
    expect(antre).toHaveLength(3);
    expect(antre.map((m) => m.key)).toEqual([real(0), real(1), real(2)]);
    expect(antre[0]!.fields).toMatchObject({ nilai: 27, masalah: 'Data terlambat' });
    expect(antre[1]!.fields).toMatchObject({ nilai: 28 });
    expect(antre[2]!.fields).toMatchObject({ nilai: 29 });
    expect(await db.realisasi.get(real(0))).toMatchObject({ nilai: 27, masalah: 'Data terlambat' });
  });

  it('never into an entry handed to a push: an edit typed while it is on its way is queued apart', async () => {
    const { db, isi } = await siap();
    await isi(0, { nilai: 1 });
    const batch = await ambilBatch(db);
    expect(batch).toHaveLength(1);
    expect((await db.meta.get(KEY_SEQ_TERKIRIM))?.value).toBe(batch[0]!.seq);
    await isi(0, { nilai: 2 });
    await isi(0, { nilai: 3 });
    const antre = await db.outbox.orderBy('seq').toArray();
    expect(antre.map((m) => m.fields.nilai)).toEqual([1, 3]);
    expect(antre[0]).toEqual(batch[0]);
  });

  it('not over an entry of another kind queued after it: an indikator edit, a delete', async () => {
    const { db, pohon, isi } = await siap();
    await isi(0, { nilai: 1 });
    await simpan(db, 'indikator', pohon.indikator[0]!.id, { uraian: 'Diubah' }, 'op');
    await isi(0, { nilai: 2 });
    expect((await db.outbox.orderBy('seq').toArray()).map((m) => m.table)).toEqual(['realisasi', 'indikator', 'realisasi']);

    await isi(2, { nilai: 9 });
    await isi(1, { nilai: 1 });
    await hapus(db, 'realisasi', idAlami.realisasi(pohon.indikator[2]!.id, 'TW1'), 'op');
    await isi(1, { nilai: 2 });
    const ekor = (await db.outbox.orderBy('seq').toArray())
      .slice(3)
      .map((m) => `${m.op} ${m.key === idAlami.realisasi(pohon.indikator[1]!.id, 'TW1') ? 'r1' : 'r2'}`);
    expect(ekor).toEqual(['put r2', 'put r1', 'delete r2', 'put r1']);
  });

  it('not after a delete of the same record, and not for tables outside the data entry ones', async () => {
    const { db, pohon, real, isi } = await siap();
    await isi(0, { nilai: 1 });
    await hapus(db, 'realisasi', real(0), 'op');
    await isi(0, { nilai: 2 });
    expect((await db.outbox.orderBy('seq').toArray()).map((m) => m.op)).toEqual(['put', 'delete', 'put']);
    await simpan(db, 'indikator', pohon.indikator[1]!.id, { uraian: 'Satu' }, 'op');
    await simpan(db, 'indikator', pohon.indikator[1]!.id, { uraian: 'Dua' }, 'op');
    expect((await db.outbox.toArray()).filter((m) => m.table === 'indikator')).toHaveLength(2);
  });

  it('without a mark: nothing merged while entries are queued (an older version may have sent them) until a push marks them', async () => {
    const { db, isi } = await siap();
    await isi(0, { nilai: 1 });
    await db.meta.delete(KEY_SEQ_TERKIRIM);
    await isi(0, { nilai: 2 });
    expect(await db.outbox.count()).toBe(2);
    expect(await db.meta.get(KEY_SEQ_TERKIRIM)).toBeUndefined();
    await ambilBatch(db);
    await isi(0, { nilai: 3 });
    await isi(0, { nilai: 4 });
    expect((await db.outbox.orderBy('seq').toArray()).map((m) => m.fields.nilai)).toEqual([1, 2, 4]);
  });

  it('without a mark and with an empty outbox (a new database): the mark is set and the next edits merge', async () => {
    const db = dbBaru();
    dibuka.push(db);
    const pohon = await pohonPk(db, 'op', 1);
    await db.outbox.clear();
    await db.meta.delete(KEY_SEQ_TERKIRIM);
    const id = idAlami.realisasi(pohon.indikator[0]!.id, 'TW1');
    for (const nilai of [1, 2, 3])
      await simpan(db, 'realisasi', id, { indikatorId: pohon.indikator[0]!.id, opdId: pohon.opd.id, tahun: 2026, periode: 'TW1', nilai }, 'op');
    const antre = await db.outbox.toArray();
    expect(antre.map((m) => m.fields.nilai)).toEqual([3]);
    expect((await db.meta.get(KEY_SEQ_TERKIRIM))?.value).toBe(antre[0]!.seq - 1);
  });

  it('keeps the first edit’s base rev and seq', async () => {
    const { db, isi } = await siap();
    const r = await isi(0, { nilai: 1 });
    const [pertama] = await db.outbox.toArray();
    await db.realisasi.update(r.id, { rev: 99 });
    await isi(0, { nilai: 2 });
    const [m] = await db.outbox.toArray();
    expect(m).toMatchObject({ seq: pertama!.seq, id: pertama!.id, baseRev: pertama!.baseRev, fields: { nilai: 2 } });
  });
});
