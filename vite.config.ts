import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { VitePWA } from 'vite-plugin-pwa';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { join, posix, resolve } from 'node:path';

const akar = fileURLToPath(new URL('.', import.meta.url));
/** The output folder of the running build (set by the plugin below; `--outDir` builds elsewhere). */
let dist = join(akar, 'dist');

/**
 * What index.html loads statically (entry script, modulepreloads, stylesheets and every chunk they
 * import statically): the service worker's stage-1 "shell". Everything else in the build is marked
 * `lanjutan` and fetched by the worker right after activation (docs/offline.md §1).
 */
function berkasShell(): Set<string> {
  const html = readFileSync(join(dist, 'index.html'), 'utf8');
  const atribut = (tag: string, nama: string) => new RegExp(`\\b${nama}="([^"]+)"`).exec(tag)?.[1] ?? null;
  const tag = [...html.matchAll(/<(?:script|link)\b[^>]*>/g)].map((m) => m[0]);
  const awal = tag.map((t) => atribut(t, 'src') ?? atribut(t, 'href')).filter((u): u is string => !!u && !/^https?:/.test(u));
  const norm = (u: string) => posix.normalize(u.replace(/^\//, ''));
  const shell = new Set<string>(['index.html']);
  const antre = awal.map(norm);
  while (antre.length) {
    const f = antre.pop()!;
    if (shell.has(f)) continue;
    shell.add(f);
    if (!f.endsWith('.js')) continue;
    const kode = readFileSync(join(dist, f), 'utf8');
    for (const m of kode.matchAll(/(?:^|[;}\n\s])(?:import|export)\s*(?:[\w$*{}\s,]*?\s*from\s*)?["'`](\.{1,2}\/[^"'`]+)["'`]/g))
      antre.push(posix.normalize(posix.join(posix.dirname(f), m[1]!)));
  }
  return shell;
}

// The browser app lives in src/ (index.html included) so the top level stays small.
export default defineConfig({
  root: 'src',
  // Vite and Vitest caches go to the project's node_modules, not src/node_modules (with root: 'src'
  // the default would leave third-party source maps inside the source tree).
  cacheDir: '../node_modules/.vite',
  // Version marker shown in Pengaturan and on <html data-versi>; the update tests build twice with
  // two markers (docs/offline.md §2).
  define: { __VERSI_APLIKASI__: JSON.stringify(process.env.PANTAU_VERSI ?? '0.1.0') },
  publicDir: '../public',
  build: {
    outDir: '../dist',
    emptyOutDir: true,
    target: 'es2022',
    rolldownOptions: {
      output: {
        // Recognisable chunk names (the first-load bench reports heavy libraries by name).
        chunkFileNames: 'assets/[name]-[hash].js',
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:8080' } },
  plugins: [
    { name: 'pantau-outdir', configResolved: (c) => void (dist = resolve(c.root, c.build.outDir)) },
    {
      // write-excel-file zips through fflate's async `zip`, which spawns a blob: Worker that the CSP
      // (worker-src 'self') blocks and never reports: the XLSX export hung. It gets a `zip` that runs
      // `zipSync` instead (src/reports/zip-sinkron.ts). Node (unit tests) keeps fflate as it is.
      name: 'pantau-zip-sinkron',
      enforce: 'pre',
      resolveId: (id, importer) =>
        id === 'fflate' && importer && /[\\/]write-excel-file[\\/]/.test(importer) ? resolve(akar, 'src/reports/zip-sinkron.ts') : null,
    },
    svelte(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: '.',
      filename: 'sw.ts',
      registerType: 'prompt',
      injectRegister: false,
      manifest: false,
      injectManifest: {
        // EVERY file of the build: what the app can load must be there offline (docs/offline.md §1).
        globPatterns: ['**/*.{js,css,html,svg,png,ico,webmanifest,woff,woff2,ttf,otf,json,wasm}'],
        globIgnores: ['sw.js'],
        // The PDF fonts are ~1 MB; nothing else comes close.
        maximumFileSizeToCacheInBytes: 8 * 1024 * 1024,
        manifestTransforms: [
          (entri) => {
            const shell = berkasShell();
            const luar = (u: string) => !shell.has(u) && !/^(icons\/|manifest\.webmanifest$)/.test(u);
            return { manifest: entri.map((e) => (luar(e.url) ? { ...e, lanjutan: true } : e)) };
          },
        ],
      },
      devOptions: { enabled: false },
    }),
  ],
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          root: akar,
          include: ['tests/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'server',
          root: akar,
          include: ['tests/server/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: akar,
          include: ['tests/e2e/**/*.test.ts'],
          environment: 'node',
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
    ],
  },
});
