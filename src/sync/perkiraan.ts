/**
 * Time left of a pull under way (issue 17 §1: the badge shows records, bytes and time left).
 * Revs are the server's change numbers: the cursor walks from where the progress began to the
 * server's newest rev, so the share of revs behind the cursor is the share of the work done (revs
 * overwritten later leave gaps everywhere alike). The time so far includes the waits of a cut link.
 */
export interface TitikKemajuan {
  /** Clock (ms) when the progress began, and now. */
  mulaiMs: number;
  kiniMs: number;
  /** Cursor when it began, cursor now, and the server's newest rev. */
  revAwal: number;
  revKini: number;
  revTujuan: number;
}

/** Milliseconds left at the pace so far; null while nothing is known (no rev passed, no time spent). */
export function perkiraanSisaMs(t: TitikKemajuan): number | null {
  const lewat = t.kiniMs - t.mulaiMs;
  const selesai = t.revKini - t.revAwal;
  if (t.revKini >= t.revTujuan) return 0;
  if (selesai <= 0 || lewat <= 0) return null;
  return Math.round((lewat * (t.revTujuan - t.revKini)) / selesai);
}
