/**
 * Bundles tests/bench/pages/bench.ts with Vite (a throwaway config, not the app's) into
 * .tmp/bench-pages and serves it on loopback. Chunks resolve relative to the module URL, so the
 * same bundle works in the blank bench page and injected into the app's page (CORS is open).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { build } from 'vite';
import { ROOT } from './bench.ts';
import { serveStatic, type StaticServer } from './static-server.ts';
import type { BenchApi } from '../pages/bench.ts';

const OUT = join(ROOT, '.tmp/bench-pages');
let built: Promise<void> | null = null;

function buildOnce(): Promise<void> {
  built ??= (async () => {
    await build({
      configFile: false,
      root: join(ROOT, 'tests/bench/pages'),
      base: './',
      logLevel: 'warn',
      // The sync engine's status (src/sync/status.svelte.ts) is a runes module (tablet-push).
      plugins: [svelte({ configFile: false })],
      build: {
        outDir: OUT,
        emptyOutDir: true,
        target: 'es2022',
        modulePreload: false,
        reportCompressedSize: false,
        rolldownOptions: {
          input: { bench: join(ROOT, 'tests/bench/pages/bench.ts') },
          preserveEntrySignatures: 'exports-only',
          output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', format: 'es' },
        },
      },
    });
  })();
  return built;
}

export interface BenchPages {
  /** Origin of the blank bench page (`/`), which loads the bundle. */
  url: string;
  /** URL of the bundle, for injecting into another page. */
  moduleUrl: string;
  close(): Promise<void>;
}

export async function benchPages(): Promise<BenchPages> {
  await buildOnce();
  const page =
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>bench</title><script type="module" src="/bench.js"></script></head><body></body></html>';
  const s: StaticServer = await serveStatic(OUT, { pages: { '/': page, '/favicon.ico': '' } });
  return { url: `${s.url}/`, moduleUrl: `${s.url}/bench.js`, close: s.close };
}

/** Waits until the bench API is on `window` (after loading the bench page or injecting the module). */
export async function waitForApi(page: Page, moduleUrl?: string): Promise<void> {
  if (moduleUrl) await page.addScriptTag({ url: moduleUrl, type: 'module' });
  await page.waitForFunction(() => '__pantauBench' in globalThis, undefined, { timeout: 30_000 });
}

export type { BenchApi };
/** Cast `globalThis` to this inside page.evaluate callbacks (only types cross into the page). */
export interface BenchWindow {
  __pantauBench: BenchApi;
}
