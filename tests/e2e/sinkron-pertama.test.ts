/**
 * Story (issue 17 point 1): an operator gets a new tablet ready in a camat office where the signal
 * drops. The first sync brings the kabupaten page by page; the link goes after the first pages.
 * The sync badge then says how much arrived ("Sinkron pertama belum selesai: N data diterima (…)")
 * and never "Belum pernah sinkron", though the first sync did not finish. When the signal comes
 * back, one tap on "Sinkronkan" finishes it from where it stopped.
 *
 * The drop is made with Playwright's routing of the pull requests (pages of 500 records, the app's
 * byte budget lifted, so that the demo kabupaten takes several). While it downloads, the badge also
 * estimates the time left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aturHalamanTarik } from './pages/sinkron.ts';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { masukLewatForm } from './pages/rakor.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
  // Runs at document start on every load: records every text the sync badge ever shows, in order.
  await br.context.addInitScript(() => {
    const w = window as unknown as { __lencana: string[] };
    w.__lencana = [];
    const catat = () => {
      const el = document.querySelector('[data-testid="lencana-sinkron"] small');
      const t = el?.textContent?.replace(/\s+/g, ' ').trim();
      if (t && w.__lencana.at(-1) !== t) w.__lencana.push(t);
    };
    new MutationObserver(catat).observe(document, { childList: true, subtree: true, characterData: true });
  });
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

describe('a first sync on a link that drops', () => {
  it('shows what arrived, never "Belum pernah sinkron", and finishes from there', async () => {
    const { page, context } = br;
    let putus = true;
    const tarik = await aturHalamanTarik(context, { limit: 500, putus: (n) => putus && n > 2 });
    await masukLewatForm(page, srv.url, 'admin', srv.adminPassword);
    const lencana = page.getByTestId('lencana-sinkron');
    await lencana.getByText(/Sinkron pertama belum selesai: [\d.]+ data diterima \([\d,.]+ (KB|MB)\)/).waitFor({ timeout: 60_000 });
    expect((await lencana.innerText()).replace(/\s+/g, ' ')).toContain('1.000 data diterima');

    putus = false;
    await lencana.getByRole('button', { name: 'Sinkronkan' }).click();
    await lencana.getByText(/Tersinkron/).waitFor({ timeout: 90_000 });
    expect(tarik.jumlah).toBeGreaterThan(3);
    // Every text the badge showed: once the first page was stored, never "Belum pernah sinkron".
    const riwayat = await page.evaluate(() => (window as unknown as { __lencana: string[] }).__lencana);
    const pertama = riwayat.findIndex((t) => /data diterima/.test(t));
    expect(pertama, riwayat.join(' | ')).toBeGreaterThanOrEqual(0);
    expect(
      riwayat.slice(pertama).filter((t) => /Belum pernah sinkron/.test(t)),
      riwayat.join(' | '),
    ).toEqual([]);
    expect(
      riwayat.slice(pertama).some((t) => /^Mengunduh: [\d.]+ data diterima/.test(t)),
      riwayat.join(' | '),
    ).toBe(true);
    expect(
      riwayat.some((t) => /^Mengunduh: [\d.]+ data diterima \([\d,.]+ (KB|MB)\), sisa ± \d+ (detik|menit)/.test(t)),
      riwayat.join(' | '),
    ).toBe(true);
  }, 240_000);
});
