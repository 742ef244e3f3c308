/**
 * The one bridge from Dexie liveQuery to Svelte 5 runes (docs/architecture.md "Live queries"):
 * components call `langsung(() => query, awal)` during initialisation and read `.current`; they never
 * subscribe by hand. The subscription lives as long as the component (an `$effect`), and re-subscribes
 * when the reactive state named by `kunci` changes, e.g.
 * `langsung(() => ambilRealisasi(db, periodeAktif.current.tahun), [], () => periodeAktif.current.tahun)`.
 *
 * `kunci` is needed because Dexie 4's liveQuery calls the query AFTER `subscribe` returns (a
 * microtask later; pinned by tests/unit/sync/live.test.ts), outside the effect: nothing the query
 * itself reads is tracked, so a query over a period, a year or a prop would keep answering for the
 * first one it saw (seen as the Beranda showing 2026's tasks under "Triwulan III 2027").
 *
 * `.memuat` is true until the query has answered once (with a value or an error): `awal` is only a
 * placeholder then, not "the database holds nothing". Empty states ("Belum ada perangkat daerah")
 * are shown only when `memuat` is false, so they never flash while the database opens.
 */
import { liveQuery, type Subscription } from 'dexie';
import { jedaRem, remAktif, setelahRem } from '../sync/rem-langsung.ts';

export interface Langsung<T> {
  readonly current: T;
  /** The last error of the query (null when fine); the last good value stays in `current`. */
  readonly galat: unknown;
  /** True until the first answer (value or error); `current` is still the placeholder `awal`. */
  readonly memuat: boolean;
}

/**
 * The plain (rune-free) part: subscribe `query` as a Dexie liveQuery, report values and errors,
 * return the unsubscribe function. While a pull writes page after page (sync/rem-langsung.ts), an
 * answer stops the subscription, and the query subscribes again (reading afresh) `jedaRem` later
 * or when the pull ends, whichever comes first: at most one run a second instead of one per page.
 */
export function ikutiQuery<T>(query: () => T | Promise<T>, nilai: (v: T) => void, galat: (e: unknown) => void): () => void {
  let sub: Subscription | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let batalRem: (() => void) | null = null;
  let habis = false;
  const pasang = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    batalRem?.();
    batalRem = null;
    if (habis) return;
    let s: Subscription | null = null;
    let segera = false;
    // From (re)subscribing to the answer: the run just made (Dexie re-runs on every write it sees).
    let mulai = Date.now();
    let lama = 0;
    s = liveQuery(() => {
      mulai = Date.now();
      return query();
    }).subscribe({
      next: (v) => {
        lama = Date.now() - mulai;
        nilai(v);
        if (!remAktif()) return;
        if (s) tunda(s, lama);
        else segera = true;
      },
      error: galat,
    });
    sub = s;
    if (segera) tunda(s, lama);
  };
  const tunda = (s: Subscription, lamaMs: number) => {
    s.unsubscribe();
    if (sub === s) sub = null;
    if (habis || timer) return;
    timer = setTimeout(pasang, jedaRem(lamaMs));
    batalRem = setelahRem(pasang);
  };
  pasang();
  return () => {
    habis = true;
    sub?.unsubscribe();
    sub = null;
    if (timer) clearTimeout(timer);
    timer = null;
    batalRem?.();
    batalRem = null;
  };
}

/** The state of one live query: the placeholder until the first answer, then the latest value. */
export class KeadaanLangsung<T> implements Langsung<T> {
  #nilai = $state.raw<T>() as T;
  #galat = $state.raw<unknown>(null);
  #memuat = $state(true);

  constructor(awal: T) {
    this.#nilai = awal;
  }

  get current(): T {
    return this.#nilai;
  }
  get galat(): unknown {
    return this.#galat;
  }
  get memuat(): boolean {
    return this.#memuat;
  }

  /** A value from the query. */
  terima(v: T): void {
    this.#nilai = v;
    this.#galat = null;
    this.#memuat = false;
  }

  /** The query failed: the last good value (or the placeholder) stays; loading is over. */
  gagal(e: unknown): void {
    this.#galat = e;
    this.#memuat = false;
  }
}

/**
 * `query`: the Dexie reads (re-run on every write they touch); `awal`: the placeholder until the
 * first answer; `kunci`: reads every piece of reactive state (`$state`, props, `.current` of a
 * store) the query depends on — a change re-subscribes. Without it the query depends on nothing
 * reactive.
 */
export function langsung<T>(query: () => T | Promise<T>, awal: T, kunci?: () => unknown): Langsung<T> {
  const k = new KeadaanLangsung(awal);
  $effect(() => {
    kunci?.();
    return ikutiQuery(
      query,
      (v) => k.terima(v),
      (e) => {
        k.gagal(e);
        console.error('langsung: query gagal', e);
      },
    );
  });
  return k;
}
