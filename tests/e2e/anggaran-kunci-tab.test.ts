/**
 * Story: an operator of Dinas Kesehatan on a keyboard. The lock banners of the Anggaran and
 * Laporan screens read as sentences ("… dikunci oleh admin pada …", not "dikuncioleh adminpada"),
 * and on the Anggaran grid Tab reaches each programme's "Bukti" button before the next row, so the
 * bukti dukung of every programme is reachable without a mouse (keuangan → fisik → Bukti → next row).
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

/** What has the keyboard focus: its data-uji, data-baris/-kolom, programme row and accessible name. */
async function fokus(br: Br) {
  return br.page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      uji: el?.dataset.uji ?? null,
      baris: el?.dataset.baris ?? null,
      kolom: el?.dataset.kolom ?? null,
      program: el?.closest('tr')?.dataset.program ?? null,
      label: el?.getAttribute('aria-label') ?? null,
      tag: el?.tagName ?? null,
    };
  });
}

describe('Anggaran and Laporan: lock banners as sentences, Bukti reachable with Tab', () => {
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

  it("Tab goes keuangan → fisik → the row's Bukti button → the next row; Shift+Tab comes back; Enter opens the bukti", async () => {
    const { page } = br;
    const a = new HalamanAnggaran(page, srv.url);
    await a.buka({ tahun: 2026, tw: 3 });
    const baris = page.locator('tr[data-program]');
    expect(await baris.count()).toBeGreaterThanOrEqual(2);
    const [p0, p1] = [await baris.nth(0).getAttribute('data-program'), await baris.nth(1).getAttribute('data-program')];
    const nama0 = (await baris.nth(0).locator('td.nama > span').innerText()).trim();

    await a.sel(0, 0).click();
    await page.keyboard.press('Tab');
    expect(await fokus(br)).toMatchObject({ baris: '0', kolom: '1' });
    await page.keyboard.press('Tab');
    const diBukti = await fokus(br);
    expect(diBukti).toMatchObject({ tag: 'BUTTON', uji: 'buka-bukti', program: p0 });
    // Its accessible name says whose bukti it is.
    expect(diBukti.label).toContain(`Bukti dukung ${nama0}`);
    await page.keyboard.press('Tab');
    expect(await fokus(br)).toMatchObject({ baris: '1', kolom: '0', program: p1 });
    await page.keyboard.press('Shift+Tab');
    expect(await fokus(br)).toMatchObject({ uji: 'buka-bukti', program: p0 });

    // A real button: Enter opens the row's bukti panel, and Tab walks into it.
    await page.keyboard.press('Enter');
    const tombol = baris.nth(0).locator('[data-uji="buka-bukti"]');
    await expect.poll(() => tombol.getAttribute('aria-expanded')).toBe('true');
    await expect.poll(() => page.locator(`#bukti-${p0}`).count()).toBe(1);
    await page.keyboard.press('Tab');
    expect(await page.evaluate((id) => Boolean(document.activeElement?.closest(`#bukti-${id}`)), p0)).toBe(true);
  });

  it('an unusual fisik confirmed with a second Tab is stored and focus goes on to the Bukti button, not the vanishing confirm button', async () => {
    const { page } = br;
    const a = new HalamanAnggaran(page, srv.url);
    await a.buka({ tahun: 2026, tw: 3 });
    const baris = page.locator('tr[data-program]').nth(1);
    const p1 = await baris.getAttribute('data-program');
    // 1 % is below the previous quarter's cumulative fisik (the placeholder): it asks first.
    await expect.poll(async () => Number((await a.sel(1, 1).getAttribute('placeholder'))?.replace(',', '.')), { timeout: 30_000 }).toBeGreaterThan(1);
    await a.isi(1, 1, '1', 'Tab');
    await baris.locator('[data-uji="peringatan"]').waitFor({ timeout: 10_000 });
    expect(await fokus(br)).toMatchObject({ baris: '1', kolom: '1' });
    await page.keyboard.press('Tab');
    await expect.poll(() => fokus(br)).toMatchObject({ uji: 'buka-bukti', program: p1 });
    await expect.poll(() => a.sel(1, 1).inputValue()).toBe('1');
    await expect.poll(() => baris.locator('[data-uji="peringatan"]').count()).toBe(0);
    await expect.poll(() => a.teksBaris(1), { timeout: 15_000 }).toMatch(/Tersimpan lokal|Tersinkron/);
  });
});
