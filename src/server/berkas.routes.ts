/**
 * Bukti dukung files over HTTP (issue 15; docs/bukti-dukung.md "API"): resumable upload with the tus
 * protocol (@tus/server + @tus/file-store) at `/berkas/unggah`, and download at `/berkas/:hash`.
 * Both behind the bearer token like every route (http.ts `wajibMasuk`).
 *
 * Checks before tus sees a request: a new upload names its record and OPD in Upload-Metadata, the
 * account may write that OPD's evidence, the size fits the per-file limit and the OPD's quota. An
 * upload's later requests (HEAD for the offset, PATCH for bytes) are only its uploader's. When the
 * last byte arrives the content is hashed, checked by type and moved to `simpan/<hash>`; a refused
 * file is deleted at once and the client gets the Indonesian reason.
 */
import { rm, stat } from 'node:fs/promises';
import { mkdirSync } from 'node:fs';
import { Hono, type Context } from 'hono';
import { FileStore } from '@tus/file-store';
import { Server as ServerTus } from '@tus/server';
import { Metadata, type Upload } from '@tus/utils';
import { z } from 'zod';
import { hashBerkasSchema, idSchema, pesanZod, teks, TABEL_PEMILIK_BUKTI } from '../domain/schemas.ts';
import { bolehBacaBerkas } from '../shared/izin.ts';
import type { UserDb } from './auth.ts';
import {
  ambilBerkas,
  buatPratinjau,
  folderSimpan,
  folderUnggah,
  hashBerkas,
  lampiranBerkas,
  opdPemegang,
  pemakaianOpd,
  pemakaianUnggahan,
  periksaIsi,
  pratinjau,
  teksMb,
  UNGGAHAN_KEDALUWARSA_MS,
  type OpsiBerkas,
} from './berkas.ts';
import { gudangLokal } from './gudang-berkas.ts';
import { galatJson, wajibMasuk, type Konteks, type Lingkungan } from './http.ts';

export const JALUR_UNGGAH = '/api/v1/berkas/unggah';

/** What a new upload must say about itself (tus Upload-Metadata, values base64). */
export const metadataUnggahSchema = z.object({
  hash: hashBerkasSchema,
  nama: teks(200),
  tabel: z.enum(TABEL_PEMILIK_BUKTI, { error: 'Pemilik bukti dukung tidak dikenal' }),
  recordId: idSchema,
  opdId: idSchema,
});

/** tus Upload-Metadata (tus 1.0.0 §Upload-Metadata) read with @tus/utils' own strict parser; {} when malformed. */
function bacaMetadataTus(h: string | undefined): Record<string, string | null> {
  try {
    return Metadata.parse(h);
  } catch {
    return {};
  }
}

/** A refusal tus passes to the client as is: our JSON error shape (docs/sync-protocol.md "Conventions"). */
const tolakTus = (status: number, error: { code: string; message: string }) => ({ status_code: status, body: JSON.stringify({ error }) });

/** May this account send evidence for this OPD's records? Admin for every OPD, an operator for its own. */
const bolehUnggah = (user: UserDb, opdId: string) => user.role === 'admin' || (user.role === 'operator' && user.opdId === opdId);

export function berkasRoutes(k: Konteks, opsi: OpsiBerkas) {
  const r = new Hono<Lingkungan>();
  // simpan/ exists even when the files are in S3: `npm run backup` archives it (empty then).
  mkdirSync(folderSimpan(opsi.dir), { recursive: true });
  mkdirSync(folderUnggah(opsi.dir), { recursive: true });
  const gudang = opsi.gudang ?? gudangLokal(opsi.dir);
  const store = new FileStore({ directory: folderUnggah(opsi.dir), expirationPeriodInMilliseconds: UNGGAHAN_KEDALUWARSA_MS });

  /**
   * The end of an upload, once all its bytes are on disk: hash, type by content, quota, then the
   * content is stored and recorded, or the file is deleted and the refusal thrown (tolakTus). Run
   * by the last PATCH, or by a HEAD that finds an upload complete but never finished (the server
   * stopped, or a step failed, after the last byte was written: tus-js-client then reports success
   * on the HEAD alone). One run per upload at a time.
   */
  const berjalan = new Map<string, Promise<void>>();
  /** Upload creations per OPD, one after the other (the quota check and the creation together). */
  const antreanOpd = new Map<string, Promise<unknown>>();
  const giliranOpd = <T>(opdId: string, kerja: () => Promise<T>): Promise<T> => {
    const hasil = (antreanOpd.get(opdId) ?? Promise.resolve()).then(kerja, kerja);
    const ekor = hasil.catch(() => undefined);
    antreanOpd.set(opdId, ekor);
    void ekor.then(() => {
      if (antreanOpd.get(opdId) === ekor) antreanOpd.delete(opdId);
    });
    return hasil;
  };
  const selesaikanSekali = (upload: Upload): Promise<void> => {
    const ada = berjalan.get(upload.id);
    if (ada) return ada;
    const p = selesaikan(upload).finally(() => berjalan.delete(upload.id));
    berjalan.set(upload.id, p);
    return p;
  };
  async function selesaikan(upload: Upload): Promise<void> {
    const m = upload.metadata ?? {};
    const jalur = `${folderUnggah(opsi.dir)}/${upload.id}`;
    const buang = async () => {
      await rm(jalur, { force: true });
      await rm(`${jalur}.json`, { force: true });
    };
    const hash = await hashBerkas(jalur);
    if (hash !== m.hash) {
      await buang();
      throw tolakTus(400, { code: 'hash_berbeda', message: 'Isi berkas tidak sama dengan hash yang disebutkan; berkas rusak di jalan, kirim ulang' });
    }
    const jenis = await periksaIsi(jalur);
    if (!jenis.ok) {
      await buang();
      throw tolakTus(415, { code: 'jenis_berkas', message: jenis.alasan });
    }
    const ukuran = (await stat(jalur)).size;
    const opdId = String(m.opdId);
    if ((await pemakaianOpd(k.db, opdId)) + ukuran > opsi.kuotaOpdByte && !(await ambilBerkas(k.db, hash))) {
      await buang();
      throw tolakTus(413, { code: 'kuota_penuh', message: `Kuota berkas perangkat daerah ini (${teksMb(opsi.kuotaOpdByte)}) sudah penuh; hubungi Bappeda` });
    }
    // The same content stored once: a second upload of it only drops its copy.
    if (await gudang.ada(hash)) await buang();
    else {
      // The thumbnail is made now from the local file, before the client hears "done" (docs/bukti-dukung.md "Pratinjau").
      if (jenis.mime.startsWith('image/')) await buatPratinjau(gudang, hash, jalur);
      await gudang.simpan(hash, jalur, jenis.mime);
      await rm(`${jalur}.json`, { force: true });
    }
    await k.db.query(
      `INSERT INTO berkas (hash, ukuran, mime, nama, tabel, record_id, opd_id, diunggah_oleh, diunggah_pada)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (hash) DO NOTHING`,
      [hash, ukuran, jenis.mime, String(m.nama), String(m.tabel), String(m.recordId), opdId, String(m.pengunggah), k.now().toISOString()],
    );
    // The bytes arrived and matched the hash: this OPD holds the content (docs/bukti-dukung.md "Hak baca").
    await k.db.query('INSERT INTO pemegang_berkas (hash, opd_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [hash, opdId]);
  }

  const tus = new ServerTus({
    path: JALUR_UNGGAH,
    datastore: store,
    maxSize: opsi.maksByte,
    relativeLocation: true,
    respectForwardedHeaders: false,
    async onUploadFinish(_req, upload) {
      await selesaikanSekali(upload);
      return {};
    },
  });

  const keTus = async (c: Context<Lingkungan>, req: Request) => {
    const res = await tus.handleWeb(req);
    // tus answers are never cached (an offset is only true now).
    const h = new Headers(res.headers);
    h.set('Cache-Control', 'no-store');
    return new Response(res.body, { status: res.status, headers: h });
  };

  r.post('/berkas/unggah', wajibMasuk(k), async (c) => {
    const user = c.get('user');
    const p = metadataUnggahSchema.safeParse(bacaMetadataTus(c.req.header('Upload-Metadata')));
    if (!p.success) return galatJson(c, 400, 'tidak_valid', `Keterangan unggahan tidak valid: ${pesanZod(p.error)}`);
    const m = p.data;
    if (!bolehUnggah(user, m.opdId)) return galatJson(c, 403, 'forbidden', 'Tidak berhak mengirim bukti dukung untuk perangkat daerah ini');
    const panjang = Number(c.req.header('Upload-Length'));
    if (!Number.isInteger(panjang) || panjang <= 0) return galatJson(c, 400, 'tidak_valid', 'Upload-Length wajib diisi dengan ukuran berkas');
    if (panjang > opsi.maksByte)
      return galatJson(c, 413, 'terlalu_besar', `Berkas terlalu besar: ${teksMb(panjang)}, maksimal ${teksMb(opsi.maksByte)} per berkas`);
    // Stored files and unfinished uploads count (docs/bukti-dukung.md "Batas"). The creations of one
    // OPD take turns, check and create together: a reservation beside the uploads on disk counted
    // an upload twice in the moment between tus writing its .json and the reservation's release.
    return giliranOpd(m.opdId, async () => {
      if (
        !(await ambilBerkas(k.db, m.hash)) &&
        (await pemakaianOpd(k.db, m.opdId)) + (await pemakaianUnggahan(opsi.dir, m.opdId)) + panjang > opsi.kuotaOpdByte
      ) {
        return galatJson(c, 413, 'kuota_penuh', `Kuota berkas perangkat daerah ini (${teksMb(opsi.kuotaOpdByte)}) sudah penuh; hubungi Bappeda`);
      }
      // The uploader is the server's word, never the client's: later requests are checked against it.
      const h = new Headers(c.req.raw.headers);
      h.set('Upload-Metadata', Metadata.stringify({ ...m, pengunggah: user.username }));
      const body = c.req.raw.body;
      // Once tus answers, the upload's .json is on disk and counts for the next creation.
      return keTus(c, new Request(c.req.raw.url, { method: 'POST', headers: h, ...(body ? { body, duplex: 'half' } : {}) } as RequestInit));
    });
  });

  // Hono routes a HEAD through GET; the raw request keeps its method.
  r.on(['GET', 'PATCH', 'DELETE'], '/berkas/unggah/:id', wajibMasuk(k), async (c) => {
    const id = c.req.param('id');
    if (c.req.raw.method === 'GET') return galatJson(c, 404, 'tidak_ditemukan', 'Unggahan dibaca lewat /berkas/:hash');
    if (!/^[0-9a-zA-Z_-]{1,100}$/.test(id)) return galatJson(c, 404, 'tidak_ditemukan', 'Unggahan tidak ditemukan');
    let u: Upload;
    try {
      u = await store.getUpload(id);
    } catch {
      return galatJson(c, 404, 'tidak_ditemukan', 'Unggahan tidak ditemukan atau sudah kedaluwarsa; kirim ulang dari awal');
    }
    if (u.metadata?.pengunggah !== c.get('user').username) return galatJson(c, 403, 'forbidden', 'Unggahan ini milik akun lain');
    // Every byte is here but the upload was never finished: finish it before telling the client so.
    if (c.req.raw.method === 'HEAD' && u.size !== undefined && u.offset === u.size) {
      const kepala = { 'Tus-Resumable': '1.0.0', 'Cache-Control': 'no-store' };
      try {
        await selesaikanSekali(u);
      } catch (e) {
        const t = e as { status_code?: number; body?: string };
        if (!t.status_code) throw e;
        return new Response(t.body ?? null, { status: t.status_code, headers: { ...kepala, 'Content-Type': 'application/json' } });
      }
      return new Response(null, { status: 200, headers: { ...kepala, 'Upload-Offset': String(u.size), 'Upload-Length': String(u.size) } });
    }
    return keTus(c, c.req.raw);
  });
  r.options('/berkas/unggah', (c) => keTus(c, c.req.raw));

  const hashParam = (c: Context<Lingkungan>) => hashBerkasSchema.safeParse(c.req.param('hash'));
  /**
   * The file `:hash` names, when the signed-in user may read it (docs/bukti-dukung.md "Hak baca"),
   * else the error answer: 400 bad hash, 404 not on the server, 403 another OPD's file.
   */
  const berkasTerbaca = async (c: Context<Lingkungan>) => {
    const h = hashParam(c);
    if (!h.success) return galatJson(c, 400, 'tidak_valid', 'Hash berkas tidak valid');
    const b = await ambilBerkas(k.db, h.data);
    if (!b) return galatJson(c, 404, 'tidak_ditemukan', 'Berkas belum ada di server');
    const user = c.get('user');
    const pemegang = [b.opdId, ...(await opdPemegang(k.db, b.hash))];
    // The attachments are read only when holding the content does not settle it (an operator of another OPD).
    if (!bolehBacaBerkas(user, pemegang) && !bolehBacaBerkas(user, pemegang, await lampiranBerkas(k.db, b.hash)))
      return galatJson(c, 403, 'forbidden', 'Berkas ini milik perangkat daerah lain');
    return b;
  };

  // Download: only for whoever may read the records the file belongs to (docs/bukti-dukung.md "Hak baca").
  r.get('/berkas/:hash', wajibMasuk(k), async (c) => {
    const b = await berkasTerbaca(c);
    if (b instanceof Response) return b;
    // A row without its bytes (a database restored without its files, a lost object): 404, so a
    // tablet holding the file sends it again (its HEAD check), never a 200 that breaks off empty.
    if (!(await gudang.ada(b.hash)))
      return galatJson(c, 404, 'tidak_ditemukan', 'Isi berkas tidak ada di penyimpanan server; lampirkan ulang dari perangkat yang menyimpannya');
    const headers = {
      'Content-Type': b.mime,
      'Content-Length': String(b.ukuran),
      // Content-addressed: the bytes behind a hash never change.
      'Cache-Control': 'private, max-age=31536000, immutable',
      'Content-Disposition': `${b.mime.startsWith('image/') ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(b.nama)}`,
    };
    if (c.req.raw.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(await gudang.baca(b.hash), 200, headers);
  });

  // Thumbnail of an image (docs/bukti-dukung.md "Pratinjau"), with the same read rights as the file.
  r.get('/berkas/:hash/thumb', wajibMasuk(k), async (c) => {
    const b = await berkasTerbaca(c);
    if (b instanceof Response) return b;
    // No thumbnail kept and no bytes to make one: "not yet", so the tablet asks again after a later sync
    // (tanpa_pratinjau would be remembered for good; docs/bukti-dukung.md "Pratinjau di tablet").
    if (b.mime.startsWith('image/') && !(await gudang.bacaPratinjau(b.hash)) && !(await gudang.ada(b.hash)))
      return galatJson(c, 404, 'tidak_ditemukan', 'Isi berkas tidak ada di penyimpanan server; lampirkan ulang dari perangkat yang menyimpannya');
    const webp = b.mime.startsWith('image/') ? await pratinjau(gudang, b.hash) : null;
    if (!webp) return galatJson(c, 404, 'tanpa_pratinjau', 'Berkas ini tidak memiliki pratinjau');
    const headers = { 'Content-Type': 'image/webp', 'Content-Length': String(webp.length), 'Cache-Control': 'private, max-age=31536000, immutable' };
    if (c.req.raw.method === 'HEAD') return c.body(null, 200, headers);
    return c.body(new Uint8Array(webp), 200, headers);
  });

  return r;
}
