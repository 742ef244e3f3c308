/**
 * Sign-in, sign-out, own password, event-stream tickets and user management (docs/sync-protocol.md
 * "Users (admin only)"). Users live on the server only. Security choices (body limits, backoff,
 * password rules, first admin password): docs/security.md.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { idSchema } from '../domain/schemas.ts';
import { gantiPasswordSchema, loginRequestSchema, userCreateSchema, userUpdateSchema } from '../shared/protocol.ts';
import {
  buatTiket,
  buatToken,
  buatUser,
  cabutToken,
  cariUser,
  cocokPassword,
  daftarUser,
  hashPalsu,
  hashPassword,
  sha256,
  tanpaHash,
  ubahUser,
  UsernameDipakai,
} from './auth.ts';
import { alamatKlien } from './alamat.ts';
import { bacaJson, galatJson, wajibMasuk, type Konteks, type Lingkungan } from './http.ts';
import { kataPemda, periksaSandi } from './sandi.ts';
import type { Db } from './db.ts';

/** Every auth body is tiny (a name and a password): 16 KiB, checked before anything is parsed. */
export const MAKS_BYTE_AUTH = 16 * 1024;

const wajibAdmin: MiddlewareHandler<Lingkungan> = async (c, next) => {
  if (c.get('user').role !== 'admin') return galatJson(c, 403, 'forbidden', 'Hanya admin yang dapat mengelola pengguna');
  await next();
};

function lamaTunggu(ms: number): string {
  return ms < 60_000 ? `${Math.ceil(ms / 1000)} detik` : `${Math.ceil(ms / 60_000)} menit`;
}

/** Words of this pemda's name, which a password must not be built on (docs/security.md §Kata sandi). */
async function konteksSandi(db: Db): Promise<string[]> {
  const rows = await db.query(`SELECT data->>'nama' AS nama FROM records WHERE tbl = 'pemda' AND NOT deleted`);
  return rows.flatMap((r) => kataPemda(String(r.nama ?? '')));
}

/**
 * Whether `opdId` names an OPD record that exists and is not deleted. An operator linked to an id
 * with no OPD behind it could write nothing and would see an empty app; the users API refuses the
 * link instead (docs/sync-protocol.md "Users (admin only)"). A deactivated OPD (`aktif: false`)
 * still exists: its history keeps pointing at it.
 */
async function opdAda(db: Db, opdId: string): Promise<boolean> {
  const rows = await db.query(`SELECT 1 FROM records WHERE tbl = 'opd' AND id = $1 AND NOT deleted`, [opdId]);
  return rows.length > 0;
}
const PESAN_OPD_TIDAK_ADA = 'opdId: Perangkat daerah tidak ditemukan atau sudah dihapus; pilih perangkat daerah yang terdaftar';

export function authRoutes(k: Konteks) {
  const r = new Hono<Lingkungan>();
  // docs/security.md §Batas ukuran: the limit runs before the body is read (Content-Length, then
  // a counting stream), so a 100 MB login is refused after 16 KiB, never buffered.
  const batas = bodyLimit({ maxSize: MAKS_BYTE_AUTH, onError: (c) => galatJson(c, 413, 'terlalu_besar', 'Kiriman terlalu besar') });
  r.use('/auth/*', batas);
  r.use('/users', batas);
  r.use('/users/*', batas);

  r.post('/auth/login', async (c) => {
    const b = await bacaJson(c, loginRequestSchema);
    if (!b.ok) return b.res;
    const { password } = b.data;
    const username = b.data.username.toLowerCase();
    const alamat = alamatKlien(c, k.proxy);
    const nowMs = k.now().getTime();
    const tunggu = k.batasMasuk.tunggu(username, alamat, nowMs);
    if (tunggu > 0) {
      c.header('Retry-After', String(Math.ceil(tunggu / 1000)));
      return galatJson(c, 429, 'terlalu_banyak_percobaan', `Terlalu banyak percobaan masuk. Coba lagi dalam ${lamaTunggu(tunggu)}.`);
    }
    const user = await cariUser(k.db, { username });
    // A missing user costs the same scrypt time as a wrong password (no user enumeration by timing).
    const cocok = await cocokPassword(password, user?.passwordHash ?? (await hashPalsu()));
    if (!user || !cocok || !user.aktif) {
      k.batasMasuk.catatGagal(username, alamat, nowMs);
      return galatJson(
        c,
        401,
        'login_gagal',
        user && cocok && !user.aktif ? 'Akun ini dinonaktifkan; hubungi admin Bappeda' : 'Nama pengguna atau kata sandi salah',
      );
    }
    k.batasMasuk.bersihkan(username, alamat);
    const { token, expiresAt } = await buatToken(k.db, user.id, k.now());
    return c.json({
      token,
      expiresAt,
      user: tanpaHash(user),
      serverTime: k.now().toISOString(),
      ...(user.wajibGantiPassword ? { wajibGantiPassword: true } : {}),
    });
  });

  r.post('/auth/logout', wajibMasuk(k), async (c) => {
    await cabutToken(k.db, c.get('token'), k.now());
    return c.body(null, 204);
  });

  r.get('/auth/me', wajibMasuk(k), (c) => {
    const u = c.get('user');
    return c.json({ user: tanpaHash(u), serverTime: k.now().toISOString(), ...(u.wajibGantiPassword ? { wajibGantiPassword: true } : {}) });
  });

  /**
   * Own password change, for every role. Proves the current password (a wrong one counts as a
   * failed sign-in for the backoff), applies the password rules, ends every OTHER session of the
   * account and clears the "must change" mark of the printed first password.
   */
  r.post('/auth/password', wajibMasuk(k), async (c) => {
    const b = await bacaJson(c, gantiPasswordSchema);
    if (!b.ok) return b.res;
    const user = c.get('user');
    const alamat = alamatKlien(c, k.proxy);
    const nowMs = k.now().getTime();
    const tunggu = k.batasMasuk.tunggu(user.username, alamat, nowMs);
    if (tunggu > 0) {
      c.header('Retry-After', String(Math.ceil(tunggu / 1000)));
      return galatJson(c, 429, 'terlalu_banyak_percobaan', `Terlalu banyak percobaan. Coba lagi dalam ${lamaTunggu(tunggu)}.`);
    }
    if (!(await cocokPassword(b.data.passwordLama, user.passwordHash))) {
      k.batasMasuk.catatGagal(user.username, alamat, nowMs);
      return galatJson(c, 400, 'password_lama_salah', 'Kata sandi lama salah');
    }
    const alasan = periksaSandi(b.data.passwordBaru, user.username, await konteksSandi(k.db));
    if (alasan) return galatJson(c, 400, 'password_lemah', alasan);
    if (b.data.passwordBaru === b.data.passwordLama) return galatJson(c, 400, 'password_lemah', 'Kata sandi baru harus berbeda dari yang lama');
    const baru = await ubahUser(
      k.db,
      user.id,
      { passwordHash: await hashPassword(b.data.passwordBaru), wajibGantiPassword: false },
      { kecualiTokenHash: sha256(c.get('token')) },
    );
    return c.json({ user: baru });
  });

  /** A one-time ticket for GET /events (EventSource cannot send the Authorization header). */
  r.post('/auth/tiket', wajibMasuk(k), async (c) => c.json(await buatTiket(k.db, sha256(c.get('token')), k.now())));

  r.get('/users', wajibMasuk(k), wajibAdmin, async (c) => c.json({ users: await daftarUser(k.db) }));

  r.post('/users', wajibMasuk(k), wajibAdmin, async (c) => {
    const b = await bacaJson(c, userCreateSchema);
    if (!b.ok) return b.res;
    const { password, ...u } = b.data;
    if (u.role === 'operator' && !u.opdId) return galatJson(c, 400, 'tidak_valid', 'opdId: Operator wajib terhubung ke satu perangkat daerah');
    if (u.opdId && !(await opdAda(k.db, u.opdId))) return galatJson(c, 400, 'tidak_valid', PESAN_OPD_TIDAK_ADA);
    const alasan = periksaSandi(password, u.username, await konteksSandi(k.db));
    if (alasan) return galatJson(c, 400, 'password_lemah', alasan);
    try {
      const user = await buatUser(k.db, { ...u, passwordHash: await hashPassword(password) });
      return c.json({ user }, 201);
    } catch (e) {
      if (e instanceof UsernameDipakai) return galatJson(c, 409, 'username_dipakai', e.message);
      throw e;
    }
  });

  /** Changes exactly the fields sent (any subset of nama, role, opdId, aktif, password). */
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
    // A new link, or an account becoming an operator on the link it has: the OPD must exist. A
    // stale link left alone does not block a password reset or a rename.
    if (opdId && (ubah.opdId !== undefined || ubah.role === 'operator') && !(await opdAda(k.db, opdId))) {
      return galatJson(c, 400, 'tidak_valid', PESAN_OPD_TIDAK_ADA);
    }
    if (lama.id === c.get('user').id && (ubah.aktif === false || (ubah.role && ubah.role !== 'admin'))) {
      return galatJson(c, 409, 'tidak_boleh', 'Admin tidak dapat menonaktifkan atau menurunkan peran akunnya sendiri');
    }
    if (password !== undefined) {
      const alasan = periksaSandi(password, lama.username, await konteksSandi(k.db));
      if (alasan) return galatJson(c, 400, 'password_lemah', alasan);
    }
    const user = await ubahUser(k.db, id, { ...ubah, ...(password !== undefined ? { passwordHash: await hashPassword(password) } : {}) });
    return c.json({ user });
  });

  return r;
}
