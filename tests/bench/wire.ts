/**
 * Bytes on the wire, measured by a counting TCP proxy between Chromium and the real server, with
 * the app's own sync client (src/sync/client.ts: same headers, gzip above 1 KB) running in a
 * Chromium page of the server's origin:
 *   - one changed realisasi pushed, as the app pushes it (with the server epoch it last pulled):
 *     request + response bodies (budget ≤ 300 B), and the whole exchange with request line and headers;
 *   - one 100-change push, per change (whole exchange / 100);
 *   - an idle sync, which in the app is one pull that finds nothing: whole exchange ≤ 1 KB.
 */
import { gzipSync } from 'node:zlib';
import type { Realisasi } from '../../src/domain/schemas.ts';
import { idBaru } from '../../src/domain/schemas.ts';
import { AMBANG_GZIP } from '../../src/sync/client.ts';
import { SCHEMA_VERSION, type PushRequest } from '../../src/shared/protocol.ts';
import { bukaBrowser } from '../e2e/harness.ts';
import { atMost, chromiumMissing, type Benchmark } from './lib/bench.ts';
import { countingProxy, type Traffic } from './lib/counting-proxy.ts';
import { benchPages, waitForApi, type BenchWindow } from './lib/pages.ts';
import { login, pullAll, serverAvailable, serverRev, SKIP_SERVER, startServer } from './lib/server.ts';

const BATCH = 100;

const sum = (t: Traffic) => {
  const reqH = t.requests.reduce((n, m) => n + m.header, 0);
  const reqB = t.requests.reduce((n, m) => n + m.body, 0);
  const resH = t.responses.reduce((n, m) => n + m.header, 0);
  const resB = t.responses.reduce((n, m) => n + m.body, 0);
  return { reqH, reqB, resH, resB, bodies: reqB + resB, total: t.up + t.down, exchanges: t.requests.length, requests: t.requests, responses: t.responses };
};

const bench: Benchmark = {
  name: 'wire',
  title: 'bytes on the wire: one changed realisasi, a 100-change push, an idle sync',
  async run(ctx) {
    const noBrowser = chromiumMissing();
    if (noBrowser) return ctx.skip('bytes on the wire', noBrowser);
    if (!serverAvailable()) return ctx.skip('bytes on the wire', SKIP_SERVER);
    const srv = await startServer({ demo: true }, ctx.log);
    const port = Number(new URL(srv.url).port);
    const proxy = await countingProxy(port);
    const pages = await benchPages();
    // The measuring module comes from the bench's static server: the app's CSP (script-src 'self') is bypassed for it.
    const br = await bukaBrowser({ bypassCSP: true });
    try {
      // The admin may change any OPD's values; every role's token has the same length on the wire.
      const { token } = await login(srv.url, 'admin', srv.adminPassword);
      const realisasi = (await pullAll(srv.url, token))
        .filter((c) => c.table === 'realisasi' && c.record)
        .map((c) => ({ ...(c.record as Realisasi), rev: c.rev }));
      // Quarters of 2026 are open (2025 is locked in the demo); values that really change.
      const open = realisasi.filter((r) => r.tahun === 2026 && !r.tdi && typeof r.nilai === 'number');
      if (open.length < BATCH + 1) throw new Error(`only ${open.length} open realisasi in the demo`);

      // A page of the server's origin that is not the app (no sync engine, no service worker running):
      // a missing file's 404, which carries the headers of the app's own pages (Referrer-Policy
      // no-referrer, so its requests send no Referer, as the app's do). An API answer would not.
      await br.page.goto(`${proxy.url}/bench-bukan-aplikasi.txt`);
      await waitForApi(br.page, pages.moduleUrl);
      const clientId = idBaru();
      // The app sends the server epoch its revs belong to with every push once it has pulled (src/sync/engine.ts #push).
      const { epoch } = (await (await fetch(`${srv.url}/api/v1/health`)).json()) as { epoch: string };
      let seq = 0;
      const change = (r: Realisasi): PushRequest['mutations'][number] => ({
        seq: ++seq,
        table: 'realisasi',
        key: r.id,
        op: 'put',
        fields: { nilai: (r.nilai ?? 0) + 1 },
        baseRev: r.rev,
        at: new Date().toISOString(),
      });
      const pushInPage = (req: PushRequest) =>
        br.page.evaluate(
          async ({ token, req }) => {
            const r = await (globalThis as unknown as BenchWindow).__pantauBench.client(token).push(req);
            if (r.jenis !== 'ok') throw new Error('push: seq gap');
            return r.respons.results.map((x) => x.status);
          },
          { token, req },
        );
      await proxy.take(); // drop the page load

      // 1. One changed realisasi.
      const one: PushRequest = { clientId, schemaVersion: SCHEMA_VERSION, epoch, mutations: [change(open[0]!)] };
      const st1 = await pushInPage(one);
      const t1 = sum(await proxy.take());
      if (t1.exchanges !== 1 || st1[0] !== 'applied') throw new Error(`one change: ${t1.exchanges} exchanges, status ${st1.join(',')}`);
      const json1 = JSON.stringify(one);
      ctx.line({
        name: 'wire: 1 changed realisasi (bodies)',
        value: t1.bodies,
        unit: 'B',
        budget: atMost(300),
        note: `request ${t1.reqB} B (${json1.length} B JSON; ${json1.length > AMBANG_GZIP ? 'gzip-compressed by the client' : 'sent as is, under the client gzip threshold'}; gzip -9 would be ${gzipSync(json1, { level: 9 }).length} B) + response ${t1.resB} B`,
        detail: t1,
      });
      ctx.line({
        name: 'wire: 1 changed realisasi (with headers)',
        value: t1.total,
        unit: 'B',
        budget: null,
        note: `request headers ${t1.reqH} B, response headers ${t1.resH} B`,
      });

      // 2. A batch of 100 changes in one push (the client gzips it).
      const batch: PushRequest = { clientId, schemaVersion: SCHEMA_VERSION, epoch, mutations: open.slice(1, 1 + BATCH).map(change) };
      const stB = await pushInPage(batch);
      const tB = sum(await proxy.take());
      if (stB.some((s) => s !== 'applied')) throw new Error(`batch: ${stB.filter((s) => s !== 'applied').length} not applied`);
      ctx.line({
        name: `wire: per change in a ${BATCH}-change push`,
        value: Math.round(tB.total / BATCH),
        unit: 'B',
        budget: null,
        note: `whole exchange ${tB.total} B: request body ${tB.reqB} B gzip (JSON ${JSON.stringify(batch).length} B), response body ${tB.resB} B, headers ${tB.reqH + tB.resH} B`,
        detail: tB,
      });

      // 3. An idle sync: nothing pending, one pull that brings nothing.
      const rev = await serverRev(srv.url);
      const page = await br.page.evaluate(({ token, rev }) => (globalThis as unknown as BenchWindow).__pantauBench.client(token).pull(rev, 1000), {
        token,
        rev,
      });
      const tI = sum(await proxy.take());
      if (page.changes.length !== 0 || tI.exchanges !== 1) throw new Error(`idle sync: ${page.changes.length} changes, ${tI.exchanges} exchanges`);
      ctx.line({
        name: 'wire: idle sync (one round trip)',
        value: tI.total,
        unit: 'B',
        budget: atMost(1024),
        note: `request ${tI.reqH + tI.reqB} B (headers ${tI.reqH}), response ${tI.resH + tI.resB} B (headers ${tI.resH}, body ${tI.resB})`,
        detail: tI,
      });
    } finally {
      await br.tutup();
      await pages.close();
      await proxy.close();
      await srv.stop();
    }
  },
};
export default bench;
