/**
 * Sends the device's evidence files to the server (issue 15 point 2; docs/bukti-dukung.md "API"),
 * one at a time, separately from the record sync: the sync engine only pokes it (`picu`) and never
 * waits for it, so a 10 MB scan on a slow link never holds back a typed value.
 *
 * Per file: `HEAD /berkas/<hash>` first (200: the server has the content already and this account
 * reads it, the same photo on another tablet of the OPD); else (404, or 403: held for another OPD
 * only) a tus upload (tus-js-client, loaded on first use) in 1 MiB chunks. The
 * upload's address is kept in `berkasLokal.urlUnggah` as soon as the server gives it, so after a
 * cut link, a closed tab or a restart the upload asks the server for its offset and goes on from
 * there. A refusal (type, size, quota: a 4xx) is kept with its Indonesian reason and never retried
 * by itself; a network failure leaves the file waiting for the next poke.
 *
 * After the uploads, the same run pulls the thumbnails of the evidence images the device's records
 * name and it does not hold (issue 15 point 4 "Tablets pull thumbnails with the records";
 * docs/bukti-dukung.md "Pratinjau di tablet"): `GET /berkas/<hash>/thumb`, kept in
 * `pratinjauLokal`, so the panel and the Layar show them offline. Full files are fetched on demand.
 */
import type { UploadOptions } from 'tus-js-client';
import { PutaranTunggal } from './putaran.ts';
import type { BerkasLokal, PantauDB, PratinjauLokal } from '../db/database.ts';
import { daftarTanyaUlang, selesaiTanyaUlang } from '../db/tanya-ulang.ts';
import type { FetchFn } from './client.ts';

/** The part of tus-js-client's `Upload` this module uses (unit tests pass a fake tus). */
export interface UnggahanTus {
  readonly url: string | null;
  start(): void;
  abort(): Promise<void> | void;
}
export type BuatUnggahanTus = (blob: Blob, opsi: UploadOptions) => UnggahanTus;

/** tus-js-client, loaded on first use (it is not needed until a file waits). */
async function tusJsClient(): Promise<BuatUnggahanTus> {
  const { Upload } = await import('tus-js-client');
  return (blob, opsi) => new Upload(blob, opsi);
}

/** A thumbnail refused (403) is asked again after this long (ms) even if no new record names it: a changed role. */
export const TANYA_ULANG_DITOLAK_MS = 24 * 60 * 60 * 1000;

/** Bytes per PATCH: a cut link loses at most this much; each chunk costs one round trip. */
export const UKURAN_POTONGAN = 1024 * 1024;
/** How often progress is written to IndexedDB at most (the screen reads it live). */
const JEDA_PROGRES_MS = 500;

export interface OpsiPengunggah {
  db: PantauDB;
  /** '' for same origin (the browser). */
  baseUrl: string;
  getToken: () => string | null;
  /** For the HEAD check and the thumbnails (tests pass the app's); tus-js-client uses the platform's XHR. */
  fetch?: FetchFn;
  /** Makes a tus upload (default tus-js-client's `Upload`; unit tests pass a fake). */
  tus?: () => Promise<BuatUnggahanTus>;
}

/** The Indonesian reason in a server error body, or a general one. */
function alasanDari(body: string, status: number): string {
  try {
    const j = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof j.error?.message === 'string') return j.error.message;
  } catch {
    // not JSON: fall through
  }
  return `Server menolak berkas (kode ${status})`;
}

export class PengunggahBerkas {
  readonly #opsi: OpsiPengunggah;
  readonly #jadwal = new PutaranTunggal(
    async () => {
      this.#dipicu = false;
      try {
        await this.#putaran();
      } catch (e) {
        console.error('Unggah berkas gagal', e);
      }
      try {
        await this.#tarikPratinjau();
      } catch (e) {
        console.error('Mengambil pratinjau gagal', e);
      }
    },
    () => !this.#henti,
  );
  #henti = false;
  /** Poked during this run: the thumbnail pull yields so a file just attached goes out first. */
  #dipicu = false;
  #batal: (() => void) | null = null;

  constructor(opsi: OpsiPengunggah) {
    this.#opsi = opsi;
  }

  /** Start sending what waits (or once more after the run in progress). Never throws. */
  picu(): Promise<void> {
    this.#henti = false;
    this.#dipicu = true;
    return this.#jadwal.picu();
  }

  /** Stop (signing out): the upload in progress is abandoned; its offset stays on the server. */
  stop(): void {
    this.#henti = true;
    this.#batal?.();
  }

  async #putaran(): Promise<void> {
    const db = this.#opsi.db;
    // Files waiting, and those a restored server is asked about again (src/db/tanya-ulang.ts).
    const tanya = await daftarTanyaUlang(db);
    const hashTanya = [...tanya];
    const terdaftar = await db.berkasLokal.bulkGet(hashTanya);
    // A listed file no longer on the device (its data came back from a copy without it) has nothing to ask.
    for (const [i, h] of hashTanya.entries()) if (!terdaftar[i]) await selesaiTanyaUlang(db, h);
    const antre = (await db.berkasLokal.where('status').anyOf('lokal', 'mengunggah').toArray())
      .concat(terdaftar.filter((b): b is BerkasLokal => b?.status === 'terkirim'))
      .sort((a, b) => a.dibuatPada.localeCompare(b.dibuatPada));
    for (const b of antre) {
      if (this.#henti || !this.#opsi.getToken()) return;
      // A network failure ends the run: the next poke (online, next sync) tries again.
      if (!(await this.#kirim(b, tanya.has(b.hash)))) return;
    }
  }

  /**
   * Sends one file. `tanyaUlang`: the file is listed to ask a restored server about again: an upload
   * address kept from before the restore is not used, and the answer takes it off the list. Returns
   * false when the network failed (stop for now), true otherwise.
   */
  async #kirim(b: BerkasLokal, tanyaUlang: boolean): Promise<boolean> {
    const selesai = await this.#kirimSekali(b, tanyaUlang);
    // Answered for (stored, already there, or refused): off the list. A network failure keeps it.
    if (selesai && tanyaUlang) await selesaiTanyaUlang(this.#opsi.db, b.hash);
    return selesai;
  }

  async #kirimSekali(b: BerkasLokal, tanyaUlang: boolean): Promise<boolean> {
    const db = this.#opsi.db;
    const token = this.#opsi.getToken();
    if (!token) return false;
    const auth = { Authorization: `Bearer ${token}` };
    let ada: Response;
    try {
      ada = await (this.#opsi.fetch ?? fetch)(`${this.#opsi.baseUrl}/api/v1/berkas/${b.hash}`, { method: 'HEAD', headers: auth, cache: 'no-store' });
    } catch {
      return false;
    }
    // 200: this account may read it, nothing to send. 403: the server has this content for another
    // OPD only; it is sent anyway, the bytes prove this OPD holds it (the server keeps one copy and
    // lets this OPD read it; docs/bukti-dukung.md "Hak baca").
    if (ada.status === 200) {
      // A row already terkirim is left as it is (rewriting it would copy its Blob).
      if (b.status !== 'terkirim') await db.berkasLokal.update(b.hash, { status: 'terkirim', terkirimByte: b.ukuran, alasan: '', urlUnggah: null });
      return true;
    }
    if (ada.status === 401) return false;

    const buat = await (this.#opsi.tus ?? tusJsClient)();
    let terakhirTulis = 0;
    return new Promise<boolean>((selesai) => {
      const u = buat(b.blob, {
        endpoint: `${this.#opsi.baseUrl}/api/v1/berkas/unggah`,
        uploadUrl: tanyaUlang ? null : b.urlUnggah,
        uploadSize: b.ukuran,
        chunkSize: UKURAN_POTONGAN,
        retryDelays: [0, 2000, 5000],
        headers: auth,
        metadata: { hash: b.hash, nama: b.nama, tabel: b.tabel, recordId: b.recordId, opdId: b.opdId },
        storeFingerprintForResuming: false,
        // An address from the restored server: from here on an ordinary upload, resumed as any other.
        onUploadUrlAvailable: () =>
          void db.berkasLokal.update(b.hash, { urlUnggah: u.url, status: 'mengunggah' }).then(() => (tanyaUlang ? selesaiTanyaUlang(db, b.hash) : undefined)),
        onProgress: (kirim) => {
          const kini = Date.now();
          if (kini - terakhirTulis < JEDA_PROGRES_MS) return;
          terakhirTulis = kini;
          void db.berkasLokal.update(b.hash, { status: 'mengunggah', terkirimByte: kirim });
        },
        onSuccess: () => {
          this.#batal = null;
          void db.berkasLokal.update(b.hash, { status: 'terkirim', terkirimByte: b.ukuran, alasan: '', urlUnggah: null }).then(() => selesai(true));
        },
        onError: (e) => {
          this.#batal = null;
          const res = (e as { originalResponse?: { getStatus(): number; getBody(): string } | null }).originalResponse;
          const status = res?.getStatus() ?? 0;
          // 4xx other than "sign in again" and "locked": the server refused this file for good.
          if (status >= 400 && status < 500 && status !== 401 && status !== 409 && status !== 423) {
            void db.berkasLokal.update(b.hash, { status: 'ditolak', alasan: alasanDari(res!.getBody(), status), urlUnggah: null }).then(() => selesai(true));
          } else selesai(false);
        },
      });
      this.#batal = () => {
        void u.abort();
        selesai(false);
      };
      u.start();
    });
  }

  /**
   * Pulls the thumbnails of the evidence images named by live records on this device that it has no
   * copy of (docs/bukti-dukung.md "Pratinjau di tablet"). A thumbnail the server has none of (404
   * `tanpa_pratinjau`) is remembered as none; a refusal (403) too, with the number of records naming
   * the file, and is asked again when more records name it (the attachment that grants the right,
   * src/shared/izin.ts `bolehBacaBerkas`) or after `TANYA_ULANG_DITOLAK_MS` (a changed role); a file
   * not on the server yet (404 `tidak_ditemukan`: its tablet has not sent it) is asked again after a
   * later sync. Stops at the first network failure or 401, and when poked meanwhile: a file attached
   * during a long first pull of a kabupaten's thumbnails never waits for it.
   */
  async #tarikPratinjau(): Promise<void> {
    const db = this.#opsi.db;
    const lampiran = new Map<string, number>();
    await db.buktiDukung.filter((b) => !b.deleted && b.mime.startsWith('image/')).each((b) => void lampiran.set(b.hash, (lampiran.get(b.hash) ?? 0) + 1));
    const hashes = [...lampiran.keys()];
    if (!hashes.length) return;
    const [lokal, pratinjau, luring] = await Promise.all([db.berkasLokal.bulkGet(hashes), db.pratinjauLokal.bulkGet(hashes), db.berkasLuring.bulkGet(hashes)]);
    const sekarang = Date.now();
    const tanyaLagi = (p: PratinjauLokal | undefined, hash: string): boolean =>
      !p || (p.ditolak !== undefined && (lampiran.get(hash)! > p.ditolak.lampiran || sekarang - Date.parse(p.diambilPada) >= TANYA_ULANG_DITOLAK_MS));
    const perlu = hashes.filter((h, i) => !lokal[i] && !luring[i] && tanyaLagi(pratinjau[i], h));
    for (const hash of perlu) {
      const token = this.#opsi.getToken();
      // A poke meanwhile (a file attached, a sync ended) runs the uploads first; the pull goes on in that next run.
      if (this.#henti || this.#dipicu || !token) return;
      let res: Response;
      try {
        res = await (this.#opsi.fetch ?? fetch)(`${this.#opsi.baseUrl}/api/v1/berkas/${hash}/thumb`, { headers: { Authorization: `Bearer ${token}` } });
      } catch {
        return;
      }
      const kini = new Date().toISOString();
      if (res.ok) {
        await db.pratinjauLokal.put({ hash, blob: await res.blob(), diambilPada: kini });
        continue;
      }
      if (res.status === 401) return;
      const kode =
        res.status === 404
          ? await res.json().then(
              (j: { error?: { code?: string } }) => j.error?.code,
              () => undefined,
            )
          : undefined;
      if (res.status === 403) await db.pratinjauLokal.put({ hash, blob: null, diambilPada: kini, ditolak: { lampiran: lampiran.get(hash)! } });
      else if (kode === 'tanpa_pratinjau') await db.pratinjauLokal.put({ hash, blob: null, diambilPada: kini });
    }
  }
}
