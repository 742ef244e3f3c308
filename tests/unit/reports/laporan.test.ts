import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hitungRingkasan, type DataPemda } from '../../../src/domain/ringkasan.ts';
import { dokumenPk, teksTarget } from '../../../src/reports/data-pk.ts';
import { laporanRakor, hariTanggal, type DataRakorMasuk } from '../../../src/reports/data-rakor.ts';
import { pdfPk } from '../../../src/reports/pdf-pk.ts';
import { formatGambar, pdfRakor } from '../../../src/reports/pdf-rakor.ts';
import { bersih } from '../../../src/reports/pdf-umum.ts';
import { batangCapaian } from '../../../src/reports/grafik.ts';
import { arahanLewat, rakorSebelumnya } from '../../../src/reports/arahan.ts';
import * as f from './fixture.ts';
import { buktiDukungSchema, idAlami } from '../../../src/domain/schemas.ts';

const NOW = new Date('2026-11-23T02:00:00Z');

/** Two OPD, TW3 2026: Dinkes 80 % (one indicator 60 % with masalah), Disdik TDI only. */
function dunia() {
  const pemda = f.pemda();
  const dinkes = f.opd('Dinas Kesehatan', 'Dinkes');
  const disdik = f.opd('Dinas Pendidikan', 'Disdik');
  const pk1 = f.pk(dinkes, { status: 'ditandatangani', nomorDokumen: '050/12/DINKES/2026' });
  const pk2 = f.pk(disdik);
  const s1 = f.sasaran(pk1, 'Meningkatnya derajat kesehatan masyarakat');
  const s2 = f.sasaran(pk2, 'Meningkatnya mutu pendidikan');
  const i1 = f.indikator(s1, 'Cakupan imunisasi dasar lengkap', 90);
  const i2 = f.indikator(s1, 'Persentase persalinan di faskes', 100, { urutan: 1 });
  const i3 = f.indikator(s2, 'Angka partisipasi sekolah', [95, 100], { polaritas: 'rentang', satuan: '%' });
  const p1 = f.program(pk1, 'Program Pemenuhan Upaya Kesehatan', 2_000_000_000, { kode: '1.02.02' });
  const p2 = f.program(pk2, 'Program Pengelolaan Pendidikan', 1_000_000_000);
  const rakorTw2 = f.rakor({ triwulan: 2, tanggal: '2026-08-10', status: 'selesai' });
  const rakorTw3 = f.rakor({
    nomor: '005/123/Bappeda',
    peserta: [
      { opdId: dinkes.id, hadir: true, namaWakil: 'Sekretaris Dinkes' },
      { opdId: disdik.id, hadir: false, namaWakil: '' },
    ],
  });
  const aLama1 = f.arahan(rakorTw2, 'Percepat tender puskesmas', {
    opdId: dinkes.id,
    batasWaktu: '2026-09-30',
    status: 'proses',
    tindakLanjut: 'Dokumen lelang disiapkan',
  });
  const aLama2 = f.arahan(rakorTw2, 'Laporkan data APS tepat waktu', { opdId: disdik.id, batasWaktu: '2026-09-15', status: 'selesai' });
  const aBaru = f.arahan(rakorTw3, 'Validasi data imunisasi bersama puskesmas', { opdId: dinkes.id, batasWaktu: '2026-12-15' });
  const data: DataPemda = {
    pemda,
    opd: [dinkes, disdik],
    pk: [pk1, pk2],
    sasaran: [s1, s2],
    indikator: [i1, i2, i3],
    program: [p1, p2],
    realisasi: [
      f.realisasi(i1, 'TW3', 54, { masalah: 'Vaksin terlambat datang', solusi: 'Koordinasi dengan Dinkes Provinsi' }),
      f.realisasi(i2, 'TW3', 100),
      f.realisasi(i3, 'TW3', null, { tdi: true, alasanTdi: 'Data Dapodik belum rilis' }),
    ],
    realisasiAnggaran: [f.realisasiAnggaran(p1, 3, 1_500_000_000, 70), f.realisasiAnggaran(p2, 3, 250_000_000, 30)],
    rakor: [rakorTw2, rakorTw3],
    arahan: [aLama1, aLama2, aBaru],
  };
  return { data, pemda, dinkes, disdik, pk1, pk2, s1, i1, p1, rakorTw2, rakorTw3 };
}

function masukanRakor(w: ReturnType<typeof dunia>): DataRakorMasuk {
  return {
    pemda: w.pemda,
    rakor: w.rakorTw3,
    ringkasan: hitungRingkasan(w.data, 2026, 3, NOW),
    opd: w.data.opd,
    arahan: w.data.arahan,
    rakorSebelumnya: rakorSebelumnya(w.data.rakor, w.rakorTw3),
    hariIni: '2026-11-23',
  };
}

function teksPdf(blob: Blob, buf: ArrayBuffer): string {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-uji-'));
  const p = join(dir, 'x.pdf');
  writeFileSync(p, Buffer.from(buf));
  void blob;
  return execFileSync('pdftotext', ['-layout', p, '-']).toString('utf8');
}

describe('laporanRakor (summary → report data)', () => {
  it('maps the per-OPD table with capaian, predikat, serapan, fisik and TDI', () => {
    const lap = laporanRakor(masukanRakor(dunia()));
    // Dinkes: (54/90 = 60 %, 100 %) → 80 %, Tinggi; serapan 75 %, fisik 70 %.
    expect(lap.barisOpd[0]!.sel).toEqual(['1', 'Dinas Kesehatan', 'Lengkap', '2/2', '80 %', 'Tinggi', '75 %', '70 %', '0']);
    // Disdik: draft PK, only a TDI → 0 %, Sangat Rendah; serapan 25 %.
    expect(lap.barisOpd[1]!.sel).toEqual(['2', 'Dinas Pendidikan', 'PK draf', '1/1', '0 %', 'Sangat Rendah', '25 %', '30 %', '1']);
    expect(lap.barisOpd[0]!.warna).toBe('#6baed6');
    expect(lap.judul[1]).toBe('CAPAIAN KINERJA TRIWULAN III TAHUN 2026');
    expect(lap.ikhtisar.find(([k]) => k === 'Rata-rata capaian kinerja')![1]).toBe('40 % (Sangat Rendah)');
    expect(lap.ikhtisar.find(([k]) => k === 'Serapan anggaran')![1]).toBe('58,33 % (Rp 1.750.000.000 dari Rp 3.000.000.000)');
  });

  it('lists problems with solutions and TDI per OPD', () => {
    const lap = laporanRakor(masukanRakor(dunia()));
    expect(lap.masalah.map((m) => m.opd)).toEqual(['Dinas Kesehatan', 'Dinas Pendidikan']);
    expect(lap.masalah[0]!.butir).toEqual([
      { indikator: 'Cakupan imunisasi dasar lengkap', masalah: 'Vaksin terlambat datang', solusi: 'Koordinasi dengan Dinkes Provinsi' },
    ]);
    expect(lap.masalah[1]!.tdi).toEqual(['Angka partisipasi sekolah (TDI: Data Dapodik belum rilis)']);
  });

  it("shows this meeting's arahan and the follow-up of the previous meeting's, overdue flagged", () => {
    const lap = laporanRakor(masukanRakor(dunia()));
    expect(lap.arahan).toEqual([['1', 'Validasi data imunisasi bersama puskesmas', 'Dinkes', '15 Desember 2026', 'Baru']]);
    expect(lap.tindakLanjutPerRakor.map((k) => [k.judul, k.ringkas])).toEqual([
      ['Rakor Triwulan II 2026 (10 Agustus 2026)', '2 arahan: 1 selesai, 1 terbuka, 1 lewat batas waktu'],
    ]);
    expect(lap.tindakLanjut.map((t) => [t.sel[1], t.sel[4], t.lewat])).toEqual([
      ['Percepat tender puskesmas', 'Dalam proses (LEWAT BATAS)', true],
      ['Laporkan data APS tepat waktu', 'Selesai', false],
    ]);
    expect(lap.kehadiran).toEqual([
      ['1', 'Dinas Kesehatan', 'Hadir', 'Sekretaris Dinkes'],
      ['2', 'Dinas Pendidikan', 'Tidak hadir', '-'],
    ]);
    expect(lap.fakta).toContainEqual(['Hari/Tanggal', 'Senin, 23 November 2026']);
    expect(lap.tandaTangan.nama).toBe('Drs. Bambang Sutrisno, M.Si.');
  });

  it('helpers: weekday, overdue, previous rakor, chart bars sorted with their predikat colour', () => {
    expect(hariTanggal('2026-08-17')).toBe('Senin, 17 Agustus 2026');
    expect(arahanLewat({ status: 'baru', batasWaktu: '2026-11-22' }, '2026-11-23')).toBe(true);
    expect(arahanLewat({ status: 'selesai', batasWaktu: '2026-11-22' }, '2026-11-23')).toBe(false);
    expect(arahanLewat({ status: 'proses', batasWaktu: '2026-11-23' }, '2026-11-23')).toBe(false);
    const w = dunia();
    expect(rakorSebelumnya(w.data.rakor, w.rakorTw2)).toBeNull();
    const b = batangCapaian(hitungRingkasan(w.data, 2026, 3, NOW));
    expect(b.map((x) => [x.label, x.teks, x.warna])).toEqual([
      ['Dinkes', '80 %', '#6baed6'],
      ['Disdik', '0 %', '#a3231a'],
    ]);
  });
});

describe('dokumenPk (PK → document data)', () => {
  it('builds the Permenpan-RB 53/2014 statement and attachment rows', () => {
    const w = dunia();
    const dok = dokumenPk({ pemda: w.pemda, opd: w.dinkes, pk: w.pk1, sasaran: w.data.sasaran, indikator: w.data.indikator, program: w.data.program });
    expect(dok.judul).toEqual(['PERJANJIAN KINERJA TAHUN 2026', 'DINAS KESEHATAN', 'KABUPATEN SUKAMAJU']);
    expect(dok.perubahan).toBe(false);
    expect(dok.barisSasaran).toEqual([
      {
        no: '1',
        sasaran: 'Meningkatnya derajat kesehatan masyarakat',
        rentang: 2,
        indikator: 'Cakupan imunisasi dasar lengkap',
        target: '90 %',
        target100H: '',
        target6B: '',
        target1T: '',
      },
      { no: '', sasaran: '', rentang: 0, indikator: 'Persentase persalinan di faskes', target: '100 %', target100H: '', target6B: '', target1T: '' },
    ]);
    // Keterangan as entered: nothing entered prints nothing, never an invented "APBD" (docs/domain/pejabat.md §PK).
    expect(dok.barisProgram).toEqual([{ no: '1', program: '1.02.02 Program Pemenuhan Upaya Kesehatan', anggaran: 'Rp 2.000.000.000', keterangan: '' }]);
    expect(dok.totalAnggaran).toBe('Rp 2.000.000.000');
    expect(dok.tempatTanggal).toBe('Sukamaju Kota, 5 Januari 2026');
    expect(dok.tandaTangan.map((t) => t.peran)).toEqual(['PIHAK KEDUA', 'PIHAK PERTAMA']);
    expect(dok.tandaTangan[1]!.nip).toBe('19700101 200003 2 001'); // printed spaced (BKN form)
  });

  it('titles an amendment and states its reason', () => {
    const w = dunia();
    const pk2 = { ...w.pk1, versi: 2, berlakuMulaiTriwulan: 3, alasanPerubahan: 'Refocusing anggaran' };
    const dok = dokumenPk({ pemda: w.pemda, opd: w.dinkes, pk: pk2, sasaran: [], indikator: [], program: [] });
    expect(dok.judul[0]).toBe('PERUBAHAN PERJANJIAN KINERJA TAHUN 2026');
    expect(dok.alasanPerubahan).toContain('berlaku mulai Triwulan III Tahun 2026, dengan alasan: Refocusing anggaran');
    expect(teksTarget([10, 12.5], 'hari')).toBe('10 – 12,5 hari');
    expect(teksTarget(null, '%')).toBe('-');
  });
});

// Each document parses the embedded TTF fonts (docs/offline.md §6): allow for a busy machine.
describe('PDF builders (jsPDF in node, text checked with pdftotext)', { timeout: 60_000 }, () => {
  it('the rakor summary holds the numbers, arahan, attendance and page x of y', async () => {
    const blob = await pdfRakor(masukanRakor(dunia()), null);
    const teks = teksPdf(blob, await blob.arrayBuffer());
    expect(teks).toContain('RINGKASAN RAPAT KOORDINASI MONITORING DAN EVALUASI');
    expect(teks).toMatch(/Dinas Kesehatan\s+Lengkap\s+2\/2\s+80 %\s+Tinggi\s+75 %\s+70 %\s+0/);
    expect(teks).toMatch(/Dinas Pendidikan\s+PK draf\s+1\/1\s+0 %\s+Sangat Rendah\s+25 %\s+30 %\s+1/);
    expect(teks).toMatch(/Cara hitung: Skor = rata-rata capaian/);
    expect(teks).toContain('Vaksin terlambat datang');
    expect(teks).toContain('Validasi data imunisasi bersama puskesmas');
    expect(teks).toMatch(/LEWAT\s+BATAS/);
    expect(teks).toContain('Tidak hadir');
    expect(teks).toContain('Drs. Bambang Sutrisno, M.Si.');
    expect(teks).toMatch(/Halaman 1 dari \d/);
  });

  it('the chart goes in as JPEG, embedded as it is (DCTDecode), not re-deflated like a PNG', async () => {
    // A 16×8 JPEG as grafikKeGambar makes it (canvas.toDataURL('image/jpeg', 0.9) in Chromium).
    const jpeg =
      'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDAAMCAgMCAgMDAwMEAwMEBQgFBQQEBQoHBwYIDAoMDAsKCwsNDhIQDQ4RDgsLEBYQERMUFRUVDA8XGBYUGBIUFRT/2wBDAQMEBAUEBQkFBQkUDQsNFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBT/wAARCAAIABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAAAAgK/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/EABQBAQAAAAAAAAAAAAAAAAAAAAb/xAAYEQACAwAAAAAAAAAAAAAAAAAABUOBwf/aAAwDAQACEQMRAD8AjJogApeR3gYSyVp//9k=';
    expect(formatGambar(jpeg)).toBe('JPEG');
    expect(formatGambar('data:image/png;base64,iVBORw0KGgo=')).toBe('PNG');
    const blob = await pdfRakor(masukanRakor(dunia()), { dataUrl: jpeg, lebar: 16, tinggi: 8 });
    const pdf = Buffer.from(await blob.arrayBuffer()).toString('latin1');
    const gambar = pdf.match(/\/Subtype \/Image[^]*?stream/g) ?? [];
    expect(gambar).toHaveLength(1);
    expect(gambar[0]).toContain('/Filter /DCTDecode');
    expect(gambar[0]).not.toContain('FlateDecode');
    // The JPEG's own bytes (after the data-URL header) are in the file unchanged.
    expect(pdf).toContain(Buffer.from(jpeg.split(',')[1]!, 'base64').toString('latin1'));
    expect(teksPdf(blob, await blob.arrayBuffer())).toContain('C. Grafik capaian kinerja per perangkat daerah');
  });

  it('the PK document holds the statement, the targets, the budget and both signatories', async () => {
    const w = dunia();
    const blob = await pdfPk({ pemda: w.pemda, opd: w.dinkes, pk: w.pk1, sasaran: w.data.sasaran, indikator: w.data.indikator, program: w.data.program });
    const teks = teksPdf(blob, await blob.arrayBuffer());
    expect(teks).toContain('PERJANJIAN KINERJA TAHUN 2026');
    expect(teks).toContain('selanjutnya disebut pihak pertama');
    expect(teks).toContain('Cakupan imunisasi dasar lengkap');
    expect(teks).toMatch(/Rp 2\.000\.000\.000/);
    expect(teks).toContain('NIP. 19700101 200003 2 001');
    expect(teks).toContain('PIHAK KEDUA');
    expect(teks).toMatch(/Halaman 2 dari 2/);
  });

  it('only normalises Intl spaces in PDF text (the embedded font prints the rest)', () => {
    // The embedded font (docs/offline.md §6) prints ≤ and − themselves; only Intl's narrow spaces change.
    expect(bersih('87,5\u202f% ≤ 90 − 1')).toBe('87,5 % ≤ 90 − 1');
    expect(bersih('ok – “x”')).toBe('ok – “x”');
  });
});

describe('bukti dukung in the rakor report (issue 15 point 5; docs/bukti-dukung.md "Verifikasi")', () => {
  it('lists the evidence per OPD and indicator by name and status, counts the accepted, and prints it in the PDF', async () => {
    const w = dunia();
    const idR = idAlami.realisasi(w.i1.id, 'TW3');
    let n = 900;
    const bukti = (nama: string, status: string, x: Record<string, unknown> = {}) =>
      buktiDukungSchema.parse({
        id: `00000000-0000-4000-8000-${String(n++).padStart(12, '0')}`,
        updatedAt: '2026-11-23T01:00:00.000Z',
        tabel: 'realisasi',
        recordId: idR,
        opdId: w.dinkes.id,
        hash: 'c'.repeat(64),
        nama,
        mime: 'image/jpeg',
        ukuran: 10,
        status,
        ...x,
      });
    w.data.buktiDukung = [
      bukti('foto-posyandu.jpg', 'diterima'),
      bukti('daftar-hadir.pdf', 'perbaikan', { catatanVerifikasi: 'Tanpa tanda tangan', mime: 'application/pdf' }),
      bukti('dihapus.jpg', 'diterima', { deleted: true }),
    ];
    const d = { ...masukanRakor(w), buktiDukung: w.data.buktiDukung };
    const lap = laporanRakor(d);
    expect(lap.bukti).toEqual([
      {
        opd: 'Dinas Kesehatan',
        ringkas: '1 dari 2 realisasi terisi dengan bukti diterima',
        baris: [
          ['Cakupan imunisasi dasar lengkap', 'daftar-hadir.pdf', 'Perlu perbaikan: Tanpa tanda tangan'],
          ['Cakupan imunisasi dasar lengkap', 'foto-posyandu.jpg', 'Diterima'],
        ],
      },
    ]);
    expect(laporanRakor(masukanRakor(dunia())).bukti).toEqual([]);
    const blob = await pdfRakor(d, null);
    const teks = teksPdf(blob, await blob.arrayBuffer());
    expect(teks).toContain('Bukti dukung realisasi');
    expect(teks).toMatch(/foto-posyandu\.jpg\s+Diterima/);
  });
});
