/** Writes of the Perangkat Daerah screen (admin only, mirrored by the server). Offline: stored at once, pushed later. */
import type { PantauDB } from '../../db/database.ts';
import { simpan, ValidasiError } from '../../db/repo.ts';
import type { RecordOf } from '../../domain/schemas.ts';
import type { User } from '../../domain/schemas.ts';

export type IsianOpd = Pick<RecordOf<'opd'>, 'kode' | 'nama' | 'singkatan' | 'jenis' | 'urutan' | 'kepala'>;

export function bolehUbahOpd(user: User | undefined): boolean {
  return user?.role === 'admin';
}

/** Saves a new (id null) or edited OPD. Returns the Indonesian errors per field, or null when saved. */
export async function simpanOpd(db: PantauDB, id: string | null, isian: IsianOpd, oleh: string): Promise<Record<string, string> | null> {
  try {
    await simpan(db, 'opd', id, isian, oleh);
    return null;
  } catch (e) {
    if (e instanceof ValidasiError) return e.fields;
    throw e;
  }
}
