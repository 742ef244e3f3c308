/**
 * Applying pulled changes (DESIGN.md §4 "Pull"): one page = one Dexie transaction. A record with
 * pending outbox mutations or an unresolved rejection is never overwritten (read-your-writes; the
 * server's version arrives with a newer rev after our push), and a record never goes back to an
 * older rev (pages may be replayed or arrive twice).
 *
 * A page is applied in bulk, not change by change: the pending keys are read once, the local revs
 * with one key lookup and one bulkGet per table, and the survivors written with one bulkPut (and
 * bulkDelete for purged tombstones) per table. An initial pull is thousands of records; four
 * IndexedDB requests per record made it several times slower than the store itself.
 */
import { NAMA_TABEL } from '../domain/schemas.ts';
import type { Change } from '../shared/protocol.ts';
import type { PantauDB } from './database.ts';

export const KUNCI_KURSOR = 'pullRev';

export async function kursorPull(db: PantauDB): Promise<number> {
  const row = await db.meta.get(KUNCI_KURSOR);
  return typeof row?.value === 'number' ? row.value : 0;
}

export interface HasilTerapkan {
  /** Records written (put or, for a purged tombstone, removed). */
  diterapkan: number;
  /** Skipped because local mutations are pending or rejected (read-your-writes). */
  ditahan: number;
  /** Skipped because the local copy, or another change of the same record in this page, is as new or newer. */
  usang: number;
}

/** `table:key`, the form `penolakan` ids already have. */
const kunciCatatan = (table: string, key: string) => `${table}:${key}`;

/**
 * Apply one pull page and move the cursor to `next`, all in one rw transaction (a failure leaves
 * both untouched). Offline: never called (pull needs the network); local edits made meanwhile are
 * protected by the pending-key check.
 */
export async function terapkanHalaman(db: PantauDB, changes: readonly Change[], next: number): Promise<HasilTerapkan> {
  const tabel = [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta];
  return db.transaction('rw', tabel, async () => {
    const hasil: HasilTerapkan = { diterapkan: 0, ditahan: 0, usang: 0 };

    // Every record with local work waiting: read once per page, from the indexes only.
    const [kunciOutbox, idPenolakan, kursor] = await Promise.all([
      db.outbox.orderBy('[table+key]').uniqueKeys(),
      db.penolakan.toCollection().primaryKeys(),
      kursorPull(db),
    ]);
    const tertunda = new Set<string>(idPenolakan);
    for (const k of kunciOutbox) {
      const [table, key] = k as unknown as [string, string];
      tertunda.add(kunciCatatan(table, key));
    }

    // The newest change of each record in this page, per table.
    const terbaru = new Map<string, Map<string, Change>>();
    for (const c of changes) {
      if (tertunda.has(kunciCatatan(c.table, c.key))) {
        hasil.ditahan++;
        continue;
      }
      // Neither a record nor a tombstone: nothing to apply.
      if (!c.record && !c.deleted) continue;
      let perKunci = terbaru.get(c.table);
      if (!perKunci) terbaru.set(c.table, (perKunci = new Map()));
      const lain = perKunci.get(c.key);
      if (lain) hasil.usang++;
      if (!lain || c.rev > lain.rev) perKunci.set(c.key, c);
    }

    await Promise.all(
      [...terbaru].map(async ([nama, perKunci]) => {
        const tbl = db.table(nama);
        const kunci = [...perKunci.keys()];
        // Which of them exist locally (a key cursor, no values read), then the revs of just those:
        // on the initial pull nothing exists and nothing is read.
        const ada = (await tbl.where(':id').anyOf(kunci).primaryKeys()) as string[];
        const lokal = (await tbl.bulkGet(ada)) as ({ rev?: number } | undefined)[];
        const revLokal = new Map(ada.map((key, i) => [key, lokal[i]?.rev ?? 0]));
        const tulis: Record<string, unknown>[] = [];
        const hapus: string[] = [];
        kunci.forEach((key) => {
          const c = perKunci.get(key)!;
          const rev = revLokal.get(key);
          if (rev !== undefined && rev >= c.rev) {
            hasil.usang++;
            return;
          }
          // Tombstones travel like any change; a purged one (record null) leaves nothing to keep.
          if (c.record) tulis.push({ ...c.record, id: c.key, rev: c.rev, deleted: c.deleted });
          else hapus.push(key);
          hasil.diterapkan++;
        });
        if (tulis.length) await tbl.bulkPut(tulis);
        if (hapus.length) await tbl.bulkDelete(hapus);
      }),
    );
    if (next > kursor) await db.meta.put({ key: KUNCI_KURSOR, value: next });
    return hasil;
  });
}
