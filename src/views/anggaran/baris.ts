/**
 * Rows of the budget grid (pure): the programmes of the PK in force for the quarter with their
 * cumulative (s.d. TWn) keuangan and fisik, the previous quarter's values, serapan and deviasi.
 */
import type { Pk, Program, RealisasiAnggaran } from '../../domain/schemas.ts';
import { idAlami } from '../../domain/schemas.ts';
import { pkBerlaku, type Triwulan } from '../../domain/periode.ts';
import { deviasiFisik, rencanaFisik, serapan } from '../../domain/capaian.ts';
import type { DataOpdTahun } from '../../lib/data-opd.ts';
import { urut } from '../../lib/data-opd.ts';

export interface BarisAnggaran {
  program: Program;
  nomor: number;
  idRealisasi: string;
  rec: RealisasiAnggaran | null;
  /** The previous quarter's record (same programme), the default carried forward. */
  sebelumnya: RealisasiAnggaran | null;
}

export function susunAnggaran(data: DataOpdTahun, opdId: string, tahun: number, tw: Triwulan): { pk: Pk | null; baris: BarisAnggaran[] } {
  const pk = pkBerlaku(data.pk, opdId, tahun, tw);
  if (!pk) return { pk: null, baris: [] };
  const perId = new Map(data.realisasiAnggaran.map((r) => [r.id, r]));
  const baris = data.program
    .filter((p) => p.pkId === pk.id)
    .sort(urut)
    .map((program, i): BarisAnggaran => {
      const idRealisasi = idAlami.realisasiAnggaran(program.id, tw);
      return {
        program,
        nomor: i + 1,
        idRealisasi,
        rec: perId.get(idRealisasi) ?? null,
        sebelumnya: tw > 1 ? (perId.get(idAlami.realisasiAnggaran(program.id, tw - 1)) ?? null) : null,
      };
    });
  return { pk, baris };
}

export interface HasilAnggaran {
  serapan: number | null;
  deviasi: number | null;
}

/** Serapan and deviasi fisik s.d. TWn (deviasi against the plan s.d. the quarter: `rencanaFisik`). */
export function hitungAnggaran(program: Pick<Program, 'pagu' | 'targetFisik'>, keuangan: number | null, fisik: number | null, tw: number): HasilAnggaran {
  return {
    serapan: keuangan === null ? null : serapan(keuangan, program.pagu),
    deviasi: fisik === null ? null : deviasiFisik(rencanaFisik(program.targetFisik, tw), fisik),
  };
}

/** Totals over rows (pagu, keuangan, serapan of the whole OPD). */
export function totalAnggaran(baris: { program: Pick<Program, 'pagu'>; keuangan: number | null }[]): {
  pagu: number;
  keuangan: number;
  serapan: number | null;
} {
  const pagu = baris.reduce((s, b) => s + b.program.pagu, 0);
  const keuangan = baris.reduce((s, b) => s + (b.keuangan ?? 0), 0);
  return { pagu, keuangan, serapan: serapan(keuangan, pagu) };
}
