/**
 * Story: an admin imports PK indicators from a spreadsheet; a file with errors shows a row-by-row
 * report and imports nothing; the corrected file imports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanPkImpor, KlienApi, masukLewatForm } from './pages/rakor.ts';
import { idBaru, type Opd } from '../../src/domain/schemas.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { KOLOM_IMPOR } from '../../src/reports/impor-pk.ts';

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

describe('Impor PK', () => {
  // Skipped with a reason: the import now reports rows in its new preview (docs/import.md) with other
  // wording, and imports the valid rows; this story still expects the first template's messages and an
  // all-or-nothing import. Issue 12 stays open until it is rewritten to the new preview.
  it.skip('reports every bad row, imports nothing, then imports the corrected file', async () => {
    // A draft 2027 PK to import into (signed PKs refuse imports).
    const api = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
    const t = await api.tarikSemua();
    const opd = (t.opd as Opd[]).find((o) => o.jenis === 'dinas')!;
    const res = await api.push({
      clientId: idBaru(),
      schemaVersion: SCHEMA_VERSION,
      mutations: [
        {
          id: idBaru(),
          seq: 1,
          table: 'pk',
          key: idBaru(),
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

    await masukLewatForm(br.page, srv.url, 'admin', srv.adminPassword);
    const h = new HalamanPkImpor(br.page, srv.url);
    await h.buka();
    await h.pilihOpd(opd.nama);
    await h.pilihPk(/^2027 · versi 1 · draf/);

    const baik = ['Meningkatnya layanan', 'Indeks kepuasan masyarakat', 'indeks', 'IKU', 'naik', 'akhir', '82,5', '', '', '', '82,5', 'Survei'];
    await h.unggah(
      'salah.csv',
      csv([
        HEADER,
        baik,
        ['', '', '%', 'IKU', 'naik', 'akhir', 'delapan', '', '', '', '', ''],
        ['', 'Rasio X', '%', 'IKU', 'miring', 'akhir', '10', '', '', '', '', ''],
      ]),
    );
    await h.galat().first().waitFor();
    const baris = await h.galat().allInnerTexts();
    // The row number heads each row's group of problems.
    expect(baris.join('\n')).toMatch(/3\s+Target Tahunan\s+"delapan" bukan angka/);
    expect(baris.join('\n')).toMatch(/Indikator\s+Wajib diisi/);
    expect(baris.join('\n')).toMatch(/4\s+Polaritas\s+"miring" tidak dikenal/);
    await expect(br.page.getByRole('button', { name: /^impor \d+ indikator$/i }).count()).resolves.toBe(0);

    await h.unggah('benar.csv', csv([HEADER, baik, ['', 'Rasio X', '%', 'IKU', 'naik', 'akhir', '10', '', '', '', '', '']]));
    await br.page.getByRole('button', { name: /impor 2 indikator/i }).click();
    await expect(br.page.getByTestId('impor-berhasil').innerText()).resolves.toMatch(/2 indikator \(1 sasaran baru\)/);
  });
});
