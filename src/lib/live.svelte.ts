/**
 * The one bridge from Dexie liveQuery to Svelte 5 runes (docs/architecture.md "Live queries"): components call
 * `langsung(() => query, awal)` during initialisation and read `.current`; they never subscribe by
 * hand. The subscription lives as long as the component (an `$effect`), and re-subscribes when
 * reactive state read synchronously by the query (before its first `await`) changes, e.g.
 * `langsung(() => ambilRealisasi(db, periodeAktif.current.tahun), [])`.
 */
import { liveQuery } from 'dexie';

export interface Langsung<T> {
  readonly current: T;
  /** The last error of the query (null when fine); the last good value stays in `current`. */
  readonly galat: unknown;
}

/**
 * The plain (rune-free) part: subscribe `query` as a Dexie liveQuery, report values and errors,
 * return the unsubscribe function.
 */
export function ikutiQuery<T>(query: () => T | Promise<T>, nilai: (v: T) => void, galat: (e: unknown) => void): () => void {
  const sub = liveQuery(query).subscribe({ next: nilai, error: galat });
  return () => sub.unsubscribe();
}

export function langsung<T>(query: () => T | Promise<T>, awal: T): Langsung<T> {
  let nilai = $state.raw<T>(awal);
  let galat = $state.raw<unknown>(null);
  $effect(() => {
    // liveQuery runs the querier synchronously on subscribe, so state read before the first
    // `await` is tracked by this effect and a change re-subscribes.
    return ikutiQuery(
      query,
      (v) => {
        nilai = v;
        galat = null;
      },
      (e) => {
        galat = e;
        console.error('langsung: query gagal', e);
      },
    );
  });
  return {
    get current() {
      return nilai;
    },
    get galat() {
      return galat;
    },
  };
}
