/**
 * Story (issue 17 §2; docs/offline.md §7): a tablet holds the current and previous year; an older
 * year lives on the server. Offline, picking it says the year is not on the device (no empty
 * screens that look like missing reports); online, picking it fetches it, "Simpan tahun ini untuk
 * luring" keeps it, "Lepaskan dari perangkat" removes it again. The PK screen, which picks its own
 * year, says the same for that year.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { idAlami } from '../../src/domain/schemas.ts';
import { tahunIni } from '../../src/domain/waktu.ts';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { KlienApi, masukLewatForm } from './pages/rakor.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;
const LAMA = tahunIni(new Date()) - 4;
const ID = idAlami.rakor(LAMA, 2);

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

/** The local copy of the old year's rakor, read from IndexedDB directly ('' when absent). */
async function tempatLokal(page: Page): Promise<string> {
  return page.evaluate(async (id) => {
    const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('pantau-kinerja-'));
    if (!name) return '';
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open(name);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    try {
      return await new Promise<string>((ok) => {
        const q = db.transaction('rakor').objectStore('rakor').get(id);
        q.onsuccess = () => ok(String((q.result as { tempat?: string } | undefined)?.tempat ?? ''));
        q.onerror = () => ok('');
      });
    } finally {
      db.close();
    }
  }, ID);
}

describe('years on the device', () => {
  it('an older year: not on the device offline, fetched online, kept for offline, released', async () => {
    const api = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
    const jawab = await api.push({
      clientId: randomUUID(),
      schemaVersion: 1,
      mutations: [
        {
          seq: 1,
          table: 'rakor',
          key: ID,
          op: 'put',
          baseRev: 0,
          at: new Date().toISOString(),
          fields: {
            tahun: LAMA,
            triwulan: 2,
            tanggal: `${LAMA}-07-20`,
            tempat: 'Aula arsip',
            pimpinan: { nama: 'Sekda', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' },
          },
        },
      ],
    });
    expect(jawab.results[0]?.status).toBe('applied');

    const { page, context } = br;
    await masukLewatForm(page, srv.url, 'admin', srv.adminPassword);
    await page
      .getByTestId('lencana-sinkron')
      .getByText(/Tersinkron/)
      .waitFor({ timeout: 90_000 });
    expect(await tempatLokal(page)).toBe('');
    const strip = page.getByTestId('tahun-perangkat');

    await context.setOffline(true);
    await page.getByTestId('status-koneksi').getByText('Luring').waitFor();
    await page.locator('#kepala-tahun').selectOption(String(LAMA));
    await strip.getByText(`Data tahun ${LAMA} tidak ada di perangkat ini dan perangkat sedang luring. Sambungkan ke internet untuk membukanya.`).waitFor();

    await context.setOffline(false);
    await strip.getByText(`Data tahun ${LAMA} dibuka dari server`).waitFor({ timeout: 60_000 });
    expect(await tempatLokal(page)).toBe('Aula arsip');
    await strip.getByRole('button', { name: 'Simpan tahun ini untuk luring' }).click();
    await strip.getByText(`Data tahun ${LAMA} tersimpan di perangkat untuk kerja luring.`).waitFor();

    await strip.getByRole('button', { name: 'Lepaskan dari perangkat' }).click();
    await strip.getByText(`Data tahun ${LAMA} belum ada di perangkat ini.`).waitFor();
    expect(await tempatLokal(page)).toBe('');

    // The default years need no strip.
    await page.locator('#kepala-tahun').selectOption(String(tahunIni(new Date())));
    await strip.waitFor({ state: 'detached' });

    // A screen with a year of its own (PK) says the same for its year.
    await context.setOffline(true);
    await page.getByTestId('status-koneksi').getByText('Luring').waitFor();
    await page.goto(`${srv.url}/#/pk?tahun=${LAMA}`);
    await page.getByRole('heading', { name: 'Perjanjian Kinerja' }).waitFor();
    await strip.getByText(`Data tahun ${LAMA} tidak ada di perangkat ini dan perangkat sedang luring.`).waitFor();
    await context.setOffline(false);
  }, 240_000);
});
