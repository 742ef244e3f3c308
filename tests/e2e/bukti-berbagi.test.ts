/**
 * One photo, two OPDs (docs/bukti-dukung.md "Hak baca"), in Debian Chromium against the real server:
 * Dinkes's tablet sends a photo; Disdik's tablet attaches the same photo to its own realisasi. Its
 * HEAD check answers 403 (another OPD holds the content), so it sends the bytes as proof: the server
 * keeps one copy, Disdik's file is "terkirim" and Disdik's account reads it. An account that only
 * names the hash in a record (no bytes) still gets 403 (tests/server/berkas-serang.test.ts).
 */
import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { duniaTablet } from './pages/tablet.ts';
import { HalamanRealisasi } from './pages/realisasi.ts';
import { KlienApi, masukLewatForm } from './pages/rakor.ts';
import { tungguTarikanAwal } from './pages/sinkron.ts';
import { PanelBukti } from './pages/bukti.ts';

const SANDI = 'demo12345';
const SABAR = { timeout: 60_000, interval: 250 };
const dunia = duniaTablet('bukti-berbagi');

function crc32(b: Buffer): number {
  let c = ~0;
  for (const x of b) {
    c ^= x;
    for (let k = 0; k < 8; k++) c = (c >>> 1) ^ (0xedb88320 & -(c & 1));
  }
  return ~c >>> 0;
}
/** A small real PNG (w×h, grey ramp): kept as it is by the tablet. */
function png(w: number, h: number): Buffer {
  const potongan = (jenis: string, isi: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(isi.length);
    const tj = Buffer.concat([Buffer.from(jenis, 'ascii'), isi]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(tj));
    return Buffer.concat([len, tj, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  const baris = Buffer.concat(Array.from({ length: h }, (_, y) => Buffer.from([0, ...Array.from({ length: w }, (_, x) => (x * 3 + y * 5) & 255)])));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    potongan('IHDR', ihdr),
    potongan('IDAT', deflateSync(baris)),
    potongan('IEND', Buffer.alloc(0)),
  ]);
}
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

const statusUnduh = async (hash: string, token: string) =>
  (await fetch(`${dunia.srv.url}/api/v1/berkas/${hash}`, { method: 'HEAD', headers: { authorization: `Bearer ${token}` } })).status;

describe('Bukti dukung shared by two OPDs', { timeout: 300_000 }, () => {
  it("the second OPD's tablet sends the same photo as proof and then reads it (one copy kept: tests/server/berkas-serang.test.ts)", async () => {
    const foto = png(40, 30);
    const lampir = async (username: string) => {
      const { page } = await dunia.browser();
      await masukLewatForm(page, dunia.srv.url, username, SANDI);
      await tungguTarikanAwal(page, dunia.srv.url);
      const r = new HalamanRealisasi(page, dunia.srv.url);
      await r.buka({ tahun: 2026, tw: 4 });
      await r.bukaRincian(0);
      const bukti = new PanelBukti(page);
      await bukti.lampirkan([{ name: 'rapat-bersama.png', mimeType: 'image/png', buffer: foto }]);
      await expect.poll(() => bukti.statusUnggah('rapat-bersama.png'), SABAR).toBe('terkirim');
      return { page, bukti };
    };
    await lampir('op-dinkes');
    const disdik = (await KlienApi.masuk(dunia.srv.url, 'op-disdik', SANDI)).token;
    expect(await statusUnduh(sha(foto), disdik)).toBe(403);
    const { page, bukti } = await lampir('op-disdik');
    expect(await statusUnduh(sha(foto), disdik)).toBe(200);
    await expect.poll(() => bukti.pratinjauTampil('rapat-bersama.png'), SABAR).toBe(true);
    await page.screenshot({ path: '/tmp/bukti-berbagi.png' });
  });
});
