/**
 * Capaian (achievement, %) and predikat (docs/domain/README.md "Capaian", "Predikat"). Pure functions over plain numbers:
 * no I/O, no clock. Shared by screens, the server summary, charts and PDFs.
 */
import type { Polaritas, TargetNilai } from './schemas.ts';

/** A capaian is a number, or the reason it cannot be computed (never NaN/Infinity). */
export type HasilCapaian = { ok: true; nilai: number } | { ok: false; alasan: string };

/** Floors at 0; a result that overflows (e.g. a subnormal target) is reported, never Infinity. */
const hasil = (nilai: number): HasilCapaian =>
  Number.isFinite(nilai) ? { ok: true, nilai: Math.max(0, nilai) } : { ok: false, alasan: 'Capaian di luar batas perhitungan; periksa target' };
const gagal = (alasan: string): HasilCapaian => ({ ok: false, alasan });

/**
 * Capaian of realisasi `r` against target `t` for one polarity.
 * - naik: R / T × 100. For a negative target (e.g. a growth rate of −2 %) the same idea is
 *   written as (1 + (R − T) / |T|) × 100, which equals R / T × 100 for T > 0.
 * - turun: (2T − R) / T × 100, i.e. (1 − (R − T) / |T|) × 100; T = 0: R ≤ 0 → 100, R > 0 → 0.
 * - rentang [a, b]: 100 inside the band; outside 100 − distance to the nearest bound relative to
 *   that bound × 100 (relative to the band width when the bound is 0).
 * Every result is floored at 0. Over-achievement is NOT capped here (the OPD score caps it).
 */
export function hitungCapaian(polaritas: Polaritas, target: TargetNilai | null, r: number | null): HasilCapaian {
  if (target === null) return gagal('Target belum ditetapkan');
  if (r === null || !Number.isFinite(r)) return gagal('Realisasi belum diisi');
  if (polaritas === 'rentang') {
    const [a, b] = Array.isArray(target) ? target : [target, target];
    return capaianRentang(a, b, r);
  }
  if (Array.isArray(target)) return gagal('Target berupa rentang hanya untuk polaritas rentang');
  if (!Number.isFinite(target)) return gagal('Target tidak valid');
  if (polaritas === 'naik') {
    if (target === 0) return gagal('Target 0 pada indikator naik: capaian tidak dapat dihitung');
    return hasil((1 + (r - target) / Math.abs(target)) * 100);
  }
  if (target === 0) return hasil(r <= 0 ? 100 : 0);
  return hasil((1 - (r - target) / Math.abs(target)) * 100);
}

function capaianRentang(a: number, b: number, r: number): HasilCapaian {
  if (!Number.isFinite(a) || !Number.isFinite(b) || a > b) return gagal('Target rentang tidak valid');
  if (r >= a && r <= b) return hasil(100);
  const batas = r < a ? a : b;
  const jarak = Math.abs(r - batas);
  const penyebut = batas !== 0 ? Math.abs(batas) : b - a;
  if (penyebut === 0) return hasil(0);
  return hasil(100 - (jarak / penyebut) * 100);
}

/**
 * An OPD's score: the mean of its indicators' capaian, each capped at `batasAtas` so one
 * over-achieved indicator cannot hide another. Callers pass TDI as 0 and leave out indicators
 * that are "belum jatuh tempo" or not computable. Empty list → null (no score yet).
 */
export function skorOpd(capaian: readonly number[], batasAtas = 100): number | null {
  const nilai = capaian.filter((c) => Number.isFinite(c));
  if (nilai.length === 0) return null;
  const jumlah = nilai.reduce((s, c) => s + Math.min(Math.max(c, 0), batasAtas), 0);
  return jumlah / nilai.length;
}

/** Budget absorption: realisasi keuangan / pagu × 100. Pagu 0 (or missing) → null, never NaN. */
export function serapan(keuangan: number, pagu: number): number | null {
  if (!Number.isFinite(keuangan) || !Number.isFinite(pagu) || pagu <= 0) return null;
  return (keuangan / pagu) * 100;
}

/**
 * Rencana fisik s.d. TWn (%): the programme's annual target fisik spread linearly over the year,
 * targetFisik × n / 4 (docs/domain/rakor.md §Deviasi fisik). The one plan every screen compares with.
 */
export function rencanaFisik(targetFisik: number, tw: number): number {
  return (targetFisik * tw) / 4;
}

/**
 * Deviasi fisik (percentage points) = rencana fisik s.d. TWn − realisasi fisik s.d. TWn; positive =
 * behind plan. The ONE definition used on Anggaran, the Layar and the PDF: pass
 * `rencanaFisik(targetFisik, tw)` as the plan (docs/domain/rakor.md §Deviasi fisik).
 */
export function deviasiFisik(rencana: number, realisasiFisik: number): number {
  return rencana - realisasiFisik;
}

/** The label every screen uses for the figure above. */
export const LABEL_DEVIASI_FISIK = 'Deviasi fisik (rencana s.d. triwulan − realisasi)';

// ---------------------------------------------------------------- predikat

export type KodePredikat = 'sangat-tinggi' | 'tinggi' | 'sedang' | 'rendah' | 'sangat-rendah' | 'tidak-ada';
export interface Predikat {
  kode: KodePredikat;
  label: string;
  /** Background colour (hex). */
  warna: string;
  /** Text colour on `warna` (hex), contrast ≥ 7:1 (the Layar's rule, issue 11 point 7). */
  warnaTeks: string;
  /** Lower bound (inclusive) of the half-open interval; null for 'tidak-ada'. */
  min: number | null;
}

/**
 * Permendagri 86/2017 scale, best first. One palette app-wide (screens, Chart.js, PDF): a
 * blue → yellow → vermilion ramp that stays distinguishable for the common colour-vision
 * deficiencies and on washed-out projectors (the levels also differ strongly in lightness, and
 * the label is always printed next to the colour).
 */
export const PREDIKAT: readonly Predikat[] = [
  { kode: 'sangat-tinggi', label: 'Sangat Tinggi', warna: '#1d4e89', warnaTeks: '#ffffff', min: 91 },
  { kode: 'tinggi', label: 'Tinggi', warna: '#6baed6', warnaTeks: '#0b1b2b', min: 76 },
  { kode: 'sedang', label: 'Sedang', warna: '#f2d45c', warnaTeks: '#2b2100', min: 66 },
  { kode: 'rendah', label: 'Rendah', warna: '#e8853d', warnaTeks: '#000000', min: 51 },
  { kode: 'sangat-rendah', label: 'Sangat Rendah', warna: '#a3231a', warnaTeks: '#ffffff', min: null },
  { kode: 'tidak-ada', label: 'Belum Ada Data', warna: '#d5d9df', warnaTeks: '#1b1f24', min: null },
];

const [ST, TI, SE, RE, SR, TA] = PREDIKAT as [Predikat, Predikat, Predikat, Predikat, Predikat, Predikat];

/** Half-open intervals: c ≥ 91 ST · 76 ≤ c < 91 T · 66 ≤ c < 76 S · 51 ≤ c < 66 R · c < 51 SR. */
export function predikat(c: number | null): Predikat {
  if (c === null || !Number.isFinite(c)) return TA;
  if (c >= 91) return ST;
  if (c >= 76) return TI;
  if (c >= 66) return SE;
  if (c >= 51) return RE;
  return SR;
}

/** The predikat record for a code (for legends and charts). */
export function predikatKode(kode: KodePredikat): Predikat {
  return PREDIKAT.find((p) => p.kode === kode) ?? TA;
}

/** WCAG 2 contrast ratio of two hex colours (#rrggbb). */
export function rasioKontras(hexA: string, hexB: string): number {
  const la = luminansi(hexA);
  const lb = luminansi(hexB);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function luminansi(hex: string): number {
  const n = Number.parseInt(hex.replace('#', ''), 16);
  const kanal = [(n >> 16) & 255, (n >> 8) & 255, n & 255].map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * kanal[0] + 0.7152 * kanal[1] + 0.0722 * kanal[2];
}
