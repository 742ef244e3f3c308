/**
 * Live queries held back while a pull writes page after page (issue 17 §5; docs/architecture.md
 * "Live queries"). A first sync of a large kota is dozens of pages; every page a screen reads from
 * woke its live query, which read its tables again (the Beranda 80–290 ms a page at K = 4) while
 * the next page waited for IndexedDB. While a pull with more pages to come holds the brake, a live
 * query (lib/live.svelte.ts `ikutiQuery`) answers at most once per `jedaRem` (a second, longer
 * for a slow query) and reads afresh as soon as the pull ends, so screens still fill as the data
 * arrives.
 * The sync badge is not a live query: its progress follows every page.
 */

/**
 * While a pull holds the brake, a live query waits this long after its answer before it reads
 * again, or KALI_REM times as long as its last run took if that is longer (a screen whose query
 * takes 300 ms waits 1,5 s): it keeps IndexedDB at most about a fifth of the time.
 */
export const JEDA_REM_MS = 1000;
export const KALI_REM = 5;

/** How long a query that took `lamaMs` waits before it reads again while the brake is held. */
export const jedaRem = (lamaMs: number): number => Math.max(JEDA_REM_MS, KALI_REM * lamaMs);

let memegang = 0;
const pendengar = new Set<() => void>();

/** Hold the brake (a pull with more pages to come); the returned function releases it (once). */
export function remLangsung(): () => void {
  memegang++;
  let lepas = false;
  return () => {
    if (lepas) return;
    lepas = true;
    if (--memegang === 0) for (const f of [...pendengar]) f();
  };
}

/** Whether a pull holds the brake now. */
export function remAktif(): boolean {
  return memegang > 0;
}

/** Calls `f` once, when no pull holds the brake anymore; returns a function that cancels it. */
export function setelahRem(f: () => void): () => void {
  const g = () => {
    pendengar.delete(g);
    f();
  };
  pendengar.add(g);
  return () => pendengar.delete(g);
}
