/**
 * Compression of the JSON API answers (/api/v1/sync/*, /api/v1/ringkasan) with one zlib call per
 * answer (issue 17 §3). Hono's compress() pipes the body through a web CompressionStream: under 50
 * tablets pushing and pulling, the web-streams plumbing around zlib was ~10 % of the server's
 * main-thread CPU profile (tests/bench/kunci-http.ts with PROFIL=dir). The answer is whole by then,
 * so it is gzipped (or deflated) in one asynchronous zlib call (the work runs on libuv's thread
 * pool), at the same default level as before; the main thread's idle share went from 19 % to 28 %.
 * Same rules as Hono's compress(): only JSON, only above 1 KiB (a tiny answer is cheaper as it
 * is), never for HEAD (its length is still set), a 206, an answer already encoded or marked
 * `no-transform`; `Vary: Accept-Encoding` whenever the choice could depend on the request;
 * Content-Length always set.
 */
import { promisify } from 'node:util';
import { deflate, gzip } from 'node:zlib';
import type { MiddlewareHandler } from 'hono';

const gzipAsync = promisify(gzip);
const deflateAsync = promisify(deflate);
const AMBANG = 1024;

/** The encoding the client accepts (gzip first, then deflate), from Accept-Encoding's q values. */
export function pilihEncoding(header: string | undefined): 'gzip' | 'deflate' | null {
  if (!header) return null;
  const q = new Map<string, number>();
  for (const bagian of header.split(',')) {
    const [nama, ...param] = bagian.trim().split(';');
    if (!nama) continue;
    const qp = param.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const nilai = qp ? Number(qp.slice(2)) : 1;
    q.set(nama.trim().toLowerCase(), Number.isFinite(nilai) ? nilai : 0);
  }
  const bobot = (e: string) => q.get(e) ?? q.get('*') ?? 0;
  const g = bobot('gzip');
  const d = bobot('deflate');
  if (g > 0 && g >= d) return 'gzip';
  return d > 0 ? 'deflate' : null;
}

export function kompresJson(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    const res = c.res;
    if (!res.headers.get('Content-Type')?.startsWith('application/json') || !res.body) return;
    if (res.status === 206 || res.headers.has('Content-Encoding') || res.headers.has('Transfer-Encoding')) return;
    const isi = Buffer.from(await res.arrayBuffer());
    const headers = new Headers(res.headers);
    const tulis = (badan: Buffer) => {
      headers.set('Content-Length', String(badan.byteLength));
      c.res = new Response(badan as unknown as ArrayBuffer, { status: res.status, statusText: res.statusText, headers });
    };
    if (isi.byteLength < AMBANG || c.req.method === 'HEAD' || /(?:^|,)\s*no-transform\s*(?:,|$)/i.test(res.headers.get('Cache-Control') ?? '')) {
      tulis(isi);
      return;
    }
    const vary = headers.get('Vary');
    if (vary !== '*' && !(vary && /(?:^|,)\s*accept-encoding\s*(?:,|$)/i.test(vary)))
      headers.set('Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding');
    const enc = pilihEncoding(c.req.header('Accept-Encoding'));
    if (!enc) {
      tulis(isi);
      return;
    }
    headers.set('Content-Encoding', enc);
    tulis(enc === 'gzip' ? await gzipAsync(isi) : await deflateAsync(isi));
  };
}
