/**
 * One indicator evaluated for one period: which target applies, the value to date, the state
 * (value, progress, TDI, belum jatuh tempo, belum diisi, not computable) and the capaian
 * (docs/domain/target-capaian.md).
 */
import type { Indikator, PeriodeMilestone, Realisasi, TargetNilai } from './schemas.ts';
import { hitungCapaian } from './capaian.ts';
import { formatNilai } from './angka.ts';
import { jenisSatuan } from './kewajaran.ts';
import { agregasiSampai, jatuhTempoMilestone, milestoneJatuhTempo, triwulanJatuhTempo, type Triwulan } from './periode.ts';

/** What the rules need from a realisasi record. */
export type NilaiRealisasi = Pick<Realisasi, 'nilai' | 'tdi' | 'alasanTdi'>;

export type StatusIndikator =
  /** A value and a computable capaian. */
  | 'nilai'
  /**
   * A value measured against the annual target before that target applies (a point-in-time
   * indicator without quarterly targets, TW I–III): `capaian` is progress toward the year, shown
   * with a "progres" label and no predikat, and left out of the OPD score
   * (docs/domain/target-capaian.md §Triwulan tanpa target triwulan).
   */
  | 'progres'
  /** Tidak Diperoleh Informasi: counts as 0 in the OPD score, listed as a red flag. */
  | 'tdi'
  /** No target due yet and no value: excluded from scores. */
  | 'belum-jatuh-tempo'
  /** Due but not reported yet: counted separately so it stays visible. */
  | 'belum-diisi'
  /** A value exists but the capaian cannot be computed (e.g. naik with target 0): see `alasan`. */
  | 'tidak-terhitung';

/**
 * Which target a figure is measured against (docs/domain/target-capaian.md §Triwulan):
 * - 'triwulan': the indicator's own target s.d. that quarter;
 * - 'proporsional': no quarterly target, kumulatif indicator: annual target × n/4 (pro-rated);
 * - 'progres': no quarterly target, point-in-time indicator before TW IV: the annual target, as
 *   progress only (no predikat);
 * - 'tahunan': the annual target (TW IV, the year's result, or a rata-rata indicator);
 * - 'milestone': a 100 hari / 6 bulan / 1 tahun target.
 */
export type JenisTarget = 'triwulan' | 'proporsional' | 'progres' | 'tahunan' | 'milestone';

export interface EvaluasiIndikator {
  status: StatusIndikator;
  target: TargetNilai | null;
  jenisTarget: JenisTarget | null;
  /** Short label of `jenisTarget` to print beside every number ("target s.d. TW II", "proporsional 2/4 target tahunan"). */
  labelTarget: string;
  /** The value to date (s.d. TWn) or the milestone value; null when none. */
  realisasi: number | null;
  /** Uncapped capaian (%), null unless status is 'nilai' or 'progres'. */
  capaian: number | null;
  /** Reason for 'tdi' and 'tidak-terhitung'; '' otherwise. */
  alasan: string;
}

type IndikatorAturan = Pick<Indikator, 'polaritas' | 'agregasi' | 'targetTahunan' | 'targetTriwulan'> & Partial<Pick<Indikator, 'skala' | 'satuan'>>;

const ROMAWI = ['I', 'II', 'III', 'IV'] as const;

/** The label printed beside a figure for its kind of target (docs/domain/target-capaian.md §Triwulan). */
export function labelJenisTarget(jenis: JenisTarget | null, tw?: Triwulan): string {
  const n = tw ? ROMAWI[tw - 1] : '';
  switch (jenis) {
    case 'triwulan':
      return `target s.d. TW ${n}`.trim();
    case 'proporsional':
      return `target tahunan × ${tw ?? '?'}/4 (proporsional)`;
    case 'progres':
      return 'progres thd target tahunan';
    case 'tahunan':
      return 'target tahunan';
    case 'milestone':
      return 'target milestone';
    default:
      return '';
  }
}

/**
 * A number-based target scaled by `f` (bands and comparisons scale their numbers); levels are not
 * scaled. With `bulat` every scaled number is rounded to a whole one (a count unit: no 2,5 orang).
 */
function skalakan(t: TargetNilai, f: number, bulat = false): TargetNilai | null {
  const k = (x: number) => {
    const y = Number((x * f).toPrecision(12));
    return bulat ? Math.round(y) : y;
  };
  if (typeof t === 'number') return k(t);
  if (Array.isArray(t)) return [k(t[0]), k(t[1])];
  if ('op' in t) return { op: t.op, nilai: k(t.nilai) };
  return null;
}

/**
 * Target for TWn (docs/domain/target-capaian.md §Triwulan):
 * 1. the indicator's own quarterly target when one is set for that quarter → 'triwulan';
 * 2. TW IV → the annual target ('tahunan');
 * 3. kumulatif with a number/band/comparison target → annual × n/4 ('proporsional'): an OPD that
 *    delivers a quarter of the year each quarter is on plan every quarter. For a count unit
 *    (`jenisSatuan` 'cacah' of kewajaran.ts: orang, unit, dokumen, desa…) each s.d. value is rounded
 *    to a whole number (cumulative rounding: 10 orang → 3, 5, 8, 10), so the year still ends on the
 *    exact annual target (docs/domain/target-capaian.md §Triwulan); one that rounds to 0 (1 dokumen
 *    at TW I) is shown as progress towards the annual target ('progres'), a 0 target being unmeasurable;
 * 4. rata-rata → the annual target ('tahunan'): the average to date estimates the year's average;
 * 5. otherwise (akhir, or a level target) → the annual target as progress only ('progres').
 */
export function targetUntuk(ind: IndikatorAturan, tw: Triwulan): { target: TargetNilai | null; jenis: JenisTarget | null } {
  const tq = ind.targetTriwulan?.[tw - 1] ?? null;
  if (tq !== null) return { target: tq, jenis: 'triwulan' };
  const t = ind.targetTahunan;
  if (t === null) return { target: null, jenis: null };
  if (tw === 4) return { target: t, jenis: 'tahunan' };
  if (ind.agregasi === 'kumulatif') {
    const p = skalakan(t, tw / 4, jenisSatuan(ind.satuan ?? '') === 'cacah');
    // A count target too small for a whole unit to be due yet (1 dokumen at TW I rounds to 0): a
    // target of 0 cannot be measured against (capaian.ts), so the quarter shows progress towards
    // the annual target instead.
    const nol = (x: TargetNilai | null) => x === 0 || (x !== null && typeof x === 'object' && 'op' in x && x.nilai === 0);
    if (p !== null && nol(p) && !nol(t)) return { target: t, jenis: 'progres' };
    if (p !== null) return { target: p, jenis: 'proporsional' };
  }
  if (ind.agregasi === 'rata-rata') return { target: t, jenis: 'tahunan' };
  return { target: t, jenis: 'progres' };
}

/**
 * Evaluates an indicator s.d. TWn. `perTriwulan[i]` is the realisasi of TW(i+1) (null if none),
 * already resolved across PK versions (see `realisasiPerTriwulan`).
 * With `tahunan: true` the annual target is used (the year's final result).
 */
export function evaluasiTriwulan(
  ind: IndikatorAturan,
  perTriwulan: readonly (NilaiRealisasi | null | undefined)[],
  tahun: number,
  tw: Triwulan,
  now: Date,
  opsi: { tahunan?: boolean } = {},
): EvaluasiIndikator {
  const { target, jenis } = opsi.tahunan
    ? { target: ind.targetTahunan, jenis: ind.targetTahunan === null ? null : ('tahunan' as const) }
    : targetUntuk(ind, tw);
  const kini = perTriwulan[tw - 1] ?? null;
  const nilai = [0, 1, 2, 3].map((i) => {
    const r = perTriwulan[i];
    return r && !r.tdi ? r.nilai : null;
  });
  // A level (ordinal) indicator has no sum or mean: its value to date is the latest level.
  const realisasi = agregasiSampai(ind.skala ? 'akhir' : ind.agregasi, nilai, tw);
  const dasar = { target, jenisTarget: jenis, labelTarget: labelJenisTarget(jenis, tw), realisasi, capaian: null, alasan: '' };
  if (kini?.tdi) return { ...dasar, status: 'tdi', alasan: kini.alasanTdi };
  if (kini === null || kini.nilai === null) {
    const targetBelumAda = !opsi.tahunan && ind.targetTriwulan !== null && (ind.targetTriwulan[tw - 1] ?? null) === null;
    const status = !triwulanJatuhTempo(tahun, tw, now) || targetBelumAda ? 'belum-jatuh-tempo' : 'belum-diisi';
    return { ...dasar, status };
  }
  const c = hitungCapaian(ind.polaritas, target, realisasi, ind.skala);
  if (!c.ok) return { ...dasar, status: 'tidak-terhitung', alasan: c.alasan };
  return { ...dasar, status: jenis === 'progres' ? 'progres' : 'nilai', capaian: c.nilai };
}

/**
 * Problems of an indicator's quarterly targets (docs/domain/target-capaian.md §Triwulan), as
 * Indonesian messages ([] when fine). Targets s.d. TWn of a kumulatif indicator never decrease
 * (a cumulative count cannot shrink) and the last one equals the annual target; a decrease
 * usually means the columns hold per-quarter portions, which the message says.
 */
export function periksaTargetTriwulan(ind: Pick<Indikator, 'agregasi' | 'targetTahunan' | 'targetTriwulan'>): string[] {
  const tw = ind.targetTriwulan;
  if (!tw || ind.agregasi !== 'kumulatif') return [];
  const pesan: string[] = [];
  const angka = tw.map((x) => (typeof x === 'number' ? x : null));
  let sebelum: { n: number; i: number } | null = null;
  angka.forEach((n, i) => {
    if (n === null) return;
    if (sebelum && n < sebelum.n) {
      pesan.push(
        `Target s.d. TW ${ROMAWI[i]} (${formatNilai(n)}) lebih kecil dari s.d. TW ${ROMAWI[sebelum.i]} (${formatNilai(sebelum.n)}): target kumulatif tidak boleh turun. Bila kolomnya berisi porsi per triwulan, pilih "porsi per triwulan".`,
      );
    }
    sebelum = { n, i };
  });
  const akhir = angka[3];
  if (
    akhir !== null &&
    akhir !== undefined &&
    typeof ind.targetTahunan === 'number' &&
    Math.abs(akhir - ind.targetTahunan) > 1e-9 * Math.max(1, Math.abs(akhir))
  ) {
    pesan.push(`Target s.d. TW IV (${formatNilai(akhir)}) harus sama dengan target tahunan (${formatNilai(ind.targetTahunan)}).`);
  }
  return pesan;
}

/** Per-quarter portions → targets s.d. TWn (running sum), for a kumulatif indicator. */
export function porsiKeKumulatif(porsi: readonly (number | null)[]): (number | null)[] {
  let jumlah = 0;
  return porsi.map((x) => (x === null ? null : Number((jumlah += x).toPrecision(12))));
}

/** Evaluates a milestone target (100 hari / 6 bulan / 1 tahun from the PK's tanggalMulai). */
export function evaluasiMilestone(
  ind: Pick<Indikator, 'polaritas' | 'targetMilestone'> & Partial<Pick<Indikator, 'skala'>>,
  r: NilaiRealisasi | null | undefined,
  m: PeriodeMilestone,
  tanggalMulai: string,
  now: Date,
): EvaluasiIndikator & { jatuhTempo: string } {
  const target = ind.targetMilestone?.[m] ?? null;
  const jatuhTempo = jatuhTempoMilestone(tanggalMulai, m);
  const dasar = {
    target,
    jenisTarget: 'milestone' as const,
    labelTarget: labelJenisTarget('milestone'),
    realisasi: r && !r.tdi ? r.nilai : null,
    capaian: null,
    alasan: '',
    jatuhTempo,
  };
  if (r?.tdi) return { ...dasar, status: 'tdi', alasan: r.alasanTdi };
  if (!r || r.nilai === null) {
    const due = target !== null && milestoneJatuhTempo(tanggalMulai, m, now);
    return { ...dasar, status: due ? 'belum-diisi' : 'belum-jatuh-tempo' };
  }
  const c = hitungCapaian(ind.polaritas, target, r.nilai, ind.skala);
  if (!c.ok) return { ...dasar, status: 'tidak-terhitung', alasan: c.alasan };
  return { ...dasar, status: 'nilai', capaian: c.nilai };
}

/** What an evaluation contributes to an OPD score: capaian, 0 for TDI, null when excluded ('progres' included). */
export function nilaiUntukSkor(e: Pick<EvaluasiIndikator, 'status' | 'capaian'>): number | null {
  if (e.status === 'tdi') return 0;
  if (e.status === 'nilai') return e.capaian;
  return null;
}

/**
 * The lineage of an indicator across PK versions, newest first: [id, indikatorAsalId, …].
 * Guards against cycles and missing ancestors.
 */
export function rantaiIndikator(id: string, byId: ReadonlyMap<string, Pick<Indikator, 'indikatorAsalId'>>): string[] {
  const rantai: string[] = [];
  let kini: string | null = id;
  while (kini !== null && !rantai.includes(kini)) {
    rantai.push(kini);
    kini = byId.get(kini)?.indikatorAsalId ?? null;
  }
  return rantai;
}

/**
 * The four quarterly realisasi of an indicator, resolved across versions: realisasi reported
 * before an amendment keep pointing at the indicator version they were measured against, so
 * for each quarter the newest version in the lineage that has a record for it wins.
 * `realisasiByKey` is keyed `${indikatorId}:${periode}` (see `keyRealisasi`).
 */
export function realisasiPerTriwulan<R extends NilaiRealisasi>(rantai: readonly string[], realisasiByKey: ReadonlyMap<string, R>): (R | null)[] {
  return [1, 2, 3, 4].map((tw) => {
    for (const id of rantai) {
      const r = realisasiByKey.get(keyRealisasi(id, `TW${tw}`));
      if (r) return r;
    }
    return null;
  });
}

export const keyRealisasi = (indikatorId: string, periode: string): string => `${indikatorId}:${periode}`;
