/**
 * Preparing a picked or photographed file as bukti dukung, in the browser, offline (issue 15 point 1;
 * docs/bukti-dukung.md "Jenis berkas"): its type from the browser or the name's extension (the
 * server checks the content again), and photos resized and recompressed with
 * browser-image-compression (loaded on first use) so a 3 MB camera photo is a few hundred KB on the
 * tablet and on the wire.
 */
import { MIME_BUKTI, type BuktiDukung, type MimeBukti } from '../domain/schemas.ts';
import { formatAngka } from './format.ts';
import type { PantauDB } from '../db/database.ts';
import { hashBlob, lampirkanBukti, lepasBerkasTerkirim, type BuktiBaru } from '../db/bukti.ts';
import { PenyimpananPenuhError } from '../db/repo.ts';

/**
 * Largest photo after compression when the pemda set nothing: the longest side in pixels and the
 * target size. 1600 px keeps a document photographed on a desk readable; 512 KB fits the server's
 * per-file limit many times over. The pemda sets its own in Pengaturan (`pengaturan.buktiMaksPx`,
 * `pengaturan.buktiMaksKb`; issue 15 point 1, docs/bukti-dukung.md "Di tablet").
 */
export const FOTO_MAKS_PX = 1600;
export const FOTO_MAKS_KB = 512;
/** A photo this small is kept as it is (re-encoding would only cost quality), unless the pemda's maximum is smaller. */
const FOTO_CUKUP_KECIL = 300 * 1024;

/** The compression maximum: the longest side in pixels and the size in KB. */
export interface BatasFoto {
  px: number;
  kb: number;
}

/** The pemda's compression maximum (docs/bukti-dukung.md "Di tablet"); the defaults when it set none or there is no profile. */
export function batasFotoPemda(p: { pengaturan?: { buktiMaksPx?: number; buktiMaksKb?: number } } | null | undefined): BatasFoto {
  return { px: p?.pengaturan?.buktiMaksPx ?? FOTO_MAKS_PX, kb: p?.pengaturan?.buktiMaksKb ?? FOTO_MAKS_KB };
}

const MIME_EKSTENSI: Record<string, MimeBukti> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  pdf: 'application/pdf',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** What a file input accepts (both MIME types and extensions: some tablets report no type). */
export const TERIMA_BUKTI = [...MIME_BUKTI, ...Object.keys(MIME_EKSTENSI).map((e) => `.${e}`)].join(',');

/** The evidence type of a file, or null when it is not one (JPEG, PNG, PDF, XLSX, DOCX). */
export function mimeBukti(nama: string, type: string): MimeBukti | null {
  if ((MIME_BUKTI as readonly string[]).includes(type)) return type as MimeBukti;
  const ext = nama.toLowerCase().split('.').pop() ?? '';
  return MIME_EKSTENSI[ext] ?? null;
}

/** "12,3 MB", "850 KB" (id-ID). */
export function teksUkuran(byte: number): string {
  if (byte >= 1024 * 1024 * 1024) return `${formatAngka(byte / (1024 * 1024 * 1024), 1)} GB`;
  if (byte >= 1024 * 1024) return `${formatAngka(byte / (1024 * 1024), 1)} MB`;
  // Nothing is "0 KB", never "1 KB" (the panel's storage line of a device holding no file).
  if (byte <= 0) return '0 KB';
  return `${formatAngka(Math.max(1, Math.round(byte / 1024)), 0)} KB`;
}

export type BerkasSiap = { ok: true; blob: Blob; nama: string; mime: MimeBukti } | { ok: false; alasan: string };

/**
 * The file as it will be stored and sent: photos (JPEG, PNG) larger than 300 KB (or than the
 * pemda's maximum, when that is smaller) resized to `batas.px` and recompressed towards `batas.kb`
 * (on the main thread: the library's worker would load its code from a CDN, which is neither
 * allowed by the CSP nor reachable offline); documents unchanged. Refuses other types with an
 * Indonesian reason.
 */
export async function siapkanBerkas(file: File, batas: BatasFoto = batasFotoPemda(null)): Promise<BerkasSiap> {
  const mime = mimeBukti(file.name, file.type);
  if (!mime) return { ok: false, alasan: `${file.name}: jenis berkas tidak diterima (hanya foto JPEG/PNG, PDF, XLSX, DOCX)` };
  if (file.size === 0) return { ok: false, alasan: `${file.name}: berkas kosong` };
  if (!mime.startsWith('image/') || file.size <= Math.min(FOTO_CUKUP_KECIL, batas.kb * 1024)) return { ok: true, blob: file, nama: file.name, mime };
  const { default: kompres } = await import('browser-image-compression');
  try {
    const hasil = await kompres(file, { maxSizeMB: batas.kb / 1024, maxWidthOrHeight: batas.px, useWebWorker: false, fileType: mime });
    // Never bigger than what was picked.
    return hasil.size < file.size ? { ok: true, blob: hasil, nama: file.name, mime } : { ok: true, blob: file, nama: file.name, mime };
  } catch {
    return { ok: false, alasan: `${file.name}: foto tidak dapat dibaca; coba ambil ulang` };
  }
}

/**
 * An address to open a file: the copy on this device when there is one (attached here, or kept with
 * "Simpan untuk luring"), else the server's, fetched with the session token (a token never rides in
 * a URL, docs/security.md §Tanpa token di URL); or the Indonesian reason it cannot be opened now
 * (offline, not on the server yet, refused). The caller revokes the address (URL.revokeObjectURL).
 */
export async function alamatBerkas(
  db: PantauDB,
  b: Pick<BuktiDukung, 'hash' | 'nama'>,
  token: string | null,
  f: typeof fetch = fetch,
): Promise<{ url: string } | { alasan: string }> {
  const lokal = (await db.berkasLokal.get(b.hash)) ?? (await db.berkasLuring.get(b.hash));
  if (lokal) return { url: URL.createObjectURL(lokal.blob) };
  // Not on this device (another device's file, or this device's own copy dropped once the server had
  // it: docs/bukti-dukung.md "Mengosongkan perangkat").
  const luring = { alasan: `${b.nama} belum dapat dibuka: berkas hanya tersimpan di server, tidak di perangkat ini, dan perangkat sedang luring` };
  if (!token) return luring;
  let res: Response;
  try {
    res = await f(`/api/v1/berkas/${b.hash}`, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    return luring;
  }
  if (res.status === 404) return { alasan: `${b.nama} belum ada di server (belum dikirim oleh perangkat pengirimnya)` };
  if (res.status === 403) return { alasan: `${b.nama}: tidak berhak membaca berkas ini` };
  if (!res.ok) return { alasan: `${b.nama} belum dapat diambil (kode ${res.status}); coba lagi nanti` };
  return { url: URL.createObjectURL(await res.blob()) };
}

/** `alamatBerkas` without the reason: the address, or null when the file cannot be opened now. */
export async function urlBerkas(db: PantauDB, hash: string, token: string | null): Promise<string | null> {
  const a = await alamatBerkas(db, { hash, nama: '' }, token);
  return 'url' in a ? a.url : null;
}

/**
 * The picture of an image shown small (the panel, the Layar strip), from this device only: the
 * thumbnail pulled from the server, else the full file kept here. null when there is none (not yet
 * pulled, or none exists). Offline: works. The caller revokes the address.
 */
export async function urlPratinjauLokal(db: PantauDB, hash: string): Promise<string | null> {
  const blob = await blobPratinjauLokal(db, hash);
  return blob ? URL.createObjectURL(blob) : null;
}

/** The Blob behind `urlPratinjauLokal` (for a live query that makes its own addresses), or null. */
export async function blobPratinjauLokal(db: PantauDB, hash: string): Promise<Blob | null> {
  const p = await db.pratinjauLokal.get(hash);
  if (p?.blob) return p.blob;
  return ((await db.berkasLokal.get(hash)) ?? (await db.berkasLuring.get(hash)))?.blob ?? null;
}

/**
 * The small picture of an image: this device's (`urlPratinjauLokal`), else the server's thumbnail
 * fetched now with the token and kept in `pratinjauLokal` for offline use (docs/bukti-dukung.md
 * "Pratinjau di tablet"). null offline or when the server has none.
 */
export async function urlPratinjau(db: PantauDB, hash: string, token: string | null, f: typeof fetch = fetch): Promise<string | null> {
  const lokal = await urlPratinjauLokal(db, hash);
  if (lokal || !token) return lokal;
  try {
    const res = await f(`/api/v1/berkas/${hash}/thumb`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) return null;
    const blob = await res.blob();
    await db.pratinjauLokal.put({ hash, blob, diambilPada: new Date().toISOString() });
    return URL.createObjectURL(blob);
  } catch {
    return null;
  }
}

/**
 * "Simpan untuk luring" (issue 15 point 4 "full files on demand, cached for offline use when the
 * person marks them"; docs/bukti-dukung.md "Simpan untuk luring"): fetches the full file from the
 * server and keeps it in `berkasLuring`, after checking its bytes against the hash the record names.
 * Returns null when kept, else the Indonesian reason (offline, refused, damaged, a full device).
 * A file attached on this device is already here: nothing is fetched.
 */
export async function simpanUntukLuring(
  db: PantauDB,
  b: Pick<BuktiDukung, 'hash' | 'nama' | 'mime'>,
  token: string | null,
  f: typeof fetch = fetch,
): Promise<string | null> {
  if ((await db.berkasLokal.get(b.hash)) || (await db.berkasLuring.get(b.hash))) return null;
  if (!token) return `${b.nama}: masuk dulu untuk mengambil berkas dari server`;
  let res: Response;
  try {
    res = await f(`/api/v1/berkas/${b.hash}`, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    return `${b.nama} belum dapat disimpan: perangkat sedang luring`;
  }
  if (res.status === 404) return `${b.nama} belum ada di server (belum dikirim oleh perangkat pengirimnya)`;
  if (res.status === 403) return `${b.nama}: tidak berhak membaca berkas ini`;
  if (!res.ok) return `${b.nama} belum dapat diambil (kode ${res.status}); coba lagi nanti`;
  const blob = await res.blob();
  if ((await hashBlob(blob)) !== b.hash) return `${b.nama} rusak saat diunduh; coba lagi`;
  try {
    await db.berkasLuring.put({ hash: b.hash, blob, nama: b.nama, mime: b.mime, ukuran: blob.size, disimpanPada: new Date().toISOString() });
  } catch (e) {
    const err = e as { name?: string; inner?: { name?: string } } | null;
    if (err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError')
      return `${b.nama}: penyimpanan perangkat penuh; lepaskan berkas lain yang disimpan untuk luring`;
    throw e;
  }
  return null;
}

/** Unmarks "Simpan untuk luring": the full copy is removed from this device (the thumbnail stays). Offline: works. */
export async function lepasLuring(db: PantauDB, hash: string): Promise<void> {
  await db.berkasLuring.delete(hash);
}

/** Bytes of full files kept for offline use on this device. */
export async function ukuranLuring(db: PantauDB): Promise<number> {
  let n = 0;
  await db.berkasLuring.each((x) => (n += x.ukuran));
  return n;
}

/**
 * Prepares and attaches files to one record (docs/bukti-dukung.md "Di tablet"), photos compressed
 * to the pemda's maximum (`batasFotoPemda` of the stored profile): each file
 * separately (one refused file does not stop the others), each stored with its record and outbox
 * entry in one transaction together with `pemilik.induk`. A file that finds the device full frees
 * it of its own files the server already stores (`lepasBerkasTerkirim`, docs/bukti-dukung.md
 * "Mengosongkan perangkat": never a file not yet on the server) and is stored once more. Returns
 * the Indonesian reasons of the files refused here (type, a full device) and what was freed to make
 * room, joined with "; "; '' when all landed without freeing anything. Offline: works.
 */
export async function lampirkanBerkas(db: PantauDB, pemilik: Omit<BuktiBaru, 'blob' | 'nama' | 'mime'>, files: File[], oleh: string): Promise<string> {
  const alasan: string[] = [];
  const dilepas = { byte: 0, jumlah: 0 };
  // The pemda's compression maximum as this device last pulled it (offline: the stored profile).
  const batas = batasFotoPemda(await db.pemda.filter((p) => !p.deleted).first());
  for (const f of files) {
    const siap = await siapkanBerkas(f, batas);
    if (!siap.ok) {
      alasan.push(siap.alasan);
      continue;
    }
    const baru = { ...pemilik, blob: siap.blob, nama: siap.nama, mime: siap.mime };
    try {
      try {
        await lampirkanBukti(db, baru, oleh);
      } catch (e) {
        if (!(e instanceof PenyimpananPenuhError)) throw e;
        const lepas = await lepasBerkasTerkirim(db);
        if (!lepas.jumlah) throw e;
        dilepas.byte += lepas.byte;
        dilepas.jumlah += lepas.jumlah;
        await lampirkanBukti(db, baru, oleh);
      }
    } catch (e) {
      alasan.push(`${f.name}: ${e instanceof Error ? e.message : 'gagal disimpan'}`);
    }
  }
  if (dilepas.jumlah)
    alasan.push(
      `Penyimpanan perangkat penuh: ${dilepas.jumlah} berkas yang sudah terkirim (${teksUkuran(dilepas.byte)}) dilepas dari perangkat ini untuk memberi ruang; berkas itu tetap ada di server`,
    );
  return alasan.join('; ');
}
