/**
 * Page models of the rakor screens (Rakor, PK impor) and two helpers the rakor stories share:
 * signing in through the login form, and talking to the API as a second client (a tablet).
 */
import type { Page, Download } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Signs in through the app's login form and waits until the form is gone. The first sync then
 * still runs for a while: use `tungguSalinanLokal` before reading data the story depends on.
 */
export async function masukLewatForm(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel(/nama pengguna/i).fill(username);
  await page.getByLabel(/kata sandi/i).fill(password);
  await page.getByRole('button', { name: /^masuk$/i }).click();
  await page.getByLabel(/kata sandi/i).waitFor({ state: 'detached', timeout: 30_000 });
}

/** A second client (a tablet) that talks to the API directly. */
export class KlienApi {
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  static async masuk(url: string, username: string, password: string): Promise<KlienApi> {
    const r = await fetch(`${url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!r.ok) throw new Error(`login ${username} gagal: ${r.status}`);
    return new KlienApi(url, ((await r.json()) as { token: string }).token);
  }

  /** Everything on the server, paged through /sync/pull. */
  async tarikSemua(): Promise<Record<string, Record<string, unknown>[]>> {
    const out: Record<string, Record<string, unknown>[]> = {};
    let since = 0;
    for (;;) {
      const r = await fetch(`${this.url}/api/v1/sync/pull?since=${since}&limit=5000`, { headers: { authorization: `Bearer ${this.token}` } });
      const body = (await r.json()) as { changes: { table: string; record: Record<string, unknown> | null; deleted: boolean }[]; next: number; more: boolean };
      for (const c of body.changes) if (c.record && !c.deleted) (out[c.table] ??= []).push(c.record);
      since = body.next;
      if (!body.more) return out;
    }
  }

  async push(body: unknown): Promise<{ results: { status: string; reason?: string }[] }> {
    const r = await fetch(`${this.url}/api/v1/sync/push`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: JSON.stringify(body),
    });
    if (!r.ok) throw new Error(`push gagal: ${r.status} ${await r.text()}`);
    return (await r.json()) as { results: { status: string; reason?: string }[] };
  }
}

/**
 * Saves a captured download, returns its path, its text and page PNGs (60 dpi). `teks` is
 * `pdftotext -layout` (a table row reads across its cells on one line, but a cell's wrapped lines
 * land between the other cells' text); `teksAlir` is `pdftotext -raw`, in drawing order, where a
 * table cell's wrapped lines stay together — check text that may wrap inside a cell there.
 */
export async function simpanPdf(d: Download, nama: string): Promise<{ path: string; teks: string; teksAlir: string; halaman: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-e2e-'));
  const path = join(dir, nama);
  await d.saveAs(path);
  const teks = execFileSync('pdftotext', ['-layout', path, '-']).toString('utf8');
  const teksAlir = execFileSync('pdftotext', ['-raw', path, '-']).toString('utf8');
  execFileSync('pdftoppm', ['-png', '-r', '60', path, join(dir, 'hal')]);
  const halaman = readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .map((f) => join(dir, f));
  return { path, teks, teksAlir, halaman };
}

export class HalamanRakor {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async buka(): Promise<void> {
    await this.page.goto(`${this.url}/#/rakor`);
    await this.page
      .getByRole('heading', { name: /rakor monev/i })
      .first()
      .waitFor();
  }

  async pilih(judul: RegExp): Promise<void> {
    await this.page.getByRole('button', { name: judul }).first().click();
  }

  async tambahArahan(uraian: string, opdLabel: string | null, batas: string): Promise<void> {
    const f = this.page.getByTestId('form-arahan');
    await f.locator('textarea[name=uraian]').fill(uraian);
    if (opdLabel) await f.locator('select[name=opd]').selectOption({ label: opdLabel });
    await f.locator('input[name=batasWaktu]').fill(batas);
    await f.getByRole('button', { name: /tambah arahan/i }).click();
    await this.page.getByTestId('arahan').filter({ hasText: uraian }).waitFor();
  }

  /** Ticks an OPD present in the attendance list and waits until the count shows it. */
  async tandaiHadir(singkatan: string): Promise<void> {
    const judul = this.page.getByRole('heading', { name: /^Daftar hadir \(\d+ dari \d+ hadir\)$/ });
    const sebelum = Number((await judul.innerText()).match(/\((\d+)/)?.[1]);
    await this.page.getByRole('checkbox', { name: `Hadir: ${singkatan}`, exact: true }).check();
    await this.page.getByRole('heading', { name: new RegExp(`^Daftar hadir \\(${sebelum + 1} dari \\d+ hadir\\)$`) }).waitFor();
  }

  async unduhPdf(): Promise<Download> {
    const [d] = await Promise.all([
      this.page.waitForEvent('download', { timeout: 60_000 }),
      this.page.getByRole('button', { name: /unduh pdf ringkasan/i }).click(),
    ]);
    return d;
  }
}

export class HalamanPkImpor {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async buka(): Promise<void> {
    await this.page.goto(`${this.url}/#/pk-impor`);
    await this.page.getByRole('heading', { name: /impor indikator pk/i }).waitFor();
  }

  async pilihOpd(nama: string): Promise<void> {
    await this.page.locator('select[name=opd]').selectOption({ label: nama });
  }

  /**
   * Picks the PK whose option text matches `label`. The list follows the local copy live, so a PK
   * that only reaches this device with a later page of the sync is waited for (up to `timeout`).
   */
  async pilihPk(label: RegExp, timeout = 60_000): Promise<void> {
    const sel = this.page.locator('select[name=pk]');
    const batas = Date.now() + timeout;
    for (;;) {
      const opsi = await sel.locator('option').allTextContents();
      const cocok = opsi.find((o) => label.test(o));
      if (cocok) {
        await sel.selectOption({ label: cocok });
        return;
      }
      if (Date.now() > batas) throw new Error(`PK ${label} tidak ada: ${opsi.join(', ')}`);
      await this.page.waitForTimeout(250);
    }
  }

  async unggah(nama: string, isi: string): Promise<void> {
    await this.page.getByTestId('berkas-impor').setInputFiles({ name: nama, mimeType: 'text/csv', buffer: Buffer.from(isi, 'utf8') });
  }

  galat() {
    return this.page.getByTestId('galat-impor');
  }

  async unduhPdfPk(): Promise<Download> {
    const [d] = await Promise.all([
      this.page.waitForEvent('download', { timeout: 60_000 }),
      this.page.getByRole('button', { name: /unduh dokumen pk/i }).click(),
    ]);
    return d;
  }
}

/**
 * Waits until the browser's local copy holds at least `minimal` records per table (the first full
 * pull of the demo data takes a moment), reading IndexedDB directly.
 *
 * Polls with `page.evaluate` from here: `page.waitForFunction` does not await a predicate's promise,
 * so an async predicate would count as satisfied at once.
 */
export async function tungguSalinanLokal(page: Page, minimal: Record<string, number>, timeout = 60_000): Promise<void> {
  const batas = Date.now() + timeout;
  let terakhir: Record<string, number> = {};
  for (;;) {
    // A navigation in between destroys the context: count again on the next round.
    const jumlah = await page
      .evaluate(async (tabel: string[]) => {
        const jumlah: Record<string, number> = {};
        const dbs = await indexedDB.databases();
        const nama = dbs.map((d) => d.name ?? '').find((n) => n.startsWith('pantau-kinerja-'));
        if (!nama) return jumlah;
        const db = await new Promise<IDBDatabase>((ok, gagal) => {
          const r = indexedDB.open(nama);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => gagal(r.error);
        });
        try {
          for (const t of tabel) {
            if (!db.objectStoreNames.contains(t)) continue;
            jumlah[t] = await new Promise<number>((ok) => {
              const q = db.transaction(t).objectStore(t).count();
              q.onsuccess = () => ok(q.result);
              q.onerror = () => ok(0);
            });
          }
          return jumlah;
        } finally {
          db.close();
        }
      }, Object.keys(minimal))
      .catch(() => null);
    if (jumlah) terakhir = jumlah;
    if (Object.entries(minimal).every(([t, n]) => (terakhir[t] ?? 0) >= n)) return;
    if (Date.now() > batas) throw new Error(`Salinan lokal belum lengkap setelah ${timeout} ms: ${JSON.stringify(terakhir)}, perlu ${JSON.stringify(minimal)}`);
    await page.waitForTimeout(500);
  }
}
