/**
 * Lighthouse 12 (mobile preset: Moto G power emulation, simulated slow 4G, 4× CPU slowdown) for
 * performance, accessibility and best practices against the built app served by the real server
 * (the sign-in page an anonymous visitor gets). Chromium is Debian's, started here with a remote
 * debugging port. Three runs, each figure their median (issue 17 §7); the report of the run with
 * the median performance score goes to bench-results/lighthouse.json.
 * Without the server yet, dist/ is served by a tiny static server and the line says so.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atLeast, median, ROOT, chromiumMissing, CHROMIUM, type Benchmark } from './lib/bench.ts';
import { ensureDist } from './lib/dist.ts';
import { serverAvailable, startServer } from './lib/server.ts';
import { serveStatic } from './lib/static-server.ts';

const CATEGORIES = ['performance', 'accessibility', 'best-practices'] as const;
/** Lighthouse runs per figure; each figure is their median (issue 17 §7). */
const RUNS = 3;

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
    // Chromium's helper processes may still be writing the profile just after the browser exits
    // (ENOTEMPTY crashed a run that had measured everything): retry, and a leftover temp folder
    // never fails the bench.
    try {
      rmSync(profile, { recursive: true, force: true, maxRetries: 10, retryDelay: 200 });
    } catch (e) {
      console.warn(`lighthouse: profil sementara ${profile} tidak terhapus: ${(e as Error).message}`);
    }
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
      // Median of RUNS runs per figure (issue 17 §7): one run swings by several points on a loaded machine.
      const runs: Awaited<ReturnType<typeof lighthouse>>[] = [];
      for (let i = 0; i < RUNS; i++) {
        const result = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: [...CATEGORIES] });
        if (!result) throw new Error('Lighthouse returned no result');
        if (result.lhr.runtimeError) ctx.log(`run ${i + 1}: runtime error: ${result.lhr.runtimeError.code} ${result.lhr.runtimeError.message}`);
        for (const w of result.lhr.runWarnings) ctx.log(`run ${i + 1}: warning: ${w}`);
        runs.push(result);
      }
      const skor = (r: (typeof runs)[number], id: string) => {
        const s = r?.lhr.categories[id]?.score;
        return s === null || s === undefined ? null : Math.round(s * 100);
      };
      // The report kept is the run with the median performance score.
      const urut = [...runs].sort((a, b) => (skor(a, 'performance') ?? -1) - (skor(b, 'performance') ?? -1));
      const tengah = urut[Math.floor(urut.length / 2)]!;
      const lhr = tengah.lhr;
      mkdirSync(join(ROOT, 'bench-results'), { recursive: true });
      writeFileSync(join(ROOT, 'bench-results/lighthouse.json'), typeof tengah.report === 'string' ? tengah.report : JSON.stringify(lhr));
      for (const id of CATEGORIES) {
        const cat = lhr.categories[id];
        const semua = runs.map((r) => skor(r, id));
        const ada = semua.filter((x): x is number => x !== null);
        const score = ada.length === runs.length ? median(ada) : null;
        // What keeps the score under 100 (in the median run): weighted audits that did not pass.
        const failing = (cat?.auditRefs ?? [])
          .filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1)
          .map((r) => `${r.id}${lhr.audits[r.id]?.displayValue ? ` (${lhr.audits[r.id]!.displayValue})` : ''}`);
        ctx.line({
          name: `lighthouse ${id}`,
          value: score,
          unit: 'score',
          budget: atLeast(95),
          note: `median of ${RUNS} (${semua.join(', ')}); ${served}${failing.length ? `; below full marks: ${failing.join(', ')}` : ''}`,
          detail: { runs: semua, failing },
        });
      }
      const m = (id: string) => lhr.audits[id]?.displayValue ?? '?';
      const lcps = runs.map((r) => r?.lhr.audits['largest-contentful-paint']?.numericValue).filter((x): x is number => x !== undefined);
      ctx.line({
        name: 'lighthouse LCP (simulated slow 4G)',
        value: lcps.length ? Math.round(median(lcps) / 100) / 10 : null,
        unit: 's',
        budget: null,
        note: `median of ${lcps.length}; median-performance run: FCP ${m('first-contentful-paint')}, TBT ${m('total-blocking-time')}, CLS ${m('cumulative-layout-shift')}, SI ${m('speed-index')}; report in bench-results/lighthouse.json`,
      });
    } finally {
      await chrome.stop();
      await stopServer();
    }
  },
};
export default bench;
