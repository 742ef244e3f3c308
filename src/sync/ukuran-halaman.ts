/**
 * The byte budget of the next pull page, adapted to the link (issue 17 §1; docs/sync-protocol.md
 * "GET /sync/pull", `maksByte`). On a link that drops every few seconds a page cut half way is
 * fetched again from its start, so a page should take about as long as the link reliably stays up
 * for a fraction of its life; on a fast link pages should be large (fewer round trips and
 * transactions). The rule is AIMD-like and needs no clock of its own (the engine passes durations):
 *
 * - start moderate (AWAL_BYTE_PULL);
 * - a page that failed (cut, timed out) or was slow (over LAMBAT_MS) halves the budget;
 * - a full page (the server cut it at its budget, or it reached the budget) that was fast (under
 *   CEPAT_MS) doubles it, and one under SANGAT_CEPAT_MS (over 1 MB/s from the first budget: a LAN
 *   or a good Wi-Fi, never 3G) quadruples it, so a first sync there reaches large pages in two;
 * - anything else keeps it. Always within [MIN_BYTE_PULL, MAKS_BYTE_PULL].
 *
 * The budget counts the JSON of the records as the server sums them (before HTTP compression), the
 * same unit as the server's bound.
 *
 * The record count asked with it (`jumlah`) follows the budget too: the server reads up to that
 * many rows to fill a page whatever the budget (on the demo server a page of 57 signed PKs cut at
 * 256 KiB cost 300–450 ms with limit 2500, 30–90 ms with limit 100), so a page asks for
 * JUMLAH_KALI times the records its budget holds at the record size the last page showed (before
 * any page, PERKIRAAN_BYTE_PER_REKAM), never more than the engine's limit nor fewer than
 * MIN_JUMLAH_PULL.
 */
import { MAKS_BYTE_PULL, MIN_BYTE_PULL } from '../shared/protocol.ts';

/** First budget of a run on an unknown link: a few seconds on 3G, one round trip on Wi-Fi. */
export const AWAL_BYTE_PULL = 256 * 1024;
/** A page that took longer than this (request to last byte) was too big for the link. */
export const LAMBAT_MS = 4000;
/** A full page faster than this leaves room to grow four times (issue 17 §5). */
export const SANGAT_CEPAT_MS = 250;
/** A full page faster than this leaves room to grow. */
export const CEPAT_MS = 1000;

/** A page asks for this many times the records its byte budget holds at the last page's record size. */
export const JUMLAH_KALI = 4;
/** The fewest records a page asks for. */
export const MIN_JUMLAH_PULL = 50;
/**
 * The record size assumed before any page arrived: between the common records (~500 B of JSON)
 * and a signed PK with its snapshot (~12 KB). Too small a guess costs one page that is not full.
 */
export const PERKIRAAN_BYTE_PER_REKAM = 2048;

export interface HasilHalaman {
  /** Request sent → body received, in ms. */
  ms: number;
  /** JSON bytes of the page's answer as received (after HTTP decompression). */
  byte: number;
  /**
   * The server says its byte budget cut the page (more records wait, fewer than the count limit
   * came). The bytes received do not always tell: the server counts the changes as it sends them
   * (issue 17 §1/§3), but also those the role may not read, which are left out of the answer, so a
   * page cut at the budget may arrive under it. (When the server counted more than it sent, a
   * first sync of signed PKs never grew past its first budget.)
   */
  penuh?: boolean;
  /** Changes in the page (for the record size the next page's count is sized by). */
  jumlah?: number;
}

export class UkuranHalaman {
  #byte: number;
  /** Mean bytes per change of the last page that had any. */
  #bytePerRekam = PERKIRAAN_BYTE_PER_REKAM;

  constructor(awal: number = AWAL_BYTE_PULL) {
    this.#byte = jepit(awal);
  }

  /** The budget to ask for now. */
  get byte(): number {
    return this.#byte;
  }

  /**
   * The record count to ask for with the budget: JUMLAH_KALI times what the budget holds at the
   * last page's record size, within [MIN_JUMLAH_PULL, batas] (`batas`: the engine's limit; a
   * smaller one is kept as it is).
   */
  jumlah(batas: number): number {
    return Math.max(1, Math.min(batas, Math.max(MIN_JUMLAH_PULL, Math.ceil((JUMLAH_KALI * this.#byte) / this.#bytePerRekam))));
  }

  /** After a page arrived whole. */
  berhasil(h: HasilHalaman): void {
    if (h.jumlah) this.#bytePerRekam = Math.max(1, h.byte / h.jumlah);
    if (h.ms > LAMBAT_MS) this.#byte = jepit(this.#byte / 2);
    // Full: the server stops at the record that crosses the budget, so a page that was cut by it
    // carries at least about the budget (the envelope adds a little; a short last page says nothing).
    else if (h.ms < CEPAT_MS && (h.penuh === true || h.byte >= this.#byte)) this.#byte = jepit(this.#byte * (h.ms < SANGAT_CEPAT_MS ? 4 : 2));
  }

  /** After a page request failed (connection cut, refused, timed out): the retry asks for half. */
  gagal(): void {
    this.#byte = jepit(this.#byte / 2);
  }
}

function jepit(n: number): number {
  return Math.round(Math.min(MAKS_BYTE_PULL, Math.max(MIN_BYTE_PULL, n)));
}
