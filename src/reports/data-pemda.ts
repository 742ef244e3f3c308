/**
 * Reads everything the summary needs from the local database. Used inside `langsung(...)` by the
 * Layar, Rakor and Evaluasi screens: Dexie's liveQuery re-runs it after every local write and every
 * pulled change, so the projection follows a tablet's push without a reload, and it works from the
 * local copy when the hall has no network.
 */
import type { PantauDB } from '../db/database.ts';
import type { DataPemda } from '../domain/ringkasan.ts';
import type { EvaluasiPejabat, PejabatRecord } from '../domain/schemas.ts';

export interface DataLayar extends DataPemda {
  evaluasiPejabat: EvaluasiPejabat[];
  /** Officials over time (docs/domain/pejabat.md): Evaluasi pejabat and the pohon kinerja read them. */
  pejabat: PejabatRecord[];
}

const hidup = <T extends { deleted: boolean }>(xs: T[]) => xs.filter((x) => !x.deleted);

export async function bacaDataPemda(db: PantauDB): Promise<DataLayar> {
  const [pemda, opd, pk, sasaran, indikator, program, realisasi, realisasiAnggaran, rakor, arahan, evaluasiPejabat, pejabat, tindakLanjutArahan, buktiDukung] =
    await Promise.all([
      db.pemda.toArray(),
      db.opd.toArray(),
      db.pk.toArray(),
      db.sasaran.toArray(),
      db.indikator.toArray(),
      db.program.toArray(),
      db.realisasi.toArray(),
      db.realisasiAnggaran.toArray(),
      db.rakor.toArray(),
      db.arahan.toArray(),
      db.evaluasiPejabat.toArray(),
      db.pejabat.toArray(),
      db.tindakLanjutArahan.toArray(),
      db.buktiDukung.toArray(),
    ]);
  return {
    pemda: hidup(pemda)[0] ?? null,
    opd: hidup(opd),
    pk: hidup(pk),
    sasaran: hidup(sasaran),
    indikator: hidup(indikator),
    program: hidup(program),
    realisasi: hidup(realisasi),
    realisasiAnggaran: hidup(realisasiAnggaran),
    rakor: hidup(rakor),
    arahan: hidup(arahan),
    evaluasiPejabat: hidup(evaluasiPejabat),
    pejabat: hidup(pejabat),
    tindakLanjutArahan: hidup(tindakLanjutArahan),
    buktiDukung: hidup(buktiDukung),
  };
}
