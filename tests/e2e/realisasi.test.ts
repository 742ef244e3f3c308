/**
 * Story: an operator of Dinas Kesehatan enters Triwulan IV 2026 on a tablet with the keyboard —
 * values typed downward with Enter, a wrong entry kept visible with its message, Escape to undo,
 * a spreadsheet column pasted, one indicator marked TDI with its reason, a problem and its
 * solution noted — sees capaian live, and everything reaches the server and survives a reload.
 * Then the laporan triwulan: typed text survives a reload and is submitted. Last, the period in a
 * link, on the screen and in the header stay one, and a value refused because its quarter was
 * locked meanwhile is explained briefly in the row and can only be discarded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanAnggaran, HalamanRealisasi } from './pages/realisasi.ts';
import { KlienApi, masukLewatForm } from './pages/rakor.ts';
import { idAlami, idBaru } from '../../src/domain/schemas.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { aturJaringan } from './pages/sinkron.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;
let admin: KlienApi;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
  admin = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

/** Polls the server until `cek` holds for the realisasi records (sync is asynchronous). */
async function tungguServer(cek: (r: Map<string, Record<string, unknown>>) => boolean, timeout = 20_000): Promise<Map<string, Record<string, unknown>>> {
  const akhir = Date.now() + timeout;
  for (;;) {
    const semua = await admin.tarikSemua();
    const peta = new Map((semua.realisasi ?? []).map((r) => [r.id as string, r]));
    if (cek(peta)) return peta;
    if (Date.now() > akhir) throw new Error('server belum menerima perubahan');
    await new Promise((r) => setTimeout(r, 300));
  }
}

describe('Realisasi grid', () => {
  it('keyboard entry, invalid input, Escape, paste, TDI and masalah reach the server and survive a reload', async () => {
    const { page } = br;
    await masukLewatForm(page, srv.url, 'op-dinkes', 'demo12345');
    const r = new HalamanRealisasi(page, srv.url);
    await r.buka({ tahun: 2026, tw: 4 });
    expect(await r.jumlahBaris()).toBeGreaterThanOrEqual(10);
    const id = async (i: number) => idAlami.realisasi(await r.indikatorId(i), 'TW4');

    // Enter moves down and saves; capaian appears live.
    await r.isiBerurutan(0, ['12', '9,5', '91,5']);
    expect(await r.selAktif()).toBe(3);
    expect([await r.nilai(0), await r.nilai(1), await r.nilai(2)]).toEqual(['12', '9,5', '91,5']);
    await r.tungguTersimpan(0);
    expect(await r.capaian(0)).toMatch(/%/);

    // Not a number: kept visible with an Indonesian message, not saved, focus still moves on.
    await r.ketik('abc');
    await r.tekan('Enter');
    expect(await r.nilai(3)).toBe('abc');
    expect(await r.galat(3)).toContain('bukan angka');
    expect(await r.status(3)).toBe('galat');
    // Escape reverts the cell to what is stored (nothing).
    await r.fokus(3);
    await r.tekan('Escape');
    expect(await r.nilai(3)).toBe('');
    expect(await r.galat(3)).toBe('');
    // Shift+Enter goes up; Tab goes to the next cell.
    await r.tekan('Shift+Enter');
    expect(await r.selAktif()).toBe(2);
    await r.tekan('Tab');
    expect(await r.selAktif()).toBe(3);

    // A spreadsheet column fills downward.
    await r.tempel(4, '10\r\n20\r\n30\r\n');
    // Stored locally; the write may wait behind a page of the first sync being applied (~1–2 s).
    await expect.poll(() => r.pesan(), { timeout: 15_000 }).toContain('3 nilai ditempel dan disimpan');
    expect([await r.nilai(4), await r.nilai(5), await r.nilai(6)]).toEqual(['10', '20', '30']);

    // TDI needs a reason; the value cell then shows TDI. Enter visits it (read-only), as a paste
    // keeps its line, so values typed from a paper list do not shift (issue 9 point 8).
    await r.aktifkanTdi(7, 'Data survei BPS belum terbit');
    await expect.poll(() => r.capaian(7)).toContain('TDI');
    await r.fokus(6);
    await r.tekan('Enter');
    expect(await r.selAktif()).toBe(7);
    await r.tekan('Enter');
    expect(await r.selAktif()).toBe(8);

    await r.isiRincian(0, { masalah: 'Pencairan anggaran terlambat', solusi: 'Percepat SPJ' });

    // Everything syncs (online) and is on the server.
    const ids = await Promise.all([0, 1, 2, 4, 5, 6, 7].map(id));
    const server = await tungguServer((m) => ids.every((k) => m.has(k)) && m.get(ids[0]!)?.masalah === 'Pencairan anggaran terlambat');
    expect(ids.map((k) => server.get(k)?.nilai ?? null)).toEqual([12, 9.5, 91.5, 10, 20, 30, null]);
    expect(server.get(ids[6]!)).toMatchObject({ tdi: true, alasanTdi: 'Data survei BPS belum terbit' });
    expect(server.has(await id(3))).toBe(false);
    await r.tungguTersimpan(0, ['tersinkron']);

    // A reload shows the same values (local copy).
    await page.reload();
    await r.sel(0).waitFor();
    expect([await r.nilai(0), await r.nilai(2), await r.nilai(6), await r.nilai(7)]).toEqual(['12', '91,5', '30', 'TDI']);
  });

  it('anggaran: keuangan and fisik with Tab/Enter, live serapan, a fisik above 100 % refused with its message', async () => {
    const { page } = br;
    const a = new HalamanAnggaran(page, srv.url);
    await a.buka({ tahun: 2026, tw: 4 });
    // Plausible cumulative values (docs/domain/kewajaran.md "Anggaran"): TW3's plus a little, within the pagu.
    const angkaDari = (t: string | null) => Number((t ?? '').replace(/[^\d,]/g, '').replace(',', '.'));
    const keuangan = angkaDari(await a.sel(0, 0).getAttribute('placeholder')) + 1_500_000;
    const fisik = Math.min(99.5, Math.floor(angkaDari(await a.sel(0, 1).getAttribute('placeholder'))) + 3.5);
    const teksKeuangan = keuangan.toLocaleString('id-ID');
    const teksFisik = fisik.toLocaleString('id-ID');
    await a.isi(0, 0, teksKeuangan, 'Tab');
    // The keuangan save creates the TW4 record (fisik carried over from TW3); the fisik cell being
    // edited keeps its text — a value landing under the cursor would turn "150" into "51,67150".
    await expect.poll(() => a.teksBaris(0), { timeout: 15_000 }).toMatch(/Tersimpan lokal|Tersinkron/);
    expect(await a.sel(0, 1).inputValue()).toBe('');
    await page.keyboard.press('Control+A');
    await page.keyboard.type('150');
    await page.keyboard.press('Enter');
    await expect.poll(() => a.teksBaris(0)).toContain('Maksimal 100');
    await a.isi(0, 1, teksFisik);
    await expect.poll(() => a.teksBaris(0)).not.toContain('Maksimal 100');
    expect(await a.sel(0, 0).inputValue()).toBe(teksKeuangan);
    expect(await a.sel(0, 1).inputValue()).toBe(teksFisik);
    await expect
      .poll(
        async () =>
          ((await admin.tarikSemua()).realisasiAnggaran ?? []).some(
            (x) => x.tahun === 2026 && x.triwulan === 4 && x.keuangan === keuangan && x.fisik === fisik,
          ),
        { timeout: 20_000 },
      )
      .toBe(true);
  });

  it('laporan triwulan: typed text survives a reload and is submitted', async () => {
    const { page } = br;
    await page.goto(`${srv.url}/#/laporan?tahun=2026&tw=4`);
    const kotak = page.locator('[data-uji="faktorPendorong"]');
    await kotak.waitFor({ timeout: 30_000 });
    await kotak.fill('Dukungan DAK fisik dan kader posyandu aktif');
    await page.reload();
    await kotak.waitFor({ timeout: 30_000 });
    expect(await kotak.inputValue()).toBe('Dukungan DAK fisik dan kader posyandu aktif');
    await page.locator('[data-uji="ajukan"]').click();
    await expect.poll(() => page.locator('[data-uji="status-laporan"]').innerText()).toBe('Diajukan');
    expect(await kotak.getAttribute('readonly')).not.toBeNull();
    await expect
      .poll(
        async () =>
          ((await admin.tarikSemua()).laporan ?? []).find(
            (l) => l.tahun === 2026 && l.triwulan === 4 && l.faktorPendorong === 'Dukungan DAK fisik dan kader posyandu aktif',
          )?.status,
        { timeout: 20_000 },
      )
      .toBe('diajukan');
  });
  it('the header shows the period of a link and moves the grid; a value refused for a lock is summed up in its row and can only be discarded', async () => {
    const { page, context } = br;
    const r = new HalamanRealisasi(page, srv.url);
    // The header on Triwulan III, then a link to Triwulan IV: screen and header both say IV.
    await page.goto(`${srv.url}/#/`);
    await r.pilihPeriodeKepala(2026, 3);
    await r.buka({ tahun: 2026, tw: 4 });
    expect(await r.periodeKepala()).toEqual({ tahun: 2026, tw: 4 });
    expect(await r.periodeTerpilih()).toBe('TW4');
    // The header moves the grid and the address; the grid's buttons move the header.
    await r.pilihPeriodeKepala(2026, 2);
    await expect.poll(() => r.periodeTerpilih()).toBe('TW2');
    expect(page.url()).toMatch(/[?&]tw=2\b/);
    await page.locator('[data-periode="TW4"]').click();
    await expect.poll(async () => (await r.periodeKepala()).tw).toBe(4);

    // A quarter of last year locked in the demo: who and when, with the space before "pada".
    await r.buka({ tahun: 2025, tw: 4 });
    await expect.poll(() => r.bannerKunci().count()).toBe(1);
    expect(await r.bannerKunci().innerText()).toMatch(/dikunci oleh admin pada \d/);

    // Typed offline in Triwulan II 2026; meanwhile the admin locks that quarter.
    await r.buka({ tahun: 2026, tw: 2 });
    const teksSebelum = await r.nilai(0);
    await aturJaringan(context, false);
    await r.fokus(0);
    await r.ketik('15,5');
    await r.tekan('Enter');
    await r.tungguTersimpan(0, ['lokal']);
    const kunci = await admin.push({
      clientId: idBaru(),
      schemaVersion: SCHEMA_VERSION,
      mutations: [
        {
          id: idBaru(),
          seq: 1,
          table: 'kunciPeriode',
          key: idAlami.kunciPeriode(2026, 2),
          op: 'put',
          baseRev: 0,
          at: new Date().toISOString(),
          fields: { tahun: 2026, triwulan: 2, terkunci: true, oleh: 'admin', pada: new Date().toISOString() },
        },
      ],
    });
    expect(kunci.results[0]?.status).toBe('applied');
    await aturJaringan(context, true);
    await r.tungguTersimpan(0, ['ditolak'], 30_000);

    // The row says it in two words; the whole reason is its tooltip and is read to screen readers.
    const alasan = /^Periode Triwulan II tahun 2026 sudah dikunci oleh admin; .*koreksi\.$/;
    const st = await r.alasanStatus(0);
    expect(st.singkat).toBe('Periode dikunci');
    expect(st.tooltip).toMatch(alasan);
    expect(st.lengkap).toMatch(alasan);
    const tombol = r.tombolStatus(0);
    expect(await tombol.innerText()).toBe('Tinjau');
    expect(await page.locator(`#${await tombol.getAttribute('aria-describedby')}`).textContent()).toMatch(alasan);
    // One short line, not the reason wrapped over the row.
    const kotak = await r.baris(0).locator('[data-uji="alasan-singkat"]').boundingBox();
    expect(kotak!.height).toBeLessThan(20);
    expect((await r.baris(0).boundingBox())!.height).toBeLessThan(120);

    // The panel: the reason once, one full stop, and only discarding on offer.
    await tombol.click();
    const tolak = r.penolakan();
    const teks = (await tolak.innerText()).replace(/\s+/g, ' ');
    expect(teks).toContain('bila perlu koreksi. Nilai ini tidak dapat dikirim selama periode dikunci.');
    expect(teks).not.toMatch(/\.\./);
    expect(teks).not.toMatch(/Perbaiki/);
    await tolak.locator('[data-uji="buang"]').click();
    await expect.poll(() => r.nilai(0), { timeout: 15_000 }).toBe(teksSebelum);
    await expect.poll(() => r.status(0)).not.toBe('ditolak');
  });
});
