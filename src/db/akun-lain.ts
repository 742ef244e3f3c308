/**
 * Unsent edits of OTHER accounts on this device (issue 9 point 10, docs/offline.md). Each account
 * has its own database (namaDatabase), so when a deactivated officer's tablet passes to a colleague
 * the first officer's pending edits would stay invisible. At sign-in the app lists them, says whose
 * they are, and offers each as a backup file (eksporCadangan states the owner) to hand to Bappeda.
 * Nothing here writes to or deletes another account's database.
 */
import Dexie from 'dexie';
import { PantauDB, namaDatabase } from './database.ts';
import { bacaPemilik, eksporCadangan, type Pemilik } from './cadangan.ts';

const AWALAN = namaDatabase('');

export interface TertundaAkunLain {
  /** The database name (pantau-kinerja-<userId>). */
  namaDb: string;
  userId: string;
  /** Known when that account signed in on a version that records it; null otherwise. */
  pemilik: Pemilik | null;
  tertunda: number;
  /** Bukti dukung files still waiting to be uploaded (carried by the backup file too; docs/bukti-dukung.md "Cadangan"). */
  berkas: number;
}

/** Every other account's database on this device that still holds unsent edits or evidence files not yet uploaded. */
export async function cariTertundaAkunLain(userIdKini: string): Promise<TertundaAkunLain[]> {
  let nama: string[];
  try {
    nama = await Dexie.getDatabaseNames();
  } catch {
    return []; // a browser that cannot list databases: nothing to announce
  }
  const hasil: TertundaAkunLain[] = [];
  for (const n of nama) {
    if (!n.startsWith(AWALAN) || n === namaDatabase(userIdKini)) continue;
    const db = new PantauDB(n);
    try {
      await db.open();
      const tertunda = await db.outbox.count();
      const berkas = await db.berkasLokal.where('status').anyOf('lokal', 'mengunggah').count();
      if (tertunda > 0 || berkas > 0) hasil.push({ namaDb: n, userId: n.slice(AWALAN.length), pemilik: await bacaPemilik(db), tertunda, berkas });
    } catch {
      // An unreadable database (newer schema, blocked): skip it rather than fail the sign-in.
    } finally {
      db.close();
    }
  }
  return hasil;
}

/** Another account's database as a backup file (its owner and pending count stated in the file). */
export async function eksporAkunLain(namaDb: string, now: Date = new Date()): Promise<Blob> {
  const db = new PantauDB(namaDb);
  try {
    await db.open();
    return await eksporCadangan(db, now);
  } finally {
    db.close();
  }
}
