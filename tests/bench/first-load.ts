/**
 * First-load JS: the entry script of index.html, its modulepreload links and (to be sure nothing
 * is missed) every chunk they import statically, each gzipped at level 9, summed. Also which
 * chunks the service worker precaches at install (stage 1; every other file of the build is
 * fetched in the background after activation, docs/offline.md §1), and that the heavy, rarely used
 * libraries (jsPDF, html2canvas, canvg, Chart.js) are in neither the first load nor stage 1.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join, posix } from 'node:path';
import { gzipSync, constants } from 'node:zlib';
import { atMost, round, type Benchmark } from './lib/bench.ts';
import { ensureDist } from './lib/dist.ts';

/** Heavy libraries by chunk name (vite.config.ts names chunks `[name]-[hash].js`); canvg ships as index.es.js. */
const HEAVY: { lib: string; test: (file: string, code: string) => boolean }[] = [
  { lib: 'jspdf', test: (f) => /^jspdf/i.test(f) },
  { lib: 'html2canvas', test: (f) => /^html2canvas/i.test(f) },
  { lib: 'canvg', test: (f, code) => /^canvg/i.test(f) || (/^index\.es-/.test(f) && /canvg/i.test(code)) },
  { lib: 'chart.js', test: (f) => /^chart[-.]/i.test(f) },
];

const attr = (tag: string, name: string) => new RegExp(`\\b${name}="([^"]+)"`).exec(tag)?.[1] ?? null;

/** Relative static imports of an ES chunk (`import … from "./x.js"`, `import "./x.js"`, `export … from`), not `import()`. */
function staticImports(code: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[;}\n\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g;
  for (const m of code.matchAll(re)) out.push(m[1]!);
  return out;
}

const bench: Benchmark = {
  name: 'first-load',
  title: 'gzip size of the JS loaded on first visit; precache contents; heavy libraries kept lazy',
  async run(ctx) {
    const { dir, how } = ensureDist(ctx.log);
    ctx.log(how);
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const entry = [...html.matchAll(/<script\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((t) => /type="module"/.test(t))
      .map((t) => attr(t, 'src'))
      .filter((s): s is string => !!s);
    const preload = [...html.matchAll(/<link\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((t) => /rel="modulepreload"/.test(t))
      .map((t) => attr(t, 'href'))
      .filter((s): s is string => !!s);
    const css = [...html.matchAll(/<link\b[^>]*>/g)]
      .map((m) => m[0])
      .filter((t) => /rel="stylesheet"/.test(t))
      .map((t) => attr(t, 'href'))
      .filter((s): s is string => !!s);
    if (entry.length === 0) throw new Error('no <script type="module"> in index.html');

    // Walk the static import graph from the entry; compare with what index.html preloads.
    const norm = (p: string) => posix.normalize(p.replace(/^\//, ''));
    const graph = new Set<string>();
    const queue = entry.map(norm);
    while (queue.length) {
      const f = queue.pop()!;
      if (graph.has(f)) continue;
      graph.add(f);
      const code = readFileSync(join(dir, f), 'utf8');
      for (const imp of staticImports(code)) queue.push(posix.normalize(posix.join(posix.dirname(f), imp)));
    }
    const firstLoad = new Set([...entry.map(norm), ...preload.map(norm), ...graph]);
    const missing = [...graph].filter((f) => !preload.map(norm).includes(f) && !entry.map(norm).includes(f));

    const gz = (f: string) => gzipSync(readFileSync(join(dir, f)), { level: constants.Z_BEST_COMPRESSION }).length;
    const sizes = [...firstLoad].map((f) => ({ file: basename(f), raw: readFileSync(join(dir, f)).length, gzip: gz(f) })).sort((a, b) => b.gzip - a.gzip);
    const totalGz = sizes.reduce((n, s) => n + s.gzip, 0);
    const totalRaw = sizes.reduce((n, s) => n + s.raw, 0);
    ctx.line({
      name: 'first-load JS (gzip -9)',
      value: round(totalGz / 1024, 1),
      unit: 'KB',
      budget: atMost(80),
      note: sizes.map((s) => `${s.file} ${round(s.gzip / 1024, 1)}`).join(', ') + (missing.length ? `; not preloaded: ${missing.join(', ')}` : ''),
      detail: { files: sizes, rawKB: round(totalRaw / 1024, 1), entry, preload, staticGraph: [...graph] },
    });
    const cssGz = css.map(norm).reduce((n, f) => n + gz(f), 0);
    ctx.line({ name: 'first-load CSS (gzip -9)', value: round(cssGz / 1024, 1), unit: 'KB', budget: null, note: css.map((c) => basename(c)).join(', ') });

    // Precache manifest injected by workbox (injectManifest): [{"revision":…,"url":"…"}, …].
    const sw = readFileSync(join(dir, 'sw.js'), 'utf8');
    const entri = [...sw.matchAll(/\{[^{}]*"url":"[^"]+"[^{}]*\}/g)].map((m) => m[0]);
    const urlDari = (e: string) => norm(/"url":"([^"]+)"/.exec(e)![1]!);
    const semua = [...new Set(entri.map(urlDari))];
    const precache = [...new Set(entri.filter((e) => !/"lanjutan":true/.test(e)).map(urlDari))];
    const precacheJs = precache.filter((u) => u.endsWith('.js'));
    const precacheBytes = precache.reduce((n, u) => {
      try {
        return n + readFileSync(join(dir, u)).length;
      } catch {
        return n;
      }
    }, 0);
    ctx.line({
      name: 'precache entries (stage 1, install)',
      value: precache.length,
      unit: 'files',
      budget: null,
      note: `${round(precacheBytes / 1024, 0)} KB raw; JS: ${precacheJs.map((u) => basename(u).replace(/-[\w-]{8}\.js$/, '')).join(', ')}`,
      detail: { precache },
    });
    const tanpa = readdirSync(join(dir, 'assets')).filter((f) => !semua.includes(`assets/${f}`));
    ctx.line({
      name: 'build files missing from the offline copy',
      value: tanpa.length,
      unit: 'files',
      budget: atMost(0),
      note: tanpa.length ? tanpa.join(', ') : `all ${semua.length} files cached (stage 2 after activation)`,
    });

    const allJs = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js'));
    for (const h of HEAVY) {
      const chunks = allJs.filter((f) => h.test(f, readFileSync(join(dir, 'assets', f), 'utf8')));
      const inFirst = chunks.filter((c) => firstLoad.has(`assets/${c}`));
      const inPre = chunks.filter((c) => precache.includes(`assets/${c}`));
      const bad = [...inFirst, ...inPre];
      ctx.line({
        name: `${h.lib} lazy (not first-load/stage-1 precache)`,
        value: bad.length,
        unit: 'chunks',
        budget: atMost(0),
        note:
          chunks.length === 0
            ? 'no such chunk in the build'
            : bad.length
              ? `first load: ${inFirst.join(', ') || '-'}; precache: ${inPre.join(', ') || '-'}`
              : `${chunks.join(', ')} loaded on demand only`,
      });
    }
  },
};
export default bench;
