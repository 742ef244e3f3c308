/**
 * Passwords (scrypt from node:crypto, constant-time compare), bearer tokens (random, stored as
 * sha256, 30 days, revocable), one-time event-stream tickets, the user table, and the login
 * backoff. Choices and their reasons: docs/security.md.
 */
import { createHash, randomBytes, scrypt as scryptCb, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { idBaru, userSchema, type Role, type User } from '../domain/schemas.ts';
import type { Kueri, Row } from './db.ts';

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, len: number, opts: { N: number; r: number; p: number; maxmem: number }) => Promise<Buffer>;
const PARAM = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
export const UMUR_TOKEN_MS = 30 * 24 * 3600 * 1000;

/** `scrypt$N$r$p$salt$hash` (base64). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const h = await scrypt(password, salt, 64, PARAM);
  return `scrypt$${PARAM.N}$${PARAM.r}$${PARAM.p}$${salt.toString('base64')}$${h.toString('base64')}`;
}

export async function cocokPassword(password: string, simpanan: string): Promise<boolean> {
  const [jenis, n, r, p, salt, hash] = simpanan.split('$');
  if (jenis !== 'scrypt' || !salt || !hash) return false;
  const harap = Buffer.from(hash, 'base64');
  const h = await scrypt(password, Buffer.from(salt, 'base64'), harap.length, { N: Number(n), r: Number(r), p: Number(p), maxmem: PARAM.maxmem });
  return h.length === harap.length && timingSafeEqual(h, harap);
}

/** Used when the username does not exist, so a miss costs as much time as a wrong password. */
let hashTiruan: Promise<string> | null = null;
export function hashPalsu(): Promise<string> {
  hashTiruan ??= hashPassword(randomBytes(12).toString('base64'));
  return hashTiruan;
}

export const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');
export const passwordAcak = (): string => randomBytes(12).toString('base64url');

export interface UserDb extends User {
  passwordHash: string;
  /** The printed one-time password is still in use: only /auth/me, /auth/password, /auth/logout answer. */
  wajibGantiPassword: boolean;
}

function keUser(r: Row): UserDb {
  const u = userSchema.parse({ id: r.id, username: r.username, nama: r.nama, role: r.role, opdId: r.opd_id ?? null, aktif: r.aktif });
  return { ...u, passwordHash: String(r.password_hash), wajibGantiPassword: r.wajib_ganti_password === true };
}

export const tanpaHash = ({ passwordHash: _, wajibGantiPassword: __, ...u }: UserDb): User => u;

export async function cariUser(db: Kueri, by: { id?: string; username?: string }): Promise<UserDb | null> {
  const rows = by.id
    ? await db.query('SELECT * FROM users WHERE id = $1', [by.id])
    : await db.query('SELECT * FROM users WHERE username = $1', [by.username ?? '']);
  return rows[0] ? keUser(rows[0]) : null;
}

export async function daftarUser(db: Kueri): Promise<User[]> {
  return (await db.query('SELECT * FROM users ORDER BY username')).map((r) => tanpaHash(keUser(r)));
}

export async function jumlahUser(db: Kueri): Promise<number> {
  const [r] = await db.query<{ n: unknown }>('SELECT count(*) AS n FROM users');
  return Number(r?.n ?? 0);
}

export interface UserBaru {
  username: string;
  nama: string;
  role: Role;
  opdId: string | null;
  aktif?: boolean;
  passwordHash: string;
  /** Set for the generated first admin password (docs/security.md §Akun admin pertama). */
  wajibGantiPassword?: boolean;
}

/** Throws `UsernameDipakai` when the username exists. */
export async function buatUser(db: Kueri, u: UserBaru): Promise<User> {
  const id = idBaru();
  const rows = await db.query(
    `INSERT INTO users (id, username, nama, role, opd_id, aktif, password_hash, wajib_ganti_password) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (username) DO NOTHING RETURNING *`,
    [id, u.username, u.nama, u.role, u.opdId, u.aktif ?? true, u.passwordHash, u.wajibGantiPassword ?? false],
  );
  if (!rows[0]) throw new UsernameDipakai(u.username);
  return tanpaHash(keUser(rows[0]));
}

export class UsernameDipakai extends Error {
  constructor(username: string) {
    super(`Nama pengguna "${username}" sudah dipakai`);
  }
}

/**
 * Changes exactly the fields present in `ubah` (an absent field keeps its stored value: a PATCH
 * with only `password` never touches `aktif`). A new password or a deactivation ends every session
 * of the user except `kecualiTokenHash` (the session that changed its own password stays signed in).
 * A password set by the user clears `wajibGantiPassword`.
 */
export async function ubahUser(
  db: Kueri,
  id: string,
  ubah: { nama?: string; role?: Role; opdId?: string | null; aktif?: boolean; passwordHash?: string; wajibGantiPassword?: boolean },
  opsi: { kecualiTokenHash?: string } = {},
): Promise<User | null> {
  const kolom: Record<string, string> = {
    nama: 'nama',
    role: 'role',
    opdId: 'opd_id',
    aktif: 'aktif',
    passwordHash: 'password_hash',
    wajibGantiPassword: 'wajib_ganti_password',
  };
  const set: string[] = [];
  const nilai: unknown[] = [id];
  for (const [k, v] of Object.entries(ubah)) {
    if (v === undefined || !kolom[k]) continue;
    nilai.push(v);
    set.push(`${kolom[k]} = $${nilai.length}`);
  }
  const rows = set.length
    ? await db.query(`UPDATE users SET ${set.join(', ')} WHERE id = $1 RETURNING *`, nilai)
    : await db.query('SELECT * FROM users WHERE id = $1', [id]);
  if (!rows[0]) return null;
  // A new password or a deactivated account ends every open session.
  if (ubah.passwordHash || ubah.aktif === false) await cabutSemuaToken(db, id, opsi.kecualiTokenHash);
  return tanpaHash(keUser(rows[0]));
}

export async function buatToken(db: Kueri, userId: string, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + UMUR_TOKEN_MS).toISOString();
  await db.query('INSERT INTO tokens (hash, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [sha256(token), userId, expiresAt, now.toISOString()]);
  return { token, expiresAt };
}

export type HasilToken = { ok: true; user: UserDb } | { ok: false; code: 'unauthorized' | 'token_expired'; message: string };

export function periksaToken(db: Kueri, token: string, now: Date): Promise<HasilToken> {
  return periksaHashToken(db, sha256(token), now);
}

/** Like periksaToken, for a token known only by its sha256 (the event stream opened with a ticket). */
export async function periksaHashToken(db: Kueri, hash: string, now: Date): Promise<HasilToken> {
  // One round trip: every API call pays for this check.
  const [r] = await db.query(`SELECT t.expires_at, t.revoked_at, u.* FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1`, [hash]);
  if (!r || r.revoked_at) return { ok: false, code: 'unauthorized', message: 'Sesi tidak valid; silakan masuk lagi' };
  if (new Date(r.expires_at as string).getTime() <= now.getTime()) {
    return { ok: false, code: 'token_expired', message: 'Sesi sudah berakhir; silakan masuk lagi' };
  }
  const user = keUser(r);
  if (!user.aktif) return { ok: false, code: 'unauthorized', message: 'Akun tidak aktif' };
  return { ok: true, user };
}

export async function cabutToken(db: Kueri, token: string, now: Date): Promise<void> {
  await db.query('UPDATE tokens SET revoked_at = $2 WHERE hash = $1 AND revoked_at IS NULL', [sha256(token), now.toISOString()]);
}

export async function cabutSemuaToken(db: Kueri, userId: string, kecualiHash?: string): Promise<void> {
  await db.query('UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL AND hash <> $2', [userId, kecualiHash ?? '']);
}

export const UMUR_TIKET_MS = 60_000;

/**
 * A one-time ticket for opening the event stream (docs/security.md §Tanpa token di URL): random,
 * stored as sha256, valid 60 seconds, bound to the session token that asked for it.
 */
export async function buatTiket(db: Kueri, tokenHash: string, now: Date): Promise<{ tiket: string; expiresAt: string }> {
  const tiket = randomBytes(24).toString('base64url');
  const expiresAt = new Date(now.getTime() + UMUR_TIKET_MS).toISOString();
  await db.query('DELETE FROM tiket_sse WHERE expires_at < $1', [now.toISOString()]);
  await db.query('INSERT INTO tiket_sse (hash, token_hash, expires_at) VALUES ($1, $2, $3)', [sha256(tiket), tokenHash, expiresAt]);
  return { tiket, expiresAt };
}

/** Uses a ticket up (deleted in the same statement): the token hash it stands for, or null. */
export async function pakaiTiket(db: Kueri, tiket: string, now: Date): Promise<string | null> {
  const [r] = await db.query('DELETE FROM tiket_sse WHERE hash = $1 RETURNING token_hash, expires_at', [sha256(tiket)]);
  if (!r || new Date(r.expires_at as string).getTime() <= now.getTime()) return null;
  return String(r.token_hash);
}

/**
 * Failed sign-ins slow the guesser down without locking the real user out (docs/security.md
 * §Batas percobaan masuk). Three counters, all in process (one server per pemda):
 * - per account and client address: after `bebas` failures each further try waits
 *   dasarMs·2^(n−bebas), up to `maksPasanganMs` (15 min). This is the guesser's own address;
 * - per client address over all accounts (one address trying many accounts): the same backoff
 *   after `bebasAlamat` failures;
 * - per account over all addresses (a guesser spread over many addresses): backoff after
 *   `bebasAkun` failures, capped at `maksAkunMs` (30 s), so the real user waits seconds, never
 *   minutes, whatever others do.
 * A success clears the account's counters for that address. Counters forget after `lupaMs`
 * without a failure. The client address comes from alamatKlien (trusted proxies only).
 */
export class BatasMasuk {
  readonly #gagal = new Map<string, { n: number; terakhir: number }>();
  readonly opsi: { bebas: number; bebasAlamat: number; bebasAkun: number; dasarMs: number; maksPasanganMs: number; maksAkunMs: number; lupaMs: number };

  constructor(opsi: Partial<BatasMasuk['opsi']> = {}) {
    this.opsi = { bebas: 5, bebasAlamat: 30, bebasAkun: 20, dasarMs: 1000, maksPasanganMs: 15 * 60_000, maksAkunMs: 30_000, lupaMs: 60 * 60_000, ...opsi };
  }

  #baca(key: string, now: number): { n: number; terakhir: number } | null {
    const g = this.#gagal.get(key);
    if (g && now - g.terakhir > this.opsi.lupaMs) {
      this.#gagal.delete(key);
      return null;
    }
    return g ?? null;
  }
  #tunggu(key: string, bebas: number, maks: number, now: number): number {
    const g = this.#baca(key, now);
    if (!g || g.n < bebas) return 0;
    const jeda = Math.min(maks, this.opsi.dasarMs * 2 ** Math.min(30, g.n - bebas));
    return Math.max(0, g.terakhir + jeda - now);
  }
  #key(username: string, alamat: string) {
    const u = username.toLowerCase();
    return { pasangan: `p|${u}|${alamat}`, alamat: `a|${alamat}`, akun: `u|${u}` };
  }
  /** Milliseconds to wait before this account may be tried from this address, or 0. */
  tunggu(username: string, alamat: string, now: number): number {
    const k = this.#key(username, alamat);
    return Math.max(
      this.#tunggu(k.pasangan, this.opsi.bebas, this.opsi.maksPasanganMs, now),
      this.#tunggu(k.alamat, this.opsi.bebasAlamat, this.opsi.maksPasanganMs, now),
      this.#tunggu(k.akun, this.opsi.bebasAkun, this.opsi.maksAkunMs, now),
    );
  }
  catatGagal(username: string, alamat: string, now: number): void {
    for (const key of Object.values(this.#key(username, alamat))) {
      const g = this.#baca(key, now);
      this.#gagal.set(key, { n: (g?.n ?? 0) + 1, terakhir: now });
    }
  }
  bersihkan(username: string, alamat: string): void {
    const k = this.#key(username, alamat);
    this.#gagal.delete(k.pasangan);
    this.#gagal.delete(k.akun);
  }
}
