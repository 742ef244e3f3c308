/**
 * Bukti dukung files on the server (issue 15 point 3; docs/bukti-dukung.md): where they are kept,
 * what content is accepted, and the quota per OPD. The tus routes that receive them are in
 * berkas.routes.ts.
 *
 * Layout under `dir` (DATA_DIR/berkas): `unggah/` is the tus working folder (partial uploads and
 * their `.json` metadata); the accepted contents and their thumbnails are in a GudangBerkas
 * (gudang-berkas.ts): by default `simpan/<sha256>` (each content once) and `pratinjau/<sha256>.webp`
 * (made from `simpan/`, so never backed up), or an S3-compatible bucket.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, readFile, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileTypeFromFile } from 'file-type';
import sharp from 'sharp';
import { MIME_BUKTI, type MimeBukti, type Role } from '../domain/schemas.ts';
import type { Kueri } from './db.ts';
import type { LampiranBerkas } from '../shared/izin.ts';
import { gudangLokal, type GudangBerkas } from './gudang-berkas.ts';

export interface OpsiBerkas {
  /** Root folder of the files (DATA_DIR/berkas). */
  dir: string;
  /** Largest file, bytes (env BERKAS_MAKS_MB; default 20 MiB). */
  maksByte: number;
  /** Bytes of files one OPD may keep on the server (env KUOTA_OPD_MB; default 2 GiB). */
  kuotaOpdByte: number;
  /** Where accepted contents are kept (default `gudangLokal(dir)`; S3 by configuration). */
  gudang?: GudangBerkas;
}

export const BAWAAN_MAKS_BYTE = 20 * 1024 * 1024;
export const BAWAAN_KUOTA_OPD_BYTE = 2 * 1024 * 1024 * 1024;

/** The files' folder of a data folder: DATA_DIR/berkas (for PGlite, beside its database files). */
export const folderBerkas = (dataDir: string) => resolve(dataDir, 'berkas');
export const folderSimpan = (dir: string) => join(dir, 'simpan');
export const folderUnggah = (dir: string) => join(dir, 'unggah');
export const jalurBerkas = (dir: string, hash: string) => join(folderSimpan(dir), hash);
export const jalurPratinjau = (dir: string, hash: string) => join(dir, 'pratinjau', `${hash}.webp`);

/**
 * Thumbnails made on the server (issue 15 point 3 "with thumbnails made on the server";
 * docs/bukti-dukung.md "Pratinjau"): the longest side PRATINJAU_PX, WebP. A 320 px thumbnail of a
 * photo is 5–20 KB: cheap enough that tablets pull them with the records.
 */
export const PRATINJAU_PX = 320;
/** Largest image (pixels) sharp decodes for a thumbnail: 20 MB of JPEG never asks for more; a decompression bomb is refused. */
const MAKS_PIKSEL_PRATINJAU = 100_000_000;

/**
 * Makes the thumbnail of an image (JPEG/PNG) at the local path `sumber` with sharp: turned upright
 * by its EXIF orientation, shrunk to fit PRATINJAU_PX (never enlarged), WebP quality 70, and keeps
 * it in the store. Returns it, or null when the content cannot be decoded (the file itself stays
 * accepted: a thumbnail is a convenience, never a check).
 */
export async function buatPratinjau(gudang: GudangBerkas, hash: string, sumber: string): Promise<Buffer | null> {
  let webp: Buffer;
  try {
    webp = await sharp(sumber, { limitInputPixels: MAKS_PIKSEL_PRATINJAU })
      .rotate()
      .resize(PRATINJAU_PX, PRATINJAU_PX, { fit: 'inside', withoutEnlargement: true })
      .webp({ quality: 70 })
      .toBuffer();
  } catch {
    return null;
  }
  await gudang.simpanPratinjau(hash, webp);
  return webp;
}

/** The thumbnail of a stored image, made now when it is missing (files stored before thumbnails existed, a restored backup). */
export async function pratinjau(gudang: GudangBerkas, hash: string): Promise<Buffer | null> {
  const ada = await gudang.bacaPratinjau(hash);
  if (ada) return ada;
  const salinan = await gudang.salinanLokal(hash);
  try {
    return await buatPratinjau(gudang, hash, salinan.jalur);
  } finally {
    await salinan.selesai();
  }
}

/** "12,3 MB" (decimal comma, docs/architecture.md "Formatting (id-ID)"). */
export function teksMb(byte: number): string {
  return `${(byte / (1024 * 1024)).toLocaleString('id-ID', { maximumFractionDigits: 1 })} MB`;
}

/** sha256 of a file as lowercase hex, read as a stream (a 20 MB scan never sits in memory). */
export function hashBerkas(jalur: string): Promise<string> {
  return new Promise((ok, gagal) => {
    const h = createHash('sha256');
    createReadStream(jalur)
      .on('data', (b) => h.update(b))
      .on('error', gagal)
      .on('end', () => ok(h.digest('hex')));
  });
}

/**
 * Limits of an XLSX/DOCX (a zip): a document whose entries would expand past these is refused as a
 * zip bomb before anyone opens it (issue 15 "Tests": a zip bomb in an XLSX). Real BPS tables and
 * reports compress 3–20×; 100× and 200 MiB leave them ample room.
 */
export const MAKS_RASIO_ZIP = 100;
export const MAKS_BYTE_TERURAI_ZIP = 200 * 1024 * 1024;
export const MAKS_ENTRI_ZIP = 10_000;

/**
 * Reads a zip's central directory (PKWARE APPNOTE 4.3.12/4.3.16) and returns null when its declared
 * sizes are within the limits above, else the Indonesian reason. Nothing is decompressed here.
 * ZIP64 archives (sizes ≥ 4 GiB) are refused: no office document of a pemda needs them.
 */
export async function alasanZip(jalur: string): Promise<string | null> {
  const f = await open(jalur, 'r');
  try {
    const { size } = await f.stat();
    const ekor = Math.min(size, 22 + 0xffff);
    const buf = Buffer.alloc(ekor);
    await f.read(buf, 0, ekor, size - ekor);
    let eocd = -1;
    for (let i = ekor - 22; i >= 0; i--) {
      if (buf.readUInt32LE(i) === 0x06054b50) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) return 'Berkas dokumen rusak (arsip zip tidak lengkap)';
    const jumlah = buf.readUInt16LE(eocd + 10);
    const besarCd = buf.readUInt32LE(eocd + 12);
    const awalCd = buf.readUInt32LE(eocd + 16);
    if (jumlah === 0xffff || besarCd === 0xffffffff || awalCd === 0xffffffff) return 'Berkas dokumen memakai format ZIP64 yang tidak didukung';
    if (jumlah > MAKS_ENTRI_ZIP) return `Berkas dokumen berisi terlalu banyak bagian (${jumlah})`;
    if (awalCd + besarCd > size) return 'Berkas dokumen rusak (direktori zip di luar berkas)';
    const cd = Buffer.alloc(besarCd);
    await f.read(cd, 0, besarCd, awalCd);
    let p = 0;
    let mampat = 0;
    let urai = 0;
    for (let n = 0; n < jumlah; n++) {
      if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return 'Berkas dokumen rusak (direktori zip tidak valid)';
      const c = cd.readUInt32LE(p + 20);
      const u = cd.readUInt32LE(p + 24);
      if (c === 0xffffffff || u === 0xffffffff) return 'Berkas dokumen memakai format ZIP64 yang tidak didukung';
      mampat += c;
      urai += u;
      p += 46 + cd.readUInt16LE(p + 28) + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    }
    if (urai > MAKS_BYTE_TERURAI_ZIP)
      return `Berkas dokumen mengembang menjadi ${teksMb(urai)} saat dibuka (maksimal ${teksMb(MAKS_BYTE_TERURAI_ZIP)}): ditolak sebagai bom zip`;
    if (urai > MAKS_RASIO_ZIP * Math.max(mampat, 1) && urai > 1024 * 1024)
      return `Berkas dokumen mengembang ${Math.round(urai / Math.max(mampat, 1))} kali saat dibuka (maksimal ${MAKS_RASIO_ZIP} kali): ditolak sebagai bom zip`;
    return null;
  } finally {
    await f.close();
  }
}

/** Does the file start with a zip local header (bytes 50 4B 03 04)? */
async function awalZip(jalur: string): Promise<boolean> {
  const f = await open(jalur, 'r');
  try {
    const b = Buffer.alloc(4);
    const { bytesRead } = await f.read(b, 0, 4, 0);
    return bytesRead === 4 && b.readUInt32LE(0) === 0x04034b50;
  } finally {
    await f.close();
  }
}

export type HasilPeriksa = { ok: true; mime: MimeBukti } | { ok: false; alasan: string };

/**
 * What a file is, by its content (file-type's magic numbers; the name and the browser's claim are
 * ignored): JPEG, PNG, PDF, XLSX or DOCX, else the Indonesian reason. Any zip (XLSX/DOCX are zips)
 * first passes the zip bomb check.
 */
export async function periksaIsi(jalur: string): Promise<HasilPeriksa> {
  // A zip's declared sizes are checked before file-type opens any entry of it (it inflates
  // [Content_Types].xml to tell XLSX from DOCX, and that entry could be the bomb).
  if (await awalZip(jalur)) {
    const zip = await alasanZip(jalur);
    if (zip) return { ok: false, alasan: zip };
  }
  const jenis = await fileTypeFromFile(jalur);
  if (!jenis || !(MIME_BUKTI as readonly string[]).includes(jenis.mime)) {
    const terdeteksi = jenis ? ` (isinya ${jenis.ext.toUpperCase()})` : '';
    return { ok: false, alasan: `Jenis berkas tidak diterima${terdeteksi}: hanya foto JPEG/PNG, PDF, XLSX atau DOCX` };
  }
  return { ok: true, mime: jenis.mime as MimeBukti };
}

/** Bytes of files stored on behalf of an OPD (the quota counts each content once, for the OPD that sent it first). */
export async function pemakaianOpd(db: Kueri, opdId: string): Promise<number> {
  const [r] = await db.query<{ n: string | number | null }>('SELECT coalesce(sum(ukuran), 0) AS n FROM berkas WHERE opd_id = $1', [opdId]);
  return Number(r?.n ?? 0);
}

/**
 * Bytes announced (Upload-Length) by the unfinished uploads of an OPD in the tus working folder
 * (the FileStore's `<id>.json`). They count against its quota at creation: otherwise uploads never
 * finished (kept 7 days) would fill the disk past any quota.
 */
export async function pemakaianUnggahan(dir: string, opdId: string): Promise<number> {
  const unggah = folderUnggah(dir);
  let n = 0;
  for (const nama of await readdir(unggah).catch(() => [] as string[])) {
    if (!nama.endsWith('.json')) continue;
    try {
      const u = JSON.parse(await readFile(join(unggah, nama), 'utf8')) as { size?: unknown; metadata?: { opdId?: unknown } };
      if (u.metadata?.opdId === opdId && typeof u.size === 'number') n += u.size;
    } catch {
      // Removed meanwhile (finished or refused): counts nothing.
    }
  }
  return n;
}

export interface BarisBerkas {
  hash: string;
  ukuran: number;
  mime: string;
  nama: string;
  tabel: string;
  recordId: string;
  opdId: string | null;
}

export async function ambilBerkas(db: Kueri, hash: string): Promise<BarisBerkas | null> {
  const [r] = await db.query<{ hash: string; ukuran: string; mime: string; nama: string; tabel: string; record_id: string; opd_id: string | null }>(
    'SELECT hash, ukuran, mime, nama, tabel, record_id, opd_id FROM berkas WHERE hash = $1',
    [hash],
  );
  return r ? { hash: r.hash, ukuran: Number(r.ukuran), mime: r.mime, nama: r.nama, tabel: r.tabel, recordId: r.record_id, opdId: r.opd_id } : null;
}

/**
 * OPDs that hold this content: an upload for them delivered its bytes (table pemegang_berkas). A
 * live buktiDukung record naming the hash is not enough: every operator pulls every record, so a
 * hash is no secret (docs/bukti-dukung.md "Hak baca").
 */
export async function opdPemegang(db: Kueri, hash: string): Promise<string[]> {
  const rows = await db.query<{ opd: string }>('SELECT opd_id AS opd FROM pemegang_berkas WHERE hash = $1', [hash]);
  return rows.map((r) => r.opd);
}

/**
 * The attachments of a content (docs/bukti-dukung.md "Hak baca"; the rule is `bolehBacaBerkas` in
 * src/shared/izin.ts): one per live `buktiDukung` record naming the hash, with the OPD of the record
 * it is attached to (looked up by its `tabel` and `recordId`: null when that record is missing or
 * deleted) and the account that last wrote the record's `hash` field (the server's field rev
 * `field_revs.hash.oleh`, so a client cannot claim it), with that account's current role and OPD
 * (null when the rev names no account: records written before field revs, or by the server).
 */
export async function lampiranBerkas(db: Kueri, hash: string): Promise<LampiranBerkas[]> {
  const rows = await db.query<{ opd: string | null; role: Role | null; penulis_opd: string | null }>(
    `SELECT p.data->>'opdId' AS opd, u.role, u.opd_id::text AS penulis_opd
       FROM records b
       LEFT JOIN records p
         ON p.tbl = b.data->>'tabel' AND NOT p.deleted
        AND p.id = CASE WHEN b.data->>'recordId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (b.data->>'recordId')::uuid END
       LEFT JOIN users u ON u.username = b.field_revs->'hash'->>'oleh'
      WHERE b.tbl = 'buktiDukung' AND NOT b.deleted AND b.data->>'hash' = $1`,
    [hash],
  );
  return rows.map((r) => ({ opdRecord: r.opd, penulis: r.role ? { role: r.role, opdId: r.penulis_opd } : null }));
}

/** Days a file no live record names is kept (env BERKAS_SIMPAN_HARI; docs/bukti-dukung.md "Retensi"). */
export const BAWAAN_SIMPAN_HARI = 365;

/**
 * The retention rule (issue 15 point 3; docs/bukti-dukung.md "Retensi"): deleting a record never
 * deletes its file at once (an undo, another record, an audit may still need it). Each sweep marks
 * the files live buktiDukung records name as in use now, then removes the files that have not been
 * in use (or, never named, uploaded) for `hariSimpan` days: their row and their bytes (and thumbnail) in
 * the store. Returns the
 * hashes removed. Safe to run while the server serves: a file named again before the sweep is kept.
 */
export async function bersihkanBerkas(db: Kueri, dir: string, now: Date, hariSimpan: number, gudang: GudangBerkas = gudangLokal(dir)): Promise<string[]> {
  const hidup = `SELECT data->>'hash' FROM records WHERE tbl = 'buktiDukung' AND NOT deleted`;
  await db.query(`UPDATE berkas SET terakhir_dipakai = $1 WHERE hash IN (${hidup})`, [now.toISOString()]);
  const batas = new Date(now.getTime() - hariSimpan * 24 * 3600 * 1000).toISOString();
  const lama = await db.query<{ hash: string }>(
    `DELETE FROM berkas WHERE coalesce(terakhir_dipakai, diunggah_pada) < $1 AND hash NOT IN (${hidup}) RETURNING hash`,
    [batas],
  );
  for (const { hash } of lama) {
    await gudang.hapus(hash);
    await gudang.hapusPratinjau(hash);
  }
  // Unfinished uploads older than UNGGAHAN_KEDALUWARSA_MS (tus answers 410 for them already).
  const unggah = folderUnggah(dir);
  for (const nama of await readdir(unggah).catch(() => [] as string[])) {
    const jalur = join(unggah, nama);
    const st = await stat(jalur).catch(() => null);
    if (st && now.getTime() - st.mtimeMs > UNGGAHAN_KEDALUWARSA_MS) await rm(jalur, { force: true });
  }
  return lama.map((r) => r.hash);
}

/** An unfinished tus upload is dropped after this long without a byte (berkas.routes.ts FileStore). */
export const UNGGAHAN_KEDALUWARSA_MS = 7 * 24 * 3600 * 1000;
