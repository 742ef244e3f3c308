/**
 * Pull pages fetched ahead of the writer (issue 17 §5): the next page is requested the moment the
 * previous one arrives (its `next` is the next `since`), not once the engine has finished writing
 * the page before it and checked the new one, so the server and the link work while IndexedDB
 * writes. At most `maks` pages wait (requested or arrived, not yet taken), so a fast server never
 * piles a large kota into memory ahead of a slow tablet.
 *
 * The engine still takes and applies the pages one by one, in order, each with its cursor in the
 * same transaction: a failed request is thrown by `ambil` of that page, after every page before it
 * was taken, so a cut resumes from the last whole page and no page is skipped.
 */
export interface HalamanBerurut {
  next: number;
  more: boolean;
}

export class AntreanTarik<H extends HalamanBerurut> {
  readonly #minta: (since: number) => Promise<H>;
  readonly #maks: number;
  readonly #buang: ((h: H) => void) | undefined;
  /** Requested pages not yet taken, in order. */
  readonly #antre: Promise<H>[] = [];
  /** The `since` of a request waiting for room in the queue. */
  #tertahan: number | null = null;
  #berhenti = false;

  /** `buang`: called with each page requested but never taken (it arrives after `hentikan`, or waits untaken). */
  constructor(since: number, minta: (since: number) => Promise<H>, maks = 2, buang?: (h: H) => void) {
    this.#minta = minta;
    this.#maks = Math.max(1, maks);
    this.#buang = buang;
    this.#kirim(since);
  }

  #kirim(since: number): void {
    const p = this.#minta(since).then((h) => {
      if (!this.#berhenti && h.more && h.next > since) {
        if (this.#antre.length < this.#maks) this.#kirim(h.next);
        else this.#tertahan = h.next;
      }
      return h;
    });
    // Its failure is reported by `ambil`; never as an unhandled rejection when the engine stops first.
    p.catch(() => undefined);
    this.#antre.push(p);
  }

  /** The next page in order; rejects with its request's failure. */
  ambil(): Promise<H> {
    const p = this.#antre.shift();
    if (!p) return Promise.reject(new Error('AntreanTarik: tidak ada halaman yang diminta'));
    if (this.#tertahan !== null && !this.#berhenti) {
      const since = this.#tertahan;
      this.#tertahan = null;
      this.#kirim(since);
    }
    return p;
  }

  /** No further requests (the pull ends, fails or starts over); pages in flight are dropped (`buang`). */
  hentikan(): void {
    this.#berhenti = true;
    this.#tertahan = null;
    const buang = this.#buang;
    for (const p of this.#antre.splice(0)) if (buang) p.then(buang, () => undefined);
  }
}
