/**
 * Sign-in, tokens (expiry, logout, revocation), the login rate limit and the admin-only users API.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.ts';
import { BatasMasuk, UMUR_TOKEN_MS } from '../../src/server/auth.ts';
import { loginResponseSchema } from '../../src/shared/protocol.ts';
import { userSchema } from '../../src/domain/schemas.ts';
import { buatPengguna, harapGalat, JENIS, Jam, masuk, minta, PASSWORD_ADMIN, semuaJawaban, serverBaru, type Server, type Sesi } from './bantu.ts';

const HARI = 24 * 3600 * 1000;

describe.each(JENIS)('auth (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  const opdA = randomUUID();
  let awalJawaban = 0;

  beforeAll(async () => {
    awalJawaban = semuaJawaban.length;
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
  });
  afterAll(async () => {
    await s?.tutup();
  });

  /** A fresh app on the same database with its own clock and rate limit (the clock moves in some tests). */
  const appLain = (opsi: { batas?: BatasMasuk; jam?: Jam } = {}) => {
    const jam = opsi.jam ?? new Jam();
    return { jam, app: createApp({ db: s.db, now: jam.now, batasMasuk: opsi.batas ?? new BatasMasuk() }) };
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
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/login', { mentah: '{"username":', headers: { 'Content-Type': 'application/json' } }), 400, 'json_tidak_valid');
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

  it('rate limit: after 10 failures the 11th try is 429 with Retry-After, even with the right password', async () => {
    const { app } = appLain();
    for (let i = 0; i < 10; i++) {
      const j = await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: `salah-${i}` } });
      harapGalat(j, 401, 'login_gagal');
    }
    const j = await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } });
    harapGalat(j, 429, 'terlalu_banyak_percobaan');
    expect(j.json.error.message).toMatch(/Terlalu banyak percobaan/);
    const ra = Number(j.headers.get('Retry-After'));
    expect(Number.isInteger(ra)).toBe(true);
    expect(ra).toBeGreaterThan(0);
    expect(ra).toBeLessThanOrEqual(15 * 60);
  });

  it('rate limit with a small window: 429 after 3 failures, per username, lifted when the window passes', async () => {
    const { app, jam } = appLain({ batas: new BatasMasuk(3, 60_000) });
    for (let i = 0; i < 3; i++) harapGalat(await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'salah-sekali' } }), 401);
    const ditahan = await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } });
    harapGalat(ditahan, 429, 'terlalu_banyak_percobaan');
    expect(Number(ditahan.headers.get('Retry-After'))).toBe(60);
    jam.maju(20_000);
    const masihDitahan = await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } });
    harapGalat(masihDitahan, 429);
    expect(Number(masihDitahan.headers.get('Retry-After'))).toBe(40);
    // Another username is not affected.
    await buatPengguna(s.app, admin.token, { username: 'batas-lain', role: 'viewer' });
    expect((await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'batas-lain', password: 'demo12345' } })).status).toBe(200);
    jam.maju(40_001);
    expect((await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } })).status).toBe(200);
  });

  it('a success clears the failure count', async () => {
    const { app } = appLain({ batas: new BatasMasuk(3, 60_000) });
    for (let i = 0; i < 2; i++) harapGalat(await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'salah' } }), 401);
    expect((await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } })).status).toBe(200);
    for (let i = 0; i < 2; i++) harapGalat(await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: 'salah' } }), 401);
    expect((await minta(app, 'POST', '/api/v1/auth/login', { body: { username: 'admin', password: PASSWORD_ADMIN } })).status).toBe(200);
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

  it("deactivating a user revokes its tokens and blocks login; reactivating does not revive old tokens", async () => {
    const u = await buatPengguna(s.app, admin.token, { username: 'akan-nonaktif', role: 'viewer' });
    const sesi = await masuk(s.app, 'akan-nonaktif');
    expect((await minta(s.app, 'GET', '/api/v1/sync/pull?since=0&limit=1', { token: sesi.token })).status).toBe(200);
    const p = await minta(s.app, 'PATCH', `/api/v1/users/${u.id}`, { token: admin.token, body: { aktif: false } });
    expect(p.status).toBe(200);
    expect(p.json.user.aktif).toBe(false);
    harapGalat(await minta(s.app, 'GET', '/api/v1/auth/me', { token: sesi.token }), 401, 'unauthorized');
    const login = await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'akan-nonaktif', password: 'demo12345' } });
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
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'ganti-sandi', password: 'demo12345' } }), 401);
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
      harapGalat(await minta(s.app, 'POST', '/api/v1/users', { token, body: { username: `x-${username}`, nama: 'X', role: 'admin', opdId: null, password: 'sandi-12345' } }), 403, 'forbidden');
      harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${target.id}`, { token, body: { role: 'admin' } }), 403, 'forbidden');
      // Not even on oneself: no self-promotion.
      harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${user.id}`, { token, body: { role: 'admin' } }), 403, 'forbidden');
    }
    const users = await minta(s.app, 'GET', '/api/v1/users', { token: admin.token });
    expect(users.json.users.find((u: { username: string }) => u.username === 'x-pim-uji')).toBeUndefined();
    expect(users.json.users.find((u: { id: string }) => u.id === target.id).role).toBe('viewer');
    harapGalat(await minta(s.app, 'GET', '/api/v1/users'), 401);
    harapGalat(await minta(s.app, 'POST', '/api/v1/users', { body: { username: 'anon', nama: 'A', role: 'admin', password: 'sandi-12345' } }), 401);
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
    const j = await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'kembar', nama: 'Kembar', role: 'pimpinan', opdId: null, password: 'sandi-12345' } });
    harapGalat(j, 409, 'username_dipakai');
    const admin2 = await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'admin', nama: 'Admin 2', role: 'viewer', password: 'sandi-12345' } });
    harapGalat(admin2, 409, 'username_dipakai');
  });

  it('an operator without opdId is 400 (create and update)', async () => {
    const j = await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'op-tanpa-opd', nama: 'Op', role: 'operator', opdId: null, password: 'sandi-12345' } });
    harapGalat(j, 400, 'tidak_valid');
    expect(j.json.error.message).toMatch(/perangkat daerah/);
    const tanpa = await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: { username: 'op-tanpa-opd2', nama: 'Op', role: 'operator', password: 'sandi-12345' } });
    harapGalat(tanpa, 400, 'tidak_valid');
    const v = await buatPengguna(s.app, admin.token, { username: 'jadi-operator', role: 'viewer' });
    harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${v.id}`, { token: admin.token, body: { role: 'operator' } }), 400, 'tidak_valid');
    const o = await buatPengguna(s.app, admin.token, { username: 'op-lepas-opd', role: 'operator', opdId: opdA });
    harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${o.id}`, { token: admin.token, body: { opdId: null } }), 400, 'tidak_valid');
    const users = (await minta(s.app, 'GET', '/api/v1/users', { token: admin.token })).json.users as { username: string }[];
    expect(users.map((u) => u.username)).not.toContain('op-tanpa-opd');
  });

  it('invalid user bodies are 400 (bad username, short password, unknown role)', async () => {
    const base = { nama: 'X', opdId: null, password: 'sandi-12345' };
    harapGalat(await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: { ...base, username: 'Huruf Besar', role: 'viewer' } }), 400);
    harapGalat(await minta(s.app, 'POST', '/api/v1/users', { token: admin.token, body: { ...base, username: 'pendek-sandi', role: 'viewer', password: 'x' } }), 400);
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
});
