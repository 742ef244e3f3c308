/**
 * The period of the Realisasi screen: the target of an indicator for a period, the milestone picked
 * on screen, and the screen's address. Pure; unit-tested in tests/unit/components/grid.test.ts.
 */
import { PERIODE_MILESTONE, type Indikator, type Periode, type PeriodeMilestone, type TargetNilai } from '../../domain/schemas.ts';
import type { Triwulan } from '../../domain/periode.ts';
import { angkaQuery } from '../../lib/router.svelte.ts';

// ---------------------------------------------------------------- periods and targets

/** Target of an indicator for a period: the quarter's target s.d. TWn, else the annual one. */
export function targetPeriode(ind: Pick<Indikator, 'targetTahunan' | 'targetTriwulan' | 'targetMilestone'>, periode: Periode): TargetNilai | null {
  if (periode === '100H' || periode === '6B' || periode === '1T') return ind.targetMilestone?.[periode] ?? null;
  const n = Number(periode.slice(2));
  return ind.targetTriwulan?.[n - 1] ?? ind.targetTahunan;
}

/** Does the indicator carry a milestone target for this period? */
export function punyaMilestone(ind: Pick<Indikator, 'targetMilestone'>, periode: Periode): boolean {
  if (periode !== '100H' && periode !== '6B' && periode !== '1T') return false;
  const t = ind.targetMilestone?.[periode];
  return t !== null && t !== undefined;
}

// ---------------------------------------------------------------- the Realisasi screen's period

/**
 * A milestone (100H/6B/1T) picked on the Realisasi screen, with the quarter that was active when it
 * was picked. The quarter itself lives in the shared periodeAktif (the header picker), so the screen
 * and the header can never disagree; choosing another quarter in the header leaves the milestone.
 */
export interface PilihanMilestone {
  kode: PeriodeMilestone;
  triwulan: Triwulan;
}

/** The period the grid shows: the picked milestone while its quarter is active, else that quarter. */
export function periodeTampil(triwulan: Triwulan, milestone: PilihanMilestone | null): Periode {
  return milestone && milestone.triwulan === triwulan ? milestone.kode : `TW${triwulan}`;
}

/**
 * What a Realisasi link asks for (`opd`, `tahun`, `tw` or `periode`), falling back to the active
 * period for whatever it leaves out. A `periode=TWn` link counts as `tw=n`.
 */
export function konteksDariQuery(
  q: URLSearchParams,
  aktif: { tahun: number; triwulan: Triwulan },
): { opdId: string | null; tahun: number; triwulan: Triwulan; milestone: PeriodeMilestone | null } {
  const periode = q.get('periode') ?? '';
  const twPeriode = /^TW([1-4])$/.exec(periode)?.[1];
  const milestone = (PERIODE_MILESTONE as readonly string[]).includes(periode) ? (periode as PeriodeMilestone) : null;
  return {
    opdId: q.get('opd') || null,
    tahun: angkaQuery(q, 'tahun', 2000, 2100, aktif.tahun),
    triwulan: angkaQuery(q, 'tw', 1, 4, twPeriode ? Number(twPeriode) : aktif.triwulan) as Triwulan,
    milestone,
  };
}

/** The link of what the Realisasi screen shows: `#/realisasi?opd=ID&tahun=2026&tw=4` (or `&periode=100H`). */
export function hashRealisasi(opdId: string, tahun: number, periode: Periode): string {
  const q = new URLSearchParams();
  if (opdId) q.set('opd', opdId);
  q.set('tahun', String(tahun));
  if (periode.startsWith('TW')) q.set('tw', periode.slice(2));
  else q.set('periode', periode);
  return `#/realisasi?${q}`;
}
