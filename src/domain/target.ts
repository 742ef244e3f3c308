/**
 * Target kinds (docs/domain/target-capaian.md §Jenis target): reading a target typed or imported as
 * text, printing it with the precision it was entered with, and the ordinal scales.
 * Pure: no I/O. Shared by the PK editor, the import, the Realisasi grid, the Layar and the PDFs.
 */
import type { Polaritas, Skala, TargetNilai } from './schemas.ts';
import { bacaAngka, formatNilai, type BacaanAngka } from './angka.ts';

export type JenisNilaiTarget = 'angka' | 'rentang' | 'perbandingan' | 'tingkat';
export type Pembanding = '>=' | '<=' | '>' | '<';

/** Which kind a stored target is. */
export function jenisNilaiTarget(t: TargetNilai): JenisNilaiTarget {
  if (typeof t === 'number') return 'angka';
  if (Array.isArray(t)) return 'rentang';
  return 'op' in t ? 'perbandingan' : 'tingkat';
}

/**
 * Standard ordinal scales, lowest level first (docs/domain/target-capaian.md §Skala ordinal):
 * - Opini BPK: Tidak Menyatakan Pendapat < Tidak Wajar < Wajar Dengan Pengecualian < Wajar Tanpa
 *   Pengecualian (UU 15/2004 pasal 16 ayat (1) penjelasan);
 * - Nilai SAKIP: D < C < CC < B < BB < A < AA (PermenPANRB 88/2021, kategori hasil evaluasi AKIP).
 * A pemda defines its own (e.g. zona kepatuhan Merah < Kuning < Hijau) in the PK editor.
 */
export const SKALA_BAKU: readonly Skala[] = [
  { nama: 'Opini BPK', tingkat: ['TMP', 'TW', 'WDP', 'WTP'] },
  { nama: 'Nilai SAKIP', tingkat: ['D', 'C', 'CC', 'B', 'BB', 'A', 'AA'] },
  { nama: 'Zona kepatuhan', tingkat: ['Merah', 'Kuning', 'Hijau'] },
];

const normalTingkat = (s: string) =>
  s
    .trim()
    .toLowerCase()
    .replace(/^(zona|opini|nilai|predikat)\s+/, '')
    .replace(/\s+/g, ' ');

/** 1-based position of a level on the scale, or null when the scale has no such level. */
export function peringkat(skala: Skala | null | undefined, tingkat: string): number | null {
  if (!skala) return null;
  const n = normalTingkat(tingkat);
  const i = skala.tingkat.findIndex((t) => normalTingkat(t) === n);
  return i < 0 ? null : i + 1;
}

/** The level name of a 1-based position (what a realisasi `nilai` of an ordinal indicator means). */
export function namaTingkat(skala: Skala | null | undefined, nilai: number | null | undefined): string | null {
  if (!skala || nilai === null || nilai === undefined || !Number.isInteger(nilai)) return null;
  return skala.tingkat[nilai - 1] ?? null;
}

/** The standard scale that has this level ("WTP" → Opini BPK), or null. */
export function skalaUntukTingkat(tingkat: string): Skala | null {
  return SKALA_BAKU.find((s) => peringkat(s, tingkat) !== null) ?? null;
}

const SIMBOL: Record<Pembanding, string> = { '>=': '≥', '<=': '≤', '>': '>', '<': '<' };

/**
 * A target as printed on screen, in the signed PK and in PDFs, every digit as entered:
 * "0,822", "80 – 90", "≥ 85", "WTP". null → "–".
 */
export function formatTarget(t: TargetNilai | null | undefined): string {
  if (t === null || t === undefined) return '–';
  if (typeof t === 'number') return formatNilai(t);
  if (Array.isArray(t)) return `${formatNilai(t[0])} – ${formatNilai(t[1])}`;
  if ('op' in t) return `${SIMBOL[t.op]} ${formatNilai(t.nilai)}`;
  return t.tingkat;
}

/** A realisasi value: the level name on an ordinal indicator, else the number with its digits. */
export function formatRealisasi(n: number | null | undefined, skala?: Skala | null): string {
  if (skala) return namaTingkat(skala, n) ?? (n === null || n === undefined ? '–' : formatNilai(n));
  return formatNilai(n);
}

/** A problem with a number inside a target text: the other convention, or an ambiguous reading. */
export interface AngkaPerluKonfirmasi {
  teks: string;
  /** The id-ID reading (null when the text is not valid id-ID). */
  id: number | null;
  /** The other-convention reading. */
  lain: number | null;
}

export type HasilBacaTarget = { ok: true; nilai: TargetNilai | null; persen: boolean; ragu: AngkaPerluKonfirmasi[] } | { ok: false; pesan: string };

/** How one number inside a target text is taken: `ragu`/`lain` readings are reported, never silently chosen. */
function angkaDari(teks: string, catat: AngkaPerluKonfirmasi[]): { n: number | null; b: BacaanAngka } {
  const b = bacaAngka(teks);
  if (b.jenis === 'ragu' || b.jenis === 'lain') catat.push({ teks: teks.trim(), id: b.id, lain: b.lain });
  return { n: b.jenis === 'pasti' || b.jenis === 'ragu' ? b.id : b.jenis === 'lain' ? b.lain : null, b };
}

/**
 * Reads a target written as text (docs/domain/target-capaian.md §Menulis target):
 * "85", "1.234,5", "20,71%" → number; "≥ 85" / ">= 85" / "minimal 85" / "≤ 2" / "maks 2" / "> 0" /
 * "< 5" → comparison; "80 – 90", "80 - 90", "80 s.d. 90", "80 sampai 90" → band [80, 90];
 * a level of `skala` (or of a standard scale when none is given) → { tingkat }.
 * Numbers are id-ID first; an ambiguous or other-convention number is returned in `ragu` for the
 * caller to confirm (the value returned uses the id-ID reading when there is one, else the other).
 * Empty → null.
 */
export function bacaTeksTarget(input: string, skala?: Skala | null): HasilBacaTarget {
  const t = input.trim();
  if (t === '') return { ok: true, nilai: null, persen: false, ragu: [] };
  const ragu: AngkaPerluKonfirmasi[] = [];
  const tingkat = skala ? peringkat(skala, t) : null;
  if (skala && tingkat !== null) return { ok: true, nilai: { tingkat: skala.tingkat[tingkat - 1]! }, persen: false, ragu };
  const op = /^(≥|>=|=>|≤|<=|=<|>|<|min(?:imal|\.)?|maks(?:imal|\.)?|paling\s+(?:sedikit|banyak|rendah|tinggi))\s*(.+)$/i.exec(t);
  if (op) {
    const kata = op[1]!.toLowerCase();
    const pembanding: Pembanding = /^(≥|>=|=>|min|paling\s+(sedikit|rendah))/.test(kata)
      ? '>='
      : /^(≤|<=|=<|maks|paling\s+(banyak|tinggi))/.test(kata)
        ? '<='
        : kata === '>'
          ? '>'
          : '<';
    const { n, b } = angkaDari(op[2]!, ragu);
    if (n === null) return { ok: false, pesan: `“${t}”: setelah ${SIMBOL[pembanding]} harus ada angka, mis. "≥ 85"` };
    return { ok: true, nilai: { op: pembanding, nilai: n }, persen: b.persen, ragu };
  }
  const rentang = /^(.+?)\s*(?:–|—|s\.?\s?d\.?|sampai|hingga|-)\s*(.+)$/i.exec(t);
  if (rentang && !/^[-−–]\s*\d/.test(t)) {
    const a = angkaDari(rentang[1]!, ragu);
    const b = angkaDari(rentang[2]!, ragu);
    if (a.n !== null && b.n !== null) {
      if (a.n > b.n) return { ok: false, pesan: `“${t}”: batas bawah rentang harus ≤ batas atas` };
      return { ok: true, nilai: [a.n, b.n], persen: a.b.persen || b.b.persen, ragu };
    }
    ragu.length = 0;
  }
  const { n, b } = angkaDari(t, ragu);
  if (n !== null) return { ok: true, nilai: n, persen: b.persen, ragu };
  const baku = skala ? null : skalaUntukTingkat(t);
  if (baku) return { ok: true, nilai: { tingkat: baku.tingkat[peringkat(baku, t)! - 1]! }, persen: false, ragu };
  return {
    ok: false,
    pesan: skala
      ? `“${t}” bukan angka dan bukan tingkat skala ${skala.nama} (${skala.tingkat.join(' < ')})`
      : `“${t}” bukan target yang dikenali: tulis angka (85), pembanding (≥ 85), rentang (80 - 90), atau tingkat skala (mis. WTP)`,
  };
}

/** Does this target kind fit the indicator's polarity? '' when it does, else the reason (Indonesian). */
export function cocokPolaritas(t: TargetNilai | null, polaritas: Polaritas, skala?: Skala | null): string {
  if (t === null) return '';
  const j = jenisNilaiTarget(t);
  if (j === 'tingkat') {
    if (!skala) return 'Target berupa tingkat memerlukan skala pada indikator';
    if (peringkat(skala, (t as { tingkat: string }).tingkat) === null)
      return `Tingkat "${(t as { tingkat: string }).tingkat}" tidak ada pada skala ${skala.nama}`;
    return polaritas === 'naik' ? '' : 'Target berupa tingkat skala hanya untuk polaritas naik (tingkat lebih tinggi lebih baik)';
  }
  if (j === 'perbandingan') {
    const op = (t as { op: Pembanding }).op;
    if (polaritas === 'rentang') return 'Target pembanding (≥, ≤) tidak untuk polaritas rentang; tulis rentang "a - b"';
    if (polaritas === 'naik' && (op === '<=' || op === '<')) return 'Target ≤/< berarti makin rendah makin baik: pilih polaritas turun';
    if (polaritas === 'turun' && (op === '>=' || op === '>')) return 'Target ≥/> berarti makin tinggi makin baik: pilih polaritas naik';
  }
  return '';
}
