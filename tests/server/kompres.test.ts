/**
 * Compression of JSON API answers off the event loop (src/server/kompres.ts; issue 17 §3): same
 * rules as Hono's compress() it replaced — JSON only, above 1 KiB, gzip before deflate by the
 * client's Accept-Encoding, Vary and Content-Length set, the body unchanged once decoded.
 */
import { gunzipSync, inflateSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { kompresJson, pilihEncoding } from '../../src/server/kompres.ts';

const besar = { isi: 'x'.repeat(5000) };
function app() {
  const a = new Hono();
  a.use('*', kompresJson());
  a.get('/besar', (c) => c.json(besar));
  a.get('/kecil', (c) => c.json({ ok: true }));
  a.get('/teks', (c) => c.text('y'.repeat(5000)));
  a.get('/no-transform', (c) => c.json(besar, 200, { 'Cache-Control': 'no-transform' }));
  return a;
}

describe('kompresJson', () => {
  it('gzips a large JSON answer the client accepts gzip for, with Vary and Content-Length', async () => {
    const res = await app().request('/besar', { headers: { 'Accept-Encoding': 'gzip, deflate, br' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('vary')).toBe('Accept-Encoding');
    const badan = Buffer.from(await res.arrayBuffer());
    expect(Number(res.headers.get('content-length'))).toBe(badan.byteLength);
    expect(JSON.parse(gunzipSync(badan).toString('utf8'))).toEqual(besar);
  });

  it('deflates when only deflate is accepted; leaves it as it is without an acceptable encoding', async () => {
    const d = await app().request('/besar', { headers: { 'Accept-Encoding': 'deflate' } });
    expect(d.headers.get('content-encoding')).toBe('deflate');
    expect(JSON.parse(inflateSync(Buffer.from(await d.arrayBuffer())).toString('utf8'))).toEqual(besar);
    for (const enc of ['br', 'identity', 'gzip;q=0, deflate;q=0', undefined]) {
      const res = await app().request('/besar', { headers: enc ? { 'Accept-Encoding': enc } : {} });
      expect(res.headers.get('content-encoding')).toBeNull();
      expect(res.headers.get('vary')).toBe('Accept-Encoding');
      expect(await res.json()).toEqual(besar);
      expect(Number(res.headers.get('content-length'))).toBe(JSON.stringify(besar).length);
    }
  });

  it('leaves small answers, non-JSON answers and no-transform answers uncompressed', async () => {
    const kecil = await app().request('/kecil', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(kecil.headers.get('content-encoding')).toBeNull();
    expect(kecil.headers.get('content-length')).toBe(String(JSON.stringify({ ok: true }).length));
    const teks = await app().request('/teks', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(teks.headers.get('content-encoding')).toBeNull();
    const nt = await app().request('/no-transform', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(nt.headers.get('content-encoding')).toBeNull();
    expect(await nt.json()).toEqual(besar);
  });

  it('reads q values and the wildcard', () => {
    expect(pilihEncoding('*')).toBe('gzip');
    expect(pilihEncoding('gzip;q=0.5, deflate')).toBe('deflate');
    expect(pilihEncoding('*;q=0')).toBeNull();
    expect(pilihEncoding('GZIP')).toBe('gzip');
    expect(pilihEncoding('')).toBeNull();
  });
});
