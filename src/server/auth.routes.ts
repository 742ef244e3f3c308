/**
 * Sign-in, sign-out and user management (docs/sync-protocol.md "Users (admin only)"). Users live on the server only.
 */
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { idSchema } from '../domain/schemas.ts';
import { loginRequestSchema, userCreateSchema, userUpdateSchema } from '../shared/protocol.ts';
import {
  buatToken, buatUser, cabutToken, cariUser, cocokPassword, daftarUser, hashPalsu, hashPassword, tanpaHash, ubahUser, UsernameDipakai,
} from './auth.ts';
import { bacaJson, galatJson, wajibMasuk, type Konteks, type Lingkungan } from './http.ts';

const wajibAdmin: MiddlewareHandler<Lingkungan> = async (c, next) => {
  if (c.get('user').role !== 'admin') return galatJson(c, 403, 'forbidden', 'Hanya admin yang dapat mengelola pengguna');
  await next();
};

function alamatKlien(c: Context): string {
  try {
    return getConnInfo(c).remote.address ?? 'lokal';
  } catch {
    return 'lokal'; // in-process requests (tests) have no socket
  }
}

export function authRoutes(k: Konteks) {
  const r = new Hono<Lingkungan>();

  r.post('/auth/login', async (c) => {
    const b = await bacaJson(c, loginRequestSchema);
    if (!b.ok) return b.res;
    const { username, password } = b.data;
    const kunci = `${username.toLowerCase()}|${alamatKlien(c)}`;
    const nowMs = k.now().getTime();
    const tunggu = k.batasMasuk.tunggu(kunci, nowMs);
    if (tunggu > 0) {
      c.header('Retry-After', String(Math.ceil(tunggu / 1000)));
      return galatJson(c, 429, 'terlalu_banyak_percobaan', `Terlalu banyak percobaan masuk. Coba lagi dalam ${Math.ceil(tunggu / 60_000)} menit.`);
    }
    const user = await cariUser(k.db, { username: username.toLowerCase() });
    // A missing user costs the same scrypt time as a wrong password (no user enumeration by timing).
    const cocok = await cocokPassword(password, user?.passwordHash ?? (await hashPalsu()));
    if (!user || !cocok || !user.aktif) {
      k.batasMasuk.catatGagal(kunci, nowMs);
      return galatJson(c, 401, 'login_gagal', user && cocok && !user.aktif ? 'Akun ini dinonaktifkan; hubungi admin Bappeda' : 'Nama pengguna atau kata sandi salah');
    }
    k.batasMasuk.bersihkan(kunci);
    const { token, expiresAt } = await buatToken(k.db, user.id, k.now());
    return c.json({ token, expiresAt, user: tanpaHash(user) });
  });

  r.post('/auth/logout', wajibMasuk(k), async (c) => {
    await cabutToken(k.db, c.get('token'), k.now());
    return c.body(null, 204);
  });

  r.get('/auth/me', wajibMasuk(k), (c) => c.json({ user: tanpaHash(c.get('user')) }));

  r.get('/users', wajibMasuk(k), wajibAdmin, async (c) => c.json({ users: await daftarUser(k.db) }));

  r.post('/users', wajibMasuk(k), wajibAdmin, async (c) => {
    const b = await bacaJson(c, userCreateSchema);
    if (!b.ok) return b.res;
    const { password, ...u } = b.data;
    if (u.role === 'operator' && !u.opdId) return galatJson(c, 400, 'tidak_valid', 'opdId: Operator wajib terhubung ke satu perangkat daerah');
    try {
      const user = await buatUser(k.db, { ...u, passwordHash: await hashPassword(password) });
      return c.json({ user }, 201);
    } catch (e) {
      if (e instanceof UsernameDipakai) return galatJson(c, 409, 'username_dipakai', e.message);
      throw e;
    }
  });

  r.patch('/users/:id', wajibMasuk(k), wajibAdmin, async (c) => {
    const b = await bacaJson(c, userUpdateSchema);
    if (!b.ok) return b.res;
    const id = c.req.param('id');
    const lama = idSchema.safeParse(id).success ? await cariUser(k.db, { id }) : null;
    if (!lama) return galatJson(c, 404, 'tidak_ditemukan', 'Pengguna tidak ditemukan');
    const { password, ...ubah } = b.data;
    const role = ubah.role ?? lama.role;
    const opdId = ubah.opdId !== undefined ? ubah.opdId : lama.opdId;
    if (role === 'operator' && !opdId) return galatJson(c, 400, 'tidak_valid', 'opdId: Operator wajib terhubung ke satu perangkat daerah');
    if (lama.id === c.get('user').id && (ubah.aktif === false || (ubah.role && ubah.role !== 'admin'))) {
      return galatJson(c, 409, 'tidak_boleh', 'Admin tidak dapat menonaktifkan atau menurunkan peran akunnya sendiri');
    }
    const user = await ubahUser(k.db, id, { ...ubah, ...(password ? { passwordHash: await hashPassword(password) } : {}) });
    return c.json({ user });
  });

  return r;
}
