/**
 * Full local backup and restore of ONE DEVICE (docs/architecture.md "Backup and restore"; what it is and is
 * not: docs/deployment.md §"Cadangan perangkat"): a JSON file with every table,
 * the outbox of unsent mutations and the rejections, and the bukti dukung files not yet on the
 * server (issue 15; docs/bukti-dukung.md "Cadangan"). Restoring validates the file with Zod, never
 * overwrites local work that is not yet synced, never puts an older copy over a newer one, and
 * re-queues the backup's unsent mutations under this device's client so they reach the server.
 *
 * Offline: both work without the network.
 */
import { kodePenolakanSchema } from '../shared/penolakan.ts';
import { z } from 'zod';
import {
  baseSchema,
  hashBerkasSchema,
  NAMA_TABEL,
  idBaru,
  idSchema,
  MIME_BUKTI,
  pesanZod,
  recordSchemas,
  TABEL_PEMILIK_BUKTI,
  type NamaTabel,
} from '../domain/schemas.ts';
import { hashBlob } from './bukti.ts';
import { mutationSchema } from '../shared/protocol.ts';
import type { OutboxEntry, PantauDB } from './database.ts';
import { PenyimpananPenuhError } from './repo.ts';
import { KEY_EPOCH, type IdentitasServer } from './tarik.ts';

/**
 * meta key: this database holds records restored from a device backup that the server has not yet
 * been seen to hold (`{ epoch, revMaks }`). Until the engine sees the server's epoch equal to the
 * backup's and its rev at least `revMaks`, the device must not look synced (docs/deployment.md
 * §"Cadangan perangkat").
 */
export const KEY_CADANGAN = 'cadanganPerangkat';

interface TandaCadangan {
  epoch: string | null;
  revMaks: number;
}

export async function tandaCadangan(db: PantauDB): Promise<TandaCadangan | null> {
  const row = await db.meta.get(KEY_CADANGAN);
  return row?.value && typeof row.value === 'object' ? (row.value as TandaCadangan) : null;
}

/**
 * Checks a server answer against the restored backup: true when the server lacks its data (another
 * epoch, no epoch known in the file, or a rev behind the newest restored record); false (and the
 * mark is cleared) when the server has it all. No mark: false.
 */
export async function cadanganTidakDiServer(db: PantauDB, id: IdentitasServer): Promise<boolean> {
  const t = await tandaCadangan(db);
  if (!t) return false;
  const ada = t.epoch !== null && t.epoch === id.epoch && (id.rev ?? 0) >= t.revMaks;
  if (ada) await db.meta.delete(KEY_CADANGAN);
  return !ada;
}

export const PESAN_CADANGAN_TIDAK_DI_SERVER =
  'Data yang dipulihkan dari cadangan perangkat tidak ada di server (server baru atau dipulihkan dari cadangan lain). ' +
  'Data ini hanya salinan satu perangkat: kirim ke server atau buang di halaman Sinkron.';

/**
 * "Kirim ke server": every restored record without pending local work is queued as a put of all its
 * fields with baseRev 0, so a server that lacks it creates it; where the server has the same field
 * changed by someone else the server keeps its value and a konflik records this copy (nothing is
 * overwritten silently). Clears the mark. Returns how many were queued.
 */
export async function kirimCadanganKeServer(db: PantauDB, now: Date = new Date()): Promise<number> {
  const tabel = [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.meta];
  return db.transaction('rw', tabel, async () => {
    const tertunda = new Set((await db.outbox.toArray()).map((m) => `${m.table}:${m.key}`));
    const row = await db.meta.get('lastSeq');
    let seq = (row?.value as number | undefined) ?? 0;
    let n = 0;
    for (const t of NAMA_TABEL) {
      if (t === 'konflik') continue; // konflik records are the server's own bookkeeping
      for (const rec of (await db.table(t).toArray()) as Record<string, unknown>[]) {
        const key = String(rec.id);
        if (tertunda.has(`${t}:${key}`) || rec.deleted === true) continue;
        const { rev: _r, updatedAt: _u, updatedBy: _b, deleted: _d, ...fields } = rec;
        await db.outbox.add({ id: idBaru(), seq: ++seq, table: t, key, op: 'put', fields, baseRev: 0, at: now.toISOString() });
        n++;
      }
    }
    if (n) await db.meta.put({ key: 'lastSeq', value: seq });
    await db.meta.delete(KEY_CADANGAN);
    return n;
  });
}

/** "Buang": drop the mark; the engine then re-pulls the server's data (pending edits stay). */
export async function buangTandaCadangan(db: PantauDB): Promise<void> {
  await db.meta.delete(KEY_CADANGAN);
}

export const FORMAT_CADANGAN = 'pantau-kinerja-cadangan';

const penolakanSchema = z.object({
  id: z.string(),
  table: z.enum(NAMA_TABEL as [NamaTabel, ...NamaTabel[]]),
  key: z.string(),
  reason: z.string(),
  kode: kodePenolakanSchema.optional(),
  fields: z.record(z.string(), z.unknown()),
  at: z.string(),
});

const tabelSchema = z.object(
  Object.fromEntries(NAMA_TABEL.map((t) => [t, z.array(z.record(z.string(), z.unknown())).default([])])) as Record<
    NamaTabel,
    z.ZodDefault<z.ZodArray<z.ZodRecord<z.ZodString, z.ZodUnknown>>>
  >,
);

/**
 * A bukti dukung file still waiting to go out (`lokal` or `mengunggah`), carried in the device's
 * backup with its bytes in base64 (issue 15 "backup and restore carry the files"; docs/bukti-dukung.md
 * "Cadangan"): without it a photo not yet uploaded would be lost with the device. Refused files
 * (`ditolak`) and files already on the server are not carried.
 */
export const berkasCadanganSchema = z.object({
  hash: hashBerkasSchema,
  nama: z.string().min(1).max(200),
  mime: z.enum(MIME_BUKTI, { error: 'Jenis berkas tidak didukung' }),
  ukuran: z.int().min(1),
  tabel: z.enum(TABEL_PEMILIK_BUKTI),
  recordId: idSchema,
  opdId: idSchema,
  dibuatPada: z.string(),
  /** The file's bytes, base64. */
  isi: z.string(),
});

/** Bytes as base64 (chunked: a 10 MB scan must not overflow the call stack). */
function keBase64(b: Uint8Array): string {
  let biner = '';
  for (let i = 0; i < b.length; i += 0x8000) biner += String.fromCharCode(...b.subarray(i, i + 0x8000));
  return btoa(biner);
}
function dariBase64(s: string): Uint8Array<ArrayBuffer> | null {
  try {
    const biner = atob(s);
    const b = new Uint8Array(biner.length);
    for (let i = 0; i < biner.length; i++) b[i] = biner.charCodeAt(i);
    return b;
  } catch {
    return null;
  }
}

/** Whose database a backup holds (meta 'pemilik', written at sign-in); null for an unknown owner. */
export const pemilikSchema = z.object({ id: z.string(), username: z.string(), nama: z.string().default('') });
export type Pemilik = z.infer<typeof pemilikSchema>;

export const cadanganSchema = z.object({
  format: z.literal(FORMAT_CADANGAN, { error: 'Bukan file cadangan Pantau Kinerja' }),
  versi: z.literal(1, { error: 'Versi file cadangan tidak dikenal' }),
  dibuat: z.string(),
  clientId: z.string().nullable(),
  /** The account whose data and pending edits the file holds (issue 9 point 10); absent in older files. */
  pemilik: pemilikSchema.nullable().default(null),
  /** How many unsent edits the file holds (= outbox.length), for a reader of the file. */
  jumlahTertunda: z.number().int().min(0).optional(),
  tabel: tabelSchema,
  outbox: z.array(mutationSchema.extend({ id: idSchema })),
  penolakan: z.array(penolakanSchema).default([]),
  /** The server epoch the records' revs belong to (absent in files of older versions). */
  epoch: z.string().nullable().default(null),
  /** Evidence files not yet on the server (absent in files of older versions). */
  berkas: z.array(berkasCadanganSchema).default([]),
});
export type Cadangan = z.infer<typeof cadanganSchema>;

/** The account a database belongs to (meta 'pemilik'), or null when never recorded. */
export async function bacaPemilik(db: PantauDB): Promise<Pemilik | null> {
  const p = pemilikSchema.safeParse((await db.meta.get('pemilik'))?.value);
  return p.success ? p.data : null;
}

/**
 * The whole local database as a JSON Blob (to download). The file states whose it is (`pemilik`)
 * and how many unsent edits it holds (`jumlahTertunda`), so a file exported from another account's
 * database on a shared tablet says whose pending edits it carries (issue 9 point 10).
 */
export async function eksporCadangan(db: PantauDB, now: Date = new Date()): Promise<Blob> {
  const isi = await db.transaction('r', [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta, db.berkasLokal], async () => {
    const tabel: Record<string, unknown[]> = {};
    for (const t of NAMA_TABEL) tabel[t] = await db.table(t).toArray();
    const clientId = await db.meta.get('clientId');
    const outbox = await db.outbox.orderBy('seq').toArray();
    const epoch = await db.meta.get(KEY_EPOCH);
    const tertunda = await db.berkasLokal.where('status').anyOf('lokal', 'mengunggah').toArray();
    return {
      format: FORMAT_CADANGAN,
      versi: 1,
      dibuat: now.toISOString(),
      clientId: typeof clientId?.value === 'string' ? clientId.value : null,
      pemilik: await bacaPemilik(db),
      jumlahTertunda: outbox.length,
      tabel,
      outbox,
      penolakan: await db.penolakan.toArray(),
      epoch: typeof epoch?.value === 'string' ? epoch.value : null,
      tertunda,
    };
  });
  // Blobs are read after the transaction (an IndexedDB transaction ends at the first foreign await).
  const { tertunda, ...data } = isi;
  const berkas = [];
  for (const b of tertunda) {
    berkas.push({
      hash: b.hash,
      nama: b.nama,
      mime: b.mime,
      ukuran: b.ukuran,
      tabel: b.tabel,
      recordId: b.recordId,
      opdId: b.opdId,
      dibuatPada: b.dibuatPada,
      isi: keBase64(new Uint8Array(await b.blob.arrayBuffer())),
    });
  }
  return new Blob([JSON.stringify({ ...data, berkas })], { type: 'application/json' });
}

/**
 * Restore a backup file into this database. Returns how many records were restored, how many
 * unsent mutations were queued again and how many evidence files came back (each checked against
 * its hash; they wait to be uploaded, `lokal`). Throws an Indonesian Error for a bad file (nothing
 * changed). `oleh` is the user restoring (kept for the signature of I8; records keep their own updatedBy).
 */
export async function imporCadangan(
  db: PantauDB,
  file: Blob,
  _oleh: string,
): Promise<{ dipulihkan: number; diantrekan: number; berkas: number; pemilik: Pemilik | null }> {
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
      // A tombstone pulled from the server carries only what identifies it (docs/sync-protocol.md "GET
      // /sync/pull"), so it is checked as a tombstone, not as a whole record.
      const v = r.deleted === true ? baseSchema.loose().safeParse(r) : recordSchemas[t].safeParse(r);
      if (!v.success) throw new Error(`File cadangan tidak valid: ${t}[${i}] ${pesanZod(v.error)}`);
      rekaman.push({ table: t, rec: v.data as Record<string, unknown> });
    }
  }
  // Every file's bytes must be what its hash says before anything is written.
  const berkas: { b: Cadangan['berkas'][number]; blob: Blob }[] = [];
  for (const [i, b] of c.berkas.entries()) {
    const bytes = dariBase64(b.isi);
    const blob = bytes ? new Blob([bytes], { type: b.mime }) : null;
    if (!blob || blob.size !== b.ukuran || (await hashBlob(blob)) !== b.hash)
      throw new Error(`File cadangan tidak valid: berkas bukti ${i + 1} (${b.nama}) rusak, isinya tidak sesuai hash`);
    berkas.push({ b, blob });
  }
  const semua = [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta, db.berkasLokal];
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
      // One device's copy: until the server is seen to hold it, the device must not look synced.
      if (dipulihkan) {
        const revMaks = Math.max(0, ...rekaman.map((r) => Number(r.rec.rev ?? 0)));
        const lama = await db.meta.get(KEY_CADANGAN);
        const lamaRev = (lama?.value as TandaCadangan | undefined)?.revMaks ?? 0;
        await db.meta.put({ key: KEY_CADANGAN, value: { epoch: c.epoch, revMaks: Math.max(revMaks, lamaRev) } satisfies TandaCadangan });
        if (c.epoch && !(await db.meta.get(KEY_EPOCH))) await db.meta.put({ key: KEY_EPOCH, value: c.epoch });
      }
      // Evidence files: a content this device already holds keeps its own state (it may be on its way).
      let jumlahBerkas = 0;
      for (const { b, blob } of berkas) {
        if (await db.berkasLokal.get(b.hash)) continue;
        const { isi: _isi, ...ket } = b;
        await db.berkasLokal.put({ ...ket, blob, status: 'lokal', terkirimByte: 0, alasan: '', urlUnggah: null });
        jumlahBerkas++;
      }
      return { dipulihkan, diantrekan, berkas: jumlahBerkas, pemilik: c.pemilik };
    });
  } catch (e) {
    const err = e as { name?: string; inner?: { name?: string } } | null;
    if (err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError') throw new PenyimpananPenuhError();
    throw e;
  }
}
