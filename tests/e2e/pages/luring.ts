/**
 * Page model of the offline-completeness walk (docs/offline.md §1, issue 10): every screen, every
 * export/download and every Layar slide, each checked to have really worked (a file came down, a
 * screen has its heading and no "Gagal memuat", the chart canvas has drawn pixels).
 */
import type { Download, Page } from 'playwright-core';
import { HalamanLayar } from './layar.ts';
import { HalamanPkImpor, HalamanRakor } from './rakor.ts';

/** Every screen an admin reaches from the menu, with the heading it must show. */
export const LAYAR_ADMIN: { hash: string; judul: RegExp }[] = [
  { hash: '', judul: /^Beranda$/ },
  { hash: 'pk', judul: /^Perjanjian Kinerja$/ },
  { hash: 'realisasi', judul: /^Realisasi Kinerja$/ },
  { hash: 'anggaran', judul: /^Realisasi Anggaran$/ },
  { hash: 'laporan', judul: /^Laporan Triwulan$/ },
  { hash: 'rakor', judul: /Rakor Monev/ },
  { hash: 'evaluasi', judul: /^Evaluasi pejabat$/ },
  { hash: 'pk-impor', judul: /^Impor indikator PK/ },
  { hash: 'opd', judul: /^Perangkat Daerah$/ },
  { hash: 'sinkron', judul: /^Konflik & penolakan$/ },
  { hash: 'pengaturan', judul: /^Pengaturan$/ },
];

export class JelajahLuring {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  /** Opens every screen by its address; throws with the screen's text when one failed. */
  async semuaLayar(daftar = LAYAR_ADMIN): Promise<void> {
    for (const l of daftar) {
      await this.page.goto(`${this.url}/#/${l.hash}`);
      const judul = this.page.locator('main h1').filter({ hasText: l.judul }).first();
      await judul.waitFor({ timeout: 30_000 }).catch(async () => {
        throw new Error(
          `layar #/${l.hash} tidak terbuka: ${(
            await this.page
              .locator('main')
              .innerText()
              .catch(() => '')
          ).slice(0, 400)}`,
        );
      });
      if (await this.page.getByText(/Gagal memuat/).count()) throw new Error(`layar #/${l.hash}: ${await this.page.locator('main').innerText()}`);
    }
  }

  private async unduh(klik: () => Promise<void>): Promise<Download> {
    const [d] = await Promise.all([this.page.waitForEvent('download', { timeout: 60_000 }), klik()]);
    return d;
  }

  /** Rakor: summary PDF, XLSX, two CSVs. Returns the suggested file names. */
  async eksporRakor(rakorJudul: RegExp): Promise<Download[]> {
    const r = new HalamanRakor(this.page, this.url);
    await r.buka();
    await r.pilih(rakorJudul);
    const out = [await r.unduhPdf()];
    for (const nama of [/^Ekspor XLSX$/, /^CSV ringkasan$/, /^CSV indikator$/])
      out.push(await this.unduh(() => this.page.getByRole('button', { name: nama }).click()));
    return out;
  }

  /** Impor & dokumen PK: both import templates and the PK document of `opdNama`'s PK matching `pk`. */
  async eksporPk(opdNama: string, pk: RegExp): Promise<Download[]> {
    const h = new HalamanPkImpor(this.page, this.url);
    await h.buka();
    const out = [];
    for (const nama of [/^Templat XLSX$/, /^Templat CSV$/]) out.push(await this.unduh(() => this.page.getByRole('button', { name: nama }).click()));
    await h.pilihOpd(opdNama);
    await h.pilihPk(pk);
    out.push(await h.unduhPdfPk());
    return out;
  }

  /** Pengaturan: the local backup file. */
  async cadangan(): Promise<Download> {
    await this.page.goto(`${this.url}/#/pengaturan`);
    return this.unduh(() => this.page.getByRole('button', { name: /^Unduh cadangan$/ }).click());
  }

  /**
   * The Layar of (tahun, tw) at its current size: every slide in turn (End/Home, ArrowRight), each
   * one's text; on each chart slide the number of canvas pixels that are not blank.
   */
  async semuaSlide(tahun: number, tw: number): Promise<{ jumlah: number; pikselGrafik: number[] }> {
    const l = new HalamanLayar(this.page, this.url);
    await l.buka(tahun, tw);
    await l.tekan('Home');
    if (!(await this.page.getByTestId('layar-jeda').isVisible())) await l.tekan(' ');
    const nomor = async () => (await this.page.getByTestId('layar-nomor').innerText()).trim();
    const jumlah = Number(/\/\s*(\d+)/.exec(await nomor())?.[1] ?? 0);
    const pikselGrafik: number[] = [];
    for (let i = 1; i <= jumlah; i++) {
      await this.page.waitForFunction((n) => document.querySelector('[data-testid=layar-nomor]')?.textContent?.trim().startsWith(`${n} /`), i);
      if (await this.page.getByTestId('grafik-capaian').count()) {
        // Chart.js draws on the next frames: poll until the first canvas has pixels (or give up at 15 s).
        const batas = Date.now() + 15_000;
        let n = 0;
        while (n === 0 && Date.now() < batas) {
          n = await this.pikselKanvas();
          if (n === 0) await this.page.waitForTimeout(200);
        }
        pikselGrafik.push(n);
      }
      if (i < jumlah) await l.tekan('ArrowRight');
    }
    return { jumlah, pikselGrafik };
  }

  /** Non-transparent pixels on the first chart canvas. */
  pikselKanvas(): Promise<number> {
    return this.page
      .getByTestId('grafik-capaian')
      .first()
      .evaluate((c) => {
        const k = c as HTMLCanvasElement;
        const d = k.getContext('2d')?.getImageData(0, 0, k.width, k.height).data;
        let n = 0;
        if (d) for (let i = 3; i < d.length; i += 4) if (d[i]! > 0) n++;
        return n;
      });
  }
}
