/** Display helpers of the data-entry screens (id-ID). */
import { jenisPenolakan, type KodePenolakan } from '../shared/penolakan.ts';

/** "0,822", a band "10 – 20", "≥ 85", "WTP", or "–" when no target is set (domain/target.ts). */
export { formatTarget } from '../domain/target.ts';

const fmtSel = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 10 });

/** A stored number as editable cell text: id-ID grouping, full precision ("1.232.594.000", "86,64"). */
export function teksSel(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  return fmtSel.format(n).replace(/[\u00a0\u202f]/g, ' ');
}

export type StatusTampil = 'galat' | 'draf' | 'lokal' | 'tersinkron' | 'konflik' | 'ditolak' | null;

/**
 * What the status column shows for a cell: its own error first, then unsaved typing, then the
 * record's sync status (a stored record without sync info is local), nothing for an empty cell.
 */
export function statusSel(o: {
  galat: string | undefined;
  draf: string | undefined;
  teksTersimpan: string;
  adaRecord: boolean;
  sinkron: 'lokal' | 'tersinkron' | 'konflik' | 'ditolak' | undefined;
}): StatusTampil {
  if (o.galat) return 'galat';
  if (o.draf !== undefined && o.draf !== o.teksTersimpan) return 'draf';
  if (!o.adaRecord) return null;
  return o.sinkron ?? 'lokal';
}

/**
 * The lock banner's tail after "Periode … dikunci": " oleh admin pada 23/11/2026, 10.00." or just
 * "." when the lock names nobody and no time. Built here, not in markup, so the spaces survive
 * (Svelte trims whitespace at the edges of `{#if}` blocks).
 */
export function uraianKunci(k: { oleh?: string | null; pada?: string | null }, formatWaktu: (iso: string) => string): string {
  const bagian: string[] = [];
  if (k.oleh) bagian.push(`oleh ${k.oleh}`);
  if (k.pada) bagian.push(`pada ${formatWaktu(k.pada)}`);
  return `${bagian.length ? ` ${bagian.join(' ')}` : ''}.`;
}

export { jenisPenolakan, type JenisPenolakan } from '../shared/penolakan.ts';

/** A reason as one sentence: without the trailing full stop(s), so it can be followed by ". …". */
export function tanpaTitikAkhir(alasan: string): string {
  return alasan.trim().replace(/[.\s]+$/, '');
}

const MAKS_RINGKAS = 28;

/**
 * A few words for the narrow Status cell, chosen by the rejection's code (src/shared/penolakan.ts) ("Periode dikunci", "Tidak berhak", "Data tidak valid",
 * or the first sentence of the reason cut at a word); the full reason goes to the tooltip, screen readers and the row's panel.
 */
export function ringkasAlasan(alasan: string, kode?: KodePenolakan): string {
  const jenis = jenisPenolakan(kode);
  if (jenis === 'kunci') return 'Periode dikunci';
  if (jenis === 'izin') return 'Tidak berhak';
  if (kode === 'ukuran') return 'Terlalu besar';
  if (kode === 'validasi') return 'Data tidak valid';
  const klausa = tanpaTitikAkhir(alasan.split(/[.;]\s/)[0] ?? '');
  if (klausa.length <= MAKS_RINGKAS) return klausa;
  const potong = klausa.slice(0, MAKS_RINGKAS);
  const spasi = potong.lastIndexOf(' ');
  return `${(spasi > 10 ? potong.slice(0, spasi) : potong).replace(/[,\s]+$/, '')}…`;
}

/**
 * The rejection notice of the row's panel and the label of its discard button. A corrected value
 * can get through only a 'lain' rejection in an editable grid; a locked period, a missing right or
 * a read-only grid leave discarding the change as the one way out.
 */
export function pesanPenolakan(alasan: string, hanyaBaca: boolean, kode?: KodePenolakan): { teks: string; tombol: string; bisaDiperbaiki: boolean } {
  const jenis = jenisPenolakan(kode);
  const inti = `Ditolak server: ${tanpaTitikAkhir(alasan) || 'tanpa keterangan'}.`;
  if (jenis === 'lain' && !hanyaBaca) return { teks: `${inti} Perbaiki nilainya, atau`, tombol: 'kembalikan ke nilai server', bisaDiperbaiki: true };
  const sebab =
    jenis === 'kunci'
      ? 'Nilai ini tidak dapat dikirim selama periode dikunci.'
      : jenis === 'izin'
        ? 'Nilai ini tidak dapat dikirim dari akun ini.'
        : jenis === 'tetap'
          ? 'Nilainya sendiri tidak salah; kirim ulang setelah penyebabnya diatasi.'
          : 'Nilai ini tidak dapat diubah di sini.';
  return { teks: `${inti} ${sebab}`, tombol: 'Buang perubahan, kembalikan ke nilai server', bisaDiperbaiki: false };
}
