/**
 * Page model of the Perjanjian Kinerja editor (#/pk): create a PK, add sasaran/indikator/program,
 * sign it, make a Perubahan PK and compare versions.
 */
import type { Locator, Page } from 'playwright-core';

export interface IsianIndikator {
  uraian: string;
  satuan: string;
  polaritas?: 'naik' | 'turun' | 'rentang';
  /** Annual target text ("90", "1.234,5"); for rentang also `targetAtas`. */
  target: string;
  targetAtas?: string;
  /** Optional quarterly targets s.d. TW1..TW4. */
  triwulan?: [string, string, string, string];
}

export class HalamanPk {
  constructor(
    readonly page: Page,
    readonly url: string,
  ) {
    // Signing and deleting ask for confirmation: the user says yes.
    page.on('dialog', (d) => void d.accept());
  }

  async buka(opdId: string, tahun: number): Promise<void> {
    await this.page.goto(`${this.url}/#/pk?opd=${opdId}&tahun=${tahun}`);
    await this.page.locator('[data-uji="buat-pk"], nav.versi, .kosong').first().waitFor({ timeout: 30_000 });
  }

  async buatPk(): Promise<void> {
    await this.page.locator('[data-uji="buat-pk"]').click();
    await this.page.locator('nav.versi').waitFor();
  }

  /** Sets the Tanggal dokumen (ISO date); the parties must serve on it (docs/domain/pejabat.md §PK). */
  async aturTanggal(tanggal: string): Promise<void> {
    await this.page.getByLabel('Tanggal dokumen').fill(tanggal);
    await this.page.getByLabel('Tanggal dokumen').blur();
  }

  /** Picks a party from the officials serving on the PK date (the option holding `nama`). */
  async pilihPihak(pihak: 'pihakPertama' | 'pihakKedua', nama: string): Promise<void> {
    const sel = this.page.locator(`[data-uji="${pihak}-pilih"]`);
    const nilai = await sel.locator('option', { hasText: nama }).first().getAttribute('value');
    if (!nilai) throw new Error(`${nama} tidak ada di pilihan ${pihak}: ${(await sel.locator('option').allInnerTexts()).join(', ')}`);
    await sel.selectOption(nilai);
    await this.page.locator(`[data-uji="${pihak}-nama"]`).filter({ hasText: nama }).waitFor();
  }

  /** The officials offered for a party (option texts "Nama · Jabatan", the placeholder left out). */
  async calonPihak(pihak: 'pihakPertama' | 'pihakKedua'): Promise<string[]> {
    return (await this.page.locator(`[data-uji="${pihak}-pilih"] option:not([disabled])`).allInnerTexts()).map((t) => t.trim());
  }

  async namaPihak(pihak: 'pihakPertama' | 'pihakKedua'): Promise<string> {
    return (await this.page.locator(`[data-uji="${pihak}-nama"]`).innerText()).trim();
  }

  /** Why the parties do not allow signing yet, or null when they do. */
  async masalahPihak(): Promise<string | null> {
    const m = this.page.locator('[data-uji="masalah-pihak"]');
    return (await m.count()) ? (await m.innerText()).replace(/\s+/g, ' ').trim() : null;
  }

  /** The error the sheet shows (role alert), or null. */
  async galat(): Promise<string | null> {
    const g = this.page.locator('p.galat[role="alert"]');
    return (await g.count()) ? (await g.innerText()).replace(/\s+/g, ' ').trim() : null;
  }

  async tambahSasaran(uraian: string): Promise<void> {
    const n = await this.page.locator('section.sasaran').count();
    await this.page.locator('[data-uji="sasaran-baru"]').fill(uraian);
    await this.page.locator('[data-uji="tambah-sasaran"]').click();
    await this.page.locator('section.sasaran').nth(n).waitFor();
  }

  sasaran(i: number): Locator {
    return this.page.locator('section.sasaran').nth(i);
  }

  /** Adds an indicator under sasaran i through its form. */
  async tambahIndikator(sasaran: number, isi: IsianIndikator): Promise<void> {
    const s = this.sasaran(sasaran);
    const n = await s.locator('tr[data-indikator]').count();
    await s.locator('[data-uji="tambah-indikator"]').click();
    await this.isiFormIndikator(s.locator('[data-uji="form-indikator"]'), isi);
    await s.locator('tr[data-indikator]').nth(n).waitFor();
  }

  /** Opens indicator j of sasaran i for editing and saves the given fields. */
  async ubahIndikator(sasaran: number, j: number, isi: Partial<IsianIndikator>): Promise<void> {
    const s = this.sasaran(sasaran);
    await s.locator('tr[data-indikator]').nth(j).locator('[data-uji="ubah-indikator"]').click();
    const form = s.locator('[data-uji="form-indikator"]');
    await this.isiFormIndikator(form, isi);
    await form.waitFor({ state: 'detached' });
  }

  private async isiFormIndikator(form: Locator, isi: Partial<IsianIndikator>): Promise<void> {
    if (isi.uraian !== undefined) await form.locator('[data-uji="uraian"]').fill(isi.uraian);
    if (isi.satuan !== undefined) await form.locator('[data-uji="satuan"]').fill(isi.satuan);
    if (isi.polaritas) await form.locator('[data-uji="polaritas"]').selectOption(isi.polaritas);
    if (isi.target !== undefined) await form.locator('[data-uji="target-tahunan"]').fill(isi.target);
    if (isi.targetAtas !== undefined) await form.locator('[data-uji="target-tahunan-atas"]').fill(isi.targetAtas);
    if (isi.triwulan) {
      await form.getByLabel('Target per triwulan (s.d. TW)').check();
      for (const [n, t] of isi.triwulan.entries()) await form.locator(`[data-uji="target-tw${n + 1}"]`).fill(t);
    }
    await form.locator('[data-uji="simpan-indikator"]').click();
  }

  async tambahProgram(nama: string, pagu: string): Promise<void> {
    const n = await this.page.locator('tr[data-program]').count();
    await this.page.locator('[data-uji="tambah-program"]').click();
    const form = this.page.locator('[data-uji="form-program"]');
    await form.locator('[data-uji="nama-program"]').fill(nama);
    await form.locator('[data-uji="pagu"]').fill(pagu);
    await form.locator('[data-uji="simpan-program"]').click();
    await this.page.locator('tr[data-program]').nth(n).waitFor();
  }

  async tandatangani(): Promise<void> {
    await this.page.locator('[data-uji="tandatangani"]').click();
    await this.bannerTandatangan().waitFor();
  }

  bannerTandatangan(): Locator {
    return this.page.locator('[data-uji="banner-ttd"]');
  }

  /** Perubahan PK from the latest signed version; lands on the new draft version. */
  async buatPerubahan(alasan: string, berlakuMulaiTriwulan: 1 | 2 | 3 | 4, nomor = '', tanggal = ''): Promise<void> {
    const n = await this.page.locator('nav.versi [data-versi]').count();
    await this.page.locator('[data-uji="perubahan-pk"]').click();
    const form = this.page.locator('[data-uji="form-perubahan"]');
    await form.locator('[data-uji="alasan-perubahan"]').fill(alasan);
    if (nomor) await form.locator('[data-uji="nomor-perubahan"]').fill(nomor);
    if (tanggal) await form.getByLabel('Tanggal', { exact: true }).fill(tanggal);
    await form.locator('[data-uji="berlaku-mulai"]').selectOption(String(berlakuMulaiTriwulan));
    await form.locator('[data-uji="buat-perubahan"]').click();
    await this.page.locator('nav.versi [data-versi]').nth(n).waitFor();
  }

  async daftarVersi(): Promise<string[]> {
    return (await this.page.locator('nav.versi [data-versi]').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async pilihVersi(versi: number): Promise<void> {
    await this.page.locator(`nav.versi [data-versi="${versi}"]`).click();
  }

  /** Shows the side-by-side comparison with the previous version; returns its rows' text. */
  async bandingkan(): Promise<string[]> {
    await this.page.locator('[data-uji="bandingkan"]').click();
    const diff = this.page.locator('[data-uji="diff-versi"]');
    await diff.waitFor();
    return (await diff.locator('tbody tr').allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
  }

  async teksIndikator(sasaran: number, j: number): Promise<string> {
    return (await this.sasaran(sasaran).locator('tr[data-indikator]').nth(j).innerText()).replace(/\s+/g, ' ').trim();
  }

  /** True when the editor is read-only (signed PK or no permission). */
  async hanyaBaca(): Promise<boolean> {
    return (await this.page.locator('[data-uji="tambah-sasaran"]').count()) === 0;
  }
}
