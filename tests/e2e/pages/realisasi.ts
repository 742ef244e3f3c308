/**
 * Page model of the Realisasi grid (#/realisasi) and the Anggaran grid (#/anggaran): how a user
 * types, pastes, marks TDI and reads capaian/status. Cells are addressed by row index (0-based,
 * in display order over all sasaran).
 */
import type { Locator, Page } from 'playwright-core';

export type StatusSel = 'draf' | 'galat' | 'lokal' | 'tersinkron' | 'konflik' | 'ditolak' | null;

export class HalamanRealisasi {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  /** Opens the grid for a quarter (tw) or a milestone (periode: '100H' | '6B' | '1T'). */
  async buka(q: { opd?: string; tahun: number; tw?: number; periode?: string }): Promise<void> {
    const p = new URLSearchParams({ tahun: String(q.tahun) });
    if (q.opd) p.set('opd', q.opd);
    if (q.periode) p.set('periode', q.periode);
    else p.set('tw', String(q.tw ?? 1));
    await this.page.goto(`${this.url}/#/realisasi?${p}`);
    await this.sel(0).waitFor({ timeout: 30_000 });
  }

  sel(i: number): Locator {
    return this.page.locator(`input[data-sel="${i}"]`);
  }
  baris(i: number): Locator {
    return this.page.locator('tr[data-indikator]').nth(i);
  }
  async jumlahBaris(): Promise<number> {
    return this.page.locator('tr[data-indikator]').count();
  }
  async uraian(i: number): Promise<string> {
    return (await this.baris(i).locator('.uraian span').first().innerText()).trim();
  }
  async indikatorId(i: number): Promise<string> {
    return (await this.baris(i).getAttribute('data-indikator')) ?? '';
  }

  /** Focuses cell i (selecting its text, as Tab/Enter do). */
  async fokus(i: number): Promise<void> {
    await this.sel(i).click();
    await this.sel(i).selectText();
  }
  /** Types into the focused cell, replacing its text. */
  async ketik(teks: string): Promise<void> {
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(teks);
  }
  async tekan(tombol: string): Promise<void> {
    await this.page.keyboard.press(tombol);
  }
  /** Types values downward from row `mulai`, each followed by Enter (the user's fast path). */
  async isiBerurutan(mulai: number, nilai: string[]): Promise<void> {
    await this.fokus(mulai);
    for (const v of nilai) {
      await this.ketik(v);
      await this.tekan('Enter');
    }
  }
  /** Pastes clipboard text (e.g. a spreadsheet column "1,5\n2\n3\n") into cell i. */
  async tempel(i: number, teks: string): Promise<void> {
    await this.fokus(i);
    await this.sel(i).evaluate((el, t) => {
      const dt = new DataTransfer();
      dt.setData('text/plain', t);
      el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, teks);
  }
  /** The index of the focused cell, or -1. */
  async selAktif(): Promise<number> {
    return this.page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return el?.dataset.sel === undefined ? -1 : Number(el.dataset.sel);
    });
  }
  async nilai(i: number): Promise<string> {
    return this.sel(i).inputValue();
  }
  /** Capaian cell text, e.g. "87,5 % Tinggi", "TDI", "Belum diisi". */
  async capaian(i: number): Promise<string> {
    return (await this.baris(i).locator('.capaian').innerText()).replace(/\s+/g, ' ').trim();
  }
  async status(i: number): Promise<StatusSel> {
    const el = this.baris(i).locator('[data-status]').last();
    if ((await el.count()) === 0) return null;
    return (await el.getAttribute('data-status')) as StatusSel;
  }
  /** Waits until row i's value is stored (locally or synced). */
  async tungguTersimpan(i: number, status: StatusSel[] = ['lokal', 'tersinkron'], timeout = 15_000): Promise<void> {
    const akhir = Date.now() + timeout;
    while (Date.now() < akhir) {
      if (status.includes(await this.status(i))) return;
      await this.page.waitForTimeout(100);
    }
    throw new Error(`baris ${i}: status ${await this.status(i)}, diharapkan ${status.join('/')}`);
  }
  async galat(i: number): Promise<string> {
    const el = this.baris(i).locator('.pesan-galat');
    return (await el.count()) ? (await el.innerText()).trim() : '';
  }
  async pesan(): Promise<string> {
    return (await this.page.locator('[data-uji="pesan-grid"]').innerText()).trim();
  }
  /** Switches TDI on for row i and types its (required) reason, then leaves the field to save. */
  async aktifkanTdi(i: number, alasan: string): Promise<void> {
    await this.baris(i).locator('[data-uji="tdi"]').click();
    const kotak = this.page.locator('[data-uji="alasan-tdi"]');
    await kotak.fill(alasan);
    await kotak.blur();
  }
  async bukaRincian(i: number): Promise<void> {
    const tombol = this.baris(i).locator('[data-uji="rincian"]');
    if ((await tombol.getAttribute('aria-expanded')) !== 'true') await tombol.click();
  }
  /** Fills masalah/solusi/tindak lanjut of row i (each saves on blur). */
  async isiRincian(i: number, isi: { masalah?: string; solusi?: string; tindakLanjut?: string }): Promise<void> {
    await this.bukaRincian(i);
    for (const [k, v] of Object.entries(isi)) {
      if (v === undefined) continue;
      const el = this.page.locator(`.panel [data-uji="${k}"]`);
      await el.fill(v);
      await el.blur();
    }
  }
  /** The active period in the app header (the shared picker). */
  async periodeKepala(): Promise<{ tahun: number; tw: number }> {
    return { tahun: Number(await this.page.locator('#kepala-tahun').inputValue()), tw: Number(await this.page.locator('#kepala-tw').inputValue()) };
  }
  async pilihPeriodeKepala(tahun: number, tw: number): Promise<void> {
    await this.page.locator('#kepala-tahun').selectOption(String(tahun));
    await this.page.locator('#kepala-tw').selectOption(String(tw));
  }
  /** The period button pressed on the screen ('TW1'…'TW4', '100H', …), or null. */
  async periodeTerpilih(): Promise<string | null> {
    const b = this.page.locator('[role="radio"][aria-checked="true"][data-periode]');
    return (await b.count()) ? b.getAttribute('data-periode') : null;
  }
  /** The few words the Status cell shows for a rejection, its tooltip, and the full reason read to screen readers. */
  async alasanStatus(i: number): Promise<{ singkat: string; tooltip: string | null; lengkap: string }> {
    const singkat = this.baris(i).locator('[data-uji="alasan-singkat"]');
    return {
      singkat: (await singkat.count()) ? (await singkat.innerText()).trim() : '',
      tooltip: (await singkat.count()) ? await singkat.getAttribute('title') : null,
      lengkap: ((await this.baris(i).locator('[data-uji="alasan-lengkap"]').textContent()) ?? '').trim(),
    };
  }
  /** The Status cell's button (Perbaiki / Tinjau / Selesaikan) that opens the row's panel. */
  tombolStatus(i: number): Locator {
    return this.baris(i).locator('[data-uji="selesaikan"]');
  }
  /** The rejection notice in the open panel and its discard button. */
  penolakan(): Locator {
    return this.page.locator('.panel [data-uji="penolakan"]');
  }
  bannerKunci(): Locator {
    return this.page.locator('[data-uji="banner-kunci"]');
  }
  async hanyaBaca(i: number): Promise<boolean> {
    return (await this.sel(i).getAttribute('readonly')) !== null;
  }
}

/** The budget grid: cells addressed by (row, column) with column 0 = keuangan, 1 = fisik. */
export class HalamanAnggaran {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async buka(q: { opd?: string; tahun: number; tw: number }): Promise<void> {
    const p = new URLSearchParams({ tahun: String(q.tahun), tw: String(q.tw) });
    if (q.opd) p.set('opd', q.opd);
    await this.page.goto(`${this.url}/#/anggaran?${p}`);
    await this.sel(0, 0).waitFor({ timeout: 30_000 });
  }
  sel(baris: number, kolom: 0 | 1): Locator {
    return this.page.locator(`input[data-baris="${baris}"][data-kolom="${kolom}"]`);
  }
  async isi(baris: number, kolom: 0 | 1, teks: string, lalu: 'Enter' | 'Tab' = 'Enter'): Promise<void> {
    await this.sel(baris, kolom).click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.type(teks);
    await this.page.keyboard.press(lalu);
  }
  async teksBaris(baris: number): Promise<string> {
    return (await this.page.locator('tr[data-program]').nth(baris).innerText()).replace(/\s+/g, ' ').trim();
  }
}
