/**
 * Issue 17 §4/§7 (tablet push ≥ 1× PouchDB, tests/bench/tablet-push.ts): the engine sends the next
 * push batch as soon as one is answered, while that answer is applied in Dexie, instead of waiting
 * for the apply first. Answers are still applied one at a time and in order, an entry leaves the
 * outbox only with its answer, and a failed push still lets the answer before it land.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { daftarPerluAmbil, kursorPull } from '../../../src/db/tarik.ts';
import { pohonPk } from '../db/bantu.ts';
import { isiBerputar, klienBaru, serverUji } from './bantu-sync.ts';

/** Every step of the run in order: push requests sent, answers applied (start and end). */
const jejak: string[] = [];

// The apply takes a while here (as IndexedDB does on a tablet): long enough for the next request to leave meanwhile.
vi.mock('../../../src/db/outbox.ts', async (asli) => {
  const m = await asli<typeof import('../../../src/db/outbox.ts')>();
  return {
    ...m,
    terapkanHasilPush: async (...a: Parameters<typeof m.terapkanHasilPush>) => {
      const n = a[1][0]!.seq;
      jejak.push(`terapkan ${n} mulai`);
      await new Promise((ok) => setTimeout(ok, 80));
      const r = await m.terapkanHasilPush(...a);
      jejak.push(`terapkan ${n} selesai`);
      return r;
    },
  };
});

vi.setConfig({ testTimeout: 120_000 });

describe('pipelined push (issue 17 §4)', () => {
  it('the next batch leaves while the previous answer is applied; every answer applied in order; copy equals the server', async () => {
    const server = await serverUji();
    const a = klienBaru(async (i, init) => {
      if (String(i).includes('/sync/push')) jejak.push(`push`);
      return server.app.request(String(i), init);
    }, server.token);
    const pohon = await pohonPk(a.db, 'admin', 30);
    await a.mesin.sinkronSekarang();
    await isiBerputar(a.db, pohon, 450);
    const awal = Number((await a.db.outbox.orderBy('seq').first())!.seq);
    jejak.length = 0;
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
    // Three batches (200, 200, 50). The old engine: push, apply, push, apply, push, apply.
    expect(jejak).toEqual([
      'push',
      `terapkan ${awal} mulai`,
      'push',
      `terapkan ${awal} selesai`,
      `terapkan ${awal + 200} mulai`,
      'push',
      `terapkan ${awal + 200} selesai`,
      `terapkan ${awal + 400} mulai`,
      `terapkan ${awal + 400} selesai`,
    ]);
    expect(await daftarPerluAmbil(a.db)).toEqual([]);
    const res = await server.app.request('/api/v1/sync/pull?since=0&limit=5000', { headers: { Authorization: `Bearer ${server.token}` } });
    const semua = ((await res.json()) as { changes: { table: string; key: string; record: Record<string, unknown> }[] }).changes;
    expect(await kursorPull(a.db)).toBe(Math.max(...semua.map((c) => Number(c.record.rev))));
    for (const c of semua) expect(await a.db.table(c.table).get(c.key), `${c.table} ${c.key}`).toEqual(c.record);
  });

  it('a push that fails after the one before was answered: that answer still lands, the rest stays queued and goes next run', async () => {
    const server = await serverUji();
    let push = 0;
    let putus = true;
    const a = klienBaru(async (i, init) => {
      if (String(i).includes('/sync/push') && ++push === 2 && putus) throw new TypeError('Failed to fetch');
      return server.app.request(String(i), init);
    }, server.token);
    const pohon = await pohonPk(a.db, 'admin', 30);
    await a.mesin.sinkronSekarang();
    await isiBerputar(a.db, pohon, 300);
    push = 0;
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).not.toBeNull();
    // The first batch's answer was applied although the second request failed; the second batch is still queued.
    expect(await a.db.outbox.count()).toBe(100);
    putus = false;
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
    const res = await server.app.request('/api/v1/sync/pull?since=0&limit=5000', { headers: { Authorization: `Bearer ${server.token}` } });
    const semua = ((await res.json()) as { changes: { table: string; key: string; record: Record<string, unknown> }[] }).changes;
    for (const c of semua) expect(await a.db.table(c.table).get(c.key), `${c.table} ${c.key}`).toEqual(c.record);
  });
});
