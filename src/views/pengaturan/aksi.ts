/** Writes of the Pengaturan screen. Offline: a period lock is a local write, pushed at the next sync. */
import type { PantauDB } from '../../db/database.ts';
import { simpan } from '../../db/repo.ts';
import { idAlami } from '../../domain/schemas.ts';
import type { Triwulan } from '../../domain/periode.ts';

export async function aturKunci(db: PantauDB, tahun: number, triwulan: Triwulan, terkunci: boolean, oleh: string, now: Date = new Date()): Promise<void> {
  await simpan(db, 'kunciPeriode', idAlami.kunciPeriode(tahun, triwulan), { tahun, triwulan, terkunci, oleh, pada: now.toISOString() }, oleh, now);
}

/** Saves a Blob as a file through a temporary link. */
export function unduhBerkas(blob: Blob, nama: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = nama;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** "1,2 MB" style sizes. */
export function formatUkuran(byte: number): string {
  const satuan = ['B', 'KB', 'MB', 'GB', 'TB'];
  let n = byte;
  let i = 0;
  while (n >= 1024 && i < satuan.length - 1) {
    n /= 1024;
    i++;
  }
  return `${n.toLocaleString('id-ID', { maximumFractionDigits: i === 0 ? 0 : 1 })} ${satuan[i]}`;
}
