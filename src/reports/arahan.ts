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

/** Needs follow-up: anything but "selesai" ("tidak selesai" stays on the agenda; see domain/arahan.ts). */
export const arahanTerbuka = (a: Pick<Arahan, 'status'>) => a.status !== 'selesai';

/**
 * Still open and past its deadline. `status`: the derived status (see domain/arahan.ts
 * `keadaanArahan`) when follow-up records exist; defaults to the arahan's own status.
 */
export const arahanLewat = (a: Pick<Arahan, 'status' | 'batasWaktu'>, hariIni: string, status: Arahan['status'] = a.status) =>
  arahanTerbuka({ status }) && a.batasWaktu < hariIni;

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

/** Arahan of one rakor (withdrawn ones left out), overdue first, then by deadline. */
export function arahanRakor<A extends Arahan>(semua: readonly A[], rakorId: string, hariIni: string): A[] {
  return semua
    .filter((a) => !a.deleted && !a.dibatalkan && a.rakorId === rakorId)
    .sort((a, b) => Number(arahanLewat(b, hariIni)) - Number(arahanLewat(a, hariIni)) || a.batasWaktu.localeCompare(b.batasWaktu));
}

/** One earlier meeting's arahan that the current meeting follows up, with per-meeting counts. */
export interface KelompokTindakLanjut<R, A> {
  rakor: R;
  /** The arahan shown: every one of the previous meeting, the still-open ones of older meetings. */
  arahan: { arahan: A; status: Arahan['status']; lewat: boolean }[];
  /** Counts over ALL live arahan of that meeting. */
  jumlah: number;
  terbuka: number;
  lewat: number;
  selesai: number;
}

/**
 * Follow-up agenda of meeting `kini` (docs/domain/rakor.md §Tindak lanjut): for EVERY earlier
 * meeting, its arahan still open (with the previous meeting's closed ones too, so the chair sees
 * what was done since), grouped per meeting, newest first, with that meeting's counts. An arahan
 * of TW II marked open stays on the TW IV agenda until its addressees close it.
 * `statusDari` gives an arahan's derived status (from per-addressee follow-up).
 */
export function tindakLanjutSebelumnya<R extends Pick<Rakor, 'id' | 'tahun' | 'triwulan' | 'tanggal' | 'deleted'>, A extends Arahan>(
  semuaRakor: readonly R[],
  kini: R,
  semuaArahan: readonly A[],
  hariIni: string,
  statusDari: (a: A) => Arahan['status'] = (a) => a.status,
): KelompokTindakLanjut<R, A>[] {
  const lalu = rakorSebelumnya(semuaRakor, kini);
  const keyKini = keyRakor(kini);
  const hasil: KelompokTindakLanjut<R, A>[] = [];
  for (const r of urutRakor(semuaRakor)) {
    if (r.id === kini.id || keyRakor(r) >= keyKini) continue;
    const semua = arahanRakor(semuaArahan as A[], r.id, hariIni).map((a) => {
      const status = statusDari(a);
      return { arahan: a, status, lewat: arahanLewat(a, hariIni, status) };
    });
    const tampil = r.id === lalu?.id ? semua : semua.filter((x) => arahanTerbuka({ status: x.status }));
    if (tampil.length === 0 && r.id !== lalu?.id) continue;
    hasil.push({
      rakor: r,
      arahan: tampil,
      jumlah: semua.length,
      terbuka: semua.filter((x) => arahanTerbuka({ status: x.status })).length,
      lewat: semua.filter((x) => x.lewat).length,
      selesai: semua.filter((x) => x.status === 'selesai').length,
    });
  }
  return hasil;
}
