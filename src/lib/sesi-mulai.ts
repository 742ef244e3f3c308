/**
 * What a session needs once it starts, loaded with `import()` by the session (sesi.svelte.ts) when
 * someone signs in or a stored session is restored: the user's Dexie database, the sync client and
 * engine, and the Zod check of the stored session. The sign-in page needs none of it, so none of it
 * is in the first load. The service worker precaches this chunk: a restored session opens offline.
 */
import { loginResponseSchema, type LoginResponse } from '../shared/protocol.ts';
import { PantauDB, namaDatabase } from '../db/database.ts';
import { KlienSinkron, GalatJaringan, type FetchFn } from '../sync/client.ts';
import { MesinSinkron, type OpsiMesin } from '../sync/engine.ts';

export interface Sambungan {
  baseUrl: string;
  fetch?: FetchFn;
}

/** The full check of a stored session (the first paint only checked its shape); null when invalid. */
export function sesiTersimpanValid(data: unknown): LoginResponse | null {
  const p = loginResponseSchema.safeParse(data);
  return p.success ? p.data : null;
}

/** One database per user: two officers sharing a tablet never see each other's unsent work. */
export function bukaDatabase(userId: string): PantauDB {
  return new PantauDB(namaDatabase(userId));
}

export function klien(s: Sambungan, getToken: () => string | null): KlienSinkron {
  return new KlienSinkron({ baseUrl: s.baseUrl, getToken, fetch: s.fetch });
}

/** POST /auth/login (needs the network). Throws Error with an Indonesian message. */
export async function masukKeServer(s: Sambungan, username: string, password: string): Promise<LoginResponse> {
  try {
    return await klien(s, () => null).masuk(username, password);
  } catch (e) {
    if (e instanceof GalatJaringan) throw new Error('Tidak dapat terhubung ke server. Masuk pertama kali memerlukan koneksi internet.', { cause: e });
    throw e instanceof Error ? e : new Error('Gagal masuk.');
  }
}

export function buatMesin(opsi: OpsiMesin): MesinSinkron {
  return new MesinSinkron(opsi);
}
