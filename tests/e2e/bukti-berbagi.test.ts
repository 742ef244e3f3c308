/**
 * One photo, two OPDs (docs/bukti-dukung.md "Hak baca"), in Debian Chromium against the real server:
 * Dinkes's tablet sends a photo; Disdik's tablet attaches the same photo to its own realisasi. Its
 * HEAD check answers 403 (another OPD holds the content), so it sends the bytes as proof: the server
 * keeps one copy, Disdik's file is "terkirim" and Disdik's account reads it. An account that only
 * names the hash in a record (no bytes) still gets 403 (tests/server/berkas-serang.test.ts).
 */
import { createHash } from 'node:crypto';
import { buatPng } from '../bantu/png.ts';
import { describe, expect, it } from 'vitest';
import { duniaTablet } from './pages/tablet.ts';
import { HalamanRealisasi } from './pages/realisasi.ts';
import { KlienApi, masukLewatForm } from './pages/rakor.ts';
import { tungguTarikanAwal } from './pages/sinkron.ts';
import { PanelBukti } from './pages/bukti.ts';

const SANDI = 'demo12345';
const SABAR = { timeout: 60_000, interval: 250 };
const dunia = duniaTablet('bukti-berbagi');

/** A small real PNG (w×h, grey ramp): kept as it is by the tablet. */
function png(w: number, h: number): Buffer {
  const baris = Buffer.concat(Array.from({ length: h }, (_, y) => Buffer.from([0, ...Array.from({ length: w }, (_, x) => (x * 3 + y * 5) & 255)])));
  return buatPng(w, h, baris, { jenisWarna: 0 });
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
