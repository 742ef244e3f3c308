/**
 * Story: in the Triwulan III 2026 rakor the chair records an arahan and exports the summary PDF;
 * an admin downloads a PK document. Both PDFs are captured and their text checked with pdftotext;
 * their pages are rendered to PNG for a look.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanPkImpor, HalamanRakor, KlienApi, masukLewatForm, simpanPdf, tungguSalinanLokal } from './pages/rakor.ts';
import { hitungRingkasan, type DataPemda } from '../../src/domain/ringkasan.ts';
import { formatPersen } from '../../src/lib/format.ts';
import type { Opd } from '../../src/domain/schemas.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
let srv: Srv;
let br: Awaited<ReturnType<typeof bukaBrowser>>;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

describe('PDF', () => {
  it('Ringkasan Rakor Monev TW III 2026 holds the summary numbers and the new arahan', async () => {
    const api = await KlienApi.masuk(srv.url, 'pimpinan', 'demo12345');
    const awal = await api.tarikSemua();
    await masukLewatForm(br.page, srv.url, 'pimpinan', 'demo12345');
    await tungguSalinanLokal(br.page, { realisasi: awal.realisasi?.length ?? 1, realisasiAnggaran: awal.realisasiAnggaran?.length ?? 1, arahan: awal.arahan?.length ?? 1 });
    const rakor = new HalamanRakor(br.page, srv.url);
    await rakor.buka();
    await rakor.pilih(/Triwulan III 2026/);
    const uraian = 'Percepat validasi data realisasi TW III sebelum 15 Desember';
    await rakor.tambahArahan(uraian, null, '2026-12-15');
    const pdf = await simpanPdf(await rakor.unduhPdf(), 'rakor.pdf');
    console.log(`halaman PDF rakor: ${pdf.halaman.join(', ')}`);

    const t = await api.tarikSemua();
    const data = { pemda: t.pemda?.[0] ?? null, ...Object.fromEntries(['opd', 'pk', 'sasaran', 'indikator', 'program', 'realisasi', 'realisasiAnggaran', 'rakor', 'arahan'].map((k) => [k, t[k] ?? []])) } as DataPemda;
    const r = hitungRingkasan(data, 2026, 3, new Date());
    const teks = pdf.teks.replace(/\s+/g, ' ');
    expect(teks).toContain('RINGKASAN RAPAT KOORDINASI MONITORING DAN EVALUASI');
    expect(teks).toContain('CAPAIAN KINERJA TRIWULAN III TAHUN 2026');
    expect(teks).toContain(`${formatPersen(r.total.rataCapaian)} (${r.total.predikat.label})`);
    const contoh = r.opd.find((o) => o.jenis !== 'kepala-daerah' && o.capaian !== null && o.nama.length < 30)!;
    expect(teks).toContain(`${contoh.nama} ${formatPersen(contoh.capaian)} ${contoh.predikat.label}`);
    expect(teks).toContain(uraian);
    expect(teks).toMatch(/Halaman 1 dari \d+/);
    expect(pdf.halaman.length).toBeGreaterThan(1);
  });

  it('the PK document of an OPD is in the Permenpan-RB 53/2014 form', async () => {
    await br.page.evaluate(() => localStorage.clear());
    await masukLewatForm(br.page, srv.url, 'admin', srv.adminPassword);
    const api = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
    const t = await api.tarikSemua();
    const opd = (t.opd as Opd[]).find((o) => o.jenis === 'dinas')!;
    const h = new HalamanPkImpor(br.page, srv.url);
    await h.buka();
    await h.pilihOpd(opd.nama);
    await h.pilihPk(/^2026 · versi 1/);
    const pdf = await simpanPdf(await h.unduhPdfPk(), 'pk.pdf');
    console.log(`halaman PDF PK: ${pdf.halaman.join(', ')}`);
    const teks = pdf.teks.replace(/\s+/g, ' ');
    expect(teks).toContain('PERJANJIAN KINERJA TAHUN 2026');
    expect(teks).toContain(opd.nama.toUpperCase());
    expect(teks).toContain('selanjutnya disebut pihak pertama');
    expect(teks).toContain(opd.kepala.nama);
    expect(teks).toMatch(/Jumlah Anggaran Rp [\d.]+/);
  });
});
