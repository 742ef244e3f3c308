/**
 * One indicator evaluated for one period: which target applies, the value to date, the state
 * (value, TDI, belum jatuh tempo, belum diisi, not computable) and the capaian (docs/domain/README.md "Capaian", "TDI").
 */
import type { Indikator, PeriodeMilestone, Realisasi, TargetNilai } from './schemas.ts';
import { hitungCapaian } from './capaian.ts';
import { agregasiSampai, jatuhTempoMilestone, milestoneJatuhTempo, triwulanJatuhTempo, type Triwulan } from './periode.ts';

/** What the rules need from a realisasi record. */
export type NilaiRealisasi = Pick<Realisasi, 'nilai' | 'tdi' | 'alasanTdi'>;

export type StatusIndikator =
  /** A value and a computable capaian. */
  | 'nilai'
  /** Tidak Diperoleh Informasi: counts as 0 in the OPD score, listed as a red flag. */
  | 'tdi'
  /** No target due yet and no value: excluded from scores. */
  | 'belum-jatuh-tempo'
  /** Due but not reported yet: excluded from the score, counted separately so it stays visible. */
  | 'belum-diisi'
  /** A value exists but the capaian cannot be computed (e.g. naik with target 0): see `alasan`. */
  | 'tidak-terhitung';

export interface EvaluasiIndikator {
  status: StatusIndikator;
  target: TargetNilai | null;
  /** 'triwulan': the quarter's own target; 'tahunan': annual target (progress view). */
  jenisTarget: 'triwulan' | 'tahunan' | 'milestone' | null;
  /** The value to date (s.d. TWn) or the milestone value; null when none. */
  realisasi: number | null;
  /** Uncapped capaian (%), null unless status is 'nilai'. */
  capaian: number | null;
  /** Reason for 'tdi' and 'tidak-terhitung'; '' otherwise. */
  alasan: string;
}

type IndikatorAturan = Pick<Indikator, 'polaritas' | 'agregasi' | 'targetTahunan' | 'targetTriwulan'>;

/** Target for TWn: the quarterly target when set, else the annual target (progress view). */
export function targetUntuk(ind: IndikatorAturan, tw: Triwulan): { target: TargetNilai | null; jenis: 'triwulan' | 'tahunan' | null } {
  const tq = ind.targetTriwulan?.[tw - 1] ?? null;
  if (tq !== null) return { target: tq, jenis: 'triwulan' };
  if (ind.targetTahunan !== null) return { target: ind.targetTahunan, jenis: 'tahunan' };
  return { target: null, jenis: null };
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
  const { target, jenis } = opsi.tahunan ? { target: ind.targetTahunan, jenis: ind.targetTahunan === null ? null : ('tahunan' as const) } : targetUntuk(ind, tw);
  const kini = perTriwulan[tw - 1] ?? null;
  const nilai = [0, 1, 2, 3].map((i) => {
    const r = perTriwulan[i];
    return r && !r.tdi ? r.nilai : null;
  });
  const realisasi = agregasiSampai(ind.agregasi, nilai, tw);
  const dasar = { target, jenisTarget: jenis, realisasi, capaian: null, alasan: '' };
  if (kini?.tdi) return { ...dasar, status: 'tdi', alasan: kini.alasanTdi };
  if (kini === null || kini.nilai === null) {
    const targetBelumAda = !opsi.tahunan && ind.targetTriwulan !== null && (ind.targetTriwulan[tw - 1] ?? null) === null;
    const status = !triwulanJatuhTempo(tahun, tw, now) || targetBelumAda ? 'belum-jatuh-tempo' : 'belum-diisi';
    return { ...dasar, status };
  }
  const c = hitungCapaian(ind.polaritas, target, realisasi);
  if (!c.ok) return { ...dasar, status: 'tidak-terhitung', alasan: c.alasan };
  return { ...dasar, status: 'nilai', capaian: c.nilai };
}

/** Evaluates a milestone target (100 hari / 6 bulan / 1 tahun from the PK's tanggalMulai). */
export function evaluasiMilestone(
  ind: Pick<Indikator, 'polaritas' | 'targetMilestone'>,
  r: NilaiRealisasi | null | undefined,
  m: PeriodeMilestone,
  tanggalMulai: string,
  now: Date,
): EvaluasiIndikator & { jatuhTempo: string } {
  const target = ind.targetMilestone?.[m] ?? null;
  const jatuhTempo = jatuhTempoMilestone(tanggalMulai, m);
  const dasar = { target, jenisTarget: 'milestone' as const, realisasi: r && !r.tdi ? r.nilai : null, capaian: null, alasan: '', jatuhTempo };
  if (r?.tdi) return { ...dasar, status: 'tdi', alasan: r.alasanTdi };
  if (!r || r.nilai === null) {
    const due = target !== null && milestoneJatuhTempo(tanggalMulai, m, now);
    return { ...dasar, status: due ? 'belum-diisi' : 'belum-jatuh-tempo' };
  }
  const c = hitungCapaian(ind.polaritas, target, r.nilai);
  if (!c.ok) return { ...dasar, status: 'tidak-terhitung', alasan: c.alasan };
  return { ...dasar, status: 'nilai', capaian: c.nilai };
}

/** What an evaluation contributes to an OPD score: capaian, 0 for TDI, null when excluded. */
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
export function realisasiPerTriwulan<R extends NilaiRealisasi>(
  rantai: readonly string[],
  realisasiByKey: ReadonlyMap<string, R>,
): (R | null)[] {
  return [1, 2, 3, 4].map((tw) => {
    for (const id of rantai) {
      const r = realisasiByKey.get(keyRealisasi(id, `TW${tw}`));
      if (r) return r;
    }
    return null;
  });
}

export const keyRealisasi = (indikatorId: string, periode: string): string => `${indikatorId}:${periode}`;
