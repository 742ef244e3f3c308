/**
 * Bukti dukung stories of issue 15 ("Tests"; docs/bukti-dukung.md), in Debian Chromium against the
 * real server:
 *
 * 1. An operator's tablet, offline, attaches a generated PNG to a realisasi: it shows "tersimpan
 *    lokal" with its thumbnail, and still does after a reload (from the service worker). Online
 *    again, the upload completes by itself ("terkirim"), the server holds the same bytes, and a second
 *    tablet (Bappeda) sees the file with its thumbnail from the server and accepts it.
 * 2. A text file named .jpg goes out and comes back "ditolak" with the server's Indonesian reason;
 *    a GIF is refused on the tablet itself.
 *    Bappeda's tablet pulled the thumbnail with the records (before the panel was opened); it marks
 *    the file "Simpan untuk luring", goes offline and still sees the thumbnail and opens the full
 *    file; unmarking frees the copy.
 * 3. An upload cut half way by a proxy resumes from the server's offset: the second PATCH starts
 *    where the first stopped, and the bytes sent in all are the file plus nothing resent.
 */
import { createHash } from 'node:crypto';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buatPng } from '../bantu/png.ts';
import { describe, expect, it } from 'vitest';
import { duniaTablet } from './pages/tablet.ts';
import { HalamanRealisasi } from './pages/realisasi.ts';
import { masukLewatForm } from './pages/rakor.ts';
import { aturJaringan, bacaLokal, tungguServiceWorker, tungguTarikanAwal } from './pages/sinkron.ts';
import { PanelBukti } from './pages/bukti.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import type { Page } from 'playwright-core';

const SANDI = 'demo12345';
const SABAR = { timeout: 60_000, interval: 250 };
const dunia = duniaTablet('bukti');
const browser = () => dunia.browser();

/** A real PNG (w×h, RGB gradient): small enough to be kept as it is (no recompression). */
function png(w: number, h: number): Buffer {
  const baris: Buffer[] = [];
  for (let y = 0; y < h; y++) {
    const b = Buffer.alloc(1 + w * 3);
    for (let x = 0; x < w; x++) b.set([(x * 4) & 255, (y * 4) & 255, 128], 1 + x * 3);
    baris.push(b);
  }
  return buatPng(w, h, Buffer.concat(baris));
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function unduh(hash: string): Promise<{ status: number; isi: Buffer }> {
  const r = await fetch(`${dunia.srv.url}/api/v1/berkas/${hash}`, { headers: { authorization: `Bearer ${dunia.admin.token}` } });
  return { status: r.status, isi: Buffer.from(await r.arrayBuffer()) };
}

async function opdDinkes(): Promise<string> {
  const opd = ((await dunia.admin.tarikSemua()).opd ?? []).find((o) => String(o.singkatan).toLowerCase() === 'dinkes');
  if (!opd) throw new Error('Dinas Kesehatan tidak ada di data demo');
  return opd.id as string;
}

async function masukSiap(page: Page, url: string, username: string, password: string): Promise<void> {
  await masukLewatForm(page, url, username, password);
  await tungguServiceWorker(page);
  await tungguTarikanAwal(page, url);
}

describe('Bukti dukung', { timeout: 300_000 }, () => {
  it('a photo attached offline survives a reload, uploads when the network returns, and another tablet sees and verifies it', async () => {
    const foto = png(64, 48);
    const { context, page } = await browser();
    await masukSiap(page, dunia.srv.url, 'op-dinkes', SANDI);
    await aturJaringan(context, false);
    const jawab = await page.reload();
    expect(jawab?.fromServiceWorker()).toBe(true);

    const r = new HalamanRealisasi(page, dunia.srv.url);
    await r.buka({ tahun: 2026, tw: 4 });
    const indikator = await r.indikatorId(0);
    await r.bukaRincian(0);
    const bukti = new PanelBukti(page);
    await bukti.lampirkan([{ name: 'kegiatan-posyandu.png', mimeType: 'image/png', buffer: foto }]);
    await expect.poll(() => bukti.statusUnggah('kegiatan-posyandu.png'), SABAR).toBe('tersimpan lokal');
    await expect.poll(() => bukti.pratinjauTampil('kegiatan-posyandu.png'), SABAR).toBe(true);
    expect(await bukti.penyimpanan()).toMatch(/Berkas bukti di perangkat ini: \d+ KB \(1 menunggu dikirim\)/);
    // Blob, record and outbox entry are on the device.
    expect((await bacaLokal(page, 'berkasLokal')).map((b) => b.hash)).toEqual([sha(foto)]);
    expect((await bacaLokal(page, 'outbox')).map((m) => m.table)).toEqual(['realisasi', 'buktiDukung']);
    await page.screenshot({ path: '/tmp/bukti-1-luring.png' });

    // Closed and reopened, still offline: the file is still there, still waiting.
    await page.reload();
    await r.sel(0).waitFor();
    await r.bukaRincian(0);
    await expect.poll(() => bukti.statusUnggah('kegiatan-posyandu.png'), SABAR).toBe('tersimpan lokal');
    expect(await (await unduh(sha(foto))).status).toBe(404);

    // Online: record sync and upload run by themselves.
    await aturJaringan(context, true);
    await expect.poll(() => bukti.statusUnggah('kegiatan-posyandu.png'), SABAR).toBe('terkirim');
    const d = await unduh(sha(foto));
    expect(d.status).toBe(200);
    expect(d.isi.equals(foto)).toBe(true);
    const idReal = idAlami.realisasi(indikator, 'TW4');
    await expect
      .poll(async () => ((await dunia.admin.tarikSemua()).buktiDukung ?? []).filter((b) => b.recordId === idReal).map((b) => [b.hash, b.status]), SABAR)
      .toEqual([[sha(foto), 'menunggu']]);
    await page.screenshot({ path: '/tmp/bukti-2-terkirim.png' });

    // Bappeda's tablet: the file and its thumbnail come from the server; accepting it reaches the operator.
    const b = await browser();
    await masukSiap(b.page, dunia.srv.url, 'admin', dunia.srv.adminPassword);
    const rb = new HalamanRealisasi(b.page, dunia.srv.url);
    await rb.buka({ opd: await opdDinkes(), tahun: 2026, tw: 4 });
    expect(await rb.indikatorId(0)).toBe(indikator);
    await rb.bukaRincian(0);
    const buktiB = new PanelBukti(b.page);
    await expect.poll(() => buktiB.statusUnggah('kegiatan-posyandu.png'), SABAR).toBe('di server');
    await expect.poll(() => buktiB.pratinjauTampil('kegiatan-posyandu.png'), SABAR).toBe(true);
    await buktiB.verifikasi('kegiatan-posyandu.png', 'terima', 'Foto jelas');
    await expect.poll(() => bukti.statusVerifikasi('kegiatan-posyandu.png'), SABAR).toBe('diterima: Foto jelas');
    await b.page.screenshot({ path: '/tmp/bukti-3-diverifikasi.png' });

    // Thumbnails are pulled with the records: the server's WebP is on Bappeda's device; the full file is not.
    await expect.poll(async () => (await bacaLokal(b.page, 'pratinjauLokal')).map((p) => p.hash), SABAR).toContain(sha(foto));
    expect(await bacaLokal(b.page, 'berkasLuring')).toEqual([]);
    // "Simpan untuk luring": the full file is kept; offline, the thumbnail and the file still open.
    expect(await buktiB.luring('kegiatan-posyandu.png')).toBe(false);
    await buktiB.aturLuring('kegiatan-posyandu.png');
    await expect.poll(() => buktiB.luring('kegiatan-posyandu.png'), SABAR).toBe(true);
    expect((await bacaLokal(b.page, 'berkasLuring')).map((x) => [x.hash, x.ukuran])).toEqual([[sha(foto), foto.length]]);
    await expect.poll(() => buktiB.penyimpanan(), SABAR).toMatch(/disimpan untuk luring \d+ KB/);
    await aturJaringan(b.context, false);
    await b.page.reload();
    await rb.sel(0).waitFor();
    await rb.bukaRincian(0);
    await expect.poll(() => buktiB.pratinjauTampil('kegiatan-posyandu.png'), SABAR).toBe(true);
    const tab = b.context.waitForEvent('page');
    await buktiB.buka('kegiatan-posyandu.png');
    expect((await tab).url()).toMatch(/^blob:/);
    expect(await buktiB.panel.locator('[role="alert"]').count()).toBe(0);
    await b.page.screenshot({ path: '/tmp/bukti-4-luring.png' });
    // Unmarked (offline too): the copy is freed.
    await buktiB.aturLuring('kegiatan-posyandu.png');
    await expect.poll(() => buktiB.luring('kegiatan-posyandu.png'), SABAR).toBe(false);
    expect(await bacaLokal(b.page, 'berkasLuring')).toEqual([]);
    await aturJaringan(b.context, true);
  });

  it('a file that is not what its name says is refused by the server, and the tablet shows why', async () => {
    const { page } = await browser();
    await masukLewatForm(page, dunia.srv.url, 'op-dinkes', SANDI);
    await tungguTarikanAwal(page, dunia.srv.url);
    const r = new HalamanRealisasi(page, dunia.srv.url);
    await r.buka({ tahun: 2026, tw: 4 });
    await r.bukaRincian(2);
    const bukti = new PanelBukti(page);
    const palsu = Buffer.from('<html><body>bukan foto</body></html>');
    await bukti.lampirkan([{ name: 'foto-palsu.jpg', mimeType: 'image/jpeg', buffer: palsu }]);
    await expect.poll(() => bukti.statusUnggah('foto-palsu.jpg'), SABAR).toBe('ditolak: Jenis berkas tidak diterima: hanya foto JPEG/PNG, PDF, XLSX atau DOCX');
    expect((await unduh(sha(palsu))).status).toBe(404);
    // A GIF is refused on the tablet already, with the reason.
    await bukti.lampirkan([{ name: 'animasi.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') }]);
    await expect.poll(() => bukti.panel.locator('[role="alert"]').innerText(), SABAR).toMatch(/animasi\.gif: jenis berkas tidak diterima/);
  });

  it('an upload cut half way by a proxy resumes from the offset the server kept', async () => {
    // A proxy in front of the server that cuts the first PATCH after half of its body.
    const patch: { req: unknown; offset: number; byte: number; status?: number }[] = [];
    let potong = true;
    const tujuan = new URL(dunia.srv.url);
    const proxy: Server = createServer((req, res) => {
      const up = request({ host: tujuan.hostname, port: tujuan.port, method: req.method, path: req.url, headers: req.headers }, (ur) => {
        if (req.method === 'PATCH') patch.find((p) => p.req === req)!.status = ur.statusCode;
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      });
      up.on('error', () => res.destroy());
      if (req.method !== 'PATCH') {
        req.pipe(up);
        return;
      }
      const catat: (typeof patch)[number] = { req, offset: Number(req.headers['upload-offset']), byte: 0 };
      patch.push(catat);
      const panjang = Number(req.headers['content-length'] ?? 0);
      const batas = potong ? Math.floor(panjang / 2) : Infinity;
      req.on('data', (c: Buffer) => {
        const sisa = batas - catat.byte;
        if (sisa <= 0) return;
        const bagian = c.subarray(0, Math.min(c.length, sisa));
        catat.byte += bagian.length;
        up.write(bagian);
        if (catat.byte >= batas) {
          potong = false;
          // The link drops: both sides see the connection die mid-body.
          setTimeout(() => {
            up.destroy();
            req.socket.destroy();
          }, 200);
        }
      });
      req.on('end', () => up.end());
    });
    await new Promise<void>((ok) => proxy.listen(0, '127.0.0.1', ok));
    const urlProxy = `http://localhost:${(proxy.address() as AddressInfo).port}`;
    try {
      // A scanned letter: a PDF of 800 KB (documents are sent as they are).
      const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(800 * 1024, 'x'), Buffer.from('\n%%EOF\n')]);
      const { page } = await browser();
      await masukLewatForm(page, urlProxy, 'op-dinkes', SANDI);
      await tungguTarikanAwal(page, urlProxy);
      const r = new HalamanRealisasi(page, urlProxy);
      await r.buka({ tahun: 2026, tw: 4 });
      await r.bukaRincian(1);
      const bukti = new PanelBukti(page);
      await bukti.lampirkan([{ name: 'surat-pindai.pdf', mimeType: 'application/pdf', buffer: pdf }]);
      await expect.poll(() => bukti.statusUnggah('surat-pindai.pdf'), SABAR).toBe('terkirim');
      const d = await unduh(sha(pdf));
      expect(d.status).toBe(200);
      expect(d.isi.equals(pdf)).toBe(true);
      // The first PATCH was cut after half. Chromium may resend it at once on a fresh connection (its
      // retry of a request on a closed keep-alive socket): the server refuses that with 409, storing
      // nothing. tus-js-client then asks the offset (HEAD) and sends only the rest.
      const [pertama, ...lain] = patch;
      const separuh = Math.floor(pdf.length / 2);
      expect(pertama).toMatchObject({ offset: 0, byte: separuh });
      expect(pertama!.status).toBeUndefined();
      const akhir = lain.at(-1)!;
      expect(akhir).toMatchObject({ offset: separuh, byte: pdf.length - separuh, status: 204 });
      // A resend in between is refused (409) or, when the browser gives it up while the proxy is
      // still cutting the first connection, ends with no answer at all. Either way it stored nothing:
      // the last PATCH still starts at the half the server kept.
      for (const p of lain.slice(0, -1)) expect([409, undefined]).toContain(p.status);
      // Bytes the server stored: the half before the cut plus the rest, nothing twice.
      expect(pertama!.byte + akhir.byte).toBe(pdf.length);
    } finally {
      // Keep-alive sockets and the event stream would hold close() open.
      proxy.closeAllConnections();
      await new Promise<void>((ok) => proxy.close(() => ok()));
    }
  });
});
