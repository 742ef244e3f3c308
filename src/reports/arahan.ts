/**
 * Arahan (directives of a rakor) helpers shared by the Rakor screen, the Layar and the PDF.
 * Pure functions; "today" is passed in as YYYY-MM-DD.
 */
import type { Arahan, Opd, Rakor } from '../domain/schemas.ts';

export const LABEL_STATUS_ARAHAN: Record<Arahan['status'], string> = {
  baru: 'Baru',
  proses: 'Dalam proses',
  selesai: 'Selesai',
  'tidak-selesai': 'Tidak selesai',
};

export const LABEL_STATUS_RAKOR: Record<Rakor['status'], string> = {
  rencana: 'Rencana',
  berlangsung: 'Berlangsung',
  selesai: 'Selesai',
};

export const arahanTerbuka = (a: Pick<Arahan, 'status'>) => a.status === 'baru' || a.status === 'proses';

/** Still open and past its deadline. */
export const arahanLewat = (a: Pick<Arahan, 'status' | 'batasWaktu'>, hariIni: string) => arahanTerbuka(a) && a.batasWaktu < hariIni;

/** Who the arahan is for: the OPD's short name, or everyone. */
export function penanggungJawab(a: Pick<Arahan, 'opdId'>, opdById: ReadonlyMap<string, Pick<Opd, 'singkatan' | 'nama'>>): string {
  if (a.opdId === null) return 'Semua Perangkat Daerah';
  return opdById.get(a.opdId)?.singkatan ?? 'Perangkat daerah tidak dikenal';
}

const keyRakor = (r: Pick<Rakor, 'tahun' | 'triwulan' | 'tanggal'>) => `${r.tahun}-${r.triwulan}-${r.tanggal}`;

/** Rakor sorted newest first (by year, quarter, date), tombstones left out. */
export function urutRakor<R extends Pick<Rakor, 'tahun' | 'triwulan' | 'tanggal' | 'deleted'>>(daftar: readonly R[]): R[] {
  return daftar.filter((r) => !r.deleted).sort((a, b) => (keyRakor(a) < keyRakor(b) ? 1 : keyRakor(a) > keyRakor(b) ? -1 : 0));
}

/** The meeting before `kini`: its arahan open the agenda of `kini`. */
export function rakorSebelumnya<R extends Pick<Rakor, 'id' | 'tahun' | 'triwulan' | 'tanggal' | 'deleted'>>(daftar: readonly R[], kini: R): R | null {
  return urutRakor(daftar).find((r) => r.id !== kini.id && keyRakor(r) < keyRakor(kini)) ?? null;
}

/** Arahan of one rakor, overdue first, then by deadline. */
export function arahanRakor<A extends Arahan>(semua: readonly A[], rakorId: string, hariIni: string): A[] {
  return semua
    .filter((a) => !a.deleted && a.rakorId === rakorId)
    .sort((a, b) => Number(arahanLewat(b, hariIni)) - Number(arahanLewat(a, hariIni)) || a.batasWaktu.localeCompare(b.batasWaktu));
}
