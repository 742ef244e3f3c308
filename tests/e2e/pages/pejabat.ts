/**
 * Page model of the Pejabat screen (src/views/pejabat/DaftarPejabat.svelte; docs/domain/pejabat.md
 * §Data): per OPD the assignments over time; an admin adds an assignment or hands a position over
 * ("Ganti pejabat": the holder's last day becomes the day before the successor's TMT).
 */
import type { Locator, Page } from 'playwright-core';

export interface IsianPejabatE2e {
  nama: string;
  /** As printed on documents ("19750512 200212 2 003") or plain. */
  nip: string;
  pangkat: string;
  /** ISO date. */
  tmt: string;
  dasarPenugasan: string;
}

export class HalamanPejabat {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {}

  async buka(): Promise<void> {
    await this.page.goto(`${this.url}/#/pejabat`);
    await this.page.getByRole('heading', { name: 'Pejabat', exact: true }).waitFor({ timeout: 30_000 });
  }

  /** The card of one OPD (its history). */
  kartu(opd: string): Locator {
    return this.page.getByTestId('opd-pejabat').filter({ has: this.page.getByRole('heading', { name: opd, exact: true }) });
  }

  /** The rows of an OPD's history, newest TMT first, as one line of text each. */
  async riwayat(opd: string): Promise<string[]> {
    return (await this.kartu(opd).getByTestId('baris-pejabat').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  /**
   * Hands over the position held by `pemegang` (a name in the OPD's history) to a successor. The
   * history arrives with the first sync, so the row is waited for.
   */
  async ganti(opd: string, pemegang: string, isi: IsianPejabatE2e): Promise<void> {
    const baris = this.kartu(opd).getByTestId('baris-pejabat').filter({ hasText: pemegang });
    await baris.getByRole('button', { name: 'Ganti pejabat' }).click({ timeout: 60_000 });
    const f = this.page.getByTestId('form-pejabat');
    await f.getByRole('heading', { name: `Pengganti ${pemegang}` }).waitFor();
    await f.getByLabel(/^Nama/).fill(isi.nama);
    await f.getByLabel(/^NIP/).fill(isi.nip);
    await f.getByLabel(/^Pangkat/).fill(isi.pangkat);
    await f.getByLabel(/^TMT/).fill(isi.tmt);
    await f.getByLabel(/^Dasar penugasan/).fill(isi.dasarPenugasan);
    await f.getByRole('button', { name: 'Simpan' }).click();
    await f.waitFor({ state: 'detached' });
  }
}
