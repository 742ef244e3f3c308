/**
 * The byte budget of the next pull page, adapted to the link (issue 17 §1; docs/sync-protocol.md
 * "GET /sync/pull", `maksByte`). On a link that drops every few seconds a page cut half way is
 * fetched again from its start, so a page should take about as long as the link reliably stays up
 * for a fraction of its life; on a fast link pages should be large (fewer round trips and
 * transactions). The rule is AIMD-like and needs no clock of its own (the engine passes durations):
 *
 * - start moderate (AWAL_BYTE_PULL);
 * - a page that failed (cut, timed out) or was slow (over LAMBAT_MS) halves the budget;
 * - a full page (it reached its budget) that was fast (under CEPAT_MS) doubles it;
 * - anything else keeps it. Always within [MIN_BYTE_PULL, MAKS_BYTE_PULL].
 *
 * The budget counts the JSON of the records as the server sums them (before HTTP compression), the
 * same unit as the server's bound.
 */
import { MAKS_BYTE_PULL, MIN_BYTE_PULL } from '../shared/protocol.ts';

/** First budget of a run on an unknown link: a few seconds on 3G, one round trip on Wi-Fi. */
export const AWAL_BYTE_PULL = 256 * 1024;
/** A page that took longer than this (request to last byte) was too big for the link. */
export const LAMBAT_MS = 4000;
/** A full page faster than this leaves room to grow. */
export const CEPAT_MS = 1000;

export interface HasilHalaman {
  /** Request sent → body received, in ms. */
  ms: number;
  /** JSON bytes of the page's answer as received (after HTTP decompression). */
  byte: number;
}

export class UkuranHalaman {
  #byte: number;

  constructor(awal: number = AWAL_BYTE_PULL) {
    this.#byte = jepit(awal);
  }

  /** The budget to ask for now. */
  get byte(): number {
    return this.#byte;
  }

  /** After a page arrived whole. */
  berhasil(h: HasilHalaman): void {
    if (h.ms > LAMBAT_MS) this.#byte = jepit(this.#byte / 2);
    // Full: the server stops at the record that crosses the budget, so a page that was cut by it
    // carries at least about the budget (the envelope adds a little; a short last page says nothing).
    else if (h.ms < CEPAT_MS && h.byte >= this.#byte) this.#byte = jepit(this.#byte * 2);
  }

  /** After a page request failed (connection cut, refused, timed out): the retry asks for half. */
  gagal(): void {
    this.#byte = jepit(this.#byte / 2);
  }
}

function jepit(n: number): number {
  return Math.round(Math.min(MAKS_BYTE_PULL, Math.max(MIN_BYTE_PULL, n)));
}
