/**
 * Page model of the bukti dukung panel inside a realisasi row's detail (docs/bukti-dukung.md): attach
 * files, read each file's upload and verification state, verify as Bappeda.
 */
import type { Locator, Page } from 'playwright-core';

export class PanelBukti {
  constructor(readonly page: Page) {}

  get panel(): Locator {
    return this.page.locator('.panel [data-uji="bukti-dukung"]');
  }
  berkas(nama: string): Locator {
    return this.panel.locator('[data-uji="berkas"]', { hasText: nama });
  }
  /** Picks files through the "Pilih berkas" input (as the tablet's file picker would). */
  async lampirkan(files: { name: string; mimeType: string; buffer: Buffer }[]): Promise<void> {
    await this.panel.locator('[data-uji="pilih-berkas"]').setInputFiles(files);
  }
  /** "tersimpan lokal", "mengunggah 40 %", "terkirim", "ditolak: …", or "di server". */
  async statusUnggah(nama: string): Promise<string | null> {
    const l = this.berkas(nama).locator('[data-uji="status-unggah"]');
    return (await l.count()) ? (await l.innerText()).trim() : null;
  }
  async statusVerifikasi(nama: string): Promise<string> {
    return (await this.berkas(nama).locator('[data-uji="status-verifikasi"]').innerText()).trim();
  }
  /** Whether the file's thumbnail has loaded (an image decoded from the local Blob or the server). */
  async pratinjauTampil(nama: string): Promise<boolean> {
    const img = this.berkas(nama).locator('[data-uji="pratinjau"]');
    if (!(await img.count())) return false;
    return img.evaluate((el) => (el as HTMLImageElement).complete && (el as HTMLImageElement).naturalWidth > 0);
  }
  async verifikasi(nama: string, hasil: 'terima' | 'perbaikan', catatan = ''): Promise<void> {
    const b = this.berkas(nama);
    if (catatan) await b.locator('[data-uji="catatan-verifikasi"]').fill(catatan);
    await b.locator(`[data-uji="${hasil}"]`).click();
  }
  /** Presses the file's "Simpan untuk luring" toggle (docs/bukti-dukung.md "Simpan untuk luring"). */
  async aturLuring(nama: string): Promise<void> {
    await this.berkas(nama).locator('[data-uji="simpan-luring"]').click();
  }
  /** Whether the file is marked to be kept for offline use (null when the toggle is not shown). */
  async luring(nama: string): Promise<boolean | null> {
    const t = this.berkas(nama).locator('[data-uji="simpan-luring"]');
    return (await t.count()) ? (await t.getAttribute('aria-pressed')) === 'true' : null;
  }
  /** Opens the full file (its name is a button). */
  async buka(nama: string): Promise<void> {
    await this.berkas(nama).locator('button.nama').click();
  }
  async penyimpanan(): Promise<string> {
    return (await this.panel.locator('[data-uji="penyimpanan-bukti"]').innerText()).trim();
  }
}
