/**
 * PK signing and amendment (docs/domain/README.md "PK signing and amendment"). Signing freezes a snapshot of sasaran/indikator/program
 * into the PK; a Perubahan PK copies the PK into versi n+1 (draft) with new ids and lineage
 * (indikatorAsalId) so realisasi measured before the amendment keeps pointing at its old indicator.
 *
 * Offline: both are ordinary local writes (one transaction each) pushed later by the sync engine.
 */
import { idBaru, type Indikator, type Program, type Sasaran } from '../domain/schemas.ts';
import { snapshotPk } from '../domain/pk.ts';
import { periksaPihakPk } from '../domain/pejabat.ts';
import type { PantauDB } from './database.ts';
import { simpanBanyak, ValidasiError, type Tulisan } from './repo.ts';

async function anakPk(db: PantauDB, pkId: string) {
  const [sasaran, indikator, program] = await Promise.all([
    db.sasaran
      .where('pkId')
      .equals(pkId)
      .filter((r) => !r.deleted)
      .toArray(),
    db.indikator
      .where('pkId')
      .equals(pkId)
      .filter((r) => !r.deleted)
      .toArray(),
    db.program
      .where('pkId')
      .equals(pkId)
      .filter((r) => !r.deleted)
      .toArray(),
  ]);
  return { sasaran, indikator, program };
}

/**
 * Sign a draft PK: status 'ditandatangani' with a frozen snapshot of its contents. Its parties must
 * be pejabat records serving on the PK's date (docs/domain/pejabat.md §PK): pihak pertama of the
 * PK's OPD, and in the two-party form the superior as pihak kedua. Errors are Indonesian sentences.
 */
export async function tandatanganiPk(db: PantauDB, pkId: string, oleh: string, now: Date = new Date()): Promise<void> {
  const pk = await db.pk.get(pkId);
  if (!pk || pk.deleted) throw new Error('Perjanjian Kinerja tidak ditemukan.');
  if (pk.status === 'ditandatangani') throw new Error('PK ini sudah ditandatangani.');
  const { sasaran, indikator, program } = await anakPk(db, pkId);
  if (indikator.length === 0) throw new Error('PK belum memuat indikator; tambahkan sasaran dan indikator sebelum ditandatangani.');
  const [opd, pejabat] = await Promise.all([db.opd.get(pk.opdId), db.pejabat.toArray()]);
  const pihak = periksaPihakPk(pk, opd?.jenis ?? 'dinas', pejabat);
  if (pihak) throw new Error(`${pihak}. Pihak PK harus pejabat yang menjabat pada tanggal PK.`);
  await simpanBanyak(
    db,
    [
      {
        table: 'pk',
        id: pkId,
        fields: { status: 'ditandatangani', ditandatanganiPada: now.toISOString(), snapshot: snapshotPk(pkId, sasaran, indikator, program) },
      },
    ],
    oleh,
    now,
  );
}

export interface DataPerubahanPk {
  alasanPerubahan: string;
  nomorDokumen: string;
  tanggal: string;
  berlakuMulaiTriwulan: 1 | 2 | 3 | 4;
}

/**
 * Create the next version of a PK as a draft (versi + 1): the PK, its sasaran, indikator (with
 * indikatorAsalId → the previous version's indicator) and program, all with new ids, in one
 * transaction. Returns the new PK id.
 */
export async function buatPerubahanPk(db: PantauDB, pkId: string, data: DataPerubahanPk, oleh: string, now: Date = new Date()): Promise<string> {
  const pk = await db.pk.get(pkId);
  if (!pk || pk.deleted) throw new Error('Perjanjian Kinerja tidak ditemukan.');
  if (!data.alasanPerubahan.trim()) throw new ValidasiError({ alasanPerubahan: 'Alasan perubahan wajib diisi' });
  const penerus = await db.pk
    .where('[opdId+tahun]')
    .equals([pk.opdId, pk.tahun])
    .filter((p) => !p.deleted && p.pkSebelumnyaId === pkId)
    .count();
  if (penerus > 0) throw new Error('PK ini sudah memiliki Perubahan PK; ubah versi terbaru.');
  const { sasaran, indikator, program } = await anakPk(db, pkId);
  const pkBaru = idBaru();
  const idSasaran = new Map(sasaran.map((s) => [s.id, idBaru()]));
  const writes: Tulisan[] = [
    {
      table: 'pk',
      id: pkBaru,
      fields: {
        opdId: pk.opdId,
        tahun: pk.tahun,
        versi: pk.versi + 1,
        pkSebelumnyaId: pk.id,
        alasanPerubahan: data.alasanPerubahan.trim(),
        nomorDokumen: data.nomorDokumen,
        tanggal: data.tanggal,
        tanggalMulai: pk.tanggalMulai,
        berlakuMulaiTriwulan: data.berlakuMulaiTriwulan,
        status: 'draft',
        pihakPertama: pk.pihakPertama,
        pihakKedua: pk.pihakKedua,
        pihakPertamaId: pk.pihakPertamaId,
        pihakKeduaId: pk.pihakKeduaId,
        pkIndukId: pk.pkIndukId,
        ditandatanganiPada: null,
        snapshot: null,
      },
    },
  ];
  const salin = <T extends { id: string; rev: number; updatedAt: string; updatedBy: string; deleted: boolean }>(r: T) => {
    const { id: _i, rev: _r, updatedAt: _u, updatedBy: _b, deleted: _d, ...isi } = r;
    return isi;
  };
  for (const s of sasaran) writes.push({ table: 'sasaran', id: idSasaran.get(s.id)!, fields: { ...salin<Sasaran>(s), pkId: pkBaru } });
  for (const i of indikator) {
    const sasaranId = idSasaran.get(i.sasaranId);
    if (!sasaranId) continue; // orphan of a deleted sasaran: not part of the PK any more
    writes.push({ table: 'indikator', id: idBaru(), fields: { ...salin<Indikator>(i), pkId: pkBaru, sasaranId, indikatorAsalId: i.id } });
  }
  for (const p of program) writes.push({ table: 'program', id: idBaru(), fields: { ...salin<Program>(p), pkId: pkBaru } });
  await simpanBanyak(db, writes, oleh, now);
  return pkBaru;
}
