/**
 * A 3 MB camera photo as bukti dukung over a weak link (issue 15 "Benchmark"; docs/bukti-dukung.md):
 * the operator attaches it in the Realisasi detail panel through a counting proxy with Chromium's
 * network emulated at 400 kbit/s and 400 ms round trip (CDP). Reported: the size picked, the size
 * after compression in the browser, every byte the tablet sent while uploading (the upload and
 * the record sync beside it), and the time from attaching until the tablet shows "terkirim".
 * Budgets: at most the compressed size + 3 % + 16 KB (no byte sent twice, little protocol and sync
 * overhead), and takes at most 1.25 × the link's time for the compressed bytes + 4 s (compression,
 * the HEAD check, creation and the round trips).
 */
import { atMost, chromiumMissing, round, type Benchmark } from './lib/bench.ts';
import { countingProxy } from './lib/counting-proxy.ts';
import { serverAvailable, serverRev, SKIP_SERVER, startServer, submitLogin, waitForPullCursor, DEMO_PASSWORD } from './lib/server.ts';
import { bukaBrowser } from '../e2e/harness.ts';
import { HalamanRealisasi } from '../e2e/pages/realisasi.ts';
import { bacaLokal } from '../e2e/pages/sinkron.ts';

const KBIT = 400;
const RTT_MS = 400;

const bench: Benchmark = {
  name: 'bukti',
  title: 'a 3 MB photo as bukti dukung at 400 kbit/s / 400 ms RTT: bytes on the wire and time, against the size after compression',
  async run(ctx) {
    const noBrowser = chromiumMissing();
    if (noBrowser) return ctx.skip('bukti dukung upload', noBrowser);
    if (!serverAvailable()) return ctx.skip('bukti dukung upload', SKIP_SERVER);
    const srv = await startServer({ demo: true }, ctx.log);
    const proxy = await countingProxy(Number(new URL(srv.url).port));
    const br = await bukaBrowser();
    br.context.setDefaultTimeout(120_000);
    try {
      await submitLogin(br.page, proxy.url, 'op-dinkes', DEMO_PASSWORD);
      await waitForPullCursor(br.page, await serverRev(srv.url));
      const r = new HalamanRealisasi(br.page, proxy.url);
      await r.buka({ tahun: 2026, tw: 4 });
      await r.bukaRincian(0);

      // A camera-like photo: 2900×2200 with fine detail, JPEG quality 0.92 (about 3 MB).
      await br.page.evaluate(async () => {
        const c = new OffscreenCanvas(2900, 2200);
        const g = c.getContext('2d')!;
        const img = g.createImageData(2900, 2200);
        let s = 12345;
        for (let i = 0; i < img.data.length; i += 4) {
          s = (s * 1103515245 + 12345) & 0x7fffffff;
          const px = i / 4;
          const base = ((px % 2900) / 10 + Math.floor(px / 2900) / 8) % 255;
          img.data[i] = (base + (s & 63)) & 255;
          img.data[i + 1] = (base * 0.7 + ((s >> 6) & 63)) & 255;
          img.data[i + 2] = (200 - base / 2 + ((s >> 12) & 63)) & 255;
          img.data[i + 3] = 255;
        }
        g.putImageData(img, 0, 0);
        const blob = await c.convertToBlob({ type: 'image/jpeg', quality: 0.92 });
        (window as unknown as { __foto: File }).__foto = new File([blob], 'foto-kamera.jpg', { type: 'image/jpeg' });
      });
      const asli = await br.page.evaluate(() => (window as unknown as { __foto: File }).__foto.size);

      const cdp = await br.context.newCDPSession(br.page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: RTT_MS,
        downloadThroughput: (KBIT * 1000) / 8,
        uploadThroughput: (KBIT * 1000) / 8,
      });
      await proxy.take(500);
      const t0 = Date.now();
      await br.page.evaluate(() => {
        const input = document.querySelector('.panel [data-uji="pilih-berkas"]') as HTMLInputElement;
        const dt = new DataTransfer();
        dt.items.add((window as unknown as { __foto: File }).__foto);
        input.files = dt.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
      let tersimpanMs = 0;
      let berkas: Record<string, unknown> | undefined;
      for (;;) {
        berkas = (await bacaLokal(br.page, 'berkasLokal'))[0];
        if (berkas && !tersimpanMs) tersimpanMs = Date.now() - t0;
        if (berkas?.status === 'terkirim' || berkas?.status === 'ditolak') break;
        if (Date.now() - t0 > 300_000) throw new Error('unggahan tidak selesai dalam 5 menit');
        await br.page.waitForTimeout(100);
      }
      const selesaiMs = Date.now() - t0;
      if (berkas.status !== 'terkirim') throw new Error(`berkas ditolak: ${String(berkas.alasan)}`);
      const t = await proxy.take(1000);
      const mampat = Number(berkas.ukuran);
      // Everything the tablet sent meanwhile (the upload, and the record's push and pulls beside it):
      // the proxy sees one byte stream per direction, so bytes are not split per request.
      const unggah = t.requests.filter((m) => m.first.includes('/api/v1/berkas'));
      const byteUnggah = t.up;
      const linkMs = ((mampat * 8) / (KBIT * 1000)) * 1000;
      ctx.line({ name: 'photo picked', value: round(asli / 1024 / 1024, 2), unit: 'MB', budget: null, status: 'INFO' });
      ctx.line({
        name: 'after compression in the browser',
        value: round(mampat / 1024, 0),
        unit: 'KB',
        budget: null,
        status: 'INFO',
        note: `${round((mampat / asli) * 100, 1)} % of the photo; stored on the device after ${round(tersimpanMs / 1000, 1)} s`,
      });
      ctx.line({
        name: 'bytes sent while uploading (all requests)',
        value: byteUnggah,
        unit: 'B',
        budget: atMost(Math.round(mampat * 1.03 + 16384)),
        note: `compressed size ${mampat} B; tus requests seen: ${unggah.map((m) => m.first.split(' ')[0]).join(', ')}; ${t.requests.length} requests in all`,
        detail: unggah.map((m) => ({ first: m.first.replace(/[0-9a-f]{32,}/g, '…'), header: m.header, body: m.body })),
      });
      ctx.line({
        name: `attach → terkirim at ${KBIT} kbit/s, ${RTT_MS} ms RTT`,
        value: round(selesaiMs / 1000, 1),
        unit: 's',
        budget: atMost(round((linkMs * 1.25 + 4000) / 1000, 1)),
        note: `the link alone needs ${round(linkMs / 1000, 1)} s for the compressed bytes`,
      });
    } finally {
      await br.tutup();
      await proxy.close();
      await srv.stop();
    }
  },
};

export default bench;
