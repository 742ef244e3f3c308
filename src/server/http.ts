/**
 * What every route module shares: the server context, the JSON error shape, body parsing with the
 * shared Zod schemas, and the bearer-token guard.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { pesanZod } from '../domain/schemas.ts';
import { pakaiTiket, periksaHashToken, periksaToken, type BatasMasuk, type UserDb } from './auth.ts';
import type { ProxyTepercaya } from './alamat.ts';
import type { Db } from './db.ts';
import type { PusatPoke } from './events.ts';
import type { SyncStore } from './sync.store.ts';

export interface Konteks {
  db: Db;
  store: SyncStore;
  now: () => Date;
  batasMasuk: BatasMasuk;
  poke: PusatPoke;
  migrasi: number;
  heartbeatMs: number;
  /** Reverse proxies whose X-Forwarded-For/-Proto are believed (env TRUST_PROXY, docs/security.md). */
  proxy: ProxyTepercaya;
}

export type Lingkungan = { Variables: { user: UserDb; token: string; tokenHash: string } };

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500 | 503;
export const galatJson = (c: Context, status: Status, code: string, message: string) => c.json({ error: { code, message } }, status);

/** Reads a JSON body and parses it with a shared schema; a malformed or invalid body is a 400. */
export async function bacaJson<S extends z.ZodType>(c: Context, schema: S): Promise<{ ok: true; data: z.infer<S> } | { ok: false; res: Response }> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    return { ok: false, res: galatJson(c, 400, 'json_tidak_valid', 'Isi permintaan bukan JSON yang valid') };
  }
  const p = schema.safeParse(body);
  if (!p.success) return { ok: false, res: galatJson(c, 400, 'tidak_valid', pesanZod(p.error)) };
  return { ok: true, data: p.data };
}

/** Routes a token of an account that must still replace its printed password may reach. */
const BOLEH_SEBELUM_GANTI = new Set(['/api/v1/auth/me', '/api/v1/auth/password', '/api/v1/auth/logout']);

/**
 * Bearer token → the signed-in user. Only the Authorization header counts: a token never rides in
 * a URL (docs/security.md §Tanpa token di URL). An account still on its printed one-time password
 * reaches only /auth/me, /auth/password and /auth/logout (403 wajib_ganti_password).
 */
export function wajibMasuk(k: Konteks): MiddlewareHandler<Lingkungan> {
  return async (c, next) => {
    const h = c.req.header('Authorization');
    const token = h?.startsWith('Bearer ') ? h.slice(7).trim() : undefined;
    if (!token) return galatJson(c, 401, 'unauthorized', 'Belum masuk; silakan masuk terlebih dahulu');
    const hasil = await periksaToken(k.db, token, k.now());
    if (!hasil.ok) return galatJson(c, 401, hasil.code, hasil.message);
    if (hasil.user.wajibGantiPassword && !BOLEH_SEBELUM_GANTI.has(c.req.path)) {
      return galatJson(c, 403, 'wajib_ganti_password', 'Ganti dulu kata sandi sekali pakai akun ini sebelum melanjutkan');
    }
    c.set('user', hasil.user);
    c.set('token', token);
    await next();
  };
}

/**
 * The event stream's guard: `?tiket=` from POST /auth/tiket, used once and valid 60 seconds, stands
 * for the session token it was issued to (checked again here: revoked or expired → 401).
 */
export function wajibTiket(k: Konteks): MiddlewareHandler<Lingkungan> {
  return async (c, next) => {
    const tiket = c.req.query('tiket');
    if (!tiket) return galatJson(c, 401, 'unauthorized', 'Tiket aliran peristiwa tidak ada; minta tiket baru lewat POST /auth/tiket');
    const hash = await pakaiTiket(k.db, tiket, k.now());
    if (!hash) return galatJson(c, 401, 'unauthorized', 'Tiket aliran peristiwa tidak valid, sudah dipakai atau kedaluwarsa');
    const hasil = await periksaHashToken(k.db, hash, k.now());
    if (!hasil.ok) return galatJson(c, 401, hasil.code, hasil.message);
    if (hasil.user.wajibGantiPassword) return galatJson(c, 403, 'wajib_ganti_password', 'Ganti dulu kata sandi sekali pakai akun ini sebelum melanjutkan');
    c.set('user', hasil.user);
    c.set('tokenHash', hash);
    await next();
  };
}
