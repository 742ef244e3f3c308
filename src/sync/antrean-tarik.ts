/**
 * Pull pages fetched ahead of the writer (issue 17 §5): the next page is requested as soon as the
 * previous one's `next` is known, not once the engine has finished writing the page before it and
 * checked the new one, so the server and the link work while IndexedDB writes. The `next` is known
 * when the previous answer's headers arrive (the server names it in HEADER_NEXT,
 * src/shared/protocol.ts), so on a slow link the request goes out while that page's body still
 * crosses it and no round trip per page is spent waiting (issue 17 budget "on the 3G profile ≤ 1,2 ×
 * its byte floor"); without the header, when the previous page has arrived. A header that disagrees
 * with its body's `next` (a broken proxy or server) drops what was requested on its word, and the
 * queues of that session wait for bodies from then on. At most `maks` pages wait (requested or
 * arrived, not yet taken), so a fast server never piles a large kota into memory ahead of a slow
 * tablet.
 *
 * The engine still takes and applies the pages one by one, in order, each with its cursor in the
 * same transaction: a failed request is thrown by `ambil` of that page, after every page before it
 * was taken, so a cut resumes from the last whole page and no page is skipped.
 */
export interface HalamanBerurut {
  next: number;
  more: boolean;
}

/** A requested page; `dibuang`: dropped, so its headers and body start nothing; `batal` gives its request up. */
interface Entri<H> {
  p: Promise<H>;
  dibuang: boolean;
  batal: AbortController;
}

export class AntreanTarik<H extends HalamanBerurut> {
  readonly #minta: (since: number, diKepala: (next: number) => void, sinyal: AbortSignal) => Promise<H>;
  readonly #maks: number;
  readonly #buang: ((h: H) => void) | undefined;
  /** Requested pages not yet taken, in order. */
  readonly #antre: Entri<H>[] = [];
  /** The `since` of a request waiting for room in the queue. */
  #tertahan: number | null = null;
  #berhenti = false;
  /** Whether a page's headers may start the next request (`kepala` false after a header was wrong). */
  readonly #percaya: { kepala: boolean };

  /**
   * `minta(since, diKepala, sinyal)`: fetch the page at `since`, calling `diKepala(next)` when its
   * headers name the next page's `since`; `sinyal` aborts when the page is dropped before it was
   * taken (its request is given up). `buang`: called with each page requested but never taken (it
   * arrives after `hentikan`, or waits untaken, or was asked for on a wrong header). `percaya`:
   * whether headers are trusted, shared by the queues of one session (a wrong header turns it off).
   */
  constructor(
    since: number,
    minta: (since: number, diKepala: (next: number) => void, sinyal: AbortSignal) => Promise<H>,
    maks = 2,
    buang?: (h: H) => void,
    percaya: { kepala: boolean } = { kepala: true },
  ) {
    this.#minta = minta;
    this.#maks = Math.max(1, maks);
    this.#buang = buang;
    this.#percaya = percaya;
    this.#kirim(since);
  }

  /** Request the page at `next` now, or once the queue has room. */
  #lanjut(next: number): void {
    if (this.#berhenti) return;
    if (this.#antre.length < this.#maks) this.#kirim(next);
    else this.#tertahan = next;
  }

  #kirim(since: number): void {
    // The `since` this page's successor was requested at (on the word of its headers or its body).
    let lanjutan: number | null = null;
    const entri: Entri<H> = { p: null as unknown as Promise<H>, dibuang: false, batal: new AbortController() };
    const diKepala = (next: number) => {
      if (entri.dibuang || lanjutan !== null || !this.#percaya.kepala || next <= since) return;
      lanjutan = next;
      this.#lanjut(next);
    };
    entri.p = this.#minta(since, diKepala, entri.batal.signal).then((h) => {
      if (entri.dibuang) return h;
      const benar = h.more && h.next > since ? h.next : null;
      if (lanjutan === null) {
        // Headers that come after their body (none do today) then start nothing.
        lanjutan = benar ?? since;
        if (benar !== null) this.#lanjut(benar);
      } else if (lanjutan !== benar) this.#kepalaSalah(entri, benar);
      return h;
    });
    // Its failure is reported by `ambil`; never as an unhandled rejection when the engine stops first.
    entri.p.catch(() => undefined);
    this.#antre.push(entri);
  }

  /**
   * `entri`'s headers named another successor than its body: every page requested after it (on
   * that word, and theirs) is dropped, the right one is requested, and headers are not trusted again.
   */
  #kepalaSalah(entri: Entri<H>, benar: number | null): void {
    this.#percaya.kepala = false;
    this.#tertahan = null;
    const i = this.#antre.indexOf(entri);
    this.#buangSemua(this.#antre.splice(i + 1));
    if (benar !== null) this.#lanjut(benar);
  }

  #buangSemua(entri: Entri<H>[]): void {
    const buang = this.#buang;
    for (const e of entri) {
      e.dibuang = true;
      // Still on its way: its bytes stop crossing the link (one that arrived is only dropped).
      e.batal.abort();
      if (buang) e.p.then(buang, () => undefined);
    }
  }

  /** The next page in order; rejects with its request's failure. */
  ambil(): Promise<H> {
    const e = this.#antre.shift();
    if (!e) return Promise.reject(new Error('AntreanTarik: tidak ada halaman yang diminta'));
    if (this.#tertahan !== null && !this.#berhenti) {
      const since = this.#tertahan;
      this.#tertahan = null;
      this.#kirim(since);
    }
    return e.p;
  }

  /** No further requests (the pull ends, fails or starts over); pages not taken are dropped (`buang`), those in flight given up. */
  hentikan(): void {
    this.#berhenti = true;
    this.#tertahan = null;
    this.#buangSemua(this.#antre.splice(0));
  }
}
