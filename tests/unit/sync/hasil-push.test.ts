/**
 * Issue 17 point 4 (tablet push): the push answer is applied in one transaction with bulk IndexedDB
 * requests (not an outbox get + delete per mutation), and the pushed records' new revs are taken
 * from the answer instead of being pulled back — while the pull still brings every change someone
 * else made, also between our revs (src/db/outbox.ts `terapkanHasilPush`, docs/sync-protocol.md
 * "POST /sync/push").
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { DBCore, DBCoreTable, Middleware } from 'dexie';
import { terapkanHasilPush } from '../../../src/db/outbox.ts';
import { daftarPerluAmbil, KEY_EPOCH, KEY_KURSOR, KEY_TARIK_ULANG, kursorPull } from '../../../src/db/tarik.ts';
import type { OutboxEntry, PantauDB } from '../../../src/db/database.ts';
import { simpan } from '../../../src/db/repo.ts';
import { idAlami, idBaru } from '../../../src/domain/schemas.ts';
import type { MutationResult } from '../../../src/shared/protocol.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import { dbBaru, pohonPk } from '../db/bantu.ts';
import { isiBerputar, klienBaru, serverUji } from './bantu-sync.ts';

// A real server per test below (password hashing, migrations): slow on a busy machine, never timed.
vi.setConfig({ testTimeout: 120_000 });

/** Counts IndexedDB requests and transactions made through Dexie (a DBCore middleware). */
function pasangPenghitung(db: PantauDB): { permintaan: number; transaksi: number } {
  const n = { permintaan: 0, transaksi: 0 };
  const penghitung: Middleware<DBCore> = {
    stack: 'dbcore',
    name: 'penghitung-uji',
    create: (bawah) => ({
      ...bawah,
      transaction: (...a: Parameters<DBCore['transaction']>) => {
        n.transaksi++;
        return bawah.transaction(...a);
      },
      table: (nama: string): DBCoreTable => {
        const t = bawah.table(nama);
        return {
          ...t,
          get: (r) => (n.permintaan++, t.get(r)),
          getMany: (r) => (n.permintaan++, t.getMany(r)),
          mutate: (r) => (n.permintaan++, t.mutate(r)),
          query: (r) => (n.permintaan++, t.query(r)),
          openCursor: (r) => (n.permintaan++, t.openCursor(r)),
          count: (r) => (n.permintaan++, t.count(r)),
        };
      },
    }),
  };
  db.use(penghitung);
  return n;
}

const EPOCH = idBaru();
const WAKTU_SERVER = '2026-11-30T03:00:00.000Z';

/** `n` local OPD records (rev 0) each with one pending put, cursor at `kursor`, epoch stored. */
async function tabletDenganAntrean(db: PantauDB, n: number, kursor: number) {
  const keys = Array.from({ length: n }, () => idBaru());
  await db.opd.bulkPut(
    keys.map((id, i) => ({ id, rev: 0, deleted: false, updatedAt: '2026-11-30T10:00:00+07:00', updatedBy: 'op', nama: `OPD ${i}` }) as never),
  );
  const batch: OutboxEntry[] = keys.map((key, i) => ({
    id: idBaru(),
    seq: i + 1,
    table: 'opd',
    key,
    op: 'put',
    fields: { nama: `OPD ${i}` },
    baseRev: 0,
    at: '',
  }));
  await db.outbox.bulkAdd(batch);
  await db.meta.bulkPut([
    { key: KEY_KURSOR, value: kursor },
    { key: KEY_EPOCH, value: EPOCH },
    { key: 'lastSeq', value: n },
  ]);
  return { keys, batch };
}

const diterapkan = (batch: readonly OutboxEntry[], revAwal: number): MutationResult[] =>
  batch.map((m, i) => ({ seq: m.seq, status: 'applied', rev: revAwal + 1 + i }));

describe('applying a push answer (issue 17 §4)', () => {
  it('200 answers cost a fixed handful of IndexedDB requests in one transaction, not a get and a delete each', async () => {
    const db = dbBaru();
    const n = pasangPenghitung(db); // before the database opens: Dexie builds its stack then
    const { batch } = await tabletDenganAntrean(db, 200, 10);
    n.permintaan = n.transaksi = 0;
    const keluar = await terapkanHasilPush(db, batch, diterapkan(batch, 10), 200, new Date(), { revAwal: 10, rev: 210, updatedAt: WAKTU_SERVER, epoch: EPOCH });
    expect(keluar).toBe(200);
    expect(n.transaksi).toBe(1);
    // The old code made 2 requests per mutation (400 here) before anything else.
    expect(n.permintaan).toBeLessThanOrEqual(20);
    expect(await db.outbox.count()).toBe(0);
  });

  it('takes the revs and the server time from the answer and moves the cursor past its own push', async () => {
    const db = dbBaru();
    const { keys, batch } = await tabletDenganAntrean(db, 5, 10);
    await terapkanHasilPush(db, batch, diterapkan(batch, 10), 5, new Date(), { revAwal: 10, rev: 15, updatedAt: WAKTU_SERVER, epoch: EPOCH });
    const lokal = await db.opd.bulkGet(keys);
    expect(lokal.map((r) => r?.rev)).toEqual([11, 12, 13, 14, 15]);
    expect(lokal.every((r) => r?.updatedAt === WAKTU_SERVER)).toBe(true);
    expect(await kursorPull(db)).toBe(15);
    expect(await daftarPerluAmbil(db)).toEqual([]);
  });

  it('someone else wrote between the cursor and the push (revAwal ≠ cursor): revs are taken, the cursor stays for the pull', async () => {
    const db = dbBaru();
    const { keys, batch } = await tabletDenganAntrean(db, 3, 10);
    await terapkanHasilPush(db, batch, diterapkan(batch, 14), 3, new Date(), { revAwal: 14, rev: 17, updatedAt: WAKTU_SERVER, epoch: EPOCH });
    expect((await db.opd.bulkGet(keys)).map((r) => r?.rev)).toEqual([15, 16, 17]);
    expect(await kursorPull(db)).toBe(10);
  });

  it('a merged answer, a konflik made, another epoch or a re-pull under way: the cursor stays', async () => {
    const kasus: { nama: string; ubah: (r: MutationResult[]) => MutationResult[]; epoch?: string; ulang?: boolean }[] = [
      { nama: 'merged', ubah: (r) => r.map((x, i) => (i === 1 ? { ...x, status: 'merged' } : x)) as MutationResult[] },
      {
        nama: 'conflict',
        ubah: (r) => r.map((x, i) => (i === 1 ? { seq: x.seq, status: 'conflict', rev: 0, konflikIds: [idBaru()] } : x)) as MutationResult[],
      },
      { nama: 'epoch', ubah: (r) => r, epoch: idBaru() },
      { nama: 'tarik ulang', ubah: (r) => r, ulang: true },
    ];
    for (const k of kasus) {
      const db = dbBaru();
      const { keys, batch } = await tabletDenganAntrean(db, 3, 10);
      if (k.ulang) await db.meta.put({ key: KEY_TARIK_ULANG, value: { epoch: EPOCH, epochRev: 0 } });
      await terapkanHasilPush(db, batch, k.ubah(diterapkan(batch, 10)), 3, new Date(), {
        revAwal: 10,
        rev: 13,
        updatedAt: WAKTU_SERVER,
        epoch: k.epoch ?? EPOCH,
      });
      expect(await kursorPull(db), k.nama).toBe(10);
      // The merged record is not the server's: it keeps its old rev so the pull's version applies.
      if (k.nama === 'merged') expect((await db.opd.get(keys[1]!))?.rev).toBe(0);
      if (k.nama === 'merged') expect((await db.opd.get(keys[0]!))?.rev).toBe(11);
      if (k.ulang || k.epoch) expect((await db.opd.bulkGet(keys)).map((r) => r?.rev)).toEqual([0, 0, 0]);
    }
  });

  it('a record edited again meanwhile keeps its local copy and is fetched later; a deleted one becomes its tombstone', async () => {
    const db = dbBaru();
    const { keys, batch } = await tabletDenganAntrean(db, 2, 10);
    // keys[0] typed again during the push (a later outbox entry); keys[1] was a delete.
    await db.outbox.add({ id: idBaru(), seq: 3, table: 'opd', key: keys[0]!, op: 'put', fields: { nama: 'lagi' }, baseRev: 0, at: '' });
    await db.opd.update(keys[1]!, { deleted: true, kode: '1.01', opdId: 'x' } as never);
    batch[1] = { ...batch[1]!, op: 'delete', fields: {} };
    await db.outbox.put(batch[1]);
    await terapkanHasilPush(db, batch, diterapkan(batch, 10), 2, new Date(), { revAwal: 10, rev: 12, updatedAt: WAKTU_SERVER, epoch: EPOCH });
    expect((await db.opd.get(keys[0]!))?.rev).toBe(0);
    expect((await daftarPerluAmbil(db)).map((c) => c.key)).toEqual([keys[0]]);
    expect(await db.opd.get(keys[1]!)).toEqual({ id: keys[1], rev: 12, deleted: true, updatedAt: WAKTU_SERVER, updatedBy: 'op', opdId: 'x' });
    expect(await kursorPull(db)).toBe(12);
  });

  it('a konflik resolution, applied or refused, has its record fetched again and never trusted', async () => {
    for (const status of ['applied', 'rejected'] as const) {
      const db = dbBaru();
      const { keys, batch } = await tabletDenganAntrean(db, 1, 10);
      const konflikId = idBaru();
      await db.konflik.put({ id: konflikId, rev: 5, tabel: 'opd', recordId: keys[0]!, field: 'nama', status: 'terbuka' } as never);
      const resolusi: OutboxEntry = {
        id: idBaru(),
        seq: 2,
        table: 'konflik',
        key: konflikId,
        op: 'put',
        fields: { status: 'selesai', penyelesaian: 'masuk' },
        baseRev: 5,
        at: '',
      };
      await db.outbox.add(resolusi);
      const hasil: MutationResult[] = [
        { seq: 1, status: 'applied', rev: 11 },
        status === 'applied' ? { seq: 2, status: 'applied', rev: 13 } : { seq: 2, status: 'rejected', kode: 'konflik', reason: 'Sudah diselesaikan' },
      ];
      await terapkanHasilPush(db, [...batch, resolusi], hasil, 2, new Date(), { revAwal: 10, rev: 13, updatedAt: WAKTU_SERVER, epoch: EPOCH });
      expect(
        (await daftarPerluAmbil(db)).map((c) => `${c.table}:${c.key}`),
        status,
      ).toEqual([`opd:${keys[0]}`]);
      expect((await db.opd.get(keys[0]!))?.rev, status).toBe(0);
      expect(await kursorPull(db), status).toBe(10);
    }
  });

  it('a record whose edits span two batches of one run is stored at its last answer, not fetched again', async () => {
    for (const lanjut of ['applied', 'merged', 'tanpa-ingatan'] as const) {
      const db = dbBaru();
      const { keys, batch } = await tabletDenganAntrean(db, 2, 10);
      // keys[0] typed twice: its second edit is in the next batch (the push sends 200 at a time).
      const kedua: OutboxEntry = { id: idBaru(), seq: 3, table: 'opd', key: keys[0]!, op: 'put', fields: { nama: 'lagi' }, baseRev: 0, at: '' };
      await db.outbox.add(kedua);
      await db.opd.update(keys[0]!, { nama: 'lagi' });
      const ditahan = lanjut === 'tanpa-ingatan' ? undefined : new Set<string>();
      await terapkanHasilPush(db, batch, diterapkan(batch, 10), 2, new Date(), { revAwal: 10, rev: 12, updatedAt: WAKTU_SERVER, epoch: EPOCH }, ditahan);
      // Held back while its later edit waits (a run cut here fetches it later), like before.
      expect((await db.opd.get(keys[0]!))?.rev, lanjut).toBe(0);
      expect(
        (await daftarPerluAmbil(db)).map((c) => c.key),
        lanjut,
      ).toEqual([keys[0]]);
      const status = lanjut === 'merged' ? 'merged' : 'applied';
      await terapkanHasilPush(
        db,
        [kedua],
        [{ seq: 3, status, rev: 13 }],
        3,
        new Date(),
        { revAwal: 12, rev: 13, updatedAt: WAKTU_SERVER, epoch: EPOCH },
        ditahan,
      );
      if (lanjut === 'applied') {
        // The old code fetched it again (one GET per such record: 110 for 1.000 edits over 110 records).
        expect(await db.opd.get(keys[0]!)).toMatchObject({ rev: 13, nama: 'lagi', updatedAt: WAKTU_SERVER });
        expect(await daftarPerluAmbil(db)).toEqual([]);
        expect(ditahan?.size).toBe(0);
      } else {
        // A merged answer, or no memory of this run (an older caller): fetched, never trusted.
        expect((await db.opd.get(keys[0]!))?.rev, lanjut).toBe(0);
        expect(
          (await daftarPerluAmbil(db)).map((c) => c.key),
          lanjut,
        ).toEqual([keys[0]]);
      }
    }
  });

  it('a record remembered before this run (a conflict) is still fetched, even when its edits span batches', async () => {
    const db = dbBaru();
    const { keys, batch } = await tabletDenganAntrean(db, 1, 10);
    const kedua: OutboxEntry = { id: idBaru(), seq: 2, table: 'opd', key: keys[0]!, op: 'put', fields: { nama: 'lagi' }, baseRev: 0, at: '' };
    await db.outbox.add(kedua);
    const ditahan = new Set<string>();
    // First batch: the server kept its value (conflict): remembered for another reason than a hold-back.
    await terapkanHasilPush(
      db,
      batch,
      [{ seq: 1, status: 'conflict', rev: 10, konflikIds: [idBaru()] }],
      1,
      new Date(),
      { revAwal: 10, rev: 10, epoch: EPOCH },
      ditahan,
    );
    expect(ditahan.size).toBe(0);
    await terapkanHasilPush(
      db,
      [kedua],
      [{ seq: 2, status: 'applied', rev: 11 }],
      2,
      new Date(),
      { revAwal: 10, rev: 11, updatedAt: WAKTU_SERVER, epoch: EPOCH },
      ditahan,
    );
    expect((await db.opd.get(keys[0]!))?.rev).toBe(0);
    expect((await daftarPerluAmbil(db)).map((c) => c.key)).toEqual([keys[0]]);
  });

  it('two answers sharing one rev (a delete of what the server never had) are not trusted', async () => {
    const db = dbBaru();
    const { keys, batch } = await tabletDenganAntrean(db, 2, 10);
    await terapkanHasilPush(
      db,
      batch,
      [
        { seq: 1, status: 'applied', rev: 11 },
        { seq: 2, status: 'applied', rev: 11 },
      ],
      2,
      new Date(),
      { revAwal: 10, rev: 11, updatedAt: WAKTU_SERVER, epoch: EPOCH },
    );
    expect((await db.opd.bulkGet(keys)).map((r) => r?.rev)).toEqual([0, 0]);
    expect(await kursorPull(db)).toBe(10);
  });
});

describe('a tablet against the real server (issue 17 §4)', () => {
  /** A fetch to the in-process server that counts the changes pull answers carry. */
  function penghitungTarik(app: { request: (i: string, init?: RequestInit) => Response | Promise<Response> }) {
    const n = { perubahan: 0, kunci: [] as string[] };
    const fetch: FetchFn = async (i, init) => {
      const res = await app.request(String(i), init);
      if (String(i).includes('/sync/pull')) {
        const body = (await res.clone().json()) as { changes: { key: string }[] };
        n.perubahan += body.changes.length;
        n.kunci.push(...body.changes.map((c) => c.key));
      }
      return res;
    };
    return { n, fetch };
  }

  /** Every live record on the server, as a pull from 0 brings it. */
  async function isiServer(app: { request: (i: string, init?: RequestInit) => Response | Promise<Response> }, token: string) {
    const res = await app.request('/api/v1/sync/pull?since=0&limit=5000', { headers: { Authorization: `Bearer ${token}` } });
    return ((await res.json()) as { changes: { table: string; key: string; record: Record<string, unknown> }[] }).changes;
  }

  it('does not download its own pushed records again, and its copy equals the server', async () => {
    const server = await serverUji();
    const { n, fetch } = penghitungTarik(server.app);
    const a = klienBaru(fetch, server.token);
    await a.mesin.sinkronSekarang(); // the first pull: the server's epoch is known
    const pohon = await pohonPk(a.db, 'admin', 40);
    for (const ind of pohon.indikator)
      await simpan(
        a.db,
        'realisasi',
        idAlami.realisasi(ind.id, 'TW1'),
        { indikatorId: ind.id, opdId: pohon.opd.id, tahun: 2026, periode: 'TW1', nilai: 7 },
        'admin',
      );
    const dikirim = await a.db.outbox.count();
    expect(dikirim).toBeGreaterThan(80);
    n.perubahan = 0;
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
    // The old code pulled every pushed record back (one change per record written).
    expect(n.perubahan).toBe(0);
    const semua = await isiServer(server.app, server.token);
    expect(await kursorPull(a.db)).toBe(Math.max(...semua.map((c) => Number(c.record.rev))));
    for (const c of semua) expect(await a.db.table(c.table).get(c.key), `${c.table} ${c.key}`).toEqual(c.record);
  });

  it('edits of one record spread over several push batches: no record fetched back, the copy equals the server', async () => {
    const server = await serverUji();
    const ambil: string[] = [];
    const { n, fetch: hitung } = penghitungTarik(server.app);
    const fetch: FetchFn = async (i, init) => {
      if (String(i).includes('/api/v1/records/')) ambil.push(String(i));
      return hitung(i, init);
    };
    const a = klienBaru(fetch, server.token);
    const pohon = await pohonPk(a.db, 'admin', 30);
    await a.mesin.sinkronSekarang();
    // 300 edits cycling over 30 realisasi: every record has edits in both batches of 200.
    await isiBerputar(a.db, pohon, 300);
    expect(await a.db.outbox.count()).toBe(300);
    n.perubahan = 0;
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
    // The old code fetched every record whose edits spanned the two batches (30 GETs).
    expect(ambil).toEqual([]);
    expect(n.perubahan).toBe(0);
    expect(await daftarPerluAmbil(a.db)).toEqual([]);
    const semua = await isiServer(server.app, server.token);
    expect(await kursorPull(a.db)).toBe(Math.max(...semua.map((c) => Number(c.record.rev))));
    for (const c of semua) expect(await a.db.table(c.table).get(c.key), `${c.table} ${c.key}`).toEqual(c.record);
  });

  it('another tablet writes another field of a record between two batches of our run: our copy still gets it', async () => {
    const server = await serverUji();
    const fetchB: FetchFn = async (i, init) => server.app.request(String(i), init);
    const b = klienBaru(fetchB, server.token);
    let dorong = 0;
    let sela: (() => Promise<void>) | null = null;
    const fetchA: FetchFn = async (i, init) => {
      const res = await server.app.request(String(i), init);
      if (String(i).includes('/sync/push') && ++dorong === 1 && sela) await sela();
      return res;
    };
    const a = klienBaru(fetchA, server.token);
    const pohon = await pohonPk(a.db, 'admin', 30);
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    const sasaran = idAlami.realisasi(pohon.indikator[0]!.id, 'TW1');
    // 300 edits of `nilai` cycling over 30 realisasi: each record has edits in both batches of 200.
    await isiBerputar(a.db, pohon, 300);
    await b.mesin.sinkronSekarang();
    // Right after A's first batch is answered, B writes another field of one of those records.
    sela = async () => {
      sela = null;
      await b.mesin.sinkronSekarang();
      await simpan(b.db, 'realisasi', sasaran, { masalah: 'Data dari puskesmas terlambat' }, 'admin');
      await b.mesin.sinkronSekarang();
    };
    dorong = 0;
    await a.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    expect(dorong).toBeGreaterThanOrEqual(2);
    expect(a.status.current.galat).toBeNull();
    expect(await a.db.realisasi.get(sasaran)).toMatchObject({ masalah: 'Data dari puskesmas terlambat', nilai: 270 });
    for (const c of await isiServer(server.app, server.token)) expect(await a.db.table(c.table).get(c.key), `${c.table} ${c.key}`).toEqual(c.record);
  });

  it('changes another tablet made between our pushes still arrive (the cursor never jumps over them)', async () => {
    const server = await serverUji();
    const tA = penghitungTarik(server.app);
    const fetchB: FetchFn = async (i, init) => server.app.request(String(i), init);
    const a = klienBaru(tA.fetch, server.token);
    const b = klienBaru(fetchB, server.token);
    const pohon = await pohonPk(a.db, 'admin', 6);
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    // B writes (revs after A's cursor), then A pushes: A's revs come after B's.
    const [i0, i1, i2] = pohon.indikator;
    const dasar = { opdId: pohon.opd.id, tahun: 2026 };
    await simpan(b.db, 'realisasi', idAlami.realisasi(i0!.id, 'TW2'), { ...dasar, indikatorId: i0!.id, periode: 'TW2', nilai: 1 }, 'admin');
    await simpan(b.db, 'indikator', i1!.id, { uraian: 'Diubah di tablet B' }, 'admin');
    await b.mesin.sinkronSekarang();
    await simpan(a.db, 'realisasi', idAlami.realisasi(i2!.id, 'TW2'), { ...dasar, indikatorId: i2!.id, periode: 'TW2', nilai: 2 }, 'admin');
    await simpan(a.db, 'indikator', i1!.id, { satuan: 'unit' }, 'admin'); // another field of B's record: merged
    tA.n.kunci = [];
    await a.mesin.sinkronSekarang();
    expect(tA.n.kunci).toContain(idAlami.realisasi(i0!.id, 'TW2'));
    expect(await a.db.realisasi.get(idAlami.realisasi(i0!.id, 'TW2'))).toMatchObject({ nilai: 1 });
    expect(await a.db.indikator.get(i1!.id)).toMatchObject({ uraian: 'Diubah di tablet B', satuan: 'unit' });
    // Now nobody writes between: A's next push is not pulled back, B's next one is seen by A.
    await simpan(a.db, 'realisasi', idAlami.realisasi(i2!.id, 'TW3'), { ...dasar, indikatorId: i2!.id, periode: 'TW3', nilai: 3 }, 'admin');
    tA.n.kunci = [];
    await a.mesin.sinkronSekarang();
    expect(tA.n.kunci).toEqual([]);
    await b.mesin.sinkronSekarang();
    for (const t of [a, b]) {
      for (const c of await isiServer(server.app, server.token)) expect(await t.db.table(c.table).get(c.key), `${c.table} ${c.key}`).toEqual(c.record);
    }
  });
});
