/**
 * PK editor writes, all through the repository (`simpan`/`hapus`: record + outbox mutation in one
 * transaction; several writes are wrapped in one outer transaction so they land together).
 * Offline: everything is stored in IndexedDB at once and pushed when online; the server refuses
 * edits to a signed PK, and so does the UI (the editor turns read-only).
 */
import { tanggalHariIni } from '../../domain/waktu.ts';
import type { PantauDB } from '../../db/database.ts';
import { hapus, simpan, simpanBanyak, transaksiTulis, type Tulisan } from '../../db/repo.ts';
import type { Indikator, LevelPejabat, Opd, PejabatRecord, Pemda, Pk, Program, Sasaran } from '../../domain/schemas.ts';
import { bentukPk, kepalaOpdPada, salinanPejabat } from '../../domain/pejabat.ts';

/**
 * A new draft PK (versi 1) for an OPD and year. When the device already holds the OPD's own PK of
 * that year (a second tap, or one stored since the screen last read), that PK is returned and
 * nothing is written: judged inside the write transaction, never from the screen's read (issue 9
 * point 7). The parties are the pejabat serving on the PK date (docs/domain/pejabat.md §PK): the
 * OPD's head, and the kepala daerah as pihak kedua (a PK Pemda has the kepala daerah alone).
 * Without pejabat records yet, the OPD head and the pemda's kepala daerah are copied (the PK then
 * cannot be signed until its parties are picked from the records).
 */
export function buatPk(db: PantauDB, opd: Opd, pemda: Pemda | null, tahun: number, oleh: string, now = new Date()): Promise<Pk> {
  return transaksiTulis(db, async () => {
    const ada = (await db.pk.where('[opdId+tahun]').equals([opd.id, tahun]).toArray()).filter((p) => !p.deleted && !p.pkIndukId);
    if (ada.length) return ada.sort((a, b) => b.versi - a.versi)[0]!;
    return buatPkBaru(db, opd, pemda, tahun, oleh, now);
  });
}

async function buatPkBaru(db: PantauDB, opd: Opd, pemda: Pemda | null, tahun: number, oleh: string, now: Date): Promise<Pk> {
  const hariIni = tanggalHariIni(now);
  const [pejabat, semuaOpd] = await Promise.all([db.pejabat.toArray(), db.opd.toArray()]);
  const kdOpd = semuaOpd.find((o) => !o.deleted && o.jenis === 'kepala-daerah');
  const p1 = kepalaOpdPada(pejabat, opd.id, hariIni);
  const pemdaPk = bentukPk(opd.jenis) === 'pemda';
  const p2 = pemdaPk ? p1 : kdOpd ? kepalaOpdPada(pejabat, kdOpd.id, hariIni) : null;
  const cadangan2 = pemda ? { ...pemda.kepalaDaerah } : { nama: 'Kepala Daerah', nip: '', jabatan: 'Bupati', pangkat: '' };
  return simpan(
    db,
    'pk',
    null,
    {
      opdId: opd.id,
      tahun,
      versi: 1,
      tanggal: hariIni,
      tanggalMulai: `${tahun}-01-01`,
      berlakuMulaiTriwulan: 1,
      status: 'draft',
      pihakPertama: p1 ? salinanPejabat(p1) : { ...opd.kepala },
      pihakKedua: p2 ? salinanPejabat(p2) : pemdaPk ? { ...opd.kepala } : cadangan2,
      pihakPertamaId: p1?.id ?? null,
      pihakKeduaId: pemdaPk ? null : (p2?.id ?? null),
    },
    oleh,
    now,
  );
}

const TURUN: Partial<Record<LevelPejabat, LevelPejabat>> = { 'jpt-pratama': 'administrator', administrator: 'pengawas' };

/**
 * Down the cascade (docs/domain/pejabat.md §PK): a draft PK of an official one level below the
 * pihak pertama of `induk` (eselon III under the kepala OPD, eselon IV under eselon III), with
 * that pihak pertama as pihak kedua. Throws an Indonesian message when nobody serves at that level.
 */
export async function buatPkBawahan(db: PantauDB, induk: Pk, pejabatId: string | null, oleh: string, now = new Date()): Promise<Pk> {
  const hariIni = tanggalHariIni(now);
  const pejabat = await db.pejabat.toArray();
  const atas = pejabat.find((p) => p.id === induk.pihakPertamaId);
  if (!atas) throw new Error('Pihak pertama PK ini belum dipilih dari data pejabat.');
  const calon = calonBawahan(pejabat, induk, hariIni);
  const p1 = (pejabatId ? calon.find((p) => p.id === pejabatId) : calon[0]) ?? null;
  if (!p1) throw new Error(`Belum ada pejabat ${TURUN[atas.level] ?? 'bawahan'} yang menjabat di perangkat daerah ini. Tambahkan di menu Pejabat.`);
  return simpan(
    db,
    'pk',
    null,
    {
      opdId: induk.opdId,
      tahun: induk.tahun,
      versi: 1,
      tanggal: hariIni,
      tanggalMulai: induk.tanggalMulai,
      berlakuMulaiTriwulan: 1,
      status: 'draft',
      pihakPertama: salinanPejabat(p1),
      pihakKedua: salinanPejabat(atas),
      pihakPertamaId: p1.id,
      pihakKeduaId: atas.id,
      pkIndukId: induk.id,
    },
    oleh,
    now,
  );
}

/** Officials one level below `induk`'s pihak pertama, serving in the same OPD on `tanggal`. */
export function calonBawahan(pejabat: readonly PejabatRecord[], induk: Pick<Pk, 'opdId' | 'pihakPertamaId'>, tanggal: string): PejabatRecord[] {
  const atas = pejabat.find((p) => p.id === induk.pihakPertamaId);
  const level = atas ? TURUN[atas.level] : undefined;
  if (!level) return [];
  return pejabat.filter((p) => !p.deleted && p.opdId === induk.opdId && p.level === level && p.tmt <= tanggal && (p.selesai === null || p.selesai >= tanggal));
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
  await simpanBanyak(
    db,
    [...anak.map((i) => ({ table: 'indikator' as const, id: i.id, hapus: true as const })), { table: 'sasaran', id: sasaranId, hapus: true }],
    oleh,
  );
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
