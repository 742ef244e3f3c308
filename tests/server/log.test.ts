/**
 * Structured request logs (docs/deployment.md §10; src/server/log.ts): one JSON line per request
 * with method, path, status, duration and user, and never a token, a password or a cookie — not
 * from the Authorization header, the login body, the SSE query string or a Cookie header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { createApp } from '../../src/server/app.ts';
import { buatLogger } from '../../src/server/log.ts';
import { minta, PASSWORD_ADMIN, serverBaru, type Server } from './bantu.ts';

describe('request log', () => {
  let s: Server;
  const baris: string[] = [];
  beforeAll(async () => {
    s = await serverBaru('pglite');
    const tujuan = new Writable({
      write(chunk: Buffer, _enc, cb) {
        baris.push(...chunk.toString('utf8').split('\n').filter(Boolean));
        cb();
      },
    });
    s.app = createApp({ db: s.db, now: s.jam.now, migrasi: s.dbu.versi, heartbeatMs: 50, log: buatLogger({ tujuan }) });
  });
  afterAll(async () => s?.tutup());

  it('logs method, path, status, ms and user as JSON, without any secret', async () => {
    const login = await minta(s.app, 'POST', '/api/v1/auth/login', {
      body: { username: 'admin', password: PASSWORD_ADMIN },
      headers: { Cookie: 'sesi=kue-rahasia-123' },
    });
    expect(login.status).toBe(200);
    const token: string = login.json.token;
    await minta(s.app, 'GET', '/api/v1/auth/me', { token });
    await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'salah-sandi-rahasia' } });
    const tiket = (await minta(s.app, 'POST', '/api/v1/auth/tiket', { token })).json.tiket as string;
    const sse = await s.app.request(`/api/v1/events?tiket=${encodeURIComponent(tiket)}`, { method: 'HEAD' });
    expect(sse.status).toBe(200);
    await minta(s.app, 'GET', `/api/v1/sync/pull?since=0&token=${token}`, { token });

    const json = baris.map((b) => JSON.parse(b) as Record<string, unknown>);
    expect(json.length).toBeGreaterThanOrEqual(5);
    expect(json[0]).toMatchObject({ method: 'POST', path: '/api/v1/auth/login', status: 200, msg: 'permintaan' });
    expect(typeof json[0]!.ms).toBe('number');
    expect(json.find((j) => j.path === '/api/v1/auth/me')).toMatchObject({ status: 200, user: 'admin' });
    expect(json.find((j) => j.status === 401)).toMatchObject({ path: '/api/v1/auth/login', level: 40 });
    expect(json.find((j) => j.path === '/api/v1/events')).toBeTruthy();

    const semua = baris.join('\n');
    for (const rahasia of [token, tiket, PASSWORD_ADMIN, 'salah-sandi-rahasia', 'kue-rahasia-123', 'Bearer']) expect(semua).not.toContain(rahasia);
    expect(semua).not.toMatch(/token=|tiket=/);
  });

  it('redacts secret keys should any code log an object carrying them', () => {
    const keluar: string[] = [];
    const log = buatLogger({
      tujuan: new Writable({
        write: (c: Buffer, _e, cb) => {
          keluar.push(c.toString());
          cb();
        },
      }),
    });
    log.info({ password: 'p4ss', token: 't0k', headers: { authorization: 'Bearer x', cookie: 'c=1' }, user: { password: 'u' } }, 'uji');
    expect(keluar.join('')).not.toMatch(/p4ss|t0k|Bearer x|c=1|"u"/);
  });
});
