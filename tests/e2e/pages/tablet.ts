/**
 * The fixture of the multi-tablet stories (offline, tulisan-pertama, bukti-dukung): one demo server
 * for the file, the admin's API client, and fresh Chromium profiles ("tablets") at 1280×800 per test.
 * Registers its own hooks: after a failed test every open page is saved as
 * /tmp/<label>-galat-<tablet>-<page>.png; every tablet is closed after each test, and an uncaught error
 * on any page fails that test (none is expected, offline or not).
 */
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import type { Page } from 'playwright-core';
import { bukaBrowser, mulaiServer, type BrowserE2e, type ServerE2e } from '../harness.ts';
import { KlienApi, masukLewatForm } from './rakor.ts';
import { tungguServiceWorker, tungguTarikanAwal } from './sinkron.ts';

export interface DuniaTablet {
  /** The demo server (set in beforeAll). */
  readonly srv: ServerE2e;
  /** The admin's API client on it (set in beforeAll). */
  readonly admin: KlienApi;
  /** A fresh tablet, closed after the test. */
  browser(): Promise<BrowserE2e>;
  /** Sign in online, wait for the service worker to control the page and for the first full pull. */
  masukSiapLuring(page: Page, username: string, password: string): Promise<void>;
}

export function duniaTablet(label: string): DuniaTablet {
  let srv: ServerE2e | undefined;
  let admin: KlienApi | undefined;
  const terbuka: BrowserE2e[] = [];
  const galatHalaman: string[] = [];

  beforeAll(async () => {
    srv = await mulaiServer({ demo: true });
    admin = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
  });
  afterEach(async ({ task }) => {
    if (task.result?.state === 'fail') {
      // What each tablet showed when the story failed.
      for (const [i, b] of terbuka.entries()) {
        for (const [j, p] of b.context.pages().entries()) await p.screenshot({ path: `/tmp/${label}-galat-${i}-${j}.png` }).catch(() => undefined);
      }
    }
    for (const b of terbuka.splice(0)) await b.tutup();
    expect(galatHalaman.splice(0)).toEqual([]);
  });
  afterAll(async () => {
    await srv?.stop();
  });

  return {
    get srv() {
      if (!srv) throw new Error('duniaTablet: server belum dimulai');
      return srv;
    },
    get admin() {
      if (!admin) throw new Error('duniaTablet: admin belum masuk');
      return admin;
    },
    async browser() {
      const b = await bukaBrowser({ viewport: { width: 1280, height: 800 } });
      terbuka.push(b);
      // CI machines run several browsers at once: allow a slow first load (service worker install, full pull).
      b.context.setDefaultTimeout(60_000);
      b.context.on('weberror', (e) => galatHalaman.push(e.error().message));
      return b;
    },
    async masukSiapLuring(page, username, password) {
      await masukLewatForm(page, this.srv.url, username, password);
      await tungguServiceWorker(page);
      await tungguTarikanAwal(page, this.srv.url);
    },
  };
}
