/**
 * Applying pulled changes (docs/sync-protocol.md "GET /sync/pull?since=REV&limit=N"): one page = one Dexie transaction. A record with
 * pending outbox mutations or an unresolved rejection is never overwritten (read-your-writes; the
 * server's version arrives with a newer rev after our push), and a record never goes back to an
 * older rev (pages may be replayed or arrive twice).
 *
 * The cursor still moves past a held-back change, so its key is remembered in `meta` (KEY_PERLU_AMBIL):
 * when the pending work is done the server's version might never come back by pull (a push answered
 * `conflict`, or `applied` without a new rev, leaves the server's rev where it was), so the engine
 * fetches those records once nothing is pending anymore (`terapkanRecordServer`). A push answered
 * `conflict` marks its record too: the server kept its value, the user's is in the konflik record.
 *
 * A page is applied in bulk, not change by change: the pending keys are read once, then per table
 * one bulkAdd of the page's records; only the keys IndexedDB already holds (refused by the add) and
 * the purged tombstones have their local revs read (one bulkGet) before one bulkPut / bulkDelete of
 * the newer ones. An initial pull is thousands of records, none of them stored yet: it writes
 * without reading anything (issue 17 §5). Four IndexedDB requests per record made it several times
 * slower than the store itself, and a key lookup per record (a cursor step each) still took about
 * half of a page's time on a table that already held records.
 */
import { Dexie, type Table } from 'dexie';
import { NAMA_TABEL, type NamaTabel } from '../domain/schemas.ts';
import type { Change } from '../shared/protocol.ts';
import type { PantauDB } from './database.ts';
import { tandaiTanyaUlang } from './tanya-ulang.ts';

export const KEY_KURSOR = 'pullRev';

export async function kursorPull(db: PantauDB): Promise<number> {
  const row = await db.meta.get(KEY_KURSOR);
  return typeof row?.value === 'number' ? row.value : 0;
}

/** meta key: `table:key` of records whose server version must be fetched once nothing is pending. */
export const KEY_PERLU_AMBIL = 'perluAmbil';

/** The remembered keys. Call inside a transaction that includes `meta` when changing them. */
async function bacaPerluAmbil(db: PantauDB): Promise<Set<string>> {
  const row = await db.meta.get(KEY_PERLU_AMBIL);
  return new Set(Array.isArray(row?.value) ? (row.value as string[]) : []);
}

async function tulisPerluAmbil(db: PantauDB, kunci: Set<string>): Promise<void> {
  if (kunci.size) await db.meta.put({ key: KEY_PERLU_AMBIL, value: [...kunci].sort() });
  else await db.meta.delete(KEY_PERLU_AMBIL);
}

/**
 * Remember `tambah` and forget `lupakan` (both `table:key`) in one read and at most one write; a key
 * in both is forgotten. Must run inside a rw transaction that includes `meta`.
 */
export async function ubahPerluAmbil(db: PantauDB, tambah: Iterable<string>, lupakan: Iterable<string>): Promise<void> {
  const ada = await bacaPerluAmbil(db);
  const awal = [...ada].join('\n');
  for (const k of tambah) ada.add(k);
  for (const k of lupakan) ada.delete(k);
  if ([...ada].join('\n') !== awal) await tulisPerluAmbil(db, ada);
}

export interface CatatanPerluAmbil {
  table: NamaTabel;
  key: string;
}

const pisahKey = (k: string): CatatanPerluAmbil | null => {
  const i = k.indexOf(':');
  const table = k.slice(0, i) as NamaTabel;
  return i > 0 && (NAMA_TABEL as readonly string[]).includes(table) ? { table, key: k.slice(i + 1) } : null;
};

/** Every remembered record (pending or not). */
export async function daftarPerluAmbil(db: PantauDB): Promise<CatatanPerluAmbil[]> {
  return [...(await bacaPerluAmbil(db))].map(pisahKey).filter((c): c is CatatanPerluAmbil => c !== null);
}

/** The remembered records with no local work waiting (outbox or rejection): ready to be fetched. */
export async function perluAmbilSiap(db: PantauDB): Promise<CatatanPerluAmbil[]> {
  return db.transaction('r', [db.outbox, db.penolakan, db.meta], async () => {
    const out: CatatanPerluAmbil[] = [];
    for (const c of await daftarPerluAmbil(db)) {
      if (await db.penolakan.get(keyCatatan(c.table, c.key))) continue;
      if ((await db.outbox.where('[table+key]').equals([c.table, c.key]).count()) > 0) continue;
      out.push(c);
    }
    return out;
  });
}

/** Forget a remembered record without fetching it (e.g. the server refuses to answer for it). */
export async function lupakanPerluAmbil(db: PantauDB, table: NamaTabel, key: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const ada = await bacaPerluAmbil(db);
    if (ada.delete(keyCatatan(table, key))) await tulisPerluAmbil(db, ada);
  });
}

/**
 * Apply the server's current version of one remembered record (`null`: the server has none) and
 * forget it — unless local work for it is waiting again, then it stays remembered for the next run.
 * Never goes back to an older rev than the local one. Returns whether the record was written.
 */
export async function terapkanRecordServer(db: PantauDB, table: NamaTabel, key: string, server: Record<string, unknown> | null): Promise<boolean> {
  const tbl = db.table(table);
  return db.transaction('rw', [tbl, db.outbox, db.penolakan, db.meta], async () => {
    if (await db.penolakan.get(keyCatatan(table, key))) return false;
    if ((await db.outbox.where('[table+key]').equals([table, key]).count()) > 0) return false;
    const ada = await bacaPerluAmbil(db);
    if (ada.delete(keyCatatan(table, key))) await tulisPerluAmbil(db, ada);
    const lokal = (await tbl.get(key)) as { rev?: number } | undefined;
    if (!server) {
      if (!lokal) return false;
      await tbl.delete(key);
      return true;
    }
    const rev = typeof server.rev === 'number' ? server.rev : 0;
    if (lokal && (lokal.rev ?? 0) > rev) return false;
    await tbl.put({ ...server, id: key, rev, deleted: server.deleted === true });
    return true;
  });
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
const keyCatatan = (table: string, key: string) => `${table}:${key}`;

/**
 * A pull page whose transaction found the cursor below the page's `since`: the page before it was
 * not stored (its transaction failed), so storing this one would move the cursor past records
 * this device never got. Nothing is written; the engine's next run pulls from the stored cursor.
 */
export class UrutanTarikTerputus extends Error {
  constructor(
    readonly kursor: number,
    readonly dari: number,
  ) {
    super(`Halaman data dari server tidak tersimpan berurutan (posisi ${kursor}, halaman mulai ${dari}); sinkronisasi diulang dari posisi terakhir`);
    this.name = 'UrutanTarikTerputus';
  }
}

/**
 * Apply one pull page and move the cursor to `next`, all in one rw transaction (a failure leaves
 * both untouched). Offline: never called (pull needs the network); local edits made meanwhile are
 * protected by the pending-key check.
 *
 * `dari`: the `since` the page was asked with. Given, the transaction first checks that the stored
 * cursor has reached it and otherwise throws `UrutanTarikTerputus` having written nothing; so the
 * engine may open a page's transaction before the previous page's has committed (IndexedDB runs
 * them in the order they were opened; issue 17 §5) and a failed page is never skipped. A cursor
 * already beyond `dari` (a push moved it, src/db/outbox.ts) is fine: records never go back to an
 * older rev and the cursor never moves back.
 */
export async function terapkanHalaman(
  db: PantauDB,
  changes: readonly Change[],
  next: number,
  opsi: { timpa?: boolean; dari?: number } = {},
): Promise<HasilTerapkan> {
  const tabel = [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta];
  return db.transaction('rw', tabel, async () => {
    const hasil: HasilTerapkan = { diterapkan: 0, ditahan: 0, usang: 0 };

    // Every record with local work waiting: read once per page, from the indexes only.
    const [keyOutbox, idPenolakan, kursor, perluAmbil] = await Promise.all([
      db.outbox.orderBy('[table+key]').uniqueKeys(),
      db.penolakan.toCollection().primaryKeys(),
      kursorPull(db),
      bacaPerluAmbil(db),
    ]);
    if (opsi.dari !== undefined && kursor < opsi.dari) throw new UrutanTarikTerputus(kursor, opsi.dari);
    const jumlahPerluAmbil = perluAmbil.size;
    let perluAmbilBerubah = false;
    const tertunda = new Set<string>(idPenolakan);
    for (const k of keyOutbox) {
      const [table, key] = k as unknown as [string, string];
      tertunda.add(keyCatatan(table, key));
    }

    // A large page is written whole, a small one in slices (see AMBANG_TULIS_KASAR).
    const utuh = changes.length > AMBANG_TULIS_KASAR;
    // The newest change of each record in this page, per table.
    const terbaru = new Map<string, Map<string, Change>>();
    for (const c of changes) {
      if (tertunda.has(keyCatatan(c.table, c.key))) {
        hasil.ditahan++;
        // The cursor moves past it: fetch the server's version once nothing is pending.
        perluAmbil.add(keyCatatan(c.table, c.key));
        continue;
      }
      // Neither a record nor a tombstone: nothing to apply.
      if (!c.record && !c.deleted) continue;
      let perKey = terbaru.get(c.table);
      if (!perKey) terbaru.set(c.table, (perKey = new Map()));
      const lain = perKey.get(c.key);
      if (lain) hasil.usang++;
      if (!lain || c.rev > lain.rev) perKey.set(c.key, c);
    }

    await Promise.all(
      [...terbaru].map(async ([nama, perKey]) => {
        const tbl = db.table(nama);
        const terapkan = (c: Change) => {
          hasil.diterapkan++;
          // A newer version than any held back one arrived: nothing left to fetch for it.
          if (perluAmbil.delete(keyCatatan(nama, c.key))) perluAmbilBerubah = true;
        };
        const rekam = (c: Change) => ({ ...c.record, id: c.key, rev: c.rev, deleted: c.deleted });
        const denganRecord = [...perKey.values()].filter((c) => c.record);
        // Tombstones travel like any change; a purged one (record null) leaves nothing to keep.
        const dibuang = [...perKey.values()].filter((c) => !c.record);
        // In a re-pull after a restore (`timpa`) the local revs belong to another history: the
        // server's version wins whatever its rev, so nothing is read.
        if (opsi.timpa) {
          const buang = dibuang.map((c) => c.key);
          await simpanSemua(tbl, denganRecord.map(rekam), utuh);
          await hapusSemua(tbl, buang);
          for (const c of [...denganRecord, ...dibuang]) terapkan(c);
          return;
        }
        // Added, not put: a record not here yet (every one on a first sync) is stored without any
        // read; IndexedDB refuses the add of a key it holds, and only those keys (and the purged
        // tombstones) have their local rev read, so an older rev never replaces a newer one.
        const ada = await tambahYangBaru(tbl, denganRecord.map(rekam), utuh);
        for (const [i, c] of denganRecord.entries()) if (!ada.has(i)) terapkan(c);
        const periksa = [...[...ada].map((i) => denganRecord[i]!), ...dibuang];
        if (!periksa.length) return;
        const lokal = (await tbl.bulkGet(periksa.map((c) => c.key))) as ({ rev?: number } | undefined)[];
        const tulis: Record<string, unknown>[] = [];
        const hapus: string[] = [];
        periksa.forEach((c, i) => {
          const l = lokal[i];
          if (l && (l.rev ?? 0) >= c.rev) {
            hasil.usang++;
            return;
          }
          if (c.record) tulis.push(rekam(c));
          else hapus.push(c.key);
          terapkan(c);
        });
        await simpanSemua(tbl, tulis, utuh);
        await hapusSemua(tbl, hapus);
      }),
    );
    if (perluAmbilBerubah || perluAmbil.size !== jumlahPerluAmbil) await tulisPerluAmbil(db, perluAmbil);
    if (next > kursor) await db.meta.put({ key: KEY_KURSOR, value: next });
    return hasil;
  });
}

/**
 * How a page is written, by its size (issue 17 §5; docs/architecture.md "Live queries"). Dexie
 * records, for a bulk write of fewer than 50 records, which keys and index values it touched, so a
 * live query over another year's or quarter's index range is not woken; from 50 records on it marks
 * the table's every index as changed. A page of up to AMBANG_TULIS_KASAR changes (what a pull brings
 * while tablets report) is written in slices of IRISAN_TULIS, issued together (IndexedDB gets the
 * same requests as one bulk write), so only the screens showing those records read again. A larger
 * page (a first sync, a catch-up after days offline) is written whole: tracking every key and index
 * value of 2,500 records cost the pull worker more than storing them, and the list of them, sent to
 * the screens' thread over Dexie's BroadcastChannel, blocked it ~140 ms per first sync (Chromium
 * trace, demo data); while such pages follow one another the screens read again at most once a
 * second anyway (src/sync/rem-langsung.ts), and every one of them once the pull ends.
 */
export const IRISAN_TULIS = 49;
export const AMBANG_TULIS_KASAR = 500;

/** `xs` as the slices it is written in, each with the position of its first element. */
function iris<T>(xs: readonly T[], utuh: boolean): { bagian: readonly T[]; dari: number }[] {
  if (utuh) return xs.length ? [{ bagian: xs, dari: 0 }] : [];
  const out: { bagian: readonly T[]; dari: number }[] = [];
  for (let i = 0; i < xs.length; i += IRISAN_TULIS) out.push({ bagian: xs.slice(i, i + IRISAN_TULIS), dari: i });
  return out;
}

async function simpanSemua(tbl: Table, records: readonly Record<string, unknown>[], utuh: boolean): Promise<void> {
  await Promise.all(iris(records, utuh).map((b) => tbl.bulkPut(b.bagian)));
}

async function hapusSemua(tbl: Table, keys: readonly string[]): Promise<void> {
  if (keys.length) await tbl.bulkDelete(keys as string[]);
}

/**
 * bulkAdd of `records` (whole or in slices, see AMBANG_TULIS_KASAR); returns the positions IndexedDB refused because the key is
 * already stored (ConstraintError; the failed adds are prevented from aborting the transaction).
 * Any other failure is thrown and aborts the page's transaction.
 */
async function tambahYangBaru(tbl: Table, records: readonly Record<string, unknown>[], utuh: boolean): Promise<Set<number>> {
  const ada = new Set<number>();
  await Promise.all(
    iris(records, utuh).map(async ({ bagian, dari }) => {
      try {
        await tbl.bulkAdd(bagian);
      } catch (e) {
        if (!(e instanceof Dexie.BulkError)) throw e;
        for (const [pos, err] of Object.entries(e.failuresByPos)) {
          if (err.name !== 'ConstraintError') throw err;
          ada.add(dari + Number(pos));
        }
      }
    }),
  );
  return ada;
}

// ------------------------------------------------------------------ the server's identity

/** meta key: the server epoch the local revs and the pull cursor belong to. */
export const KEY_EPOCH = 'epochServer';
/** meta key: a full re-pull is under way (`{ epoch, epochRev }`); set by `mulaiTarikUlang`. */
export const KEY_TARIK_ULANG = 'tarikUlang';

export async function epochTersimpan(db: PantauDB): Promise<string | null> {
  const row = await db.meta.get(KEY_EPOCH);
  return typeof row?.value === 'string' ? row.value : null;
}

export async function tarikUlangBerjalan(db: PantauDB): Promise<boolean> {
  return (await db.meta.get(KEY_TARIK_ULANG)) !== undefined;
}

/** What a sync answer says about the server (src/shared/protocol.ts `identitasServer`). */
export interface IdentitasServer {
  epoch?: string | undefined;
  epochRev?: number | undefined;
  /** The server's newest rev. */
  rev?: number | undefined;
}

/**
 * Compares a pull answer with what this device knows (docs/deployment.md §"Cadangan dan
 * pemulihan"). A different epoch, or a server rev behind the local cursor (a restore that kept the
 * epoch), starts a full re-pull (`mulaiTarikUlang`) and returns true. A device that never stored an
 * epoch (older app version) adopts the server's. Old servers without an epoch change nothing.
 */
export async function periksaIdentitas(db: PantauDB, id: IdentitasServer): Promise<boolean> {
  const ulang = await db.transaction('rw', db.meta, async () => {
    const simpan = await epochTersimpan(db);
    const kursor = await kursorPull(db);
    const mundur = id.rev !== undefined && id.rev < kursor;
    if (id.epoch !== undefined && simpan !== null && simpan !== id.epoch) return true;
    if (mundur) return true;
    if (id.epoch !== undefined && simpan === null) await db.meta.put({ key: KEY_EPOCH, value: id.epoch });
    return false;
  });
  if (ulang) await mulaiTarikUlang(db, id.epoch ?? null, id.epochRev ?? id.rev ?? 0);
  return ulang;
}

/**
 * A seq-gap answer whose lastSeq is below a seq the server already acknowledged to this device
 * means the server lost acknowledged pushes: it was restored (possibly without a new epoch). The
 * acknowledged seqs are those below the oldest pending one (or all, with an empty outbox).
 */
export async function seqMundur(db: PantauDB, lastSeqServer: number): Promise<boolean> {
  const pertama = await db.outbox.orderBy('seq').first();
  const row = await db.meta.get('lastSeq');
  const diakui = pertama ? pertama.seq - 1 : ((row?.value as number | undefined) ?? 0);
  return lastSeqServer < diakui;
}

/**
 * The server was restored (another epoch, which began at rev `epochRev`): adopt the epoch, reset
 * the pull cursor and mark a full re-pull, in one transaction. Pending edits stay and are re-based:
 * an outbox baseRev above `epochRev` (and the local rev of such a record) names a version the
 * restored server never had, so it becomes `epochRev`; a field another device changed after the
 * restore is then reported as a konflik instead of being overwritten silently.
 *
 * Evidence files the device holds in state `terkirim` or `mengunggah` are listed to be asked about
 * again (src/db/tanya-ulang.ts): "the server has it" was said by the server before the restore,
 * whose files may be older than its database or missing (docs/deployment.md §6). The uploader asks
 * the restored server (`HEAD`: 200 costs no byte) and sends what it lacks; until then "Kosongkan
 * berkas terkirim" frees none of them. Refused files (`ditolak`) stay refused.
 */
export async function mulaiTarikUlang(db: PantauDB, epoch: string | null, epochRev: number): Promise<void> {
  const tabel = [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta, db.berkasLokal];
  await db.transaction('rw', tabel, async () => {
    await tandaiTanyaUlang(db);
    const outbox = await db.outbox.toArray();
    const ubah = outbox.filter((m) => m.baseRev > epochRev).map((m) => ({ ...m, baseRev: epochRev }));
    if (ubah.length) await db.outbox.bulkPut(ubah);
    const tertunda = new Set([...outbox.map((m) => keyCatatan(m.table, m.key)), ...((await db.penolakan.toCollection().primaryKeys()) as string[])]);
    for (const k of tertunda) {
      const c = pisahKey(k);
      if (!c) continue;
      const rec = (await db.table(c.table).get(c.key)) as { rev?: number } | undefined;
      if (rec && (rec.rev ?? 0) > epochRev) await db.table(c.table).put({ ...rec, rev: epochRev });
    }
    if (epoch) await db.meta.put({ key: KEY_EPOCH, value: epoch });
    await db.meta.put({ key: KEY_TARIK_ULANG, value: { epoch, epochRev } });
    await db.meta.put({ key: KEY_KURSOR, value: 0 });
    await db.meta.delete(KEY_PERLU_AMBIL);
  });
}

/**
 * End of a full re-pull: every local record the server did not send (`dilihat` holds `table:key`
 * of every change of the re-pull) and that has no local work waiting is removed, since the
 * restored server no longer has it; then the mark is cleared. Returns how many were removed.
 */
export async function selesaiTarikUlang(db: PantauDB, dilihat: ReadonlySet<string>): Promise<number> {
  const tabel = [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta];
  return db.transaction('rw', tabel, async () => {
    const tertunda = new Set<string>((await db.penolakan.toCollection().primaryKeys()) as string[]);
    for (const k of await db.outbox.orderBy('[table+key]').uniqueKeys()) {
      const [table, key] = k as unknown as [string, string];
      tertunda.add(keyCatatan(table, key));
    }
    let dihapus = 0;
    for (const t of NAMA_TABEL) {
      const kunci = (await db.table(t).toCollection().primaryKeys()) as string[];
      const buang = kunci.filter((key) => !dilihat.has(keyCatatan(t, key)) && !tertunda.has(keyCatatan(t, key)));
      if (buang.length) await db.table(t).bulkDelete(buang);
      dihapus += buang.length;
    }
    await db.meta.delete(KEY_TARIK_ULANG);
    return dihapus;
  });
}
