/**
 * The statement of a push that takes the counter lock (the `sync_state` row; src/server/sync.store.ts
 * header): since issue 17 §3 the last statement (`UPDATE sync_state SET rev = rev + n` with the
 * writes), before it a `SELECT … FOR UPDATE` at the start of the push (still used by the demo loader).
 * The lock is held from that statement to the commit; tests and benches that time or count what
 * runs under it start there.
 */
export const AMBIL_PENGHITUNG = /UPDATE sync_state SET rev = rev \+|FROM sync_state WHERE id = 1 FOR UPDATE/;
