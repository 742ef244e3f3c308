/**
 * Outbox bookkeeping for the sync engine (docs/architecture.md "Sync engine"): the client id, batches to push, what to do
 * with the server's answers, and seq-gap recovery. Each function is one Dexie transaction.
 */
import { idBaru } from '../domain/schemas.ts';
import { MAKS_BYTE_PUSH, MAKS_MUTASI_PER_PUSH, type MutationResult } from '../shared/protocol.ts';
import type { OutboxEntry, PantauDB } from './database.ts';
import { kursorPull, tandaiPerluAmbil } from './tarik.ts';

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

/** The oldest outbox entries, at most MAKS_MUTASI_PER_PUSH and about `maksByte` of JSON. */
export async function ambilBatch(db: PantauDB, maksByte = MAKS_BYTE_PUSH - 16 * 1024): Promise<OutboxEntry[]> {
  const kandidat = await db.outbox.orderBy('seq').limit(MAKS_MUTASI_PER_PUSH).toArray();
  const out: OutboxEntry[] = [];
  let ukuran = 0;
  for (const m of kandidat) {
    const n = new TextEncoder().encode(JSON.stringify(m)).length + 1;
    // Always send at least one mutation (a single oversized one is answered by the server).
    if (out.length > 0 && ukuran + n > maksByte) break;
    out.push(m);
    ukuran += n;
  }
  return out;
}

/**
 * Apply the push answer: every answered mutation leaves the outbox; a rejected one is kept in
 * `penolakan` (the local value stays visible); entries at or below the server's lastSeq that got no
 * result were acknowledged earlier (a lost response) and leave too. Returns how many left.
 *
 * A record whose server version a pull may never bring again is remembered for the engine to fetch
 * (see tarik.ts `KEY_PERLU_AMBIL`): after `conflict` (the server kept its value, the user's value
 * is in the konflik record) and after any answer whose rev is not beyond the pull cursor (e.g.
 * `applied` without a change: the server's rev did not move).
 */
export async function terapkanHasilPush(
  db: PantauDB,
  batch: readonly OutboxEntry[],
  hasil: readonly MutationResult[],
  lastSeq: number,
  now: Date = new Date(),
): Promise<number> {
  const perSeq = new Map(hasil.map((r) => [r.seq, r]));
  return db.transaction('rw', [db.outbox, db.penolakan, db.meta, db.konflik], async () => {
    let keluar = 0;
    const kursor = await kursorPull(db);
    const perluAmbil: string[] = [];
    for (const m of batch) {
      const r = perSeq.get(m.seq);
      if (!r && m.seq > lastSeq) continue;
      // The entry may have been removed meanwhile (e.g. seq-gap recovery); only count real removals.
      const ada = await db.outbox.get(m.seq);
      if (!ada || ada.id !== m.id) continue;
      await db.outbox.delete(m.seq);
      keluar++;
      if (r && (r.status === 'conflict' || (r.status !== 'rejected' && r.rev <= kursor))) perluAmbil.push(`${m.table}:${m.key}`);
      // A konflik resolution changed the record locally without an outbox entry of its own (the
      // server applies the value; src/db/konflik.ts): the server's record comes back either way.
      if (r && m.table === 'konflik') {
        const k = await db.konflik.get(m.key);
        if (k) perluAmbil.push(`${k.tabel}:${k.recordId}`);
      }
      if (r?.status === 'rejected') {
        const id = `${m.table}:${m.key}`;
        const lama = await db.penolakan.get(id);
        await db.penolakan.put({
          id,
          table: m.table,
          key: m.key,
          reason: r.reason,
          kode: r.kode,
          fields: { ...(lama?.fields ?? {}), ...m.fields, ...(m.op === 'delete' ? { _deleted: true } : {}) },
          at: now.toISOString(),
        });
      }
    }
    if (perluAmbil.length) await tandaiPerluAmbil(db, perluAmbil);
    await naikkanLastSeq(db, lastSeq);
    return keluar;
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
