/**
 * Offline stories of issue 4 (docs/architecture.md "Local storage", "Sync engine"), in Debian Chromium against the real server:
 *
 * 1. An operator of Dinas Kesehatan signs in once online, goes offline, reloads (the shell comes
 *    from the service worker), enters Triwulan IV values (the last one still being typed), closes the
 *    tab and opens it again offline: every value is still there, marked as saved on the device. Back
 *    online they reach the server and show as synced.
 * 2. Two tablets (op-dinkes and admin) edit the same value offline: after both come back a konflik
 *    is visible on both sides with both values, and one tap on one side clears it on both.
 * 3. Admin locks Triwulan III in Pengaturan: the operator's grid is read-only and says why, and a
 *    value typed offline before the lock arrived comes back rejected with the Indonesian reason; giving
 *    it up brings the server's value back.
 *
 * Screenshots of the key moments go to /tmp/offline-*.png (1280×800).
 */
import { describe, expect, it } from 'vitest';
import { duniaTablet } from './pages/tablet.ts';
import { HalamanRealisasi } from './pages/realisasi.ts';
import { HalamanSinkron, KunciPeriodePengaturan, LencanaSinkron, aturJaringan, bacaLokal } from './pages/sinkron.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import type { Page } from 'playwright-core';

const SANDI = 'demo12345';
/** Sync is asynchronous (debounce, SSE poke, pull): poll generously, a busy CI machine is slow. */
const SABAR = { timeout: 30_000, interval: 250 };
const dunia = duniaTablet('offline');
const browser = () => dunia.browser();
const masukSiapLuring = (page: Page, username: string, password: string) => dunia.masukSiapLuring(page, username, password);

/** The server's realisasi records (as admin sees them through /sync/pull), by id. */
async function realisasiServer(): Promise<Map<string, Record<string, unknown>>> {
  const semua = await dunia.admin.tarikSemua();
  return new Map((semua.realisasi ?? []).map((r) => [r.id as string, r]));
}

/** Id of Dinas Kesehatan on the server. */
async function opdDinkes(): Promise<string> {
  const opd = ((await dunia.admin.tarikSemua()).opd ?? []).find((o) => String(o.singkatan).toLowerCase() === 'dinkes');
  if (!opd) throw new Error('Dinas Kesehatan tidak ada di data demo');
  return opd.id as string;
}

async function foto(page: Page, nama: string): Promise<void> {
  await page.screenshot({ path: `/tmp/offline-${nama}.png` });
}

describe('Offline', { timeout: 240_000 }, () => {
  it('offline entry survives a reload and a closed tab, then syncs when the network returns', async () => {
    const { context, page } = await browser();
    await masukSiapLuring(page, 'op-dinkes', SANDI);

    await aturJaringan(context, false);
    const jawab = await page.reload();
    expect(jawab?.fromServiceWorker()).toBe(true);
    const lencana = new LencanaSinkron(page);
    await expect.poll(() => lencana.koneksi(), SABAR).toBe('Luring');

    const r = new HalamanRealisasi(page, dunia.srv.url);
    await r.buka({ tahun: 2026, tw: 4 });
    const indikator = await Promise.all([0, 1, 2, 3].map((i) => r.indikatorId(i)));
    // Plausible values (issue 9 point 8: an unusual one waits for confirmation instead of being stored).
    await r.isiBerurutan(0, ['12', '9,5', '91,5']);
    for (const i of [0, 1, 2]) await r.tungguTersimpan(i, ['lokal']);
    // A fourth value is typed and the tab is closed before the cell is left: not a keystroke is lost.
    await r.ketik('7');
    await expect.poll(() => lencana.tertunda(), SABAR).toBe(3);
    await foto(page, '1-luring-terisi');

    // Close the tab and open the app again, still offline.
    await page.close();
    const page2 = await context.newPage();
    const jawab2 = await page2.goto(`${dunia.srv.url}/#/realisasi?tahun=2026&tw=4`);
    expect(jawab2?.fromServiceWorker()).toBe(true);
    const r2 = new HalamanRealisasi(page2, dunia.srv.url);
    await r2.sel(0).waitFor({ timeout: 30_000 });
    expect(await Promise.all([0, 1, 2, 3].map((i) => r2.indikatorId(i)))).toEqual(indikator);
    await r2.tungguTersimpan(3, ['lokal']);
    expect(await Promise.all([0, 1, 2, 3].map((i) => r2.nilai(i)))).toEqual(['12', '9,5', '91,5', '7']);
    expect(await Promise.all([0, 1, 2, 3].map((i) => r2.status(i)))).toEqual(['lokal', 'lokal', 'lokal', 'lokal']);
    const lencana2 = new LencanaSinkron(page2);
    expect(await lencana2.koneksi()).toBe('Luring');
    await expect.poll(() => lencana2.tertunda(), SABAR).toBe(4);
    await foto(page2, '2-tab-baru-luring');

    // Back online: the engine pushes by itself.
    await aturJaringan(context, true);
    const ids = indikator.map((id) => idAlami.realisasi(id, 'TW4'));
    await expect
      .poll(async () => {
        const m = await realisasiServer();
        return ids.map((id) => m.get(id)?.nilai ?? null);
      }, SABAR)
      .toEqual([12, 9.5, 91.5, 7]);
    const m = await realisasiServer();
    for (const id of ids) expect(m.get(id)).toMatchObject({ updatedBy: 'op-dinkes', tahun: 2026, periode: 'TW4' });
    for (const i of [0, 1, 2, 3]) await r2.tungguTersimpan(i, ['tersinkron'], 30_000);
    await lencana2.tungguTersinkron();
    expect(await lencana2.koneksi()).toBe('Daring');
    expect(await bacaLokal(page2, 'outbox')).toEqual([]);
    await foto(page2, '3-daring-tersinkron');
  });

  it('the same value edited offline on two tablets: a konflik on both sides, nothing lost, one tap clears it on both', async () => {
    const dinkes = await opdDinkes();
    const [a, b] = [await browser(), await browser()];
    await Promise.all([masukSiapLuring(a.page, 'op-dinkes', SANDI), masukSiapLuring(b.page, 'admin', dunia.srv.adminPassword)]);
    const ra = new HalamanRealisasi(a.page, dunia.srv.url);
    const rb = new HalamanRealisasi(b.page, dunia.srv.url);
    await ra.buka({ tahun: 2026, tw: 4 });
    await rb.buka({ opd: dinkes, tahun: 2026, tw: 4 });
    const BARIS = 5;
    const indikator = await ra.indikatorId(BARIS);
    expect(await rb.indikatorId(BARIS)).toBe(indikator);
    const id = idAlami.realisasi(indikator, 'TW4');
    expect((await realisasiServer()).has(id)).toBe(false);

    await aturJaringan(a.context, false);
    await aturJaringan(b.context, false);
    await ra.fokus(BARIS);
    await ra.ketik('55');
    await ra.tekan('Enter');
    await rb.fokus(BARIS);
    await rb.ketik('66,5');
    await rb.tekan('Enter');
    await ra.tungguTersimpan(BARIS, ['lokal']);
    await rb.tungguTersimpan(BARIS, ['lokal']);

    // The operator's tablet comes back first, then the admin's.
    await aturJaringan(a.context, true);
    await expect.poll(async () => (await realisasiServer()).get(id)?.nilai ?? null, SABAR).toBe(55);
    await aturJaringan(b.context, true);

    // Nothing lost: the server kept 55 and holds 66,5 in an open konflik with both authors.
    await expect.poll(async () => ((await dunia.admin.tarikSemua()).konflik ?? []).filter((k) => k.recordId === id).length, SABAR).toBe(1);
    const [konflik] = ((await dunia.admin.tarikSemua()).konflik ?? []).filter((k) => k.recordId === id);
    expect(konflik).toMatchObject({
      tabel: 'realisasi',
      field: 'nilai',
      nilaiServer: 55,
      olehServer: 'op-dinkes',
      nilaiMasuk: 66.5,
      olehMasuk: 'admin',
      status: 'terbuka',
    });
    expect((await realisasiServer()).get(id)?.nilai).toBe(55);

    // Visible on both sides: the row is marked, the badge counts it, the Sinkron screen shows both values.
    for (const [br, r] of [
      [a, ra],
      [b, rb],
    ] as const) {
      await r.tungguTersimpan(BARIS, ['konflik'], 30_000);
      expect(await r.nilai(BARIS)).toBe('55');
      expect(await r.baris(BARIS).innerText()).toContain('Nilai tersimpan 55 (op-dinkes), masuk 66,5 (admin)');
      await expect.poll(() => new LencanaSinkron(br.page).perluDitinjau(), SABAR).toBe(1);
    }
    await foto(b.page, '4-konflik-grid-admin');
    const sa = new HalamanSinkron(a.page, dunia.srv.url);
    const sb = new HalamanSinkron(b.page, dunia.srv.url);
    for (const s of [sa, sb]) {
      await s.buka();
      await expect.poll(() => s.konflik().count(), SABAR).toBe(1);
      const n = await s.nilaiKonflik(0);
      expect(n.server).toBe('55');
      expect(n.masuk).toBe('66,5');
      expect(n.teks).toContain('op-dinkes');
      expect(n.teks).toContain('admin');
    }
    await foto(a.page, '5-konflik-sinkron-operator');

    // One tap on the operator's tablet takes the admin's value; both sides clear after sync.
    await sa.pilih(0, 'masuk');
    await expect.poll(() => sa.konflik().count(), SABAR).toBe(0);
    await expect
      .poll(async () => {
        const k = ((await dunia.admin.tarikSemua()).konflik ?? []).find((x) => x.recordId === id);
        return [k?.status, k?.penyelesaian, (await realisasiServer()).get(id)?.nilai];
      }, SABAR)
      .toEqual(['selesai', 'masuk', 66.5]);
    await expect.poll(() => sb.konflik().count(), SABAR).toBe(0);
    await expect.poll(() => new LencanaSinkron(b.page).perluDitinjau(), SABAR).toBe(0);
    await foto(b.page, '6-konflik-selesai-admin');
    for (const r of [ra, rb]) {
      await r.buka({ opd: dinkes, tahun: 2026, tw: 4 });
      await r.tungguTersimpan(BARIS, ['tersinkron'], 30_000);
      expect(await r.nilai(BARIS)).toBe('66,5');
    }
  });

  it('a locked period: the grid says why it refuses, and a value typed offline before the lock is rejected with the reason', async () => {
    const [op, adm] = [await browser(), await browser()];
    await Promise.all([masukSiapLuring(op.page, 'op-dinkes', SANDI), masukSiapLuring(adm.page, 'admin', dunia.srv.adminPassword)]);
    const r = new HalamanRealisasi(op.page, dunia.srv.url);
    await r.buka({ tahun: 2026, tw: 3 });
    expect(await r.bannerKunci().count()).toBe(0);
    expect(await r.hanyaBaca(0)).toBe(false);
    const id = idAlami.realisasi(await r.indikatorId(0), 'TW3');
    const sebelum = (await realisasiServer()).get(id)?.nilai ?? null;
    const teksSebelum = await r.nilai(0);

    // Typed on a tablet without network, before the lock reaches it.
    await aturJaringan(op.context, false);
    await r.fokus(0);
    await r.ketik('12,5');
    await r.tekan('Enter');
    await r.tungguTersimpan(0, ['lokal']);

    // Meanwhile the admin locks Triwulan III 2026 in Pengaturan.
    const kunci = new KunciPeriodePengaturan(adm.page, dunia.srv.url);
    await kunci.buka();
    await adm.page.locator('#kepala-tahun').selectOption('2026');
    await expect.poll(() => kunci.teks(3), SABAR).toMatch(/terbuka/);
    await kunci.alihkan(3);
    await expect.poll(() => kunci.teks(3), SABAR).toMatch(/dikunci oleh admin/);
    await expect
      .poll(async () => ((await dunia.admin.tarikSemua()).kunciPeriode ?? []).find((k) => k.id === idAlami.kunciPeriode(2026, 3))?.terkunci ?? false, SABAR)
      .toBe(true);
    await new LencanaSinkron(adm.page).tungguTersinkron();
    await foto(adm.page, '7-pengaturan-kunci');

    // Back online: the value comes back rejected with the Indonesian reason; the server is unchanged.
    await aturJaringan(op.context, true);
    await r.tungguTersimpan(0, ['ditolak'], 30_000);
    const alasan = /Periode Triwulan III tahun 2026 sudah dikunci oleh admin/;
    expect(await r.baris(0).innerText()).toMatch(alasan);
    expect(await r.nilai(0)).toBe('12,5');
    expect((await realisasiServer()).get(id)?.nilai ?? null).toBe(sebelum);

    // The lock itself arrived: the grid is read-only and says why.
    await expect.poll(() => r.bannerKunci().count(), SABAR).toBe(1);
    expect(await r.bannerKunci().innerText()).toMatch(/Triwulan III 2026 dikunci\s+oleh admin/);
    expect(await r.bannerKunci().innerText()).toMatch(/hanya dapat dibaca/);
    for (const i of [0, 1, 2]) expect(await r.hanyaBaca(i)).toBe(true);
    await expect.poll(() => new LencanaSinkron(op.page).perluDitinjau(), SABAR).toBe(1);
    await foto(op.page, '8-realisasi-terkunci-ditolak');

    // The Sinkron screen lists the rejected change with its reason.
    const s = new HalamanSinkron(op.page, dunia.srv.url);
    await s.buka();
    await expect.poll(() => s.penolakan().count(), SABAR).toBe(1);
    expect(await s.alasanPenolakan(0)).toMatch(alasan);
    expect(await s.penolakan().nth(0).innerText()).toContain('12,5');
    await foto(op.page, '9-sinkron-penolakan');

    // Giving the refused value up brings the server's value back; nothing is left to review.
    await s.buang(0);
    await expect.poll(() => s.penolakan().count(), SABAR).toBe(0);
    await expect.poll(() => new LencanaSinkron(op.page).perluDitinjau(), SABAR).toBe(0);
    await r.buka({ tahun: 2026, tw: 3 });
    await r.tungguTersimpan(0, ['tersinkron']);
    expect(await r.nilai(0)).toBe(teksSebelum);
    expect(await r.hanyaBaca(0)).toBe(true);
  });
});
