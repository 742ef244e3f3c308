/**
 * Periods, due dates, aggregation of quarterly values and the PK version in force (docs/domain/README.md "Periods").
 * Pure: the current time is always an argument.
 */
import type { Agregasi, PeriodeMilestone, PeriodeTriwulan, Pk } from './schemas.ts';

export type Triwulan = 1 | 2 | 3 | 4;
export const TRIWULAN: readonly Triwulan[] = [1, 2, 3, 4];

import { tanggalHariIni } from './waktu.ts';

/** "Today" is the calendar day in the pemda's time zone (domain/waktu.ts, docs/domain/waktu.md). */
export { tanggalHariIni };

/** Last day of quarter `tw` of `tahun` (YYYY-MM-DD). */
export function akhirTriwulan(tahun: number, tw: Triwulan): string {
  const bulan = tw * 3; // 3, 6, 9, 12
  const hari = new Date(Date.UTC(tahun, bulan, 0)).getUTCDate();
  return `${tahun}-${String(bulan).padStart(2, '0')}-${String(hari).padStart(2, '0')}`;
}

/** A quarter is due (its realisasi is expected) once its last day has passed (pemda's zone, domain/waktu.ts). */
export function triwulanJatuhTempo(tahun: number, tw: Triwulan, now: Date): boolean {
  return tanggalHariIni(now) > akhirTriwulan(tahun, tw);
}

/** Adds days/months/years to a YYYY-MM-DD date; month ends clamp (31 Aug + 6 months → 28/29 Feb). */
export function tambahTanggal(tanggal: string, tambah: { hari?: number; bulan?: number; tahun?: number }): string {
  const [y, m, d] = tanggal.split('-').map(Number) as [number, number, number];
  if (tambah.hari) {
    const t = new Date(Date.UTC(y, m - 1, d + tambah.hari));
    return t.toISOString().slice(0, 10);
  }
  const totalBulan = m - 1 + (tambah.bulan ?? 0) + (tambah.tahun ?? 0) * 12;
  const ty = y + Math.floor(totalBulan / 12);
  const tm = ((totalBulan % 12) + 12) % 12;
  const maksHari = new Date(Date.UTC(ty, tm + 1, 0)).getUTCDate();
  const t = new Date(Date.UTC(ty, tm, Math.min(d, maksHari)));
  return t.toISOString().slice(0, 10);
}

/**
 * Due date of a milestone counted from the PK's tanggalMulai: 100H = +100 days, 6B = +6 months,
 * 1T = +1 year. "100 hari kerja" counts calendar days here (the common reading in RPJMD practice).
 */
export function jatuhTempoMilestone(tanggalMulai: string, m: PeriodeMilestone): string {
  if (m === '100H') return tambahTanggal(tanggalMulai, { hari: 100 });
  if (m === '6B') return tambahTanggal(tanggalMulai, { bulan: 6 });
  return tambahTanggal(tanggalMulai, { tahun: 1 });
}

export function milestoneJatuhTempo(tanggalMulai: string, m: PeriodeMilestone, now: Date): boolean {
  return tanggalHariIni(now) >= jatuhTempoMilestone(tanggalMulai, m);
}

/**
 * The value "s.d. TWn" from quarterly values (index 0 = TW1; null = not reported):
 * kumulatif sums, akhir takes the latest reported, rata-rata averages the reported ones.
 * Only quarters 1..n count. No reported quarter → null.
 */
export function agregasiSampai(agregasi: Agregasi, nilai: readonly (number | null)[], n: Triwulan): number | null {
  const dilaporkan = nilai.slice(0, n).filter((v): v is number => v !== null && Number.isFinite(v));
  if (dilaporkan.length === 0) return null;
  if (agregasi === 'kumulatif') return dilaporkan.reduce((s, v) => s + v, 0);
  if (agregasi === 'akhir') return dilaporkan[dilaporkan.length - 1] ?? null;
  return dilaporkan.reduce((s, v) => s + v, 0) / dilaporkan.length;
}

/** The annual value = the value s.d. TW4. */
export function nilaiTahunan(agregasi: Agregasi, nilai: readonly (number | null)[]): number | null {
  return agregasiSampai(agregasi, nilai, 4);
}

/**
 * The PK version in force for (opd, tahun, triwulan) among `pks` (any OPD/year; filtered here):
 * the highest versi with berlakuMulaiTriwulan ≤ triwulan. A signed version wins over drafts
 * (a draft amendment is not in force until signed); without any signed version the highest
 * draft is used so a new year's PK still shows while it is being prepared. Deleted ones never.
 */
export function pkBerlaku<P extends Pick<Pk, 'opdId' | 'tahun' | 'versi' | 'berlakuMulaiTriwulan' | 'status' | 'deleted'>>(
  pks: readonly P[],
  opdId: string,
  tahun: number,
  triwulan: Triwulan,
): P | null {
  // A cascade PK (an eselon III/IV official's, pkIndukId set) is never the OPD's own PK (docs/domain/pejabat.md §PK).
  const calon = pks.filter(
    (p) => !p.deleted && p.opdId === opdId && p.tahun === tahun && p.berlakuMulaiTriwulan <= triwulan && !('pkIndukId' in p && p.pkIndukId),
  );
  const terbaik = (daftar: P[]) => daftar.reduce<P | null>((a, p) => (a === null || p.versi > a.versi ? p : a), null);
  return terbaik(calon.filter((p) => p.status === 'ditandatangani')) ?? terbaik(calon);
}

/** Which quarter a realisasi period falls in for locking: TWn → n, 100H and 6B → 2, 1T → 4. */
export function triwulanDariPeriode(periode: PeriodeTriwulan | PeriodeMilestone): Triwulan {
  if (periode === '100H' || periode === '6B') return 2;
  if (periode === '1T') return 4;
  return Number(periode.slice(2)) as Triwulan;
}

const ROMAWI = ['I', 'II', 'III', 'IV'] as const;

/** "Triwulan III" (Roman numerals as Permendagri 86/2017 reports name quarters). */
export function namaTriwulan(n: number): string {
  const r = ROMAWI[n - 1];
  return r ? `Triwulan ${r}` : `Triwulan ${n}`;
}
