/**
 * Reads what the summary needs from the local database. Used inside `langsung(...)` by the Layar,
 * Rakor and Evaluasi screens: Dexie's liveQuery re-runs it after every local write and every pulled
 * change that touches what it read, so the projection follows a tablet's push without a reload, and
 * it works from the local copy when the hall has no network.
 *
 * One year (issue 17 §5/§6; docs/architecture.md "Live queries"): `bacaDataPemda(db, tahun)` reads
 * the year's pk, realisasi and realisasiAnggaran through their `tahun` indexes and the sasaran,
 * indikator and program of those PKs through `pkId`, so its cost follows the year shown, and a pulled
 * page of another year's records does not wake the query (Dexie observes the index ranges read).
 * The small tables (pemda, opd, rakor, arahan, …) are read whole. Without `tahun`, everything.
 */
import { Dexie } from 'dexie';
import type { PantauDB } from '../db/database.ts';
import type { DataPemda } from '../domain/ringkasan.ts';
import type { EvaluasiPejabat, Indikator, PejabatRecord, Program, Sasaran } from '../domain/schemas.ts';
import { tanggalHariIni, type Triwulan } from '../domain/periode.ts';
import { denganZona, zonaPemda } from '../domain/waktu.ts';

export interface DataLayar extends DataPemda {
  evaluasiPejabat: EvaluasiPejabat[];
  /** Officials over time (docs/domain/pejabat.md): Evaluasi pejabat and the pohon kinerja read them. */
  pejabat: PejabatRecord[];
  /** Which year the per-year tables hold: a year, 'semua' (all years) or null (none read yet). */
  cakupan: number | 'semua' | null;
}

const hidup = <T extends { deleted: boolean }>(xs: T[]) => xs.filter((x) => !x.deleted);

/** The records whose evidence the summary and the Layar read (docs/bukti-dukung.md "Layar"). */
const TABEL_BUKTI_LAYAR = ['realisasi', 'realisasiAnggaran', 'tindakLanjutArahan'] as const;

/**
 * The summary's data: of year `tahun` (number), of no year (null: only the small tables, while the
 * caller does not know its year yet), or of every year (undefined: Evaluasi, PK import).
 */
export async function bacaDataPemda(db: PantauDB, tahun?: number | null): Promise<DataLayar> {
  const [pemda, opd, rakor, arahan, evaluasiPejabat, pejabat, tindakLanjutArahan, buktiDukung] = await Promise.all([
    db.pemda.toArray(),
    db.opd.toArray(),
    db.rakor.toArray(),
    db.arahan.toArray(),
    tahun === undefined ? db.evaluasiPejabat.toArray() : tahun === null ? [] : db.evaluasiPejabat.where('tahun').equals(tahun).toArray(),
    db.pejabat.toArray(),
    db.tindakLanjutArahan.toArray(),
    // The summary counts evidence of realisasi (accepted ones count as evidenced); the Layar's strip
    // also shows that of anggaran and of arahan follow-ups (`buktiTriwulan`). Laporan's is not read.
    tahun === undefined
      ? db.buktiDukung.toArray()
      : tahun === null
        ? []
        : Promise.all(TABEL_BUKTI_LAYAR.map((t) => db.buktiDukung.where('[tabel+recordId]').between([t, Dexie.minKey], [t, Dexie.maxKey]).toArray())).then(
            (xs) => xs.flat(),
          ),
  ]);
  const perTahun = tahun === undefined ? await bacaSemuaTahun(db) : tahun === null ? TAHUN_KOSONG : await bacaTahun(db, tahun);
  return {
    pemda: hidup(pemda)[0] ?? null,
    opd: hidup(opd),
    pk: hidup(perTahun.pk),
    sasaran: hidup(perTahun.sasaran),
    indikator: hidup(perTahun.indikator),
    program: hidup(perTahun.program),
    realisasi: hidup(perTahun.realisasi),
    realisasiAnggaran: hidup(perTahun.realisasiAnggaran),
    rakor: hidup(rakor),
    arahan: hidup(arahan),
    evaluasiPejabat: hidup(evaluasiPejabat),
    pejabat: hidup(pejabat),
    tindakLanjutArahan: hidup(tindakLanjutArahan),
    buktiDukung: hidup(buktiDukung),
    cakupan: tahun === undefined ? 'semua' : tahun,
  };
}

type PerTahun = Pick<DataPemda, 'pk' | 'sasaran' | 'indikator' | 'program' | 'realisasi' | 'realisasiAnggaran'>;
const TAHUN_KOSONG: PerTahun = { pk: [], sasaran: [], indikator: [], program: [], realisasi: [], realisasiAnggaran: [] };

async function bacaSemuaTahun(db: PantauDB): Promise<PerTahun> {
  const [pk, sasaran, indikator, program, realisasi, realisasiAnggaran] = await Promise.all([
    db.pk.toArray(),
    db.sasaran.toArray(),
    db.indikator.toArray(),
    db.program.toArray(),
    db.realisasi.toArray(),
    db.realisasiAnggaran.toArray(),
  ]);
  return { pk, sasaran, indikator, program, realisasi, realisasiAnggaran };
}

/**
 * One year, as the server's GET /ringkasan reads it (src/server/ringkasan.ts): an indikator lineage
 * (`indikatorAsalId`) or a sasaran outside the year's PKs is fetched by id, so the summary equals
 * the one over every year.
 */
async function bacaTahun(db: PantauDB, tahun: number): Promise<PerTahun> {
  const [pk, realisasi, realisasiAnggaran] = await Promise.all([
    db.pk.where('tahun').equals(tahun).toArray(),
    db.realisasi.where('[tahun+periode]').between([tahun, Dexie.minKey], [tahun, Dexie.maxKey]).toArray(),
    db.realisasiAnggaran.where('[tahun+triwulan]').between([tahun, Dexie.minKey], [tahun, Dexie.maxKey]).toArray(),
  ]);
  const pkIds = pk.map((p) => p.id);
  const [sasaran, indikator, program] = await Promise.all([
    perPk<Sasaran>(db.sasaran, pkIds),
    perPk<Indikator>(db.indikator, pkIds),
    perPk<Program>(db.program, pkIds),
  ]);
  await lengkapi(
    indikator,
    (ids) => db.indikator.bulkGet(ids),
    (xs) => xs.map((i) => i.indikatorAsalId),
  );
  await lengkapi(
    sasaran,
    (ids) => db.sasaran.bulkGet(ids),
    () => indikator.map((i) => i.sasaranId),
  );
  return { pk, sasaran, indikator, program, realisasi, realisasiAnggaran };
}

/**
 * The rows of `pkIds`' PKs, one exact `pkId` lookup per PK. Not `anyOf`: Dexie walks a cursor across
 * the ids and its live query then observes the whole span between them, so another year's pulled
 * indikator (ids are random) would wake it.
 */
export async function perPk<T>(tabel: { where(i: 'pkId'): { equals(k: string): { toArray(): Promise<T[]> } } }, pkIds: readonly string[]): Promise<T[]> {
  return (await Promise.all(pkIds.map((id) => tabel.where('pkId').equals(id).toArray()))).flat();
}

/**
 * Adds to `daftar` the records it lacks that `perlu` names (first from `daftar`, then from each
 * batch fetched), by primary key, until none is missing. Deleted ones are dropped by the caller.
 */
async function lengkapi<T extends Indikator | Sasaran>(
  daftar: T[],
  ambil: (ids: string[]) => Promise<(T | undefined)[]>,
  perlu: (dari: readonly T[]) => (string | null)[],
): Promise<void> {
  const ada = new Set(daftar.map((x) => x.id));
  let dari: readonly T[] = daftar;
  for (;;) {
    const kurang = [...new Set(perlu(dari).filter((id): id is string => id !== null && !ada.has(id)))];
    if (!kurang.length) return;
    for (const id of kurang) ada.add(id);
    dari = (await ambil(kurang)).filter((x): x is T => x !== undefined);
    daftar.push(...dari);
  }
}

/**
 * A summary function remembered for the same data, period and calendar day in the pemda's zone
 * (issue 17 §6, browser side): the Layar's clock ticks every minute and would otherwise recompute
 * the summary and the pohon kinerja each time; they depend on `now` only through the day
 * (`tanggalHariIni`), so the same inputs on the same day give the same answer.
 */
export function ingatPerHari<T>(f: (data: DataLayar, tahun: number, triwulan: Triwulan, now: Date) => T) {
  let kunci: { data: DataLayar; tahun: number; triwulan: Triwulan; hari: string } | null = null;
  let nilai: T;
  const hitung = (data: DataLayar, tahun: number, triwulan: Triwulan, now: Date): T => {
    const hari = denganZona(zonaPemda(data.pemda), () => tanggalHariIni(now));
    if (kunci && kunci.data === data && kunci.tahun === tahun && kunci.triwulan === triwulan && kunci.hari === hari) return nilai;
    nilai = f(data, tahun, triwulan, now);
    kunci = { data, tahun, triwulan, hari };
    hitung.dihitung++;
    return nilai;
  };
  /** How many times `f` ran (tests). */
  hitung.dihitung = 0;
  return hitung;
}
