/**
 * Story (issue 11): a fresh installation with six OPDs of which only Dinkes holds a PK (98 %, 90 %,
 * 100 % and one TDI). The chair runs the Triwulan III rakor from a tablet:
 *  - the Layar at 1920×1080 lists every OPD with its state, driven only by touch (tap on the
 *    on-screen buttons, swipe, the slide list); every slide's content fits (nothing clipped) and each
 *    slide is saved as an image to look at;
 *  - an arahan recorded during the meeting appears on the live "Arahan rapat ini" slide;
 *  - axe-core finds no serious or critical violation on the Layar (contrast 7:1: color-contrast-enhanced)
 *    nor on any screen at 1280×800, and every control there is at least 44×44 px;
 *  - Dinkes' slide shows the strip of its quarter's evidence pictures: thumbnails the server made
 *    and the tablet pulled with the records; the Anggaran screen's evidence panel of a programme
 *    shows its file with the server's thumbnail (issue 15 points 1, 3, 5).
 * Sources: docs/domain/rakor.md §Layar, §Keadaan; docs/bukti-dukung.md "Layar", "Pratinjau di
 * tablet"; WCAG 2.2 (1.4.3, 1.4.6, 2.5.8).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { createRequire } from 'node:module';
import type { CDPSession, Page } from 'playwright-core';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { KlienApi, masukLewatForm, tungguSalinanLokal } from './pages/rakor.ts';
import { idAlami, idBaru } from '../../src/domain/schemas.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;
let admin: KlienApi;
const DIR = '/tmp/layar-e2e';
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const PEJABAT = { nama: 'Dr. Rina', nip: '', jabatan: 'Kepala', pangkat: '' };
const OPD = [
  ['1.02', 'Dinas Kesehatan', 'Dinkes', 'dinas'],
  ['1.01', 'Dinas Pendidikan', 'Disdik', 'dinas'],
  ['1.03', 'Dinas Pekerjaan Umum', 'DPU', 'dinas'],
  ['4.01', 'Sekretariat Daerah', 'Setda', 'sekretariat'],
  ['7.01', 'Kecamatan Utara', 'Kec. Utara', 'kecamatan'],
  ['7.02', 'Kecamatan Selatan', 'Kec. Selatan', 'kecamatan'],
] as const;
const opdId = OPD.map(() => idBaru());
const program = idBaru();

/** A photo-like JPEG (a gradient) sent with tus in one PATCH as the admin; returns its hash and size. */
async function unggahFoto(url: string, token: string, warna: [number, number, number], pemilik: { tabel: string; recordId: string; opdId: string }) {
  const [r, g, b] = warna;
  const lebar = 800;
  const tinggi = 600;
  const px = Buffer.alloc(lebar * tinggi * 3);
  for (let y = 0; y < tinggi; y++)
    for (let x = 0; x < lebar; x++) {
      const i = (y * lebar + x) * 3;
      px[i] = (r + x / 4) & 255;
      px[i + 1] = (g + y / 4) & 255;
      px[i + 2] = b;
    }
  const isi = await sharp(px, { raw: { width: lebar, height: tinggi, channels: 3 } })
    .jpeg({ quality: 80 })
    .toBuffer();
  const hash = createHash('sha256').update(isi).digest('hex');
  const meta = Object.entries({ hash, nama: `kegiatan-${hash.slice(0, 6)}.jpg`, ...pemilik })
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');
  const auth = { Authorization: `Bearer ${token}`, 'Tus-Resumable': '1.0.0' };
  const buat = await fetch(`${url}/api/v1/berkas/unggah`, {
    method: 'POST',
    headers: { ...auth, 'Upload-Length': String(isi.length), 'Upload-Metadata': meta },
  });
  expect(buat.status).toBe(201);
  const kirim = await fetch(`${url}${buat.headers.get('Location')}`, {
    method: 'PATCH',
    headers: { ...auth, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    body: new Uint8Array(isi),
  });
  expect(kirim.status).toBe(204);
  return { hash, nama: `kegiatan-${hash.slice(0, 6)}.jpg`, mime: 'image/jpeg', ukuran: isi.length, ...pemilik };
}
let seq = 0;
const clientId = idBaru();
const mutasi = (table: string, key: string, fields: Record<string, unknown>) => ({
  id: idBaru(),
  seq: ++seq,
  table,
  key,
  op: 'put',
  fields,
  baseRev: 0,
  at: new Date().toISOString(),
});

beforeAll(async () => {
  srv = await mulaiServer();
  admin = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
  const pk = idBaru();
  const sas = idBaru();
  const ind = [idBaru(), idBaru(), idBaru(), idBaru()];
  const m = [
    mutasi('pemda', idBaru(), { nama: 'Kabupaten Uji Baru', jenis: 'kabupaten', kepalaDaerah: { ...PEJABAT, jabatan: 'Bupati' } }),
    ...OPD.map(([kode, nama, singkatan, jenis], i) => mutasi('opd', opdId[i]!, { kode, nama, singkatan, jenis, kepala: PEJABAT, urutan: i + 1 })),
    mutasi('pk', pk, { opdId: opdId[0], tahun: 2026, versi: 1, tanggal: '2026-01-05', tanggalMulai: '2026-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
    mutasi('sasaran', sas, { pkId: pk, opdId: opdId[0], uraian: 'Meningkatnya derajat kesehatan masyarakat' }),
    mutasi('program', program, { pkId: pk, opdId: opdId[0], nama: 'Program Pemenuhan Upaya Kesehatan', pagu: 1_500_000_000, targetFisik: 100 }),
    ...ind.map((id, i) =>
      mutasi('indikator', id, {
        sasaranId: sas,
        pkId: pk,
        opdId: opdId[0],
        uraian: `Indikator kesehatan ${i + 1}`,
        satuan: '%',
        polaritas: 'naik',
        agregasi: 'akhir',
        targetTahunan: 100,
        // Quarterly targets (s.d. each quarter) make these point-in-time indicators due at TW III;
        // without them TW I–III only show progress, outside the score (docs/domain/target-capaian.md §Triwulan).
        targetTriwulan: [100, 100, 100, 100],
        urutan: i,
      }),
    ),
    ...[98, 90, 100].map((nilai, i) =>
      mutasi('realisasi', idAlami.realisasi(ind[i]!, 'TW3'), { indikatorId: ind[i], opdId: opdId[0], tahun: 2026, periode: 'TW3', nilai }),
    ),
    mutasi('realisasi', idAlami.realisasi(ind[3]!, 'TW3'), {
      indikatorId: ind[3],
      opdId: opdId[0],
      tahun: 2026,
      periode: 'TW3',
      tdi: true,
      alasanTdi: 'Data survei belum tersedia',
    }),
    mutasi('rakor', idAlami.rakor(2026, 3), {
      tahun: 2026,
      triwulan: 3,
      tanggal: '2026-10-20',
      tempat: 'Aula Bappeda',
      pimpinan: { ...PEJABAT, jabatan: 'Sekretaris Daerah' },
    }),
  ];
  const r = await admin.push({ clientId, schemaVersion: SCHEMA_VERSION, mutations: m });
  expect(r.results.map((x) => x.status)).toEqual(m.map(() => 'applied'));
  // The PK is signed after its contents exist (a signed PK freezes them).
  const r2 = await admin.push({ clientId, schemaVersion: SCHEMA_VERSION, mutations: [{ ...mutasi('pk', pk, { status: 'ditandatangani' }), baseRev: 1 }] });
  void r2;
  // Evidence of Dinkes' TW III: a photo for a realisasi and one for the programme's anggaran realisasi,
  // uploaded (the server makes their thumbnails) and named by buktiDukung records.
  const idAnggaran = idAlami.realisasiAnggaran(program, 3);
  const r3 = await admin.push({
    clientId,
    schemaVersion: SCHEMA_VERSION,
    mutations: [mutasi('realisasiAnggaran', idAnggaran, { programId: program, opdId: opdId[0], tahun: 2026, triwulan: 3, keuangan: 600_000_000, fisik: 45 })],
  });
  expect(r3.results[0]?.status).toBe('applied');
  const fotoReal = await unggahFoto(srv.url, admin.token, [40, 120, 60], { tabel: 'realisasi', recordId: idAlami.realisasi(ind[0]!, 'TW3'), opdId: opdId[0]! });
  const fotoAngg = await unggahFoto(srv.url, admin.token, [200, 90, 30], { tabel: 'realisasiAnggaran', recordId: idAnggaran, opdId: opdId[0]! });
  const r4 = await admin.push({
    clientId,
    schemaVersion: SCHEMA_VERSION,
    mutations: [mutasi('buktiDukung', idBaru(), fotoReal), mutasi('buktiDukung', idBaru(), fotoAngg)],
  });
  expect(r4.results.map((x) => x.status)).toEqual(['applied', 'applied']);
  br = await bukaBrowser({ viewport: { width: 1920, height: 1080 } });
  mkdirSync(DIR, { recursive: true });
}, 180_000);
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

async function axe(page: Page, aturan: string[] = []): Promise<string[]> {
  await page.evaluate(AXE);
  return page.evaluate(async (tambah) => {
    const w = window as unknown as {
      axe: { run: (ctx: unknown, o: unknown) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }> };
    };
    const hasil = await w.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', ...tambah] } });
    return hasil.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id}: ${v.nodes
            .slice(0, 3)
            .map((n) => n.target.join(' '))
            .join(', ')}`,
      );
  }, aturan);
}

/** Touch: tap and horizontal swipe through CDP touch events (what a tablet's finger sends). */
async function sentuh(cdp: CDPSession, x: number, y: number, keX = x): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y }] });
  for (let i = 1; i <= 5; i++) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x: x + ((keX - x) * i) / 5, y }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
}
async function pusat(page: Page, testId: string): Promise<{ x: number; y: number }> {
  const b = (await page.getByTestId(testId).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}
const nomor = async (page: Page) => (await page.getByTestId('layar-nomor').innerText()).trim();

describe('Rakor on a fresh installation: every OPD on the Layar, by touch', () => {
  it('shows all six OPDs with their state and walks every slide by tap and swipe, nothing clipped', async () => {
    const page = br.page;
    await masukLewatForm(page, srv.url, 'admin', srv.adminPassword);
    await tungguSalinanLokal(page, { opd: 6, realisasi: 4, rakor: 1 });
    await page.goto(`${srv.url}/#/layar?tahun=2026&tw=3`);
    await page.getByTestId('nilai-rata-capaian').waitFor({ timeout: 60_000 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setTouchEmulationEnabled', { enabled: true, maxTouchPoints: 5 });

    // Ringkasan: 6 perangkat daerah, five without a PK; Dinkes 98+90+100+0 = 72 → "72 % Sedang".
    expect(await page.getByTestId('jumlah-opd').innerText()).toMatch(/^6 perangkat daerah dan kecamatan/);
    expect(await page.getByTestId('keadaan-belum-ada-pk').innerText()).toBe('5');
    expect(await page.getByTestId('layar-legenda').innerText()).toMatch(/TDI dan kosong = 0/);
    expect(await page.getByTestId('layar-jeda-tombol').innerText()).toBe('Jeda');
    await sentuh(cdp, ...(Object.values(await pusat(page, 'layar-jeda-tombol')) as [number, number]));
    expect(await page.getByTestId('layar-jeda').isVisible()).toBe(true);

    const total = Number((await nomor(page)).split('/')[1]);
    const dilihat = new Set<string>();
    const terpotong: string[] = [];
    for (let i = 1; i <= total; i++) {
      expect(await nomor(page)).toBe(`${i} / ${total}`);
      await page.screenshot({ path: `${DIR}/slide-${String(i).padStart(2, '0')}.png` });
      const opd = await page
        .getByTestId('slide-opd')
        .getAttribute('data-opd', { timeout: 200 })
        .catch(() => null);
      if (opd) dilihat.add(opd);
      // Nothing clipped: every block's content fits its box.
      terpotong.push(
        ...(
          await page.evaluate(() =>
            [...document.querySelectorAll<HTMLElement>('[data-testid=layar-isi], [data-testid=blok-kiri], [data-testid=blok-kanan]')]
              .filter((el) => el.scrollHeight > el.clientHeight + 1)
              .map((el) => `${el.dataset.testid}: ${el.scrollHeight} > ${el.clientHeight}`),
          )
        ).map((x) => `slide ${i}: ${x}`),
      );
      if (i < total) {
        const { x, y } = await pusat(page, 'layar-berikutnya');
        await sentuh(cdp, x, y);
      }
    }
    expect(terpotong).toEqual([]);
    expect([...dilihat].sort()).toEqual(OPD.map((o) => o[2]).sort());

    // A swipe to the right goes back one slide, a swipe to the left forward.
    const isi = await pusat(page, 'layar-isi');
    await sentuh(cdp, isi.x, isi.y, isi.x + 400);
    expect(await nomor(page)).toBe(`${total - 1} / ${total}`);
    await sentuh(cdp, isi.x, isi.y, isi.x - 400);
    expect(await nomor(page)).toBe(`${total} / ${total}`);

    // The slide list jumps anywhere; the OPD slides show their state.
    await sentuh(cdp, ...(Object.values(await pusat(page, 'layar-daftar')) as [number, number]));
    await page
      .getByTestId('layar-daftar-slide')
      .getByRole('button', { name: /Kec\. Selatan/ })
      .click();
    expect(await page.getByTestId('slide-opd').getAttribute('data-opd')).toBe('Kec. Selatan');
    expect(await page.getByTestId('keadaan-opd').innerText()).toBe('Belum ada PK');
    await page.getByTestId('layar-daftar').click();
    await page
      .getByTestId('layar-daftar-slide')
      .getByRole('button', { name: /Dinkes/ })
      .click();
    expect(await page.getByTestId('capaian-opd').innerText()).toBe('72 %');
    expect(await page.getByTestId('kelengkapan-opd').innerText()).toBe('Terisi 4 dari 4 indikator');
    // The evidence strip: both pictures of the quarter, decoded from the thumbnails pulled to the device.
    await page.waitForFunction(
      () => {
        const img = [...document.querySelectorAll<HTMLImageElement>('[data-testid=strip-gambar]')];
        return img.length === 2 && img.every((i) => i.complete && i.naturalWidth > 0);
      },
      undefined,
      { timeout: 30_000 },
    );
    // They are the server's 320 px thumbnails kept in IndexedDB, not the full photos.
    expect(await page.locator('[data-testid=strip-gambar]').evaluateAll((els) => els.map((e) => (e as HTMLImageElement).naturalWidth))).toEqual([320, 320]);
    expect(
      await page.evaluate(async () => {
        const req = indexedDB.open((await indexedDB.databases()).map((d) => d.name!).find((n) => n.startsWith('pantau-kinerja-'))!);
        const db = await new Promise<IDBDatabase>((ok) => (req.onsuccess = () => ok(req.result)));
        const semua = await new Promise<{ blob: Blob | null }[]>((ok) => {
          const q = db.transaction('pratinjauLokal').objectStore('pratinjauLokal').getAll();
          q.onsuccess = () => ok(q.result as { blob: Blob | null }[]);
        });
        db.close();
        return semua.map((p) => p.blob?.type);
      }),
    ).toEqual(['image/webp', 'image/webp']);
    // Nothing clipped on the slide with the strip either.
    expect(
      await page.evaluate(
        () =>
          [...document.querySelectorAll<HTMLElement>('[data-testid=blok-kiri], [data-testid=blok-kanan]')].filter((el) => el.scrollHeight > el.clientHeight + 1)
            .length,
      ),
    ).toBe(0);
    await page.screenshot({ path: `${DIR}/dinkes.png` });
    // Another OPD's slide has no strip (no evidence).
    await page.getByTestId('layar-daftar').click();
    await page
      .getByTestId('layar-daftar-slide')
      .getByRole('button', { name: /Disdik/ })
      .click();
    expect(await page.getByTestId('strip-bukti').count()).toBe(0);
    await page.getByTestId('layar-daftar').click();
    await page
      .getByTestId('layar-daftar-slide')
      .getByRole('button', { name: /Dinkes/ })
      .click();

    // Contrast 7:1 on the Layar (color-contrast-enhanced) and no other serious violation.
    expect(await axe(page, ['wcag2aaa'])).toEqual([]);
  }, 240_000);

  it("an arahan recorded in the meeting appears on the live 'Arahan rapat ini' slide", async () => {
    const page = br.page;
    await page.getByTestId('layar-daftar').click();
    await page
      .getByTestId('layar-daftar-slide')
      .getByRole('button', { name: /Arahan rapat ini/ })
      .click();
    expect(await page.getByTestId('slide-arahan').innerText()).toMatch(/Belum ada arahan/);
    const r = await admin.push({
      clientId,
      schemaVersion: SCHEMA_VERSION,
      mutations: [
        mutasi('arahan', idBaru(), {
          rakorId: idAlami.rakor(2026, 3),
          opdId: null,
          uraian: 'Seluruh perangkat daerah menyusun PK paling lambat akhir bulan',
          batasWaktu: '2026-12-31',
        }),
      ],
    });
    expect(r.results[0]?.status).toBe('applied');
    await page.getByTestId('arahan-layar').filter({ hasText: 'menyusun PK paling lambat' }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: `${DIR}/arahan-ini.png` });
  }, 60_000);

  it('every screen at 1280×800: no serious axe violation and every control at least 44×44 px', async () => {
    const page = br.page;
    await page.setViewportSize({ width: 1280, height: 800 });
    const layar = ['#/', '#/pk', '#/realisasi', '#/anggaran', '#/laporan', '#/rakor', '#/evaluasi', '#/pk-impor', '#/opd', '#/sinkron', '#/pengaturan'];
    const salah: string[] = [];
    for (const h of layar) {
      // The Anggaran screen with Dinkes' programme's evidence panel open (issue 15 point 1).
      await page.goto(`${srv.url}/${h === '#/anggaran' ? `#/anggaran?opd=${opdId[0]}&tahun=2026&tw=3` : h}`);
      if (h === '#/anggaran') await bukaPanelAnggaran(page);
      await page.waitForTimeout(1500);
      await page.screenshot({ path: `${DIR}/layar-${h.replace(/[#/]/g, '') || 'beranda'}.png`, fullPage: true });
      salah.push(...(await axe(page)).map((x) => `${h} ${x}`));
      const kecil = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('button, select, input:not([type=hidden]), textarea, summary, a.tombol, nav a, [role=button], td a, th a')]
          // Visually hidden controls (.sr-only, e.g. a file input inside its label button) are not targets: their label is.
          .filter((el) => el.offsetParent !== null && !el.closest('[inert]') && !el.classList.contains('sr-only'))
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.width < 43.5 || r.height < 43.5))
          .map(
            ({ el, r }) =>
              `${el.tagName.toLowerCase()} "${(el.textContent || el.getAttribute('aria-label') || '').trim().slice(0, 30)}" ${Math.round(r.width)}×${Math.round(r.height)}`,
          ),
      );
      salah.push(...kecil.map((x) => `${h} sentuh: ${x}`));
    }
    expect(salah).toEqual([]);
    await page.setViewportSize({ width: 1920, height: 1080 });
    await page.goto(`${srv.url}/#/anggaran?opd=${opdId[0]}&tahun=2026&tw=3`);
    await bukaPanelAnggaran(page);
    // Attaching from the Anggaran panel: stored with the programme's quarter, uploaded by itself.
    const scan = await sharp({ create: { width: 120, height: 80, channels: 3, background: '#48c' } })
      .png()
      .toBuffer();
    await page.locator('[data-uji="bukti-dukung"] [data-uji="pilih-berkas"]').setInputFiles([{ name: 'kwitansi.png', mimeType: 'image/png', buffer: scan }]);
    const berkasBaru = page.locator('[data-uji="bukti-dukung"] [data-uji="berkas"]', { hasText: 'kwitansi.png' });
    await expect.poll(() => berkasBaru.locator('[data-uji="status-unggah"]').innerText(), { timeout: 60_000 }).toBe('terkirim');
    expect(await page.locator('[data-uji="buka-bukti"]').first().innerText()).toBe('Bukti (2)');
    const diServer = await fetch(`${srv.url}/api/v1/berkas/${createHash('sha256').update(scan).digest('hex')}`, {
      headers: { authorization: `Bearer ${admin.token}` },
    });
    expect(Buffer.from(await diServer.arrayBuffer()).equals(scan)).toBe(true);
    // The record reaches the server with the next sync (it never waits for the file, nor the file for it).
    await expect
      .poll(
        async () =>
          ((await admin.tarikSemua()).buktiDukung ?? [])
            .filter((b) => b.tabel === 'realisasiAnggaran')
            .map((b) => String(b.nama))
            .sort(),
        {
          timeout: 60_000,
        },
      )
      .toEqual([expect.stringMatching(/^kegiatan-/), 'kwitansi.png']);
    await page.screenshot({ path: `${DIR}/anggaran-bukti-1920.png` });
  }, 300_000);
});

/** Opens the first programme's evidence panel on the Anggaran screen and waits for its file's thumbnail. */
async function bukaPanelAnggaran(page: Page): Promise<void> {
  const tombol = page.locator('[data-uji="buka-bukti"]').first();
  await tombol.waitFor({ timeout: 30_000 });
  // The count follows the evidence records as the sync stores them (the pull worker's commits reach
  // the screen's live query a moment later), so it is waited for, not read once.
  await expect.poll(() => tombol.innerText(), { timeout: 30_000 }).toBe('Bukti (1)');
  await tombol.click();
  const img = page.locator('[data-uji="bukti-dukung"] [data-uji="pratinjau"]');
  await img.waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => {
    const i = document.querySelector<HTMLImageElement>('[data-uji="bukti-dukung"] [data-uji="pratinjau"]');
    return !!i && i.complete && i.naturalWidth === 320;
  });
  expect(await page.locator('[data-uji="bukti-dukung"] [data-uji="simpan-luring"]').getAttribute('aria-pressed')).toBe('false');
}
