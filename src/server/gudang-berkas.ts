/**
 * Where accepted bukti dukung contents and their thumbnails are kept (issue 15 point 3 "files under
 * DATA_DIR (an S3-compatible store optional by configuration)"; docs/bukti-dukung.md "Penyimpanan"):
 * the folder `DATA_DIR/berkas` by default, or an S3-compatible bucket (MinIO, Ceph RGW, AWS S3…)
 * when BERKAS_S3_BUCKET is set (docs/deployment.md, environment table).
 *
 * Either way tus uploads in progress stay in the local working folder `DATA_DIR/berkas/unggah`:
 * the checks at the end of an upload (sha256, type by content, the zip central directory, the
 * thumbnail) read the whole file once, and a partial upload is transient. Only a checked content
 * reaches the store, under its hash.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';

export interface GudangBerkas {
  /** 'lokal' (DATA_DIR/berkas) or 's3' (with the bucket's name), for the start-up line and the logs. */
  readonly uraian: string;
  /** Keeps the checked local file `jalur` as the content `hash`; the local file is consumed. */
  simpan(hash: string, jalur: string, mime: string): Promise<void>;
  ada(hash: string): Promise<boolean>;
  /** The content's bytes as a stream (the caller knows its size and type from the `berkas` row). */
  baca(hash: string): Promise<ReadableStream<Uint8Array>>;
  hapus(hash: string): Promise<void>;
  simpanPratinjau(hash: string, webp: Buffer): Promise<void>;
  /** The thumbnail, or null when none is kept. */
  bacaPratinjau(hash: string): Promise<Buffer | null>;
  hapusPratinjau(hash: string): Promise<void>;
  /** A local file with the content (for making a thumbnail later); `selesai` removes a temporary copy. */
  salinanLokal(hash: string): Promise<{ jalur: string; selesai: () => Promise<void> }>;
}

const adaBerkas = (jalur: string) =>
  stat(jalur).then(
    (s) => s.isFile(),
    () => false,
  );

/** The default store: `dir/simpan/<sha256>` and `dir/pratinjau/<sha256>.webp` (dir = DATA_DIR/berkas). */
export function gudangLokal(dir: string): GudangBerkas {
  const isi = (hash: string) => join(dir, 'simpan', hash);
  const kecil = (hash: string) => join(dir, 'pratinjau', `${hash}.webp`);
  return {
    uraian: `lokal (${dir})`,
    async simpan(hash, jalur) {
      await mkdir(join(dir, 'simpan'), { recursive: true });
      // The same content stored once: a second upload of it only drops its copy.
      if (await adaBerkas(isi(hash))) await rm(jalur, { force: true });
      else await rename(jalur, isi(hash));
    },
    ada: (hash) => adaBerkas(isi(hash)),
    baca: async (hash) => Readable.toWeb(createReadStream(isi(hash))) as ReadableStream<Uint8Array>,
    hapus: (hash) => rm(isi(hash), { force: true }),
    async simpanPratinjau(hash, webp) {
      await mkdir(join(dir, 'pratinjau'), { recursive: true });
      const sementara = `${kecil(hash)}.${process.pid}.${Date.now()}.tmp`;
      await writeFile(sementara, webp);
      await rename(sementara, kecil(hash));
    },
    bacaPratinjau: (hash) => readFile(kecil(hash)).catch(() => null),
    hapusPratinjau: (hash) => rm(kecil(hash), { force: true }),
    salinanLokal: async (hash) => ({ jalur: isi(hash), selesai: async () => undefined }),
  };
}

export interface OpsiS3 {
  /** e.g. http://127.0.0.1:9000 (MinIO); absent = AWS S3 of `region`. */
  endpoint?: string | undefined;
  bucket: string;
  region: string;
  /** Absent = the AWS SDK's default credential chain (environment, instance role). */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Key prefix inside the bucket ('' or ending in '/'). */
  prefix: string;
  /** Path-style addressing (http://host/bucket/key): what MinIO and most self-hosted stores expect. */
  pathStyle: boolean;
  /** The local working folder for temporary copies (DATA_DIR/berkas/unggah). */
  dirSementara: string;
}

const bukanAda = (e: unknown) => {
  const x = e as { name?: string; $metadata?: { httpStatusCode?: number } } | null;
  return x?.name === 'NotFound' || x?.name === 'NoSuchKey' || x?.$metadata?.httpStatusCode === 404;
};

/**
 * An S3-compatible bucket (@aws-sdk/client-s3, loaded only when configured): objects
 * `<prefix>simpan/<sha256>` and `<prefix>pratinjau/<sha256>.webp`. Checksums are sent only where
 * the operation requires them, which every S3-compatible store accepts.
 */
export async function gudangS3(o: OpsiS3): Promise<GudangBerkas> {
  const s3 = await import('@aws-sdk/client-s3');
  const klien: S3Client = new s3.S3Client({
    region: o.region,
    forcePathStyle: o.pathStyle,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    ...(o.endpoint ? { endpoint: o.endpoint } : {}),
    ...(o.accessKeyId && o.secretAccessKey ? { credentials: { accessKeyId: o.accessKeyId, secretAccessKey: o.secretAccessKey } } : {}),
  });
  const Bucket = o.bucket;
  // Fail at start with a clear message rather than at the first upload.
  try {
    await klien.send(new s3.HeadBucketCommand({ Bucket }));
  } catch (e) {
    const x = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    throw new Error(
      `Bucket S3 "${Bucket}" tidak dapat diakses (${x.$metadata?.httpStatusCode ?? x.name ?? ''} ${x.message ?? ''}); periksa BERKAS_S3_ENDPOINT, BERKAS_S3_BUCKET dan kuncinya`,
      { cause: e },
    );
  }
  const isi = (hash: string) => `${o.prefix}simpan/${hash}`;
  const kecil = (hash: string) => `${o.prefix}pratinjau/${hash}.webp`;
  const ada = async (Key: string) => {
    try {
      await klien.send(new s3.HeadObjectCommand({ Bucket, Key }));
      return true;
    } catch (e) {
      if (bukanAda(e)) return false;
      throw e;
    }
  };
  return {
    uraian: `S3 (${o.endpoint ?? o.region}, bucket ${o.bucket})`,
    async simpan(hash, jalur, mime) {
      if (!(await ada(isi(hash)))) {
        const { size } = await stat(jalur);
        await klien.send(new s3.PutObjectCommand({ Bucket, Key: isi(hash), Body: createReadStream(jalur), ContentLength: size, ContentType: mime }));
      }
      await rm(jalur, { force: true });
    },
    ada: (hash) => ada(isi(hash)),
    async baca(hash) {
      const r = await klien.send(new s3.GetObjectCommand({ Bucket, Key: isi(hash) }));
      if (!r.Body) throw new Error(`Objek ${isi(hash)} kosong`);
      return r.Body.transformToWebStream() as ReadableStream<Uint8Array>;
    },
    async hapus(hash) {
      await klien.send(new s3.DeleteObjectCommand({ Bucket, Key: isi(hash) }));
    },
    async simpanPratinjau(hash, webp) {
      await klien.send(new s3.PutObjectCommand({ Bucket, Key: kecil(hash), Body: webp, ContentLength: webp.length, ContentType: 'image/webp' }));
    },
    async bacaPratinjau(hash) {
      try {
        const r = await klien.send(new s3.GetObjectCommand({ Bucket, Key: kecil(hash) }));
        return r.Body ? Buffer.from(await r.Body.transformToByteArray()) : null;
      } catch (e) {
        if (bukanAda(e)) return null;
        throw e;
      }
    },
    async hapusPratinjau(hash) {
      await klien.send(new s3.DeleteObjectCommand({ Bucket, Key: kecil(hash) }));
    },
    async salinanLokal(hash) {
      await mkdir(o.dirSementara, { recursive: true });
      const jalur = join(o.dirSementara, `salinan-${hash}-${process.pid}-${Date.now()}`);
      const r = await klien.send(new s3.GetObjectCommand({ Bucket, Key: isi(hash) }));
      await pipeline(r.Body as Readable, createWriteStream(jalur));
      return { jalur, selesai: () => rm(jalur, { force: true }) };
    },
  };
}
