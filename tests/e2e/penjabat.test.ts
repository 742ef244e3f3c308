/**
 * Story (Permendagri 4/2023; docs/domain/pejabat.md §Penjabat): a Penjabat Bupati is appointed; Bappeda
 * opens the current quarterly evaluation period, sharpens an indicator as the ministry's letter says,
 * hands the indicators to the OPDs as tasks due before the report deadline; Dinkes' operator sends its
 * bahan from the tablet; Bappeda accepts it, writes the key points and downloads the compiled report,
 * whose text is checked with pdftotext and whose pages are rendered to PNG.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { KlienApi, masukLewatForm, simpanPdf, tungguSalinanLokal } from './pages/rakor.ts';
import { HalamanPenjabat } from './pages/penjabat.ts';
import type { Opd } from '../../src/domain/schemas.ts';
import { tambahTanggal, tanggalHariIni } from '../../src/domain/periode.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
let srv: Srv;
let br: Awaited<ReturnType<typeof bukaBrowser>>;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
}, 180_000);
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

/** Polls the server until a record of `table` matching `cocok` is there (the tablet pushed it). */
async function sampaiDiServer(api: KlienApi, table: string, cocok: (r: Record<string, unknown>) => boolean): Promise<void> {
  const batas = Date.now() + 90_000;
  for (;;) {
    if (((await api.tarikSemua())[table] ?? []).some(cocok)) return;
    if (Date.now() > batas) throw new Error(`${table} tidak sampai di server`);
    await new Promise((ok) => setTimeout(ok, 1000));
  }
}

describe('Evaluasi Penjabat kepala daerah', () => {
  it('from tasks for the OPDs to the compiled report PDF', async () => {
    const hariIni = tanggalHariIni(new Date());
    const tmt = tambahTanggal(hariIni, { hari: -20 });
    const api = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
    const t = await api.tarikSemua();
    const kd = (t.opd as Opd[]).find((o) => o.jenis === 'kepala-daerah')!;
    const dinkes = (t.opd as Opd[]).find((o) => o.singkatan === 'Dinkes')!;
    // The Mendagri decree appoints a Pj (recorded by Bappeda's admin, here through the API).
    const pjId = randomUUID();
    const h0 = await api.push({
      clientId: randomUUID(),
      schemaVersion: SCHEMA_VERSION,
      mutations: [
        {
          id: randomUUID(),
          seq: 1,
          table: 'pejabat',
          key: pjId,
          op: 'put',
          baseRev: 0,
          at: new Date().toISOString(),
          fields: {
            nama: 'Dr. Ir. Bambang Prasetyo, M.Si.',
            nip: '19700315 199503 1 001',
            pangkat: 'Pembina Utama Madya (IV/d)',
            jabatan: 'Bupati Sukamaju',
            level: 'kepala-daerah',
            penugasan: 'pj',
            opdId: kd.id,
            tmt,
            dasarPenugasan: 'Keputusan Menteri Dalam Negeri Nomor 100.2.1.3-9999 Tahun 2026',
          },
        },
      ],
    });
    expect(h0.results[0]?.status).toBe('applied');

    // Bappeda opens the period and hands the indicators out.
    await masukLewatForm(br.page, srv.url, 'admin', srv.adminPassword);
    await tungguSalinanLokal(br.page, { pejabat: (t.pejabat?.length ?? 0) + 1, opd: t.opd?.length ?? 1 });
    const h = new HalamanPenjabat(br.page, srv.url);
    await h.buka();
    await h.pilihPj('Bambang Prasetyo');
    await h.pilihPeriode(1);
    await h.bukaPeriode();
    expect(await h.jumlahIndikator()).toBeGreaterThanOrEqual(10);
    await h.isiCapaian('B2', 'Prevalensi stunting turun dari 18,1 % menjadi 16,4 % (e-PPGBM)');
    const batas = tambahTanggal(hariIni, { hari: 60 });
    await h.buatTugas(batas);
    const tugas = await h.daftarTugas();
    expect(tugas.length).toBeGreaterThanOrEqual(10);
    expect(tugas.some((x) => x.startsWith('B2') && x.includes('Dinkes'))).toBe(true);
    await br.page.screenshot({ path: '/tmp/e2e-penjabat-admin.png', fullPage: false });
    // Offline first: the tasks reach the server with the next push; wait for it before switching tablets.
    // The demo holds an earlier Pj's B2 tasks for Dinkes: match this period's by its deadline.
    await sampaiDiServer(api, 'tugasPj', (r) => r.kodeIndikator === 'B2' && r.opdId === dinkes.id && r.batasWaktu === batas);

    // Dinkes' operator sends its bahan (own tablet: a fresh sign-in).
    await br.page.evaluate(() => localStorage.clear());
    await masukLewatForm(br.page, srv.url, 'op-dinkes', 'demo12345');
    await h.buka();
    await h.kirimBahan('B2', 'Bahan B2: prevalensi stunting 16,4 %, 212 balita ditangani, data dukung e-PPGBM terlampir.');
    await br.page.screenshot({ path: '/tmp/e2e-penjabat-operator.png' });
    await sampaiDiServer(api, 'tugasPj', (r) => r.kodeIndikator === 'B2' && r.batasWaktu === batas && r.status === 'dikirim');

    // Bappeda accepts it, writes the key points and downloads the report.
    await br.page.evaluate(() => localStorage.clear());
    await masukLewatForm(br.page, srv.url, 'admin', srv.adminPassword);
    await h.buka();
    await h.pilihPj('Bambang Prasetyo');
    await h.pilihPeriode(1);
    await br.page.getByTestId('tugas-pj').filter({ hasText: 'Dikirim' }).first().waitFor({ timeout: 60_000 });
    await h.terima('B2');
    await h.isiRingkasan('Penurunan stunting sesuai target; bahan perangkat daerah lain masih ditunggu.');
    const pdf = await simpanPdf(await h.unduhLaporan(), 'laporan-pj.pdf');
    console.log(`halaman PDF Pj: ${pdf.halaman.join(', ')}`);
    const teks = pdf.teks.replace(/\s+/g, ' ');
    expect(teks).toContain('LAPORAN PELAKSANAAN TUGAS');
    expect(teks).toContain('PENJABAT BUPATI SUKAMAJU');
    expect(teks).toContain('PERIODE KE-1');
    expect(teks).toContain('NIP. 19700315 199503 1 001');
    expect(teks).toContain('Peraturan Menteri Dalam Negeri Nomor 4 Tahun 2023');
    expect(pdf.teksAlir.replace(/\s+/g, ' ')).toContain('212 balita ditangani');
    expect(pdf.teksAlir.replace(/\s+/g, ' ')).toContain('16,4 %');
    expect(teks).toContain('Penurunan stunting sesuai target');
    expect(teks).toContain('Bahan yang belum diterima');
    expect(dinkes.id).toBeTruthy();
  }, 300_000);
});
