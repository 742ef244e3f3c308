/**
 * Issue 9 points 7 and 8 (docs/domain/kewajaran.md), driven through the real UI: an operator of
 * Dinas Kesehatan types fast and makes the slips seen in the hall. An unusual value waits for
 * confirmation; Enter on the last row leaves the cell so "90" then "64,6" never becomes 9.064,6; the
 * keyboard visits a TDI row like a paste does; Ctrl+Z undoes a paste; Keuangan, Tab, Fisik, Enter at
 * full speed in an empty quarter keeps the typed Keuangan.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanAnggaran, HalamanRealisasi } from './pages/realisasi.ts';
import { KlienApi, masukLewatForm } from './pages/rakor.ts';
import { idAlami } from '../../src/domain/schemas.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
/** Row 5 of the Anggaran grid shows a plausibility warning. */
const baris5Peringatan = (page: import('playwright-core').Page) =>
  page.locator('tr[data-program]').nth(4).locator('[data-uji="peringatan"]').waitFor({ timeout: 10_000 });
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
  await masukLewatForm(br.page, srv.url, 'op-dinkes', 'demo12345');
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

describe('safe fast entry', () => {
  it('an unusual value asks first; Enter on the last row moves to the end panel; TDI rows keep their line; Ctrl+Z undoes a paste', async () => {
    const { page } = br;
    const r = new HalamanRealisasi(page, srv.url);
    await r.buka({ tahun: 2026, tw: 4 });
    const peringatan = (i: number) => r.baris(i).locator('[data-uji="peringatan"]');

    // 682,6 on a percent indicator: a warning, the value is not stored and the cursor stays.
    await r.fokus(1);
    await r.ketik('682,6');
    await r.tekan('Enter');
    await peringatan(1).waitFor();
    expect(await peringatan(1).innerText()).toMatch(/682,6 melebihi batas wajar 100/);
    expect(await r.selAktif()).toBe(1);
    expect(await r.status(1)).toBe('draf');
    await page.screenshot({ path: '/tmp/grid-peringatan.png' });
    // Retyping replaces (the text was selected); a usual value goes through at once.
    await r.ketik('68,2');
    await r.tekan('Enter');
    expect(await r.selAktif()).toBe(2);
    await r.tungguTersimpan(1);
    expect(await r.nilai(1)).toBe('68,2');
    // Confirming an unusual value: Enter twice.
    await r.fokus(1);
    await r.ketik('150');
    await r.tekan('Enter');
    await peringatan(1).waitFor();
    await r.tekan('Enter');
    expect(await r.selAktif()).toBe(2);
    await r.tungguTersimpan(1);
    expect(await r.nilai(1)).toBe('150');

    // Keyboard visits a TDI row (read-only), as a paste keeps its line: values from a paper list do not shift.
    await r.baris(3).locator('[data-uji="tdi"]').click();
    await r.fokus(2);
    await r.tekan('Enter');
    expect(await r.selAktif()).toBe(3);
    await page.keyboard.type('5');
    expect(await r.nilai(3)).toBe('TDI');
    expect(await r.pesan()).toMatch(/ditandai TDI/);

    // Ctrl+Z undoes the last paste: the earlier values come back.
    const sebelum = [await r.nilai(4), await r.nilai(5)];
    await r.tempel(4, '10\r\n20\r\n');
    await expect.poll(() => r.pesan(), { timeout: 15_000 }).toContain('2 nilai ditempel dan disimpan');
    expect([await r.nilai(4), await r.nilai(5)]).toEqual(['10', '20']);
    await r.tekan('Control+z');
    await expect.poll(() => r.pesan(), { timeout: 15_000 }).toMatch(/Dibatalkan: tempel 2 nilai/);
    expect([await r.nilai(4), await r.nilai(5)]).toEqual(sebelum);

    // Enter on the last row: the end-of-grid panel takes the focus; the next digits are not appended.
    const akhir = (await r.jumlahBaris()) - 1;
    await r.fokus(akhir);
    await r.ketik('90');
    await r.tekan('Enter');
    if (await peringatan(akhir).count()) await r.tekan('Enter');
    await page.locator('[data-uji="akhir-grid"]').waitFor();
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-uji'))).toBe('akhir-grid');
    await page.keyboard.type('64,6');
    expect(await r.nilai(akhir)).toBe('90');
    await page.screenshot({ path: '/tmp/grid-akhir.png' });
  });

  it('anggaran: Keuangan, Tab, Fisik, Enter at full speed in an empty quarter stores the typed Keuangan (issue 9 point 7)', async () => {
    const { page } = br;
    const a = new HalamanAnggaran(page, srv.url);
    await a.buka({ tahun: 2026, tw: 4 });
    const programId = await page.locator('tr[data-program]').nth(0).getAttribute('data-program');
    // An empty TW4: the previous quarter's Keuangan shows as the placeholder.
    expect(await a.sel(0, 0).inputValue()).toBe('');
    // Plausible values (docs/domain/kewajaran.md "Anggaran"): not below TW3, keuangan within the pagu.
    const angkaDari = (t: string | null) => Number((t ?? '').replace(/[^\d,]/g, '').replace(',', '.'));
    const tw3 = angkaDari(await a.sel(0, 0).getAttribute('placeholder'));
    const pagu = angkaDari(await page.locator('tr[data-program]').nth(0).locator('td.angka').first().innerText());
    const keuangan = tw3 + Math.floor((pagu - tw3) / 2);
    const fisik = Math.min(100, Math.ceil(angkaDari(await a.sel(0, 1).getAttribute('placeholder'))) + 3);
    expect(keuangan).toBeGreaterThan(tw3);
    await a.sel(0, 0).click();
    await page.keyboard.type(keuangan.toLocaleString('id-ID'));
    await page.keyboard.press('Tab');
    await page.keyboard.type(String(fisik));
    await page.keyboard.press('Enter');
    const api = await KlienApi.masuk(srv.url, 'op-dinkes', 'demo12345');
    const id = idAlami.realisasiAnggaran(programId!, 4);
    let rec: Record<string, unknown> | undefined;
    for (let i = 0; i < 60 && !(rec && rec.fisik === fisik); i++) {
      rec = (await api.tarikSemua()).realisasiAnggaran?.find((x) => x.id === id);
      if (!(rec && rec.fisik === fisik)) await new Promise((ok) => setTimeout(ok, 500));
    }
    expect(rec).toMatchObject({ keuangan, fisik });
    expect(await a.sel(0, 0).inputValue()).toBe(keuangan.toLocaleString('id-ID'));
  });

  it('anggaran: a cumulative value below last quarter and keuangan above the pagu ask first; Enter again or the button stores it (issue 9 point 8)', async () => {
    const { page } = br;
    const a = new HalamanAnggaran(page, srv.url);
    await a.buka({ tahun: 2026, tw: 4 });
    const api = await KlienApi.masuk(srv.url, 'op-dinkes', 'demo12345');
    const rupiah = (t: string | null) => Number((t ?? '').replace(/\D/g, ''));
    const tersimpan = async (programId: string) =>
      (await api.tarikSemua()).realisasiAnggaran?.find((x) => x.id === idAlami.realisasiAnggaran(programId, 4)) as Record<string, unknown> | undefined;
    const tunggu = async (programId: string, cocok: (r: Record<string, unknown> | undefined) => boolean) => {
      let r = await tersimpan(programId);
      for (let i = 0; i < 60 && !cocok(r); i++) {
        await new Promise((ok) => setTimeout(ok, 500));
        r = await tersimpan(programId);
      }
      return r;
    };

    // Row 2: TW3's cumulative keuangan is the placeholder; a smaller TW4 value is a slip.
    const baris = page.locator('tr[data-program]').nth(1);
    const programId = (await baris.getAttribute('data-program'))!;
    const tw3 = rupiah(await a.sel(1, 0).getAttribute('placeholder'));
    expect(tw3).toBeGreaterThan(10);
    const kecil = Math.floor(tw3 / 10);
    await a.isi(1, 0, kecil.toLocaleString('id-ID'));
    const w = baris.locator('[data-uji="peringatan"]');
    await w.waitFor({ timeout: 10_000 });
    expect(await w.innerText()).toMatch(/lebih kecil dari keuangan s\.d\. TW3 Rp [\d.]+, padahal nilainya kumulatif/);
    // Still where it was typed, selected, and not stored.
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.dataset.baris)).toBe('1');
    await new Promise((ok) => setTimeout(ok, 1500));
    expect((await tersimpan(programId))?.keuangan).not.toBe(kecil);
    // Enter again: the person confirms; it is stored as typed.
    await page.keyboard.press('Enter');
    expect(await tunggu(programId, (r) => r?.keuangan === kecil)).toMatchObject({ keuangan: kecil });
    expect(await w.count()).toBe(0);

    // Row 3: keuangan above its pagu asks with the serapan; "Nilai benar, simpan" stores it.
    const baris3 = page.locator('tr[data-program]').nth(2);
    const program3 = (await baris3.getAttribute('data-program'))!;
    const pagu = rupiah(await baris3.locator('td.angka').first().innerText());
    expect(pagu).toBeGreaterThan(0);
    const lebih = pagu * 2;
    await a.isi(2, 0, lebih.toLocaleString('id-ID'), 'Tab');
    const w3 = baris3.locator('[data-uji="peringatan"]');
    await w3.waitFor({ timeout: 10_000 });
    expect(await w3.innerText()).toMatch(/melebihi pagu Rp [\d.]+ \(serapan 200 %\)/);
    await w3.locator('[data-uji="konfirmasi"]').click();
    expect(await tunggu(program3, (r) => r?.keuangan === lebih)).toMatchObject({ keuangan: lebih });
    // An invalid value is refused at once, never offered as "unusual, store anyway" (fisik −5).
    await a.isi(2, 1, '-5');
    await expect.poll(() => a.teksBaris(2)).toContain('Minimal 0');
    expect(await w3.count()).toBe(0);
    await page.keyboard.press('Escape');

    // Ctrl+Z undoes the last paste (found by a break-it pass: the browser's own undo ran instead,
    // kept the pasted values and wiped another row's typing). A typed draft elsewhere survives.
    // Row 5's fisik: 1 % is below its TW3 value, so it waits as a draft with its warning.
    await a.isi(4, 1, '1');
    await baris5Peringatan(page);
    const tw3Baris = [3, 4].map(async (i) => rupiah(await a.sel(i, 0).getAttribute('placeholder')));
    const [t4, t5] = await Promise.all(tw3Baris);
    const sebelum = [await a.sel(3, 0).inputValue(), await a.sel(4, 0).inputValue()];
    await a.sel(3, 0).click();
    await a.sel(3, 0).evaluate(
      (el, t) => {
        const dt = new DataTransfer();
        dt.setData('text/plain', t);
        el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
      },
      `${(t4! + 1000).toLocaleString('id-ID')}\r\n${(t5! + 2000).toLocaleString('id-ID')}\r\n`,
    );
    const pesan = page.locator('[data-uji="pesan-grid"]');
    await expect.poll(() => pesan.innerText(), { timeout: 15_000 }).toContain('2 nilai ditempel dan disimpan');
    await page.keyboard.press('Control+z');
    await expect.poll(() => pesan.innerText(), { timeout: 15_000 }).toMatch(/Dibatalkan: tempel 2 nilai \(2 baris dikembalikan\)/);
    // A quarter first created by the paste goes back to its starting point (TW3's values).
    const kembali = [await a.sel(3, 0).inputValue(), await a.sel(4, 0).inputValue()];
    expect(kembali.map(rupiah)).toEqual([sebelum[0] ? rupiah(sebelum[0]) : t4, sebelum[1] ? rupiah(sebelum[1]) : t5]);
    expect(await a.sel(4, 1).inputValue()).toBe('1');
    await baris5Peringatan(page);
    await page.screenshot({ path: '/tmp/grid-anggaran-wajar.png' });
  });
});
