/**
 * Who may change what on the Rakor screen (mirrors the server's rules, docs/architecture.md "Roles and permissions"): pimpinan and admin
 * write rakor and arahan; an operator may update only the follow-up (tindakLanjut, status) of an
 * arahan addressed to its OPD or to every OPD; viewers read.
 */
import type { Arahan, User } from '../../domain/schemas.ts';

type Pengguna = Pick<User, 'role' | 'opdId'> | null | undefined;

export const bolehKelolaRakor = (u: Pengguna) => u?.role === 'admin' || u?.role === 'pimpinan';

export function bolehTindakLanjut(u: Pengguna, a: Pick<Arahan, 'opdId'>): boolean {
  if (bolehKelolaRakor(u)) return true;
  return u?.role === 'operator' && u.opdId !== null && (a.opdId === null || a.opdId === u.opdId);
}

/** Status choices an operator may set (verification-like closing stays with the chair). */
export function pilihanStatus(u: Pengguna): Arahan['status'][] {
  return bolehKelolaRakor(u) ? ['baru', 'proses', 'selesai', 'tidak-selesai'] : ['baru', 'proses', 'selesai'];
}
