/**
 * The only way the app writes data (docs/architecture.md "Writing data"): each write validates the whole record with
 * its shared Zod schema, then stores the record and appends its outbox mutation in ONE Dexie `rw`
 * transaction, so a crash can never leave one without the other.
 *
 * Offline: every function here works without the network; the sync engine pushes the outbox later.
 */
import { z } from 'zod';
import {
  alasanUkuranRecord,
  recordSchemas,
  NAMA_TABEL,
  NILAI_BAWAAN,
  SERVER_FIELDS,
  type AnyRecord,
  type NamaTabel,
  type RecordOf,
  idBaru,
} from '../domain/schemas.ts';
import { KEY_SEQ_TERKIRIM, type PantauDB, type OutboxEntry } from './database.ts';
import { samaNilai } from '../domain/sama.ts';

/** A record failed validation; `fields` maps a field path to its Indonesian message. */
export class ValidasiError extends Error {
  constructor(public readonly fields: Record<string, string>) {
    super(
      Object.entries(fields)
        .map(([k, v]) => (k ? `${k}: ${v}` : v))
        .join('; '),
    );
    this.name = 'ValidasiError';
  }
}

/** The device's storage is full. Nothing was written: what was saved before stays intact. */
export class PenyimpananPenuhError extends Error {
  constructor() {
    super(
      'Penyimpanan perangkat penuh. Data sebelumnya aman; kosongkan berkas bukti yang sudah terkirim (Pengaturan › Penyimpanan perangkat), hapus data lain atau unduh cadangan, lalu coba lagi.',
    );
    this.name = 'PenyimpananPenuhError';
  }
}

export function pesanPerField(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const k = issue.path.join('.');
    out[k] ??= issue.message;
  }
  return out;
}

function adalahKuotaPenuh(e: unknown): boolean {
  const err = e as { name?: string; inner?: { name?: string } } | null;
  return err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError';
}

/** Next contiguous client seq; called only inside a rw transaction that includes `meta`. */
export async function seqBerikut(db: PantauDB): Promise<number> {
  const row = await db.meta.get('lastSeq');
  const next = ((row?.value as number | undefined) ?? 0) + 1;
  await db.meta.put({ key: 'lastSeq', value: next });
  return next;
}

/** Key order does not count: a record pulled from the server (jsonb) may list keys differently. */
const berbeda = (a: unknown, b: unknown): boolean => !samaNilai(a, b);

/** Every table a repository write may touch, for one `rw` transaction. */
export function tabelTulis(db: PantauDB) {
  return [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.meta, db.penolakan];
}

/** Merge, validate, store and enqueue one put. Must run inside a rw transaction over tabelTulis(db). */
async function tulisPut<T extends NamaTabel>(
  db: PantauDB,
  table: T,
  key: string,
  fields: Partial<RecordOf<T>>,
  oleh: string,
  now: Date,
  bawaanBaru?: Partial<RecordOf<T>>,
): Promise<RecordOf<T>> {
  const schema = recordSchemas[table] as unknown as z.ZodType<RecordOf<T>>;
  const tbl = db.table(table);
  const lama = (await tbl.get(key)) as Record<string, unknown> | undefined;
  // Insert or update is decided HERE, on the record read inside this transaction, never from what
  // a screen read earlier (issue 9 point 7: a quick second save used to overwrite the first one's
  // value with these defaults). The defaults count as set by the person (they are sent).
  if (bawaanBaru && (!lama || lama.deleted)) fields = { ...bawaanBaru, ...fields };
  const gabung: Record<string, unknown> = {
    ...(lama ?? {}),
    ...fields,
    id: key,
    rev: (lama?.rev as number | undefined) ?? 0,
    deleted: false,
    updatedAt: now.toISOString(),
    updatedBy: oleh,
  };
  const parsed = schema.safeParse(gabung);
  if (!parsed.success) throw new ValidasiError(pesanPerField(parsed.error));
  const rec = parsed.data as Record<string, unknown>;
  // The same size limit the server applies (issue 9 §3): refused here, before it is queued.
  const besar = alasanUkuranRecord(table, rec);
  if (besar) throw new ValidasiError({ '': besar });
  const berubah: Record<string, unknown> = {};
  const bawaan = NILAI_BAWAAN[table];
  for (const [k, v] of Object.entries(rec)) {
    // Server-owned fields (id, rev, updatedAt, updatedBy, deleted) never travel in a put.
    if ((SERVER_FIELDS as readonly string[]).includes(k)) continue;
    // A new record's put carries only what the person set (and the fields without a default, which
    // identify it): a default sent along would read on the server as a value typed on this tablet,
    // and two tablets' first entries of one quarter would clash on fields neither set (issue 9 §1).
    if (!lama) {
      if (!bawaan.has(k) || berbeda(bawaan.get(k), v)) berubah[k] = v;
    } else if (berbeda(lama[k], v)) berubah[k] = v;
  }
  // Fixing a rejected edit resends what the server refused too, not only the newest change.
  const tolak = await db.penolakan.get(`${table}:${key}`);
  if (tolak) {
    for (const k of Object.keys(tolak.fields)) {
      if (k in rec && !(SERVER_FIELDS as readonly string[]).includes(k)) berubah[k] = rec[k];
    }
  }
  if (lama && !lama.deleted && Object.keys(berubah).length === 0) return lama as RecordOf<T>;
  // Re-creating a locally deleted record sends it whole (the server decides: konflik if it is deleted there).
  if (lama?.deleted) for (const [k, v] of Object.entries(rec)) if (!(SERVER_FIELDS as readonly string[]).includes(k)) berubah[k] = v;
  await tbl.put(rec);
  const gabungKe = tolak ? null : await entriGabungan(db, table, key);
  if (gabungKe) {
    // Its base stays the older one: what this device had seen of the server when the first of the
    // merged edits was typed (a field another device changed since is still a konflik).
    await db.outbox.put({ ...gabungKe, fields: { ...gabungKe.fields, ...berubah }, at: now.toISOString() });
  } else {
    const entry: OutboxEntry = {
      id: idBaru(),
      seq: await seqBerikut(db),
      table,
      key,
      op: 'put',
      fields: berubah,
      baseRev: (lama?.rev as number | undefined) ?? 0,
      at: now.toISOString(),
    };
    await db.outbox.add(entry);
  }
  // A new edit supersedes an earlier rejection of this record.
  await db.penolakan.delete(`${table}:${key}`);
  return rec as RecordOf<T>;
}

/**
 * Tables whose queued puts a later edit of the same record may be merged into: data entry records
 * (a quarter's realisasi, a programme's budget realisation) that no other record's check depends
 * on, so sending an edit earlier than other such records' edits changes no outcome on the server.
 */
export const TABEL_GABUNG: ReadonlySet<NamaTabel> = new Set(['realisasi', 'realisasiAnggaran']);
/** At most this many queued entries after the merged one are looked at (beyond: a new entry). */
export const MAKS_LEWATI_GABUNG = 400;

/**
 * The queued put a new edit of `table`/`key` is merged into instead of queueing another mutation
 * (issue 17 §4: a tablet pushing 1,000 edits of 110 realisasi sent 1,000 mutations where PouchDB
 * sends 110 newest revisions). Only when all of these hold: the table is in TABEL_GABUNG; the
 * record's newest queued entry is a put never handed to a push (seq above KEY_SEQ_TERKIRIM; without
 * the mark, set here when the outbox is empty and by `ambilBatch`, nothing is merged); and every entry
 * queued after it (at most MAKS_LEWATI_GABUNG) is a put of a TABEL_GABUNG table, so no lock, PK
 * signature, delete or konflik resolution is overtaken. The server then applies the merged fields
 * (newest value of each) under the first edit's seq; nothing typed is dropped, only the values a
 * field held in between. Must run inside a rw transaction over tabelTulis(db).
 */
async function entriGabungan(db: PantauDB, table: NamaTabel, key: string): Promise<OutboxEntry | null> {
  if (!TABEL_GABUNG.has(table)) return null;
  const terkirim = (await db.meta.get(KEY_SEQ_TERKIRIM))?.value;
  if (typeof terkirim !== 'number') {
    // No mark yet (a new database, or one from before this rule): with an empty outbox nothing can be
    // on its way (an entry leaves only with its answer), so every seq so far counts as sent; with
    // queued entries, some may have been sent by an older version: nothing is merged until a push.
    if ((await db.outbox.count()) === 0) {
      const akhirSeq = (await db.meta.get('lastSeq'))?.value;
      await db.meta.put({ key: KEY_SEQ_TERKIRIM, value: typeof akhirSeq === 'number' ? akhirSeq : 0 });
    }
    return null;
  }
  const akhir = await db.outbox.where('[table+key]').equals([table, key]).last();
  if (!akhir || akhir.op !== 'put' || akhir.seq <= terkirim) return null;
  const sesudah = await db.outbox
    .where('seq')
    .above(akhir.seq)
    .limit(MAKS_LEWATI_GABUNG + 1)
    .toArray();
  if (sesudah.length > MAKS_LEWATI_GABUNG) return null;
  return sesudah.every((m) => m.op === 'put' && TABEL_GABUNG.has(m.table)) ? akhir : null;
}

/** Tombstone one record and enqueue the delete. Must run inside a rw transaction over tabelTulis(db). */
async function tulisHapus(db: PantauDB, table: NamaTabel, id: string, oleh: string, now: Date): Promise<void> {
  const tbl = db.table(table);
  const lama = (await tbl.get(id)) as Record<string, unknown> | undefined;
  if (!lama || lama.deleted) return;
  await tbl.put({ ...lama, deleted: true, updatedAt: now.toISOString(), updatedBy: oleh });
  await db.outbox.add({
    id: idBaru(),
    seq: await seqBerikut(db),
    table,
    key: id,
    op: 'delete',
    fields: {},
    baseRev: (lama.rev as number | undefined) ?? 0,
    at: now.toISOString(),
  });
  await db.penolakan.delete(`${table}:${id}`);
}

async function dalamTransaksi<R>(db: PantauDB, kerja: () => Promise<R>): Promise<R> {
  try {
    return await db.transaction('rw', tabelTulis(db), kerja);
  } catch (e) {
    if (adalahKuotaPenuh(e)) throw new PenyimpananPenuhError();
    throw e;
  }
}

/** Options of `simpan`. */
export interface OpsiSimpan<T extends NamaTabel> {
  /**
   * Values used only when the record does not exist yet (or is deleted) at the moment of the write,
   * as judged inside the write transaction; `fields` win over them. Callers never pass "does it
   * exist?" from an earlier read (issue 9 point 7).
   */
  bawaanBaru?: Partial<RecordOf<T>>;
}

/**
 * Create or update a record. `fields` holds the changed fields; the stored record is the merge of
 * the existing one and `fields`, validated as a whole. Only fields whose value really changed go to
 * the outbox. Returns the stored record. Offline: stored locally at once, pushed when online.
 */
export async function simpan<T extends NamaTabel>(
  db: PantauDB,
  table: T,
  id: string | null,
  fields: Partial<RecordOf<T>>,
  oleh: string,
  now: Date = new Date(),
  opsi: OpsiSimpan<T> = {},
): Promise<RecordOf<T>> {
  const key = id ?? idBaru();
  return dalamTransaksi(db, () => tulisPut(db, table, key, fields, oleh, now, opsi.bawaanBaru));
}

/**
 * Runs `kerja` in ONE write transaction over every table a repository write touches, so a read
 * inside it and the `simpan`/`simpanBanyak` calls it makes see and change the same state (a write
 * that depends on what is stored decides it here, never from a screen's earlier read: issue 9
 * point 7). A full device storage becomes PenyimpananPenuhError.
 */
export function transaksiTulis<R>(db: PantauDB, kerja: () => Promise<R>): Promise<R> {
  return dalamTransaksi(db, kerja);
}

/**
 * One write of `simpanBanyak`: a put (id null → new record) or a delete. A put's `bawaanBaru` is
 * `OpsiSimpan.bawaanBaru` (used only when the record does not exist yet, judged in the transaction).
 */
export type Tulisan =
  | { [T in NamaTabel]: { table: T; id: string | null; fields: Partial<RecordOf<T>>; hapus?: false; bawaanBaru?: Partial<RecordOf<T>> } }[NamaTabel]
  | { table: NamaTabel; id: string; hapus: true };

/**
 * Several writes in ONE transaction: all are stored (with their outbox entries, in order) or none
 * is. A ValidasiError names the failing write in its `fields` keys as `<index>.<path>`.
 * Returns the stored records (null for deletes). Offline: like `simpan`.
 */
export async function simpanBanyak(db: PantauDB, writes: readonly Tulisan[], oleh: string, now: Date = new Date()): Promise<Array<AnyRecord | null>> {
  return dalamTransaksi(db, async () => {
    const out: Array<AnyRecord | null> = [];
    for (const [i, w] of writes.entries()) {
      if (w.hapus) {
        await tulisHapus(db, w.table, w.id, oleh, now);
        out.push(null);
        continue;
      }
      try {
        out.push(await tulisPut(db, w.table, w.id ?? idBaru(), w.fields as Partial<AnyRecord>, oleh, now, w.bawaanBaru as Partial<AnyRecord> | undefined));
      } catch (e) {
        if (e instanceof ValidasiError) {
          throw new ValidasiError(Object.fromEntries(Object.entries(e.fields).map(([k, v]) => [k ? `${i}.${k}` : String(i), v])));
        }
        throw e;
      }
    }
    return out;
  });
}

/** Delete (tombstone) a record. Offline: hidden locally at once, pushed when online. */
export async function hapus(db: PantauDB, table: NamaTabel, id: string, oleh: string, now: Date = new Date()): Promise<void> {
  await dalamTransaksi(db, () => tulisHapus(db, table, id, oleh, now));
}
