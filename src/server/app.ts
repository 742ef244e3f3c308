/**
 * The Hono app (docs/architecture.md "Server"): JSON API under /api/v1 and, when `distDir` is given, the built PWA.
 * Created per test with its own database and clock; `index.ts` serves it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { compress } from 'hono/compress';
import { bodyLimit } from 'hono/body-limit';
import { secureHeaders } from 'hono/secure-headers';
import { API, MAKS_BYTE_PERMINTAAN } from '../shared/protocol.ts';
import { serveStatic } from '@hono/node-server/serve-static';
import { BatasMasuk } from './auth.ts';
import { lewatHttps, TANPA_PROXY, type ProxyTepercaya } from './alamat.ts';
import { PusatPoke } from './events.ts';
import { SyncStore } from './sync.store.ts';
import type { Db } from './db.ts';
import { authRoutes } from './auth.routes.ts';
import { galatJson as galat, type Lingkungan } from './http.ts';
import { syncRoutes } from './sync.routes.ts';
import { berkasRoutes, JALUR_UNGGAH } from './berkas.routes.ts';
import type { OpsiBerkas } from './berkas.ts';
import { logPermintaan, type Logger } from './log.ts';
import { kompresJson } from './kompres.ts';

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
  /** Request log (docs/deployment.md §"Pemantauan"); none when absent (tests). */
  log?: Logger;
  /** Trusted reverse proxies (env TRUST_PROXY via bacaProxyTepercaya); none by default. */
  proxy?: ProxyTepercaya;
  /** Bukti dukung files (docs/bukti-dukung.md): folder and limits; absent, /berkas answers 404. */
  berkas?: OpsiBerkas;
}

/**
 * Content-Security-Policy of the app's pages, scripts and evidence files (docs/security.md §Header keamanan). The PWA loads only
 * its own scripts (Vite bundles, the Workbox service worker); Svelte and Chart.js set inline
 * styles, so style attributes are allowed; images may be data:/blob: (the pemda logo, chart
 * images placed in PDFs); nothing may frame the app or be framed by it.
 */
export const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'", "'unsafe-inline'"],
  imgSrc: ["'self'", 'data:', 'blob:'],
  fontSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  workerSrc: ["'self'"],
  manifestSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  frameSrc: ["'none'"],
};

/** The options of hono's secureHeaders (the type is not exported by name). */
type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>;

/**
 * The security headers of pages, scripts, the service worker and evidence files (docs/security.md
 * §Header keamanan): the app's CSP, Permissions-Policy and the rest of secure-headers' defaults.
 */
export const KEPALA_DOKUMEN: SecureHeadersOptions = {
  strictTransportSecurity: false,
  xFrameOptions: 'DENY',
  referrerPolicy: 'no-referrer',
  crossOriginEmbedderPolicy: false,
  contentSecurityPolicy: CSP,
  permissionsPolicy: {
    camera: [],
    microphone: [],
    geolocation: [],
    payment: [],
    usb: [],
    serial: [],
    bluetooth: [],
    hid: [],
    midi: [],
    displayCapture: [],
    browsingTopics: [],
    fullscreen: ['self'],
  },
};

/**
 * The security headers of the API's data answers (JSON, the event stream, tus), after the OWASP REST
 * Security Cheat Sheet ("Security Headers"): `Content-Security-Policy: default-src 'none';
 * frame-ancestors 'none'` (nothing in an answer may run or load, and no page may frame it),
 * `X-Content-Type-Options: nosniff`, `Cache-Control: no-store` (set below), and
 * `Cross-Origin-Resource-Policy: same-origin` (no other site can load an answer as a no-cors
 * resource). Left out, as they only act on a document or are superseded: Permissions-Policy, COOP,
 * Origin-Agent-Cluster, X-DNS-Prefetch-Control, X-Download-Options, X-Permitted-Cross-Domain-Policies,
 * X-XSS-Protection, Referrer-Policy (a JSON answer loads nothing to send a referrer to) and
 * X-Frame-Options (CSP Level 2 §7.7.1: `frame-ancestors` obsoletes it, and browsers that know both
 * obey `frame-ancestors`). On an idle sync those were ~650 of the answer's ~1,000 header bytes, sent on
 * every round trip (issue 6's budget: an idle sync ≤ 1 KB; tests/bench/wire.ts).
 */
export const KEPALA_API: SecureHeadersOptions = {
  contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] },
  strictTransportSecurity: false,
  crossOriginEmbedderPolicy: false,
  crossOriginOpenerPolicy: false,
  originAgentCluster: false,
  referrerPolicy: false,
  xDnsPrefetchControl: false,
  xDownloadOptions: false,
  xFrameOptions: false,
  xPermittedCrossDomainPolicies: false,
  xXssProtection: false,
};

/**
 * Whether an answer to `path` is API data (short headers, `KEPALA_API`): every /api/ path except
 * the evidence files themselves (GET /api/v1/berkas/:hash and its thumbnail), which a browser may
 * show as a document and so keep the whole set. The tus upload path is data.
 */
export function jawabanData(path: string): boolean {
  if (!path.startsWith('/api/')) return false;
  return !path.startsWith(`${API}/berkas/`) || path === JALUR_UNGGAH || path.startsWith(`${JALUR_UNGGAH}/`);
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
    proxy: opsi.proxy ?? TANPA_PROXY,
  };
  const app = new Hono<Lingkungan>();
  if (opsi.log) app.use('*', logPermintaan(opsi.log));

  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      if (err.status === 413) return galat(c, 413, 'terlalu_besar', 'Kiriman terlalu besar');
      return galat(c, err.status as 400, 'permintaan_tidak_valid', err.message || 'Permintaan tidak valid');
    }
    if (opsi.log) opsi.log.error({ err, path: c.req.path }, 'galat server');
    else console.error('Galat server:', err);
    return galat(c, 500, 'galat_server', 'Terjadi kesalahan di server; coba lagi sebentar lagi');
  });

  // Every request body is limited before anything reads it (issue 9 §3; docs/sync-protocol.md "Limits"): a push
  // has its own, larger limit (sync.routes.ts); every other route, /auth/login included, this one.
  const batasUmum = bodyLimit({
    maxSize: MAKS_BYTE_PERMINTAAN,
    onError: (c) => galat(c, 413, 'terlalu_besar', `Isi permintaan terlalu besar (maksimal ${MAKS_BYTE_PERMINTAAN / 1024} KiB)`),
  });
  // tus PATCH bodies are bounded by the upload's declared length (berkas.routes.ts), not by this.
  app.use('*', async (c, next) => (c.req.path === `${API}/sync/push` || c.req.path.startsWith(`${JALUR_UNGGAH}/`) ? next() : batasUmum(c, next)));

  // Security headers for every answer through hono's secure-headers (docs/security.md §Header
  // keamanan). HSTS only when the request came over HTTPS (directly or from a trusted proxy): on
  // plain http (a LAN install) it would be ignored at best and lock a later http setup out at worst.
  // Data answers of the API get the short set (`KEPALA_API`); pages, scripts and evidence files the
  // whole one.
  const kepalaDokumen = secureHeaders(KEPALA_DOKUMEN);
  const kepalaApi = secureHeaders(KEPALA_API);
  app.use('*', (c, next) => (jawabanData(c.req.path) ? kepalaApi(c, next) : kepalaDokumen(c, next)));
  app.use('*', async (c, next) => {
    await next();
    if (lewatHttps(c, konteks.proxy)) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  });
  // Compress API answers (not the SSE stream, which must flush every event) in one zlib call each,
  // with Content-Length always known; a tiny answer (an idle pull, one push result) stays as it is
  // (src/server/kompres.ts; issue 17 §3).
  for (const jalur of ['/api/v1/sync/*', '/api/v1/ringkasan']) app.use(jalur, kompresJson());
  app.use('/api/v1/*', async (c, next) => {
    await next();
    if (!c.res.headers.has('Cache-Control')) c.header('Cache-Control', 'no-store');
  });

  app.route('/api/v1', authRoutes(konteks));
  app.route('/api/v1', syncRoutes(konteks));
  if (opsi.berkas) app.route('/api/v1', berkasRoutes(konteks, opsi.berkas));
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
