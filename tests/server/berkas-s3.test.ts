/**
 * Bukti dukung files in an S3-compatible store (issue 15 point 3 "an S3-compatible store optional by
 * configuration"; docs/bukti-dukung.md "Penyimpanan"), against s3rver in-process: a checked upload
 * lands in the bucket under its hash (not in DATA_DIR/berkas/simpan), with its thumbnail; downloads
 * and thumbnails come from the bucket with the same read rights; the retention sweep deletes the
 * objects; the environment switches it on only when complete.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import sharp from 'sharp';
import { CreateBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buatDemo } from '../../src/demo/generate.ts';
import { usernameOperator } from '../../src/server/setup.ts';
import { bersihkanBerkas, folderSimpan } from '../../src/server/berkas.ts';
import { gudangS3, type GudangBerkas } from '../../src/server/gudang-berkas.ts';
import { bacaEnv, opsiS3Dari } from '../../src/server/env.ts';
import { masuk, minta, PASSWORD_ADMIN, serverBaru, type Server } from './bantu.ts';
import { metadata, sha, TUS } from './berkas-bantu.ts';

const BUCKET = 'pantau-bukti';
const KUNCI = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe('bukti dukung files in an S3-compatible bucket', () => {
  const demo = buatDemo();
  const opdX = demo.opd.find((o) => o.singkatan === 'Dinkes')!;
  const opdY = demo.opd.find((o) => o.singkatan === 'Disdik')!;
  const realX = demo.realisasi.find((r) => r.opdId === opdX.id)!;
  let s3rver: S3rver;
  let endpoint: string;
  let klien: S3Client;
  let dirS3: string;
  let dir: string;
  let s: Server;
  let gudang: GudangBerkas;
  const token = {} as Record<'admin' | 'opX' | 'opY', string>;

  beforeAll(async () => {
    dirS3 = mkdtempSync(join(tmpdir(), 'pantau-s3rver-'));
    dir = mkdtempSync(join(tmpdir(), 'pantau-berkas-s3-'));
    s3rver = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dirS3 });
    const { port } = await s3rver.run();
    endpoint = `http://127.0.0.1:${port}`;
    klien = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: KUNCI });
    await klien.send(new CreateBucketCommand({ Bucket: BUCKET }));
    gudang = await gudangS3({ endpoint, bucket: BUCKET, region: 'us-east-1', ...KUNCI, prefix: 'pantau/', pathStyle: true, dirSementara: join(dir, 'unggah') });
    s = await serverBaru('pglite', { demo: true, app: { berkas: { dir, maksByte: 1024 * 1024, kuotaOpdByte: 8 * 1024 * 1024, gudang } } });
    token.admin = (await masuk(s.app, 'admin', PASSWORD_ADMIN)).token;
    token.opX = (await masuk(s.app, usernameOperator(opdX))).token;
    token.opY = (await masuk(s.app, usernameOperator(opdY))).token;
  }, 60_000);
  afterAll(async () => {
    await s?.tutup();
    await s3rver?.close();
    rmSync(dir, { recursive: true, force: true });
    rmSync(dirS3, { recursive: true, force: true });
  });

  const adaObjek = (Key: string) =>
    klien.send(new HeadObjectCommand({ Bucket: BUCKET, Key })).then(
      (h) => h.ContentLength ?? -1,
      () => null,
    );
  async function unggah(isi: Buffer, nama: string) {
    const b = await minta(s.app, 'POST', '/api/v1/berkas/unggah', {
      token: token.opX,
      headers: {
        ...TUS,
        'Upload-Length': String(isi.length),
        'Upload-Metadata': metadata({ hash: sha(isi), nama, tabel: 'realisasi', recordId: realX.id, opdId: opdX.id }),
      },
    });
    expect(b.status, b.teks).toBe(201);
    return minta(s.app, 'PATCH', b.headers.get('Location')!, {
      token: token.opX,
      mentah: new Uint8Array(isi),
      headers: { ...TUS, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
    });
  }

  it('a checked upload is stored in the bucket under its hash with its thumbnail, and served from there with the same rights', async () => {
    const foto = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#1a6' } })
      .jpeg()
      .toBuffer();
    expect((await unggah(foto, 'kegiatan.jpg')).status).toBe(204);
    expect(await adaObjek(`pantau/simpan/${sha(foto)}`)).toBe(foto.length);
    expect(await adaObjek(`pantau/pratinjau/${sha(foto)}.webp`)).toBeGreaterThan(0);
    // Nothing of it stays on the server's disk: not in simpan/, not in the tus working folder.
    expect(readdirSync(folderSimpan(dir))).toEqual([]);
    expect(readdirSync(join(dir, 'unggah'))).toEqual([]);

    const g = await s.app.request(`/api/v1/berkas/${sha(foto)}`, { headers: { Authorization: `Bearer ${token.opX}` } });
    expect(g.status).toBe(200);
    expect(Buffer.from(await g.arrayBuffer()).equals(foto)).toBe(true);
    const t = await s.app.request(`/api/v1/berkas/${sha(foto)}/thumb`, { headers: { Authorization: `Bearer ${token.admin}` } });
    expect(t.status).toBe(200);
    expect((await sharp(Buffer.from(await t.arrayBuffer())).metadata()).width).toBe(320);
    expect((await s.app.request(`/api/v1/berkas/${sha(foto)}`, { headers: { Authorization: `Bearer ${token.opY}` } })).status).toBe(403);
    // The same content again: one object.
    expect((await unggah(foto, 'salinan.jpg')).status).toBe(204);
    expect(readdirSync(join(dir, 'unggah'))).toEqual([]);
  });

  it('a thumbnail missing from the bucket is made again from the stored object', async () => {
    const foto = await sharp({ create: { width: 500, height: 500, channels: 3, background: '#a16' } })
      .png()
      .toBuffer();
    expect((await unggah(foto, 'lagi.png')).status).toBe(204);
    await gudang.hapusPratinjau(sha(foto));
    expect(await adaObjek(`pantau/pratinjau/${sha(foto)}.webp`)).toBeNull();
    const t = await s.app.request(`/api/v1/berkas/${sha(foto)}/thumb`, { headers: { Authorization: `Bearer ${token.opX}` } });
    expect(t.status).toBe(200);
    expect(await adaObjek(`pantau/pratinjau/${sha(foto)}.webp`)).toBeGreaterThan(0);
    // The temporary copy it was made from is gone.
    expect(readdirSync(join(dir, 'unggah'))).toEqual([]);
  });

  it('the retention sweep deletes the objects of a file no record named for the period', async () => {
    const foto = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#333' } })
      .png()
      .toBuffer();
    expect((await unggah(foto, 'yatim.png')).status).toBe(204);
    const hari = (n: number) => new Date(Date.now() + n * 24 * 3600 * 1000);
    expect(await bersihkanBerkas(s.db, dir, hari(400), 365, gudang)).toContain(sha(foto));
    expect(await adaObjek(`pantau/simpan/${sha(foto)}`)).toBeNull();
    expect(await adaObjek(`pantau/pratinjau/${sha(foto)}.webp`)).toBeNull();
  });

  it('an unreachable bucket stops the start with an Indonesian message', async () => {
    await expect(gudangS3({ endpoint, bucket: 'tidak-ada', region: 'us-east-1', ...KUNCI, prefix: '', pathStyle: true, dirSementara: dir })).rejects.toThrow(
      /Bucket S3 "tidak-ada" tidak dapat diakses/,
    );
  });
});

describe('BERKAS_S3_* environment', () => {
  it('off by default; on with a bucket; all or nothing, with Indonesian messages', () => {
    expect(opsiS3Dari(bacaEnv({}, []), '/tmp')).toBeNull();
    expect(
      opsiS3Dari(
        bacaEnv(
          { BERKAS_S3_BUCKET: 'pantau-bukti', BERKAS_S3_ENDPOINT: 'http://127.0.0.1:9000', BERKAS_S3_ACCESS_KEY_ID: 'a', BERKAS_S3_SECRET_ACCESS_KEY: 'b' },
          [],
        ),
        '/tmp/u',
      ),
    ).toEqual({
      bucket: 'pantau-bukti',
      endpoint: 'http://127.0.0.1:9000',
      region: 'us-east-1',
      accessKeyId: 'a',
      secretAccessKey: 'b',
      prefix: '',
      pathStyle: true,
      dirSementara: '/tmp/u',
    });
    expect(() => bacaEnv({ BERKAS_S3_ENDPOINT: 'http://127.0.0.1:9000' }, [])).toThrow(/BERKAS_S3_BUCKET: wajib diisi bila BERKAS_S3_ENDPOINT diisi/);
    expect(() => bacaEnv({ BERKAS_S3_BUCKET: 'pantau-bukti', BERKAS_S3_ACCESS_KEY_ID: 'a' }, [])).toThrow(/diisi berdua atau tidak sama sekali/);
    expect(() => bacaEnv({ BERKAS_S3_BUCKET: 'Pantau_Bukti' }, [])).toThrow(/harus nama bucket S3/);
    expect(() => bacaEnv({ BERKAS_S3_BUCKET: 'pantau-bukti', BERKAS_S3_PREFIX: 'pantau' }, [])).toThrow(/diakhiri garis miring/);
  });
});
