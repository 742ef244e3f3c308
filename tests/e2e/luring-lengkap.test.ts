/**
 * Offline completeness and updates (issue 10, docs/offline.md §1–3), in Debian Chromium against
 * the real server:
 *
 * 1. A fresh profile signs in online and waits for the app to be ready offline, never opening an
 *    export; the network goes; a reload comes from the service worker; then every screen, every
 *    export/download and every Layar slide works (a chart canvas has drawn pixels).
 * 2. Two builds (version markers A and B). A tab signed in on A stays open while B is deployed
 *    over A (A's files are gone from the server): the tab keeps every feature (online and offline)
 *    and is offered "Muat ulang", which refuses while the pemda form holds unsaved input. Once
 *    reloaded on B, with the network off, every screen and export works again; a second tab still
 *    running A keeps working after B took over.
 *
 * Screenshots: /tmp/luring-*.png.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Download, Page } from 'playwright-core';
import { bangun, bukaBrowser, mulaiServer, pasangBuild, type BrowserE2e, type ServerE2e } from './harness.ts';
import { masukLewatForm } from './pages/rakor.ts';
import { aturJaringan, tungguServiceWorker, tungguTarikanAwal } from './pages/sinkron.ts';
import { JelajahLuring } from './pages/luring.ts';

const RAKOR = /Triwulan III 2026/;
const OPD_PK = 'Dinas Kesehatan';
const PK = /^2026 · versi 1/;
const galatHalaman: string[] = [];
const terbuka: BrowserE2e[] = [];
const sementara: string[] = [];

async function browser(): Promise<BrowserE2e> {
  const b = await bukaBrowser({ viewport: { width: 1280, height: 800 } });
  terbuka.push(b);
  b.context.setDefaultTimeout(60_000);
  b.context.on('weberror', (e) => galatHalaman.push(e.error().message));
  return b;
}

afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    for (const [i, b] of terbuka.entries())
      for (const [j, p] of b.context.pages().entries()) await p.screenshot({ path: `/tmp/luring-galat-${i}-${j}.png` }).catch(() => undefined);
  }
  for (const b of terbuka.splice(0)) await b.tutup();
  expect(galatHalaman.splice(0)).toEqual([]);
});
afterAll(() => {
  for (const d of sementara) rmSync(d, { recursive: true, force: true });
});

/** Each download really holds its kind of file. */
async function periksaUnduhan(unduhan: Download[]): Promise<string[]> {
  const nama: string[] = [];
  for (const d of unduhan) {
    const path = await d.path();
    const isi = readFileSync(path);
    const n = d.suggestedFilename();
    nama.push(n);
    expect(isi.length, n).toBeGreaterThan(100);
    if (n.endsWith('.pdf')) expect(isi.subarray(0, 5).toString('latin1'), n).toBe('%PDF-');
    if (n.endsWith('.xlsx')) expect(isi.subarray(0, 2).toString('latin1'), n).toBe('PK');
    if (n.endsWith('.csv')) expect(isi.toString('utf8'), n).toMatch(/;/);
    if (n.endsWith('.json')) expect(() => JSON.parse(isi.toString('utf8')), n).not.toThrow();
  }
  return nama;
}

/** Every screen, export, download and Layar slide of `page`, as admin. */
async function jelajahSemua(page: Page, url: string, foto: string): Promise<void> {
  const j = new JelajahLuring(page, url);
  await j.semuaLayar();
  const nama = await periksaUnduhan([...(await j.eksporRakor(RAKOR)), ...(await j.eksporPk(OPD_PK, PK)), await j.cadangan()]);
  expect(nama.filter((n) => n.endsWith('.pdf'))).toHaveLength(2);
  expect(nama.filter((n) => n.endsWith('.xlsx'))).toHaveLength(2);
  expect(nama.filter((n) => n.endsWith('.csv'))).toHaveLength(3);
  await page.setViewportSize({ width: 1920, height: 1080 });
  const slide = await j.semuaSlide(2026, 3);
  await page.screenshot({ path: `/tmp/luring-${foto}-layar.png` });
  await page.setViewportSize({ width: 1280, height: 800 });
  expect(slide.jumlah).toBeGreaterThan(3);
  expect(slide.pikselGrafik.length).toBeGreaterThan(0);
  for (const n of slide.pikselGrafik) expect(n).toBeGreaterThan(1000);
}

async function siapLuring(page: Page, url: string, user: string, sandi: string): Promise<void> {
  await masukLewatForm(page, url, user, sandi);
  await tungguServiceWorker(page);
  await tungguTarikanAwal(page, url);
}

async function luringMuatUlang(context: BrowserContext, page: Page): Promise<void> {
  await aturJaringan(context, false);
  const jawab = await page.reload();
  expect(jawab?.fromServiceWorker()).toBe(true);
}

describe('Luring lengkap', { timeout: 600_000 }, () => {
  let srv: ServerE2e;
  beforeAll(async () => {
    srv = await mulaiServer({ demo: true });
  }, 300_000);
  afterAll(async () => {
    await srv?.stop();
  });

  it('signed in once online, never exported: offline every screen, export, download and Layar slide works', async () => {
    const { context, page } = await browser();
    await siapLuring(page, srv.url, 'admin', srv.adminPassword);
    await luringMuatUlang(context, page);
    await jelajahSemua(page, srv.url, '1');
  });
});

describe('Pembaruan', { timeout: 900_000 }, () => {
  let srv: ServerE2e;
  let distA: string;
  let distB: string;
  let disajikan: string;
  beforeAll(async () => {
    const akar = mkdtempSync(join(tmpdir(), 'pantau-e2e-build-'));
    sementara.push(akar);
    distA = join(akar, 'a');
    distB = join(akar, 'b');
    disajikan = join(akar, 'disajikan');
    bangun(distA, 'e2e-A');
    bangun(distB, 'e2e-B');
    pasangBuild(distA, disajikan);
    srv = await mulaiServer({ demo: true, distDir: disajikan });
  }, 600_000);
  afterAll(async () => {
    await srv?.stop();
  });

  it('a tab open across a deploy keeps every feature, is offered "Muat ulang" without losing input, and the new build works offline', async () => {
    const { context, page } = await browser();
    await siapLuring(page, srv.url, 'admin', srv.adminPassword);
    expect(await page.evaluate(() => document.documentElement.dataset.versi)).toBe('e2e-A');
    // A second tab on build A, held open across everything below.
    const tahan = await context.newPage();
    await tahan.goto(`${srv.url}/#/rakor`);
    await tahan.locator('main h1').first().waitFor();

    // Deploy: B replaces A on the server; A's chunks now answer 404 there.
    pasangBuild(distB, disajikan);
    const potongA = readFileSync(join(distA, 'index.html'), 'utf8').match(/assets\/index-[\w-]+\.js/)![0];
    expect((await fetch(`${srv.url}/${potongA}`)).status).toBe(404);
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.update());
    // B installs its COMPLETE copy before it may take over; then both tabs offer "Muat ulang".
    for (const p of [page, tahan]) await p.getByRole('button', { name: 'Muat ulang' }).waitFor({ timeout: 120_000 });
    await page.screenshot({ path: '/tmp/luring-2-pembaruan-tersedia.png' });

    // The held tab (still A, never reloaded) keeps every feature, online and offline.
    await jelajahSemua(tahan, srv.url, '2-tab-a-daring');
    await aturJaringan(context, false);
    await jelajahSemua(tahan, srv.url, '3-tab-a-luring');
    await aturJaringan(context, true);

    // Unsaved input blocks the reload; nothing typed is lost.
    await page.goto(`${srv.url}/#/pengaturan`);
    const nama = page.locator('#pemda-nama');
    await nama.fill('Kabupaten Belum Disimpan');
    await page.getByRole('button', { name: 'Muat ulang' }).click();
    await page.getByText(/Masih ada isian yang belum tersimpan/).waitFor();
    expect(await nama.inputValue()).toBe('Kabupaten Belum Disimpan');
    expect(await page.evaluate(() => document.documentElement.dataset.versi)).toBe('e2e-A');
    await page.getByRole('button', { name: 'Batalkan perubahan' }).click();

    // Now the reload goes through: B controls, the page runs B.
    await Promise.all([page.waitForEvent('load'), page.getByRole('button', { name: 'Muat ulang' }).click()]);
    await page.waitForFunction(() => document.documentElement.dataset.versi === 'e2e-B');
    await tungguServiceWorker(page);

    // The held tab still runs A, now under B's worker: A's files are still served (previous build kept).
    expect(await tahan.evaluate(() => document.documentElement.dataset.versi)).toBe('e2e-A');
    await aturJaringan(context, false);
    await jelajahSemua(tahan, srv.url, '4-tab-a-sesudah');

    // B offline after a reload: everything again.
    const jawab = await page.reload();
    expect(jawab?.fromServiceWorker()).toBe(true);
    expect(await page.evaluate(() => document.documentElement.dataset.versi)).toBe('e2e-B');
    await jelajahSemua(page, srv.url, '5-b-luring');
  });
});
