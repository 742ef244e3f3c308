/**
 * Writes of the Realisasi grid, all through the repository (`simpan`: record + outbox mutation in
 * one transaction). Offline: every write lands in IndexedDB at once and syncs later; the realisasi
 * id is the natural key idAlami.realisasi(indikatorId, periode), so two tablets entering the same
 * quarter offline meet on one record.
 */
import type { PantauDB } from '../../db/database.ts';
import { hapusBukti, verifikasiBukti } from '../../db/bukti.ts';
import { lampirkanBerkas } from '../../lib/berkas-bukti.ts';
import { simpan, simpanBanyak } from '../../db/repo.ts';
import type { Indikator, Periode, Realisasi } from '../../domain/schemas.ts';
import { idAlami } from '../../domain/schemas.ts';

type IndikatorRingkas = Pick<Indikator, 'id' | 'opdId'>;

function kunci(ind: IndikatorRingkas, tahun: number, periode: Periode) {
  return { id: idAlami.realisasi(ind.id, periode), dasar: { indikatorId: ind.id, opdId: ind.opdId, tahun, periode } };
}

/** Store a value (null clears it). Rejected by validation when the row is TDI (the UI prevents it). */
export function simpanNilai(db: PantauDB, ind: IndikatorRingkas, tahun: number, periode: Periode, nilai: number | null, oleh: string): Promise<Realisasi> {
  const { id, dasar } = kunci(ind, tahun, periode);
  return simpan(db, 'realisasi', id, { ...dasar, nilai }, oleh);
}

/** Several values in one transaction (a pasted spreadsheet column): all land or none. */
export async function simpanBanyakNilai(
  db: PantauDB,
  isian: { ind: IndikatorRingkas; nilai: number | null }[],
  tahun: number,
  periode: Periode,
  oleh: string,
): Promise<Realisasi[]> {
  const hasil = await simpanBanyak(
    db,
    isian.map(({ ind, nilai }) => {
      const { id, dasar } = kunci(ind, tahun, periode);
      return { table: 'realisasi' as const, id, fields: { ...dasar, nilai } };
    }),
    oleh,
  );
  return hasil as Realisasi[];
}

/** Mark TDI (value cleared, reason required) or unmark it (alasan null). */
export function aturTdi(db: PantauDB, ind: IndikatorRingkas, tahun: number, periode: Periode, alasan: string | null, oleh: string): Promise<Realisasi> {
  const { id, dasar } = kunci(ind, tahun, periode);
  const fields: Partial<Realisasi> = alasan === null ? { tdi: false, alasanTdi: '' } : { tdi: true, alasanTdi: alasan, nilai: null };
  return simpan(db, 'realisasi', id, { ...dasar, ...fields }, oleh);
}

export type FieldRincian = 'masalah' | 'solusi' | 'tindakLanjut' | 'catatan' | 'alasanTdi';

/** Save one free-text field of the row's detail panel. */
export function simpanRincian(
  db: PantauDB,
  ind: IndikatorRingkas,
  tahun: number,
  periode: Periode,
  field: FieldRincian,
  teks: string,
  oleh: string,
): Promise<Realisasi> {
  const { id, dasar } = kunci(ind, tahun, periode);
  return simpan(db, 'realisasi', id, { ...dasar, [field]: teks }, oleh);
}

/**
 * Attach files as bukti dukung of the row's realisasi (issue 15): each is prepared (photos
 * compressed) and stored with its record and outbox entry in one transaction; the realisasi is
 * created empty in that transaction when nothing was typed for the quarter yet. Returns the
 * Indonesian reasons of the files refused here (type, a full device), joined; '' when all landed.
 * Offline: works; uploads start when the network returns.
 */
export function lampirkanBuktiRealisasi(db: PantauDB, ind: IndikatorRingkas, tahun: number, periode: Periode, files: File[], oleh: string): Promise<string> {
  const { id, dasar } = kunci(ind, tahun, periode);
  return lampirkanBerkas(db, { tabel: 'realisasi', recordId: id, opdId: ind.opdId, induk: [{ table: 'realisasi', id, fields: dasar }] }, files, oleh);
}

/** Remove a piece of evidence from the row (offline: works). */
export const hapusBuktiRealisasi = (db: PantauDB, id: string, oleh: string) => hapusBukti(db, id, oleh);

/** Bappeda's verdict on a piece of evidence (offline: works; only an admin's is accepted). */
export const verifikasiBuktiRealisasi = (db: PantauDB, id: string, status: 'diterima' | 'perbaikan', catatan: string, oleh: string) =>
  verifikasiBukti(db, id, status, catatan, oleh);
