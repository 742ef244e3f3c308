/**
 * Sends the device's evidence files to the server (issue 15 point 2; docs/bukti-dukung.md "API"),
 * one at a time, separately from the record sync: the sync engine only pokes it (`picu`) and never
 * waits for it, so a 10 MB scan on a slow link never holds back a typed value.
 *
 * Per file: `HEAD /berkas/<hash>` first (the server may have the content already: the same photo on
 * another tablet); else a tus upload (tus-js-client, loaded on first use) in 1 MiB chunks. The
 * upload's address is kept in `berkasLokal.urlUnggah` as soon as the server gives it, so after a
 * cut link, a closed tab or a restart the upload asks the server for its offset and goes on from
 * there. A refusal (type, size, quota: a 4xx) is kept with its Indonesian reason and never retried
 * by itself; a network failure leaves the file waiting for the next poke.
 */
import { PutaranTunggal } from './putaran.ts';
import type { BerkasLokal, PantauDB } from '../db/database.ts';
import type { FetchFn } from './client.ts';

/** Bytes per PATCH: a cut link loses at most this much; each chunk costs one round trip. */
export const UKURAN_POTONGAN = 1024 * 1024;
/** How often progress is written to IndexedDB at most (the screen reads it live). */
const JEDA_PROGRES_MS = 500;

export interface OpsiPengunggah {
  db: PantauDB;
  /** '' for same origin (the browser). */
  baseUrl: string;
  getToken: () => string | null;
  /** For the HEAD check (tests pass the app's); tus-js-client uses the platform's XHR. */
  fetch?: FetchFn;
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
      try {
        await this.#putaran();
      } catch (e) {
        console.error('Unggah berkas gagal', e);
      }
    },
    () => !this.#henti,
  );
  #henti = false;
  #batal: (() => void) | null = null;

  constructor(opsi: OpsiPengunggah) {
    this.#opsi = opsi;
  }

  /** Start sending what waits (or once more after the run in progress). Never throws. */
  picu(): Promise<void> {
    this.#henti = false;
    return this.#jadwal.picu();
  }

  /** Stop (signing out): the upload in progress is abandoned; its offset stays on the server. */
  stop(): void {
    this.#henti = true;
    this.#batal?.();
  }

  async #putaran(): Promise<void> {
    const db = this.#opsi.db;
    const antre = (await db.berkasLokal.where('status').anyOf('lokal', 'mengunggah').toArray()).sort((a, b) => a.dibuatPada.localeCompare(b.dibuatPada));
    for (const b of antre) {
      if (this.#henti || !this.#opsi.getToken()) return;
      // A network failure ends the run: the next poke (online, next sync) tries again.
      if (!(await this.#kirim(b))) return;
    }
  }

  /** Sends one file. Returns false when the network failed (stop for now), true otherwise. */
  async #kirim(b: BerkasLokal): Promise<boolean> {
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
    // 403: the server has this content for another OPD; this tablet's record will let its OPD read it.
    if (ada.status === 200 || ada.status === 403) {
      await db.berkasLokal.update(b.hash, { status: 'terkirim', terkirimByte: b.ukuran, alasan: '', urlUnggah: null });
      return true;
    }
    if (ada.status === 401) return false;

    const { Upload } = await import('tus-js-client');
    let terakhirTulis = 0;
    return new Promise<boolean>((selesai) => {
      const u = new Upload(b.blob, {
        endpoint: `${this.#opsi.baseUrl}/api/v1/berkas/unggah`,
        uploadUrl: b.urlUnggah,
        uploadSize: b.ukuran,
        chunkSize: UKURAN_POTONGAN,
        retryDelays: [0, 2000, 5000],
        headers: auth,
        metadata: { hash: b.hash, nama: b.nama, tabel: b.tabel, recordId: b.recordId, opdId: b.opdId },
        storeFingerprintForResuming: false,
        onUploadUrlAvailable: () => void db.berkasLokal.update(b.hash, { urlUnggah: u.url, status: 'mengunggah' }),
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
}
