/**
 * Writes and exports of the Rakor screen. Writes go through the repository (`simpan`: record +
 * outbox mutation in one transaction), so a rakor typed during a meeting with no network is kept
 * on the device and pushed when the connection returns. Exports (PDF, XLSX, CSV) are built in the
 * browser from the local copy, offline, with their libraries loaded only when asked for.
 */
import type { PantauDB } from '../../db/database.ts';
import { PenyimpananPenuhError, simpan } from '../../db/repo.ts';
import { hapusBukti, verifikasiBukti } from '../../db/bukti.ts';
import { lampirkanBerkas } from '../../lib/berkas-bukti.ts';
import { idAlami, type Arahan, type BuktiDukung, type KoreksiArahan, type Opd, type Pemda, type Rakor, type TindakLanjutArahan } from '../../domain/schemas.ts';
import type { DataPemda, Ringkasan } from '../../domain/ringkasan.ts';
import { rakorSebelumnya } from '../../reports/arahan.ts';
import { muatEkspor, muatGrafik, muatPdfRakor, muatSpreadsheet } from '../../reports/muat.ts';
import { daftarPeserta, terapkanKehadiran, type UbahHadir } from './peserta.ts';
import { formatTanggal } from '../../lib/format.ts';

/**
 * The rakor of (tahun, triwulan), created when missing: every OPD listed as absent until ticked.
 * Its id is the natural key `idAlami.rakor(tahun, triwulan)` (issue 9 point 5), so two tablets that
 * create the same quarter's rakor offline meet on one record. An existing one is returned unchanged.
 * Offline: stored locally.
 */
export async function buatRakor(db: PantauDB, tahun: number, triwulan: number, opd: Opd[], pemda: Pemda | null, tanggal: string, oleh: string): Promise<Rakor> {
  const id = idAlami.rakor(tahun, triwulan);
  const ada = await db.rakor.get(id);
  if (ada && !ada.deleted) return ada;
  return simpan(
    db,
    'rakor',
    id,
    {
      tahun,
      triwulan,
      tanggal,
      tempat: 'Ruang Rapat Bappeda',
      pimpinan: {
        nama: pemda?.kepalaDaerah.nama ?? 'Pimpinan Rapat',
        nip: pemda?.kepalaDaerah.nip ?? '',
        jabatan: pemda?.kepalaDaerah.jabatan ?? 'Pimpinan Rapat',
        pangkat: '',
      },
      peserta: daftarPeserta([], opd),
      agenda: ['Pembukaan', 'Tindak lanjut arahan rakor sebelumnya', `Paparan capaian kinerja triwulan ${triwulan}`, 'Arahan pimpinan', 'Penutup'],
      status: 'rencana',
    },
    oleh,
  );
}

/** Saves changed meeting fields (facts, attendance, agenda, status). Offline: stored locally. */
export function ubahRakor(db: PantauDB, id: string, fields: Partial<Rakor>, oleh: string): Promise<Rakor> {
  return simpan(db, 'rakor', id, fields, oleh);
}

/**
 * Ticks one OPD present (or names its representative). The stored list is read and rewritten in ONE
 * transaction, so ticks given quickly one after another each land on the list the previous one
 * stored instead of overwriting it with an older copy. Offline: stored locally, pushed later.
 */
export async function ubahKehadiran(db: PantauDB, rakorId: string, opd: readonly Opd[], opdId: string, ubah: UbahHadir, oleh: string): Promise<Rakor> {
  try {
    // Every table: `simpan` runs inside and opens its own (nested) transaction over the write tables.
    return await db.transaction('rw', db.tables, async () => {
      const kini = await db.rakor.get(rakorId);
      if (!kini || kini.deleted) throw new Error('Rakor tidak ditemukan di perangkat ini.');
      return simpan(db, 'rakor', rakorId, { peserta: terapkanKehadiran(kini.peserta, opd, opdId, ubah) }, oleh);
    });
  } catch (e) {
    const err = e as { name?: string; inner?: { name?: string } } | null;
    if (err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError') throw new PenyimpananPenuhError();
    throw e;
  }
}

/**
 * Throws an Indonesian Error when an arahan's deadline lies before its meeting: an arahan is
 * followed up after the rakor that gave it (docs/domain/rakor.md §Arahan), so "1 Januari 2020" at a
 * November 2026 rakor is a slip that would count as overdue at once. Dates are ISO `YYYY-MM-DD`.
 */
export function periksaBatasArahan(batasWaktu: string, tanggalRakor: string): void {
  if (batasWaktu < tanggalRakor)
    throw new Error(`Batas waktu ${formatTanggal(batasWaktu)} sebelum tanggal rakor (${formatTanggal(tanggalRakor)}); pilih tanggal sesudah rapat.`);
}

/** Records a new arahan of a rakor. Offline: stored locally, pushed later. Deadline: `periksaBatasArahan`. */
export async function tambahArahan(
  db: PantauDB,
  rakorId: string,
  isi: { opdId: string | null; uraian: string; batasWaktu: string },
  oleh: string,
): Promise<Arahan> {
  const rakor = await db.rakor.get(rakorId);
  if (rakor) periksaBatasArahan(isi.batasWaktu, rakor.tanggal);
  return simpan(db, 'arahan', null, { rakorId, ...isi, status: 'baru', tindakLanjut: '' }, oleh);
}

export type IsiArahan = Pick<Arahan, 'uraian' | 'opdId' | 'batasWaktu'>;

/**
 * Corrects an arahan (pimpinan/admin): the new uraian / addressee / deadline plus one `riwayat`
 * entry holding the old values, who, when and why (docs/domain/rakor.md §Koreksi). The record
 * is read and rewritten in one transaction. Throws an Indonesian Error without a reason.
 */
export async function koreksiArahan(db: PantauDB, id: string, isi: IsiArahan, alasan: string, oleh: string, now = new Date()): Promise<Arahan> {
  return catatKoreksi(db, id, 'ubah', alasan, oleh, now, isi);
}

/** Withdraws an arahan with a reason: it leaves every list and count but keeps its history. */
export async function batalkanArahan(db: PantauDB, id: string, alasan: string, oleh: string, now = new Date()): Promise<Arahan> {
  return catatKoreksi(db, id, 'hapus', alasan, oleh, now, { dibatalkan: true });
}

async function catatKoreksi(
  db: PantauDB,
  id: string,
  jenis: KoreksiArahan['jenis'],
  alasan: string,
  oleh: string,
  now: Date,
  fields: Partial<Arahan>,
): Promise<Arahan> {
  if (alasan.trim() === '') throw new Error('Alasan koreksi wajib diisi.');
  return db.transaction('rw', db.tables, async () => {
    const kini = await db.arahan.get(id);
    if (!kini || kini.deleted) throw new Error('Arahan tidak ditemukan di perangkat ini.');
    const rakor = fields.batasWaktu !== undefined && fields.batasWaktu !== kini.batasWaktu ? await db.rakor.get(kini.rakorId) : undefined;
    if (rakor && fields.batasWaktu) periksaBatasArahan(fields.batasWaktu, rakor.tanggal);
    const entri: KoreksiArahan = {
      jenis,
      pada: now.toISOString(),
      oleh,
      alasan: alasan.trim(),
      sebelum: { uraian: kini.uraian, opdId: kini.opdId, batasWaktu: kini.batasWaktu },
    };
    return simpan(db, 'arahan', id, { ...fields, riwayat: [...kini.riwayat, entri] }, oleh, now);
  });
}

/**
 * Stores ONE addressee's follow-up of an arahan (issue 9 point 5): id from (arahanId, opdId), so a
 * second tablet of the same OPD meets the same record and another OPD never overwrites it.
 */
export function simpanTindakLanjut(
  db: PantauDB,
  arahanId: string,
  opdId: string,
  isi: Pick<TindakLanjutArahan, 'uraian' | 'status'>,
  oleh: string,
): Promise<TindakLanjutArahan> {
  return simpan(db, 'tindakLanjutArahan', idAlami.tindakLanjutArahan(arahanId, opdId), { arahanId, opdId, ...isi }, oleh);
}

/**
 * Attach files as bukti dukung of an OPD's follow-up of an arahan (issue 15): the follow-up record
 * is created (status "proses") in the same transaction when it does not exist yet. Returns the
 * Indonesian reasons of refused files, '' when all landed. Offline: works.
 */
export function lampirkanBuktiTindakLanjut(db: PantauDB, arahanId: string, opdId: string, files: File[], oleh: string): Promise<string> {
  const id = idAlami.tindakLanjutArahan(arahanId, opdId);
  return lampirkanBerkas(
    db,
    { tabel: 'tindakLanjutArahan', recordId: id, opdId, induk: [{ table: 'tindakLanjutArahan', id, fields: { arahanId, opdId } }] },
    files,
    oleh,
  );
}
/** Remove or verify a piece of a follow-up's evidence (offline: works; verifying is the admin's). */
export const hapusBuktiTindakLanjut = (db: PantauDB, id: string, oleh: string) => hapusBukti(db, id, oleh);
export const verifikasiBuktiTindakLanjut = (db: PantauDB, id: string, status: 'diterima' | 'perbaikan', catatan: string, oleh: string) =>
  verifikasiBukti(db, id, status, catatan, oleh);

export interface BahanEkspor {
  pemda: Pemda | null;
  rakor: Rakor;
  semuaRakor: Rakor[];
  ringkasan: Ringkasan;
  opd: Opd[];
  arahan: Arahan[];
  tindakLanjutArahan: TindakLanjutArahan[];
  hariIni: string;
  /** Evidence records: listed per indicator in the PDF (names and status). */
  buktiDukung: BuktiDukung[];
}

/** Builds the Ringkasan Rakor Monev PDF (chart rendered offscreen) and offers it as a download. */
export async function unduhPdfRakor(b: BahanEkspor): Promise<void> {
  const [{ pdfRakor, namaBerkasRakor }, { grafikKeGambar, batangCapaian }, { unduh }] = await Promise.all([muatPdfRakor(), muatGrafik(), muatSpreadsheet()]);
  const gambar = await grafikKeGambar(batangCapaian(b.ringkasan), b.ringkasan.batasAtas);
  const d = {
    pemda: b.pemda,
    rakor: b.rakor,
    ringkasan: b.ringkasan,
    opd: b.opd,
    arahan: b.arahan,
    tindakLanjutArahan: b.tindakLanjutArahan,
    semuaRakor: b.semuaRakor,
    rakorSebelumnya: rakorSebelumnya(b.semuaRakor, b.rakor),
    hariIni: b.hariIni,
    buktiDukung: b.buktiDukung,
  };
  unduh(await pdfRakor(d, gambar), namaBerkasRakor(d));
}

/**
 * One sheet per view (Ringkasan, Indikator, Anggaran, Arahan) as XLSX with number formats, or one
 * view as CSV; every row (docs/domain/rakor.md §Ekspor).
 */
export async function eksporRingkasan(
  r: Ringkasan,
  data: Pick<DataPemda, 'opd' | 'pk' | 'program' | 'realisasiAnggaran' | 'realisasi' | 'rakor' | 'arahan' | 'tindakLanjutArahan'>,
  format: 'xlsx' | 'csv-ringkasan' | 'csv-realisasi',
  hariIni: string,
): Promise<void> {
  const [e, s] = await Promise.all([muatEkspor(), muatSpreadsheet()]);
  const nama = `Capaian-TW${r.triwulan}-${r.tahun}`;
  if (format !== 'xlsx') {
    const baris = format === 'csv-ringkasan' ? e.barisEksporRingkasan(r) : e.barisEksporIndikator(r, data);
    s.unduh(new Blob([await s.tulisCsv(baris)], { type: 'text/csv;charset=utf-8' }), `${format === 'csv-ringkasan' ? 'Ringkasan' : 'Realisasi'}-${nama}.csv`);
    return;
  }
  const blob = await s.tulisXlsx([
    { nama: 'Ringkasan', baris: e.barisEksporRingkasan(r), lebar: [5, 40, 14, 14, 8, 10, 12, 16, 10, 6, 10, 20, 22, 12, 10, 12, 12, 10, 10] },
    { nama: 'Indikator', baris: e.barisEksporIndikator(r, data), lebar: [14, 60, 12, 10, 12, 10, 10, 10, 10, 14, 12, 12, 16, 16, 40, 40, 40] },
    { nama: 'Anggaran', baris: e.barisEksporAnggaran(r, data), lebar: [14, 14, 50, 20, 22, 12, 12, 14, 10, 12, 14] },
    { nama: 'Arahan', baris: e.barisEksporArahan(data, hariIni), lebar: [16, 60, 24, 12, 14, 8, 10, 60] },
  ]);
  s.unduh(blob, `${nama}.xlsx`);
}
