/**
 * Story: the admin and an operator open the data-entry screens on a tablet that already holds the
 * whole kabupaten. No screen may first claim "Belum ada perangkat daerah" or "Belum ada Perjanjian
 * Kinerja" while the local database is still being read (docs/architecture.md "Live queries"): an
 * empty state appears only after the first answer. A MutationObserver installed before the app's
 * own scripts records every empty state ever inserted, however briefly.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { masukLewatForm } from './pages/rakor.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
  // Runs at document start on every load: records every empty state inserted into the page.
  await br.context.addInitScript(() => {
    const w = window as unknown as { __kosong: string[] };
    w.__kosong = [];
    const periksa = (n: Node) => {
      if (!(n instanceof Element)) return;
      for (const el of [n, ...n.querySelectorAll('*')]) {
        const teks = el.textContent ?? '';
        if (el.getAttribute('data-testid') === 'belum-ada-opd') w.__kosong.push(`${location.hash}: belum ada perangkat daerah`);
        else if (el.classList.contains('kosong') && /Belum ada (Perjanjian Kinerja|rakor)/.test(teks))
          w.__kosong.push(`${location.hash}: ${teks.trim().slice(0, 60)}`);
      }
    };
    new MutationObserver((daftar) => daftar.forEach((m) => m.addedNodes.forEach(periksa))).observe(document, { childList: true, subtree: true });
  });
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

/** Opens `hash` with a full page load and waits until the screen shows `siap`. */
async function bukaPenuh(page: Page, hash: string, siap: string): Promise<string[]> {
  await page.goto('about:blank'); // a hash-only goto would stay in the same document
  await page.goto(`${srv.url}/${hash}`);
  try {
    await page.locator(siap).first().waitFor({ timeout: 30_000 });
  } catch (e) {
    await page.screenshot({ path: '/tmp/i16-memuat-gagal.png' });
    throw e;
  }
  await page.waitForTimeout(300);
  return page.evaluate(() => (window as unknown as { __kosong: string[] }).__kosong);
}

describe('empty states wait for the first read', () => {
  it('the admin (no OPD in the link): no "Belum ada perangkat daerah" flash on Realisasi, Anggaran, Laporan, PK', async () => {
    const { page } = br;
    await masukLewatForm(page, srv.url, 'admin', srv.adminPassword);
    await page
      .getByTestId('lencana-sinkron')
      .getByText(/tersinkron/i)
      .waitFor({ timeout: 60_000 });
    expect(await bukaPenuh(page, '#/realisasi?tahun=2026&tw=4', 'input[data-sel="0"], div.kosong')).toEqual([]);
    expect(await bukaPenuh(page, '#/anggaran?tahun=2026&tw=4', 'input[data-sel], p.kosong')).toEqual([]);
    expect(await bukaPenuh(page, '#/laporan?tahun=2026&tw=4', 'textarea')).toEqual([]);
    expect(await bukaPenuh(page, '#/pk?tahun=2026', '[data-uji="tandatangani"], .info-pk, table')).toEqual([]);
    expect(await bukaPenuh(page, '#/rakor', '.daftar li button')).toEqual([]);
  }, 240_000);
});
