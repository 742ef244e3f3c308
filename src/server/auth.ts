/**
 * Passwords (scrypt from node:crypto, constant-time compare), bearer tokens (random, stored as
 * sha256, 30 days, revocable), the user table, and the login rate limit.
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
}

function keUser(r: Row): UserDb {
  const u = userSchema.parse({ id: r.id, username: r.username, nama: r.nama, role: r.role, opdId: r.opd_id ?? null, aktif: r.aktif });
  return { ...u, passwordHash: String(r.password_hash) };
}

export const tanpaHash = ({ passwordHash: _, ...u }: UserDb): User => u;

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
}

/** Throws `UsernameDipakai` when the username exists. */
export async function buatUser(db: Kueri, u: UserBaru): Promise<User> {
  const id = idBaru();
  const rows = await db.query(
    `INSERT INTO users (id, username, nama, role, opd_id, aktif, password_hash) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (username) DO NOTHING RETURNING *`,
    [id, u.username, u.nama, u.role, u.opdId, u.aktif ?? true, u.passwordHash],
  );
  if (!rows[0]) throw new UsernameDipakai(u.username);
  return tanpaHash(keUser(rows[0]));
}

export class UsernameDipakai extends Error {
  constructor(username: string) {
    super(`Nama pengguna "${username}" sudah dipakai`);
  }
}

export async function ubahUser(
  db: Kueri,
  id: string,
  ubah: { nama?: string; role?: Role; opdId?: string | null; aktif?: boolean; passwordHash?: string },
): Promise<User | null> {
  const lama = await cariUser(db, { id });
  if (!lama) return null;
  const baru = { ...lama, ...Object.fromEntries(Object.entries(ubah).filter(([, v]) => v !== undefined)) } as UserDb;
  const rows = await db.query(
    'UPDATE users SET nama = $2, role = $3, opd_id = $4, aktif = $5, password_hash = $6 WHERE id = $1 RETURNING *',
    [id, baru.nama, baru.role, baru.opdId, baru.aktif, baru.passwordHash],
  );
  // A new password or a deactivated account ends every open session.
  if (ubah.passwordHash || ubah.aktif === false) await cabutSemuaToken(db, id);
  return rows[0] ? tanpaHash(keUser(rows[0])) : null;
}

export async function buatToken(db: Kueri, userId: string, now: Date): Promise<{ token: string; expiresAt: string }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + UMUR_TOKEN_MS).toISOString();
  await db.query('INSERT INTO tokens (hash, user_id, expires_at, created_at) VALUES ($1, $2, $3, $4)', [sha256(token), userId, expiresAt, now.toISOString()]);
  return { token, expiresAt };
}

export type HasilToken = { ok: true; user: UserDb } | { ok: false; code: 'unauthorized' | 'token_expired'; message: string };

export async function periksaToken(db: Kueri, token: string, now: Date): Promise<HasilToken> {
  // One round trip: every API call pays for this check.
  const [r] = await db.query(
    `SELECT t.expires_at, t.revoked_at, u.* FROM tokens t JOIN users u ON u.id = t.user_id WHERE t.hash = $1`,
    [sha256(token)],
  );
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

export async function cabutSemuaToken(db: Kueri, userId: string): Promise<void> {
  await db.query('UPDATE tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL', [userId]);
}

/** Failed logins per username+IP in a sliding window (in process: one server per pemda). */
export class BatasMasuk {
  readonly #gagal = new Map<string, number[]>();
  constructor(readonly maks = 10, readonly jendelaMs = 15 * 60 * 1000) {}

  #segar(kunci: string, now: number): number[] {
    const t = (this.#gagal.get(kunci) ?? []).filter((x) => now - x < this.jendelaMs);
    if (t.length) this.#gagal.set(kunci, t);
    else this.#gagal.delete(kunci);
    return t;
  }
  /** Milliseconds to wait, or 0 when a try is allowed. */
  tunggu(kunci: string, now: number): number {
    const t = this.#segar(kunci, now);
    return t.length >= this.maks ? this.jendelaMs - (now - t[0]!) : 0;
  }
  catatGagal(kunci: string, now: number): void {
    this.#gagal.set(kunci, [...this.#segar(kunci, now), now]);
  }
  bersihkan(kunci: string): void {
    this.#gagal.delete(kunci);
  }
}
