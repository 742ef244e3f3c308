/**
 * Hostile clients against /api/v1/berkas (issue 15; docs/bukti-dukung.md): a hash seen in a pulled
 * record is not a key to another OPD's file, lying tus headers, decompression bombs and corrupt
 * images for the thumbnailer.
 */
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buatPng } from '../bantu/png.ts';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buatDemo } from '../../src/demo/generate.ts';
import { usernameOperator } from '../../src/server/setup.ts';
import { folderSimpan, folderUnggah, jalurPratinjau } from '../../src/server/berkas.ts';
import { JENIS, Klien, masuk, minta, PASSWORD_ADMIN, putBaru, serverBaru, type App, type Server } from './bantu.ts';
import { metadata, pngKecil, sha, TUS } from './berkas-bantu.ts';

const MAKS = 2 * 1024 * 1024;

/** A grey PNG of any size, 1 bit per pixel, all zero: a few hundred KB that decode to w×h pixels. */
const pngBom = (w: number, h: number): Buffer => buatPng(w, h, Buffer.alloc((1 + Math.ceil(w / 8)) * h), { kedalaman: 1, jenisWarna: 0, level: 9 });

describe.each(JENIS)('hostile clients of the bukti dukung files (%s)', (jenis) => {
  const demo = buatDemo();
  const opdX = demo.opd.find((o) => o.singkatan === 'Dinkes')!;
  const opdY = demo.opd.find((o) => o.singkatan === 'Disdik')!;
  const realX = demo.realisasi.find((r) => r.opdId === opdX.id)!;
  const realY = demo.realisasi.find((r) => r.opdId === opdY.id)!;
  let s: Server;
  let dir: string;
  const token = {} as Record<'admin' | 'opX' | 'opY', string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pantau-serang-'));
    s = await serverBaru(jenis, { demo: true, app: { berkas: { dir, maksByte: MAKS, kuotaOpdByte: 64 * MAKS } } });
    token.admin = (await masuk(s.app, 'admin', PASSWORD_ADMIN)).token;
    token.opX = (await masuk(s.app, usernameOperator(opdX))).token;
    token.opY = (await masuk(s.app, usernameOperator(opdY))).token;
  }, 60_000);
  afterAll(async () => {
    await s?.tutup();
    rmSync(dir, { recursive: true, force: true });
  });

  async function buat(app: App, tok: string, isi: Buffer, m: Partial<Record<string, string>> = {}, panjang: string | number = isi.length) {
    const meta = { hash: sha(isi), nama: 'foto.png', tabel: 'realisasi', recordId: realX.id, opdId: opdX.id, ...m } as Record<string, string>;
    const j = await minta(app, 'POST', '/api/v1/berkas/unggah', {
      token: tok,
      headers: { ...TUS, 'Upload-Length': String(panjang), 'Upload-Metadata': metadata(meta) },
    });
    return { ...j, lokasi: j.headers.get('Location') };
  }
  const patch = (tok: string, lokasi: string, offset: number, bagian: Buffer) =>
    minta(s.app, 'PATCH', lokasi, {
      token: tok,
      mentah: new Uint8Array(bagian),
      headers: { ...TUS, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
    });
  async function unggah(tok: string, isi: Buffer, m: Partial<Record<string, string>> = {}) {
    const b = await buat(s.app, tok, isi, m);
    expect(b.status, b.teks).toBe(201);
    return patch(tok, b.lokasi!, 0, isi);
  }
  const baca = (tok: string, hash: string, akhir = '') => minta(s.app, 'GET', `/api/v1/berkas/${hash}${akhir}`, { token: tok });
  const rekamBukti = (opdId: string, recordId: string, isi: Buffer) =>
    putBaru('buktiDukung', { tabel: 'realisasi', recordId, opdId, hash: sha(isi), nama: 'pinjam.png', mime: 'image/png', ukuran: isi.length });

  it("a hash read from another OPD's pulled record does not open its file: naming it in an own record is no proof of holding it", async () => {
    const rahasia = Buffer.concat([pngKecil(40), Buffer.from('surat rahasia Dinkes')]);
    expect((await unggah(token.opX, rahasia)).status).toBe(204);
    expect((await new Klien(s.app, token.opX).push(rekamBukti(opdX.id, realX.id, rahasia))).results[0]?.status).toBe('applied');
    // Disdik's operator pulls every record, so it knows the hash, and names it on its own realisasi.
    const y = new Klien(s.app, token.opY);
    const h = await y.push(rekamBukti(opdY.id, realY.id, rahasia));
    expect(h.results[0]?.status, JSON.stringify(h.results)).toBe('applied');
    expect((await baca(token.opY, sha(rahasia))).status).toBe(403);
    expect((await baca(token.opY, sha(rahasia), '/thumb')).status).toBe(403);
  });

  it('an OPD that holds the same bytes proves it by sending them: stored once, then readable by it', async () => {
    const sama = Buffer.concat([pngKecil(41), Buffer.from('foto bersama')]);
    expect((await unggah(token.opX, sama)).status).toBe(204);
    const sebelum = readdirSync(folderSimpan(dir)).length;
    expect((await minta(s.app, 'HEAD', `/api/v1/berkas/${sha(sama)}`, { token: token.opY })).status).toBe(403);
    const j = await unggah(token.opY, sama, { opdId: opdY.id, recordId: realY.id });
    expect(j.status, j.teks).toBe(204);
    expect(readdirSync(folderSimpan(dir)).length).toBe(sebelum);
    expect((await baca(token.opY, sha(sama))).status).toBe(200);
    // A lying copy (other bytes under that hash) proves nothing.
    const bohong = await buat(s.app, token.opY, pngKecil(42), { hash: sha(sama), opdId: opdY.id, recordId: realY.id });
    expect((await patch(token.opY, bohong.lokasi!, 0, pngKecil(42))).json.error.code).toBe('hash_berbeda');
  });

  it('lying or absurd Upload-Length and offsets are refused without a 500', async () => {
    const isi = pngKecil(43);
    for (const l of ['-5', '0', '1e3', '99999999999999999999999', 'abc', ''])
      expect((await buat(s.app, token.opX, isi, {}, l)).status, `Upload-Length ${l}`).toBeGreaterThanOrEqual(400);
    // Declares fewer bytes than it sends.
    const kurang = await buat(s.app, token.opX, isi, {}, 10);
    expect(kurang.status).toBe(201);
    const p = await patch(token.opX, kurang.lokasi!, 0, isi);
    expect(p.status).toBeGreaterThanOrEqual(400);
    expect(p.status).toBeLessThan(500);
    // A wrong offset.
    const b = await buat(s.app, token.opX, isi);
    const w = await patch(token.opX, b.lokasi!, 5, isi.subarray(5));
    expect(w.status).toBe(409);
    // Overlapping PATCHes: one wins, the file ends complete and right.
    const [a, c] = await Promise.all([patch(token.opX, b.lokasi!, 0, isi), patch(token.opX, b.lokasi!, 0, isi)]);
    expect([a.status, c.status]).toContain(204);
    for (const r of [a, c]) expect(r.status).toBeLessThan(500);
    expect((await baca(token.opX, sha(isi))).status).toBe(200);
  });

  it('a decompression bomb PNG (30000×30000) and a corrupt JPEG are accepted as files without a thumbnail, and the server goes on', async () => {
    const bom = pngBom(30000, 30000);
    expect(bom.length).toBeLessThan(MAKS);
    const t0 = Date.now();
    const j = await unggah(token.opX, bom, { nama: 'bom.png' });
    expect(j.status, j.teks).toBe(204);
    expect(Date.now() - t0).toBeLessThan(10_000);
    const th = await baca(token.opX, sha(bom), '/thumb');
    expect(th.status).toBe(404);
    expect(th.json.error.code).toBe('tanpa_pratinjau');
    const foto = await sharp({ create: { width: 800, height: 600, channels: 3, background: '#357' } })
      .jpeg()
      .toBuffer();
    const rusak = Buffer.concat([foto.subarray(0, Math.floor(foto.length / 2)), Buffer.alloc(50, 0xff)]);
    const r = await unggah(token.opX, rusak, { nama: 'rusak.jpg' });
    expect(r.status, r.teks).toBe(204);
    expect((await baca(token.opX, sha(rusak), '/thumb')).status).toBeLessThan(500);
    expect((await baca(token.opX, sha(rusak))).status).toBe(200);
  }, 60_000);

  it('unfinished uploads count against the OPD quota: an operator cannot fill the disk with uploads it never finishes', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'pantau-serang-kuota-'));
    const s2 = await serverBaru(jenis, { demo: true, app: { berkas: { dir: dir2, maksByte: 1000, kuotaOpdByte: 3000 } } });
    try {
      const tok = (await masuk(s2.app, usernameOperator(opdX))).token;
      const tokY = (await masuk(s2.app, usernameOperator(opdY))).token;
      const status: number[] = [];
      for (let n = 0; n < 5; n++) {
        const isi = Buffer.concat([pngKecil(50 + n), Buffer.alloc(1000 - pngKecil(0).length, n)]);
        const b = await buat(s2.app, tok, isi);
        status.push(b.status);
        if (b.status === 201) {
          const p = await minta(s2.app, 'PATCH', b.lokasi!, {
            token: tok,
            mentah: new Uint8Array(isi.subarray(0, 900)),
            headers: { ...TUS, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
          });
          expect(p.status).toBe(204);
        } else {
          expect(b.json.error.code).toBe('kuota_penuh');
        }
      }
      expect(status).toEqual([201, 201, 201, 413, 413]);
      // At once, too: creations racing each other do not each see the same free space.
      const isi = (n: number) => Buffer.concat([pngKecil(100 + n), Buffer.alloc(1000 - pngKecil(0).length, n)]);
      const serentak = await Promise.all([0, 1, 2, 3, 4].map((n) => buat(s2.app, tokY, isi(n), { opdId: opdY.id, recordId: realY.id })));
      expect(serentak.filter((j) => j.status === 201)).toHaveLength(3);
      // Another OPD's quota is its own.
      const tokZ = (await masuk(s2.app, 'admin', PASSWORD_ADMIN)).token;
      const opdZ = demo.opd.find((o) => o.singkatan === 'RSUD') ?? demo.opd.find((o) => o.id !== opdX.id && o.id !== opdY.id)!;
      expect((await buat(s2.app, tokZ, pngKecil(60), { opdId: opdZ.id })).status).toBe(201);
    } finally {
      await s2.tutup();
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 60_000);

  it('a stored row whose bytes are missing (a restore without the files) answers 404, not 200 with nothing; the file can be sent again', async () => {
    const isi = Buffer.concat([pngKecil(70), Buffer.alloc(5000, 3)]);
    expect((await unggah(token.opX, isi)).status).toBe(204);
    rmSync(join(folderSimpan(dir), sha(isi)));
    rmSync(jalurPratinjau(dir, sha(isi)), { force: true });
    for (const metode of ['GET', 'HEAD'] as const) {
      const r = await minta(s.app, metode, `/api/v1/berkas/${sha(isi)}`, { token: token.opX });
      expect(r.status, metode).toBe(404);
    }
    // Not "tanpa_pratinjau" (a tablet would remember that for good): the thumbnail may come later.
    const th = await baca(token.opX, sha(isi), '/thumb');
    expect([th.status, th.json.error.code]).toEqual([404, 'tidak_ditemukan']);
    // The tablet that holds it sends it again (its HEAD said 404): stored, readable again.
    expect((await unggah(token.opX, isi)).status).toBe(204);
    const g = await baca(token.opX, sha(isi));
    expect(g.status).toBe(200);
    expect(Buffer.from(g.teks, 'latin1').length).toBeGreaterThan(0);
  });

  it('an upload whose last byte was written but not finished (server stopped, a failed check step) is finished when the tablet asks for its offset', async () => {
    const isi = Buffer.concat([pngKecil(80), Buffer.alloc(8000, 9)]);
    const b = await buat(s.app, token.opX, isi);
    const separuh = 4000;
    expect((await patch(token.opX, b.lokasi!, 0, isi.subarray(0, separuh))).status).toBe(204);
    // The rest reached the disk, then the process stopped before the finish step ran.
    appendFileSync(join(folderUnggah(dir), b.lokasi!.split('/').pop()!), isi.subarray(separuh));
    // tus-js-client resuming sees offset = length and reports success without another PATCH:
    // the server must have stored the file by then.
    const h = await minta(s.app, 'HEAD', b.lokasi!, { token: token.opX, headers: TUS });
    expect(h.status).toBe(200);
    expect(Number(h.headers.get('Upload-Offset'))).toBe(isi.length);
    const g = await baca(token.opX, sha(isi));
    expect(g.status).toBe(200);
    const sisa = (lokasi: string) => readdirSync(folderUnggah(dir)).filter((f) => f.startsWith(lokasi.split('/').pop()!));
    expect(sisa(b.lokasi!)).toEqual([]);
    // One with the wrong bytes is refused at that moment, with the reason, and nothing is stored.
    const salah = Buffer.concat([pngKecil(81), Buffer.alloc(3000, 1)]);
    const b2 = await buat(s.app, token.opX, salah);
    appendFileSync(join(folderUnggah(dir), b2.lokasi!.split('/').pop()!), Buffer.alloc(salah.length, 2));
    const h2 = await minta(s.app, 'HEAD', b2.lokasi!, { token: token.opX, headers: TUS });
    expect(h2.status).toBe(400);
    expect((await baca(token.opX, sha(salah))).status).toBe(404);
    expect(sisa(b2.lokasi!)).toEqual([]);
  });

  it('path traversal in the hash, the upload id or the name reaches no path', async () => {
    expect((await buat(s.app, token.opX, pngKecil(90), { hash: `../../${'a'.repeat(58)}` })).status).toBe(400);
    for (const h of ['..%2F..%2Fetc%2Fpasswd', `${'a'.repeat(63)}%2F`, 'A'.repeat(64)])
      expect((await baca(token.opX, h)).status, h).toBeGreaterThanOrEqual(400);
    const p = await minta(s.app, 'PATCH', '/api/v1/berkas/unggah/..%2F..%2Fsimpan', {
      token: token.opX,
      mentah: new Uint8Array(10),
      headers: { ...TUS, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    });
    expect(p.status).toBe(404);
    const isi = pngKecil(91);
    expect((await unggah(token.opX, isi, { nama: '../../../etc/passwd\r\nSet-Cookie: x=1' })).status).toBe(204);
    const g = await baca(token.opX, sha(isi));
    expect(g.status).toBe(200);
    expect(g.headers.get('Content-Disposition')).toBe(`inline; filename*=UTF-8''${encodeURIComponent('../../../etc/passwd\r\nSet-Cookie: x=1')}`);
    expect(g.headers.get('Set-Cookie')).toBeNull();
    expect(readdirSync(folderSimpan(dir))).toContain(sha(isi));
  });
});
