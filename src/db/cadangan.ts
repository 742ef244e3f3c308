/**
 * Full local backup and restore (docs/architecture.md "Backup and restore"): a JSON file with every table,
 * the outbox of unsent mutations and the rejections. Restoring validates the file with Zod, never
 * overwrites local work that is not yet synced, never puts an older copy over a newer one, and
 * re-queues the backup's unsent mutations under this device's client so they reach the server.
 *
 * Offline: both work without the network.
 */
import { z } from 'zod';
import { NAMA_TABEL, idBaru, idSchema, pesanZod, recordSchemas, type NamaTabel } from '../domain/schemas.ts';
import { mutationSchema } from '../shared/protocol.ts';
import type { OutboxEntry, PantauDB } from './database.ts';
import { PenyimpananPenuhError } from './repo.ts';

export const FORMAT_CADANGAN = 'pantau-kinerja-cadangan';

const penolakanSchema = z.object({
  id: z.string(),
  table: z.enum(NAMA_TABEL as [NamaTabel, ...NamaTabel[]]),
  key: z.string(),
  reason: z.string(),
  fields: z.record(z.string(), z.unknown()),
  at: z.string(),
});

const tabelSchema = z.object(
  Object.fromEntries(NAMA_TABEL.map((t) => [t, z.array(z.record(z.string(), z.unknown())).default([])])) as Record<NamaTabel, z.ZodDefault<z.ZodArray<z.ZodRecord<z.ZodString, z.ZodUnknown>>>>,
);

export const cadanganSchema = z.object({
  format: z.literal(FORMAT_CADANGAN, { error: 'Bukan file cadangan Pantau Kinerja' }),
  versi: z.literal(1, { error: 'Versi file cadangan tidak dikenal' }),
  dibuat: z.string(),
  clientId: z.string().nullable(),
  tabel: tabelSchema,
  outbox: z.array(mutationSchema.extend({ id: idSchema })),
  penolakan: z.array(penolakanSchema).default([]),
});
export type Cadangan = z.infer<typeof cadanganSchema>;

/** The whole local database as a JSON Blob (to download). */
export async function eksporCadangan(db: PantauDB, now: Date = new Date()): Promise<Blob> {
  const isi = await db.transaction('r', [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta], async () => {
    const tabel: Record<string, unknown[]> = {};
    for (const t of NAMA_TABEL) tabel[t] = await db.table(t).toArray();
    const clientId = await db.meta.get('clientId');
    return {
      format: FORMAT_CADANGAN,
      versi: 1,
      dibuat: now.toISOString(),
      clientId: typeof clientId?.value === 'string' ? clientId.value : null,
      tabel,
      outbox: await db.outbox.orderBy('seq').toArray(),
      penolakan: await db.penolakan.toArray(),
    };
  });
  return new Blob([JSON.stringify(isi)], { type: 'application/json' });
}

/**
 * Restore a backup file into this database. Returns how many records were restored and how many
 * unsent mutations were queued again. Throws an Indonesian Error for a bad file (nothing changed).
 */
/** `oleh` is the user restoring (kept so every write function takes the acting user; records keep their own updatedBy). */
export async function imporCadangan(db: PantauDB, file: Blob, _oleh: string): Promise<{ dipulihkan: number; diantrekan: number }> {
  let mentah: unknown;
  try {
    mentah = JSON.parse(await file.text());
  } catch {
    throw new Error('File cadangan tidak dapat dibaca (bukan JSON yang valid).');
  }
  const p = cadanganSchema.safeParse(mentah);
  if (!p.success) throw new Error(`File cadangan tidak valid: ${pesanZod(p.error)}`);
  const c = p.data;
  // Every record must pass its schema before anything is written.
  const rekaman: Array<{ table: NamaTabel; rec: Record<string, unknown> }> = [];
  for (const t of NAMA_TABEL) {
    for (const [i, r] of c.tabel[t].entries()) {
      const v = recordSchemas[t].safeParse(r);
      if (!v.success) throw new Error(`File cadangan tidak valid: ${t}[${i}] ${pesanZod(v.error)}`);
      rekaman.push({ table: t, rec: v.data as Record<string, unknown> });
    }
  }
  const semua = [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta];
  try {
    return await db.transaction('rw', semua, async () => {
      const outboxLokal = await db.outbox.toArray();
      const tertunda = new Map<string, Set<string>>();
      for (const m of outboxLokal) {
        const k = `${m.table}:${m.key}`;
        const s = tertunda.get(k) ?? new Set<string>();
        for (const f of Object.keys(m.fields)) s.add(f);
        if (m.op === 'delete') s.add('_deleted');
        tertunda.set(k, s);
      }
      const idLokal = new Set(outboxLokal.map((m) => m.id));

      let dipulihkan = 0;
      for (const { table, rec } of rekaman) {
        const key = rec.id as string;
        if (tertunda.has(`${table}:${key}`)) continue; // unsynced local work wins
        const lokal = (await db.table(table).get(key)) as { rev?: number } | undefined;
        const revCadangan = (rec.rev as number | undefined) ?? 0;
        if (lokal && (lokal.rev ?? 0) > revCadangan) continue; // never go back to an older copy
        if (lokal && (lokal.rev ?? 0) === revCadangan && revCadangan > 0) continue; // same synced version
        await db.table(table).put(rec);
        dipulihkan++;
      }

      // The backup's unsent mutations go to the end of our outbox with fresh seqs.
      const row = await db.meta.get('lastSeq');
      let seq = (row?.value as number | undefined) ?? 0;
      let diantrekan = 0;
      for (const m of [...c.outbox].sort((a, b) => a.seq - b.seq)) {
        if (idLokal.has(m.id)) continue; // this very database made it and still holds it
        const sibuk = tertunda.get(`${m.table}:${m.key}`);
        let fields = m.fields;
        if (sibuk) {
          if (sibuk.has('_deleted')) continue;
          fields = Object.fromEntries(Object.entries(m.fields).filter(([f]) => !sibuk.has(f)));
          if (m.op === 'put' && Object.keys(fields).length === 0) continue;
        }
        const entry: OutboxEntry = { ...m, id: idBaru(), seq: ++seq, fields };
        await db.outbox.add(entry);
        diantrekan++;
      }
      if (diantrekan) await db.meta.put({ key: 'lastSeq', value: seq });

      for (const pn of c.penolakan) {
        if (tertunda.has(pn.id) || (await db.penolakan.get(pn.id))) continue;
        await db.penolakan.put(pn);
      }
      return { dipulihkan, diantrekan };
    });
  } catch (e) {
    const err = e as { name?: string; inner?: { name?: string } } | null;
    if (err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError') throw new PenyimpananPenuhError();
    throw e;
  }
}
