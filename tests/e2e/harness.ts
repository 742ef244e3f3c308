/**
 * End-to-end harness (CONTRIBUTING.md "Tests"): the real server CLI on a free port with a temporary
 * DATA_DIR serving the built dist/, and Debian Chromium with a fresh profile.
 * `npm test` builds dist/ before this project runs.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const AKAR = resolve(import.meta.dirname, '../..');

export interface ServerE2e {
  url: string;
  adminPassword: string;
  stop(): Promise<void>;
  /** Stops and starts the same server again (same port, same DATA_DIR). */
  restart(): Promise<void>;
}

function portBebas(): Promise<number> {
  return new Promise((ok, gagal) => {
    const s = createServer();
    s.unref();
    s.on('error', gagal);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

/** `batasMs`: how long the start may take (a scaled demo, `--kali 16`, loads ~150.000 records first). */
function jalankan(env: NodeJS.ProcessEnv, args: string[], batasMs = 120_000): Promise<{ proses: ChildProcess; log: () => string }> {
  return new Promise((ok, gagal) => {
    const proses = spawn(process.execPath, ['--import', 'tsx', 'src/server/index.ts', ...args], { cwd: AKAR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    let selesai = false;
    const batas = setTimeout(() => {
      if (selesai) return;
      selesai = true;
      proses.kill('SIGKILL');
      gagal(new Error(`Server tidak siap dalam ${batasMs / 1000} detik:\n${log}`));
    }, batasMs);
    const baca = (b: Buffer) => {
      log += b.toString('utf8');
      if (!selesai && /berjalan di http:\/\/localhost:\d+/.test(log)) {
        selesai = true;
        clearTimeout(batas);
        ok({ proses, log: () => log });
      }
    };
    proses.stdout?.on('data', baca);
    proses.stderr?.on('data', baca);
    proses.on('exit', (code) => {
      if (selesai) return;
      selesai = true;
      clearTimeout(batas);
      gagal(new Error(`Server berhenti (kode ${code}) sebelum siap:\n${log}`));
    });
  });
}

function hentikan(p: ChildProcess): Promise<void> {
  if (p.exitCode !== null || p.signalCode !== null) return Promise.resolve();
  return new Promise((ok) => {
    const paksa = setTimeout(() => p.kill('SIGKILL'), 10_000);
    p.once('exit', () => {
      clearTimeout(paksa);
      ok();
    });
    p.kill('SIGTERM');
  });
}

/**
 * Spawns `node --import tsx src/server/index.ts [--demo]` against dist/ (or `distDir`) on a free port.
 * The server reads the folder on every request, so replacing its contents is a deploy.
 */
export async function mulaiServer(
  opts: {
    demo?: boolean;
    /** Demo data scale (buatDemo `kali`, issue 17 §7). */ kali?: number;
    distDir?: string;
    /** Benchmarks only: serve from this PostgreSQL database instead of a fresh PGlite one. */ databaseUrl?: string;
  } = {},
): Promise<ServerE2e> {
  const dist = opts.distDir ?? join(AKAR, 'dist');
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`${dist} belum dibangun: jalankan \`npx vite build\` dulu (npm test melakukannya).`);
  const port = await portBebas();
  const dataDir = mkdtempSync(join(tmpdir(), 'pantau-e2e-data-'));
  const adminPassword = 'admin-e2e-rahasia';
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), DATA_DIR: dataDir, PANTAU_ADMIN_PASSWORD: adminPassword, DIST_DIR: dist };
  delete env.DATABASE_URL; // every run gets its own PGlite database
  if (opts.databaseUrl) env.DATABASE_URL = opts.databaseUrl;
  delete env.DEMO;
  delete env.DEMO_KALI;
  const args = opts.demo ? ['--demo', ...(opts.kali && opts.kali > 1 ? ['--kali', String(opts.kali)] : [])] : [];
  const batasMs = 120_000 + Math.max(0, (opts.kali ?? 1) - 1) * 20_000;
  let jalan = await jalankan(env, args, batasMs);
  return {
    url: `http://localhost:${port}`,
    adminPassword,
    async stop() {
      await hentikan(jalan.proses);
      rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await hentikan(jalan.proses);
      jalan = await jalankan(env, args, batasMs);
    },
  };
}

export interface BrowserE2e {
  context: BrowserContext;
  page: Page;
  tutup(): Promise<void>;
}

/** Debian Chromium with a fresh profile (its own IndexedDB, service worker and cache). */
export async function bukaBrowser(
  opts: {
    viewport?: { width: number; height: number };
    /** Extra Chromium switches. */ args?: string[];
    /** Benchmarks only: lets a measuring module from another origin into the app's page (the server's CSP allows 'self'). */
    bypassCSP?: boolean;
  } = {},
): Promise<BrowserE2e> {
  const profil = mkdtempSync(join(tmpdir(), 'pantau-e2e-profil-'));
  const context = await chromium.launchPersistentContext(profil, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    acceptDownloads: true,
    ...(opts.bypassCSP ? { bypassCSP: true } : {}),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...(opts.args ?? []),
    ],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    async tutup() {
      await context.close().catch(() => undefined);
      rmSync(profil, { recursive: true, force: true });
    },
  };
}

/**
 * Builds the app into `outDir` with the version marker `versi` (PANTAU_VERSI, shown as
 * <html data-versi>): the update tests build twice and deploy one build over the other.
 */
export function bangun(outDir: string, versi: string): void {
  execFileSync(process.execPath, [join(AKAR, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn', '--outDir', outDir, '--emptyOutDir'], {
    cwd: AKAR,
    // Not vitest's NODE_ENV=test: that would build a development bundle (no service worker).
    env: {
      ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(VITEST|NODE_ENV|TEST)/.test(k))),
      NODE_ENV: 'production',
      PANTAU_VERSI: versi,
    },
    stdio: 'inherit',
  });
}

/** A deploy: the folder the server serves now holds `dari` only (the old build's files are gone). */
export function pasangBuild(dari: string, ke: string): void {
  rmSync(ke, { recursive: true, force: true });
  cpSync(dari, ke, { recursive: true });
}
