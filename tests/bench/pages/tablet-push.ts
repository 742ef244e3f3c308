/**
 * In-page half of tests/bench/tablet-push.ts (loaded lazily by bench.ts, so the other benchmarks'
 * bundle stays as it was):
 * - the app: on the app's origin with the app itself not running (the page was navigated to an
 *   /api/ URL the service worker leaves alone), the signed-in user's own Dexie database; edits go
 *   through the Realisasi grid's write (views/realisasi/aksi.ts simpanNilai: record + outbox entry
 *   per edit), the push through the app's sync engine (MesinSinkron.sinkronSekarang);
 * - PouchDB (pouchdb-browser, IndexedDB adapter) with the same documents, one-shot
 *   PouchDB.replicate to a CouchDB-compatible server.
 */
import PouchDB, { type Database } from 'pouchdb-browser';
import { PantauDB } from '../../../src/db/database.ts';
import { MesinSinkron } from '../../../src/sync/engine.ts';
import { StatusSinkron } from '../../../src/sync/status.svelte.ts';
import { simpanNilai } from '../../../src/views/realisasi/aksi.ts';
import { KEY_SESI } from '../../../src/lib/sesi.svelte.ts';
import type { Realisasi } from '../../../src/domain/schemas.ts';

type Rec = Record<string, unknown>;

let app: { db: PantauDB; mesin: MesinSinkron; status: StatusSinkron; userId: string; opdId: string | null } | null = null;

/** Opens the signed-in user's database (as the app left it after its first sync). */
async function appBuka(): Promise<{ userId: string; opdId: string | null; outbox: number; realisasi: number }> {
  const sesi = JSON.parse(localStorage.getItem(KEY_SESI) ?? 'null') as { token: string; user: { id: string; opdId: string | null } } | null;
  if (!sesi) throw new Error('no session in localStorage');
  const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('pantau-kinerja-'));
  if (!name) throw new Error('the app has no database in this page');
  const db = new PantauDB(name);
  await db.open();
  const token = sesi.token;
  // The engine is only run by hand here: no SSE, no timer, no trigger on writes.
  const status = new StatusSinkron();
  const mesin = new MesinSinkron({ db, baseUrl: '', getToken: () => token, buatSumberPeristiwa: null, intervalMs: 0, status });
  app = { db, mesin, status, userId: sesi.user.id, opdId: sesi.user.opdId };
  return { userId: sesi.user.id, opdId: sesi.user.opdId, outbox: await db.outbox.count(), realisasi: await db.realisasi.count() };
}

/**
 * The realisasi of `tahun` the benchmark edits (not deleted, not TDI; an operator's own OPD's), in a
 * fixed order; at most `maks` of them when `maks` > 0.
 */
async function appBaris(tahun: number, maks = 0): Promise<Realisasi[]> {
  if (!app) throw new Error('appBuka first');
  const { db, opdId } = app;
  const semua = (opdId ? await db.realisasi.where('opdId').equals(opdId).toArray() : await db.realisasi.toArray()) as Realisasi[];
  const baris = semua.filter((r) => r.tahun === tahun && !r.deleted && !r.tdi).sort((a, b) => (a.id < b.id ? -1 : 1));
  return maks > 0 ? baris.slice(0, maks) : baris;
}

/**
 * `n` edits through the grid's write path, cycling over the OPD's editable realisasi of `tahun`
 * (each a new value). Returns the records as stored after each edit (PouchDB gets the same JSON).
 */
async function appTulis(n: number, tahun: number, putaran: number, maks = 0) {
  if (!app) throw new Error('appBuka first');
  const { db, userId } = app;
  const baris = await appBaris(tahun, maks);
  if (!baris.length) throw new Error(`no editable realisasi of ${tahun}`);
  const hasil: Rec[] = [];
  const tw0 = performance.now();
  for (let i = 0; i < n; i++) {
    const r = baris[i % baris.length]!;
    const nilai = Math.round((100 + putaran * 10 + i / 1000) * 1000) / 1000;
    hasil.push((await simpanNilai(db, { id: r.indikatorId, opdId: r.opdId }, r.tahun, r.periode, nilai, userId)) as unknown as Rec);
  }
  return { records: hasil, distinct: new Set(hasil.map((r) => r.id)).size, writeMs: performance.now() - tw0, outboxBefore: await db.outbox.count() };
}

/**
 * One run of the app's sync engine. `pushMs`: the first push request starting → the end of the run
 * (every batch answered and applied, outbox empty, the pull after it, and any record fetched back);
 * `pushPhaseMs` stops where the engine moves on to its pull.
 */
async function appSinkron() {
  if (!app) throw new Error('appBuka first');
  const { db, mesin } = app;
  const klien = mesin.klien;
  const push = klien.push.bind(klien);
  const pull = klien.pull.bind(klien);
  let t0 = 0;
  let tPull = 0;
  let pushes = 0;
  let jaringanMs = 0;
  const status: Record<string, number> = {};
  klien.push = async (req) => {
    if (!t0) t0 = performance.now();
    pushes++;
    const tj = performance.now();
    const h = await push(req);
    jaringanMs += performance.now() - tj;
    if (h.jenis === 'ok') for (const x of h.respons.results) status[x.status] = (status[x.status] ?? 0) + 1;
    return h;
  };
  klien.pull = (...a) => {
    if (!tPull) tPull = performance.now();
    return pull(...a);
  };
  const tAwal = performance.now();
  await mesin.sinkronSekarang();
  const tAkhir = performance.now();
  klien.push = push;
  klien.pull = pull;
  const sisa = await db.outbox.count();
  if (app.status.current.galat) throw new Error(`sync failed: ${app.status.current.galat}`);
  return {
    outboxAfter: sisa,
    pushMs: tAkhir - t0,
    pushPhaseMs: (tPull || tAkhir) - t0,
    runMs: tAkhir - tAwal,
    pushes,
    /** Inside the push requests (request, server, answer parsed); the rest of pushMs is the tablet's own work. */
    networkMs: jaringanMs,
    status,
  };
}

type Pouch = Database<Rec>;
let pouch: { local: Pouch; remote: Pouch; revs: Map<string, string> } | null = null;

const keDoc = (r: Rec): Rec & { _id: string } => ({ ...r, _id: r.id as string });

/** A fresh IndexedDB PouchDB holding `seed` (the records as the tablet had them), replicated to `remoteUrl` (untimed). */
async function pouchSiapkan(remoteUrl: string, seed: Rec[]): Promise<{ ms: number; docs: number }> {
  const local = new PouchDB<Rec>('bench-pouch', { adapter: 'idb' });
  await local.destroy();
  const fresh = new PouchDB<Rec>('bench-pouch', { adapter: 'idb' });
  const remote = new PouchDB<Rec>(remoteUrl);
  const res = await fresh.bulkDocs(seed.map(keDoc));
  const revs = new Map<string, string>();
  for (const x of res) if ('rev' in x && x.id && x.rev) revs.set(x.id, x.rev);
  const t0 = performance.now();
  const r = await PouchDB.replicate(fresh, remote);
  pouch = { local: fresh, remote, revs };
  return { ms: performance.now() - t0, docs: r.docs_written };
}

/** The same edits as the app's round, one put each (untimed), then one one-shot push replication (timed). */
async function pouchPutaran(edits: Rec[]): Promise<{ writeMs: number; pushMs: number; docsWritten: number; docsRead: number }> {
  if (!pouch) throw new Error('pouchSiapkan first');
  const { local, remote, revs } = pouch;
  const tw0 = performance.now();
  for (const e of edits) {
    const d = keDoc(e);
    const rev = revs.get(d._id);
    const r = await local.put(rev ? { ...d, _rev: rev } : d);
    revs.set(r.id, r.rev);
  }
  const writeMs = performance.now() - tw0;
  const t0 = performance.now();
  const r = await PouchDB.replicate(local, remote);
  const pushMs = performance.now() - t0;
  if (!r.ok) throw new Error(`PouchDB replication failed: ${JSON.stringify(r.errors)}`);
  return { writeMs, pushMs, docsWritten: r.docs_written, docsRead: r.docs_read };
}

export const tabletPush = { appBuka, appBaris, appTulis, appSinkron, pouchSiapkan, pouchPutaran };
