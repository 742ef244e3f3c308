/**
 * The kinds of reason the server gives for a rejected mutation. The server builds its texts from
 * these pieces and the browser recognises them with the same pieces, so the two cannot drift apart
 * (the outbox keeps only the Indonesian text the user reads).
 */
import { namaTriwulan } from '../lib/format.ts';

/** Opening of every permission refusal. */
export const AWALAN_IZIN = 'Anda tidak berhak mengubah data ini';
const PENANDA_KUNCI = 'sudah dikunci';

/** A locked period refuses every change to its realisasi, anggaran and laporan. */
export function alasanKunci(tahun: number, tw: number, oleh: string): string {
  return `Periode ${namaTriwulan(tw)} tahun ${tahun} ${PENANDA_KUNCI}${oleh ? ` oleh ${oleh}` : ''}; data tidak dapat diubah. Minta admin Bappeda membuka kunci bila perlu koreksi.`;
}

/**
 * 'kunci': the period is locked; 'izin': the account may not change this record. Neither is fixed
 * by typing another value: only discarding the change helps. 'lain': invalid data and the like,
 * which a corrected value can get through.
 */
export type JenisPenolakan = 'kunci' | 'izin' | 'lain';

export function jenisPenolakan(alasan: string): JenisPenolakan {
  if (alasan.includes(` ${PENANDA_KUNCI}`)) return 'kunci';
  if (alasan.startsWith(AWALAN_IZIN)) return 'izin';
  return 'lain';
}
