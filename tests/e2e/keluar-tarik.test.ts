/**
 * Review of the pull worker (issue 17 §5, src/sync/penarik-pekerja.ts), in Chromium: signing out
 * while a first sync runs in the worker. The session stops the engine and closes the user's database
 * (src/lib/sesi.svelte.ts); the pull must end after the page in hand, not after the whole first sync,
 * and the worker with its own connection must be gone, so nothing writes into the previous user's
 * database and nothing holds it open (a deletion or a newer version's upgrade is not blocked).
 *
 * The sign-out's token revocation (POST /auth/logout) is made to fail, as on a flapping link (the
 * session ignores its failure): otherwise the revoked token alone would end the pull with a 401, and
 * the engine's own stop would go untested.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { masukLewatForm } from './pages/rakor.ts';
import { aturHalamanTarik, bacaLokal } from './pages/sinkron.ts';

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

const kursor = async (page: Br['page']): Promise<number> => {
  const v = (await bacaLokal(page, 'meta')).find((m) => m.key === 'pullRev')?.value;
  return typeof v === 'number' ? v : 0;
};

describe('signing out during a first sync in the pull worker', () => {
  it('ends the pull after the page in hand; the worker is gone and the database is free', async () => {
    const { page, context } = br;
    // Pages of 100 records, each held 400 ms: the demo kabupaten is many pages (tens of seconds).
    const tarik = await aturHalamanTarik(context, { limit: 100, tundaMs: 400 });
    await context.route('**/api/v1/auth/logout', (route) => route.abort('internetdisconnected'));
    await masukLewatForm(page, srv.url, 'admin', srv.adminPassword);
    // The first pages are stored.
    const akhir = Date.now() + 30_000;
    while ((await kursor(page)) === 0 && Date.now() < akhir) await page.waitForTimeout(100);
    expect(await kursor(page)).toBeGreaterThan(0);
    const nama = await page.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('pantau-kinerja-')) ?? '');
    expect(nama).not.toBe('');
    await page.goto(`${srv.url}/#/pengaturan`);
    const tarikSaatKeluar = tarik.jumlah;
    const t0 = Date.now();
    await page.getByRole('button', { name: /^keluar$/i }).click();
    await page.getByRole('button', { name: /^masuk$/i }).waitFor({ timeout: 15_000 });
    const lamaKeluar = Date.now() - t0;
    // At most the pages already asked for (two ahead of the one being stored).
    expect(tarik.jumlah - tarikSaatKeluar, `keluar took ${lamaKeluar} ms`).toBeLessThanOrEqual(3);
    const health = (await (await fetch(`${srv.url}/api/v1/health`)).json()) as { rev: number };
    const kursorKeluar = await kursor(page);
    expect(kursorKeluar).toBeLessThan(health.rev);
    // Nothing asks or writes afterwards.
    await page.waitForTimeout(2000);
    expect(tarik.jumlah - tarikSaatKeluar).toBeLessThanOrEqual(3);
    expect(await kursor(page)).toBe(kursorKeluar);
    // No connection is left open: deleting the database is not blocked.
    const hapus = await page.evaluate(
      (n) =>
        new Promise<string>((ok) => {
          const r = indexedDB.deleteDatabase(n);
          r.onsuccess = () => ok('terhapus');
          r.onerror = () => ok(`galat ${String(r.error)}`);
          r.onblocked = () => ok('terhalang');
        }),
      nama,
    );
    expect(hapus).toBe('terhapus');
  }, 180_000);
});
