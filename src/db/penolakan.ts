/**
 * Discarding a rejected local edit (docs/architecture.md "Conflicts and rejections"): the user gives up the value the server refused
 * and gets the server's current record back. Needs the network once (to fetch that record).
 */
import { idBaru, SERVER_FIELDS, type NamaTabel } from '../domain/schemas.ts';
import type { PantauDB } from './database.ts';
import { seqBerikut } from './repo.ts';

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

/**
 * "Kirim ulang" (issue 9 §6): queue the rejected change again, as it stands on this device, without
 * retyping it. For a rejection whose cause lay outside the value (a locked period since unlocked,
 * a right since granted, a parent record since synced; `dapatDikirimUlang` in src/shared/penolakan.ts).
 * The fields the server refused are sent with their current local values (a deleted record: the
 * delete again), based on the local rev; the rejection is forgotten and the next sync decides anew.
 * One rw transaction; works offline. Throws when the record is no longer on this device.
 */
export async function kirimUlangDitolak(db: PantauDB, table: NamaTabel, key: string, now: Date = new Date()): Promise<void> {
  const tbl = db.table(table);
  await db.transaction('rw', [tbl, db.outbox, db.penolakan, db.meta], async () => {
    const p = await db.penolakan.get(`${table}:${key}`);
    if (!p) return;
    const rec = (await tbl.get(key)) as Record<string, unknown> | undefined;
    if (!rec) throw new Error('Data ini tidak ada lagi di perangkat ini; buang perubahannya.');
    const hapus = p.fields._deleted === true || rec.deleted === true;
    const fields: Record<string, unknown> = {};
    if (!hapus) {
      for (const f of Object.keys(p.fields)) {
        if (f in rec && !(SERVER_FIELDS as readonly string[]).includes(f)) fields[f] = rec[f];
      }
    }
    await db.outbox.add({
      id: idBaru(),
      seq: await seqBerikut(db),
      table,
      key,
      op: hapus ? 'delete' : 'put',
      fields,
      baseRev: typeof rec.rev === 'number' ? rec.rev : 0,
      at: now.toISOString(),
    });
    await db.penolakan.delete(p.id);
  });
}
