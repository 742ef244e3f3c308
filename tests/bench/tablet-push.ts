/**
 * A tablet's push against PouchDB's (issue 17 §4 and §7; budget "tablet push ≥ 1× PouchDB": the
 * app's push time ≤ PouchDB's for the same edits; issue 17 also: "the product wins 10× on 3G
 * through far fewer bytes — keep that lead"). In one Chromium page:
 *
 * - the app: an operator (op-disdik) signs in on a --demo server through a byte-counting proxy and
 *   completes its first sync; the page then leaves the app (an /api/ URL, so nothing else writes or
 *   syncs) and, in the same origin and database, makes EDITS realisasi edits through the Realisasi
 *   grid's own write (views/realisasi/aksi.ts simpanNilai: record + outbox entry per edit), cycling
 *   over the OPD's editable realisasi of this year (110: about 9 edits each); then the app's sync
 *   engine runs once (MesinSinkron.sinkronSekarang). Timed from the first push request to the end of
 *   the run: every batch answered and applied in Dexie (outbox empty), the pull after it and any
 *   record fetched back one by one (their count is in the note).
 * - PouchDB 9 (pouchdb-browser, IndexedDB) in the same page on the origin of a CouchDB-compatible
 *   server in this Node process (express-pouchdb over the in-memory adapter, loopback, behind its
 *   own counting proxy): the records as the tablet held them are written and replicated once
 *   (untimed), then the same edits (the very JSON the app stored after each edit, one put each,
 *   untimed) and a one-shot PouchDB.replicate push, timed from its start to its completion.
 *
 * ROUNDS rounds each, median; bytes on the wire per round (both directions, headers included). Then
 * one more round each on 3G (Chromium's network emulation, 400 kbit/s each way and 400 ms latency:
 * a shaping proxy would change the page's origin, and with it the app's database).
 * PouchDB sends only each document's newest revision while the app sends every edit (field-level
 * mutations the server merges one by one), so a second, informational case has as many documents as
 * mutations: admin edits 1.000 distinct records once each. BENCH_PROFILE=1 prints the page's CPU
 * profile (CDP Profiler) of the operator's second sync run.
 */
import type { Page } from 'playwright-core';
import { bukaBrowser } from '../e2e/harness.ts';
import { atLeast, chromiumMissing, median, round, type Benchmark, type BenchContext } from './lib/bench.ts';
import { countingProxy, type CountingProxy } from './lib/counting-proxy.ts';
import { benchPages, waitForApi, type BenchWindow } from './lib/pages.ts';
import { pouchServer } from './lib/pouch-server.ts';
import { databasePostgresBaru, DEMO_PASSWORD, serverAvailable, serverRev, SKIP_SERVER, startServer, submitLogin, waitForPullCursor } from './lib/server.ts';

const EDITS = 1000;
const ROUNDS = 3;
const OPERATOR = 'op-disdik';
const G3 = { kbps: 400, rttMs: 400 };

type Rec = Record<string, unknown>;
type Api = Awaited<ReturnType<BenchWindow['__pantauBench']['tabletPush']>>;
type AppRound = Awaited<ReturnType<Api['appTulis']>> & Awaited<ReturnType<Api['appSinkron']>>;

const api = (page: Page) => page.evaluateHandle(() => (globalThis as unknown as BenchWindow).__pantauBench.tabletPush());

/** The sampled CPU profile's heaviest functions by self time (BENCH_PROFILE=1; CDP Profiler). */
function topSelf(
  profile: { nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[]; samples?: number[]; timeDeltas?: number[] },
  n = 12,
): string {
  const self = new Map<number, number>();
  (profile.samples ?? []).forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas?.[i] ?? 0)));
  const perFn = new Map<string, number>();
  for (const node of profile.nodes) {
    const us = self.get(node.id) ?? 0;
    if (!us) continue;
    const f = node.callFrame;
    const k = `${f.functionName || '(anonymous)'} ${f.url.split('/').pop() ?? ''}:${f.lineNumber + 1}`;
    perFn.set(k, (perFn.get(k) ?? 0) + us);
  }
  return [...perFn]
    .sort((a, b) => b[1] - a[1])
    .slice(0, n)
    .map(([k, us]) => `${Math.round(us / 1000)} ms ${k}`)
    .join('; ');
}

function fmtKb(b: number): string {
  return `${round(b / 1024, 1)} KB`;
}

interface Scenario {
  user: string;
  password: string;
  /** Edit at most this many records (each once per round when EDITS ≤ records). */
  records?: number;
  /** Pouch database on the server. */
  couchDb: string;
  /** One more round on 3G. */
  g3: boolean;
}

interface Servers {
  appWire: CountingProxy;
  couchWire: CountingProxy;
  moduleUrl: string;
  rev: number;
}

type AppResult = AppRound & { bytes: number; requests: number; paths: Record<string, number> };
type PouchResult = { pushMs: number; writeMs: number; docsWritten: number; bytes: number; requests: number };

/** One user's tablet in a fresh browser: first sync, ROUNDS (+ 3G) of EDITS edits pushed by the app, then the same edits by PouchDB. */
async function scenario(ctx: BenchContext, sv: Servers, sc: Scenario): Promise<{ app: AppResult[]; pouch: PouchResult[]; distinct: number }> {
  const { appWire, couchWire } = sv;
  // The bench module is injected into the app's origin from the bench's static server (CSP bypassed for this page only).
  const br = await bukaBrowser({ bypassCSP: true });
  try {
    const { page } = br;
    await submitLogin(page, appWire.url, sc.user, sc.password);
    await waitForPullCursor(page, sv.rev);
    await page.waitForTimeout(1000); // let the app's first run finish (its SSE, its status writes)
    // Off the app, same origin and database: the service worker leaves /api/ navigations alone.
    await page.goto(`${appWire.url}/api/v1/health`);
    await waitForApi(page, sv.moduleUrl);
    const opened = await (await api(page)).evaluate((t) => t.appBuka());
    if (opened.outbox) throw new Error(`the outbox holds ${opened.outbox} entries after the first sync`);
    const tahun = new Date().getFullYear();
    const pilih = { tahun, maks: sc.records ?? 0 };
    const seed = (await (await api(page)).evaluate((t, a) => t.appBaris(a.tahun, a.maks), pilih)) as unknown as Rec[];
    ctx.log(`${sc.user}: ${opened.realisasi} realisasi on the tablet; ${EDITS} edits per round over ${seed.length} editable ones of ${tahun}`);

    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    /** Chromium's own link emulation (the page's origin and IndexedDB stay those of the loopback round). */
    const link = (g3: boolean) =>
      cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: g3 ? G3.rttMs : 0,
        downloadThroughput: g3 ? (G3.kbps * 1000) / 8 : -1,
        uploadThroughput: g3 ? (G3.kbps * 1000) / 8 : -1,
      });
    const rounds = ROUNDS + (sc.g3 ? 1 : 0);

    const app: AppResult[] = [];
    for (let i = 0; i < rounds; i++) {
      const g3 = i === ROUNDS;
      const tulis = await (await api(page)).evaluate((t, a) => t.appTulis(a.n, a.tahun, a.i, a.maks), { n: EDITS, i, ...pilih });
      await appWire.take(0);
      if (g3) await link(true);
      const profil = process.env.BENCH_PROFILE === '1' && i === 1;
      if (profil) {
        await cdp.send('Profiler.enable');
        await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
        await cdp.send('Profiler.start');
      }
      const r: AppRound = { ...tulis, ...(await (await api(page)).evaluate((t) => t.appSinkron())) };
      if (profil) {
        const { profile } = await cdp.send('Profiler.stop');
        ctx.log(`CPU profile of the sync run (self time): ${topSelf(profile)}`);
      }
      if (g3) await link(false);
      const w = await appWire.take();
      if (r.outboxAfter) throw new Error(`round ${i + 1}: ${r.outboxAfter} outbox entries left after the sync`);
      const paths: Record<string, number> = {};
      for (const q of w.requests) {
        const k = q.first.replace(/^(\S+ \/api\/v1\/[a-z]+\/[a-z]+).*$/, '$1').replace(/ HTTP\/1\.1\r?\n?$/, '');
        paths[k] = (paths[k] ?? 0) + 1;
      }
      app.push({ ...r, bytes: w.up + w.down, requests: w.requests.length, paths });
      ctx.log(
        `app round ${i + 1}${g3 ? ' (3G)' : ''}: push ${Math.round(r.pushMs)} ms to the end of the run (batches ${Math.round(r.pushPhaseMs)} ms in ${r.pushes} requests, ${Math.round(r.networkMs)} ms of it waiting on them), ${fmtKb(w.up + w.down)} in ${w.requests.length} requests ${JSON.stringify(paths)}; ${JSON.stringify(r.status)}; writes before it ${Math.round(r.writeMs)} ms`,
      );
    }

    // PouchDB, same page, on its server's origin.
    await page.goto(`${couchWire.url}/__bench`);
    await waitForApi(page);
    await couchWire.take(0);
    const seeded = await (await api(page)).evaluate((t, a) => t.pouchSiapkan(a.url, a.seed), { url: `${couchWire.url}/${sc.couchDb}`, seed });
    const seedWire = await couchWire.take();
    ctx.log(`PouchDB seeded: ${seeded.docs} docs replicated in ${Math.round(seeded.ms)} ms, ${fmtKb(seedWire.up + seedWire.down)} (untimed)`);
    const pouch: PouchResult[] = [];
    for (let i = 0; i < rounds; i++) {
      const g3 = i === ROUNDS;
      await couchWire.take(0);
      if (g3) await link(true);
      const r = await (await api(page)).evaluate((t, edits) => t.pouchPutaran(edits), app[i]!.records);
      if (g3) await link(false);
      const w = await couchWire.take();
      pouch.push({ ...r, bytes: w.up + w.down, requests: w.requests.length });
      ctx.log(
        `PouchDB round ${i + 1}${g3 ? ' (3G)' : ''}: replicate ${Math.round(r.pushMs)} ms (${r.docsWritten} docs written), ${fmtKb(w.up + w.down)} in ${w.requests.length} requests; puts before it ${Math.round(r.writeMs)} ms`,
      );
    }
    return { app, pouch, distinct: app[0]!.distinct };
  } finally {
    await br.tutup();
  }
}

const bench: Benchmark = {
  name: 'tablet-push',
  title: `a tablet pushes ${EDITS} realisasi edits (app sync engine) vs PouchDB replicate of the same edits, Chromium, loopback and 3G`,
  async run(ctx: BenchContext) {
    const noBrowser = chromiumMissing();
    if (noBrowser) return ctx.skip('tablet push vs PouchDB', noBrowser);
    if (!serverAvailable()) return ctx.skip('tablet push vs PouchDB', SKIP_SERVER);
    // On PostgreSQL, as the issue measured it (and as a pemda runs it); PGlite only when PostgreSQL is not reachable.
    const pgDb = await databasePostgresBaru();
    const diPg = 'url' in pgDb;
    if (!diPg) ctx.log(`PostgreSQL not reachable (${pgDb.alasan}): the app's server runs on PGlite`);
    const penyimpanan = diPg ? 'PostgreSQL' : 'PGlite';
    const srv = await startServer({ demo: true, ...(diPg ? { databaseUrl: pgDb.url } : {}) }, ctx.log);
    const pages = await benchPages();
    const couch = await pouchServer(pages.moduleUrl);
    const appWire = await countingProxy(Number(new URL(srv.url).port));
    const couchWire = await countingProxy(couch.port);
    try {
      const sv: Servers = { appWire, couchWire, moduleUrl: pages.moduleUrl, rev: await serverRev(srv.url) };
      const { app: appAll, pouch: pouchAll, distinct } = await scenario(ctx, sv, { user: OPERATOR, password: DEMO_PASSWORD, couchDb: 'operator', g3: true });
      const app = appAll.slice(0, ROUNDS);
      const pouch = pouchAll.slice(0, ROUNDS);
      const g3App = appAll[ROUNDS]!;
      const g3Pouch = pouchAll[ROUNDS]!;
      const appMs = median(app.map((r) => r.pushMs));
      const pouchMs = median(pouch.map((r) => r.pushMs));
      const appB = median(app.map((r) => r.bytes));
      const pouchB = median(pouch.map((r) => r.bytes));
      ctx.line({
        name: `tablet push, ${EDITS} edits (app)`,
        value: round(appMs / 1000, 3),
        unit: 's',
        budget: null,
        note: `server on ${penyimpanan}; ${OPERATOR}, ${EDITS} edits cycling over ${distinct} records; first push request → end of the sync run (outbox empty, answers applied, the pull after it, records fetched back: ${app[0]!.paths['GET /api/v1/records/realisasi'] ?? 0}); median of ${ROUNDS}: ${app.map((r) => Math.round(r.pushMs)).join('/')} ms; the ${app[0]!.pushes} push batches alone ${app.map((r) => Math.round(r.pushPhaseMs)).join('/')} ms, of which waiting on the server ${app.map((r) => Math.round(r.networkMs)).join('/')} ms (the previous answer is applied meanwhile)`,
        detail: appAll.map(({ records: _r, ...x }) => x),
      });
      ctx.line({
        name: `PouchDB push, same ${EDITS} edits`,
        value: round(pouchMs / 1000, 3),
        unit: 's',
        budget: null,
        note: `median of ${ROUNDS}: ${pouch.map((r) => Math.round(r.pushMs)).join('/')} ms, ${pouch[0]!.docsWritten} docs (their newest revisions) in ${pouch[0]!.requests} requests`,
        detail: pouchAll,
      });
      ctx.line({
        name: 'tablet push speed vs PouchDB',
        value: round(pouchMs / appMs, 2),
        unit: '×',
        budget: atLeast(1),
        note: `PouchDB time ÷ app time on loopback, the app's server on ${penyimpanan} (issue 17 budget: tablet push ≥ 1× PouchDB)`,
      });
      ctx.line({
        name: 'tablet push bytes on the wire',
        value: Math.round(appB / 1024),
        unit: 'KB',
        budget: null,
        note: `median of ${ROUNDS}, both directions incl. headers, push and the pull after it: ${app.map((r) => fmtKb(r.bytes)).join(', ')}; PouchDB ${pouch.map((r) => fmtKb(r.bytes)).join(', ')} (${round(pouchB / appB, 1)}× the app's)`,
      });
      ctx.line({ name: 'PouchDB push bytes on the wire', value: Math.round(pouchB / 1024), unit: 'KB', budget: null });
      ctx.line({
        name: `tablet push on 3G, ${EDITS} edits (app)`,
        value: round(g3App.pushMs / 1000, 2),
        unit: 's',
        budget: null,
        note: `Chromium network emulation ${G3.kbps} kbit/s each way, ${G3.rttMs} ms latency; one round: ${fmtKb(g3App.bytes)}; PouchDB ${round(g3Pouch.pushMs / 1000, 2)} s, ${fmtKb(g3Pouch.bytes)}`,
      });
      ctx.line({
        name: 'tablet push speed vs PouchDB on 3G',
        value: round(g3Pouch.pushMs / g3App.pushMs, 1),
        unit: '×',
        budget: null,
        note: 'PouchDB time ÷ app time (issue 17: "the product wins 10× on 3G through far fewer bytes — keep that lead")',
      });

      // Like for like in messages: one edit per record, so PouchDB has as many documents to send as the app has mutations.
      const d = await scenario(ctx, sv, { user: 'admin', password: srv.adminPassword, records: EDITS, couchDb: 'distinct', g3: false });
      const dApp = median(d.app.map((r) => r.pushMs));
      const dPouch = median(d.pouch.map((r) => r.pushMs));
      ctx.line({
        name: `${EDITS} distinct records: app vs PouchDB`,
        value: round(dPouch / dApp, 2),
        unit: '×',
        budget: null,
        note: `admin edits ${d.distinct} records once each (${EDITS} mutations vs ${d.pouch[0]!.docsWritten} docs): app ${d.app.map((r) => Math.round(r.pushMs)).join('/')} ms (server ${d.app.map((r) => Math.round(r.networkMs)).join('/')} ms), ${fmtKb(median(d.app.map((r) => r.bytes)))}; PouchDB ${d.pouch.map((r) => Math.round(r.pushMs)).join('/')} ms, ${fmtKb(median(d.pouch.map((r) => r.bytes)))}`,
        detail: { app: d.app.map(({ records: _r, ...x }) => x), pouch: d.pouch },
      });
    } finally {
      await appWire.close();
      await couchWire.close();
      await couch.close();
      await pages.close();
      await srv.stop();
      if (diPg) await pgDb.hapus();
    }
  },
};
export default bench;
