/**
 * The built PWA the benchmarks measure. dist/ is reused when it is newer than every input of the
 * browser build; otherwise the bench builds its own copy in .tmp/bench-dist (so a stale dist/ that
 * an end-to-end run may be serving at the same moment is never emptied under it). When dist/ does
 * not exist at all it is built in place, like `npm test` does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT } from './bench.ts';

const INPUTS = ['src', 'public', 'vite.config.ts', 'package-lock.json', 'tsconfig.json'];
// Server-only and tool folders do not change the browser build.
const IGNORE = new Set(['node_modules', 'server', '.vite']);

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const e of readdirSync(path)) {
    if (IGNORE.has(e)) continue;
    newest = Math.max(newest, newestMtime(join(path, e)));
  }
  return newest;
}

let cached: { dir: string; how: string } | null = null;

/** Absolute path of an up-to-date build of the PWA, and how it was obtained (for the report). */
export function ensureDist(log: (m: string) => void): { dir: string; how: string } {
  if (cached) return cached;
  const dist = join(ROOT, 'dist');
  const built = existsSync(join(dist, 'index.html')) && existsSync(join(dist, 'sw.js')) ? statSync(join(dist, 'index.html')).mtimeMs : 0;
  const inputs = Math.max(...INPUTS.map((p) => newestMtime(join(ROOT, p))));
  if (built && built >= inputs) {
    cached = { dir: dist, how: 'reused fresh dist/' };
    return cached;
  }
  const out = built ? join(ROOT, '.tmp/bench-dist') : dist;
  log(`building the PWA into ${relative(ROOT, out)}/ (${built ? 'dist/ is older than its sources' : 'no dist/ yet'})`);
  const t0 = Date.now();
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'warn'], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  } catch (e) {
    const err = e as { stdout?: Buffer; stderr?: Buffer };
    throw new Error(`vite build failed:\n${err.stdout?.toString() ?? ''}${err.stderr?.toString() ?? ''}`, { cause: e });
  }
  cached = { dir: out, how: `built ${relative(ROOT, out)}/ in ${((Date.now() - t0) / 1000).toFixed(1)} s` };
  return cached;
}
