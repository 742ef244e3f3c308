/** Writes of the Perangkat Daerah screen (admin only, mirrored by the server). Offline: stored at once, pushed later. */
import type { PantauDB } from '../../db/database.ts';
import { simpan, transaksiTulis, ValidasiError } from '../../db/repo.ts';
import type { RecordOf } from '../../domain/schemas.ts';
import type { User } from '../../domain/schemas.ts';

export type IsianOpd = Pick<RecordOf<'opd'>, 'kode' | 'nama' | 'singkatan' | 'jenis' | 'urutan' | 'kepala'>;

export function bolehUbahOpd(user: User | undefined): boolean {
  return user?.role === 'admin';
}

const norm = (s: string) => s.trim().toLocaleLowerCase('id');

/**
 * Kode and singkatan already used by another OPD of the pemda (case and spaces ignored), as field
 * errors; the server enforces the same rule (docs/domain/rakor.md §Koreksi).
 */
export function opdKembar(semua: readonly RecordOf<'opd'>[], id: string | null, isian: Pick<IsianOpd, 'kode' | 'singkatan'>): Record<string, string> | null {
  const galat: Record<string, string> = {};
  for (const o of semua) {
    if (o.deleted || o.id === id) continue;
    if (isian.kode.trim() && norm(o.kode) === norm(isian.kode)) galat.kode ??= `Kode sudah dipakai ${o.nama}`;
    if (isian.singkatan.trim() && norm(o.singkatan) === norm(isian.singkatan)) galat.singkatan ??= `Singkatan sudah dipakai ${o.nama}`;
  }
  return Object.keys(galat).length ? galat : null;
}

/** Saves a new (id null) or edited OPD. Returns the Indonesian errors per field, or null when saved. */
export async function simpanOpd(db: PantauDB, id: string | null, isian: IsianOpd, oleh: string): Promise<Record<string, string> | null> {
  try {
    // The duplicate check and the write in one transaction: a sync landing between them cannot
    // slip a second OPD with the same kode past the check.
    return await transaksiTulis(db, async () => {
      const kembar = opdKembar(await db.opd.toArray(), id, isian);
      if (kembar) return kembar;
      await simpan(db, 'opd', id, isian, oleh);
      return null;
    });
  } catch (e) {
    if (e instanceof ValidasiError) return e.fields;
    throw e;
  }
}

/**
 * Deactivates (or reactivates) an OPD instead of deleting it: its PKs, realisasi and arahan keep
 * pointing at it; an inactive OPD leaves new summaries and arahan choices (docs/domain/rakor.md §Koreksi).
 */
export async function ubahAktifOpd(db: PantauDB, id: string, aktif: boolean, oleh: string): Promise<void> {
  await simpan(db, 'opd', id, { aktif }, oleh);
}
