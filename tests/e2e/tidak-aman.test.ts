/**
 * Over plain HTTP on a LAN name — what an IT team tries first — the page is not a secure context:
 * no service worker, no Web Locks, no persistent storage. The app must say so in Indonesian, with
 * what IT staff must do, instead of showing a green "Tersinkron" (docs/offline.md §4, issue 10).
 * Chromium maps the name pantau.lan to the test server (an http:// origin that is not localhost).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bukaBrowser, mulaiServer, type BrowserE2e, type ServerE2e } from './harness.ts';
import { masukLewatForm } from './pages/rakor.ts';
import { LencanaSinkron } from './pages/sinkron.ts';

let srv: ServerE2e;
let br: BrowserE2e;
beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser({ args: ['--host-resolver-rules=MAP pantau.lan 127.0.0.1'] });
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

describe('Bukan konteks aman (HTTP)', () => {
  it('warns on the sign-in page and in the header, and never shows a green "Tersinkron"', async () => {
    const url = srv.url.replace('localhost', 'pantau.lan');
    const { page } = br;
    await page.goto(url);
    expect(await page.evaluate(() => window.isSecureContext)).toBe(false);
    const banner = page.getByTestId('banner-tidak-aman');
    await banner.waitFor();
    expect(await banner.innerText()).toMatch(/Mode luring tidak tersedia/);
    expect(await banner.innerText()).toMatch(/Petugas TI: pasang sertifikat HTTPS/);
    await page.screenshot({ path: '/tmp/tidak-aman-masuk.png' });

    await masukLewatForm(page, url, 'pimpinan', 'demo12345');
    const lencana = new LencanaSinkron(page);
    await lencana.akar().waitFor();
    // Give the first sync time to finish: the badge must still not claim "Tersinkron".
    await page.waitForTimeout(3000);
    expect(await lencana.teks()).toMatch(/Tidak aman \(HTTP\): luring tidak aktif/);
    expect(await lencana.teks()).not.toMatch(/Tersinkron/);
    expect(await lencana.akar().getAttribute('data-siap-luring')).toBe('tidak');
    expect(await banner.isVisible()).toBe(true);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: '/tmp/tidak-aman-kepala.png' });
  });
});
