/**
 * Story (issue 12): a Bappeda admin brings in the files it already has — the real files of
 * ../shared/real/, untouched — through the Impor PK screen; every stored value is as published
 * (checked on the server after sync), a second import of the same file changes nothing, and the
 * printed PK (pdftotext) shows the targets with their digits and the programmes with their pagu.
 * Rules: docs/import.md, docs/domain/target-capaian.md.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanPkImpor, KlienApi, masukLewatForm, simpanPdf } from './pages/rakor.ts';
import { idBaru, type Indikator, type Opd, type Program } from '../../src/domain/schemas.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';

const REAL = '/work/shared/real';
let srv: Awaited<ReturnType<typeof mulaiServer>>;
let br: Awaited<ReturnType<typeof bukaBrowser>>;
let api: KlienApi;
let opdList: Opd[];

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
  api = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
  opdList = ((await api.tarikSemua()).opd as Opd[]).filter((o) => o.jenis === 'dinas');
  await masukLewatForm(br.page, srv.url, 'admin', srv.adminPassword);
}, 120_000);
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

/** A draft 2027 PK for an OPD (signed PKs refuse imports). */
async function pkDraf(opd: Opd): Promise<string> {
  const id = idBaru();
  const res = await api.push({
    clientId: idBaru(),
    schemaVersion: SCHEMA_VERSION,
    mutations: [
      {
        id: idBaru(),
        seq: 1,
        table: 'pk',
        key: id,
        op: 'put',
        baseRev: 0,
        at: new Date().toISOString(),
        fields: {
          opdId: opd.id,
          tahun: 2027,
          versi: 1,
          tanggal: '2027-01-04',
          tanggalMulai: '2027-01-01',
          status: 'draft',
          pihakPertama: { nama: opd.kepala.nama, nip: opd.kepala.nip, jabatan: opd.kepala.jabatan, pangkat: '' },
          pihakKedua: { nama: 'Bupati', nip: '', jabatan: 'Bupati', pangkat: '' },
        },
      },
    ],
  });
  expect(res.results[0]!.status).toBe('applied');
  return id;
}

async function unggah(h: HalamanPkImpor, nama: string) {
  const mimeType = nama.endsWith('.csv') ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
  await h.page.getByTestId('berkas-impor').setInputFiles({ name: nama, mimeType, buffer: readFileSync(`${REAL}/${nama}`) });
  await h.page.getByTestId('pratinjau-impor').waitFor({ timeout: 60_000 });
}

/** Waits until the server holds `n` indicators and `p` programmes of the PK (the import synced). */
async function diServer(pkId: string, n: number, p: number) {
  const batas = Date.now() + 60_000;
  for (;;) {
    const t = await api.tarikSemua();
    const ind = ((t.indikator ?? []) as Indikator[]).filter((i) => i.pkId === pkId);
    const prog = ((t.program ?? []) as Program[]).filter((x) => x.pkId === pkId);
    if (ind.length >= n && prog.length >= p) return { ind: ind.sort((a, b) => a.urutan - b.urutan), prog: prog.sort((a, b) => a.urutan - b.urutan) };
    if (Date.now() > batas) throw new Error(`server: ${ind.length}/${n} indikator, ${prog.length}/${p} program`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function impor(h: HalamanPkImpor, opd: Opd, nama: string, konfirmasiSaran: boolean) {
  await h.buka();
  await h.pilihOpd(opd.nama);
  await h.pilihPk(/^2027 · versi 1 · draf/);
  await unggah(h, nama);
  if (konfirmasiSaran) await h.page.getByTestId('konfirmasi-saran').check();
  await h.page.getByTestId('tombol-impor').click();
  await h.page.getByTestId('impor-berhasil').waitFor({ timeout: 30_000 });
}

describe('Impor berkas nyata (docs/import.md)', () => {
  it('Tanah Datar IKU as XLSX (percent cells) and CSV: every value as published; re-import changes nothing; the PK PDF prints 20,71 %', async () => {
    for (const [i, nama] of ['pk-impor-tanahdatar-kesra.xlsx', 'pk-impor-tanahdatar-kesra.csv'].entries()) {
      const opd = opdList[i]!;
      const pkId = await pkDraf(opd);
      const h = new HalamanPkImpor(br.page, srv.url);
      await impor(h, opd, nama, false);
      const { ind } = await diServer(pkId, 5, 0);
      expect(ind.map((x) => [x.uraian, x.satuan, x.jenis, x.polaritas, x.agregasi, x.targetTahunan, x.targetTriwulan, x.sumberData])).toEqual([
        ['Persentase masjid dan mushala yang dikunjungi dalam rangka pembinaan keagamaan', '%', 'IKU', 'naik', 'akhir', 20.71, null, 'Bagian Kesra'],
        ['Persentase Peningkatan zakat yang terhimpun', '%', 'IKU', 'naik', 'akhir', 6.67, null, 'Bagian Kesra'],
        ["Jumlah anak yang Khatam Al-Qur'an (orang)", 'orang', 'IKU', 'naik', 'kumulatif', 3000, null, 'Bagian Kesra'],
        ['Jumlah masyarakat yang mendaftar berangkat haji', 'orang', 'IKU', 'naik', 'kumulatif', 600, null, 'Bagian Kesra'],
        ['Jumlah peserta Qurban (orang)', 'orang', 'IKU', 'naik', 'kumulatif', 30000, null, 'Bagian Kesra'],
      ]);
      // The same file again: every row "Tetap", nothing to import (no doubling).
      await unggah(h, nama);
      await expect(h.page.getByTestId('aksi-baris').allInnerTexts()).resolves.toEqual(['Tetap', 'Tetap', 'Tetap', 'Tetap', 'Tetap']);
      await expect(h.page.getByTestId('tombol-impor').isDisabled()).resolves.toBe(true);
      if (i === 0) {
        await br.page.setViewportSize({ width: 1280, height: 800 });
        await br.page.screenshot({ path: '/tmp/i12-impor-tetap.png', fullPage: true });
        const pdf = await simpanPdf(await h.unduhPdfPk(), 'pk.pdf');
        console.log(`halaman PDF PK: ${pdf.halaman.join(', ')}`);
        const teks = pdf.teksAlir.replace(/\s+/g, ' ');
        for (const t of ['20,71 %', '6,67 %', '3.000 orang', '600 orang', '30.000 orang']) expect(teks).toContain(t);
      }
    }
  }, 240_000);

  it('Konawe Kepulauan PK lampiran (title row, no polarity) and its programme list, pagu and sumber dana as published', async () => {
    const opd = opdList[2]!;
    const pkId = await pkDraf(opd);
    const h = new HalamanPkImpor(br.page, srv.url);
    // Before the suggestions are confirmed nothing of the indicator table is imported.
    await h.buka();
    await h.pilihOpd(opd.nama);
    await h.pilihPk(/^2027 · versi 1 · draf/);
    await unggah(h, 'konkep-disdukcapil-pk-sumber.csv');
    await expect(h.page.getByTestId('tombol-impor').innerText()).resolves.toMatch(/Impor 7 baris valid/);
    await br.page.screenshot({ path: '/tmp/i12-impor-konkep.png', fullPage: true });
    await h.page.getByTestId('konfirmasi-saran').check();
    await expect(h.page.getByTestId('tombol-impor').innerText()).resolves.toMatch(/Impor 13 baris valid/);
    await h.page.getByTestId('tombol-impor').click();
    await h.page.getByTestId('impor-berhasil').waitFor();
    // The separate programme file re-imports the same programmes: matched by name, kode added.
    await unggah(h, 'konkep-disdukcapil-program.csv');
    await h.page.getByTestId('tombol-impor').click();
    await h.page.getByTestId('impor-berhasil').waitFor();
    const { ind, prog } = await diServer(pkId, 6, 7);
    expect(ind.map((x) => [x.uraian, x.formula, x.satuan, x.targetTahunan, x.polaritas, x.agregasi])).toEqual([
      ['Data Informasi Kependudukan', 'Jumlah Buku Profil Kependudukan', 'Buku', 1, 'naik', 'akhir'],
      ['Jumlah Operator yang berkopetensi', 'Jumlah Operator yang mengikuti BIMTEK SIAK', 'Orang', 17, 'naik', 'akhir'],
      [
        'persentase Jumlah penduduk 0-18 tahun berakte kelahiran',
        'Perbandingan jumlah penduduk 0-18 tahun berakte kelahiran dengan jumlah penduduk 0-18',
        '%',
        50,
        'naik',
        'akhir',
      ],
      ['persentase jumlah laporan kematian', 'Perbandingan Jumlah Akte kematian yang terbit dengan jumlah laporan', '%', 50, 'naik', 'akhir'],
      ['pesentase jumlah pasangan berakte nikah', 'perbandingan jumlah pasangan berakte nikah dengan jumlah pasangan', '%', 50, 'naik', 'akhir'],
      ['persentase jumlah laporan perceraian', 'perbandingan jumlah akte perceraian yang terbit dengan jumlah laporan perceraian', '%', 50, 'naik', 'akhir'],
    ]);
    await new Promise((r) => setTimeout(r, 1500));
    const { prog: akhir } = await diServer(pkId, 6, 7);
    expect(akhir.map((p) => [p.kode, p.nama, p.pagu, p.sumberDana])).toEqual([
      ['1', 'Program Pelayanan Administrasi Perkantoran', 607_600_000, 'APBD'],
      ['2', 'Program Peningktan Sarana dan Prasarana Aparatur', 325_350_000, 'APBD'],
      ['3', 'Program Peningkatan Disiplin Aparatur', 11_200_000, 'APBD'],
      ['5', 'Program Peningkatan Kapasitas Sumber Daya Aparatur', 70_000_000, 'APBD'],
      ['6', 'Program Peningkatan Pengembangan Sistem Pelaporan Capaian Kinerja dan Keuangan', 16_300_000, 'APBD'],
      ['15', 'Program Penataan Administrasi Kependudukan', 891_422_000, 'APBD, DAK'],
      ['17', 'Program Penataan Adminitrasi Kependukan dan Pencatatan Sipil', 0, ''],
    ]);
    expect(prog).toHaveLength(7);
    const pdf = await simpanPdf(await h.unduhPdfPk(), 'pk-konkep.pdf');
    console.log(`halaman PDF PK Konkep: ${pdf.halaman.join(', ')}`);
    const teks = pdf.teksAlir.replace(/\s+/g, ' ');
    for (const t of ['1 Buku', '17 Orang', '50 %', 'APBD, DAK', 'Rp 891.422.000', 'Rp 607.600.000', 'Program Peningktan Sarana dan Prasarana Aparatur'])
      expect(teks).toContain(t);
  }, 240_000);
});
