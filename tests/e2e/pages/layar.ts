/** Page model of the projected Layar (#/layar). */
import type { Page } from 'playwright-core';

export class HalamanLayar {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async buka(tahun: number, tw: number): Promise<void> {
    await this.page.goto(`${this.url}/#/layar?tahun=${tahun}&tw=${tw}`);
    await this.page.getByTestId('nilai-rata-capaian').waitFor({ timeout: 60_000 });
  }

  async tekan(tombol: string): Promise<void> {
    await this.page.keyboard.press(tombol);
  }

  /** Goes to the first chart slide and pauses auto-advance. */
  async keGrafik(): Promise<void> {
    await this.tekan('Home');
    await this.tekan('ArrowRight');
    await this.page.getByTestId('grafik-capaian').first().waitFor();
    if (!(await this.page.getByTestId('layar-jeda').isVisible())) await this.tekan(' ');
  }

  /** "Dinkes=80 %|Disdik=…" of every chart column. */
  async nilaiGrafik(): Promise<string> {
    const semua = await this.page.getByTestId('grafik-capaian').evaluateAll((els) => els.map((e) => e.getAttribute('data-nilai') ?? ''));
    return semua.join('|');
  }

  rataCapaian() {
    return this.page.getByTestId('nilai-rata-capaian').innerText();
  }

  /** Elements whose own text renders below `min` px (the hall rule: nothing under 24 px). */
  async teksKecil(min = 24): Promise<string[]> {
    return this.page.evaluate((min) => {
      const out: string[] = [];
      const root = document.querySelector('[data-testid=layar]');
      if (!root) return ['layar tidak ada'];
      for (const el of root.querySelectorAll<HTMLElement>('*')) {
        const punyaTeks = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
        if (!punyaTeks || el.offsetParent === null) continue;
        const px = Number.parseFloat(getComputedStyle(el).fontSize);
        if (px < min) out.push(`${el.tagName} ${px}px "${(el.textContent ?? '').trim().slice(0, 40)}"`);
      }
      return out;
    }, min);
  }
}
