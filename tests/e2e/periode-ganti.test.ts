/**
 * Story (docs/architecture.md "Live queries"): an operator changes the period on the Beranda and on
 * the header; the page shows the picked period's tasks at once, not the first period it opened
 * with. On the old `langsung` (re-subscription relied on Dexie running the query inside
 * `subscribe`, which Dexie 4 does not) the Beranda kept "triwulan berakhir 30 September 2026"
 * under "Triwulan IV 2025".
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { masukLewatForm } from './pages/rakor.ts';
import { tungguTarikanAwal } from './pages/sinkron.ts';
import { akhirTriwulan, type Triwulan } from '../../src/domain/periode.ts';
import { formatTanggal } from '../../src/lib/format.ts';
import { DEMO_NOW } from '../../src/demo/generate.ts';
import { tahunIni } from '../../src/domain/waktu.ts';

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

describe('the picked period drives what the screen reads', () => {
  it('Beranda follows the year and quarter picked on the page and in the header', async () => {
    const { page } = br;
    await masukLewatForm(page, srv.url, 'op-dinkes', 'demo12345');
    await tungguTarikanAwal(page, srv.url);
    const kartu = page.locator('section.beranda .kisi > .utama');
    const berakhir = (tahun: number, tw: Triwulan) => `triwulan berakhir ${formatTanggal(akhirTriwulan(tahun, tw))}`;
    const ini = tahunIni(DEMO_NOW);

    await page.locator('#beranda-tahun').selectOption(String(ini - 1));
    await page.locator('#beranda-tw').selectOption('4');
    await kartu.getByText(berakhir(ini - 1, 4)).waitFor({ timeout: 30_000 });
    expect(await kartu.textContent()).not.toContain(berakhir(ini, 3));

    // The header's picker is the same period: back to this year's TW II from there.
    await page.locator('#kepala-tahun').selectOption(String(ini));
    await page.locator('#kepala-tw').selectOption('2');
    await kartu.getByText(berakhir(ini, 2)).waitFor({ timeout: 30_000 });
  });
});
