/**
 * What the signed-in user may edit on the data-entry screens. The server enforces the same rules
 * (docs/architecture.md "Roles and permissions"); the UI only mirrors them so nobody types into a grid whose values would be rejected.
 */
import type { KunciPeriode, User } from '../domain/schemas.ts';

/** Operators write their own OPD only; admins every OPD; pimpinan and viewer read only. */
export function bolehIsiOpd(user: Pick<User, 'role' | 'opdId'> | null | undefined, opdId: string): boolean {
  if (!user || !opdId) return false;
  if (user.role === 'admin') return true;
  return user.role === 'operator' && user.opdId === opdId;
}

export type AlasanHanyaBaca = 'peran' | 'terkunci' | 'ditandatangani' | null;

/** Why a quarter's data is read-only for this user (null: editable). A locked period binds every role. */
export function alasanHanyaBaca(user: Pick<User, 'role' | 'opdId'> | null | undefined, opdId: string, kunci: KunciPeriode | null): AlasanHanyaBaca {
  if (kunci?.terkunci) return 'terkunci';
  if (!bolehIsiOpd(user, opdId)) return 'peran';
  return null;
}

/** The OPD an operator is tied to (their picker shows only it); null for other roles. */
export function opdTetap(user: Pick<User, 'role' | 'opdId'> | null | undefined): string | null {
  return user?.role === 'operator' ? user.opdId : null;
}
