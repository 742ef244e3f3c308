/**
 * Writes of the Evaluasi Penjabat screen (Permendagri 4/2023; docs/domain/pejabat.md §Penjabat).
 * The admin opens a quarterly period (natural id per Pj and period number), edits its indicator
 * set as the ministry's letter sets it, and hands each indicator to an OPD as a task with its own
 * deadline; the OPD's operator fills in the bahan and sends it; the admin accepts or returns it.
 * Offline: every write is stored at once and pushed later; the server checks who may write what.
 */
import type { PantauDB } from '../../db/database.ts';
import { simpan, simpanBanyak, type Tulisan } from '../../db/repo.ts';
import { idAlami, idBaru, type EvaluasiPj, type IndikatorPj, type Opd, type PejabatRecord, type TugasPj } from '../../domain/schemas.ts';
import { batasLaporanBawaan, batasTugasBawaan, indikatorPjBawaan, type PeriodePj } from '../../domain/penjabat.ts';

/** Opens period `per` of Pj `pj` with the default indicator set (the record's id is natural: one per Pj and period). */
export function mulaiPeriode(db: PantauDB, pj: PejabatRecord, per: PeriodePj, opd: readonly Opd[], oleh: string): Promise<EvaluasiPj> {
  return simpan(
    db,
    'evaluasiPj',
    idAlami.evaluasiPj(pj.id, per.ke),
    {
      pejabatId: pj.id,
      ke: per.ke,
      mulai: per.mulai,
      selesai: per.selesai,
      batasLaporan: batasLaporanBawaan(per.selesai),
      indikator: indikatorPjBawaan(opd),
      status: 'persiapan',
    },
    oleh,
  );
}

export function simpanEvaluasiPj(db: PantauDB, id: string, fields: Partial<EvaluasiPj>, oleh: string): Promise<EvaluasiPj> {
  return simpan(db, 'evaluasiPj', id, fields, oleh);
}

/** A new indicator code for the set: the aspect's letter and the next free number (P4, B6, K3 …). */
export function kodeBaru(daftar: readonly IndikatorPj[], aspek: IndikatorPj['aspek']): string {
  const huruf = aspek === 'pemerintahan' ? 'P' : aspek === 'pembangunan' ? 'B' : 'K';
  let n = 1;
  while (daftar.some((i) => i.kode === `${huruf}${n}`)) n++;
  return `${huruf}${n}`;
}

/**
 * One task per indicator that has an OPD and no task yet, due `batasWaktu` (by default five days
 * before the report deadline), in one transaction. Returns how many were made.
 */
export async function buatTugas(
  db: PantauDB,
  e: EvaluasiPj,
  ada: readonly TugasPj[],
  oleh: string,
  batasWaktu = batasTugasBawaan(e.batasLaporan),
): Promise<number> {
  const tulis: Tulisan[] = [];
  for (const i of e.indikator) {
    if (!i.opdId) continue;
    if (ada.some((t) => !t.deleted && t.evaluasiPjId === e.id && t.kodeIndikator === i.kode && t.opdId === i.opdId)) continue;
    tulis.push({
      table: 'tugasPj',
      id: idBaru(),
      fields: { evaluasiPjId: e.id, opdId: i.opdId, kodeIndikator: i.kode, uraian: `Bahan evaluasi ${i.kode}: ${i.uraian}`, batasWaktu, status: 'baru' },
    });
  }
  if (tulis.length) await simpanBanyak(db, tulis, oleh);
  return tulis.length;
}

/** The OPD sends its bahan (operator of that OPD, or admin). An empty bahan is refused. */
export function kirimBahan(db: PantauDB, t: TugasPj, bahan: string, oleh: string, now = new Date()): Promise<TugasPj> {
  if (!bahan.trim()) return Promise.reject(new Error('Isi bahan evaluasi sebelum dikirim.'));
  return simpan(db, 'tugasPj', t.id, { bahan, status: 'dikirim', dikirimPada: now.toISOString() }, oleh);
}

/** The admin accepts the bahan, or returns it with a note for the OPD. */
export function nilaiBahan(db: PantauDB, t: TugasPj, terima: boolean, catatanAdmin: string, oleh: string): Promise<TugasPj> {
  if (!terima && !catatanAdmin.trim()) return Promise.reject(new Error('Tuliskan alasan pengembalian untuk perangkat daerah.'));
  return simpan(db, 'tugasPj', t.id, { status: terima ? 'diterima' : 'dikembalikan', catatanAdmin }, oleh);
}
