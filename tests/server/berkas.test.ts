/**
 * Bukti dukung files (issue 15 points 2–3, "Tests"; docs/bukti-dukung.md): tus upload in pieces that
 * resumes from the server's offset, type checked by content, size limit and OPD quota, zip bombs in
 * an XLSX, the same content stored once, and downloads only for those who may read the OPD's files.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buatDemo } from '../../src/demo/generate.ts';
import { usernameOperator } from '../../src/server/setup.ts';
import { bersihkanBerkas, folderSimpan, folderUnggah, jalurPratinjau } from '../../src/server/berkas.ts';
import sharp from 'sharp';
import { JENIS, Klien, masuk, minta, PASSWORD_ADMIN, put, putBaru, serverBaru, type App, type Server } from './bantu.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import { metadata, pngKecil, sha, TUS, zip } from './berkas-bantu.ts';

const MAKS = 1024 * 1024;

describe.each(JENIS)('bukti dukung files (%s)', (jenis) => {
  const demo = buatDemo();
  const opdX = demo.opd.find((o) => o.singkatan === 'Dinkes')!;
  const opdY = demo.opd.find((o) => o.singkatan === 'Disdik')!;
  const realX = demo.realisasi.find((r) => r.opdId === opdX.id)!;
  let s: Server;
  let dir: string;
  const token = {} as Record<'admin' | 'opX' | 'opY' | 'viewer' | 'pimpinan', string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pantau-berkas-'));
    s = await serverBaru(jenis, { demo: true, app: { berkas: { dir, maksByte: MAKS, kuotaOpdByte: 8 * MAKS } } });
    token.admin = (await masuk(s.app, 'admin', PASSWORD_ADMIN)).token;
    token.opX = (await masuk(s.app, usernameOperator(opdX))).token;
    token.opY = (await masuk(s.app, usernameOperator(opdY))).token;
    token.viewer = (await masuk(s.app, 'viewer')).token;
    token.pimpinan = (await masuk(s.app, 'pimpinan')).token;
  }, 60_000);
  afterAll(async () => {
    await s?.tutup();
    rmSync(dir, { recursive: true, force: true });
  });

  /** POST (tus creation) of a file's upload; returns the answer and the upload's path. */
  async function buat(app: App, tok: string, isi: Buffer, m: Partial<Record<string, string>> = {}, panjang = isi.length) {
    const meta = { hash: sha(isi), nama: 'foto.png', tabel: 'realisasi', recordId: realX.id, opdId: opdX.id, ...m } as Record<string, string>;
    const j = await minta(app, 'POST', '/api/v1/berkas/unggah', {
      token: tok,
      headers: { ...TUS, 'Upload-Length': String(panjang), 'Upload-Metadata': metadata(meta) },
    });
    return { ...j, lokasi: j.headers.get('Location') };
  }
  const patch = (app: App, tok: string, lokasi: string, offset: number, bagian: Buffer) =>
    minta(app, 'PATCH', lokasi, {
      token: tok,
      mentah: new Uint8Array(bagian),
      headers: { ...TUS, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
    });
  async function unggah(tok: string, isi: Buffer, m: Partial<Record<string, string>> = {}) {
    const b = await buat(s.app, tok, isi, m);
    expect(b.status, b.teks).toBe(201);
    return patch(s.app, tok, b.lokasi!, 0, isi);
  }
  const isiSimpan = () => readdirSync(folderSimpan(dir));

  it('an upload cut half way resumes from the offset the server reports, then the file is stored under its hash', async () => {
    const isi = Buffer.concat([pngKecil(1), Buffer.alloc(36_000, 7)]);
    const b = await buat(s.app, token.opX, isi);
    expect(b.status, b.teks).toBe(201);
    expect(b.lokasi).toMatch(/^\/api\/v1\/berkas\/unggah\/[0-9a-zA-Z_-]+$/);
    const separuh = Math.floor(isi.length / 2);
    const p1 = await patch(s.app, token.opX, b.lokasi!, 0, isi.subarray(0, separuh));
    expect(p1.status, p1.teks).toBe(204);
    // The link dropped here: the tablet asks where to go on.
    const h = await minta(s.app, 'HEAD', b.lokasi!, { token: token.opX, headers: TUS });
    expect(h.status).toBe(200);
    expect(Number(h.headers.get('Upload-Offset'))).toBe(separuh);
    // Someone else's token cannot read or append to this upload.
    expect((await patch(s.app, token.opY, b.lokasi!, separuh, isi.subarray(separuh))).status).toBe(403);
    const p2 = await patch(s.app, token.opX, b.lokasi!, separuh, isi.subarray(separuh));
    expect(p2.status, p2.teks).toBe(204);
    expect(isiSimpan()).toContain(sha(isi));
    // Nothing left of the upload in the working folder.
    expect(readdirSync(folderUnggah(dir))).toEqual([]);

    const g = await s.app.request(`/api/v1/berkas/${sha(isi)}`, { headers: { Authorization: `Bearer ${token.opX}` } });
    expect(g.status).toBe(200);
    expect(g.headers.get('Content-Type')).toBe('image/png');
    expect(Buffer.from(await g.arrayBuffer()).equals(isi)).toBe(true);
  });

  it('a file is read by its OPD, admin, pimpinan and viewer; an operator of another OPD gets 403 (issue 15 "Tests")', async () => {
    const isi = pngKecil(2);
    expect((await unggah(token.opX, isi)).status).toBe(204);
    for (const t of [token.opX, token.admin, token.viewer, token.pimpinan])
      expect((await minta(s.app, 'GET', `/api/v1/berkas/${sha(isi)}`, { token: t })).status).toBe(200);
    const lain = await minta(s.app, 'GET', `/api/v1/berkas/${sha(isi)}`, { token: token.opY });
    expect(lain.status).toBe(403);
    expect(lain.json.error.message).toMatch(/perangkat daerah lain/);
    expect((await minta(s.app, 'GET', `/api/v1/berkas/${sha(isi)}`)).status).toBe(401);
    expect((await minta(s.app, 'GET', `/api/v1/berkas/${'0'.repeat(64)}`, { token: token.admin })).status).toBe(404);
  });

  it('an image gets a 320 px WebP thumbnail made on the server, served with the same read rights (docs/bukti-dukung.md "Pratinjau")', async () => {
    const foto = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#2a7' } })
      .jpeg({ quality: 80 })
      .toBuffer();
    expect((await unggah(token.opX, foto, { nama: 'kegiatan.jpg' })).status).toBe(204);
    // Made when the upload completed, before the client heard "done".
    expect(existsSync(jalurPratinjau(dir, sha(foto)))).toBe(true);
    const ambil = (t: string | null, hash = sha(foto)) => s.app.request(`/api/v1/berkas/${hash}/thumb`, { headers: t ? { Authorization: `Bearer ${t}` } : {} });
    for (const t of [token.opX, token.admin, token.viewer, token.pimpinan]) {
      const r = await ambil(t);
      expect(r.status).toBe(200);
      expect(r.headers.get('Content-Type')).toBe('image/webp');
      const m = await sharp(Buffer.from(await r.arrayBuffer())).metadata();
      expect([m.format, m.width, m.height]).toEqual(['webp', 320, 240]);
      expect(Number(r.headers.get('Content-Length'))).toBeLessThan(foto.length);
    }
    const lain = await ambil(token.opY);
    expect(lain.status).toBe(403);
    expect(((await lain.json()) as { error: { message: string } }).error.message).toMatch(/perangkat daerah lain/);
    expect((await ambil(null)).status).toBe(401);
    expect((await ambil(token.admin, '0'.repeat(64))).status).toBe(404);
    // A thumbnail lost (a restored backup carries only simpan/) is made again on demand.
    rmSync(jalurPratinjau(dir, sha(foto)));
    expect((await ambil(token.opX)).status).toBe(200);
    expect(existsSync(jalurPratinjau(dir, sha(foto)))).toBe(true);
    // A document has none.
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    expect((await unggah(token.opX, pdf, { nama: 'surat.pdf' })).status).toBe(204);
    const r = await ambil(token.opX, sha(pdf));
    expect(r.status).toBe(404);
    expect(((await r.json()) as { error: { code: string } }).error.code).toBe('tanpa_pratinjau');
  });

  it('the same content sent twice is stored once', async () => {
    const isi = pngKecil(3);
    expect((await unggah(token.opX, isi)).status).toBe(204);
    const sebelum = isiSimpan().length;
    expect((await unggah(token.opX, isi, { nama: 'salinan.png' })).status).toBe(204);
    expect(isiSimpan().length).toBe(sebelum);
    const [r] = await s.db.query<{ n: number }>('SELECT count(*)::int AS n FROM berkas WHERE hash = $1', [sha(isi)]);
    expect(Number(r?.n)).toBe(1);
  });

  it('an OPD reads a file another OPD uploaded first once it sends the same bytes; naming the hash in a record is not enough', async () => {
    const isi = pngKecil(4);
    expect((await unggah(token.admin, isi, { opdId: opdY.id })).status).toBe(204);
    expect((await minta(s.app, 'GET', `/api/v1/berkas/${sha(isi)}`, { token: token.opX })).status).toBe(403);
    const k = new Klien(s.app, token.opX);
    const h = await k.push(
      putBaru('buktiDukung', {
        tabel: 'realisasi',
        recordId: realX.id,
        opdId: opdX.id,
        hash: sha(isi),
        nama: 'sama.png',
        mime: 'image/png',
        ukuran: isi.length,
      }),
    );
    expect(h.results[0]?.status, JSON.stringify(h.results)).toBe('applied');
    // Every operator pulls every record: a hash is no secret (tests/server/berkas-serang.test.ts).
    expect((await minta(s.app, 'GET', `/api/v1/berkas/${sha(isi)}`, { token: token.opX })).status).toBe(403);
    const sebelum = isiSimpan().length;
    expect((await unggah(token.opX, isi)).status).toBe(204);
    expect(isiSimpan().length).toBe(sebelum);
    expect((await minta(s.app, 'GET', `/api/v1/berkas/${sha(isi)}`, { token: token.opX })).status).toBe(200);
  });

  it('only Bappeda (admin) verifies: an operator cannot accept its own evidence (docs/bukti-dukung.md "Verifikasi")', async () => {
    const isi = pngKecil(10);
    const fields = { tabel: 'realisasi', recordId: realX.id, opdId: opdX.id, hash: sha(isi), nama: 'v.png', mime: 'image/png', ukuran: isi.length };
    const op = new Klien(s.app, token.opX);
    const tolak = await op.push(putBaru('buktiDukung', { ...fields, status: 'diterima' }));
    expect(tolak.results[0]).toMatchObject({ status: 'rejected', kode: 'izin' });
    expect((tolak.results[0] as { reason: string }).reason).toMatch(/hanya Bappeda/);
    const baru = putBaru('buktiDukung', fields);
    expect((await op.push(baru)).results[0]?.status).toBe('applied');
    const admin = new Klien(s.app, token.admin);
    const v = await admin.push({
      table: 'buktiDukung',
      key: baru.key,
      op: 'put',
      fields: { status: 'perbaikan', catatanVerifikasi: 'Foto buram' },
      baseRev: 0,
    });
    expect(['applied', 'merged']).toContain(v.results[0]?.status);
    const lagi = await op.push({ table: 'buktiDukung', key: baru.key, op: 'put', fields: { status: 'diterima' }, baseRev: 0 });
    expect(lagi.results[0]).toMatchObject({ status: 'rejected', kode: 'izin' });
  });

  it("evidence may belong to the OPD's laporan and follow-up of an arahan too, never to another OPD's record", async () => {
    const op = new Klien(s.app, token.opX);
    const dasar = { opdId: opdX.id, hash: sha(pngKecil(13)), nama: 'l.png', mime: 'image/png', ukuran: 100 };
    const lap = demo.laporan.find((l) => l.opdId === opdX.id)!;
    const lain = demo.laporan.find((l) => l.opdId === opdY.id);
    const h1 = await op.push(putBaru('buktiDukung', { ...dasar, tabel: 'laporan', recordId: lap.id }));
    expect(h1.results[0]?.status, JSON.stringify(h1.results[0])).toBe('applied');
    // The follow-up is created in the same push, before its evidence (as the tablet does).
    const arahan = demo.arahan.find((a) => !a.dibatalkan && (a.opdId === opdX.id || a.opdId === null))!;
    const idTl = idAlami.tindakLanjutArahan(arahan.id, opdX.id);
    const h2 = await op.push(
      put('tindakLanjutArahan', idTl, { arahanId: arahan.id, opdId: opdX.id }),
      putBaru('buktiDukung', { ...dasar, tabel: 'tindakLanjutArahan', recordId: idTl }),
    );
    expect(
      h2.results.map((r) => r.status),
      JSON.stringify(h2.results),
    ).toEqual(['applied', 'applied']);
    if (lain) {
      const h = await op.push(putBaru('buktiDukung', { ...dasar, tabel: 'laporan', recordId: lain.id }));
      expect(h.results[0]).toMatchObject({ status: 'rejected', kode: 'izin' });
    }
    const tanpaInduk = await op.push(putBaru('buktiDukung', { ...dasar, tabel: 'laporan', recordId: '00000000-0000-4000-8000-000000000abc' }));
    expect(tanpaInduk.results[0]).toMatchObject({ status: 'rejected', kode: 'induk' });
  });

  it('hostile files are refused with Indonesian reasons and nothing is stored', async () => {
    const sebelum = isiSimpan().length;
    // Text behind a .jpg name.
    const palsu = Buffer.from('<html><script>alert(1)</script></html>'.repeat(20));
    const t = await unggah(token.opX, palsu, { nama: 'foto.jpg' });
    expect(t.status).toBe(415);
    expect(t.json.error.message).toMatch(/Jenis berkas tidak diterima/);
    // A GIF is an image, but not one of the accepted types.
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(100)]);
    expect((await unggah(token.opX, gif, { nama: 'animasi.gif' })).json.error.message).toMatch(/isinya GIF/);
    // Over the per-file limit: refused before a byte is sent.
    const besar = await buat(s.app, token.opX, Buffer.alloc(10), {}, MAKS + 1);
    expect(besar.status).toBe(413);
    expect(besar.json.error.message).toMatch(/Berkas terlalu besar: 1 MB, maksimal 1 MB per berkas/);
    // A zip bomb dressed as an XLSX: 60 MB of zeros in a few KB.
    const bom = zip([
      [
        '[Content_Types].xml',
        Buffer.from(
          '<?xml version="1.0"?><Types><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/></Types>',
        ),
      ],
      ['xl/workbook.xml', Buffer.from('<workbook/>')],
      ['xl/worksheets/sheet1.xml', Buffer.alloc(60 * 1024 * 1024)],
    ]);
    expect(bom.length).toBeLessThan(MAKS);
    const z = await unggah(token.opX, bom, { nama: 'tabel-bps.xlsx' });
    expect(z.status, z.teks).toBe(415);
    expect(z.json.error.message).toMatch(/bom zip/);
    // Bytes that are not what the hash says.
    const rusak = await buat(s.app, token.opX, pngKecil(5), { hash: sha(pngKecil(6)) });
    const pr = await patch(s.app, token.opX, rusak.lokasi!, 0, pngKecil(5));
    expect(pr.status).toBe(400);
    expect(pr.json.error.code).toBe('hash_berbeda');
    expect(isiSimpan().length).toBe(sebelum);
    expect(readdirSync(folderUnggah(dir))).toEqual([]);
  }, 30_000);

  it('a real XLSX and DOCX-sized document pass', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('BPS').addRows([
      ['Kecamatan', 'Penduduk'],
      ['Kota', 12345],
    ]);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const j = await unggah(token.opX, xlsx, { nama: 'tabel.xlsx' });
    expect(j.status, j.teks).toBe(204);
    const [r] = await s.db.query<{ mime: string }>('SELECT mime FROM berkas WHERE hash = $1', [sha(xlsx)]);
    expect(r?.mime).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  });

  it('uploads only for an OPD the account writes for, with valid metadata', async () => {
    expect((await buat(s.app, token.opX, pngKecil(7), { opdId: opdY.id })).status).toBe(403);
    expect((await buat(s.app, token.viewer, pngKecil(7))).status).toBe(403);
    expect((await buat(s.app, token.pimpinan, pngKecil(7))).status).toBe(403);
    const tanpa = await buat(s.app, token.opX, pngKecil(7), { hash: 'bukan-hash' });
    expect(tanpa.status).toBe(400);
    expect(tanpa.json.error.message).toMatch(/Hash berkas tidak valid/);
    expect((await buat(s.app, '', pngKecil(7))).status).toBe(401);
  });

  it('retention: a file stays while a record names it and BERKAS_SIMPAN_HARI days after; then row and bytes go (docs/bukti-dukung.md "Retensi")', async () => {
    const isi = pngKecil(11);
    // A decodable image, so it has a thumbnail that must go with it.
    const yatim = await sharp({ create: { width: 40, height: 30, channels: 3, background: '#c33' } })
      .png()
      .toBuffer();
    expect((await unggah(token.opX, isi)).status).toBe(204);
    expect((await unggah(token.opX, yatim)).status).toBe(204);
    const op = new Klien(s.app, token.opX);
    const rec = putBaru('buktiDukung', {
      tabel: 'realisasi',
      recordId: realX.id,
      opdId: opdX.id,
      hash: sha(isi),
      nama: 'r.png',
      mime: 'image/png',
      ukuran: isi.length,
    });
    expect((await op.push(rec)).results[0]?.status).toBe('applied');
    const hari = (n: number) => new Date(Date.now() + n * 24 * 3600 * 1000);
    const ada = (h: string) => isiSimpan().includes(h);
    // Day 0: in use. The file nobody names is younger than the period: kept too.
    expect(await bersihkanBerkas(s.db, dir, hari(0), 365)).not.toContain(sha(isi));
    expect(ada(sha(isi)) && ada(sha(yatim))).toBe(true);
    expect(existsSync(jalurPratinjau(dir, sha(yatim)))).toBe(true);
    // Day 400: still named by a live record → kept; the one nobody named → removed.
    const d400 = await bersihkanBerkas(s.db, dir, hari(400), 365);
    expect(d400).toContain(sha(yatim));
    expect(d400).not.toContain(sha(isi));
    expect(ada(sha(yatim))).toBe(false);
    expect(existsSync(jalurPratinjau(dir, sha(yatim)))).toBe(false);
    expect((await minta(s.app, 'GET', `/api/v1/berkas/${sha(yatim)}`, { token: token.admin })).status).toBe(404);
    // The record is deleted on day 400: the file stays until 365 days after it was last in use.
    expect((await op.push({ table: 'buktiDukung', key: rec.key, op: 'delete', baseRev: 0 })).results[0]?.status).toBe('applied');
    expect(await bersihkanBerkas(s.db, dir, hari(700), 365)).not.toContain(sha(isi));
    expect(ada(sha(isi))).toBe(true);
    expect(await bersihkanBerkas(s.db, dir, hari(766), 365)).toContain(sha(isi));
    expect(ada(sha(isi))).toBe(false);
  });

  it('the OPD quota refuses a file that would not fit, with the reason', async () => {
    const dir2 = mkdtempSync(join(tmpdir(), 'pantau-kuota-'));
    const s2 = await serverBaru(jenis, { demo: true, app: { berkas: { dir: dir2, maksByte: MAKS, kuotaOpdByte: 150 } } });
    try {
      const tok = (await masuk(s2.app, usernameOperator(opdX))).token;
      const a = pngKecil(8);
      const b1 = await buat(s2.app, tok, a);
      expect((await patch(s2.app, tok, b1.lokasi!, 0, a)).status).toBe(204);
      const b = Buffer.concat([pngKecil(9), Buffer.alloc(100)]);
      const b2 = await buat(s2.app, tok, b);
      expect(b2.status).toBe(413);
      expect(b2.json.error.code).toBe('kuota_penuh');
      expect(b2.json.error.message).toMatch(/Kuota berkas perangkat daerah ini/);
      expect(existsSync(join(folderSimpan(dir2), sha(b)))).toBe(false);
    } finally {
      await s2.tutup();
      rmSync(dir2, { recursive: true, force: true });
    }
  }, 60_000);
});
