/**
 * Budget realisation writes through the repository (record + outbox in one transaction).
 * Offline: stored in IndexedDB at once, synced later; the id is the natural key
 * idAlami.realisasiAnggaran(programId, triwulan). Both values are cumulative s.d. the quarter and
 * both are required by the schema: when only one is typed for a new quarter, the other starts at
 * the previous quarter's value (nothing realised is ever "undone"), or 0 in TW1.
 */
import type { PantauDB } from '../../db/database.ts';
import { simpan } from '../../db/repo.ts';
import { hapusBukti, verifikasiBukti } from '../../db/bukti.ts';
import { lampirkanBerkas } from '../../lib/berkas-bukti.ts';
import type { Program, RealisasiAnggaran } from '../../domain/schemas.ts';
import { idAlami } from '../../domain/schemas.ts';

export type KolomAnggaran = 'keuangan' | 'fisik';

/**
 * Stores typed values of one programme's quarter. Whether the quarter already exists is judged
 * inside the write transaction (`bawaanBaru` of `simpan`), never by the screen: a Fisik saved
 * while the Keuangan typed a moment earlier is still being stored used to find "no record" in the
 * screen's last read and overwrite that Keuangan with the previous quarter's (issue 9 point 7).
 * `sebelumnya`: the previous quarter's values (cumulative, Rp and %), null in TW1.
 */
export function simpanAnggaran(
  db: PantauDB,
  program: Pick<Program, 'id' | 'opdId'>,
  tahun: number,
  triwulan: number,
  ubah: Partial<Record<KolomAnggaran, number>>,
  sebelumnya: Pick<RealisasiAnggaran, 'keuangan' | 'fisik'> | null,
  oleh: string,
): Promise<RealisasiAnggaran> {
  return simpan(
    db,
    'realisasiAnggaran',
    idAlami.realisasiAnggaran(program.id, triwulan),
    { programId: program.id, opdId: program.opdId, tahun, triwulan, ...ubah },
    oleh,
    new Date(),
    { bawaanBaru: { keuangan: sebelumnya?.keuangan ?? 0, fisik: sebelumnya?.fisik ?? 0 } },
  );
}

/**
 * Attach files as bukti dukung of a programme's anggaran realisasi of the quarter (issue 15 point 1;
 * docs/bukti-dukung.md "Di tablet"). When nothing was typed for the quarter yet, the record is
 * created in the same transaction with the previous quarter's values (as `simpanAnggaran` begins
 * it: the server wants the record before its evidence). Returns the Indonesian reasons of the files
 * refused here, joined; '' when all landed. Offline: works; uploads start when the network returns.
 */
export function lampirkanBuktiAnggaran(
  db: PantauDB,
  program: Pick<Program, 'id' | 'opdId'>,
  tahun: number,
  triwulan: number,
  sebelumnya: Pick<RealisasiAnggaran, 'keuangan' | 'fisik'> | null,
  files: File[],
  oleh: string,
): Promise<string> {
  const id = idAlami.realisasiAnggaran(program.id, triwulan);
  return lampirkanBerkas(
    db,
    {
      tabel: 'realisasiAnggaran',
      recordId: id,
      opdId: program.opdId,
      induk: [
        {
          table: 'realisasiAnggaran',
          id,
          fields: { programId: program.id, opdId: program.opdId, tahun, triwulan },
          bawaanBaru: { keuangan: sebelumnya?.keuangan ?? 0, fisik: sebelumnya?.fisik ?? 0 },
        },
      ],
    },
    files,
    oleh,
  );
}

/** Remove a piece of a programme's budget evidence (offline: works). */
export const hapusBuktiAnggaran = (db: PantauDB, id: string, oleh: string) => hapusBukti(db, id, oleh);

/** Bappeda's verdict on a piece of budget evidence (offline: works; only an admin's is accepted). */
export const verifikasiBuktiAnggaran = (db: PantauDB, id: string, status: 'diterima' | 'perbaikan', catatan: string, oleh: string) =>
  verifikasiBukti(db, id, status, catatan, oleh);
