/**
 * Reads one OPD's year from the local database for the data-entry screens (Realisasi, Anggaran,
 * Laporan, PK). Used inside `langsung(...)`, so the screens re-render on every local write and on
 * every pulled change. Read-only; works offline (IndexedDB only).
 */
import type { PantauDB } from '../db/database.ts';
import type { Indikator, KunciPeriode, Laporan, Opd, Pk, Program, Realisasi, RealisasiAnggaran, Sasaran } from '../domain/schemas.ts';
import { idAlami } from '../domain/schemas.ts';

export interface DataOpdTahun {
  pk: Pk[];
  sasaran: Sasaran[];
  indikator: Indikator[];
  program: Program[];
  realisasi: Realisasi[];
  realisasiAnggaran: RealisasiAnggaran[];
}

export const DATA_KOSONG: DataOpdTahun = { pk: [], sasaran: [], indikator: [], program: [], realisasi: [], realisasiAnggaran: [] };

/** Records in their set order (`urutan`), ties broken by id so the order is stable. */
export const urut = <T extends { urutan: number; id: string }>(a: T, b: T) => a.urutan - b.urutan || a.id.localeCompare(b.id);

const hidup = <T extends { deleted: boolean }>(xs: T[]) => xs.filter((x) => !x.deleted);

export async function muatDataOpdTahun(db: PantauDB, opdId: string, tahun: number): Promise<DataOpdTahun> {
  if (!opdId) return DATA_KOSONG;
  const pk = hidup(await db.pk.where('[opdId+tahun]').equals([opdId, tahun]).toArray());
  const pkIds = pk.map((p) => p.id);
  const [sasaran, indikator, program, realisasi, realisasiAnggaran] = await Promise.all([
    db.sasaran.where('pkId').anyOf(pkIds).toArray(),
    db.indikator.where('pkId').anyOf(pkIds).toArray(),
    db.program.where('pkId').anyOf(pkIds).toArray(),
    db.realisasi.where('[opdId+tahun]').equals([opdId, tahun]).toArray(),
    db.realisasiAnggaran
      .where('opdId')
      .equals(opdId)
      .filter((r) => r.tahun === tahun)
      .toArray(),
  ]);
  return {
    pk,
    sasaran: hidup(sasaran),
    indikator: hidup(indikator),
    program: hidup(program),
    realisasi: hidup(realisasi),
    realisasiAnggaran: hidup(realisasiAnggaran),
  };
}

/** OPDs in their official order (operators see only their own). */
export async function muatDaftarOpd(db: PantauDB, hanyaOpdId: string | null): Promise<Opd[]> {
  const semua = hidup(await db.opd.toArray());
  return semua.filter((o) => !hanyaOpdId || o.id === hanyaOpdId).sort((a, b) => a.urutan - b.urutan || a.nama.localeCompare(b.nama, 'id'));
}

/** The lock record of a quarter, if that quarter is locked. */
export async function muatKunci(db: PantauDB, tahun: number, triwulan: number): Promise<KunciPeriode | null> {
  const k = await db.kunciPeriode.get(idAlami.kunciPeriode(tahun, triwulan));
  return k && !k.deleted && k.terkunci ? k : null;
}

export async function muatLaporan(db: PantauDB, opdId: string, tahun: number, triwulan: number): Promise<Laporan | null> {
  if (!opdId) return null;
  const l = await db.laporan.get(idAlami.laporan(opdId, tahun, triwulan));
  return l && !l.deleted ? l : null;
}
