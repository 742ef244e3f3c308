/**
 * Issue 9 stories through the real UI, in Debian Chromium against the real server (demo kabupaten):
 *
 * 1. False konflik on first entries (§1): two tablets enter the same Triwulan IV row offline, one the
 *    value, the other only the masalah. Back online both fields are on the server, no konflik
 *    appears on either tablet, and nothing was emptied.
 * 2. Kirim ulang (§6): a value typed offline before the admin locked Triwulan III comes back
 *    rejected; once the admin unlocks the period, one tap on "Kirim ulang" in the Sinkron screen
 *    sends the same value again, without retyping, and the server takes it.
 *
 * Screenshots go to /tmp/i9-*.png (1280×800).
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { mulaiServer, bukaBrowser, type BrowserE2e, type ServerE2e } from './harness.ts';
import { HalamanRealisasi } from './pages/realisasi.ts';
import { KlienApi, masukLewatForm } from './pages/rakor.ts';
import { HalamanSinkron, KunciPeriodePengaturan, LencanaSinkron, aturJaringan, tungguServiceWorker, tungguTarikanAwal } from './pages/sinkron.ts';
import { idAlami } from '../../src/domain/schemas.ts';

const SANDI = 'demo12345';
const SABAR = { timeout: 30_000, interval: 250 };
let srv: ServerE2e;
let admin: KlienApi;
const terbuka: BrowserE2e[] = [];
const galatHalaman: string[] = [];

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  admin = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
});
afterEach(async ({ task }) => {
  if (task.result?.state === 'fail') {
    for (const [i, b] of terbuka.entries()) {
      for (const [j, p] of b.context.pages().entries()) await p.screenshot({ path: `/tmp/i9-galat-${i}-${j}.png` }).catch(() => undefined);
    }
  }
  for (const b of terbuka.splice(0)) await b.tutup();
  expect(galatHalaman.splice(0)).toEqual([]);
});
afterAll(async () => {
  await srv?.stop();
});

async function browser(): Promise<BrowserE2e> {
  const b = await bukaBrowser({ viewport: { width: 1280, height: 800 } });
  terbuka.push(b);
  b.context.setDefaultTimeout(60_000);
  b.context.on('weberror', (e) => galatHalaman.push(e.error().message));
  return b;
}

async function masukSiapLuring(page: Page, username: string, password: string): Promise<void> {
  await masukLewatForm(page, srv.url, username, password);
  await tungguServiceWorker(page);
  await tungguTarikanAwal(page, srv.url);
}

async function realisasiServer(): Promise<Map<string, Record<string, unknown>>> {
  return new Map(((await admin.tarikSemua()).realisasi ?? []).map((r) => [r.id as string, r]));
}

async function konflikServer(recordId: string): Promise<Record<string, unknown>[]> {
  return ((await admin.tarikSemua()).konflik ?? []).filter((k) => k.recordId === recordId);
}

describe('Issue 9', { timeout: 300_000 }, () => {
  it('two tablets enter one quarter offline, one the value and one the masalah: both land, no konflik', async () => {
    const dinkes = (((await admin.tarikSemua()).opd ?? []).find((o) => String(o.singkatan).toLowerCase() === 'dinkes')?.id ?? '') as string;
    const [a, b] = [await browser(), await browser()];
    await Promise.all([masukSiapLuring(a.page, 'op-dinkes', SANDI), masukSiapLuring(b.page, 'admin', srv.adminPassword)]);
    const ra = new HalamanRealisasi(a.page, srv.url);
    const rb = new HalamanRealisasi(b.page, srv.url);
    await ra.buka({ tahun: 2026, tw: 4 });
    await rb.buka({ opd: dinkes, tahun: 2026, tw: 4 });
    const BARIS = 7;
    const indikator = await ra.indikatorId(BARIS);
    expect(await rb.indikatorId(BARIS)).toBe(indikator);
    const id = idAlami.realisasi(indikator, 'TW4');
    expect((await realisasiServer()).has(id)).toBe(false);

    await aturJaringan(a.context, false);
    await aturJaringan(b.context, false);
    await ra.fokus(BARIS);
    await ra.ketik('33');
    await ra.tekan('Enter');
    await ra.tungguTersimpan(BARIS, ['lokal']);
    await rb.isiRincian(BARIS, { masalah: 'Vaksin terlambat datang' });
    await expect.poll(() => new LencanaSinkron(b.page).tertunda(), SABAR).toBe(1);

    await aturJaringan(a.context, true);
    await expect.poll(async () => (await realisasiServer()).get(id)?.nilai ?? null, SABAR).toBe(33);
    await aturJaringan(b.context, true);
    await expect.poll(async () => (await realisasiServer()).get(id)?.masalah ?? null, SABAR).toBe('Vaksin terlambat datang');
    await new LencanaSinkron(b.page).tungguTersinkron();
    await new LencanaSinkron(a.page).sinkronkan();
    await new LencanaSinkron(a.page).tungguTersinkron();

    // Both fields on the server; no konflik anywhere; the value was not emptied.
    expect((await realisasiServer()).get(id)).toMatchObject({ nilai: 33, masalah: 'Vaksin terlambat datang' });
    expect(await konflikServer(id)).toEqual([]);
    for (const [br, r] of [
      [a, ra],
      [b, rb],
    ] as const) {
      await r.buka({ opd: dinkes, tahun: 2026, tw: 4 });
      await r.tungguTersimpan(BARIS, ['tersinkron'], 30_000);
      expect(await r.nilai(BARIS)).toBe('33');
      expect(await new LencanaSinkron(br.page).perluDitinjau()).toBe(0);
      const s = new HalamanSinkron(br.page, srv.url);
      await s.buka();
      expect(await s.konflik().count()).toBe(0);
    }
    await a.page.screenshot({ path: '/tmp/i9-1-tanpa-konflik.png' });
  });

  it('a value refused for a locked period goes again with "Kirim ulang" once the admin unlocks it', async () => {
    const [op, adm] = [await browser(), await browser()];
    await Promise.all([masukSiapLuring(op.page, 'op-dinkes', SANDI), masukSiapLuring(adm.page, 'admin', srv.adminPassword)]);
    const r = new HalamanRealisasi(op.page, srv.url);
    await r.buka({ tahun: 2026, tw: 3 });
    const id = idAlami.realisasi(await r.indikatorId(0), 'TW3');

    await aturJaringan(op.context, false);
    await r.fokus(0);
    await r.ketik('12,5');
    await r.tekan('Enter');
    await r.tungguTersimpan(0, ['lokal']);

    const kunci = new KunciPeriodePengaturan(adm.page, srv.url);
    await kunci.buka();
    await adm.page.locator('#kepala-tahun').selectOption('2026');
    await expect.poll(() => kunci.teks(3), SABAR).toMatch(/terbuka/);
    await kunci.alihkan(3);
    await expect.poll(() => kunci.teks(3), SABAR).toMatch(/dikunci oleh admin/);
    await new LencanaSinkron(adm.page).tungguTersinkron();

    await aturJaringan(op.context, true);
    await r.tungguTersimpan(0, ['ditolak'], 30_000);
    const s = new HalamanSinkron(op.page, srv.url);
    await s.buka();
    await expect.poll(() => s.penolakan().count(), SABAR).toBe(1);
    expect(await s.alasanPenolakan(0)).toMatch(/sudah dikunci oleh admin/);
    await op.page.screenshot({ path: '/tmp/i9-2-ditolak-kirim-ulang.png' });

    // The admin unlocks; the operator sends the same value again without retyping it.
    await kunci.alihkan(3);
    await expect.poll(() => kunci.teks(3), SABAR).toMatch(/terbuka/);
    await new LencanaSinkron(adm.page).tungguTersinkron();
    await new LencanaSinkron(op.page).sinkronkan();
    await s
      .penolakan()
      .nth(0)
      .getByRole('button', { name: /kirim ulang/i })
      .click();
    await expect.poll(async () => (await realisasiServer()).get(id)?.nilai ?? null, SABAR).toBe(12.5);
    await expect.poll(() => s.penolakan().count(), SABAR).toBe(0);
    await new LencanaSinkron(op.page).tungguTersinkron();
    await op.page.screenshot({ path: '/tmp/i9-3-terkirim-ulang.png' });
  });
});
