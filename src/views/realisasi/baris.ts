/**
 * The rows of the Realisasi grid (pure): one row per indicator of the PK version in force for the
 * period, grouped by sasaran in their order, with the period's target and the values of earlier
 * quarters (followed through Perubahan PK lineage) so capaian can be computed live while typing.
 */
import type { Indikator, Periode, Pk, Realisasi, Sasaran, TargetNilai } from '../../domain/schemas.ts';
import { idAlami, PERIODE_MILESTONE, type PeriodeMilestone } from '../../domain/schemas.ts';
import { pkBerlaku, triwulanDariPeriode } from '../../domain/periode.ts';
import { predikat, type Predikat } from '../../domain/capaian.ts';
import {
  evaluasiMilestone,
  evaluasiTriwulan,
  keyRealisasi,
  rantaiIndikator,
  realisasiPerTriwulan,
  type EvaluasiIndikator,
  type NilaiRealisasi,
} from '../../domain/indikator.ts';
import { urut, type DataOpdTahun } from '../../lib/data-opd.ts';
import { punyaMilestone, targetPeriode } from './periode.ts';

export interface BarisRealisasi {
  indikator: Indikator;
  /** "1.2": sasaran number . indicator number. */
  nomor: string;
  target: TargetNilai | null;
  /** The stored realisasi of this period on this indicator (natural key), if any. */
  rec: Realisasi | null;
  idRealisasi: string;
  /** TW1..TW4 realisasi resolved across PK versions (the current period is replaced while typing). */
  perTriwulan: (NilaiRealisasi | null)[];
}

export interface KelompokSasaran {
  sasaran: Sasaran;
  nomor: number;
  baris: BarisRealisasi[];
}

export interface SusunanGrid {
  pk: Pk | null;
  kelompok: KelompokSasaran[];
  /** Milestone periods some indicator of the PK in force has a target for. */
  milestone: Periode[];
}

export function susunGrid(data: DataOpdTahun, opdId: string, tahun: number, periode: Periode): SusunanGrid {
  const tw = triwulanDariPeriode(periode);
  const pk = pkBerlaku(data.pk, opdId, tahun, tw);
  if (!pk) return { pk: null, kelompok: [], milestone: [] };
  const indikatorPerId = new Map(data.indikator.map((i) => [i.id, i]));
  const realisasiPerId = new Map(data.realisasi.map((r) => [r.id, r]));
  const realisasiPerKey = new Map(data.realisasi.map((r) => [keyRealisasi(r.indikatorId, r.periode), r]));
  const indikatorPk = data.indikator.filter((i) => i.pkId === pk.id);
  const milestone = PERIODE_MILESTONE.filter((m) => indikatorPk.some((i) => punyaMilestone(i, m)));
  const adalahMilestone = (PERIODE_MILESTONE as readonly string[]).includes(periode);

  const kelompok = data.sasaran
    .filter((s) => s.pkId === pk.id)
    .sort(urut)
    .map((sasaran, si) => {
      const baris = indikatorPk
        .filter((i) => i.sasaranId === sasaran.id && (!adalahMilestone || punyaMilestone(i, periode)))
        .sort(urut)
        .map((indikator, ii): BarisRealisasi => {
          const idRealisasi = idAlami.realisasi(indikator.id, periode);
          const rec = realisasiPerId.get(idRealisasi) ?? null;
          const perTriwulan = realisasiPerTriwulan(rantaiIndikator(indikator.id, indikatorPerId), realisasiPerKey);
          return { indikator, nomor: `${si + 1}.${ii + 1}`, target: targetPeriode(indikator, periode), rec, idRealisasi, perTriwulan };
        });
      return { sasaran, nomor: si + 1, baris };
    })
    .filter((k) => k.baris.length > 0 || !adalahMilestone);
  return { pk, kelompok, milestone };
}

export interface HasilBaris extends EvaluasiIndikator {
  predikat: Predikat;
}

/**
 * Live evaluation of a row (domain rules of src/domain/indikator.ts) with the value being typed:
 * `kini` replaces the stored realisasi of the period (null: empty). TDI counts as 0.
 */
export function hitungBaris(b: BarisRealisasi, periode: Periode, tahun: number, tanggalMulai: string, kini: NilaiRealisasi | null, now: Date): HasilBaris {
  const e = (PERIODE_MILESTONE as readonly string[]).includes(periode)
    ? evaluasiMilestone(b.indikator, kini, periode as PeriodeMilestone, tanggalMulai, now)
    : (() => {
        const tw = triwulanDariPeriode(periode);
        const per = b.perTriwulan.map((r, i) => (i === tw - 1 ? kini : r));
        return evaluasiTriwulan(b.indikator, per, tahun, tw, now);
      })();
  // 'progres' is progress toward a target that does not apply yet: no predikat.
  return { ...e, predikat: predikat(e.status === 'tdi' ? 0 : e.status === 'progres' ? null : e.capaian) };
}
