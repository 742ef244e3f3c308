/**
 * Issue 17 §5, in Chromium: a first sync runs off the main thread. The pull pages are requested,
 * parsed and stored by the pull worker (src/sync/pekerja-tarik.ts) on its own Dexie connection;
 * the page's screens still fill as the data arrives, woken by Dexie's cross-context broadcast.
 *
 * Seen from outside the app: the main thread's resource timeline holds no /sync/pull request (a
 * dedicated worker's requests are in its own timeline), a worker of the app's pull script runs, no
 * fallback to the main thread is logged, and the Beranda shows the demo kabupaten without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { masukLewatForm } from './pages/rakor.ts';
import { aturHalamanTarik, bacaLokal, tungguTarikanAwal } from './pages/sinkron.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

describe('the first sync in the pull worker', () => {
  it('stores the kabupaten from a worker; the main thread requests no pull page and its screen fills', async () => {
    const { page, context } = br;
    // Pages of 500 records, each held 300 ms: the first sync takes several seconds, and the
    // Perangkat Daerah screen is open while it runs. (Routing sees the worker's requests too.)
    const tarik = await aturHalamanTarik(context, { limit: 500, tundaMs: 300 });
    const konsol: string[] = [];
    page.on('console', (m) => konsol.push(m.text()));
    const pekerja: string[] = [];
    page.on('worker', (w) => pekerja.push(w.url()));
    await masukLewatForm(page, srv.url, 'admin', srv.adminPassword);
    await page.goto(`${srv.url}/#/opd`);
    const jumlahTampil = page.getByText(/^\d+ dari \d+$/);
    await jumlahTampil.waitFor({ timeout: 30_000 });
    const health = (await (await fetch(`${srv.url}/api/v1/health`)).json()) as { rev: number };
    const kursorAwal = (await bacaLokal(page, 'meta')).find((m) => m.key === 'pullRev')?.value;
    await tungguTarikanAwal(page, srv.url);
    expect(tarik.jumlah).toBeGreaterThan(2);
    // Pull pages went through the worker, not the page's own fetch.
    const tarikUtama = await page.evaluate(() =>
      performance
        .getEntriesByType('resource')
        .map((e) => e.name)
        .filter((u) => u.includes('/api/v1/sync/pull')),
    );
    expect(tarikUtama).toEqual([]);
    expect(
      pekerja.some((u) => /\/assets\/pekerja-tarik-[\w-]+\.js$/.test(u)),
      pekerja.join(', '),
    ).toBe(true);
    expect(konsol.filter((t) => /Pekerja sinkron/.test(t))).toEqual([]);
    // The screen opened while the sync ran (its cursor was behind the server) and, woken by the
    // worker's commits (live queries on the main thread's own connection), shows every OPD
    // without a reload or a navigation.
    expect(typeof kursorAwal === 'number' ? kursorAwal : 0).toBeLessThan(health.rev);
    const opd = (await bacaLokal(page, 'opd')).filter((o) => o.deleted !== true);
    expect(opd.length).toBeGreaterThan(5);
    await page.getByText(`${opd.length} dari ${opd.length}`).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: '/tmp/i17-tarik-pekerja.png' });
  }, 180_000);
});
