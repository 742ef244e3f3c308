/** Test helpers: an isolated fake-indexeddb database per test and a tiny valid PK tree. */
import 'fake-indexeddb/auto';
import { PantauDB } from '../../../src/db/database.ts';
import { simpan } from '../../../src/db/repo.ts';
import { idBaru } from '../../../src/domain/schemas.ts';

let n = 0;
export function dbBaru(): PantauDB {
  n++;
  return new PantauDB(`uji-${process.pid}-${n}-${idBaru()}`);
}

export const PEJABAT = { nama: 'Drs. Budi Santoso', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };

/** OPD + PK (draft) + one sasaran + `jumlah` indicators (naik, kumulatif, target 100). */
export async function pohonPk(db: PantauDB, oleh = 'uji', jumlah = 2) {
  const opd = await simpan(db, 'opd', null, { kode: '1.01', nama: 'Dinas Pendidikan', singkatan: 'Disdik', jenis: 'dinas', kepala: PEJABAT }, oleh);
  const pk = await simpan(
    db,
    'pk',
    null,
    {
      opdId: opd.id,
      tahun: 2026,
      versi: 1,
      tanggal: '2026-01-15',
      tanggalMulai: '2026-01-01',
      pihakPertama: PEJABAT,
      pihakKedua: PEJABAT,
    },
    oleh,
  );
  const sasaran = await simpan(db, 'sasaran', null, { pkId: pk.id, opdId: opd.id, uraian: 'Meningkatnya mutu pendidikan', urutan: 0 }, oleh);
  const indikator = [];
  for (let i = 0; i < jumlah; i++) {
    indikator.push(
      await simpan(
        db,
        'indikator',
        null,
        {
          pkId: pk.id,
          sasaranId: sasaran.id,
          opdId: opd.id,
          uraian: `Indikator ${i + 1}`,
          satuan: '%',
          polaritas: 'naik',
          agregasi: 'kumulatif',
          targetTahunan: 100,
          urutan: i,
        },
        oleh,
      ),
    );
  }
  const program = await simpan(db, 'program', null, { pkId: pk.id, opdId: opd.id, nama: 'Program Pengelolaan Pendidikan', pagu: 1_000_000_000 }, oleh);
  return { opd, pk, sasaran, indikator, program };
}
