/**
 * Writes of the Pejabat screen (admin only; the server enforces it in src/server/izin.ts): one
 * record per assignment over time (docs/domain/pejabat.md §Data). Ending an assignment sets its
 * last day; a successor is a new record, so past PKs and evaluations keep pointing at who was there.
 * Offline: stored at once, pushed later.
 */
import type { PantauDB } from '../../db/database.ts';
import { simpan, transaksiTulis, ValidasiError } from '../../db/repo.ts';
import type { PejabatRecord, User } from '../../domain/schemas.ts';
import { tambahTanggal } from '../../domain/periode.ts';

export type IsianPejabat = Pick<PejabatRecord, 'nama' | 'nip' | 'pangkat' | 'jabatan' | 'level' | 'penugasan' | 'opdId' | 'tmt' | 'selesai' | 'dasarPenugasan'>;

export function bolehUbahPejabat(user: Pick<User, 'role'> | undefined): boolean {
  return user?.role === 'admin';
}

export function isianKosong(opdId: string, tmt: string): IsianPejabat {
  return { nama: '', nip: '', pangkat: '', jabatan: '', level: 'jpt-pratama', penugasan: 'definitif', opdId, tmt, selesai: null, dasarPenugasan: '' };
}

/** Saves a new (id null) or edited assignment. Returns the Indonesian errors per field, or null when saved. */
export async function simpanPejabat(db: PantauDB, id: string | null, isian: IsianPejabat, oleh: string): Promise<Record<string, string> | null> {
  try {
    await simpan(db, 'pejabat', id, { ...isian, selesai: isian.selesai || null }, oleh);
    return null;
  } catch (e) {
    if (e instanceof ValidasiError) return e.fields;
    throw e;
  }
}

/**
 * Hands the position over on `tmtBaru`: the current holder's assignment ends the day before and
 * the successor's starts, in ONE transaction (a closed tab or a refused write never leaves two
 * holders, nor a position with none). Errors per field as in `simpanPejabat`; the key '' when the
 * holder was already ended or removed (on this device or by a sync) since the form opened.
 */
export async function gantiPejabat(db: PantauDB, lama: PejabatRecord, baru: IsianPejabat, oleh: string): Promise<Record<string, string> | null> {
  if (baru.tmt <= lama.tmt) return { tmt: 'TMT pengganti harus sesudah TMT pejabat sebelumnya' };
  try {
    return await transaksiTulis(db, async () => {
      // Decided on what is stored now, not on the screen's earlier read: another device may have
      // ended or removed this assignment since the form opened.
      const kini = await db.pejabat.get(lama.id);
      if (!kini || kini.deleted || kini.selesai)
        return { '': `Penugasan ${lama.nama} sudah diakhiri atau dihapus; muat ulang daftar pejabat sebelum mengganti.` };
      await simpan(db, 'pejabat', null, { ...baru, opdId: kini.opdId, selesai: baru.selesai || null }, oleh);
      await simpan(db, 'pejabat', kini.id, { selesai: tambahTanggal(baru.tmt, { hari: -1 }) }, oleh);
      return null;
    });
  } catch (e) {
    if (e instanceof ValidasiError) return e.fields;
    throw e;
  }
}
