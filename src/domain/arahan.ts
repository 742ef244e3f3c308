/**
 * Arahan and their follow-up per addressee (docs/domain/rakor.md §Tindak lanjut; issue 9 point 5).
 * An arahan addressed to every OPD is followed up by each OPD on its own `tindakLanjutArahan`
 * record; the arahan's status is derived from those records, never stored once for everyone.
 * Pure functions; "today" is passed in as YYYY-MM-DD (WIB).
 */
import type { Arahan, Opd, TindakLanjutArahan } from './schemas.ts';

export type StatusArahan = Arahan['status'];

/**
 * Only "selesai" closes an arahan. "Tidak selesai" (the chair's verdict at the deadline) still
 * needs follow-up: it stays on every later meeting's agenda and counts as open and overdue,
 * as on Beranda (docs/domain/rakor.md §Tindak lanjut).
 */
export const statusTertutup = (s: StatusArahan): boolean => s === 'selesai';

/**
 * The OPD ids an arahan is addressed to: its own OPD, or for `opdId: null` every active OPD
 * except the kepala-daerah entry (whose PK is the region's, not an addressee of a rakor).
 * OPDs deactivated later keep the follow-up they already reported.
 */
export function penerimaArahan(
  a: Pick<Arahan, 'opdId' | 'id'>,
  opd: readonly Pick<Opd, 'id' | 'jenis' | 'aktif' | 'deleted'>[],
  tl: readonly Pick<TindakLanjutArahan, 'arahanId' | 'opdId' | 'deleted'>[] = [],
): string[] {
  if (a.opdId !== null) return [a.opdId];
  const ids = new Set(opd.filter((o) => !o.deleted && o.aktif !== false && o.jenis !== 'kepala-daerah').map((o) => o.id));
  for (const t of tl) if (!t.deleted && t.arahanId === a.id) ids.add(t.opdId);
  return [...ids];
}

/** Index of follow-up records by `${arahanId}:${opdId}`. */
export function indeksTindakLanjut<T extends Pick<TindakLanjutArahan, 'arahanId' | 'opdId' | 'deleted'>>(tl: readonly T[]): Map<string, T> {
  return new Map(tl.filter((t) => !t.deleted).map((t) => [`${t.arahanId}:${t.opdId}`, t]));
}

/**
 * Status of an arahan for ONE addressee: its own follow-up record's status; without one, the
 * arahan's legacy status (records from before per-addressee follow-up) — 'baru' for new ones.
 */
export function statusUntuk(a: Pick<Arahan, 'id' | 'status'>, opdId: string, idx: ReadonlyMap<string, Pick<TindakLanjutArahan, 'status'>>): StatusArahan {
  return idx.get(`${a.id}:${opdId}`)?.status ?? a.status;
}

/**
 * The arahan's overall status from its addressees' statuses:
 * every addressee selesai → selesai; every one selesai or tidak-selesai (at least one tidak-selesai)
 * → tidak-selesai; any follow-up started → proses; else baru. No addressee → the stored status.
 */
export function statusGabungan(statuses: readonly StatusArahan[], cadangan: StatusArahan): StatusArahan {
  if (statuses.length === 0) return cadangan;
  if (statuses.every((s) => s === 'selesai')) return 'selesai';
  if (statuses.every((s) => s === 'selesai' || s === 'tidak-selesai')) return 'tidak-selesai';
  if (statuses.some((s) => s !== 'baru')) return 'proses';
  return 'baru';
}

export interface KeadaanArahan {
  status: StatusArahan;
  /** Addressees with their own status and follow-up text. */
  per: { opdId: string; status: StatusArahan; uraian: string; oleh: string; pada: string }[];
  /** Addressees still open (not selesai). */
  terbuka: string[];
}

/** Derived state of one arahan: overall status and each addressee's part. */
export function keadaanArahan(
  a: Pick<Arahan, 'id' | 'opdId' | 'status' | 'tindakLanjut'>,
  opd: readonly Pick<Opd, 'id' | 'jenis' | 'aktif' | 'deleted'>[],
  tl: readonly TindakLanjutArahan[],
): KeadaanArahan {
  const idx = indeksTindakLanjut(tl);
  const per = penerimaArahan(a, opd, tl).map((opdId) => {
    const t = idx.get(`${a.id}:${opdId}`);
    return {
      opdId,
      status: t?.status ?? a.status,
      uraian: t?.uraian ?? (a.opdId !== null ? a.tindakLanjut : ''),
      oleh: t?.updatedBy ?? '',
      pada: t?.updatedAt ?? '',
    };
  });
  return {
    status: statusGabungan(
      per.map((p) => p.status),
      a.status,
    ),
    per,
    terbuka: per.filter((p) => !statusTertutup(p.status)).map((p) => p.opdId),
  };
}

/** Live arahan (not withdrawn, not tombstoned). */
export const arahanBerlaku = <A extends Pick<Arahan, 'deleted' | 'dibatalkan'>>(a: A): boolean => !a.deleted && a.dibatalkan !== true;
