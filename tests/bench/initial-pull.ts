/**
 * Initial pull: `pimpinan` signs in through the login form on a --demo server and the app pulls the
 * whole demo kabupaten into IndexedDB. Then, in the same page, a raw Dexie bulkPut of the same
 * records into a fresh database with the same schema: the physical limit. Budget: ≥ 50 % of raw.
 *
 * The pull is timed from the app's first /sync/pull request to the moment its pull cursor reaches
 * the server's rev (sign-in and app start are reported separately in the note).
 */
import { bukaBrowser } from '../e2e/harness.ts';
import { atLeast, median, round, chromiumMissing, type Benchmark } from './lib/bench.ts';
import { benchPages, waitForApi, type BenchWindow } from './lib/pages.ts';
import { asStored, DEMO_PASSWORD, login, pullAll, serverAvailable, serverRev, SKIP_SERVER, startServer, submitLogin, waitForPullCursor } from './lib/server.ts';

const RAW_RUNS = 3;

const bench: Benchmark = {
  name: 'initial-pull',
  title: 'first sign-in pulls the demo kabupaten into IndexedDB (Chromium), vs raw bulkPut',
  // Issue 17 §7: at K = 1, 4, 16; budgets ≥ 50 % of bulkPut at every K and K=16 time ≤ 16 × K=1 + 10 %.
  scaled: true,
  async run(ctx) {
    const noBrowser = chromiumMissing();
    if (noBrowser) return ctx.skip('initial pull', noBrowser);
    if (!serverAvailable()) return ctx.skip('initial pull', SKIP_SERVER);
    const srv = await startServer({ demo: true, kali: ctx.kali }, ctx.log);
    const pages = await benchPages();
    // The raw-bulkPut module is injected into the app's page from the bench's static server; the
    // app's CSP (script-src 'self') would block it, so it is bypassed for this page only.
    const br = await bukaBrowser({ bypassCSP: true });
    try {
      const rev = await serverRev(srv.url);
      const { token } = await login(srv.url, 'pimpinan', DEMO_PASSWORD);
      const changes = await pullAll(srv.url, token);
      const stored = asStored(changes);
      const records = changes.length;

      // Per pull page: request sent → response body received (server + transfer); the rest of the
      // time between pages is the client applying the page (db/tarik.ts) and the UI reacting.
      const sent = new Map<object, { at: number; ms?: number }>();
      br.page.on('request', (r) => {
        if (r.url().includes('/api/v1/sync/pull')) sent.set(r, { at: Date.now() });
      });
      br.page.on('requestfinished', (r) => {
        const s = sent.get(r);
        if (s) s.ms = Date.now() - s.at;
      });
      const tStart = Date.now();
      await submitLogin(br.page, srv.url, 'pimpinan', DEMO_PASSWORD);
      const tClick = Date.now();
      await waitForPullCursor(br.page, rev);
      const tDone = Date.now();
      const pulls = [...sent.values()].filter((s) => s.at <= tDone);
      if (!pulls.length) throw new Error('the app made no /sync/pull request');
      const firstPull = Math.min(...pulls.map((s) => s.at));
      const pullRequests = pulls.length;
      const network = pulls.map((s) => s.ms ?? 0);
      const networkS = network.reduce((a, b) => a + b, 0) / 1000;
      const pullS = (tDone - firstPull) / 1000;

      // Recorded before the comparison below: at K = 16 the raw runs move ~100 MB into the page.
      ctx.line({
        name: 'initial pull',
        value: round(pullS, 2),
        unit: 's',
        budget: null,
        growthBudget: 'linear',
        note: `${records} records in ${pullRequests} pages: waiting on the server ${round(networkS, 1)} s, applying in the browser ${round(pullS - networkS, 1)} s; sign-in click → complete ${round((tDone - tClick) / 1000, 1)} s`,
        detail: {
          records,
          pullRequests,
          rev,
          pullS,
          networkMsPerPage: network,
          fromClickS: (tDone - tClick) / 1000,
          pageLoadAndFormS: (tClick - tStart) / 1000,
        },
      });
      // The limit, in the same page (same origin, same browser, same moment), once the UI has settled.
      await br.page.waitForTimeout(1000);
      await waitForApi(br.page, pages.moduleUrl);
      const json = JSON.stringify(stored);
      const raw: number[] = [];
      for (let i = 0; i < RAW_RUNS; i++) {
        const r = await br.page.evaluate(({ json, name }) => (globalThis as unknown as BenchWindow).__pantauBench.bulkPut(JSON.parse(json), name), {
          json,
          name: `bench-raw-pull-${i}`,
        });
        raw.push(r.ms / 1000);
      }
      const rawS = median(raw);
      // The app's apply step alone (no UI, no network) over the same pages, to locate the cost.
      const pagesOf: { changes: typeof changes; next: number }[] = [];
      for (let i = 0; i < changes.length; i += 1000)
        pagesOf.push({ changes: changes.slice(i, i + 1000), next: changes[Math.min(i + 1000, changes.length) - 1]!.rev });
      const apply = await br.page.evaluate(({ json, name }) => (globalThis as unknown as BenchWindow).__pantauBench.applyPages(JSON.parse(json), name), {
        json: JSON.stringify(pagesOf),
        name: 'bench-apply-pull',
      });
      const rate = records / pullS;
      const rawRate = records / rawS;
      ctx.line({
        name: 'initial pull rate',
        value: Math.round(rate),
        unit: 'records/s',
        budget: null,
        note: `raw bulkPut of the same records in the same page: ${Math.round(rawRate)} records/s (${round(rawS, 2)} s, median of ${RAW_RUNS})`,
      });
      ctx.line({
        name: 'pull apply only (db/tarik.ts, no UI)',
        value: round(apply.ms / 1000, 2),
        unit: 's',
        budget: null,
        note: `terapkanHalaman over the same ${pagesOf.length} pages into a fresh database, same page: ${Math.round(apply.records / (apply.ms / 1000))} records/s`,
      });
      ctx.line({ name: 'initial pull vs raw bulkPut', value: round((100 * rate) / rawRate, 1), unit: '%', budget: atLeast(50) });
    } finally {
      await br.tutup();
      await pages.close();
      await srv.stop();
    }
  },
};
export default bench;
