/**
 * Where pull pages are fetched, parsed and stored (issue 17 §5; docs/architecture.md "Sync engine",
 * "Pull off the main thread"). The engine decides which page comes next, checks the server's
 * identity and holds the order; a `Penarik` does the heavy part of a page: the request, the JSON
 * parse and Zod check of up to MAKS_BYTE_PULL of records, and the IndexedDB transaction that stores
 * them (`terapkanHalaman`). In the browser that is a dedicated worker (src/sync/penarik-pekerja.ts)
 * with its own Dexie connection to the same database, so a first sync of a large kota never holds
 * the tablet's screen; the screens' live queries hear of each stored page through Dexie's
 * cross-context `storagemutated` broadcast (Dexie ≥ 3.2, https://dexie.org/docs/Dexie/Dexie.on.storagemutated).
 * `PenarikUtas` does the same on the calling thread: for Node (unit tests), a browser without
 * Worker, and tests that inject their own `fetch`.
 *
 * A page stays where it was parsed: the engine gets its summary (`HalamanTarik`: counts, cursor,
 * server identity; keys only when asked) and later says `terapkan` or `buang`.
 */
import type { PantauDB } from '../db/database.ts';
import { terapkanHalaman, type HasilTerapkan } from '../db/tarik.ts';
import type { Change, PullResponse } from '../shared/protocol.ts';
import type { KlienSinkron, OpsiHalaman } from './client.ts';

/** The pull scope of a run (src/db/lingkup-tahun.ts `lingkupPull`). */
export interface LingkupTarik {
  tahunMin: number;
  tahun: readonly number[];
}

/**
 * One page to fetch: `since` (cursor), `jumlah` (records asked for), `byte` (byte budget, issue 17 §1),
 * and either the run's scope (GET /sync/pull) or one older `tahun` (GET /sync/tahun, issue 17 §2).
 * `kunci`: return the page's `table:key`s (a full re-pull counts what it saw).
 */
export type PermintaanHalaman = { since: number; jumlah: number; byte: number; kunci: boolean } & ({ lingkup: LingkupTarik } | { tahun: number });

/** Options of storing a page (see `terapkanHalaman`). */
export interface OpsiTerapkan {
  timpa: boolean;
  dari?: number | undefined;
}

/** What the engine learns of a fetched page; the records stay with the `Penarik`. */
export interface HalamanTarik extends Omit<PullResponse, 'changes'> {
  /** Changes in the page. */
  jumlah: number;
  /** Bytes of the answer's JSON as received (after HTTP decompression). */
  ukuranByte: number;
  /** `table:key` of every change when asked for (`kunci`), else null. */
  kunci: string[] | null;
  /**
   * Store the page and move the cursor to `next` in one transaction (`terapkanHalaman`); at most
   * once. A year's page (`tahun`) never moves the cursor (its revs are not the pull's order).
   */
  terapkan(opsi: OpsiTerapkan): Promise<HasilTerapkan>;
  /** Drop the page unstored (the run ends, fails or starts over). Harmless after `terapkan`. */
  buang(): void;
}

export interface Penarik {
  /**
   * Fetch and parse one page. Errors are the client's (GalatJaringan, GalatServer, GalatOtorisasi…).
   * `opsi.diKepala`: called with the next page's `since` when the answer's headers name it, before
   * the body has arrived; `opsi.sinyal`: gives the request up (KlienSinkron `OpsiHalaman`).
   */
  ambil(req: PermintaanHalaman, opsi?: OpsiHalaman): Promise<HalamanTarik>;
  /** Release what it holds (the worker ends). */
  tutup(): void;
}

/** The `table:key` of each change, in page order. */
export const kunciHalaman = (changes: readonly Change[]): string[] => changes.map((c) => `${c.table}:${c.key}`);

/** Fetch a page with `klien` (the scope or one year, as `req` says). */
export function mintaHalaman(klien: KlienSinkron, req: PermintaanHalaman, opsi?: OpsiHalaman): Promise<PullResponse & { ukuranByte: number }> {
  return 'tahun' in req ? klien.ambilTahun(req.tahun, req.since, req.jumlah, req.byte, opsi) : klien.pull(req.since, req.jumlah, req.byte, req.lingkup, opsi);
}

/** The summary of a parsed page (without its changes). */
export function ringkasHalaman(page: PullResponse & { ukuranByte: number }, kunci: boolean): Omit<HalamanTarik, 'terapkan' | 'buang'> {
  const { changes, ...sisa } = page;
  return { ...sisa, jumlah: changes.length, kunci: kunci ? kunciHalaman(changes) : null };
}

/** The cursor a stored page moves to: its `next`, or none (0) for a year's page. */
export const nextTerapkan = (req: PermintaanHalaman, page: { next: number }): number => ('tahun' in req ? 0 : page.next);

/** Pull pages fetched, parsed and stored on the calling thread. */
export class PenarikUtas implements Penarik {
  readonly #klien: KlienSinkron;
  readonly #db: PantauDB;

  constructor(klien: KlienSinkron, db: PantauDB) {
    this.#klien = klien;
    this.#db = db;
  }

  async ambil(req: PermintaanHalaman, opsi?: OpsiHalaman): Promise<HalamanTarik> {
    const page = await mintaHalaman(this.#klien, req, opsi);
    let changes: Change[] | null = page.changes;
    return {
      ...ringkasHalaman(page, req.kunci),
      terapkan: (opsi) => {
        const c = changes;
        changes = null;
        if (!c) return Promise.reject(new Error('Halaman tarik sudah diterapkan atau dibuang'));
        return terapkanHalaman(this.#db, c, nextTerapkan(req, page), opsi);
      },
      buang: () => {
        changes = null;
      },
    };
  }

  tutup(): void {}
}
