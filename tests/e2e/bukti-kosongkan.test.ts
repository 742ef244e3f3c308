/**
 * The two things issue 15's closing note left out (docs/bukti-dukung.md "Mengosongkan perangkat",
 * "Hak baca"), in Debian Chromium against the real server:
 *
 * 1. An operator's tablet sends a photo; Pengaturan › Penyimpanan perangkat shows what the sent
 *    files take and "Kosongkan berkas terkirim" frees it in one click, while a file still waiting
 *    (offline) stays. The dropped photo still shows its thumbnail (from the server) and opens when
 *    online; offline it says the file is on the server only.
 * 2. Bappeda's tablet attaches a photo Disdik sent to a Dinkes realisasi (its HEAD check answers 200:
 *    no bytes go out); Dinkes's tablet then sees its thumbnail and Dinkes's account reads the file,
 *    while a third OPD still gets 403 (tests/server/berkas-lampiran.test.ts).
 */
import { createHash } from 'node:crypto';
import { buatPng } from '../bantu/png.ts';
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { duniaTablet } from './pages/tablet.ts';
import { HalamanRealisasi } from './pages/realisasi.ts';
import { KlienApi, masukLewatForm } from './pages/rakor.ts';
import { aturJaringan, bacaLokal, tungguServiceWorker, tungguTarikanAwal } from './pages/sinkron.ts';
import { PanelBukti } from './pages/bukti.ts';

const SANDI = 'demo12345';
const SABAR = { timeout: 60_000, interval: 250 };
const dunia = duniaTablet('bukti-kosongkan');

/** A small real PNG (w×h, colour ramp): kept as it is by the tablet. */
function png(w: number, h: number, geser = 0): Buffer {
  const baris: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const b = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) b.set([(x * 5 + geser) & 255, (y * 7) & 255, 90], 1 + x * 3);
    baris.push(b);
  }
  return buatPng(w, h, Buffer.concat(baris));
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const statusUnduh = async (hash: string, token: string) =>
  (await fetch(`${dunia.srv.url}/api/v1/berkas/${hash}`, { headers: { authorization: `Bearer ${token}` } })).status;

async function masukSiap(page: Page, username: string, password: string): Promise<void> {
  await masukLewatForm(page, dunia.srv.url, username, password);
  await tungguServiceWorker(page);
  await tungguTarikanAwal(page, dunia.srv.url);
}

async function bukaPanel(page: Page, q: { opd?: string; tahun: number; tw: number }, baris = 0): Promise<PanelBukti> {
  const r = new HalamanRealisasi(page, dunia.srv.url);
  await r.buka(q);
  await r.bukaRincian(baris);
  return new PanelBukti(page);
}

describe('Bukti dukung: free the tablet, and files Bappeda attaches', { timeout: 300_000 }, () => {
  it('"Kosongkan berkas terkirim" frees the sent files only; a dropped photo still shows and opens online, and says why offline', async () => {
    const foto = png(64, 48);
    const tunggu = png(32, 24, 40);
    const { context, page } = await dunia.browser();
    await masukSiap(page, 'op-dinkes', SANDI);
    const bukti = await bukaPanel(page, { tahun: 2026, tw: 4 });
    await bukti.lampirkan([{ name: 'kegiatan-terkirim.png', mimeType: 'image/png', buffer: foto }]);
    await expect.poll(() => bukti.statusUnggah('kegiatan-terkirim.png'), SABAR).toBe('terkirim');
    // A second photo attached offline: not on the server, it must stay.
    await aturJaringan(context, false);
    await bukti.lampirkan([{ name: 'kegiatan-menunggu.png', mimeType: 'image/png', buffer: tunggu }]);
    await expect.poll(() => bukti.statusUnggah('kegiatan-menunggu.png'), SABAR).toBe('tersimpan lokal');
    // Online again, but the waiting photo's upload is held back so it is still waiting at the press.
    await context.route('**/api/v1/berkas/unggah**', (r) => r.abort());
    await context.route(`**/api/v1/berkas/${sha(tunggu)}`, (r) => r.abort());
    await aturJaringan(context, true);

    await page.goto(`${dunia.srv.url}/#/pengaturan`);
    const kartu = page.getByTestId('penyimpanan');
    const teks = async () => (await page.getByTestId('berkas-terkirim').innerText()).replace(/\s+/g, ' ').trim();
    await expect.poll(teks, SABAR).toMatch(/^Sudah terkirim ke server: [\d,]+ KB \(1 berkas\); 1 berkas menunggu dikirim tetap disimpan\.$/);
    await kartu.scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/bukti-kosongkan-1-pengaturan.png' });
    await page.getByTestId('kosongkan-berkas').click();
    await expect.poll(teks, SABAR).toBe('Sudah terkirim ke server: 0 B (0 berkas); 1 berkas menunggu dikirim tetap disimpan.');
    expect(await page.getByTestId('kosongkan-berkas').isDisabled()).toBe(true);
    await page.getByText(/1 berkas bukti \([\d,]+ KB\) dilepas dari perangkat ini/).waitFor();
    await page.screenshot({ path: '/tmp/bukti-kosongkan-2-dikosongkan.png' });
    expect((await bacaLokal(page, 'berkasLokal')).map((b) => [b.hash, b.status])).toEqual([[sha(tunggu), 'lokal']]);

    // Back on the realisasi: the dropped photo is on the server only, its thumbnail pulled from there.
    const lagi = await bukaPanel(page, { tahun: 2026, tw: 4 });
    await expect.poll(() => lagi.statusUnggah('kegiatan-terkirim.png'), SABAR).toBe('di server');
    await expect.poll(() => lagi.pratinjauTampil('kegiatan-terkirim.png'), SABAR).toBe(true);
    expect(await lagi.statusUnggah('kegiatan-menunggu.png')).toBe('tersimpan lokal');
    const [tab] = await Promise.all([context.waitForEvent('page'), lagi.buka('kegiatan-terkirim.png')]);
    await tab.close();
    await aturJaringan(context, false);
    await lagi.buka('kegiatan-terkirim.png');
    await lagi.panel
      .getByRole('alert')
      .getByText('kegiatan-terkirim.png belum dapat dibuka: berkas hanya tersimpan di server, tidak di perangkat ini, dan perangkat sedang luring')
      .waitFor();
    await lagi.berkas('kegiatan-terkirim.png').scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/bukti-kosongkan-3-luring.png' });
  });

  it('Bappeda attaching a file Disdik sent to a Dinkes realisasi lets Dinkes read it; a third OPD still cannot', async () => {
    const foto = png(48, 36, 120);
    // Disdik's tablet sends the photo for its own realisasi.
    const disdik = await dunia.browser();
    await masukLewatForm(disdik.page, dunia.srv.url, 'op-disdik', SANDI);
    await tungguTarikanAwal(disdik.page, dunia.srv.url);
    const bD = await bukaPanel(disdik.page, { tahun: 2026, tw: 4 });
    await bD.lampirkan([{ name: 'rapat-koordinasi.png', mimeType: 'image/png', buffer: foto }]);
    await expect.poll(() => bD.statusUnggah('rapat-koordinasi.png'), SABAR).toBe('terkirim');

    const tokenDinkes = (await KlienApi.masuk(dunia.srv.url, 'op-dinkes', SANDI)).token;
    const tokenDinsos = (await KlienApi.masuk(dunia.srv.url, 'op-dinsos', SANDI)).token;
    expect(await statusUnduh(sha(foto), tokenDinkes)).toBe(403);

    // Bappeda attaches the same photo to a Dinkes realisasi: the server has it, nothing is sent.
    const admin = await dunia.browser();
    await masukSiap(admin.page, 'admin', dunia.srv.adminPassword);
    const dinkes = ((await dunia.admin.tarikSemua()).opd ?? []).find((o) => String(o.singkatan).toLowerCase() === 'dinkes')!.id as string;
    const patch: string[] = [];
    admin.page.on('request', (r) => {
      if (r.url().includes('/berkas/unggah')) patch.push(`${r.method()} ${r.url()}`);
    });
    const bA = await bukaPanel(admin.page, { opd: dinkes, tahun: 2026, tw: 4 }, 1);
    await bA.lampirkan([{ name: 'rapat-koordinasi.png', mimeType: 'image/png', buffer: foto }]);
    await expect.poll(() => bA.statusUnggah('rapat-koordinasi.png'), SABAR).toBe('terkirim');
    expect(patch).toEqual([]);
    await expect.poll(() => statusUnduh(sha(foto), tokenDinkes), SABAR).toBe(200);
    expect(await statusUnduh(sha(foto), tokenDinsos)).toBe(403);

    // Dinkes's tablet sees the thumbnail of the file on its realisasi.
    const op = await dunia.browser();
    await masukLewatForm(op.page, dunia.srv.url, 'op-dinkes', SANDI);
    await tungguTarikanAwal(op.page, dunia.srv.url);
    const bO = await bukaPanel(op.page, { tahun: 2026, tw: 4 }, 1);
    await expect.poll(() => bO.statusUnggah('rapat-koordinasi.png'), SABAR).toBe('di server');
    await expect.poll(() => bO.pratinjauTampil('rapat-koordinasi.png'), SABAR).toBe(true);
    await bO.berkas('rapat-koordinasi.png').scrollIntoViewIfNeeded();
    await op.page.screenshot({ path: '/tmp/bukti-kosongkan-4-lampiran-bappeda.png' });
  });
});
