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
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { duniaTablet } from './pages/tablet.ts';
import { HalamanRealisasi } from './pages/realisasi.ts';
import { HalamanSinkron, KunciPeriodePengaturan, LencanaSinkron, aturJaringan } from './pages/sinkron.ts';
import { idAlami } from '../../src/domain/schemas.ts';

const SANDI = 'demo12345';
const SABAR = { timeout: 30_000, interval: 250 };
const dunia = duniaTablet('i9');
const browser = () => dunia.browser();
const masukSiapLuring = (page: Page, username: string, password: string) => dunia.masukSiapLuring(page, username, password);

async function realisasiServer(): Promise<Map<string, Record<string, unknown>>> {
  return new Map(((await dunia.admin.tarikSemua()).realisasi ?? []).map((r) => [r.id as string, r]));
}

async function konflikServer(recordId: string): Promise<Record<string, unknown>[]> {
  return ((await dunia.admin.tarikSemua()).konflik ?? []).filter((k) => k.recordId === recordId);
}

describe('Issue 9', { timeout: 300_000 }, () => {
  it('two tablets enter one quarter offline, one the value and one the masalah: both land, no konflik', async () => {
    const dinkes = (((await dunia.admin.tarikSemua()).opd ?? []).find((o) => String(o.singkatan).toLowerCase() === 'dinkes')?.id ?? '') as string;
    const [a, b] = [await browser(), await browser()];
    await Promise.all([masukSiapLuring(a.page, 'op-dinkes', SANDI), masukSiapLuring(b.page, 'admin', dunia.srv.adminPassword)]);
    const ra = new HalamanRealisasi(a.page, dunia.srv.url);
    const rb = new HalamanRealisasi(b.page, dunia.srv.url);
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
      const s = new HalamanSinkron(br.page, dunia.srv.url);
      await s.buka();
      expect(await s.konflik().count()).toBe(0);
    }
    await a.page.screenshot({ path: '/tmp/i9-1-tanpa-konflik.png' });
  });

  it('a value refused for a locked period goes again with "Kirim ulang" once the admin unlocks it', async () => {
    const [op, adm] = [await browser(), await browser()];
    await Promise.all([masukSiapLuring(op.page, 'op-dinkes', SANDI), masukSiapLuring(adm.page, 'admin', dunia.srv.adminPassword)]);
    const r = new HalamanRealisasi(op.page, dunia.srv.url);
    await r.buka({ tahun: 2026, tw: 3 });
    const id = idAlami.realisasi(await r.indikatorId(0), 'TW3');

    await aturJaringan(op.context, false);
    await r.fokus(0);
    await r.ketik('12,5');
    await r.tekan('Enter');
    await r.tungguTersimpan(0, ['lokal']);

    const kunci = new KunciPeriodePengaturan(adm.page, dunia.srv.url);
    await kunci.buka();
    await adm.page.locator('#kepala-tahun').selectOption('2026');
    await expect.poll(() => kunci.teks(3), SABAR).toMatch(/terbuka/);
    await kunci.alihkan(3);
    await expect.poll(() => kunci.teks(3), SABAR).toMatch(/dikunci oleh admin/);
    await new LencanaSinkron(adm.page).tungguTersinkron();

    await aturJaringan(op.context, true);
    await r.tungguTersimpan(0, ['ditolak'], 30_000);
    const s = new HalamanSinkron(op.page, dunia.srv.url);
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
