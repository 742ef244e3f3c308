/**
 * The Hono app (docs/architecture.md "Server"): JSON API under /api/v1 and, when `distDir` is given, the built PWA.
 * Created per test with its own database and clock; `index.ts` serves it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { compress } from 'hono/compress';
import { serveStatic } from '@hono/node-server/serve-static';
import { BatasMasuk } from './auth.ts';
import { PusatPoke } from './events.ts';
import { SyncStore } from './sync.store.ts';
import type { Db } from './db.ts';
import { authRoutes } from './auth.routes.ts';
import { galatJson as galat, type Lingkungan } from './http.ts';
import { syncRoutes } from './sync.routes.ts';

export interface OpsiApp {
  db: Db;
  /** The server clock (tests pass a fixed or moving one). */
  now?: () => Date;
  /** Folder of the built PWA; null/undefined serves the API only. */
  distDir?: string | null;
  batasMasuk?: BatasMasuk;
  poke?: PusatPoke;
  /** Newest applied migration, for /health. */
  migrasi?: number;
  /** SSE heartbeat interval (tests shorten it). */
  heartbeatMs?: number;
}

export function createApp(opsi: OpsiApp) {
  const konteks = {
    db: opsi.db,
    store: new SyncStore(opsi.db),
    now: opsi.now ?? (() => new Date()),
    batasMasuk: opsi.batasMasuk ?? new BatasMasuk(),
    poke: opsi.poke ?? new PusatPoke(),
    migrasi: opsi.migrasi ?? 0,
    heartbeatMs: opsi.heartbeatMs ?? 25_000,
  };
  const app = new Hono<Lingkungan>();

  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      if (err.status === 413) return galat(c, 413, 'terlalu_besar', 'Kiriman terlalu besar');
      return galat(c, err.status as 400, 'permintaan_tidak_valid', err.message || 'Permintaan tidak valid');
    }
    console.error('Galat server:', err);
    return galat(c, 500, 'galat_server', 'Terjadi kesalahan di server; coba lagi sebentar lagi');
  });

  // Security headers for every answer (the PWA has no inline scripts; styles are inlined by Svelte).
  app.use('*', async (c, next) => {
    await next();
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('Referrer-Policy', 'no-referrer');
    c.header('X-Frame-Options', 'DENY');
  });
  // Compress API answers (not the SSE stream, which must flush every event). Hono's compress()
  // honours its 1 KiB threshold only when Content-Length is known, so JSON answers get one first:
  // a tiny answer (an idle pull, one push result) is cheaper uncompressed.
  for (const jalur of ['/api/v1/sync/*', '/api/v1/ringkasan']) {
    app.use(jalur, compress());
    app.use(jalur, async (c, next) => {
      await next();
      if (c.res.headers.get('Content-Type')?.startsWith('application/json') && !c.res.headers.has('Content-Length')) {
        const teks = await c.res.text();
        c.res = new Response(teks, { status: c.res.status, headers: c.res.headers });
        c.res.headers.set('Content-Length', String(Buffer.byteLength(teks)));
      }
    });
  }
  app.use('/api/v1/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  app.route('/api/v1', authRoutes(konteks));
  app.route('/api/v1', syncRoutes(konteks));
  app.all('/api/*', (c) => galat(c, 404, 'tidak_ditemukan', 'Alamat API tidak dikenal'));

  if (opsi.distDir) pasangPwa(app, resolve(opsi.distDir));
  else app.notFound((c) => galat(c, 404, 'tidak_ditemukan', 'Tidak ditemukan'));
  return app;
}

/** Static files of the built PWA; unknown paths get the shell (client-side routes). */
function pasangPwa(app: Hono<Lingkungan>, dir: string): void {
  const indexPath = join(dir, 'index.html');
  app.use('*', async (c, next) => {
    await next();
    const p = c.req.path;
    // Hashed assets never change; the shell, the service worker and the manifest must be revalidated.
    if (p.startsWith('/assets/')) c.header('Cache-Control', 'public, max-age=31536000, immutable');
    else if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-cache');
  });
  app.use('*', compress());
  app.use('*', serveStatic({ root: dir }));
  app.get('*', (c) => {
    // A missing file (a stale hashed asset) is a 404, not the shell.
    if (/\.[a-z0-9]+$/i.test(c.req.path)) return galat(c, 404, 'tidak_ditemukan', 'Berkas tidak ditemukan');
    if (!existsSync(indexPath)) return galat(c, 404, 'belum_dibangun', 'Aplikasi belum dibangun: jalankan `npm run build`');
    return c.html(readFileSync(indexPath, 'utf8'));
  });
}
