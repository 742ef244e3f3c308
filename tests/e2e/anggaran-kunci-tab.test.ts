/**
 * Story: an operator of Dinas Kesehatan. The lock banners of the Anggaran and Laporan screens read
 * as sentences ("… dikunci oleh admin pada …", not "dikuncioleh adminpada").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanAnggaran } from './pages/realisasi.ts';
import { masukLewatForm } from './pages/rakor.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
  await masukLewatForm(br.page, srv.url, 'op-dinkes', 'demo12345');
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

describe('Anggaran and Laporan: lock banners as sentences', () => {
  it('the lock banners of Anggaran and Laporan keep the spaces around who and when (demo: Triwulan IV 2025 locked)', async () => {
    const { page } = br;
    const a = new HalamanAnggaran(page, srv.url);
    await a.buka({ tahun: 2025, tw: 4 });
    const banner = page.locator('[data-uji="banner-kunci"]');
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1);
    const teks = (await banner.innerText()).replace(/\s+/g, ' ').trim();
    expect(teks).toMatch(/^Triwulan IV 2025 dikunci oleh admin pada \d.*\. Nilai hanya dapat dibaca\.$/);
    expect(teks).not.toMatch(/dikuncioleh|adminpada|\.\s*\./);

    await page.goto(`${srv.url}/#/laporan?tahun=2025&tw=4`);
    await expect.poll(() => banner.count(), { timeout: 30_000 }).toBe(1);
    const laporan = (await banner.innerText()).replace(/\s+/g, ' ').trim();
    expect(laporan).toMatch(/^Triwulan IV 2025 dikunci oleh admin pada \d.*\. Laporan hanya dapat dibaca\.$/);
    expect(laporan).not.toMatch(/dikuncioleh|adminpada/);
  });
});
