import { describe, expect, it } from 'vitest';
import { dbBaru } from './bantu.ts';
import { ambilBatch, clientIdDari, pulihkanCelah, terapkanHasilPush } from '../../../src/db/outbox.ts';
import { daftarPerluAmbil } from '../../../src/db/tarik.ts';
import type { OutboxEntry } from '../../../src/db/database.ts';
import { idBaru } from '../../../src/domain/schemas.ts';

const KEY = idBaru();
const entri = (seq: number, isi = 'x'): OutboxEntry => ({ id: idBaru(), seq, table: 'opd', key: KEY, op: 'put', fields: { catatan: isi }, baseRev: 0, at: '' });

describe('outbox', () => {
  it('batches at most 200 mutations and about 1 MiB, oldest first, never empty', async () => {
    const db = dbBaru();
    await db.outbox.bulkAdd(Array.from({ length: 250 }, (_, i) => entri(i + 1)));
    const b = await ambilBatch(db);
    expect(b).toHaveLength(200);
    expect(b[0]!.seq).toBe(1);
    await db.outbox.clear();
    await db.outbox.bulkAdd(Array.from({ length: 30 }, (_, i) => entri(i + 1, 'y'.repeat(100_000))));
    const besar = await ambilBatch(db);
    expect(besar.length).toBeGreaterThan(5);
    expect(besar.length).toBeLessThan(11);
    expect(JSON.stringify(besar).length).toBeLessThan(1024 * 1024);
    await db.outbox.clear();
    await db.outbox.add(entri(1, 'z'.repeat(2_000_000)));
    expect(await ambilBatch(db)).toHaveLength(1);
  });

  it('keeps one client id per database', async () => {
    const db = dbBaru();
    const a = await clientIdDari(db);
    expect(await clientIdDari(db)).toBe(a);
    expect(await clientIdDari(dbBaru())).not.toBe(a);
  });

  it('push results: answered entries leave, rejections are kept, unanswered entries above lastSeq stay', async () => {
    const db = dbBaru();
    const batch = [1, 2, 3, 4].map((s) => entri(s));
    await db.outbox.bulkAdd(batch);
    const keluar = await terapkanHasilPush(
      db,
      batch,
      [
        { seq: 2, status: 'applied', rev: 5 },
        { seq: 3, status: 'rejected', kode: 'izin', reason: 'Tidak berwenang' },
      ],
      3,
    );
    // seq 1 had no result but is ≤ lastSeq: acknowledged earlier. seq 4: not processed, stays.
    expect(keluar).toBe(3);
    expect((await db.outbox.toArray()).map((m) => m.seq)).toEqual([4]);
    expect((await db.penolakan.get(`opd:${KEY}`))!.reason).toBe('Tidak berwenang');
  });

  it('seq gap: drops acknowledged entries and renumbers the rest contiguously after the server', async () => {
    const db = dbBaru();
    await db.outbox.bulkAdd([3, 4, 9, 10].map((s) => entri(s)));
    await db.meta.put({ key: 'lastSeq', value: 10 });
    const urutan = (await db.outbox.orderBy('seq').toArray()).map((m) => m.id);
    expect(await pulihkanCelah(db, 4)).toBe(2);
    const sisa = await db.outbox.orderBy('seq').toArray();
    expect(sisa.map((m) => m.seq)).toEqual([5, 6]);
    expect(sisa.map((m) => m.id)).toEqual(urutan.slice(2));
    expect((await db.meta.get('lastSeq'))!.value).toBe(6);
  });

  it('seq gap with the server ahead of the local counter: the next local seq follows the server', async () => {
    const db = dbBaru();
    await db.meta.put({ key: 'lastSeq', value: 2 });
    await pulihkanCelah(db, 40);
    expect((await db.meta.get('lastSeq'))!.value).toBe(40);
  });

  it('push results whose server version no pull will bring are remembered for a fetch: conflict, or a rev not past the cursor', async () => {
    const db = dbBaru();
    const [k1, k2, k3] = [idBaru(), idBaru(), idBaru()];
    await db.meta.put({ key: 'pullRev', value: 10 });
    const batch: OutboxEntry[] = [k1, k2, k3].map((key, i) => ({ ...entri(i + 1), key }));
    await db.outbox.bulkAdd(batch);
    await terapkanHasilPush(
      db,
      batch,
      [
        { seq: 1, status: 'conflict', rev: 12, konflikIds: [idBaru()] },
        { seq: 2, status: 'applied', rev: 7 },
        { seq: 3, status: 'applied', rev: 11 },
      ],
      3,
    );
    expect((await daftarPerluAmbil(db)).map((c) => c.key).sort()).toEqual([k1, k2].sort());
  });
});
