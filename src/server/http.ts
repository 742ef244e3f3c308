/**
 * What every route module shares: the server context, the JSON error shape, body parsing with the
 * shared Zod schemas, and the bearer-token guard.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { pesanZod } from '../domain/schemas.ts';
import { periksaToken, type BatasMasuk, type UserDb } from './auth.ts';
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
}

export type Lingkungan = { Variables: { user: UserDb; token: string } };

type Status = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 429 | 500;
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

/** Bearer token (or `?token=` for EventSource, which cannot send headers) → the signed-in user. */
export function wajibMasuk(k: Konteks, opsi: { tokenDiQuery?: boolean } = {}): MiddlewareHandler<Lingkungan> {
  return async (c, next) => {
    const h = c.req.header('Authorization');
    const token = h?.startsWith('Bearer ') ? h.slice(7).trim() : opsi.tokenDiQuery ? c.req.query('token') : undefined;
    if (!token) return galatJson(c, 401, 'unauthorized', 'Belum masuk; silakan masuk terlebih dahulu');
    const hasil = await periksaToken(k.db, token, k.now());
    if (!hasil.ok) return galatJson(c, 401, hasil.code, hasil.message);
    c.set('user', hasil.user);
    c.set('token', token);
    await next();
  };
}

