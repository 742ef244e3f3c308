/**
 * Why the server rejected a mutation: a machine code (`kode`) that the client decides by, next to
 * the Indonesian reason the user reads (docs/sync-protocol.md, "Rejection codes"). The client never
 * matches the reason's text: the text may be reworded, the code is the contract.
 *
 * Imports nothing from src/lib/ or src/views/: the server uses this module too.
 */
import { z } from 'zod';
import { namaTriwulan } from '../domain/periode.ts';

/**
 * The one vocabulary of rejection codes (docs/sync-protocol.md "Rejection codes"):
 * - `izin`: this account may not write this record or field;
 * - `kunci`: the record's period is locked (kunciPeriode);
 * - `beku`: the PK is signed; its contents change only through a Perubahan PK;
 * - `validasi`: the merged record breaks its Zod schema (or a natural-key id is wrong);
 * - `ukuran`: a text field, list or the whole record is larger than its limit;
 * - `induk`: a parent record (pk, sasaran, indikator, program) is not on the server (yet);
 * - `konflik`: konflik records are changed only by resolving them, once;
 * - `lain`: anything else (an older client reads unknown future codes as this).
 */
export const KODE_PENOLAKAN = ['izin', 'kunci', 'beku', 'validasi', 'ukuran', 'induk', 'konflik', 'lain'] as const;
export type KodePenolakan = (typeof KODE_PENOLAKAN)[number];
/** Parses a code from the wire; an unknown or missing one becomes `lain` (forward compatible). */
export const kodePenolakanSchema = z.enum(KODE_PENOLAKAN).catch('lain');

/** Opening of every permission refusal. */
export const AWALAN_IZIN = 'Anda tidak berhak mengubah data ini';

/** A rejection as the server decides it: the code plus the reason shown to the user. */
export interface Penolakan {
  kode: KodePenolakan;
  alasan: string;
}
export const tolakan = (kode: KodePenolakan, alasan: string): Penolakan => ({ kode, alasan });

/** A locked period refuses every change to its realisasi, anggaran and laporan (code `kunci`). */
export function alasanKunci(tahun: number, tw: number, oleh: string): string {
  return `Periode ${namaTriwulan(tw)} tahun ${tahun} sudah dikunci${oleh ? ` oleh ${oleh}` : ''}; data tidak dapat diubah. Minta admin Bappeda membuka kunci bila perlu koreksi.`;
}

/**
 * A corrected value can get through a `validasi` or `ukuran` rejection ("Perbaiki"); so may one of
 * unknown cause (`lain`, or none: stored before codes existed). For `izin`, `kunci`, `beku`, `induk`
 * the value itself is fine and only its cause stands in the way.
 */
export function diperbaikiDenganNilai(kode: KodePenolakan | undefined): boolean {
  return kode === undefined || kode === 'validasi' || kode === 'ukuran' || kode === 'lain';
}

/**
 * "Kirim ulang" (issue 9 §6) makes sense when the cause may lie outside the value and may have gone
 * (an admin unlocked the period, a right was granted, a parent record arrived): every code except
 * `validasi` and `ukuran` (the same value fails again) and `konflik` (resolved once, for good).
 */
export function dapatDikirimUlang(kode: KodePenolakan | undefined): boolean {
  return kode !== 'validasi' && kode !== 'ukuran' && kode !== 'konflik';
}

/**
 * The coarse kind the UI words its notices by: 'kunci' (locked period), 'izin' (no right), 'tetap'
 * (signed PK, missing parent, konflik: not fixed by another value), 'lain' (a corrected value can
 * get through). Decided by the code only; a rejection stored before codes existed counts as 'lain'.
 */
export type JenisPenolakan = 'kunci' | 'izin' | 'tetap' | 'lain';
export function jenisPenolakan(kode: KodePenolakan | undefined): JenisPenolakan {
  if (kode === 'kunci' || kode === 'izin') return kode;
  return diperbaikiDenganNilai(kode) ? 'lain' : 'tetap';
}

/**
 * The code of a failed schema parse: `ukuran` when a length or size limit was exceeded (a text's
 * characters, a list's items, a custom check marked `params: { kode: 'ukuran' }` like pk.snapshot),
 * else `validasi`. Numeric maxima (persen ≤ 100) are `validasi`: another value fixes them.
 */
export function kodeDariZod(error: z.ZodError): KodePenolakan {
  const ukuran = error.issues.some(
    (i) =>
      (i.code === 'too_big' && i.origin !== 'number' && i.origin !== 'int' && i.origin !== 'bigint' && i.origin !== 'date') ||
      (i.code === 'custom' && (i.params as { kode?: unknown } | undefined)?.kode === 'ukuran'),
  );
  return ukuran ? 'ukuran' : 'validasi';
}
