/**
 * Discarding a rejected local edit (docs/architecture.md "Conflicts and rejections"): the user gives up the value the server refused
 * and gets the server's current record back. Needs the network once (to fetch that record).
 */
import type { NamaTabel } from '../domain/schemas.ts';
import type { PantauDB } from './database.ts';

export type AmbilServer = (table: NamaTabel, key: string) => Promise<Record<string, unknown> | null>;

/**
 * Replace the local record by the server's (or remove it when the server never had it) and forget
 * the rejection. Refuses while newer edits of the record are still waiting in the outbox.
 */
export async function buangPerubahanDitolak(db: PantauDB, table: NamaTabel, key: string, ambilServer: AmbilServer): Promise<void> {
  const server = await ambilServer(table, key);
  const tbl = db.table(table);
  await db.transaction('rw', [tbl, db.outbox, db.penolakan], async () => {
    const tertunda = await db.outbox.where('[table+key]').equals([table, key]).count();
    if (tertunda > 0) throw new Error('Data ini punya perubahan baru yang belum terkirim; tunggu sinkronisasi selesai.');
    if (server) await tbl.put({ ...server, id: key });
    else await tbl.delete(key);
    await db.penolakan.delete(`${table}:${key}`);
  });
}
