/**
 * Pull pages fetched, parsed and stored in a dedicated worker (issue 17 §5 "First sync off the main
 * thread (Dexie in a worker, or equivalent)"; docs/architecture.md "Pull off the main thread").
 *
 * Two halves speaking over a message port (a Worker in the browser, a MessageChannel in tests):
 * - `layaniTarik(port)` runs in the worker (src/sync/pekerja-tarik.ts): it fetches a page with its
 *   own `KlienSinkron` (the token comes with each request), keeps the parsed page, and stores it
 *   with `terapkanHalaman` on its own Dexie connection to the user's database when asked.
 * - `PenarikPekerja` is the engine's `Penarik` on the main thread: it sends requests and rebuilds
 *   the answers (the page's summary; errors as the client's own classes, so backoff, the 401 pause
 *   and the "storage full" message work as on the main thread).
 *
 * A worker that cannot start (a failed script load, a browser without module workers) leaves the
 * pulls to `cadangan` (the main-thread `PenarikUtas`); the requests it had are failed as network
 * errors, so the engine retries them with backoff, from the last stored page.
 */
import { PantauDB } from '../db/database.ts';
import { terapkanHalaman, UrutanTarikTerputus } from '../db/tarik.ts';
import type { Change } from '../shared/protocol.ts';
import { GalatBatasWaktu, GalatJaringan, GalatOtorisasi, GalatServer, KlienSinkron, type DiKepala, type FetchFn, type OpsiHalaman } from './client.ts';
import { mintaHalaman, nextTerapkan, ringkasHalaman, type HalamanTarik, type OpsiTerapkan, type Penarik, type PermintaanHalaman } from './penarik.ts';

/** The part of a Worker / MessagePort both halves use. */
export interface PortPesan {
  postMessage(pesan: unknown): void;
  addEventListener(jenis: 'message', f: (e: MessageEvent) => void): void;
  addEventListener(jenis: 'error' | 'messageerror', f: (e: Event) => void): void;
  start?(): void;
  terminate?(): void;
  close?(): void;
}

/** Main thread → worker. `id` numbers a request; a page is known by the id of the request that fetched it. */
export type PesanKePekerja =
  | { jenis: 'ambil'; id: number; namaDb: string; baseUrl: string; token: string | null; batasWaktuMs?: number | undefined; req: PermintaanHalaman }
  | { jenis: 'terapkan'; id: number; halaman: number; opsi: OpsiTerapkan }
  | { jenis: 'buang'; halaman: number }
  /** Give up the `ambil` numbered `halaman` while it is still being fetched (its answer is then a network error). */
  | { jenis: 'batal'; halaman: number };

/**
 * Worker → main thread: the answer to request `id`, or (`kepala`) before the answer to an `ambil`,
 * the next page's `since` its headers named (KlienSinkron `DiKepala`).
 */
export type PesanDariPekerja = { id: number; ok: true; nilai: unknown } | { id: number; ok: false; galat: GalatTerkirim } | { id: number; kepala: number };

/** An error as it crosses the port (structured clone keeps neither class nor getters). */
export type GalatTerkirim =
  | { jenis: 'otorisasi'; kode: string; pesan: string }
  | { jenis: 'server'; status: number; kode: string; pesan: string }
  | { jenis: 'batasWaktu'; detik: number }
  | { jenis: 'jaringan' }
  | { jenis: 'urutan'; kursor: number; dari: number }
  | { jenis: 'lain'; nama: string; pesan: string; namaDalam?: string | undefined };

/** `e` in a form that crosses a message port and is rebuilt by `bangunGalat`. */
export function kirimGalat(e: unknown): GalatTerkirim {
  if (e instanceof GalatOtorisasi) return { jenis: 'otorisasi', kode: e.kode, pesan: e.message };
  if (e instanceof GalatServer) return { jenis: 'server', status: e.status, kode: e.kode, pesan: e.message };
  if (e instanceof GalatBatasWaktu) return { jenis: 'batasWaktu', detik: e.detik };
  if (e instanceof GalatJaringan) return { jenis: 'jaringan' };
  if (e instanceof UrutanTarikTerputus) return { jenis: 'urutan', kursor: e.kursor, dari: e.dari };
  const err = e as { name?: unknown; message?: unknown; inner?: { name?: unknown } } | null;
  return {
    jenis: 'lain',
    nama: typeof err?.name === 'string' ? err.name : 'Error',
    pesan: typeof err?.message === 'string' ? err.message : String(e),
    namaDalam: typeof err?.inner?.name === 'string' ? err.inner.name : undefined,
  };
}

/** The error `kirimGalat` sent, as its own class again (a Dexie error keeps its name and inner name). */
export function bangunGalat(g: GalatTerkirim): Error {
  switch (g.jenis) {
    case 'otorisasi':
      return new GalatOtorisasi(g.kode, g.pesan);
    case 'server':
      return new GalatServer(g.status, g.kode, g.pesan);
    case 'batasWaktu':
      return new GalatBatasWaktu(g.detik);
    case 'jaringan':
      return new GalatJaringan();
    case 'urutan':
      return new UrutanTarikTerputus(g.kursor, g.dari);
    case 'lain': {
      const e = new Error(g.pesan) as Error & { inner?: { name: string } };
      e.name = g.nama;
      if (g.namaDalam) e.inner = { name: g.namaDalam };
      return e;
    }
  }
}

/**
 * Pages a worker holds at most: the engine asks for two ahead (src/sync/antrean-tarik.ts) beside
 * the one being stored; beyond this the oldest is dropped (a page the engine forgot to drop must
 * not keep megabytes in the worker).
 */
export const MAKS_HALAMAN_DI_PEKERJA = 8;

/**
 * The worker half: answers `PesanKePekerja` on `port` until it closes. `opsi.fetch` replaces the
 * platform fetch (tests), `opsi.bukaDb` how a database is opened (default `new PantauDB(nama)`; one
 * connection per name, kept open). Returns the number of pages held, for tests.
 */
export function layaniTarik(port: PortPesan, opsi: { fetch?: FetchFn; bukaDb?: (nama: string) => PantauDB } = {}): { jumlahHalaman: () => number } {
  const halaman = new Map<number, { changes: Change[]; next: number; namaDb: string }>();
  /** The `ambil`s being fetched, by id, for `batal`. */
  const berjalan = new Map<number, AbortController>();
  const db = new Map<string, PantauDB>();
  const bukaDb = (nama: string) => {
    let d = db.get(nama);
    if (!d) db.set(nama, (d = opsi.bukaDb ? opsi.bukaDb(nama) : new PantauDB(nama)));
    return d;
  };
  const jawab = (id: number, kerja: () => Promise<unknown>) => {
    kerja().then(
      (nilai) => port.postMessage({ id, ok: true, nilai } satisfies PesanDariPekerja),
      (e: unknown) => port.postMessage({ id, ok: false, galat: kirimGalat(e) } satisfies PesanDariPekerja),
    );
  };
  port.addEventListener('message', (e: MessageEvent) => {
    const m = e.data as PesanKePekerja;
    if (m.jenis === 'buang') {
      halaman.delete(m.halaman);
      return;
    }
    if (m.jenis === 'batal') {
      berjalan.get(m.halaman)?.abort();
      return;
    }
    if (m.jenis === 'ambil') {
      jawab(m.id, async () => {
        const klien = new KlienSinkron({ baseUrl: m.baseUrl, getToken: () => m.token, fetch: opsi.fetch, batasWaktuMs: m.batasWaktuMs });
        const ac = new AbortController();
        berjalan.set(m.id, ac);
        const page = await mintaHalaman(klien, m.req, {
          diKepala: (kepala) => port.postMessage({ id: m.id, kepala } satisfies PesanDariPekerja),
          sinyal: ac.signal,
        }).finally(() => berjalan.delete(m.id));
        halaman.set(m.id, { changes: page.changes, next: nextTerapkan(m.req, page), namaDb: m.namaDb });
        while (halaman.size > MAKS_HALAMAN_DI_PEKERJA) halaman.delete(halaman.keys().next().value!);
        return ringkasHalaman(page, m.req.kunci);
      });
      return;
    }
    jawab(m.id, async () => {
      const h = halaman.get(m.halaman);
      halaman.delete(m.halaman);
      if (!h) throw new Error('Halaman tarik tidak ada lagi di pekerja sinkron');
      return terapkanHalaman(bukaDb(h.namaDb), h.changes, h.next, m.opsi);
    });
  });
  port.start?.();
  return { jumlahHalaman: () => halaman.size };
}

export interface OpsiPenarikPekerja {
  /** Starts the worker (called at the first request, and again after `tutup`). */
  buatPort: () => PortPesan;
  namaDb: string;
  baseUrl: string;
  getToken: () => string | null;
  batasWaktuMs?: number | undefined;
  /** Where pulls go when the worker cannot run. */
  cadangan: Penarik;
}

/** The main-thread half: the engine's `Penarik` backed by a worker. */
export class PenarikPekerja implements Penarik {
  readonly #opsi: OpsiPenarikPekerja;
  #port: PortPesan | null = null;
  #rusak = false;
  #id = 0;
  readonly #menunggu = new Map<number, { terima: (v: unknown) => void; tolak: (e: Error) => void; kepala?: DiKepala | undefined }>();

  constructor(opsi: OpsiPenarikPekerja) {
    this.#opsi = opsi;
  }

  /** Whether pulls went to the main thread because the worker could not run. */
  get rusak(): boolean {
    return this.#rusak;
  }

  #pakaiPort(): PortPesan | null {
    if (this.#rusak) return null;
    if (this.#port) return this.#port;
    let port: PortPesan;
    try {
      port = this.#opsi.buatPort();
    } catch (e) {
      console.error('Pekerja sinkron tidak dapat dimulai; data ditarik di utas utama', e);
      this.#rusak = true;
      return null;
    }
    port.addEventListener('message', (e: MessageEvent) => {
      const m = e.data as PesanDariPekerja;
      const w = this.#menunggu.get(m.id);
      if (!w) return;
      if ('kepala' in m) return void w.kepala?.(m.kepala);
      this.#menunggu.delete(m.id);
      if (m.ok) w.terima(m.nilai);
      else w.tolak(bangunGalat(m.galat));
    });
    const gagal = (e: Event) => {
      // A worker whose script failed to load or that crashed: the main thread pulls from now on;
      // what was asked of it fails as a network error and is asked again (backoff, last stored page).
      console.error('Pekerja sinkron berhenti; data ditarik di utas utama', e);
      this.#rusak = true;
      this.#lepas(new GalatJaringan(e));
    };
    port.addEventListener('error', gagal);
    port.addEventListener('messageerror', gagal);
    port.start?.();
    this.#port = port;
    return port;
  }

  #lepas(e: Error): void {
    const port = this.#port;
    this.#port = null;
    port?.terminate?.();
    port?.close?.();
    for (const w of this.#menunggu.values()) w.tolak(e);
    this.#menunggu.clear();
  }

  #minta<T>(port: PortPesan, buat: (id: number) => PesanKePekerja, kepala?: DiKepala): Promise<T> {
    const id = ++this.#id;
    return new Promise<T>((terima, tolak) => {
      this.#menunggu.set(id, { terima: terima as (v: unknown) => void, tolak, kepala });
      port.postMessage(buat(id));
    });
  }

  async ambil(req: PermintaanHalaman, opsiHalaman: OpsiHalaman = {}): Promise<HalamanTarik> {
    const port = this.#pakaiPort();
    if (!port) return this.#opsi.cadangan.ambil(req, opsiHalaman);
    const { diKepala, sinyal } = opsiHalaman;
    if (sinyal?.aborted) throw new GalatJaringan(sinyal.reason);
    const { namaDb, baseUrl, batasWaktuMs } = this.#opsi;
    let idHalaman = 0;
    const ringkas = await this.#minta<Omit<HalamanTarik, 'terapkan' | 'buang'>>(
      port,
      (id) => {
        idHalaman = id;
        // Given up while the worker fetches it: the worker aborts the request (answered as a network error).
        sinyal?.addEventListener('abort', () => this.#port === port && port.postMessage({ jenis: 'batal', halaman: id } satisfies PesanKePekerja), {
          once: true,
        });
        return { jenis: 'ambil', id, namaDb, baseUrl, token: this.#opsi.getToken(), batasWaktuMs, req };
      },
      diKepala,
    );
    let ada = true;
    return {
      ...ringkas,
      terapkan: (opsi) => {
        if (!ada) return Promise.reject(new Error('Halaman tarik sudah diterapkan atau dibuang'));
        ada = false;
        // A worker that stopped since has lost the page: a network error, fetched again on the retry.
        if (this.#port !== port) return Promise.reject(new GalatJaringan());
        return this.#minta(port, (id) => ({ jenis: 'terapkan', id, halaman: idHalaman, opsi }));
      },
      buang: () => {
        if (!ada) return;
        ada = false;
        if (this.#port === port) port.postMessage({ jenis: 'buang', halaman: idHalaman } satisfies PesanKePekerja);
      },
    };
  }

  /** Ends the worker (its database connection closes with it); the next request starts another. */
  tutup(): void {
    this.#lepas(new GalatJaringan());
    this.#opsi.cadangan.tutup();
  }
}

/**
 * The browser's worker (`null` where there is no Worker, e.g. Node): Vite bundles
 * src/sync/pekerja-tarik.ts as its own chunk, which the service worker precaches with the rest.
 */
export function buatPenarikPekerja(opsi: Omit<OpsiPenarikPekerja, 'buatPort'>): PenarikPekerja | null {
  if (typeof Worker === 'undefined') return null;
  return new PenarikPekerja({
    ...opsi,
    buatPort: () => new Worker(new URL('./pekerja-tarik.ts', import.meta.url), { type: 'module', name: 'pantau-tarik' }),
  });
}
