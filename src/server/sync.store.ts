/**
 * The sync store (docs/sync-protocol.md "POST /sync/push"): idempotent push, field-level conflicts kept as `konflik` records,
 * period locks, and a pull cursor that can never skip a committed change.
 *
 * Why the cursor is safe: revs are handed out from the single `sync_state` row, and a push takes
 * that row's lock only in its last statement (which assigns its revs and writes everything) and
 * holds it until its commit. So a transaction that holds rev n has committed (or rolled back)
 * before anyone can be handed rev n+1, and a pull `WHERE rev > since` never passes over a rev that
 * becomes visible later (a plain bigserial would: sequence values are handed out before commit, in
 * an order commits do not follow).
 *
 * Why pushes still decide on current data without that lock (issue 17 §3): everything a push
 * decides on is locked per record before it is read, and held to the commit (two-phase locking):
 * the records its batch names FOR UPDATE, in (tbl, id) order; every period lock FOR SHARE; any
 * other record it reads (a parent for a permission or a signed PK, the record a konflik resolves)
 * FOR SHARE or FOR UPDATE as it reads it; OPD codes under one advisory lock. Two pushes that touch
 * one record therefore run one after the other, and the later one takes the counter later, so revs
 * follow that order too.
 *
 * Every one of those row locks is taken under an advisory lock of the same record in the same
 * mode (`pg_advisory_xact_lock` for FOR UPDATE, `_shared` for FOR SHARE; key: the 64-bit
 * `hashtextextended` of `pantau:induk:<table>:<id>`), for two reasons:
 * - Fairness. A row's FOR SHARE lockers are recorded in the row itself; a new FOR SHARE locker
 *   queues in the lock manager only when it conflicts with the lockers recorded there, so it passes
 *   a FOR UPDATE that waits for the current ones (src/backend/access/heap/README.tuplock "Locking
 *   tuples"; PostgreSQL docs §13.3.2 "Row-Level Locks"). Tablets pushing children back to back could
 *   so hold off the push that signs their PK (or writes any row others read as a parent) for as long
 *   as they kept pushing. Advisory locks live in the lock manager (docs §13.3.5 "Advisory Locks"),
 *   which grants a request only when it conflicts neither with the locks held nor with the requests
 *   already waiting (src/backend/storage/lmgr/lock.c `LockAcquireExtended`, the `waitMask` test): a
 *   writer waiting for the readers of a row is queued before every reader that comes after it.
 * - Phantoms. An advisory lock needs no row: a PK created already signed is locked exclusively by
 *   its push before it exists, so a push that reads it as a parent waits for that commit (or that
 *   push waits for this one's), as for a row that exists.
 * The first statement takes, in key order, the period locks' key (`pantau:kunci-periode`: a period
 * lock not created yet has no row; exclusive for a push writing kunciPeriode, whose rows every push
 * reads FOR SHARE; shared by all others), every record of the batch exclusive, and the parents its
 * incoming fields name shared (`kunciAwal`); later statements (a later snapshot) see what the push
 * that held one of them before committed. A parent known only from a stored record, and the record
 * a konflik resolves, are locked as they are read (`Penerapan.#ambil`): advisory and row lock in one
 * statement, read again when it finds no row (a row created while it waited is not in its snapshot).
 * The parents an operator's batch is checked against are read so for the whole batch in one
 * statement, their advisory locks in key order (`Penerapan.muatInduk`).
 * Those late locks break the key order; a deadlock they make is broken by PostgreSQL and retried.
 *
 * The push works with provisional revs (-1, -2, …) that its last statement turns into real ones. A
 * brand-new record two pushes create at once is caught by that statement (ON CONFLICT DO NOTHING
 * inserted fewer rows; the record's advisory lock already puts such pushes one after the other) and
 * the push runs again, as it does after a deadlock PostgreSQL broke; after `MAKS_COBA` tries the
 * caller answers 503 and the tablet retries. Validation, authorisation and natural keys thus run
 * outside the counter lock, which spans one statement and the commit
 * (tests/server/kunci-singkat.test.ts; no pull skips a row: tests/server/konkurensi.test.ts on
 * PostgreSQL; parent writers are not starved and a PK created signed is no phantom:
 * tests/server/induk-push.test.ts).
 */
import { createHash } from 'node:crypto';
import {
  alasanUkuranRecord,
  buatIdAlami,
  FIELD_NISAN,
  idAlami,
  NAMA_TABEL,
  NILAI_BAWAAN,
  pesanZod,
  recordSchemas,
  SERVER_FIELDS,
  TABEL_IKUT_PK,
  ukuranJson,
  MAKS_BYTE_RECORD,
  NAMESPACE_ALAMI,
  type NamaTabel,
  type PeriodeMilestone,
  type PeriodeTriwulan,
} from '../domain/schemas.ts';
import { triwulanDariPeriode } from '../domain/periode.ts';
import { samaNilai } from '../domain/sama.ts';
import { alasanKunci, kodeDariZod, tolakan, type Penolakan } from '../shared/penolakan.ts';
import { INDUK, periksaIzin } from '../shared/izin.ts';
import { MAKS_BYTE_PULL, type Mutation, type MutationResult, type PushRequest } from '../shared/protocol.ts';
import type { UserDb } from './auth.ts';
import { angkaDb, type Db, type Kueri } from './db.ts';

type Rec = Record<string, unknown>;
interface MetaField {
  rev: number;
  client: string;
  oleh: string;
}
interface Tersimpan {
  rev: number;
  deleted: boolean;
  data: Rec;
  fieldRevs: Record<string, MetaField>;
}

/** Answers of applied seqs are kept this far back, so any realistic retry gets its original answer. */
const SIMPAN_HASIL = 5000;

export type HasilPushStore =
  | {
      jenis: 'ok';
      results: MutationResult[];
      lastSeq: number;
      rev: number;
      /** The newest rev before this push: every rev in (revAwal, rev] was given by this push. */
      revAwal: number;
      /** Server time (ISO) stamped as `updatedAt` on every record this push wrote. */
      updatedAt: string;
      berubah: boolean;
      /** The database's identity, read under the counter lock (no second query for the answer). */
      epoch: string;
      epochRev: number;
    }
  | { jenis: 'celah'; lastSeq: number }
  | { jenis: 'client-lain' }
  /** Collided or deadlocked `MAKS_COBA` times in a row: nothing applied, the client retries (503). */
  | { jenis: 'sibuk' }
  | { jenis: 'epoch-berbeda'; epoch: string; epochRev: number };

/** Which database this is (docs/deployment.md §"Cadangan dan pemulihan"; migrations/003_epoch.sql). */
export interface IdentitasDb {
  rev: number;
  epoch: string;
  epochRev: number;
}

/** A push made against another epoch: thrown to roll back everything the transaction did. */
class EpochBerbeda extends Error {
  constructor(
    readonly epoch: string,
    readonly epochRev: number,
  ) {
    super('epoch berbeda');
  }
}

class CelahSeq extends Error {
  constructor(readonly lastSeq: number) {
    super('seq gap');
  }
}

/** A record this push meant to create was created by another push meanwhile: run the push again. */
class TabrakanBaru extends Error {
  constructor() {
    super('record baru bertabrakan');
  }
}

/** Tries of one push before it answers `sibuk` (each after a collision or a broken deadlock). */
export const MAKS_COBA = 5;

/** Worth running the whole push again: a collision on a new record, or PostgreSQL broke a deadlock. */
const bolehUlang = (e: unknown): boolean => e instanceof TabrakanBaru || ['40P01', '40001'].includes(String((e as { code?: unknown })?.code ?? ''));

async function ambil(tx: Kueri, table: string, id: string, kunci: '' | 'FOR SHARE' | 'FOR UPDATE' = ''): Promise<Tersimpan | null> {
  const [r] = await tx.query(`SELECT rev, deleted, data, field_revs FROM records WHERE tbl = $1 AND id = $2 ${kunci}`, [table, id]);
  return r ? keTersimpan(r) : null;
}

/** The period locks' advisory key text (`hashtext` of it, the key it always had). */
const TEKS_KUNCI_PERIODE = 'pantau:kunci-periode';

/**
 * The text of a record's advisory lock (see the header): `pantau:induk:<table>:<id>`, the id
 * lower-case (one record whatever the case of its hex digits, as `keyCache`).
 */
const teksKunciRecord = (table: string, id: string): string => `pantau:induk:${table}:${id.toLowerCase()}`;

/**
 * SQL of the advisory lock key (bigint) of a key text `x` (an SQL expression): `hashtext` for the
 * period locks' key, the 64-bit `hashtextextended` for a record's.
 */
const sqlKunci = (x: string): string => `(CASE WHEN ${x} = '${TEKS_KUNCI_PERIODE}' THEN hashtext(${x})::bigint ELSE hashtextextended(${x}, 0) END)`;

/**
 * Reads a record (`kunci`: the row lock) after taking its advisory lock `teks` (`eksklusif`:
 * `pg_advisory_xact_lock`, else `_shared`), both in one statement: the advisory lock first (the
 * row scan waits on it), so a found row is the newest version (READ COMMITTED locks the newest
 * version of a row updated after the statement's snapshot: PostgreSQL docs §13.2.1). A row created
 * after that snapshot by the push that held the lock is not seen: the caller reads again when
 * this finds nothing (`Penerapan.#ambil`).
 */
async function ambilDenganKunci(
  tx: Kueri,
  table: string,
  id: string,
  kunci: 'FOR SHARE' | 'FOR UPDATE',
  teks: string,
  eksklusif: boolean,
): Promise<Tersimpan | null> {
  const fn = eksklusif ? 'pg_advisory_xact_lock' : 'pg_advisory_xact_lock_shared';
  const [r] = await tx.query(
    `SELECT r.rev, r.deleted, r.data, r.field_revs FROM (SELECT ${fn}(${sqlKunci('$3::text')})::text AS l) a
     CROSS JOIN LATERAL (SELECT rev, deleted, data, field_revs FROM records WHERE tbl = $1 AND id = $2 AND a.l IS NOT NULL ${kunci}) r`,
    [table, id, teks],
  );
  return r ? keTersimpan(r) : null;
}

const keTersimpan = (r: Record<string, unknown>): Tersimpan => ({
  rev: angkaDb(r.rev),
  deleted: Boolean(r.deleted),
  data: r.data as Rec,
  fieldRevs: (r.field_revs ?? {}) as Record<string, MetaField>,
});

/** The fields each table's schema knows. */
const FIELD_PER_TABEL = Object.fromEntries(Object.entries(recordSchemas).map(([t, sch]) => [t, new Set(Object.keys(sch.shape))])) as Record<
  NamaTabel,
  Set<string>
>;

const MAKS_KEDALAMAN = 32;

/**
 * Values PostgreSQL cannot store (U+0000, unpaired surrogates) or that would overflow the stack
 * when compared (absurd nesting) are refused per mutation, never a 500 that blocks the queue.
 */
function periksaNilai(v: unknown, dalam = 0): string | null {
  if (dalam > MAKS_KEDALAMAN) return `Data terlalu dalam bersarang (maksimal ${MAKS_KEDALAMAN} tingkat)`;
  if (typeof v === 'string') return v.includes('\u0000') || !v.isWellFormed() ? 'Teks mengandung karakter yang tidak diizinkan' : null;
  if (Array.isArray(v)) {
    for (const x of v) {
      const a = periksaNilai(x, dalam + 1);
      if (a) return a;
    }
    return null;
  }
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const a = periksaNilai(k, dalam + 1) ?? periksaNilai(x, dalam + 1);
      if (a) return a;
    }
  }
  return null;
}

/**
 * Records with a natural key (docs/architecture.md "Records and natural keys") must carry the id derived from it, or two tablets
 * entering the same quarter would make two records instead of meeting on one.
 */
function idAlamiSalah(table: NamaTabel, key: string, r: Rec, lama: Rec | null, alami: typeof idAlami = idAlami): Penolakan | null {
  let harus: string | null = null;
  if (table === 'realisasi') harus = alami.realisasi(String(r.indikatorId), r.periode as PeriodeTriwulan);
  else if (table === 'realisasiAnggaran') harus = alami.realisasiAnggaran(String(r.programId), Number(r.triwulan));
  else if (table === 'laporan') harus = alami.laporan(String(r.opdId), Number(r.tahun), Number(r.triwulan));
  else if (table === 'kunciPeriode') harus = alami.kunciPeriode(Number(r.tahun), Number(r.triwulan));
  else if (table === 'evaluasiPejabat')
    harus = alami.evaluasiPejabat(String(r.pejabatId), Number(r.tahun), r.tahap === 'akhir-perbaikan' ? 'akhir-perbaikan' : 'tahunan');
  else if (table === 'evaluasiPj') harus = alami.evaluasiPj(String(r.pejabatId), Number(r.ke));
  // A rakor stored before its key existed keeps its id; a new one (or a re-keyed one) must match.
  else if (table === 'rakor' && (lama === null || lama.tahun !== r.tahun || lama.triwulan !== r.triwulan))
    harus = alami.rakor(Number(r.tahun), Number(r.triwulan));
  else if (table === 'tindakLanjutArahan') harus = alami.tindakLanjutArahan(String(r.arahanId), String(r.opdId));
  return harus === null || harus === key ? null : tolakan('validasi', `ID ${table} harus diturunkan dari kunci alaminya (${harus}); perbarui aplikasi`);
}

/** The fields a natural key is made of, per table (for warming the UUIDv5 cache before the lock). */
const BAGIAN_KUNCI_ALAMI: Partial<Record<NamaTabel, readonly string[]>> = {
  realisasi: ['indikatorId', 'periode'],
  realisasiAnggaran: ['programId', 'triwulan'],
  laporan: ['opdId', 'tahun', 'triwulan'],
  kunciPeriode: ['tahun', 'triwulan'],
  evaluasiPejabat: ['pejabatId', 'tahun'],
  evaluasiPj: ['pejabatId', 'ke'],
  rakor: ['tahun', 'triwulan'],
  tindakLanjutArahan: ['arahanId', 'opdId'],
};

/** NAMESPACE_ALAMI as the 16 bytes a UUIDv5's hash begins with. */
const BYTE_NAMESPACE_ALAMI = Buffer.from(NAMESPACE_ALAMI.replaceAll('-', ''), 'hex');

/**
 * The UUIDv5 (RFC 9562 §5.5: SHA-1 of the namespace's bytes and the name's UTF-8, version and
 * variant bits set) of `nama` in NAMESPACE_ALAMI, lower-case: the same string as the `uuid`
 * package's `v5(nama, NAMESPACE_ALAMI)` that `idAlami` uses (docs/architecture.md "Records and
 * natural keys"), through node:crypto in one hash call (issue 17 §3: the package's v5 parsed the
 * namespace and encoded the name byte by byte on every call, ~5 % of a push).
 */
export function uuidv5Alami(nama: string): string {
  const h = createHash('sha1').update(BYTE_NAMESPACE_ALAMI).update(nama, 'utf8').digest();
  h[6] = (h[6]! & 0x0f) | 0x50;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const x = h.toString('hex', 0, 16);
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

/**
 * `idAlami` with each UUIDv5 (a SHA-1 over the name) computed once per push (issue 17 §3: natural
 * keys were computed several times per mutation, 8,8 % of a push): the period-lock check asks for
 * the same quarter's kunciPeriode id twice per mutation and every mutation of the batch, and a new
 * record's key is computed before the counter lock (`periksaSebelumKunci`), then only looked up under it.
 * Same functions, same results as `idAlami` (src/domain/schemas.ts), hashed by `uuidv5Alami`.
 */
export function idAlamiSekali(): typeof idAlami {
  const simpanan = new Map<string, string>();
  return buatIdAlami((nama) => {
    let v = simpanan.get(nama);
    if (v === undefined) simpanan.set(nama, (v = uuidv5Alami(nama)));
    return v;
  });
}

/**
 * What can be known of a mutation before the counter lock (issue 17 §3): the characters of its
 * values (pure), and the UUIDv5 of its natural key and of its quarter's period lock when its fields
 * name them (a new record's put always does). Returns the refusal of unsafe values per mutation.
 */
function periksaSebelumKunci(mutations: readonly Mutation[], alami: typeof idAlami): Map<Mutation, string> {
  const tidakAman = new Map<Mutation, string>();
  for (const m of mutations) {
    const a = periksaNilai(m.fields) ?? periksaNilai(m.at);
    if (a) {
      tidakAman.set(m, a);
      continue;
    }
    if (m.op !== 'put') continue;
    // Only warming a cache, on values not validated yet: it never decides anything and never fails a push.
    try {
      const bagian = BAGIAN_KUNCI_ALAMI[m.table];
      if (bagian?.every((f) => f in m.fields)) idAlamiSalah(m.table, m.key, m.fields, null, alami);
      const f = m.fields;
      const bisa = typeof f.tahun === 'number' && (m.table === 'realisasi' ? typeof f.periode === 'string' : typeof f.triwulan === 'number');
      const p = bisa ? periodeRecord(m.table, f) : null;
      if (p && Number.isInteger(p.tahun) && p.tw >= 1 && p.tw <= 4) alami.kunciPeriode(p.tahun, p.tw);
    } catch {
      // computed again under the lock, where the record is validated first
    }
  }
  return tidakAman;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/**
 * A UUID is one record whatever the case of its hex digits (PostgreSQL's uuid column stores it
 * lower-case): an upper-case key must find the row the database returns, or an edit of a stored
 * record is taken for a new one and its insert "collides" with itself on every try (503 forever).
 */
const keyCache = (table: string, id: string): string => `${table}:${id.toLowerCase()}`;

/** A UUID as an SQL literal (`'…'::uuid`), for a statement sent without parameters; anything else throws. */
function literalUuid(id: string): string {
  if (!UUID.test(id)) throw new Error(`Bukan UUID: ${JSON.stringify(id.slice(0, 60))}`);
  return `'${id}'::uuid`;
}

/**
 * Per table, the fields naming a parent record the rules read, with the parent's table
 * (src/shared/izin.ts INDUK, and tindakLanjutArahan's arahan; `#alasanPkBeku` reads the same pkId).
 * A buktiDukung's parent is named by `tabel` and `recordId`.
 */
const FIELD_INDUK: Partial<Record<NamaTabel, readonly (readonly [string, NamaTabel])[]>> = {
  ...INDUK,
  tindakLanjutArahan: [['arahanId', 'arahan']],
};

/**
 * The advisory locks a push takes in its first statement (see the header), as key text →
 * exclusive: the period locks' key (exclusive when the batch writes kunciPeriode); every record the
 * batch names, exclusive (it may write it; kunciPeriode records are under the period locks' key);
 * and, shared, the parents its incoming fields name (`FIELD_INDUK`, a buktiDukung's): at most three
 * keys per mutation, 600 for a push of 200 (the lock table's size: docs/deployment.md `PG_POOL_MAX`).
 * A parent known only from a stored record is locked when it is read (`Penerapan.muatInduk` for
 * an operator's batch, else `Penerapan.#ambil`).
 */
function kunciAwal(mutations: readonly Mutation[]): Map<string, boolean> {
  const kunci = new Map<string, boolean>([[TEKS_KUNCI_PERIODE, mutations.some((m) => m.table === 'kunciPeriode')]]);
  const bagi = (table: NamaTabel, id: unknown) => {
    if (table === 'kunciPeriode' || typeof id !== 'string' || !UUID.test(id)) return;
    const t = teksKunciRecord(table, id);
    if (!kunci.has(t)) kunci.set(t, false);
  };
  for (const m of mutations) if (m.table !== 'kunciPeriode' && UUID.test(m.key)) kunci.set(teksKunciRecord(m.table, m.key), true);
  for (const m of mutations) {
    for (const [f, t] of FIELD_INDUK[m.table] ?? []) bagi(t, m.fields[f]);
    const tabel = m.fields.tabel;
    if (m.table === 'buktiDukung' && typeof tabel === 'string' && (NAMA_TABEL as readonly string[]).includes(tabel))
      bagi(tabel as NamaTabel, m.fields.recordId);
  }
  return kunci;
}

/**
 * SQL (a scalar subquery) taking the advisory locks `kunci` (key text → exclusive) in key order,
 * one lock per key (exclusive when any text of that key is), without parameters: the texts are
 * made of table names and UUIDs only (anything else throws). Its value is the number of keys.
 */
function sqlKunciAwal(kunci: ReadonlyMap<string, boolean>): string {
  const baris = [...kunci].map(([t, e]) => {
    if (!/^[A-Za-z0-9:-]+$/.test(t)) throw new Error(`Kunci tidak sah: ${JSON.stringify(t.slice(0, 80))}`);
    return `('${t}', ${e})`;
  });
  return `(SELECT count(l) FROM (SELECT CASE WHEN x.e THEN pg_advisory_xact_lock(x.k) ELSE pg_advisory_xact_lock_shared(x.k) END AS l
     FROM (SELECT ${sqlKunci('v.t')} AS k, bool_or(v.e) AS e FROM (VALUES ${baris.join(', ')}) AS v(t, e) GROUP BY 1 ORDER BY 1) x) y)`;
}

/** The quarter a record of a lockable table falls in, or null for tables that periods do not lock. */
function periodeRecord(table: NamaTabel, r: Rec): { tahun: number; tw: number } | null {
  if (table === 'realisasi') return { tahun: Number(r.tahun), tw: triwulanDariPeriode(r.periode as PeriodeTriwulan | PeriodeMilestone) };
  if (table === 'realisasiAnggaran' || table === 'laporan') return { tahun: Number(r.tahun), tw: Number(r.triwulan) };
  return null;
}

/**
 * One push transaction: the clock (provisional revs), the acting user and client, and the records
 * it touches. Reads go through a per-batch cache filled by one locking query up front; writes are
 * buffered and flushed in one statement at the end, which also takes the real revs (see the
 * header), so a batch of 200 mutations costs a handful of round trips instead of several per
 * mutation.
 */
class Penerapan {
  /** Provisional revs handed out so far: the k-th is -k, the last statement makes it base + k. */
  #jumlahRev = 0;
  readonly #nowIso: string;
  readonly #cache = new Map<string, Tersimpan | null>();
  /** Keys stored in the database when read (a write to any other key creates the record). */
  readonly #diDb = new Set<string>();
  /** The newest rev of any record read from the database (for `simpan`'s guess of the base). */
  #revTerbaca = 0;
  readonly #tulisan = new Map<
    string,
    { tbl: string; id: string; rev: number; deleted: boolean; baru: boolean; data: Rec; field_revs: Record<string, MetaField> }
  >();
  readonly #hasil: { seq: number; result: MutationResult }[] = [];
  /** Every period lock is in the cache once `muatAwal` ran: a miss then means "no lock". */
  #kunciDimuat = false;
  constructor(
    readonly tx: Kueri,
    readonly user: UserDb,
    readonly clientId: string,
    /** The newest rev this push saw when it began (answers that change nothing carry it). */
    readonly revTerlihat: number,
    now: Date,
    /** UUIDv5 natural keys of this push, partly computed before the lock. */
    readonly alami: typeof idAlami = idAlamiSekali(),
    /** Mutation → why its values cannot be stored, checked before the lock (null: check here). */
    readonly tidakAman: ReadonlyMap<Mutation, string> | null = null,
    /** Advisory locks this push holds, key text → exclusive (`kunciAwal`; `#ambil` adds the ones it takes). */
    readonly kunci: Map<string, boolean> = new Map(),
  ) {
    this.#nowIso = now.toISOString();
  }
  /** How many revs this push gives (the last statement reserves exactly these). */
  get jumlahRev(): number {
    return this.#jumlahRev;
  }
  #revBaru(): number {
    return -++this.#jumlahRev;
  }

  /**
   * Loads and locks, in one statement, every record the batch names (FOR UPDATE, in (tbl, id)
   * order, so two pushes never lock them in opposite orders) and every period lock (FOR SHARE: a
   * push that locks a period waits for the pushes that checked it, and they for it). Period locks
   * first, in every push. The advisory locks of all of them are held already (`kunciAwal`).
   */
  async muatAwal(mutations: readonly Mutation[]): Promise<void> {
    const pasangan = new Map<string, [string, string]>();
    for (const m of mutations) if (UUID.test(m.key)) pasangan.set(keyCache(m.table, m.key), [m.table, m.key]);
    for (const k of pasangan.keys()) this.#cache.set(k, null);
    const tbl = [...pasangan.values()].map(([t]) => t);
    const ids = [...pasangan.values()].map(([, i]) => i);
    const rows = await this.tx.query(
      `WITH k AS MATERIALIZED (SELECT tbl, id, rev, deleted, data, field_revs FROM records WHERE tbl = 'kunciPeriode' ORDER BY id FOR SHARE),
            b AS MATERIALIZED (SELECT r.tbl, r.id, r.rev, r.deleted, r.data, r.field_revs FROM records r
                               WHERE (r.tbl, r.id) IN (SELECT * FROM unnest($1::text[], $2::uuid[])) ORDER BY r.tbl, r.id FOR UPDATE)
       SELECT * FROM k UNION ALL SELECT * FROM b`,
      [tbl, ids],
    );
    for (const r of rows) this.#simpanTerbaca(String(r.tbl), String(r.id), keTersimpan(r));
    this.#kunciDimuat = true;
  }

  /**
   * Reads in one statement the parents an operator's batch will be checked against (issue 17 §3/§4:
   * a push of 110 realisasi edits read its 28 indikator in 28 round trips, half its time): per
   * mutation, the records `INDUK` (src/shared/izin.ts) names in its incoming fields or, failing
   * that, in its stored record — the ids `periksaIzin` looks up through `opdInduk` for an operator.
   * Each is locked as `#ambil` would lock it: its shared advisory lock unless this push holds that
   * key already (all of them in key order, before the rows are read), then FOR SHARE. A parent this
   * statement does not find stays out of the cache, so `#ambil` reads it again in a statement of
   * its own (a row created by the push that held its lock before is not in this snapshot). A record
   * a konflik of the batch resolves is left to `#ambil` (it may need it exclusive). Other roles read
   * no parents for permission (`periksaIzin`), so nothing is read for them.
   */
  async muatInduk(mutations: readonly Mutation[]): Promise<void> {
    if (this.user.role !== 'operator' || !this.user.opdId) return;
    // A record a konflik of the batch resolves may be locked exclusively when that mutation comes
    // (`masuk`): taking it shared first would let two such pushes deadlock upgrading. Left to `#ambil`.
    const diselesaikan = new Set<string>();
    for (const m of mutations) {
      const d = m.table === 'konflik' ? this.#cache.get(keyCache('konflik', m.key))?.data : undefined;
      if (typeof d?.tabel === 'string' && typeof d.recordId === 'string') diselesaikan.add(keyCache(d.tabel, d.recordId));
    }
    const perlu = new Map<string, [NamaTabel, string]>();
    for (const m of mutations) {
      const lama = this.#cache.get(keyCache(m.table, m.key))?.data;
      for (const [f, t] of INDUK[m.table] ?? []) {
        const id = m.op === 'put' && f in m.fields ? m.fields[f] : lama?.[f];
        if (typeof id !== 'string' || !UUID.test(id)) continue;
        const k = keyCache(t, id);
        if (!this.#cache.has(k) && !diselesaikan.has(k)) perlu.set(k, [t, id]);
      }
    }
    if (!perlu.size) return;
    const daftar = [...perlu.values()];
    // One key text per parent: `perlu` is keyed by table and lower-cased id, as the key text is.
    const kunciBaru = daftar.map(([t, id]) => teksKunciRecord(t, id)).filter((t) => !this.kunci.has(t));
    const rows = await this.tx.query(
      `SELECT r.tbl, r.id, r.rev, r.deleted, r.data, r.field_revs
       FROM (SELECT count(pg_advisory_xact_lock_shared(x.k)) AS n FROM (SELECT DISTINCT ${sqlKunci('t')} AS k FROM unnest($3::text[]) AS t ORDER BY 1) x) a
       CROSS JOIN LATERAL (SELECT tbl, id, rev, deleted, data, field_revs FROM records
                           WHERE (tbl, id) IN (SELECT * FROM unnest($1::text[], $2::uuid[])) AND a.n IS NOT NULL ORDER BY tbl, id FOR SHARE) r`,
      [daftar.map(([t]) => t), daftar.map(([, id]) => id), kunciBaru],
    );
    for (const t of kunciBaru) this.kunci.set(t, false);
    for (const r of rows) this.#simpanTerbaca(String(r.tbl), String(r.id), keTersimpan(r));
  }

  #simpanTerbaca(table: string, id: string, r: Tersimpan | null): void {
    const k = keyCache(table, id);
    this.#cache.set(k, r);
    if (r) {
      this.#diDb.add(k);
      if (r.rev > this.#revTerbaca) this.#revTerbaca = r.rev;
    }
  }

  /**
   * A record as this push sees it: its own writes first, else the database's row, locked FOR SHARE
   * when read here (a record the push decides on must not change before it commits) or FOR UPDATE
   * when the push will write it (`untukTulis`: the record a konflik resolves).
   *
   * The row lock is taken under the record's advisory lock in the same mode (shared for FOR SHARE,
   * exclusive for FOR UPDATE; a kunciPeriode record's is the period locks' key), so a push waiting
   * to write a row others read as a parent is queued before any push that comes to read it later
   * (see the header). When this push does not hold that advisory lock yet, both go in one statement;
   * if that finds no row, the row is read again in a new statement: one created meanwhile by the
   * push that held the advisory lock before this one (the phantom the lock is for) was committed
   * after the first statement's snapshot.
   */
  async #ambil(table: string, id: string, untukTulis = false): Promise<Tersimpan | null> {
    if (!UUID.test(id)) return null;
    const k = keyCache(table, id);
    if (this.#cache.has(k) && (!untukTulis || this.#tulisan.has(k) || !this.#cache.get(k))) return this.#cache.get(k)!;
    if (table === 'kunciPeriode' && this.#kunciDimuat && !untukTulis) return null;
    const kunciBaris = untukTulis ? 'FOR UPDATE' : 'FOR SHARE';
    const teks = table === 'kunciPeriode' ? TEKS_KUNCI_PERIODE : teksKunciRecord(table, id);
    const dipegang = this.kunci.get(teks);
    let r: Tersimpan | null;
    if (dipegang === true || (dipegang === false && !untukTulis)) r = await ambil(this.tx, table, id, kunciBaris);
    else {
      r = await ambilDenganKunci(this.tx, table, id, kunciBaris, teks, untukTulis);
      this.kunci.set(teks, untukTulis);
      r ??= await ambil(this.tx, table, id, kunciBaris);
    }
    this.#simpanTerbaca(table, id, r);
    return r;
  }

  #tulis(table: string, id: string, rev: number, data: Rec, fieldRevs: Record<string, MetaField>): void {
    const k = keyCache(table, id);
    this.#cache.set(k, { rev, deleted: Boolean(data.deleted), data, fieldRevs });
    this.#tulisan.set(k, { tbl: table, id, rev, deleted: Boolean(data.deleted), baru: !this.#diDb.has(k), data, field_revs: fieldRevs });
  }

  catatHasil(seq: number, result: MutationResult): void {
    this.#hasil.push({ seq, result });
  }

  /**
   * Writes the batch in ONE statement, the only one under the counter lock (issue 17 §3): it
   * reserves this push's revs on `sync_state` (waiting there for the pushes before it to commit),
   * makes the provisional revs (-k) of the records, their field revs and the answers real
   * (base + k), and writes the records, the answers, the client's last seq and, now and then, the
   * pruning of old answers. A push that gives no rev leaves `sync_state` alone (no counter lock at
   * all). Returns the base (the newest rev before this push; `revTerlihat` when no rev was given)
   * and the epoch read under the lock (null when no rev was given). Throws TabrakanBaru when a
   * record it meant to create exists by now.
   *
   * The revs are sent already real on a guess of the base (`tebakan`: the newest rev this push has
   * seen, at its start or in any record, field rev or answer it holds), so when no other push gave
   * revs meanwhile the statement writes the JSON as it came, without rebuilding every record's
   * jsonb (issue 17 §3: that rebuilding was half the statement's time). Otherwise it shifts, in the
   * same statement, every rev above the guess (exactly the provisional ones: every other rev this
   * push holds is at most the guess) by base − guess.
   */
  async simpan(c: { clientId: string; lastSeq: number; awalSeq: number; nowIso: string }): Promise<{ base: number; epoch: string | null; epochRev: number }> {
    const baris = [...this.#tulisan.values()];
    let tebakan = Math.max(this.revTerlihat, this.#revTerbaca);
    for (const b of baris) for (const m of Object.values(b.field_revs)) if (m.rev > tebakan) tebakan = m.rev;
    for (const h of this.#hasil) if ('rev' in h.result && h.result.rev > tebakan) tebakan = h.result.rev;
    const nyata = (rev: number): number => (rev < 0 ? tebakan - rev : rev);
    // One real meta per provisional one (a write gives the same meta object to every field it sets).
    const metaNyata = new Map<MetaField, MetaField>();
    const tulisan = baris.map((b) => {
      const fieldRevs: Record<string, MetaField> = {};
      for (const [f, m] of Object.entries(b.field_revs)) {
        let n = m.rev < 0 ? metaNyata.get(m) : m;
        if (!n) metaNyata.set(m, (n = { ...m, rev: nyata(m.rev) }));
        fieldRevs[f] = n;
      }
      const rev = nyata(b.rev);
      return { tbl: b.tbl, id: b.id, rev, deleted: b.deleted, baru: b.baru, data: { ...b.data, rev }, field_revs: fieldRevs };
    });
    const hasil = this.#hasil.map(({ seq, result }) => ({ seq, result: 'rev' in result && result.rev < 0 ? { ...result, rev: nyata(result.rev) } : result }));
    const baru = baris.filter((b) => b.baru).length;
    // Prune old answers now and then (each time the seq crosses a multiple of 1000).
    const pangkas = Math.floor(c.lastSeq / 1000) !== Math.floor(c.awalSeq / 1000);
    // Only when the guess missed: a rev above it (provisional) moves by b.d.
    const geser = (v: string) =>
      `CASE WHEN b.d <> 0 AND (${v}->>'rev')::bigint > $9::bigint THEN ${v} || jsonb_build_object('rev', (${v}->>'rev')::bigint + b.d) ELSE ${v} END`;
    const kolom = 'tbl, id, rev, deleted, data, field_revs';
    const [r] = await this.tx.query(
      `WITH s AS MATERIALIZED (
         UPDATE sync_state SET rev = rev + $6::bigint WHERE id = 1 AND $6::bigint > 0 RETURNING rev - $6::bigint AS base, epoch::text AS epoch, epoch_rev
       ), b AS MATERIALIZED (SELECT coalesce((SELECT base FROM s), $10::bigint) AS base, coalesce((SELECT base FROM s) - $9::bigint, 0) AS d),
       y AS MATERIALIZED (
         SELECT x.tbl, x.id, x.rev + b.d AS rev, x.deleted, x.baru,
                CASE WHEN b.d = 0 THEN x.data ELSE x.data || jsonb_build_object('rev', x.rev + b.d) END AS data,
                CASE WHEN b.d = 0 THEN x.field_revs
                     ELSE (SELECT coalesce(jsonb_object_agg(e.f, ${geser('e.m')}), '{}'::jsonb) FROM jsonb_each(x.field_revs) AS e(f, m)) END AS field_revs
         FROM jsonb_to_recordset($1::jsonb) AS x(tbl text, id uuid, rev bigint, deleted boolean, baru boolean, data jsonb, field_revs jsonb), b
       ), n AS (
         INSERT INTO records (${kolom}) SELECT ${kolom} FROM y WHERE baru ON CONFLICT (tbl, id) DO NOTHING RETURNING 1
       ), u AS (
         INSERT INTO records (${kolom}) SELECT ${kolom} FROM y WHERE NOT baru
         ON CONFLICT (tbl, id) DO UPDATE SET rev = EXCLUDED.rev, deleted = EXCLUDED.deleted, data = EXCLUDED.data, field_revs = EXCLUDED.field_revs
       ), h AS (
         INSERT INTO client_results (client_id, seq, result)
         SELECT $2::uuid, x.seq, ${geser('x.result')} FROM jsonb_to_recordset($3::jsonb) AS x(seq bigint, result jsonb), b
         ON CONFLICT DO NOTHING
       ), p AS (
         DELETE FROM client_results WHERE $7::boolean AND client_id = $2::uuid AND seq < $8::bigint
       ), c AS (
         UPDATE clients SET last_seq = $4, updated_at = $5 WHERE client_id = $2::uuid
       )
       SELECT (SELECT base FROM b) AS base, (SELECT epoch FROM s) AS epoch, (SELECT epoch_rev FROM s) AS epoch_rev, (SELECT count(*) FROM n) AS baru`,
      [
        JSON.stringify(tulisan),
        c.clientId,
        JSON.stringify(hasil),
        c.lastSeq,
        c.nowIso,
        this.#jumlahRev,
        pangkas,
        c.lastSeq - SIMPAN_HASIL,
        tebakan,
        this.revTerlihat,
      ],
    );
    if (angkaDb(r?.baru) !== baru) throw new TabrakanBaru();
    return { base: angkaDb(r?.base), epoch: r?.epoch == null ? null : String(r.epoch), epochRev: angkaDb(r?.epoch_rev) };
  }

  #meta(rev: number): MetaField {
    return { rev, client: this.clientId, oleh: this.user.username };
  }

  /** OPD owning a parent record (for operator permissions). */
  opdInduk = async (table: NamaTabel, id: unknown): Promise<string | null> => {
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    const r = await this.#ambil(table, id);
    if (!r) return null;
    if (table === 'opd') return id;
    return typeof r.data.opdId === 'string' ? r.data.opdId : null;
  };

  /** A live stored record (for permission rules that look at a parent's fields). */
  baca = async (table: NamaTabel, id: unknown): Promise<Rec | null> => {
    if (typeof id !== 'string' || !UUID.test(id)) return null;
    const r = await this.#ambil(table, id);
    return r && !r.deleted ? r.data : null;
  };

  /**
   * OPD kode and singkatan are unique per pemda (case-insensitive, trimmed): two OPDs with one
   * code cannot be told apart in imports, exports and the PDF (issue 11 point 5). Looks at the
   * stored OPDs and at those written earlier in this batch.
   */
  async #alasanOpdKembar(key: string, baru: Rec | null): Promise<Penolakan | null> {
    if (!baru) return null;
    const norm = (v: unknown) =>
      String(v ?? '')
        .trim()
        .toLocaleLowerCase('id');
    const kode = norm(baru.kode);
    const singkatan = norm(baru.singkatan);
    // A check over all OPDs, not one record: the OPD writers take turns on one advisory lock (held
    // to the commit), so two pushes cannot both find a code free.
    await this.tx.query("SELECT pg_advisory_xact_lock(hashtext('pantau:opd-kode'))");
    const rows = await this.tx.query<{ id: string; data: Rec }>(
      `SELECT id, data FROM records WHERE tbl = 'opd' AND NOT deleted AND id <> $1::uuid
         AND (lower(trim(data->>'kode')) = $2 OR lower(trim(data->>'singkatan')) = $3)`,
      [key, kode, singkatan],
    );
    const lain = new Map(rows.map((r) => [String(r.id), r.data]));
    for (const t of this.#tulisan.values()) {
      if (t.tbl !== 'opd' || t.id === key) continue;
      if (t.deleted) lain.delete(t.id);
      else lain.set(t.id, t.data);
    }
    for (const d of lain.values()) {
      if (norm(d.kode) === kode) return tolakan('validasi', `Kode perangkat daerah "${String(baru.kode)}" sudah dipakai ${String(d.nama ?? '')}`);
      if (norm(d.singkatan) === singkatan) return tolakan('validasi', `Singkatan "${String(baru.singkatan)}" sudah dipakai ${String(d.nama ?? '')}`);
    }
    return null;
  }

  async #alasanKunci(table: NamaTabel, r: Rec | null): Promise<Penolakan | null> {
    const p = r && periodeRecord(table, r);
    if (!p || !Number.isInteger(p.tahun) || !(p.tw >= 1 && p.tw <= 4)) return null;
    const k = await this.#ambil('kunciPeriode', this.alami.kunciPeriode(p.tahun, p.tw));
    if (!k || k.deleted || k.data.terkunci !== true) return null;
    return tolakan('kunci', alasanKunci(p.tahun, p.tw, k.data.oleh ? String(k.data.oleh) : ''));
  }

  /** A signed PK is frozen: its contents change only through a Perubahan PK. */
  async #alasanPkBeku(table: NamaTabel, lama: Rec | null, baru: Rec | null, berubah: string[]): Promise<Penolakan | null> {
    const beku = tolakan('beku', 'PK sudah ditandatangani dan dibekukan; perubahan hanya melalui Perubahan PK');
    if (table === 'pk') return lama?.status === 'ditandatangani' && (baru === null || berubah.length) ? beku : null;
    if (table !== 'sasaran' && table !== 'indikator' && table !== 'program') return null;
    // Status pengadaan is progress during the year, not a target: it changes without a Perubahan PK
    // (issue 11 point 5; docs/domain/rakor.md §Koreksi).
    if (table === 'program' && lama && baru && berubah.every((f) => f === 'statusPengadaan')) return null;
    for (const r of [lama, baru]) {
      const pkId = r?.pkId;
      if (typeof pkId !== 'string') continue;
      const pk = await this.#ambil('pk', pkId);
      if (pk && !pk.deleted && pk.data.status === 'ditandatangani') return beku;
    }
    return null;
  }

  async #periksa(table: NamaTabel, op: 'put' | 'delete', lama: Rec | null, baru: Rec | null, berubah: string[]): Promise<Penolakan | null> {
    return (
      (await periksaIzin({ user: this.user, table, op, lama, baru, berubah, opdInduk: this.opdInduk, baca: this.baca })) ??
      (table === 'opd' && op === 'put' && (!lama || berubah.includes('kode') || berubah.includes('singkatan'))
        ? await this.#alasanOpdKembar(String(baru?.id ?? ''), baru)
        : null) ??
      (await this.#alasanKunci(table, lama)) ??
      (await this.#alasanKunci(table, baru)) ??
      (await this.#alasanPkBeku(table, lama, baru, berubah))
    );
  }

  async #konflik(
    seq: number,
    table: NamaTabel,
    key: string,
    field: string,
    nilaiServer: unknown,
    olehServer: string,
    nilaiMasuk: unknown,
    padaMasuk: string,
  ): Promise<string> {
    const rev = this.#revBaru();
    const id = this.alami.konflik(table, key, field, `${this.clientId}:${seq}`);
    const rec = recordSchemas.konflik.parse({
      id,
      rev: 0, // the real rev is set by the last statement (provisional revs are negative)
      updatedAt: this.#nowIso,
      updatedBy: 'server',
      deleted: false,
      tabel: table,
      recordId: key,
      field,
      nilaiServer,
      nilaiMasuk: nilaiMasuk ?? null,
      olehServer,
      olehMasuk: this.user.username,
      padaMasuk,
    });
    this.#tulis('konflik', id, rev, { ...(rec as Rec), rev }, {});
    return id;
  }

  /**
   * The tombstone of a deleted record: only what identifies it and whom it belongs to
   * (FIELD_NISAN), so deleting frees the space of its data (issue 9 §3; docs/sync-protocol.md "Pull").
   */
  #nisan(data: Rec, rev: number): Rec {
    const tetap = Object.fromEntries(FIELD_NISAN.filter((f) => f in data).map((f) => [f, data[f]]));
    return { ...tetap, id: data.id, rev, deleted: true, updatedAt: this.#nowIso, updatedBy: this.user.username };
  }

  async terapkan(m: Mutation): Promise<MutationResult> {
    const { seq, table, key } = m;
    const tolak = (p: Penolakan): MutationResult => ({ seq, status: 'rejected', kode: p.kode, reason: p.alasan });
    const schema = recordSchemas[table];
    const tidakAman = this.tidakAman ? (this.tidakAman.get(m) ?? null) : (periksaNilai(m.fields) ?? periksaNilai(m.at));
    if (tidakAman) return tolak(tolakan('validasi', tidakAman));
    const ada = await this.#ambil(table, key);
    // konflik records change only by being resolved (issue 9 §2), whoever asks.
    if (table === 'konflik') return this.#selesaikanKonflik(m, ada);
    // Only the table's own fields count; server-owned ones are never taken from a client, and
    // unknown keys (which the schema would strip anyway) leave no trace and make no new rev.
    const fieldTabel = FIELD_PER_TABEL[table];
    const masuk: Rec = Object.fromEntries(Object.entries(m.fields).filter(([f]) => fieldTabel.has(f) && !(SERVER_FIELDS as readonly string[]).includes(f)));

    if (m.op === 'delete') {
      if (!ada || ada.deleted) return { seq, status: 'applied', rev: ada?.rev ?? this.revTerlihat };
      const alasan = await this.#periksa(table, 'delete', ada.data, null, []);
      if (alasan) return tolak(alasan);
      const rev = this.#revBaru();
      this.#tulis(table, key, rev, this.#nisan({ ...ada.data, id: key }, rev), { ...ada.fieldRevs, _deleted: this.#meta(rev) });
      return { seq, status: 'applied', rev };
    }

    if (ada?.deleted) {
      // An edit to a deleted record: the tombstone stays, the edit is kept for the users to decide
      // (an edit of nothing the table knows leaves no trace). Nothing is stored in the record, so
      // only the right to write it and the size of what the konflik keeps are checked.
      if (!Object.keys(masuk).length) return { seq, status: 'applied', rev: ada.rev };
      const alasan = await this.#periksa(table, 'put', ada.data, { ...ada.data, ...masuk }, Object.keys(masuk));
      if (alasan) return tolak(alasan);
      if (ukuranJson(masuk) > MAKS_BYTE_RECORD[table]) return tolak(tolakan('ukuran', alasanUkuranRecord(table, masuk) ?? 'Data terlalu besar'));
      const oleh = ada.fieldRevs._deleted?.oleh ?? String(ada.data.updatedBy ?? '');
      const id = await this.#konflik(seq, table, key, '_deleted', true, oleh, masuk, m.at);
      return { seq, status: 'conflict', rev: ada.rev, konflikIds: [id] };
    }

    // First writes (issue 9 §1; docs/sync-protocol.md "Merging"): baseRev 0 means the client had no copy, so its
    // base for every field is the schema default. A field it sends at that default was not set by
    // the person: it neither empties a value another tablet set nor makes a konflik. The client's
    // own earlier writes are the exception: clearing a value it typed before it ever synced is an edit.
    const bawaan = NILAI_BAWAAN[table];
    const diBawaan = (f: string, v: unknown): boolean => bawaan.has(f) && samaNilai(v, bawaan.get(f));
    const fields: Rec = {};
    for (const [f, v] of Object.entries(masuk)) {
      if (ada && m.baseRev === 0 && diBawaan(f, v) && ada.fieldRevs[f]?.client !== this.clientId) continue;
      fields[f] = v;
    }

    // The record as the client means it: every incoming field over the stored one. It must be valid
    // and allowed as a whole, whichever of its fields end up applied or kept as a konflik.
    const v = schema.safeParse({ ...(ada?.data ?? {}), ...fields, id: key, rev: 0, updatedAt: this.#nowIso, updatedBy: this.user.username, deleted: false });
    if (!v.success) return tolak(tolakan(kodeDariZod(v.error), pesanZod(v.error)));
    const dimaksud = v.data as Rec;
    const besar = alasanUkuranRecord(table, dimaksud);
    if (besar) return tolak(tolakan('ukuran', besar));
    const diubah = Object.keys(fields).filter((f) => !ada || !samaNilai(fields[f], ada.data[f]));
    const alasan =
      (await this.#periksa(table, 'put', ada?.data ?? null, dimaksud, ada ? diubah : Object.keys(fields))) ??
      idAlamiSalah(table, key, dimaksud, ada?.data ?? null, this.alami);
    if (alasan) return tolak(alasan);

    if (!ada) {
      // Only the fields the person set carry a field rev: a default written by one tablet's first
      // put is no value another tablet's first put could conflict with.
      const rev = this.#revBaru();
      const meta = this.#meta(rev);
      const diisi = Object.keys(fields).filter((f) => !diBawaan(f, fields[f]));
      this.#tulis(table, key, rev, { ...dimaksud, rev }, Object.fromEntries(diisi.map((f) => [f, meta])));
      return { seq, status: 'applied', rev };
    }

    // Field by field: a field someone else changed after the client's baseRev is a conflict (the
    // server value stays); other fields apply. Revs decide, never device clocks. For a first write
    // (baseRev 0) "changed by someone else" means: set to something other than its default.
    const baru: Rec = { ...ada.data };
    const bentrok: string[] = [];
    const berubah: string[] = [];
    for (const f of diubah) {
      const meta = ada.fieldRevs[f];
      const sendiri = meta?.client === this.clientId;
      const diubahLain = m.baseRev === 0 ? !diBawaan(f, ada.data[f]) : meta !== undefined && meta.rev > m.baseRev;
      if (!sendiri && diubahLain) bentrok.push(f);
      else {
        baru[f] = dimaksud[f];
        berubah.push(f);
      }
    }
    // `applied` promises the stored record is the client's copy plus what it sent (a tablet keeps its
    // copy at the answer's rev instead of pulling it back; src/db/outbox.ts). So a first write onto a
    // record whose unsent fields hold values nobody's field rev covers (loaded by `muat`) is `merged`.
    const lainBerubah =
      Object.entries(ada.fieldRevs).some(([f, meta]) => !(f in fields) && meta.rev > m.baseRev && meta.client !== this.clientId) ||
      (m.baseRev === 0 &&
        Object.entries(ada.data).some(
          ([f, v]) => !(f in fields) && !(SERVER_FIELDS as readonly string[]).includes(f) && ada.fieldRevs[f] === undefined && !diBawaan(f, v),
        ));

    let rev = ada.rev;
    if (berubah.length) {
      // The mix of applied fields and kept server values must be valid too (a cross-field rule).
      const hasil = schema.safeParse({ ...baru, rev: 0, updatedAt: this.#nowIso, updatedBy: this.user.username });
      if (!hasil.success) return tolak(tolakan(kodeDariZod(hasil.error), pesanZod(hasil.error)));
      rev = this.#revBaru();
      const meta = this.#meta(rev);
      this.#tulis(table, key, rev, { ...(hasil.data as Rec), rev }, { ...ada.fieldRevs, ...Object.fromEntries(berubah.map((f) => [f, meta])) });
    }
    if (bentrok.length) {
      const konflikIds: string[] = [];
      for (const f of bentrok) konflikIds.push(await this.#konflik(seq, table, key, f, ada.data[f] ?? null, ada.fieldRevs[f]?.oleh ?? '', dimaksud[f], m.at));
      return { seq, status: 'conflict', rev, konflikIds };
    }
    return { seq, status: lainBerubah ? 'merged' : 'applied', rev };
  }

  /**
   * Resolving a konflik (issue 9 §2; docs/sync-protocol.md "Resolving a konflik"): a put on the konflik with
   * `{ status: 'selesai', penyelesaian: 'server' | 'masuk' }`. In this one transaction the chosen
   * value is written to the record (for 'masuk') and the konflik is closed; both or neither. Only
   * someone who may write that field of that record decides, and 'masuk' passes every check a put
   * of the value would (schema, size, lock, signed PK). Any other put or delete of a konflik is
   * refused for every role: the kept losing value stays safe. The first resolution stands; the
   * same choice again (another tablet) is acknowledged.
   */
  async #selesaikanKonflik(m: Mutation, ada: Tersimpan | null): Promise<MutationResult> {
    const { seq, key } = m;
    const tolak = (kode: Penolakan['kode'], alasan: string): MutationResult => ({ seq, status: 'rejected', kode, reason: alasan });
    if (!ada) return tolak('konflik', 'Konflik hanya dibuat oleh server');
    if (m.op === 'delete') return tolak('konflik', 'Konflik tidak dapat dihapus; selesaikan dengan memilih nilai server atau nilai masuk');
    const pilihan = m.fields.penyelesaian;
    const lain = Object.keys(m.fields).filter((f) => f !== 'status' && f !== 'penyelesaian' && f !== 'diselesaikanOleh');
    if (lain.length || m.fields.status !== 'selesai' || (pilihan !== 'server' && pilihan !== 'masuk')) {
      return tolak('konflik', 'Konflik hanya dapat diselesaikan dengan memilih nilai server atau nilai masuk; isinya tidak dapat diubah');
    }
    const k = ada.data;
    if (ada.deleted) return tolak('konflik', 'Konflik ini sudah tidak ada di server');
    if (k.status === 'selesai') {
      if (k.penyelesaian === pilihan) return { seq, status: 'applied', rev: ada.rev };
      const oleh = String(k.diselesaikanOleh || k.updatedBy || 'pengguna lain');
      return tolak('konflik', `Konflik ini sudah diselesaikan oleh ${oleh} di perangkat lain; nilai yang dipilih tetap berlaku`);
    }
    const tabel = String(k.tabel) as NamaTabel;
    const field = String(k.field);
    const recordId = String(k.recordId);
    if (!(NAMA_TABEL as readonly string[]).includes(tabel) || tabel === 'konflik') return tolak('konflik', 'Tabel konflik tidak dikenal');
    const rec = await this.#ambil(tabel, recordId, pilihan === 'masuk');

    if (pilihan === 'masuk') {
      if (field === '_deleted')
        return tolak(
          'konflik',
          'Data ini sudah dihapus di server; nilai yang masuk tidak dapat dipulihkan ke data yang terhapus. Buat data baru bila masih diperlukan.',
        );
      if (!rec || rec.deleted) return tolak('konflik', 'Data yang berkonflik sudah dihapus di server; nilai masuk tidak dapat diterapkan');
      const v = recordSchemas[tabel].safeParse({ ...rec.data, [field]: k.nilaiMasuk ?? null, rev: 0, updatedAt: this.#nowIso, updatedBy: this.user.username });
      if (!v.success) return tolak(kodeDariZod(v.error), pesanZod(v.error));
      const baru = v.data as Rec;
      const besar = alasanUkuranRecord(tabel, baru);
      if (besar) return tolak('ukuran', besar);
      const alasan = await this.#periksa(tabel, 'put', rec.data, baru, [field]);
      if (alasan) return tolak(alasan.kode, alasan.alasan);
      if (!samaNilai(rec.data[field], baru[field])) {
        const rev = this.#revBaru();
        this.#tulis(tabel, recordId, rev, { ...baru, rev }, { ...rec.fieldRevs, [field]: this.#meta(rev) });
      }
    } else {
      // Keeping the server value changes no data, so a lock does not stand in the way; the choice
      // is still only for whoever may write that field of that record.
      const data = rec?.data ?? null;
      const izin = data
        ? await periksaIzin({ user: this.user, table: tabel, op: 'put', lama: data, baru: data, berubah: [field], opdInduk: this.opdInduk })
        : this.user.role === 'admin'
          ? null
          : tolakan('izin', 'Anda tidak berhak mengubah data ini: data yang berkonflik tidak ada di server');
      if (izin) return tolak(izin.kode, izin.alasan);
    }
    const rev = this.#revBaru();
    const selesai = {
      ...k,
      status: 'selesai',
      penyelesaian: pilihan,
      diselesaikanOleh: this.user.username,
      rev,
      updatedAt: this.#nowIso,
      updatedBy: this.user.username,
    };
    this.#tulis('konflik', key, rev, selesai, ada.fieldRevs);
    return { seq, status: 'applied', rev };
  }
}

/**
 * One change of a pull page as PostgreSQL wrote it (issue 17 §3: the server parsed every record's
 * jsonb into objects and serialised them again for each page): `json` is the whole Change object
 * of docs/sync-protocol.md "Pull response" (`{ table, key, rev, deleted, record }`) as JSON text,
 * spliced into the answer unparsed. `tabelKonflik` is a konflik's `tabel` (its read rule follows
 * that table's), null for other tables.
 */
export interface ChangeTeks {
  table: NamaTabel;
  key: string;
  rev: number;
  deleted: boolean;
  tabelKonflik: string | null;
  json: string;
}

/**
 * One change of a pull page as JSON text (docs/sync-protocol.md "Pull response"), made by
 * concatenation in the page query (issue 17 §1/§3): `json_build_object(…)::text` costs nearly twice
 * as much and adds spaces around every colon. Safe without escaping: `tbl` is a table name from
 * NAMA_TABEL (letters only), `id` a uuid, `rev` a bigint, `deleted` a boolean (true/false), and
 * `data::text` is PostgreSQL's JSON text of the jsonb, what `records.ukuran` measures.
 */
const TEKS_CHANGE = `'{"table":"' || tbl || '","key":"' || id || '","rev":' || rev || ',"deleted":' || deleted || ',"record":' || data::text || '}'`;

/**
 * The bytes `TEKS_CHANGE` adds around `data::text`, exactly: 49 of punctuation and key names, the
 * 36 of the uuid, the table name, the rev's digits and `true`/`false`. Over the columns of `r`.
 */
const PANJANG_AMPLOP = `(85 + octet_length(r.tbl) + octet_length(r.rev::text) + CASE WHEN r.deleted THEN 4 ELSE 5 END)`;

/**
 * Which years a pull brings (issue 17 §2): every record of a table with `tahun` from `tahunMin` on
 * plus those of the years in `tahun`; or (`hanya`) only the records of one year.
 */
export type LingkupTahun = { tahunMin: number; tahun: readonly number[] } | { hanya: number };

export class SyncStore {
  constructor(readonly db: Db) {}

  /** The newest rev and the epoch, in one read. */
  async identitas(): Promise<IdentitasDb> {
    const [r] = await this.db.query('SELECT rev, epoch, epoch_rev FROM sync_state WHERE id = 1');
    return { rev: angkaDb(r?.rev), epoch: String(r?.epoch ?? ''), epochRev: angkaDb(r?.epoch_rev) };
  }

  async revTerbaru(): Promise<number> {
    const [r] = await this.db.query('SELECT rev FROM sync_state WHERE id = 1');
    return angkaDb(r?.rev);
  }

  /**
   * Applies a batch in one transaction, in order. Seqs already applied are answered again from
   * `client_results` and change nothing; a gap rolls the whole batch back (409 for the caller).
   *
   * Locks (see the header): the client's own row first (its pushes take turns; its earlier answers
   * are read under it) and the advisory locks of the period locks, the batch's records and the
   * parents its fields name (one statement), then the batch's records' and the period locks' rows,
   * then whatever else a mutation reads, and the counter only in the last statement. Values are checked and natural keys
   * computed before any lock (pure). A collision on a new record or a deadlock PostgreSQL broke runs
   * the whole push again, up to `MAKS_COBA` times, after a short random pause; then `sibuk`.
   */
  async push(user: UserDb, req: PushRequest, now: Date): Promise<HasilPushStore> {
    const alami = idAlamiSekali();
    const tidakAman = periksaSebelumKunci(req.mutations, alami);
    for (let coba = 1; ; coba++) {
      try {
        return await this.db.transaction((tx) => this.#pushSekali(tx, user, req, now, alami, tidakAman));
      } catch (e) {
        if (e instanceof CelahSeq) return { jenis: 'celah', lastSeq: e.lastSeq };
        if (e instanceof EpochBerbeda) return { jenis: 'epoch-berbeda', epoch: e.epoch, epochRev: e.epochRev };
        if (!bolehUlang(e)) throw e;
        if (coba >= MAKS_COBA) return { jenis: 'sibuk' };
        await new Promise((r) => setTimeout(r, Math.random() * 10 * coba));
      }
    }
  }

  async #pushSekali(
    tx: Kueri,
    user: UserDb,
    req: PushRequest,
    now: Date,
    alami: typeof idAlami,
    tidakAman: ReadonlyMap<Mutation, string>,
  ): Promise<HasilPushStore> {
    // The advisory locks (see the header), in key order, held to the commit: the period locks' key
    // (a period lock that does not exist yet has no row to lock FOR SHARE, a phantom: exclusive for a
    // push that writes kunciPeriode, shared by every other), every record of the batch exclusive,
    // the parents its fields name shared. Taken in this first statement, so what later statements
    // read (a later snapshot) includes what a push that held one of them before created.
    const kunci = kunciAwal(req.mutations);
    // Without parameters (ids are UUIDs, as literals): it goes with the BEGIN in one round trip (src/server/db.ts).
    const [c] = await tx.query(
      `INSERT INTO clients (client_id, user_id, last_seq) VALUES (${literalUuid(req.clientId)}, ${literalUuid(user.id)}, 0)
       ON CONFLICT (client_id) DO UPDATE SET client_id = EXCLUDED.client_id RETURNING user_id, last_seq,
       (SELECT row_to_json(s) FROM (SELECT rev, epoch, epoch_rev FROM sync_state WHERE id = 1) s) AS state,
       ${sqlKunciAwal(kunci)} AS kunci`,
    );
    const awalSeq = angkaDb(c?.last_seq);
    // The counter as this push began (no lock): what answers that change nothing carry.
    const state = (c?.state ?? {}) as Rec;
    const revTerlihat = angkaDb(state.rev);
    const epoch = String(state.epoch ?? '');
    const epochRev = angkaDb(state.epoch_rev);
    // Revs and baseRevs of another epoch mean nothing here: apply nothing (a new client's row is
    // rolled back too), the client re-syncs.
    if (req.epoch !== undefined && req.epoch !== epoch) throw new EpochBerbeda(epoch, epochRev);
    if (!c || String(c.user_id) !== user.id) return { jenis: 'client-lain' };
    const ulang = req.mutations.filter((m) => m.seq <= awalSeq).map((m) => m.seq);
    const lama = new Map<number, MutationResult>();
    if (ulang.length) {
      const rows = await tx.query('SELECT seq, result FROM client_results WHERE client_id = $1 AND seq = ANY($2::bigint[])', [req.clientId, ulang]);
      for (const r of rows) lama.set(angkaDb(r.seq), r.result as MutationResult);
    }

    let lastSeq = awalSeq;
    const p = new Penerapan(tx, user, req.clientId, revTerlihat, now, alami, tidakAman, kunci);
    const baru = req.mutations.filter((m) => m.seq > awalSeq);
    if (baru.length) {
      await p.muatAwal(baru);
      await p.muatInduk(baru);
    }
    const results: MutationResult[] = [];
    for (const m of req.mutations) {
      if (m.seq <= lastSeq) {
        // A retry: the original answer (or, if pruned long ago, an acknowledgement that changes nothing).
        results.push(lama.get(m.seq) ?? { seq: m.seq, status: 'applied', rev: revTerlihat });
        continue;
      }
      if (m.seq !== lastSeq + 1) throw new CelahSeq(awalSeq);
      const r = await p.terapkan(m);
      p.catatHasil(m.seq, r);
      results.push(r);
      lastSeq = m.seq;
    }
    // Nothing new applied: nothing to write, and no rev given.
    if (lastSeq === awalSeq)
      return { jenis: 'ok', results, lastSeq, rev: revTerlihat, revAwal: revTerlihat, updatedAt: now.toISOString(), berubah: false, epoch, epochRev };
    const t = await p.simpan({ clientId: req.clientId, lastSeq, awalSeq, nowIso: now.toISOString() });
    // A restore between this push's start and its revs: roll everything back, the client re-syncs.
    if (t.epoch !== null && t.epoch !== epoch) throw new EpochBerbeda(t.epoch, t.epochRev);
    const sebenarnya = (r: MutationResult): MutationResult => ('rev' in r && typeof r.rev === 'number' && r.rev < 0 ? { ...r, rev: t.base - r.rev } : r);
    return {
      jenis: 'ok',
      results: results.map(sebenarnya),
      lastSeq,
      rev: t.base + p.jumlahRev,
      revAwal: t.base,
      updatedAt: now.toISOString(),
      berubah: p.jumlahRev > 0,
      epoch,
      epochRev,
    };
  }

  /**
   * Changes after `since`, in rev order: at most `limit` records, and no more once the page's
   * changes reach `maksByte` bytes of JSON (the first always goes; issue 9 §3). The sizes
   * are summed by the database, so an oversized page is never read into memory.
   *
   * What a page costs follows what it sends (issue 17 §1/§3; docs/sync-protocol.md "GET /sync/pull"):
   * the byte cut sums each record's stored size (`records.ukuran`, the bytes of `data::text`,
   * migrations/009_ukuran_record.sql) plus its envelope's (`PANJANG_AMPLOP`, exact), and the JSON
   * text of a change is built, by concatenation, only for the records the page keeps — not for
   * every one of the up to `limit + 1` rows read (built and then dropped past the budget, that text
   * was most of a small-budget page's cost when `limit` was large).
   *
   * `lingkup` (issue 17 §2, docs/sync-protocol.md "History scope"): records with a `tahun` field
   * below `tahunMin` and not in `tahun` are skipped (tables without `tahun` always come). A record
   * of `TABEL_IKUT_PK` (indikator, sasaran, program) has no `tahun` of its own: it takes its PK's
   * (the `pk` row named by `pkId`, live or tombstone; tombstones keep `pkId` and `tahun`, see
   * FIELD_NISAN), looked up by primary key per candidate row; the years compared are the rows'
   * `tahun` column (migrations/010_tahun_record.sql), never their jsonb. One whose PK is not on
   * the server, or whose year is not a whole number, counts as in scope (it is sent, never lost).
   * The cursor still moves past skipped records: a page that is not cut short ends at the newest
   * rev the same statement saw (revs commit in order, so that snapshot holds every rev up to it),
   * not at its last record. `{ hanya }` instead
   * gives only the records (and tombstones) of one year, those of its PKs included (GET /sync/tahun).
   */
  async pull(
    since: number,
    limit: number,
    maksByte: number = MAKS_BYTE_PULL,
    lingkup?: LingkupTahun,
  ): Promise<{ changes: ChangeTeks[]; next: number; more: boolean }> {
    // The year a record is scoped by: its own `tahun`, or for TABEL_IKUT_PK its PK's (NULL when
    // that PK is not here, or has no whole-number year: then no year, so in scope like a table
    // without `tahun`). The `tahun` column (migrations/010_tahun_record.sql), not `data`: the year
    // is never read from jsonb, and the PK's `data` (a signed PK's ~12 KB snapshot) is not read at
    // all; only a child's own `pkId` is (children are small rows).
    const ikut = `r.tbl IN (${TABEL_IKUT_PK.map((t) => `'${t}'`).join(', ')})`;
    const th = `(CASE WHEN ${ikut} THEN p.tahun ELSE r.tahun END)`;
    const saring = !lingkup ? 'TRUE' : 'hanya' in lingkup ? `${th} = $4::int` : `(${th} IS NULL OR ${th} >= $4::int OR ${th} = ANY($5::int[]))`;
    // The PK by its primary key (tbl, id); the text is cast only when it is a uuid, so no stored
    // value can make the pull fail.
    const gabung = !lingkup
      ? ''
      : `LEFT JOIN records p ON p.tbl = 'pk' AND p.id = (CASE WHEN ${ikut} AND r.data->>'pkId' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$' THEN (r.data->>'pkId')::uuid END)`;
    const param: unknown[] = [since, limit, maksByte];
    if (lingkup && 'hanya' in lingkup) param.push(lingkup.hanya);
    else if (lingkup) param.push(lingkup.tahunMin, lingkup.tahun);
    // The rows read carry `data` as stored (a TOAST pointer is copied, not expanded); the text is
    // made in the outer SELECT, for the rows under the budget and within the limit only.
    const rows = await this.db.query(
      `WITH kepala AS (SELECT coalesce(max(rev), 0) AS r FROM records)
       SELECT tbl, id, rev, deleted, tabel_konflik, CASE WHEN NOT lebih THEN ${TEKS_CHANGE} END AS teks, lebih, semua, (SELECT r FROM kepala) AS kepala FROM (
         SELECT tbl, id, rev, deleted, tabel_konflik, data, sum(ukuran) OVER (ORDER BY rev) - ukuran AS sebelum,
                row_number() OVER (ORDER BY rev) > $2 AS lebih, count(*) OVER () AS semua
         FROM (SELECT r.tbl, r.id, r.rev, r.deleted, r.data, CASE WHEN r.tbl = 'konflik' THEN r.data->>'tabel' END AS tabel_konflik,
                      r.ukuran + ${PANJANG_AMPLOP} AS ukuran
               FROM records r ${gabung}
               WHERE r.rev > $1 AND ${saring} ORDER BY r.rev LIMIT $2 + 1) x
       ) y WHERE sebelum < $3
       UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, r FROM kepala
       ORDER BY rev NULLS LAST`,
      param,
    );
    const kepala = angkaDb(rows.at(-1)?.kepala);
    const halaman = rows.filter((r) => r.tbl !== null && !r.lebih);
    const changes: ChangeTeks[] = halaman.map((r) => ({
      table: r.tbl as NamaTabel,
      key: String(r.id),
      rev: angkaDb(r.rev),
      deleted: Boolean(r.deleted),
      tabelKonflik: r.tabel_konflik == null ? null : String(r.tabel_konflik),
      json: String(r.teks),
    }));
    // More wait when the count limit or the byte budget cut the page short: the rows read (at most
    // limit + 1) were more than the page kept.
    const terpotong = angkaDb(rows[0]?.semua) > halaman.length;
    let next = changes.at(-1)?.rev ?? since;
    // Not cut: every record this statement could see in scope is in the page, so the cursor passes
    // the skipped ones after it too (without a scope that is the page's last record anyway).
    if (!terpotong && lingkup && !('hanya' in lingkup)) next = Math.max(next, kepala);
    let more = terpotong;
    if (!more && (changes.length || next > since)) {
      const [r] = await this.db.query('SELECT EXISTS (SELECT 1 FROM records WHERE rev > $1) AS ada', [next]);
      more = Boolean(r?.ada) && !(lingkup && 'hanya' in lingkup);
    }
    return { changes, next, more };
  }

  async record(table: NamaTabel, id: string): Promise<Rec | null> {
    const r = await ambil(this.db, table, id);
    return r ? { ...r.data, rev: r.rev } : null;
  }

  /** Every live record of the given tables (for the server-side summary). */
  async semua(tables: readonly NamaTabel[]): Promise<Record<string, Rec[]>> {
    const out: Record<string, Rec[]> = Object.fromEntries(tables.map((t) => [t, []]));
    const rows = await this.db.query('SELECT tbl, data FROM records WHERE NOT deleted AND tbl = ANY($1::text[])', [tables as readonly string[]]);
    for (const r of rows) out[String(r.tbl)]!.push(r.data as Rec);
    return out;
  }

  async kosong(): Promise<boolean> {
    const [r] = await this.db.query('SELECT count(*) AS n FROM records');
    return angkaDb(r?.n) === 0;
  }

  /**
   * Loads records that are already valid (the demo kabupaten) in one transaction, each with a
   * fresh rev from the counter, in chunks of multi-row inserts.
   */
  async muat(data: Partial<Record<NamaTabel, Rec[]>>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [state] = await tx.query('SELECT rev FROM sync_state WHERE id = 1 FOR UPDATE');
      let rev = angkaDb(state?.rev);
      const baris: { tbl: string; id: string; rev: number; deleted: boolean; data: Rec }[] = [];
      for (const [tbl, recs] of Object.entries(data)) {
        for (const rec of recs ?? []) {
          const r = recordSchemas[tbl as NamaTabel].parse(rec) as Rec;
          rev++;
          baris.push({ tbl, id: String(r.id), rev, deleted: Boolean(r.deleted), data: { ...r, rev } });
        }
      }
      for (let i = 0; i < baris.length; i += 1000) {
        await tx.query(
          `INSERT INTO records (tbl, id, rev, deleted, data)
           SELECT x.tbl, x.id, x.rev, x.deleted, x.data FROM jsonb_to_recordset($1::jsonb) AS x(tbl text, id uuid, rev bigint, deleted boolean, data jsonb)
           ON CONFLICT (tbl, id) DO NOTHING`,
          [JSON.stringify(baris.slice(i, i + 1000))],
        );
      }
      await tx.query('UPDATE sync_state SET rev = $1 WHERE id = 1', [rev]);
      return baris.length;
    });
  }
}
