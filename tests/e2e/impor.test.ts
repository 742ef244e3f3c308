/**
 * Story: an admin imports PK indicators from a spreadsheet (the app's template) through the preview
 * of docs/import.md §Pratinjau. A file with bad rows shows every bad row with its Indonesian
 * messages, stores nothing while it is only previewed, and its import takes the valid rows only
 * (the bad ones are skipped, never half-stored). The corrected file then imports its remaining rows
 * and leaves the one already imported unchanged (§Impor ulang: matched by sasaran + indikator,
 * never doubled).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanPkImpor, KlienApi, masukLewatForm } from './pages/rakor.ts';
import { bacaLokal } from './pages/sinkron.ts';
import { idBaru, type Indikator, type Opd, type Sasaran } from '../../src/domain/schemas.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { KOLOM_IMPOR, type KeyKolom } from '../../src/reports/impor-pk.ts';

let srv: Awaited<ReturnType<typeof mulaiServer>>;
let br: Awaited<ReturnType<typeof bukaBrowser>>;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

const csv = (rows: string[][]) => rows.map((r) => r.map((c) => `"${c}"`).join(';')).join('\n');
const HEADER = KOLOM_IMPOR.map((k) => k.judul);
/** A template row from the columns given (the others empty). */
const baris = (isi: Partial<Record<KeyKolom, string>>) => KOLOM_IMPOR.map((k) => isi[k.kunci] ?? '');

describe('Impor PK', () => {
  it('shows every bad row with its message and stores nothing; the import takes the valid rows only; the corrected file imports the rest once', async () => {
    // A draft 2027 PK to import into (signed PKs refuse imports).
    const api = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
    const t = await api.tarikSemua();
    const opd = (t.opd as Opd[]).find((o) => o.jenis === 'dinas')!;
    const pkId = idBaru();
    const res = await api.push({
      clientId: idBaru(),
      schemaVersion: SCHEMA_VERSION,
      mutations: [
        {
          id: idBaru(),
          seq: 1,
          table: 'pk',
          key: pkId,
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
    /** The PK's indicators and sasaran on the server. */
    const diServer = async () => {
      const s = await api.tarikSemua();
      return {
        ind: ((s.indikator ?? []) as Indikator[]).filter((i) => i.pkId === pkId).sort((a, b) => a.urutan - b.urutan),
        sas: ((s.sasaran ?? []) as Sasaran[]).filter((x) => x.pkId === pkId),
      };
    };

    await masukLewatForm(br.page, srv.url, 'admin', srv.adminPassword);
    const h = new HalamanPkImpor(br.page, srv.url);
    await h.buka();
    await h.pilihOpd(opd.nama);
    await h.pilihPk(/^2027 · versi 1 · draf/);
    const page = br.page;
    const jumlahIndikator = page.getByText(/^PK ini memiliki \d+ indikator/);
    await expect.poll(() => jumlahIndikator.innerText()).toMatch(/^PK ini memiliki 0 indikator/);

    const sasaran = 'Meningkatnya layanan';
    const baik = baris({
      sasaran,
      uraian: 'Indeks kepuasan masyarakat',
      satuan: 'indeks',
      jenis: 'IKU',
      polaritas: 'naik',
      agregasi: 'akhir',
      targetTahunan: '82,5',
      sumberData: 'Survei',
    });
    await h.unggah(
      'salah.csv',
      csv([
        HEADER,
        baik,
        // No indicator name (the sasaran cell continues the one above) and a target that is no number.
        baris({ satuan: '%', jenis: 'IKU', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 'delapan' }),
        baris({ uraian: 'Rasio X', satuan: '%', jenis: 'IKU', polaritas: 'miring', agregasi: 'akhir', targetTahunan: '10' }),
      ]),
    );
    await page.getByTestId('pratinjau-impor').waitFor();
    const barisImpor = (no: number) => page.locator(`[data-testid="baris-impor"][data-baris="${no}"]`);
    // Every row with its result; every bad row with every one of its problems, in Indonesian.
    await expect(page.getByTestId('aksi-baris').allInnerTexts()).resolves.toEqual(['Baru', 'Dilewati', 'Dilewati']);
    await expect(barisImpor(2).getByTestId('galat-impor').count()).resolves.toBe(0);
    const galat3 = await barisImpor(3).getByTestId('galat-impor').allInnerTexts();
    expect(galat3).toHaveLength(2);
    expect(galat3[0]).toBe('Indikator: Wajib diisi (baris ini berisi data indikator tanpa nama indikator)');
    expect(galat3[1]).toMatch(/^Target Tahunan: “delapan” bukan target yang dikenali: tulis angka \(85\)/);
    await expect(barisImpor(4).getByTestId('galat-impor').allInnerTexts()).resolves.toEqual([
      'Polaritas: "miring" tidak dikenal; tulis naik/turun/rentang atau positif/negatif',
    ]);
    await expect(
      page
        .locator('.siap p')
        .innerText()
        .then((x) => x.replace(/\s+/g, ' ').trim()),
    ).resolves.toMatch(/^1 baru · 0 diperbarui · 0 tetap · 2 dilewati \(baris bergalat atau menunggu konfirmasi tidak diimpor\)$/);
    await expect(page.getByTestId('tombol-impor').innerText()).resolves.toBe('Impor 1 baris valid');

    // The preview stores nothing: no record on this device, nothing waiting to sync, nothing on the server.
    await page.waitForTimeout(1000);
    await expect(jumlahIndikator.innerText()).resolves.toMatch(/^PK ini memiliki 0 indikator/);
    expect((await bacaLokal(page, 'sasaran')).filter((x) => x.pkId === pkId)).toEqual([]);
    expect(await bacaLokal(page, 'outbox')).toEqual([]);
    expect(await diServer()).toEqual({ ind: [], sas: [] });

    // Importing it takes the valid row only (docs/import.md §Pratinjau); the bad rows are reported skipped.
    await page.getByTestId('tombol-impor').click();
    await expect(page.getByTestId('impor-berhasil').innerText()).resolves.toMatch(
      /^Impor selesai ke PK 2027: 1 baru, 0 diperbarui, 0 tidak berubah, 2 baris dilewati \(1 sasaran baru, 0 program\)/,
    );
    await expect.poll(async () => (await diServer()).ind.length, { timeout: 30_000 }).toBe(1);
    const pertama = await diServer();
    expect(pertama.ind.map((i) => [i.uraian, i.satuan, i.polaritas, i.agregasi, i.targetTahunan, i.sumberData])).toEqual([
      ['Indeks kepuasan masyarakat', 'indeks', 'naik', 'akhir', 82.5, 'Survei'],
    ]);
    expect(pertama.sas.map((x) => x.uraian)).toEqual([sasaran]);

    // The corrected file: the imported row is unchanged, the two fixed rows are new.
    await h.unggah(
      'benar.csv',
      csv([
        HEADER,
        baik,
        baris({ uraian: 'Persentase puskesmas terakreditasi', satuan: '%', jenis: 'IKU', polaritas: 'naik', agregasi: 'akhir', targetTahunan: '80' }),
        baris({ uraian: 'Rasio X', satuan: '%', jenis: 'IKU', polaritas: 'turun', agregasi: 'akhir', targetTahunan: '10' }),
      ]),
    );
    await page.getByTestId('pratinjau-impor').waitFor();
    await expect(page.getByTestId('aksi-baris').allInnerTexts()).resolves.toEqual(['Tetap', 'Baru', 'Baru']);
    await expect(page.getByTestId('galat-impor').count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Impor 2 baris valid' }).click();
    await expect(page.getByTestId('impor-berhasil').innerText()).resolves.toMatch(
      /^Impor selesai ke PK 2027: 2 baru, 0 diperbarui, 1 tidak berubah, 0 baris dilewati \(0 sasaran baru, 0 program\)/,
    );
    await expect.poll(async () => (await diServer()).ind.length, { timeout: 30_000 }).toBe(3);
    await page.waitForTimeout(1500);
    const akhir = await diServer();
    expect(akhir.ind.map((i) => [i.uraian, i.satuan, i.polaritas, i.targetTahunan])).toEqual([
      ['Indeks kepuasan masyarakat', 'indeks', 'naik', 82.5],
      ['Persentase puskesmas terakreditasi', '%', 'naik', 80],
      ['Rasio X', '%', 'turun', 10],
    ]);
    // One sasaran, every indicator under it; the first indicator kept its record (not doubled).
    expect(akhir.sas.map((x) => x.uraian)).toEqual([sasaran]);
    expect(new Set(akhir.ind.map((i) => i.sasaranId))).toEqual(new Set([akhir.sas[0]!.id]));
    expect(akhir.ind[0]!.id).toBe(pertama.ind[0]!.id);
    expect(akhir.ind[0]!.rev).toBe(pertama.ind[0]!.rev);
    await expect(jumlahIndikator.innerText()).resolves.toMatch(/^PK ini memiliki 3 indikator/);
  });
});
