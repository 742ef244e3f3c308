/**
 * Sign-in, tokens (expiry, logout, revocation), the login rate limit and the admin-only users API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.ts';
import { BatasMasuk, UMUR_TOKEN_MS } from '../../src/server/auth.ts';
import { loginResponseSchema } from '../../src/shared/protocol.ts';
import { userSchema } from '../../src/domain/schemas.ts';
import {
  ambilRecord,
  buatOpd,
  buatPengguna,
  Klien,
  dbBaru,
  harapGalat,
  JENIS,
  Jam,
  masuk,
  minta,
  PASSWORD_ADMIN,
  PASSWORD_DEMO,
  put,
  semuaJawaban,
  serverBaru,
  tarikSemua,
  type App,
  type Server,
  type Sesi,
} from './bantu.ts';
import { bacaProxyTepercaya } from '../../src/server/alamat.ts';
import { siapkan } from '../../src/server/setup.ts';
import { idAlami } from '../../src/domain/schemas.ts';

const HARI = 24 * 3600 * 1000;

describe.each(JENIS)('auth (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  const opdA = randomUUID();
  const opdB = randomUUID();
  let awalJawaban = 0;

  beforeAll(async () => {
    awalJawaban = semuaJawaban.length;
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    await buatOpd(s.app, admin.token, opdA, 'Dinas A');
    await buatOpd(s.app, admin.token, opdB, 'Dinas B');
  });
  afterAll(async () => {
    await s?.tutup();
  });

  /** A fresh app on the same database with its own clock and rate limit (the clock moves in some tests). */
  const appLain = (opsi: { batas?: BatasMasuk; jam?: Jam; proxy?: string } = {}) => {
    const jam = opsi.jam ?? new Jam();
    return { jam, app: createApp({ db: s.db, now: jam.now, batasMasuk: opsi.batas ?? new BatasMasuk(), proxy: bacaProxyTepercaya(opsi.proxy) }) };
  };
  /** A login arriving on a socket from `soket`, optionally with an X-Forwarded-For header. */
  const masukDari = async (app: App, soket: string, body: unknown, xff?: string) => {
    const headers: Record<string, string> = { 'Content-Type': 'application/json', ...(xff ? { 'X-Forwarded-For': xff } : {}) };
    const res = await app.request(
      '/api/v1/auth/login',
      { method: 'POST', headers, body: JSON.stringify(body) },
      { incoming: { socket: { remoteAddress: soket, remoteFamily: soket.includes(':') ? 'IPv6' : 'IPv4' } } },
    );
    return {
      status: res.status,
      retry: Number(res.headers.get('Retry-After') ?? 0),
      json: (await res.json()) as { error?: { code: string; message: string } },
    };
  };

  it('login ok returns a token, its expiry (30 days) and the user without the hash', async () => {
    const j = await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } });
    expect(j.status).toBe(200);
    const p = loginResponseSchema.strict().safeParse(j.json);
    expect(p.success, j.teks).toBe(true);
    expect(Object.keys(j.json.user).sort()).toEqual(['aktif', 'id', 'nama', 'opdId', 'role', 'username']);
    expect(j.json.user.role).toBe('admin');
    expect(new Date(j.json.expiresAt).getTime() - s.jam.now().getTime()).toBe(UMUR_TOKEN_MS);
    const me = await minta(s.app, 'GET', '/api/v1/auth/me', { token: j.json.token });
    expect(me.status).toBe(200);
    expect(me.json.user).toEqual(j.json.user);
  });

  it('the username is case-insensitive on login', async () => {
    const j = await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'ADMIN', password: PASSWORD_ADMIN } });
    expect(j.status).toBe(200);
  });

  it('wrong password and unknown user: 401 login_gagal with the same Indonesian message', async () => {
    const salah = await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'bukan-sandinya' } });
    harapGalat(salah, 401, 'login_gagal');
    expect(salah.json.error.message).toBe('Nama pengguna atau kata sandi salah');
    expect(salah.json.token).toBeUndefined();
    const takAda = await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'tidak-ada', password: 'apa-saja-123' } });
    harapGalat(takAda, 401, 'login_gagal');
    expect(takAda.json.error.message).toBe(salah.json.error.message);
  });

  it('invalid login bodies are 400 with the JSON error shape', async () => {
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: '', password: 'x' } }), 400, 'tidak_valid');
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'admin' } }), 400, 'tidak_valid');
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 5, password: [] } }), 400, 'tidak_valid');
    harapGalat(
      await minta(s.app, 'POST', '/api/v1/auth/login', { mentah: '{"username":', headers: { 'Content-Type': 'application/json' } }),
      400,
      'json_tidak_valid',
    );
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'x'.repeat(201) } }), 400);
  });

  it.each([
    ['SQL-looking text', "admin' OR '1'='1"],
    ['a non-ASCII character', 'ädmin'],
  ])('a username with %s is a plain failed login (401), never a 500', async (_, username) => {
    const j = await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username, password: 'apa-saja-123' } });
    harapGalat(j, 401, 'login_gagal');
  });

  it.each([
    ['a lone surrogate in the username', { username: 'admin\ud800', password: PASSWORD_ADMIN }, /Nama pengguna mengandung karakter/],
    ['a NUL character in the username', { username: 'a\u0000b', password: PASSWORD_ADMIN }, /Nama pengguna mengandung karakter/],
    ['a NUL character in the password', { username: 'admin', password: 'x\u0000y' }, /Kata sandi mengandung karakter/],
    ['a lone surrogate in the password', { username: 'admin', password: `${PASSWORD_ADMIN}\udc00` }, /Kata sandi mengandung karakter/],
    ['odd text in both', { username: "admin' OR '1'='1\u0000", password: 'x\ud800y' }, /mengandung karakter/],
  ])('%s is a 400 tidak_valid, never a 500', async (_, body, pesan) => {
    const j = await minta(s.app, 'POST', '/api/v1/auth/login', { body });
    harapGalat(j, 400, 'tidak_valid');
    expect(j.json.error.message).toMatch(pesan);
    expect(j.json.token).toBeUndefined();
  });

  // docs/security.md §Batas percobaan masuk (issue 9 point 9): backoff, never a lock-out of the real user.
  it('backoff: after 5 failures from one address the next try waits (429, Retry-After), even with the right password; each further failure doubles the wait', async () => {
    const { app, jam } = appLain();
    for (let i = 0; i < 5; i++)
      harapGalat(await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: `salah-${i}` } }), 401, 'login_gagal');
    const j = await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } });
    harapGalat(j, 429, 'terlalu_banyak_percobaan');
    expect(j.json.error.message).toMatch(/Terlalu banyak percobaan masuk\. Coba lagi dalam 1 detik/);
    expect(Number(j.headers.get('Retry-After'))).toBe(1);
    jam.maju(1000);
    harapGalat(await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'salah-lagi' } }), 401);
    expect(Number((await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } })).headers.get('Retry-After'))).toBe(
      2,
    );
    jam.maju(2000);
    expect((await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } })).status).toBe(200);
    // Another username is not affected at any point.
    await buatPengguna(s.app, admin.token, { username: 'batas-lain', role: 'viewer' });
    for (let i = 0; i < 6; i++) await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'salah' } });
    expect((await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'batas-lain', password: PASSWORD_DEMO } })).status).toBe(200);
  });

  it('behind a trusted proxy, a guesser cannot lock the real user out (keyed on the forwarded client address)', async () => {
    const { app } = appLain({ proxy: '10.0.0.5' });
    for (let i = 0; i < 15; i++) await masukDari(app, '10.0.0.5', { username: 'admin', password: `tebak-${i}` }, '203.0.113.9');
    const penyerang = await masukDari(app, '10.0.0.5', { username: 'admin', password: PASSWORD_ADMIN }, '203.0.113.9');
    expect(penyerang.status).toBe(429);
    // The real admin, behind the same proxy, signs in at once.
    expect((await masukDari(app, '10.0.0.5', { username: 'admin', password: PASSWORD_ADMIN }, '198.51.100.7')).status).toBe(200);
    // IPv4-mapped IPv6 socket addresses of the proxy count as the proxy too.
    expect((await masukDari(app, '::ffff:10.0.0.5', { username: 'admin', password: PASSWORD_ADMIN }, '198.51.100.8')).status).toBe(200);
  });

  it('X-Forwarded-For from an untrusted peer is ignored: rotating it does not escape the backoff', async () => {
    const { app } = appLain({ proxy: '10.0.0.5' });
    for (let i = 0; i < 5; i++) await masukDari(app, '192.0.2.50', { username: 'admin', password: `tebak-${i}` }, `198.51.100.${i}`);
    const j = await masukDari(app, '192.0.2.50', { username: 'admin', password: PASSWORD_ADMIN }, '198.51.100.99');
    expect(j.status).toBe(429);
    expect(j.json.error?.code).toBe('terlalu_banyak_percobaan');
  });

  it('a guesser spread over many addresses slows the account by at most 30 seconds, never minutes', async () => {
    const { app, jam } = appLain({ proxy: '10.0.0.0/8' });
    for (let i = 0; i < 40; i++) await masukDari(app, '10.1.2.3', { username: 'admin', password: `tebak-${i}` }, `203.0.113.${i}`);
    const nyata = await masukDari(app, '10.1.2.3', { username: 'admin', password: PASSWORD_ADMIN }, '198.51.100.7');
    expect(nyata.status).toBe(429);
    expect(nyata.retry).toBeGreaterThan(0);
    expect(nyata.retry).toBeLessThanOrEqual(30);
    jam.maju(nyata.retry * 1000);
    expect((await masukDari(app, '10.1.2.3', { username: 'admin', password: PASSWORD_ADMIN }, '198.51.100.7')).status).toBe(200);
  });

  it('TRUST_PROXY parsing: addresses, CIDRs, IPv6; a bad entry is an Indonesian error', () => {
    const p = bacaProxyTepercaya('10.0.0.0/8, 127.0.0.1, ::1, fd00::/8');
    expect(['10.200.1.1', '127.0.0.1', '::1', '::ffff:127.0.0.1', 'fd12::5'].map((a) => p.percaya(a))).toEqual([true, true, true, true, true]);
    expect(['11.0.0.1', '127.0.0.2', 'fe80::1', 'lokal'].map((a) => p.percaya(a))).toEqual([false, false, false, false]);
    expect(bacaProxyTepercaya(undefined).kosong).toBe(true);
    expect(() => bacaProxyTepercaya('10.0.0.0/33')).toThrow(/TRUST_PROXY/);
    expect(() => bacaProxyTepercaya('proxy.lokal')).toThrow(/bukan alamat IP/);
  });

  it('a success clears the failure count', async () => {
    const { app } = appLain();
    for (let i = 0; i < 4; i++) harapGalat(await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'salah' } }), 401);
    expect((await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } })).status).toBe(200);
    for (let i = 0; i < 4; i++) harapGalat(await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'salah' } }), 401);
    expect((await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } })).status).toBe(200);
  });

  it('every auth route limits its body before parsing it: a 5 MB login is a 413 (issue 9 point 9)', async () => {
    const besar = JSON.stringify({ username: 'admin', password: 'x'.repeat(5 * 1024 * 1024) });
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/login', { mentah: besar, headers: { 'Content-Type': 'application/json' } }), 413, 'terlalu_besar');
    harapGalat(
      await minta(s.app, 'POST', '/api/v1/auth/login', {
        mentah: besar,
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(besar.length) },
      }),
      413,
      'terlalu_besar',
    );
    harapGalat(
      await minta(s.app, 'POST', '/api/v1/auth/password', { token: admin.token, mentah: besar, headers: { 'Content-Type': 'application/json' } }),
      413,
      'terlalu_besar',
    );
    harapGalat(
      await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, mentah: besar, headers: { 'Content-Type': 'application/json' } }),
      413,
      'terlalu_besar',
    );
    harapGalat(
      await minta(s.app, 'PATCH', `/api/v1/users/${admin.user.id}`, { token: admin.token, mentah: besar, headers: { 'Content-Type': 'application/json' } }),
      413,
      'terlalu_besar',
    );
  });

  it('a token expires after 30 days: 401 token_expired; a new login works', async () => {
    const { app, jam } = appLain();
    const { token } = await masuk(app, 'admin', PASSWORD_ADMIN);
    jam.maju(29 * HARI);
    expect((await minta(app, 'GET', '/api/v1/auth/me', { token })).status).toBe(200);
    jam.maju(HARI + 1000);
    const j = await minta(app, 'GET', '/api/v1/auth/me', { token });
    harapGalat(j, 401, 'token_expired');
    harapGalat(await minta(app, 'GET', '/api/v1/sync/pull?since=0', { token }), 401, 'token_expired');
    const baru = await masuk(app, 'admin', PASSWORD_ADMIN);
    expect((await minta(app, 'GET', '/api/v1/auth/me', { token: baru.token })).status).toBe(200);
  });

  it('no token, a garbage token or a malformed Authorization header: 401 unauthorized', async () => {
    harapGalat(await minta(s.app, 'GET', '/api/v1/auth/me'), 401, 'unauthorized');
    harapGalat(await minta(s.app, 'GET', '/api/v1/auth/me', { token: 'token-palsu' }), 401, 'unauthorized');
    harapGalat(await minta(s.app, 'GET', '/api/v1/auth/me', { headers: { Authorization: `Basic ${admin.token}` } }), 401, 'unauthorized');
    harapGalat(await minta(s.app, 'GET', '/api/v1/sync/pull', { token: `${admin.token}x` }), 401, 'unauthorized');
    // The query-string token is only for the event stream.
    harapGalat(await minta(s.app, 'GET', `/api/v1/auth/me?token=${admin.token}`), 401, 'unauthorized');
  });

  it('logout revokes the token (204), other sessions stay', async () => {
    const a = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    const b = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    const j = await minta(s.app, 'POST', '/api/v1/auth/logout', { token: a.token });
    expect(j.status).toBe(204);
    harapGalat(await minta(s.app, 'GET', '/api/v1/auth/me', { token: a.token }), 401, 'unauthorized');
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/logout', { token: a.token }), 401);
    expect((await minta(s.app, 'GET', '/api/v1/auth/me', { token: b.token })).status).toBe(200);
    // Tokens are stored hashed: the raw token is not in the table.
    const rows = await s.db.query('SELECT hash FROM tokens');
    expect(rows.some((r) => r.hash === b.token)).toBe(false);
  });

  it('deactivating a user revokes its tokens and blocks login; reactivating does not revive old tokens', async () => {
    const u = await buatPengguna(s.app, admin.token, { username: 'akan-nonaktif', role: 'viewer' });
    const sesi = await masuk(s.app, 'akan-nonaktif');
    expect((await minta(s.app, 'GET', '/api/v1/sync/pull?since=0&limit=1', { token: sesi.token })).status).toBe(200);
    const p = await minta(s.app, 'PATCH', `/api/v1/users/${u.id}`, { token: admin.token, body: { aktif: false } });
    expect(p.status).toBe(200);
    expect(p.json.user.aktif).toBe(false);
    harapGalat(await minta(s.app, 'GET', '/api/v1/auth/me', { token: sesi.token }), 401, 'unauthorized');
    const login = await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'akan-nonaktif', password: PASSWORD_DEMO } });
    harapGalat(login, 401, 'login_gagal');
    expect(login.json.error.message).toMatch(/dinonaktifkan/);
    expect((await minta(s.app, 'PATCH', `/api/v1/users/${u.id}`, { token: admin.token, body: { aktif: true } })).status).toBe(200);
    harapGalat(await minta(s.app, 'GET', '/api/v1/auth/me', { token: sesi.token }), 401);
    expect((await masuk(s.app, 'akan-nonaktif')).token).toBeTruthy();
  });

  it('a new password revokes the old sessions; the old password stops working', async () => {
    const u = await buatPengguna(s.app, admin.token, { username: 'ganti-sandi', role: 'viewer' });
    const sesi = await masuk(s.app, 'ganti-sandi');
    expect((await minta(s.app, 'PATCH', `/api/v1/users/${u.id}`, { token: admin.token, body: { password: 'sandi-baru-123' } })).status).toBe(200);
    harapGalat(await minta(s.app, 'GET', '/api/v1/auth/me', { token: sesi.token }), 401);
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'ganti-sandi', password: PASSWORD_DEMO } }), 401);
    expect((await masuk(s.app, 'ganti-sandi', 'sandi-baru-123')).token).toBeTruthy();
  });

  it('the users API is admin-only: 403 for pimpinan, operator and viewer; 401 without a token', async () => {
    await buatPengguna(s.app, admin.token, { username: 'pim-uji', role: 'pimpinan' });
    await buatPengguna(s.app, admin.token, { username: 'op-uji', role: 'operator', opdId: opdA });
    await buatPengguna(s.app, admin.token, { username: 'lihat-uji', role: 'viewer' });
    const target = await buatPengguna(s.app, admin.token, { username: 'sasaran-patch', role: 'viewer' });
    for (const username of ['pim-uji', 'op-uji', 'lihat-uji']) {
      const { token, user } = await masuk(s.app, username);
      harapGalat(await minta(s.app, 'GET', '/api/v1/users', { token }), 403, 'forbidden');
      harapGalat(
        await minta(s.app, 'POST', '/api/v1/users', {
          token,
          body: { username: `x-${username}`, nama: 'X', role: 'admin', opdId: null, password: 'sandi-uji-12345' },
        }),
        403,
        'forbidden',
      );
      harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${target.id}`, { token, body: { role: 'admin' } }), 403, 'forbidden');
      // Not even on oneself: no self-promotion.
      harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${user.id}`, { token, body: { role: 'admin' } }), 403, 'forbidden');
    }
    const users = await minta(s.app, 'GET', '/api/v1/users', { token: admin.token });
    expect(users.json.users.find((u: { username: string }) => u.username === 'x-pim-uji')).toBeUndefined();
    expect(users.json.users.find((u: { id: string }) => u.id === target.id).role).toBe('viewer');
    harapGalat(await minta(s.app, 'GET', '/api/v1/users'), 401);
    harapGalat(await minta(s.app, 'POST', '/api/v1/users', { body: { username: 'anon', nama: 'A', role: 'admin', password: 'sandi-uji-12345' } }), 401);
  });

  it('admin lists, creates and updates users; every user in the list parses with the public schema', async () => {
    const u = await buatPengguna(s.app, admin.token, { username: 'dibuat-admin', role: 'operator', opdId: opdA, nama: 'Operator Uji' });
    expect(u).toMatchObject({ username: 'dibuat-admin', role: 'operator', opdId: opdA, aktif: true, nama: 'Operator Uji' });
    const j = await minta(s.app, 'GET', '/api/v1/users', { token: admin.token });
    expect(j.status).toBe(200);
    for (const x of j.json.users) expect(userSchema.strict().safeParse(x).success, JSON.stringify(x)).toBe(true);
    const p = await minta(s.app, 'PATCH', `/api/v1/users/${u.id}`, { token: admin.token, body: { nama: 'Nama Baru', role: 'viewer', opdId: null } });
    expect(p.status).toBe(200);
    expect(p.json.user).toMatchObject({ nama: 'Nama Baru', role: 'viewer', opdId: null });
    harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${randomUUID()}`, { token: admin.token, body: { nama: 'x' } }), 404);
    harapGalat(await minta(s.app, 'PATCH', '/api/v1/users/bukan-uuid', { token: admin.token, body: { nama: 'x' } }), 404);
  });

  it('a duplicate username is 409', async () => {
    await buatPengguna(s.app, admin.token, { username: 'kembar', role: 'viewer' });
    const j = await minta(s.app, 'POST', '/api/v1/users', {
      token: admin.token,
      body: { username: 'kembar', nama: 'Kembar', role: 'pimpinan', opdId: null, password: 'sandi-uji-12345' },
    });
    harapGalat(j, 409, 'username_dipakai');
    const admin2 = await minta(s.app, 'POST', '/api/v1/users', {
      token: admin.token,
      body: { username: 'admin', nama: 'Admin 2', role: 'viewer', password: 'sandi-uji-12345' },
    });
    harapGalat(admin2, 409, 'username_dipakai');
  });

  it('an operator without opdId is 400 (create and update)', async () => {
    const j = await minta(s.app, 'POST', '/api/v1/users', {
      token: admin.token,
      body: { username: 'op-tanpa-opd', nama: 'Op', role: 'operator', opdId: null, password: 'sandi-uji-12345' },
    });
    harapGalat(j, 400, 'tidak_valid');
    expect(j.json.error.message).toMatch(/perangkat daerah/);
    const tanpa = await minta(s.app, 'POST', '/api/v1/users', {
      token: admin.token,
      body: { username: 'op-tanpa-opd2', nama: 'Op', role: 'operator', password: 'sandi-uji-12345' },
    });
    harapGalat(tanpa, 400, 'tidak_valid');
    const v = await buatPengguna(s.app, admin.token, { username: 'jadi-operator', role: 'viewer' });
    harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${v.id}`, { token: admin.token, body: { role: 'operator' } }), 400, 'tidak_valid');
    const o = await buatPengguna(s.app, admin.token, { username: 'op-lepas-opd', role: 'operator', opdId: opdA });
    harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${o.id}`, { token: admin.token, body: { opdId: null } }), 400, 'tidak_valid');
    const users = (await minta(s.app, 'GET', '/api/v1/users', { token: admin.token })).json.users as { username: string }[];
    expect(users.map((u) => u.username)).not.toContain('op-tanpa-opd');
  });

  it('an opdId that names no OPD, or a deleted one, is 400 with an Indonesian message (create and update)', async () => {
    // docs/sync-protocol.md "Users (admin only)": the link must name a live OPD record.
    const cek = (j: Awaited<ReturnType<typeof minta<{ error: { message: string } }>>>) => {
      harapGalat(j, 400, 'tidak_valid');
      expect(j.json.error.message).toMatch(/^opdId: Perangkat daerah tidak ditemukan/);
    };
    const hantu = randomUUID();
    const body = (username: string, role: string, opdId: string) => ({ username, nama: 'Op', role, opdId, password: 'sandi-uji-12345' });
    cek(await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: body('op-opd-hantu', 'operator', hantu) }));
    cek(await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: body('lihat-opd-hantu', 'viewer', hantu) }));

    const o = await buatPengguna(s.app, admin.token, { username: 'op-pindah-opd', role: 'operator', opdId: opdA });
    cek(await minta(s.app, 'PATCH', `/api/v1/users/${o.id}`, { token: admin.token, body: { opdId: hantu } }));

    // A tombstone: sync refuses to delete an OPD (it is deactivated instead), but a row marked
    // deleted by older data is no OPD to link to either.
    const opdHapus = await buatOpd(s.app, admin.token, randomUUID(), 'Dinas Dihapus');
    await s.db.query(`UPDATE records SET deleted = true WHERE tbl = 'opd' AND id = $1`, [opdHapus]);
    cek(await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: body('op-opd-hapus', 'operator', opdHapus) }));
    cek(await minta(s.app, 'PATCH', `/api/v1/users/${o.id}`, { token: admin.token, body: { opdId: opdHapus } }));

    // A deactivated OPD still exists (its history points at it): linking to it is allowed.
    const opdNonaktif = await buatOpd(s.app, admin.token, randomUUID(), 'Dinas Nonaktif');
    const rec = await ambilRecord(s.app, admin.token, 'opd', opdNonaktif);
    expect((await new Klien(s.app, admin.token).pushOk(put('opd', opdNonaktif, { aktif: false }, rec!.rev as number)))[0]?.status).toBe('applied');
    expect((await minta(s.app, 'PATCH', `/api/v1/users/${o.id}`, { token: admin.token, body: { opdId: opdNonaktif } })).status).toBe(200);

    // A viewer with a stale link becoming an operator on it is refused as well.
    const v = await buatPengguna(s.app, admin.token, { username: 'lihat-usang', role: 'viewer' });
    await s.db.query('UPDATE users SET opd_id = $1 WHERE id = $2', [hantu, v.id]);
    cek(await minta(s.app, 'PATCH', `/api/v1/users/${v.id}`, { token: admin.token, body: { role: 'operator' } }));
    // ...while a rename leaves a stale link alone.
    expect((await minta(s.app, 'PATCH', `/api/v1/users/${v.id}`, { token: admin.token, body: { nama: 'Nama Lain' } })).status).toBe(200);

    const users = (await minta(s.app, 'GET', '/api/v1/users', { token: admin.token })).json.users as { username: string; opdId: string | null }[];
    expect(users.map((u) => u.username)).not.toContain('op-opd-hantu');
    expect(users.map((u) => u.username)).not.toContain('op-opd-hapus');
    expect(users.find((u) => u.username === 'op-pindah-opd')?.opdId).toBe(opdNonaktif);
  });

  // docs/security.md §Kata sandi: at least 10 characters, not a common password, not the username.
  it.each([
    ['12345678', /minimal 10 karakter/],
    ['1234567890', /terlalu umum/],
    ['password123', /terlalu umum/],
    ['Bismillah2026', /terlalu umum/],
    ['qqqqqqqqqqqq', /terlalu mudah ditebak/],
    // The cases found by the break-it pass are in tests/server/sandi.test.ts; one here proves the routes use them.
    ['adminadmin1', /terlalu umum/],
    ['sandi-pelemah-x', /nama pengguna/],
  ])('password rules: "%s" is refused on create, on reset and on an own change', async (sandi, pesan) => {
    const buat = await minta(s.app, 'POST', '/api/v1/users', {
      token: admin.token,
      body: { username: 'pelemah-x', nama: 'X', role: 'viewer', opdId: null, password: sandi },
    });
    expect(buat.status).toBe(400);
    expect(buat.json.error.message).toMatch(pesan);
    const u = await buatPengguna(s.app, admin.token, { username: `lemah-${randomUUID().slice(0, 8)}`, role: 'viewer' });
    const reset = await minta(s.app, 'PATCH', `/api/v1/users/${u.id}`, { token: admin.token, body: { password: sandi.replace('pelemah-x', u.username) } });
    expect(reset.status).toBe(400);
    const sesi = await masuk(s.app, u.username);
    const sendiri = await minta(s.app, 'POST', '/api/v1/auth/password', {
      token: sesi.token,
      body: { passwordLama: PASSWORD_DEMO, passwordBaru: sandi.replace('pelemah-x', u.username) },
    });
    expect(sendiri.status).toBe(400);
    expect((await masuk(s.app, u.username)).token).toBeTruthy();
  });

  it('invalid user bodies are 400 (bad username, short password, unknown role)', async () => {
    const base = { nama: 'X', opdId: null, password: 'sandi-uji-12345' };
    harapGalat(await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: { ...base, username: 'Huruf Besar', role: 'viewer' } }), 400);
    harapGalat(
      await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: { ...base, username: 'pendek-sandi', role: 'viewer', password: 'x' } }),
      400,
    );
    harapGalat(await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: { ...base, username: 'peran-aneh', role: 'superadmin' } }), 400);
  });

  it('an admin cannot deactivate or demote itself', async () => {
    harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${admin.user.id}`, { token: admin.token, body: { aktif: false } }), 409);
    harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${admin.user.id}`, { token: admin.token, body: { role: 'viewer' } }), 409);
    expect((await minta(s.app, 'GET', '/api/v1/auth/me', { token: admin.token })).json.user.role).toBe('admin');
  });

  it('the password hash never appears in any answer of this suite', async () => {
    const ini = semuaJawaban.slice(awalJawaban);
    expect(ini.length).toBeGreaterThan(50);
    const hashes = (await s.db.query<{ password_hash: string }>('SELECT password_hash FROM users')).map((r) => r.password_hash);
    for (const t of ini) {
      expect(t).not.toMatch(/scrypt\$/);
      expect(t).not.toMatch(/password_?hash/i);
      for (const h of hashes) expect(t).not.toContain(h.split('$').at(-1));
    }
  });

  // ---------------------------------------------------------------- issue 9 point 9: accounts

  const BIDANG = ['nama', 'role', 'opdId', 'aktif', 'password'] as const;
  it.each((['admin', 'pimpinan', 'operator', 'viewer'] as const).flatMap((role) => BIDANG.map((f) => [role, f] as const)))(
    'PATCH /users of a %s with only "%s" changes only that field',
    async (role, field) => {
      const u = await buatPengguna(s.app, admin.token, {
        username: `p-${role}-${field}`.toLowerCase(),
        role,
        opdId: role === 'operator' ? opdA : null,
        nama: `Nama ${role}`,
      });
      // Deactivated first, so a reset that re-activates (the old .partial() default) shows.
      if (field === 'password') expect((await minta(s.app, 'PATCH', `/api/v1/users/${u.id}`, { token: admin.token, body: { aktif: false } })).status).toBe(200);
      const daftar = async () =>
        ((await minta(s.app, 'GET', '/api/v1/users', { token: admin.token })).json.users as Record<string, unknown>[]).find((x) => x.id === u.id)!;
      const sebelum = await daftar();
      const nilai = { nama: 'Nama Diganti', role: role === 'viewer' ? 'pimpinan' : 'viewer', opdId: opdB, aktif: false, password: 'sandi-ganti-uji-1' }[field];
      const j = await minta(s.app, 'PATCH', `/api/v1/users/${u.id}`, { token: admin.token, body: { [field]: nilai } });
      expect(j.status, j.teks).toBe(200);
      const sesudah = await daftar();
      expect(sesudah).toEqual(field === 'password' ? sebelum : { ...sebelum, [field]: nilai });
      if (field === 'password') {
        // A reset does not re-activate: the account stays off until the admin turns it on.
        expect(sesudah.aktif).toBe(false);
        const login = await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: u.username, password: 'sandi-ganti-uji-1' } });
        harapGalat(login, 401, 'login_gagal');
        expect(login.json.error.message).toMatch(/dinonaktifkan/);
      }
    },
  );

  it('PATCH /users refuses fields it cannot change (username, id) with an Indonesian message', async () => {
    const u = await buatPengguna(s.app, admin.token, { username: 'tak-ganti-nama', role: 'viewer' });
    const j = await minta(s.app, 'PATCH', `/api/v1/users/${u.id}`, { token: admin.token, body: { username: 'nama-lain' } });
    harapGalat(j, 400, 'tidak_valid');
    expect(j.json.error.message).toMatch(/Field tidak dapat diubah: username/);
  });

  it.each(['admin', 'pimpinan', 'operator', 'viewer'] as const)(
    'a %s changes its own password: the old one is proved, other sessions end, this one stays',
    async (role) => {
      const nama = `sendiri-${role}`;
      if (role !== 'admin') await buatPengguna(s.app, admin.token, { username: nama, role, opdId: role === 'operator' ? opdA : null });
      else await buatPengguna(s.app, admin.token, { username: nama, role });
      const ini = await masuk(s.app, nama);
      const lain = await masuk(s.app, nama);
      harapGalat(
        await minta(s.app, 'POST', '/api/v1/auth/password', { token: ini.token, body: { passwordLama: 'bukan-sandinya', passwordBaru: 'kopi-tubruk-sore-9' } }),
        400,
        'password_lama_salah',
      );
      harapGalat(
        await minta(s.app, 'POST', '/api/v1/auth/password', { token: ini.token, body: { passwordLama: PASSWORD_DEMO, passwordBaru: PASSWORD_DEMO } }),
        400,
        'password_lemah',
      );
      harapGalat(await minta(s.app, 'POST', '/api/v1/auth/password', { body: { passwordLama: PASSWORD_DEMO, passwordBaru: 'kopi-tubruk-sore-9' } }), 401);
      const j = await minta(s.app, 'POST', '/api/v1/auth/password', {
        token: ini.token,
        body: { passwordLama: PASSWORD_DEMO, passwordBaru: 'kopi-tubruk-sore-9' },
      });
      expect(j.status, j.teks).toBe(200);
      expect((await minta(s.app, 'GET', '/api/v1/auth/me', { token: ini.token })).status).toBe(200);
      harapGalat(await minta(s.app, 'GET', '/api/v1/auth/me', { token: lain.token }), 401, 'unauthorized');
      harapGalat(await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: nama, password: PASSWORD_DEMO } }), 401);
      expect((await masuk(s.app, nama, 'kopi-tubruk-sore-9')).token).toBeTruthy();
    },
  );

  it('the printed first admin password must be changed at the first sign-in before anything else answers', async () => {
    const d = await dbBaru(jenis);
    try {
      const awal = await siapkan(d.db, {});
      expect(awal.adminPasswordBaru).toBeTruthy();
      const app = createApp({ db: d.db, now: s.jam.now });
      const login = await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: awal.adminPasswordBaru } });
      expect(login.status).toBe(200);
      expect(login.json.wajibGantiPassword).toBe(true);
      const token = login.json.token as string;
      harapGalat(await minta(app, 'GET', '/api/v1/sync/pull?since=0', { token }), 403, 'wajib_ganti_password');
      harapGalat(await minta(app, 'GET', '/api/v1/users', { token }), 403, 'wajib_ganti_password');
      harapGalat(await minta(app, 'POST', '/api/v1/auth/tiket', { token }), 403, 'wajib_ganti_password');
      expect((await minta(app, 'GET', '/api/v1/auth/me', { token })).json.wajibGantiPassword).toBe(true);
      const ganti = await minta(app, 'POST', '/api/v1/auth/password', {
        token,
        body: { passwordLama: awal.adminPasswordBaru, passwordBaru: 'bappeda-sukamaju-aman' },
      });
      expect(ganti.status, ganti.teks).toBe(200);
      expect((await minta(app, 'GET', '/api/v1/sync/pull?since=0', { token })).status).toBe(200);
      const lagi = await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'bappeda-sukamaju-aman' } });
      expect(lagi.json.wajibGantiPassword).toBeUndefined();
      // An installer-chosen PANTAU_ADMIN_PASSWORD is not "printed": no forced change (bantu.ts seeds that way).
      expect(
        (await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } })).json.wajibGantiPassword,
      ).toBeUndefined();
    } finally {
      await d.tutup();
    }
  });

  it('login and /auth/me give the server clock, so a device with a wrong clock judges expiry by it', async () => {
    const { app, jam } = appLain();
    jam.maju(3 * HARI);
    const j = await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } });
    expect(j.json.serverTime).toBe(jam.now().toISOString());
    expect((await minta(app, 'GET', '/api/v1/auth/me', { token: j.json.token })).json.serverTime).toBe(jam.now().toISOString());
  });

  it('evaluasiPejabat (PP 11/2017 pasal 142) is readable only by admin and pimpinan: pull and GET /records', async () => {
    const opdE = randomUUID();
    const id = idAlami.evaluasiPejabat(opdE, 2026);
    // Stored directly (its shape belongs to docs/domain/pejabat.md): the read rule is about the table.
    await s.db.query('UPDATE sync_state SET rev = rev + 1 WHERE id = 1');
    await s.db.query(`INSERT INTO records (tbl, id, rev, deleted, data) SELECT 'evaluasiPejabat', $1, rev, false, $2::jsonb FROM sync_state WHERE id = 1`, [
      id,
      JSON.stringify({ id, opdId: opdE, tahun: 2026, catatan: 'rahasia-evaluasi', rev: 0 }),
    ]);
    await buatPengguna(s.app, admin.token, { username: 'baca-pim', role: 'pimpinan' });
    await buatOpd(s.app, admin.token, opdE);
    await buatPengguna(s.app, admin.token, { username: 'baca-op', role: 'operator', opdId: opdE });
    await buatPengguna(s.app, admin.token, { username: 'baca-lihat', role: 'viewer' });
    for (const [username, boleh] of [
      ['admin', true],
      ['baca-pim', true],
      ['baca-op', false],
      ['baca-lihat', false],
    ] as const) {
      const { token } = username === 'admin' ? admin : await masuk(s.app, username);
      const semua = await tarikSemua(s.app, token);
      expect(
        semua.some((c) => c.table === 'evaluasiPejabat'),
        username,
      ).toBe(boleh);
      expect(JSON.stringify(semua).includes('rahasia-evaluasi'), username).toBe(boleh);
      const r = await minta(s.app, 'GET', `/api/v1/records/evaluasiPejabat/${id}`, { token });
      if (boleh) expect((await ambilRecord(s.app, token, 'evaluasiPejabat', id))?.catatan).toBe('rahasia-evaluasi');
      else harapGalat(r, 403, 'forbidden');
    }
  });

  it('security headers (hono secure-headers): pages and evidence files get the CSP and Permissions-Policy, API data the short set; HSTS only over HTTPS', async () => {
    const { app } = appLain({ proxy: '10.0.0.5' });
    const lewat = (url: string, soket: string, headers: Record<string, string> = {}) =>
      app.request(url, { headers }, { incoming: { socket: { remoteAddress: soket, remoteFamily: 'IPv4' } } });
    // A page (here the 404 of an unknown one) and an evidence file: the whole set.
    for (const jalur of ['/rakor/tidak-ada', `/api/v1/berkas/${'a'.repeat(64)}`, `/api/v1/berkas/${'a'.repeat(64)}/thumb`]) {
      const dok = await lewat(`http://pantau.lokal${jalur}`, '192.0.2.1');
      const csp = dok.headers.get('Content-Security-Policy') ?? '';
      expect(csp, jalur).toMatch(/default-src 'self'/);
      expect(csp, jalur).toMatch(/script-src 'self'(;|$)/);
      expect(csp, jalur).toMatch(/frame-ancestors 'none'/);
      expect(csp, jalur).toMatch(/object-src 'none'/);
      expect(dok.headers.get('Permissions-Policy'), jalur).toMatch(/camera=\(\)/);
      expect(dok.headers.get('Permissions-Policy'), jalur).toMatch(/geolocation=\(\)/);
      expect(dok.headers.get('Cross-Origin-Opener-Policy'), jalur).toBe('same-origin');
      expect(dok.headers.get('X-Content-Type-Options'), jalur).toBe('nosniff');
      expect(dok.headers.get('X-Frame-Options'), jalur).toBe('DENY');
    }
    // API data (OWASP REST Security Cheat Sheet, "Security Headers"): nothing runs, nothing frames it,
    // nothing sniffs it, no other site reads it; what only a document uses (or frame-ancestors
    // supersedes) is not sent on every sync.
    const biasa = await lewat('http://pantau.lokal/api/v1/health', '192.0.2.1');
    for (const jalur of ['/api/v1/health', '/api/v1/sync/pull?since=0', '/api/v1/berkas/unggah', '/api/v1/tidak-ada']) {
      const api = await lewat(`http://pantau.lokal${jalur}`, '192.0.2.1');
      expect(api.headers.get('Content-Security-Policy'), jalur).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(api.headers.get('X-Content-Type-Options'), jalur).toBe('nosniff');
      expect(api.headers.get('Cross-Origin-Resource-Policy'), jalur).toBe('same-origin');
      expect(api.headers.get('Cache-Control'), jalur).toBe('no-store');
      for (const h of [
        'Permissions-Policy',
        'Cross-Origin-Opener-Policy',
        'Origin-Agent-Cluster',
        'X-DNS-Prefetch-Control',
        'X-XSS-Protection',
        'Referrer-Policy',
        'X-Frame-Options',
      ])
        expect(api.headers.get(h), `${jalur} ${h}`).toBeNull();
      // Issue 6's idle-sync budget (≤ 1 KB a round trip): the app's own headers take under 300 bytes.
      const byte = [...api.headers].reduce((n, [k, v]) => n + k.length + v.length + 4, 0);
      expect(byte, jalur).toBeLessThan(300);
    }
    expect(biasa.headers.get('Strict-Transport-Security')).toBeNull();
    // X-Forwarded-Proto counts only from the trusted proxy.
    expect(
      (await lewat('http://pantau.lokal/api/v1/health', '192.0.2.1', { 'X-Forwarded-Proto': 'https' })).headers.get('Strict-Transport-Security'),
    ).toBeNull();
    expect((await lewat('http://pantau.lokal/api/v1/health', '10.0.0.5', { 'X-Forwarded-Proto': 'https' })).headers.get('Strict-Transport-Security')).toMatch(
      /max-age=\d+/,
    );
    expect((await lewat('https://pantau.lokal/api/v1/health', '192.0.2.1')).headers.get('Strict-Transport-Security')).toMatch(/max-age=\d+/);
  });
});
