/**
 * Writes and exports of the Rakor screen. Writes go through the repository (`simpan`: record +
 * outbox mutation in one transaction), so a rakor typed during a meeting with no network is kept
 * on the device and pushed when the connection returns. Exports (PDF, XLSX, CSV) are built in the
 * browser from the local copy, offline, with their libraries loaded only when asked for.
 */
import type { PantauDB } from '../../db/database.ts';
import { PenyimpananPenuhError, simpan } from '../../db/repo.ts';
import type { Arahan, Opd, Pemda, Rakor } from '../../domain/schemas.ts';
import type { DataPemda, Ringkasan } from '../../domain/ringkasan.ts';
import { rakorSebelumnya } from '../../reports/arahan.ts';
import { muatEkspor, muatGrafik, muatPdfRakor, muatSpreadsheet } from '../../reports/muat.ts';
import { daftarPeserta, terapkanKehadiran, type UbahHadir } from './peserta.ts';

/** A new rakor for (tahun, triwulan): every OPD listed as absent until ticked. Offline: stored locally. */
export function buatRakor(db: PantauDB, tahun: number, triwulan: number, opd: Opd[], pemda: Pemda | null, tanggal: string, oleh: string): Promise<Rakor> {
  return simpan(db, 'rakor', null, {
    tahun,
    triwulan,
    tanggal,
    tempat: 'Ruang Rapat Bappeda',
    pimpinan: { nama: pemda?.kepalaDaerah.nama ?? 'Pimpinan Rapat', nip: pemda?.kepalaDaerah.nip ?? '', jabatan: pemda?.kepalaDaerah.jabatan ?? 'Pimpinan Rapat', pangkat: '' },
    peserta: daftarPeserta([], opd),
    agenda: ['Pembukaan', 'Tindak lanjut arahan rakor sebelumnya', `Paparan capaian kinerja triwulan ${triwulan}`, 'Arahan pimpinan', 'Penutup'],
    status: 'rencana',
  }, oleh);
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

/** Records a new arahan of a rakor. Offline: stored locally, pushed later. */
export function tambahArahan(db: PantauDB, rakorId: string, isi: { opdId: string | null; uraian: string; batasWaktu: string }, oleh: string): Promise<Arahan> {
  return simpan(db, 'arahan', null, { rakorId, ...isi, status: 'baru', tindakLanjut: '' }, oleh);
}

/** Updates an arahan (an operator only sends tindakLanjut/status). Offline: stored locally. */
export function ubahArahan(db: PantauDB, id: string, fields: Partial<Arahan>, oleh: string): Promise<Arahan> {
  return simpan(db, 'arahan', id, fields, oleh);
}

export interface BahanEkspor {
  pemda: Pemda | null;
  rakor: Rakor;
  semuaRakor: Rakor[];
  ringkasan: Ringkasan;
  opd: Opd[];
  arahan: Arahan[];
  hariIni: string;
}

/** Builds the Ringkasan Rakor Monev PDF (chart rendered offscreen) and offers it as a download. */
export async function unduhPdfRakor(b: BahanEkspor): Promise<void> {
  const [{ pdfRakor, namaBerkasRakor }, { grafikKeGambar, batangCapaian }, { unduh }] = await Promise.all([muatPdfRakor(), muatGrafik(), muatSpreadsheet()]);
  const gambar = await grafikKeGambar(batangCapaian(b.ringkasan), b.ringkasan.batasAtas);
  const d = { pemda: b.pemda, rakor: b.rakor, ringkasan: b.ringkasan, opd: b.opd, arahan: b.arahan, rakorSebelumnya: rakorSebelumnya(b.semuaRakor, b.rakor), hariIni: b.hariIni };
  unduh(await pdfRakor(d, gambar), namaBerkasRakor(d));
}

/** Summary + indicators under target + the year's realisasi as XLSX; or one table as CSV. */
export async function eksporRingkasan(r: Ringkasan, data: Pick<DataPemda, 'opd' | 'indikator' | 'realisasi'>, format: 'xlsx' | 'csv-ringkasan' | 'csv-realisasi'): Promise<void> {
  const [e, s] = await Promise.all([muatEkspor(), muatSpreadsheet()]);
  const nama = `Capaian-TW${r.triwulan}-${r.tahun}`;
  if (format !== 'xlsx') {
    const baris = format === 'csv-ringkasan' ? e.barisEksporRingkasan(r) : e.barisEksporRealisasi(data, r.tahun);
    s.unduh(new Blob([await s.tulisCsv(baris)], { type: 'text/csv;charset=utf-8' }), `${format === 'csv-ringkasan' ? 'Ringkasan' : 'Realisasi'}-${nama}.csv`);
    return;
  }
  const blob = await s.tulisXlsx([
    { nama: 'Ringkasan', baris: e.barisEksporRingkasan(r), lebar: [5, 40, 14, 12, 16, 10, 8, 20, 22, 12, 10, 12] },
    { nama: 'Di bawah target', baris: e.barisEksporDibawahTarget(r), lebar: [14, 60, 12, 12, 12, 12] },
    { nama: 'Realisasi', baris: e.barisEksporRealisasi(data, r.tahun), lebar: [14, 60, 12, 12, 12, 6, 30, 40, 40, 40] },
  ]);
  s.unduh(blob, `${nama}.xlsx`);
}
