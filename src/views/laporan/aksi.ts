/**
 * Laporan triwulan writes through the repository (record + outbox in one transaction). Offline:
 * stored in IndexedDB at once, synced later; the id is idAlami.laporan(opd, tahun, triwulan), so
 * two tablets writing the same report meet on one record (field-level merge on the server).
 */
import type { PantauDB } from '../../db/database.ts';
import { simpan } from '../../db/repo.ts';
import { hapusBukti, verifikasiBukti } from '../../db/bukti.ts';
import { lampirkanBerkas } from '../../lib/berkas-bukti.ts';
import type { Laporan } from '../../domain/schemas.ts';
import { idAlami } from '../../domain/schemas.ts';

export type FieldLaporan = 'faktorPendorong' | 'faktorPenghambat' | 'tindakLanjut';

const dasar = (opdId: string, tahun: number, triwulan: number) => ({
  id: idAlami.laporan(opdId, tahun, triwulan),
  fields: { opdId, tahun, triwulan },
});

export function simpanIsian(
  db: PantauDB,
  opdId: string,
  tahun: number,
  triwulan: number,
  isi: Partial<Record<FieldLaporan, string>>,
  oleh: string,
): Promise<Laporan> {
  const d = dasar(opdId, tahun, triwulan);
  return simpan(db, 'laporan', d.id, { ...d.fields, ...isi }, oleh);
}

/** Submit for verification ("Ajukan"). */
export function ajukan(db: PantauDB, opdId: string, tahun: number, triwulan: number, oleh: string, now = new Date()): Promise<Laporan> {
  const d = dasar(opdId, tahun, triwulan);
  return simpan(db, 'laporan', d.id, { ...d.fields, status: 'diajukan', diajukanPada: now.toISOString() }, oleh, now);
}

/** Admin: mark verified, with an optional note. */
export function verifikasi(db: PantauDB, opdId: string, tahun: number, triwulan: number, catatan: string, oleh: string): Promise<Laporan> {
  const d = dasar(opdId, tahun, triwulan);
  return simpan(db, 'laporan', d.id, { ...d.fields, status: 'diverifikasi', catatanVerifikasi: catatan }, oleh);
}

/** Back to draft (operator withdraws a submission, or admin returns it with a note). */
export function kembalikanKeDraf(db: PantauDB, opdId: string, tahun: number, triwulan: number, catatan: string | null, oleh: string): Promise<Laporan> {
  const d = dasar(opdId, tahun, triwulan);
  return simpan(db, 'laporan', d.id, { ...d.fields, status: 'draft', ...(catatan === null ? {} : { catatanVerifikasi: catatan }) }, oleh);
}

/**
 * Attach files as bukti dukung of the report (issue 15): the laporan record is created (empty) in
 * the same transaction when it does not exist yet. Returns the Indonesian reasons of refused files,
 * '' when all landed. Offline: works; uploads start when the network returns.
 */
export function lampirkanBuktiLaporan(db: PantauDB, opdId: string, tahun: number, triwulan: number, files: File[], oleh: string): Promise<string> {
  const d = dasar(opdId, tahun, triwulan);
  return lampirkanBerkas(db, { tabel: 'laporan', recordId: d.id, opdId, induk: [{ table: 'laporan', id: d.id, fields: d.fields }] }, files, oleh);
}

/** Remove a piece of the report's evidence (offline: works). */
export const hapusBuktiLaporan = (db: PantauDB, id: string, oleh: string) => hapusBukti(db, id, oleh);

/** Bappeda's verdict on a piece of the report's evidence (offline: works; only an admin's is accepted). */
export const verifikasiBuktiLaporan = (db: PantauDB, id: string, status: 'diterima' | 'perbaikan', catatan: string, oleh: string) =>
  verifikasiBukti(db, id, status, catatan, oleh);
