/**
 * Page model of the Evaluasi Penjabat screen (src/views/penjabat/EvaluasiPenjabat.svelte;
 * docs/domain/pejabat.md §Penjabat): choose the Pj and a period, open it, hand the indicators out as
 * tasks, answer a task as the OPD's operator, accept it as admin, download the compiled report.
 */
import type { Download, Page } from 'playwright-core';

export class HalamanPenjabat {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async buka(): Promise<void> {
    await this.page.goto(`${this.url}/#/penjabat`);
    await this.page
      .getByRole('heading', { name: /evaluasi penjabat/i })
      .first()
      .waitFor({ timeout: 30_000 });
  }

  /** Picks the Pj whose option text contains `nama`. */
  async pilihPj(nama: string): Promise<void> {
    const sel = this.page.getByLabel('Penjabat', { exact: true });
    await sel.waitFor({ timeout: 120_000 });
    const nilai = await sel.locator('option', { hasText: nama }).first().getAttribute('value');
    await sel.selectOption(nilai!);
  }

  async pilihPeriode(ke: number): Promise<void> {
    await this.page
      .getByTestId('periode')
      .filter({ hasText: `Periode ${ke}` })
      .first()
      .click();
  }

  async bukaPeriode(): Promise<void> {
    await this.page.getByTestId('mulai-periode').click();
    await this.page.getByTestId('indikator-pj').first().waitFor({ timeout: 30_000 });
  }

  async jumlahIndikator(): Promise<number> {
    return this.page.getByTestId('indikator-pj').count();
  }

  /** Edits an indicator's key point (as the ministry's letter or the compiled data sets it). */
  async isiCapaian(kode: string, teks: string): Promise<void> {
    const f = this.page.getByLabel(`Capaian ${kode}`);
    await f.fill(teks);
    await f.blur();
  }

  async isiRingkasan(teks: string): Promise<void> {
    const f = this.page.getByLabel('Ringkasan laporan');
    await f.fill(teks);
    await f.blur();
  }

  async buatTugas(batas: string): Promise<void> {
    await this.page.getByLabel('Batas waktu tugas').fill(batas);
    await this.page.getByTestId('buat-tugas').click();
    await this.page.getByTestId('tugas-pj').first().waitFor({ timeout: 30_000 });
  }

  async daftarTugas(): Promise<string[]> {
    return (await this.page.getByTestId('tugas-pj').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /** Operator view: fills and sends the bahan of the task for indicator `kode`. */
  async kirimBahan(kode: string, teks: string): Promise<void> {
    // The tablet's first sync may still be running: the task shows once it has arrived.
    const k = this.page.getByTestId('tugas-saya').filter({ hasText: kode });
    await k.getByLabel(`Bahan ${kode}`).waitFor({ timeout: 120_000 });
    await k.getByLabel(`Bahan ${kode}`).fill(teks);
    await k.getByRole('button', { name: /kirim bahan/i }).click();
    await k.getByText('Dikirim', { exact: true }).waitFor({ timeout: 30_000 });
  }

  /** Admin view: accepts the sent bahan of indicator `kode`. */
  async terima(kode: string): Promise<void> {
    const baris = this.page.getByTestId('tugas-pj').filter({ hasText: kode });
    await baris.getByRole('button', { name: /terima/i }).click();
    await baris.getByText('Diterima').waitFor({ timeout: 30_000 });
  }

  async unduhLaporan(): Promise<Download> {
    const [d] = await Promise.all([this.page.waitForEvent('download', { timeout: 60_000 }), this.page.getByTestId('unduh-laporan-pj').click()]);
    return d;
  }
}
