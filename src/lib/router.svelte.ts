/**
 * The one hash router of the app (docs/architecture.md "Routing"). An address is
 * `#/<rute>?<query>`, e.g. `#/realisasi?opd=ID&tahun=2026&tw=3`. Everything that reads or writes
 * the address goes through this module: the shell picks the screen from `alamat.rute`, screens read
 * their context from `alamat.query` and write it back with `alamat.ganti(...)` (no history entry),
 * links are built with `tautan(...)`. The table of screens is src/app/routes.ts.
 */
import { untrack, type Component } from 'svelte';
import type { Role } from '../domain/schemas.ts';

/** One screen of the table in src/app/routes.ts. */
export interface Rute {
  /** The first path segment ('' is Beranda): `#/realisasi` → 'realisasi'. */
  hash: string;
  judul: string;
  /** Roles that see the screen in the menu (all when omitted). */
  peran?: readonly Role[];
  menu?: boolean;
  /** The screen covers the whole window (no header or menu), e.g. the projected Layar. */
  layarPenuh?: boolean;
  muat: () => Promise<{ default: Component<any> }>;
}

/** `#/realisasi?opd=X` → { hash: 'realisasi', query }. */
export function uraiHash(hash: string): { hash: string; query: URLSearchParams } {
  const isi = hash.replace(/^#\/?/, '');
  const i = isi.indexOf('?');
  return { hash: i < 0 ? isi : isi.slice(0, i), query: new URLSearchParams(i < 0 ? '' : isi.slice(i + 1)) };
}

/** `#/realisasi?opd=ID&tahun=2026&tw=3` → the query as a map (empty when none). */
export function queryHash(hash: string): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

/** Integer query parameter within [min, max], else the fallback. */
export function angkaQuery(q: URLSearchParams, nama: string, min: number, max: number, cadangan: number): number {
  const v = Number(q.get(nama));
  return Number.isInteger(v) && v >= min && v <= max ? v : cadangan;
}

/**
 * The link of a screen: `tautan('anggaran', { opd: 'x', tahun: 2026 })` → `#/anggaran?opd=x&tahun=2026`.
 * Parameters that are undefined, null or '' are left out; no query gives `#/anggaran`.
 */
export function tautan(rute: string, query: Record<string, string | number | null | undefined> | URLSearchParams = {}): string {
  const q = query instanceof URLSearchParams ? query : new URLSearchParams();
  if (!(query instanceof URLSearchParams)) {
    for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null && v !== '') q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `#/${rute}?${s}` : `#/${rute}`;
}

/**
 * The current address. Always read from `location` itself; reactive (in $derived/$effect) through
 * a counter that moves on navigation (hashchange) and on `ganti`.
 */
class Alamat {
  #versi = $state(0);
  #navigasi = $state(0);

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('hashchange', () => {
        this.#versi++;
        this.#navigasi++;
      });
    }
  }

  /** Counts navigations (hashchange: a link followed, back/forward, a typed address); not `ganti`. */
  get navigasi(): number {
    return this.#navigasi;
  }

  /** The whole fragment, e.g. '#/realisasi?opd=X'. */
  get hash(): string {
    void this.#versi;
    return typeof location !== 'undefined' ? location.hash : '';
  }
  /** The screen named by the address ('' is Beranda). */
  get rute(): string {
    return uraiHash(this.hash).hash;
  }
  get query(): URLSearchParams {
    return uraiHash(this.hash).query;
  }

  /** Rewrites the address to `href` (`#/…`) without a new history entry (a reload opens the same view). */
  ganti(href: string): void {
    if (location.hash === href) return;
    history.replaceState(history.state, '', href);
    this.#versi++;
  }

  /** Navigates to `href` (`#/…`), adding a history entry. */
  buka(href: string): void {
    location.hash = href;
  }
}

export const alamat = new Alamat();

/**
 * Runs `fn` whenever a navigation lands on screen `rute` while the calling component lives (a link
 * to the same screen with another query, back/forward). Call during component initialisation.
 * The screen's own `alamat.ganti` does not count as a navigation.
 */
export function padaNavigasi(rute: string, fn: () => void): void {
  const awal = untrack(() => alamat.navigasi);
  $effect(() => {
    if (alamat.navigasi === awal) return;
    untrack(() => {
      if (alamat.rute === rute) fn();
    });
  });
}
