/**
 * Page models of the rakor screens (Rakor, PK impor) and two helpers the rakor stories share:
 * signing in through the login form, and talking to the API as a second client (a tablet).
 */
import type { Page, Download } from 'playwright-core';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Signs in through the app's login form and waits until the first sync has filled the local copy. */
export async function masukLewatForm(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel(/nama pengguna/i).fill(username);
  await page.getByLabel(/kata sandi/i).fill(password);
  await page.getByRole('button', { name: /^masuk$/i }).click();
  await page.getByLabel(/kata sandi/i).waitFor({ state: 'detached', timeout: 30_000 });
}

/** A second client (a tablet) that talks to the API directly. */
export class KlienApi {
  constructor(readonly url: string, readonly token: string) {}

  static async masuk(url: string, username: string, password: string): Promise<KlienApi> {
    const r = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
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
    const r = await fetch(`${this.url}/api/v1/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` }, body: JSON.stringify(body) });
    if (!r.ok) throw new Error(`push gagal: ${r.status} ${await r.text()}`);
    return (await r.json()) as { results: { status: string; reason?: string }[] };
  }
}

/** Saves a captured download, returns its path, text (pdftotext -layout) and page PNGs (60 dpi). */
export async function simpanPdf(d: Download, nama: string): Promise<{ path: string; teks: string; halaman: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-e2e-'));
  const path = join(dir, nama);
  await d.saveAs(path);
  const teks = execFileSync('pdftotext', ['-layout', path, '-']).toString('utf8');
  execFileSync('pdftoppm', ['-png', '-r', '60', path, join(dir, 'hal')]);
  const halaman = readdirSync(dir).filter((f) => f.endsWith('.png')).map((f) => join(dir, f));
  return { path, teks, halaman };
}

export class HalamanRakor {
  constructor(readonly page: Page, readonly url: string) {}

  async buka(): Promise<void> {
    await this.page.goto(`${this.url}/#/rakor`);
    await this.page.getByRole('heading', { name: /rakor monev/i }).first().waitFor();
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

  async unduhPdf(): Promise<Download> {
    const [d] = await Promise.all([this.page.waitForEvent('download', { timeout: 60_000 }), this.page.getByRole('button', { name: /unduh pdf ringkasan/i }).click()]);
    return d;
  }
}

export class HalamanPkImpor {
  constructor(readonly page: Page, readonly url: string) {}

  async buka(): Promise<void> {
    await this.page.goto(`${this.url}/#/pk-impor`);
    await this.page.getByRole('heading', { name: /impor indikator pk/i }).waitFor();
  }

  async pilihOpd(nama: string): Promise<void> {
    await this.page.locator('select[name=opd]').selectOption({ label: nama });
  }

  async pilihPk(label: RegExp): Promise<void> {
    const sel = this.page.locator('select[name=pk]');
    const opsi = await sel.locator('option').allTextContents();
    const cocok = opsi.find((o) => label.test(o));
    if (!cocok) throw new Error(`PK ${label} tidak ada: ${opsi.join(', ')}`);
    await sel.selectOption({ label: cocok });
  }

  async unggah(nama: string, isi: string): Promise<void> {
    await this.page.getByTestId('berkas-impor').setInputFiles({ name: nama, mimeType: 'text/csv', buffer: Buffer.from(isi, 'utf8') });
  }

  galat() {
    return this.page.getByTestId('galat-impor');
  }

  async unduhPdfPk(): Promise<Download> {
    const [d] = await Promise.all([this.page.waitForEvent('download', { timeout: 60_000 }), this.page.getByRole('button', { name: /unduh dokumen pk/i }).click()]);
    return d;
  }
}

/**
 * Waits until the browser's local copy holds at least `minimal` records per table (the first full
 * pull of the demo data takes a moment), reading IndexedDB directly.
 */
export async function tungguSalinanLokal(page: Page, minimal: Record<string, number>, timeout = 60_000): Promise<void> {
  await page.waitForFunction(
    async (min: Record<string, number>) => {
      const dbs = await indexedDB.databases();
      const nama = dbs.map((d) => d.name ?? '').find((n) => n.startsWith('pantau-kinerja-'));
      if (!nama) return false;
      const db = await new Promise<IDBDatabase>((ok, gagal) => {
        const r = indexedDB.open(nama);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => gagal(r.error);
      });
      try {
        for (const [t, n] of Object.entries(min)) {
          if (!db.objectStoreNames.contains(t)) return false;
          const c = await new Promise<number>((ok) => {
            const q = db.transaction(t).objectStore(t).count();
            q.onsuccess = () => ok(q.result);
            q.onerror = () => ok(0);
          });
          if (c < n) return false;
        }
        return true;
      } finally {
        db.close();
      }
    },
    minimal,
    { timeout, polling: 500 },
  );
}
