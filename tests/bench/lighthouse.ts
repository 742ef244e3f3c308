/**
 * Lighthouse 12 (mobile preset: Moto G power emulation, simulated slow 4G, 4× CPU slowdown) for
 * performance, accessibility and best practices against the built app served by the real server
 * (the sign-in page an anonymous visitor gets). Chromium is Debian's, started here with a remote
 * debugging port. The full report goes to bench-results/lighthouse.json.
 * Without the server yet, dist/ is served by a tiny static server and the line says so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atLeast, ROOT, chromiumMissing, CHROMIUM, type Benchmark } from './lib/bench.ts';
import { ensureDist } from './lib/dist.ts';
import { serverAvailable, startServer } from './lib/server.ts';
import { serveStatic } from './lib/static-server.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.on('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

async function startChromium(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'pantau-bench-lh-'));
  const proc: ChildProcess = spawn(
    CHROMIUM,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
      `--remote-debugging-port=${port}`,
      '--remote-debugging-address=127.0.0.1',
      `--user-data-dir=${profile}`,
      'about:blank',
    ],
    { stdio: 'ignore' },
  );
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      await new Promise<void>((done) => {
        const t = setTimeout(() => proc.kill('SIGKILL'), 5000);
        proc.once('exit', () => {
          clearTimeout(t);
          done();
        });
        proc.kill('SIGTERM');
      });
    }
    rmSync(profile, { recursive: true, force: true });
  };
  const until = Date.now() + 30_000;
  for (;;) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/json/version`);
      if (r.ok) return { port, stop };
    } catch {
      // not listening yet
    }
    if (proc.exitCode !== null || Date.now() > until) {
      await stop();
      throw new Error(`Chromium (${CHROMIUM}) did not open its debugging port`);
    }
    await new Promise((ok) => setTimeout(ok, 200));
  }
}

const bench: Benchmark = {
  name: 'lighthouse',
  title: 'Lighthouse 12 mobile: performance, accessibility, best practices of the built app',
  async run(ctx) {
    const noBrowser = chromiumMissing();
    if (noBrowser) return ctx.skip('lighthouse', noBrowser);
    const { default: lighthouse } = await import('lighthouse');
    let url: string;
    let served: string;
    let stopServer: () => Promise<void>;
    if (serverAvailable()) {
      const srv = await startServer({}, ctx.log);
      url = `${srv.url}/`;
      served = 'real server';
      stopServer = srv.stop;
    } else {
      const { dir } = ensureDist(ctx.log);
      const s = await serveStatic(dir, { fallback: 'index.html' });
      url = `${s.url}/`;
      served = 'FALLBACK: dist/ on a static server (src/server/index.ts does not exist yet)';
      stopServer = s.close;
    }
    const chrome = await startChromium();
    try {
      const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
      if (!result) throw new Error('Lighthouse returned no result');
      const lhr = result.lhr;
      mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
      writeFileSync(join(ROOT, 'bench-results/lighthouse.json'), typeof result.report === 'string' ? result.report : JSON.stringify(lhr));
      if (lhr.runtimeError) ctx.log(`runtime error: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      for (const w of lhr.runWarnings) ctx.log(`warning: ${w}`);
      for (const id of CATEGORIES) {
        const cat = lhr.categories[id];
        const score = cat?.score === null || cat?.score === undefined ? null : Math.round(cat.score * 100);
        // What keeps the score under 100: weighted audits that did not pass.
        const failing = (cat?.auditRefs ?? [])
          .filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1)
          .map((r) => `${r.id}${lhr.audits[r.id]?.displayValue ? ` (${lhr.audits[r.id]!.displayValue})` : ''}`);
        ctx.line({
          name: `lighthouse ${id}`,
          value: score,
          unit: 'score',
          budget: atLeast(95),
          note: `${served}${failing.length ? `; below full marks: ${failing.join(', ')}` : ''}`,
          detail: { failing },
        });
      }
      const m = (id: string) => lhr.audits[id]?.displayValue ?? '?';
      const lcp = lhr.audits['largest-contentful-paint']?.numericValue;
      ctx.line({
        name: 'lighthouse LCP (simulated slow 4G)',
        value: lcp === undefined ? null : Math.round(lcp / 100) / 10,
        unit: 's',
        budget: null,
        note: `FCP ${m('first-contentful-paint')}, TBT ${m('total-blocking-time')}, CLS ${m('cumulative-layout-shift')}, SI ${m('speed-index')}; report in bench-results/lighthouse.json`,
      });
    } finally {
      await chrome.stop();
      await stopServer();
    }
  },
};
export default bench;
