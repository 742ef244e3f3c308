/**
 * PK editor writes, all through the repository (`simpan`/`hapus`: record + outbox mutation in one
 * transaction; several writes are wrapped in one outer transaction so they land together).
 * Offline: everything is stored in IndexedDB at once and pushed when online; the server refuses
 * edits to a signed PK, and so does the UI (the editor turns read-only).
 */
import type { PantauDB } from '../../db/database.ts';
import { hapus, simpan, simpanBanyak, transaksiTulis, type Tulisan } from '../../db/repo.ts';
import type { Indikator, Opd, Pemda, Pk, Program, Sasaran } from '../../domain/schemas.ts';

/**
 * A new draft PK (versi 1) for an OPD and year, parties prefilled from the OPD head and the kepala
 * daerah. When the device already holds a PK of that OPD and year (a second tap, or one stored
 * since the screen last read), that PK is returned and nothing is written: judged inside the write
 * transaction, never from the screen's read (issue 9 point 7).
 */
export function buatPk(db: PantauDB, opd: Opd, pemda: Pemda | null, tahun: number, oleh: string, now = new Date()): Promise<Pk> {
  return transaksiTulis(db, async () => {
    const ada = (await db.pk.where('[opdId+tahun]').equals([opd.id, tahun]).toArray()).filter((p) => !p.deleted);
    if (ada.length) return ada.sort((a, b) => b.versi - a.versi)[0]!;
    return buatPkBaru(db, opd, pemda, tahun, oleh, now);
  });
}

function buatPkBaru(db: PantauDB, opd: Opd, pemda: Pemda | null, tahun: number, oleh: string, now: Date): Promise<Pk> {
  const hariIni = now.toISOString().slice(0, 10);
  return simpan(db, 'pk', null, {
    opdId: opd.id,
    tahun,
    versi: 1,
    tanggal: hariIni,
    tanggalMulai: `${tahun}-01-01`,
    berlakuMulaiTriwulan: 1,
    status: 'draft',
    pihakPertama: { ...opd.kepala },
    pihakKedua: pemda ? { ...pemda.kepalaDaerah } : { nama: 'Kepala Daerah', nip: '', jabatan: 'Bupati', pangkat: '' },
  }, oleh, now);
}

export function simpanPk(db: PantauDB, pkId: string, fields: Partial<Pk>, oleh: string): Promise<Pk> {
  return simpan(db, 'pk', pkId, fields, oleh);
}

export function tambahSasaran(db: PantauDB, pk: Pick<Pk, 'id' | 'opdId'>, uraian: string, urutan: number, oleh: string): Promise<Sasaran> {
  return simpan(db, 'sasaran', null, { pkId: pk.id, opdId: pk.opdId, uraian, urutan }, oleh);
}

export function simpanSasaran(db: PantauDB, id: string, fields: Partial<Sasaran>, oleh: string): Promise<Sasaran> {
  return simpan(db, 'sasaran', id, fields, oleh);
}

/** Delete a sasaran with its indicators, together. */
export async function hapusSasaran(db: PantauDB, sasaranId: string, oleh: string): Promise<void> {
  const anak = (await db.indikator.where('sasaranId').equals(sasaranId).toArray()).filter((i) => !i.deleted);
  await simpanBanyak(db, [
    ...anak.map((i) => ({ table: 'indikator' as const, id: i.id, hapus: true as const })),
    { table: 'sasaran', id: sasaranId, hapus: true },
  ], oleh);
}

export function simpanIndikator(db: PantauDB, id: string | null, fields: Partial<Indikator>, oleh: string): Promise<Indikator> {
  return simpan(db, 'indikator', id, fields, oleh);
}

export function simpanProgram(db: PantauDB, id: string | null, fields: Partial<Program>, oleh: string): Promise<Program> {
  return simpan(db, 'program', id, fields, oleh);
}

export function hapusRecord(db: PantauDB, table: 'indikator' | 'program', id: string, oleh: string): Promise<void> {
  return hapus(db, table, id, oleh);
}

/**
 * Move item `id` one place up (-1) or down (+1) within `urut` (already in display order) and
 * renumber `urutan` 0..n-1; only records whose urutan really changes are written, in one transaction.
 */
export async function pindahkan(
  db: PantauDB,
  table: 'sasaran' | 'indikator' | 'program',
  urut: readonly { id: string; urutan: number }[],
  id: string,
  arah: -1 | 1,
  oleh: string,
): Promise<void> {
  const ids = urut.map((x) => x.id);
  const i = ids.indexOf(id);
  const j = i + arah;
  if (i < 0 || j < 0 || j >= ids.length) return;
  [ids[i], ids[j]] = [ids[j]!, ids[i]!];
  const lama = new Map(urut.map((x) => [x.id, x.urutan]));
  const tulis = ids.flatMap((x, n): Tulisan[] => (lama.get(x) === n ? [] : [{ table, id: x, fields: { urutan: n } } as Tulisan]));
  await simpanBanyak(db, tulis, oleh);
}
