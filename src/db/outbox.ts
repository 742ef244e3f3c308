/**
 * Outbox bookkeeping for the sync engine (docs/architecture.md "Sync engine"): the client id, batches to push, what to do
 * with the server's answers, and seq-gap recovery. Each function is one Dexie transaction.
 */
import { FIELD_NISAN, idBaru, NAMA_TABEL, type NamaTabel } from '../domain/schemas.ts';
import { MAKS_BYTE_PUSH, MAKS_MUTASI_PER_PUSH, type MutationResult } from '../shared/protocol.ts';
import { KEY_SEQ_TERKIRIM, type OutboxEntry, type PantauDB, type Penolakan } from './database.ts';
import { Dexie } from 'dexie';
import { daftarPerluAmbil, epochTersimpan, KEY_KURSOR, kursorPull, tarikUlangBerjalan, ubahPerluAmbil } from './tarik.ts';

/** This database's client id (made once, kept forever: the server tracks seqs per client id). */
export async function clientIdDari(db: PantauDB): Promise<string> {
  return db.transaction('rw', db.meta, async () => {
    const ada = await db.meta.get('clientId');
    if (typeof ada?.value === 'string') return ada.value;
    const id = idBaru();
    await db.meta.put({ key: 'clientId', value: id });
    return id;
  });
}

/**
 * The oldest outbox entries (after seq `setelah`, when given: a batch already sent whose answer is
 * still being applied), at most MAKS_MUTASI_PER_PUSH and about `maksByte` of JSON.
 */
export async function ambilBatch(db: PantauDB, maksByte = MAKS_BYTE_PUSH - 16 * 1024, setelah?: number): Promise<OutboxEntry[]> {
  // The batch is about to be sent: in the same transaction its last seq becomes KEY_SEQ_TERKIRIM, so
  // no edit made from now on is merged into an entry the server may already hold (repo.ts `entriGabungan`).
  return db.transaction('rw', db.outbox, db.meta, async () => {
    const urut = setelah === undefined ? db.outbox.orderBy('seq') : db.outbox.where('seq').above(setelah);
    const kandidat = await urut.limit(MAKS_MUTASI_PER_PUSH).toArray();
    const out: OutboxEntry[] = [];
    let ukuran = 0;
    for (const m of kandidat) {
      const n = new TextEncoder().encode(JSON.stringify(m)).length + 1;
      // Always send at least one mutation (a single oversized one is answered by the server).
      if (out.length > 0 && ukuran + n > maksByte) break;
      out.push(m);
      ukuran += n;
    }
    const akhir = out.at(-1)?.seq;
    if (akhir !== undefined) {
      const lama = (await db.meta.get(KEY_SEQ_TERKIRIM))?.value;
      if (typeof lama !== 'number' || akhir > lama) await db.meta.put({ key: KEY_SEQ_TERKIRIM, value: akhir });
    }
    return out;
  });
}

/**
 * What a push answer says about the revs it handed out (src/shared/protocol.ts `pushResponseSchema`):
 * revs are given under the server's one sync_state lock, so every rev in (`revAwal`, `rev`] belongs
 * to this push. Absent fields (an older server) leave the pull to bring the pushed records back.
 */
export interface RentangRevPush {
  /** The server's newest rev when the push began. */
  revAwal?: number | undefined;
  /** The server's newest rev after the push. */
  rev: number;
  /** Server time (ISO) stamped as `updatedAt` on every record the push wrote. */
  updatedAt?: string | undefined;
  /** The database that answered (docs/deployment.md §"Cadangan dan pemulihan"). */
  epoch?: string | undefined;
}

/** `table:key`, as `penolakan` ids and the remembered keys of tarik.ts are written. */
const keyCatatan = (table: string, key: string): string => `${table}:${key}`;

/** A deleted record as the server keeps it (FIELD_NISAN only), so the local copy equals what a pull would bring. */
function nisanLokal(rec: Record<string, unknown>, rev: number, updatedAt: string): Record<string, unknown> {
  const tetap = Object.fromEntries(FIELD_NISAN.filter((f) => f in rec).map((f) => [f, rec[f]]));
  return { ...tetap, id: rec.id, rev, deleted: true, updatedAt, updatedBy: rec.updatedBy };
}

/**
 * Apply the push answer, in ONE Dexie transaction with a fixed number of IndexedDB requests
 * whatever the batch size (bulkGet/bulkDelete/bulkPut; issue 17 point 4: 1.000 edits used to cost
 * 2.000 sequential requests). Returns how many outbox entries left.
 *
 * - Every answered mutation leaves the outbox; entries at or below the server's lastSeq that got no
 *   result were acknowledged earlier (a lost response) and leave too. An entry removed or renumbered
 *   meanwhile (seq-gap recovery) is not counted.
 * - A rejected one is kept in `penolakan` (the local value stays visible).
 * - A record whose server version a pull may never bring again is remembered for the engine to fetch
 *   (tarik.ts `KEY_PERLU_AMBIL`): after `conflict` (the server kept its value, the user's value is in
 *   the konflik record), after any answer whose rev is not beyond the pull cursor (e.g. `applied`
 *   without a change), and the record a konflik resolution wrote.
 * - Revs from the answer (`rentang`, when the server sends `revAwal`): a record whose answers in this
 *   batch are all `applied`, at a rev this push gave that no other answer shares, with no local work
 *   left (outbox, penolakan) and no local change outside the outbox (a konflik resolution shown
 *   before the server applied it; a record remembered for a fetch), IS the server's record at that
 *   rev (`applied` means base + sent fields): it is stored at that rev with the server's `updatedAt`
 *   (a deleted one as its tombstone).
 * - When the cursor stood at `revAwal` and every record in (revAwal, rev] is accounted for that way
 *   (nothing merged or made a konflik, no re-pull running, same epoch), the cursor moves to `rev`:
 *   the tablet does not download its own records again. Records still pending are remembered for a
 *   fetch, as a pull would have held them back. Otherwise the cursor stays and the pull brings
 *   everything after it, others' changes between our revs included.
 * - `ditahan` (one push run's memory, kept by the engine across its batches): the records this run
 *   held back only because later edits of theirs were still queued, every answer so far a plain
 *   `applied`. They are remembered for a fetch like any other (so a run cut short fetches them), but
 *   when a later batch of the same run answers their last edit the same way, that remembrance is no
 *   reason to distrust the answer: they are stored at its rev and forgotten, not fetched one by one
 *   (1.000 edits cycling over 110 records used to cost 110 GETs after the push). Any other answer or
 *   reason to fetch drops a record from it.
 */
export async function terapkanHasilPush(
  db: PantauDB,
  batch: readonly OutboxEntry[],
  hasil: readonly MutationResult[],
  lastSeq: number,
  now: Date = new Date(),
  rentang?: RentangRevPush,
  ditahan?: Set<string>,
): Promise<number> {
  const perSeq = new Map(hasil.map((r) => [r.seq, r]));
  const tabel = [...NAMA_TABEL.map((t) => db.table(t)), db.outbox, db.penolakan, db.meta];
  return db.transaction('rw', tabel, async () => {
    const dijawab = batch.filter((m) => perSeq.has(m.seq) || m.seq <= lastSeq);
    const [tersimpan, kursor, epoch, ulang] = await Promise.all([
      db.outbox.bulkGet(dijawab.map((m) => m.seq)),
      kursorPull(db),
      epochTersimpan(db),
      tarikUlangBerjalan(db),
    ]);
    const keluar = dijawab.filter((m, i) => tersimpan[i]?.id === m.id);
    if (keluar.length) await db.outbox.bulkDelete(keluar.map((m) => m.seq));

    const revAwal = rentang?.revAwal;
    const dalamRentang = (rev: number) => revAwal !== undefined && rentang !== undefined && rev > revAwal && rev <= rentang.rev;
    // Can the cursor jump over (revAwal, rev]? Any doubt below says no, and the pull brings it all.
    let bolehMaju = revAwal !== undefined && revAwal === kursor && !ulang && rentang?.epoch !== undefined && rentang.epoch === epoch;
    // An answered mutation whose entry was gone: its record is not known to be stored here.
    const seqKeluar = new Set(keluar.map((m) => m.seq));
    if (hasil.some((r) => !seqKeluar.has(r.seq))) bolehMaju = false;

    const perluAmbil: string[] = [];
    const ditolak: { id: string; m: OutboxEntry; reason: string; kode: Penolakan['kode'] }[] = [];
    const konflikDiselesaikan: string[] = [];
    /** Per record: its last answered mutation and rev, and whether every answer was a plain `applied`. */
    const perRecord = new Map<string, { m: OutboxEntry; rev: number; polos: boolean }>();
    const pemakaiRev = new Map<number, number>();
    for (const m of keluar) {
      const r = perSeq.get(m.seq);
      if (!r) continue;
      const id = keyCatatan(m.table, m.key);
      if (r.status === 'conflict' || (r.status !== 'rejected' && r.rev <= kursor)) perluAmbil.push(id);
      // A konflik resolution changed the record locally without an outbox entry of its own (the
      // server applies the value; src/db/konflik.ts): the server's record comes back whatever the
      // answer, a refusal included.
      if (m.table === 'konflik') {
        konflikDiselesaikan.push(m.key);
        bolehMaju = false;
      }
      if (r.status === 'rejected') {
        ditolak.push({ id, m, reason: r.reason, kode: r.kode });
        continue;
      }
      pemakaiRev.set(r.rev, (pemakaiRev.get(r.rev) ?? 0) + 1);
      if (r.status !== 'applied') bolehMaju = false;
      const lama = perRecord.get(id);
      perRecord.set(id, { m, rev: r.rev, polos: (lama?.polos ?? true) && r.status === 'applied' && m.table !== 'konflik' });
    }

    if (konflikDiselesaikan.length) {
      const ks = await db.konflik.bulkGet(konflikDiselesaikan);
      for (const k of ks) if (k) perluAmbil.push(keyCatatan(k.tabel, k.recordId));
    }

    if (ditolak.length) {
      const ids = [...new Set(ditolak.map((d) => d.id))];
      const lama = await db.penolakan.bulkGet(ids);
      const baru = new Map(ids.flatMap((id, i) => (lama[i] ? [[id, lama[i]] as const] : [])));
      for (const { id, m, reason, kode } of ditolak) {
        baru.set(id, {
          id,
          table: m.table,
          key: m.key,
          reason,
          kode,
          fields: { ...(baru.get(id)?.fields ?? {}), ...m.fields, ...(m.op === 'delete' ? { _deleted: true } : {}) },
          at: now.toISOString(),
        });
      }
      await db.penolakan.bulkPut([...baru.values()]);
    }

    // The records this push wrote, at revs it gave: taken from the answer instead of pulled back.
    const dariJawaban = new Map<string, { m: OutboxEntry; rev: number }>();
    const ditahanKini: string[] = [];
    if (rentang && revAwal !== undefined && !ulang && rentang.epoch !== undefined && rentang.epoch === epoch) {
      for (const [id, x] of perRecord) {
        if (!dalamRentang(x.rev)) continue;
        if (x.polos && pemakaiRev.get(x.rev) === 1) dariJawaban.set(id, x);
        else bolehMaju = false;
      }
    } else bolehMaju = false;

    const tertulis: string[] = [];
    if (dariJawaban.size) {
      // Local work left for a record (a later edit, a rejection): its copy is not the server's.
      // Also a record whose local copy a konflik resolution changed (queued, or answered but not yet
      // fetched again: remembered in KEY_PERLU_AMBIL): it shows a value the server may not have.
      const [masihAntre, penolakan, resolusiAntre, diingat] = await Promise.all([
        db.outbox
          .where('[table+key]')
          .anyOf([...dariJawaban.values()].map(({ m }) => [m.table, m.key]))
          .keys(),
        db.penolakan.toCollection().primaryKeys(),
        db.outbox.where('[table+key]').between(['konflik', Dexie.minKey], ['konflik', Dexie.maxKey]).toArray(),
        daftarPerluAmbil(db),
      ]);
      // Remembered by this run itself while later edits were queued: not a reason to doubt (see `ditahan`).
      const diingatLain = diingat.map((c) => keyCatatan(c.table, c.key)).filter((id) => !(ditahan?.has(id) && dariJawaban.has(id)));
      const tertunda = new Set<string>([...(penolakan as string[]), ...perluAmbil, ...diingatLain]);
      const antre = new Set<string>();
      for (const k of masihAntre) {
        const [table, key] = k as unknown as [string, string];
        antre.add(keyCatatan(table, key));
      }
      if (resolusiAntre.length) {
        for (const k of await db.konflik.bulkGet(resolusiAntre.map((m) => m.key))) if (k) tertunda.add(keyCatatan(k.tabel, k.recordId));
      }
      const perTabel = new Map<NamaTabel, { key: string; rev: number }[]>();
      for (const [id, { m, rev }] of dariJawaban) {
        if (tertunda.has(id) || antre.has(id)) {
          // Held back as a pull would hold it: fetched once nothing is pending. Only its own later
          // edits still queued (nothing else in doubt): this run may trust its last answer later.
          perluAmbil.push(id);
          if (!tertunda.has(id)) ditahanKini.push(id);
          continue;
        }
        const daftar = perTabel.get(m.table) ?? [];
        daftar.push({ key: m.key, rev });
        perTabel.set(m.table, daftar);
      }
      await Promise.all(
        [...perTabel].map(async ([nama, daftar]) => {
          const tbl = db.table(nama);
          const lokal = (await tbl.bulkGet(daftar.map((d) => d.key))) as (Record<string, unknown> | undefined)[];
          const tulis: Record<string, unknown>[] = [];
          daftar.forEach(({ key, rev }, i) => {
            const rec = lokal[i];
            if (!rec) {
              perluAmbil.push(keyCatatan(nama, key));
              return;
            }
            const updatedAt = rentang?.updatedAt ?? String(rec.updatedAt ?? '');
            tulis.push(rec.deleted ? nisanLokal(rec, rev, updatedAt) : { ...rec, rev, updatedAt });
            tertulis.push(keyCatatan(nama, key));
          });
          if (tulis.length) await tbl.bulkPut(tulis);
        }),
      );
    }

    if (ditahan) {
      // Answered otherwise, or to be fetched for another reason: no longer this run's to trust.
      for (const id of [...perRecord.keys(), ...ditolak.map((d) => d.id), ...perluAmbil, ...tertulis]) ditahan.delete(id);
      for (const id of ditahanKini) ditahan.add(id);
    }
    // A record stored here at its server rev needs no fetch anymore (as when a pull brings it).
    await ubahPerluAmbil(db, perluAmbil, tertulis);
    await naikkanLastSeq(db, lastSeq);
    if (bolehMaju && rentang && rentang.rev > kursor) await db.meta.put({ key: KEY_KURSOR, value: rentang.rev });
    return keluar.length;
  });
}

/** Local seq counter never falls behind the server's (a reused seq would be silently ignored). */
async function naikkanLastSeq(db: PantauDB, lastSeqServer: number): Promise<void> {
  const row = await db.meta.get('lastSeq');
  const lokal = (row?.value as number | undefined) ?? 0;
  if (lastSeqServer > lokal) await db.meta.put({ key: 'lastSeq', value: lastSeqServer });
}

/**
 * 409 seq gap: the server has applied up to `lastSeqServer`. Entries at or below it were applied
 * (their answers were lost) and leave the outbox; the rest are renumbered contiguously from
 * lastSeqServer + 1 (keeping their order) so the next push is accepted. Returns the number dropped.
 */
export async function pulihkanCelah(db: PantauDB, lastSeqServer: number): Promise<number> {
  return db.transaction('rw', [db.outbox, db.meta], async () => {
    const semua = await db.outbox.orderBy('seq').toArray();
    const dibuang = semua.filter((m) => m.seq <= lastSeqServer);
    const sisa = semua.filter((m) => m.seq > lastSeqServer);
    if (dibuang.length) await db.outbox.bulkDelete(dibuang.map((m) => m.seq));
    if (sisa.length && sisa[0]!.seq !== lastSeqServer + 1) {
      await db.outbox.bulkDelete(sisa.map((m) => m.seq));
      await db.outbox.bulkAdd(sisa.map((m, i) => ({ ...m, seq: lastSeqServer + 1 + i })));
      await db.meta.put({ key: 'lastSeq', value: lastSeqServer + sisa.length });
    } else {
      const row = await db.meta.get('lastSeq');
      const lokal = (row?.value as number | undefined) ?? 0;
      const maks = Math.max(lokal, lastSeqServer, sisa.at(-1)?.seq ?? 0);
      await db.meta.put({ key: 'lastSeq', value: maks });
    }
    return dibuang.length;
  });
}

/** Counts shown by the sync status (one read, usable inside liveQuery). */
export async function hitungAntrean(db: PantauDB): Promise<{ tertunda: number; konflikTerbuka: number; ditolak: number }> {
  const [tertunda, konflikTerbuka, ditolak] = await Promise.all([
    db.outbox.count(),
    db.konflik
      .where('status')
      .equals('terbuka')
      .filter((k) => !k.deleted)
      .count(),
    db.penolakan.count(),
  ]);
  return { tertunda, konflikTerbuka, ditolak };
}
