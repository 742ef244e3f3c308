/**
 * Applying pulled changes (DESIGN.md §4 "Pull"): one page = one Dexie transaction. A record with
 * pending outbox mutations or an unresolved rejection is never overwritten (read-your-writes; the
 * server's version arrives with a newer rev after our push), and a record never goes back to an
 * older rev (pages may be replayed or arrive twice).
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
  diterapkan: number;
  /** Skipped because local mutations are pending or rejected (read-your-writes). */
  ditahan: number;
  /** Skipped because the local copy is already as new or newer. */
  usang: number;
}

export async function terapkanHalaman(db: PantauDB, changes: readonly Change[], next: number): Promise<HasilTerapkan> {
  const tabel = [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta];
  return db.transaction('rw', tabel, async () => {
    const hasil: HasilTerapkan = { diterapkan: 0, ditahan: 0, usang: 0 };
    for (const c of changes) {
      const tertunda = await db.outbox.where('[table+key]').equals([c.table, c.key]).count();
      const ditolak = await db.penolakan.get(`${c.table}:${c.key}`);
      if (tertunda > 0 || ditolak) {
        hasil.ditahan++;
        continue;
      }
      const tbl = db.table(c.table);
      const lokal = (await tbl.get(c.key)) as { rev?: number } | undefined;
      if (lokal && (lokal.rev ?? 0) >= c.rev) {
        hasil.usang++;
        continue;
      }
      if (c.record) {
        await tbl.put({ ...c.record, id: c.key, rev: c.rev, deleted: c.deleted });
      } else if (c.deleted) {
        // A purged tombstone: nothing left to keep.
        await tbl.delete(c.key);
      } else {
        continue;
      }
      hasil.diterapkan++;
    }
    const kursor = await kursorPull(db);
    if (next > kursor) await db.meta.put({ key: KUNCI_KURSOR, value: next });
    return hasil;
  });
}
