/**
 * Live pokes (docs/sync-protocol.md "GET /events (Server-Sent Events)"): after a push commits, every open SSE stream gets a data-less `change`
 * with the newest rev and pulls. In process: one server serves one pemda; pokes are coalesced per
 * tick so a burst of pushes costs each screen one message.
 */
export class PusatPoke {
  readonly #pendengar = new Set<(rev: number) => void>();
  #tertunda: number | null = null;

  dengar(fn: (rev: number) => void): () => void {
    this.#pendengar.add(fn);
    return () => this.#pendengar.delete(fn);
  }

  get jumlah(): number {
    return this.#pendengar.size;
  }

  /**
   * Also hand every local poke to other server processes (docs/deployment.md §"Lebih dari satu
   * proses"; src/server/poke-pg.ts sends it through PostgreSQL NOTIFY). Set once at start.
   */
  teruskan: ((rev: number) => void) | null = null;

  kirim(rev: number): void {
    this.teruskan?.(rev);
    this.terima(rev);
  }

  /** A poke from another server process: deliver to this process's streams only. */
  terima(rev: number): void {
    const kosong = this.#tertunda === null;
    this.#tertunda = Math.max(this.#tertunda ?? 0, rev);
    if (!kosong) return;
    setImmediate(() => {
      const r = this.#tertunda ?? rev;
      this.#tertunda = null;
      for (const fn of this.#pendengar) fn(r);
    });
  }
}
