/**
 * Page models of the sync side of the app: the service worker, the network, the always-visible
 * sync badge (LencanaSinkron), the Sinkron screen (#/sinkron: konflik and penolakan) and the
 * period locks in Pengaturan. Used by the offline stories (tests/e2e/offline.test.ts).
 */
import type { BrowserContext, Locator, Page } from 'playwright-core';

/**
 * Waits until a service worker is active AND controls `page` AND holds every file of the build
 * (the badge's `data-siap-luring="ya"`, docs/offline.md §1): every screen and export then works
 * offline. Call it on a signed-in page (the badge is in the header).
 */
export async function tungguServiceWorker(page: Page, timeout = 60_000): Promise<void> {
  // A synchronous predicate: waitForFunction does not await a returned promise (it is truthy at once).
  await page.waitForFunction(() => navigator.serviceWorker?.controller?.state === 'activated', undefined, { timeout, polling: 250 });
  await page.locator('[data-siap-luring="ya"]').first().waitFor({ state: 'attached', timeout });
}

/**
 * The network of the whole context off or on (Chromium emulation: new requests fail and `online` /
 * `offline` fire; note that an already open SSE stream is NOT cut, unlike a real outage).
 */
export async function aturJaringan(context: BrowserContext, daring: boolean): Promise<void> {
  await context.setOffline(!daring);
}

/**
 * Routes the context's pull requests (the page's and the pull worker's alike): pages of `limit`
 * records with the app's byte budget lifted (count-bounded pages, so the demo kabupaten takes
 * several), each held `tundaMs` before it goes on; `putus(n)` true drops the n-th request as a
 * lost link. `jumlah` counts the requests routed so far.
 */
export async function aturHalamanTarik(
  context: BrowserContext,
  opsi: { limit: number; tundaMs?: number; putus?: (n: number) => boolean },
): Promise<{ readonly jumlah: number }> {
  const hitung = { jumlah: 0 };
  await context.route('**/api/v1/sync/pull?**', async (route) => {
    const url = new URL(route.request().url());
    url.searchParams.set('limit', String(opsi.limit));
    url.searchParams.set('maksByte', String(4 * 1024 * 1024));
    hitung.jumlah++;
    if (opsi.putus?.(hitung.jumlah)) return route.abort('internetdisconnected');
    if (opsi.tundaMs) await new Promise((r) => setTimeout(r, opsi.tundaMs));
    return route.continue({ url: url.toString() });
  });
  return hitung;
}

/** The sync badge in the header. */
export class LencanaSinkron {
  constructor(readonly page: Page) {}

  akar(): Locator {
    return this.page.getByTestId('lencana-sinkron');
  }
  /** "Daring" / "Luring". */
  async koneksi(): Promise<string> {
    return (await this.page.getByTestId('status-koneksi').innerText()).trim();
  }
  async teks(): Promise<string> {
    return (await this.akar().innerText()).replace(/\s+/g, ' ').trim();
  }
  /** Number of unsent changes shown (0 when the badge shows none). */
  async tertunda(): Promise<number> {
    const el = this.page.getByTestId('tertunda');
    if ((await el.count()) === 0) return 0;
    return Number(/(\d+)/.exec(await el.innerText())?.[1] ?? 0);
  }
  /** The "N perlu ditinjau" link (konflik + penolakan), or 0. */
  async perluDitinjau(): Promise<number> {
    const el = this.akar().getByRole('link', { name: /perlu ditinjau/i });
    if ((await el.count()) === 0) return 0;
    return Number(/(\d+)/.exec(await el.innerText())?.[1] ?? 0);
  }
  async sinkronkan(): Promise<void> {
    await this.akar()
      .getByRole('button', { name: /^sinkronkan$/i })
      .click();
  }
  /** Waits until the badge shows a finished sync with nothing pending ("Tersinkron …"). */
  async tungguTersinkron(timeout = 30_000): Promise<void> {
    await this.page.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="lencana-sinkron"]');
        const t = el?.textContent ?? '';
        return /Daring/.test(t) && /Tersinkron/.test(t) && !document.querySelector('[data-testid="tertunda"]');
      },
      undefined,
      { timeout, polling: 200 },
    );
  }
}

/**
 * Reads the signed-in user's local database directly (IndexedDB): records, outbox size and the sync
 * cursor, for waiting on the first full pull and for checking what the device holds.
 */
export async function bacaLokal(page: Page, table: string): Promise<Record<string, unknown>[]> {
  return page.evaluate(async (t: string) => {
    const dbs = await indexedDB.databases();
    const nama = dbs.map((d) => d.name ?? '').find((n) => n.startsWith('pantau-kinerja-'));
    if (!nama) return [];
    const db = await new Promise<IDBDatabase>((ok, gagal) => {
      const r = indexedDB.open(nama);
      r.onsuccess = () => ok(r.result);
      r.onerror = () => gagal(r.error);
    });
    try {
      if (!db.objectStoreNames.contains(t)) return [];
      return await new Promise<Record<string, unknown>[]>((ok, gagal) => {
        const q = db.transaction(t).objectStore(t).getAll();
        q.onsuccess = () => ok(q.result as Record<string, unknown>[]);
        q.onerror = () => gagal(q.error);
      });
    } finally {
      db.close();
    }
  }, table);
}

/**
 * Waits until the first pull has completed: the local pull cursor has caught up with the server's
 * newest rev (GET /api/v1/health) and the outbox is empty.
 */
export async function tungguTarikanAwal(page: Page, url: string, timeout = 90_000): Promise<void> {
  const health = (await (await fetch(`${url}/api/v1/health`)).json()) as { rev: number };
  const akhir = Date.now() + timeout;
  for (;;) {
    const meta = await bacaLokal(page, 'meta');
    const kursor = meta.find((m) => m.key === 'pullRev')?.value;
    const outbox = await bacaLokal(page, 'outbox');
    if (typeof kursor === 'number' && kursor >= health.rev && outbox.length === 0) return;
    if (Date.now() > akhir) throw new Error(`tarikan awal belum selesai: kursor ${String(kursor)}, server ${health.rev}, outbox ${outbox.length}`);
    await page.waitForTimeout(250);
  }
}

/** The Sinkron screen: open konflik (both values, one tap) and penolakan (reason, fix or discard). */
export class HalamanSinkron {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async buka(): Promise<void> {
    await this.page.goto(`${this.url}/#/sinkron`);
    await this.page.getByRole('heading', { name: /konflik & penolakan/i }).waitFor({ timeout: 30_000 });
  }
  konflik(): Locator {
    return this.page.getByTestId('konflik');
  }
  penolakan(): Locator {
    return this.page.getByTestId('penolakan');
  }
  /** The two values of konflik card i: what the server kept and what came in. */
  async nilaiKonflik(i = 0): Promise<{ server: string; masuk: string; teks: string }> {
    const k = this.konflik().nth(i);
    return {
      server: (await k.getByTestId('nilai-server').innerText()).trim(),
      masuk: (await k.getByTestId('nilai-masuk').innerText()).trim(),
      teks: (await k.innerText()).replace(/\s+/g, ' ').trim(),
    };
  }
  /** One tap: keep the server value ('server') or take the incoming one ('masuk'). */
  async pilih(i: number, pilihan: 'server' | 'masuk'): Promise<void> {
    const nama = pilihan === 'server' ? /pakai nilai server/i : /pakai nilai masuk/i;
    await this.konflik().nth(i).getByRole('button', { name: nama }).click();
  }
  /** "Buang perubahan": give the refused value up and take the server's back (needs the network). */
  async buang(i: number): Promise<void> {
    await this.penolakan()
      .nth(i)
      .getByRole('button', { name: /buang perubahan/i })
      .click();
  }
  async alasanPenolakan(i = 0): Promise<string> {
    return (await this.penolakan().nth(i).getByTestId('alasan-penolakan').innerText()).trim();
  }
}

/** The period locks card of Pengaturan (admin only). */
export class KunciPeriodePengaturan {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async buka(): Promise<void> {
    await this.page.goto(`${this.url}/#/pengaturan`);
    await this.daftar().waitFor({ timeout: 30_000 });
  }
  daftar(): Locator {
    return this.page.getByTestId('kunci-periode');
  }
  baris(tw: 1 | 2 | 3 | 4): Locator {
    return this.daftar()
      .locator('li')
      .nth(tw - 1);
  }
  async teks(tw: 1 | 2 | 3 | 4): Promise<string> {
    return (await this.baris(tw).innerText()).replace(/\s+/g, ' ').trim();
  }
  /** Taps "Kunci" (or "Buka kunci") of a quarter of the year picked in the header. */
  async alihkan(tw: 1 | 2 | 3 | 4): Promise<void> {
    await this.baris(tw).getByRole('button').click();
  }
}
