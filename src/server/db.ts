/**
 * One storage adapter, two engines (docs/architecture.md "Server"): PostgreSQL through `pg` when DATABASE_URL is set,
 * else embedded PGlite in DATA_DIR (or in memory for tests). Same SQL, same migrations.
 */
import { fsyncSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { NodeFS } from '@electric-sql/pglite/nodefs';
import pg from 'pg';

export type Row = Record<string, unknown>;

export interface Kueri {
  query<R extends Row = Row>(sql: string, params?: unknown[]): Promise<R[]>;
}

export interface Db extends Kueri {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction (READ COMMITTED on PostgreSQL); rolls back when it throws. */
  transaction<T>(fn: (tx: Kueri) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  /** PostgreSQL only: the pool's connections (total, idle) and callers waiting for one (issue 17 §3; the bench samples it). */
  statistikPool?(): { total: number; idle: number; menunggu: number };
  /**
   * Runs a bulk read and the building of its answer (a pull page) with at most `PULL_PARALEL`
   * (default `PULL_PARALEL_BAWAAN`) such reads at once; the others wait in arrival order. Pushes
   * never go through it, so a push never waits behind pulls, neither for a pool connection nor
   * for the event loop that builds the pages (issue 17 §3; docs/sync-protocol.md "Pushes before
   * pulls"). PGlite (one connection, statements queued anyway) runs it directly.
   */
  bacaMassal<T>(fn: () => Promise<T>): Promise<T>;
}

/**
 * Pull pages read and built at once on PostgreSQL when PULL_PARALEL is not set (docs/deployment.md
 * §"Pengaturan lingkungan"; issue 17 §3). Measured with tests/bench/kunci-http.ts on 2 cores shared
 * with PostgreSQL (2026-11-30, load 2–3): with up to eight pulls at once (the pool minus two) the
 * server's event loop was 97 % busy building and compressing pages and 50 tablets' push p95 was
 * 0.38–0.39 s; two at once 0.26 s; one at once 0.21 s, with the pulls' own p95 no worse (2.0 s
 * against 2.4–2.5 s: the pages are CPU-bound, so running them side by side only interleaves them).
 */
export const PULL_PARALEL_BAWAAN = 1;

/**
 * At most `batas` callers at once; the others wait in order. With 1 it serialises every statement
 * on PGlite's single connection, so a read never lands inside another caller's open transaction
 * (PGlite would otherwise interleave them).
 */
class Semafor {
  #jalan = 0;
  readonly #antre: (() => void)[] = [];
  constructor(readonly batas: number) {}
  async jalankan<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#jalan >= this.batas) await new Promise<void>((ok) => this.#antre.push(ok));
    else this.#jalan++;
    try {
      return await fn();
    } finally {
      const berikut = this.#antre.shift();
      if (berikut) berikut();
      else this.#jalan--;
    }
  }
}

/**
 * Default size of the PostgreSQL connection pool; PG_POOL_MAX overrides it (docs/deployment.md
 * §"Pengaturan lingkungan"; issue 17 §3). Pushes queue on the counter row whatever the pool size
 * (docs/sync-protocol.md "Cost of the counter under load"), so more connections help only the reads, and only when
 * PostgreSQL has idle cores: raise it on a database server with many cores, keeping the sum over
 * server processes under PostgreSQL's max_connections (default 100).
 */
export const PG_POOL_MAX_BAWAAN = 10;

const DIR_MIGRASI = join(import.meta.dirname, 'migrations');

/**
 * PGlite's file system with a real fsync. PGlite starts PostgreSQL with `-F` (fsync off) and its
 * Emscripten NODEFS has no fsync at all, so a power cut could lose commits the server already
 * acknowledged (tablets then drop them from their outboxes). This mounts the same NODEFS with an
 * fsync that reaches the disk; `bukaPglite` also drops `-F`. Cost measured in `npm run bench`
 * (figure `pglite-fsync`) and in docs/deployment.md §"Penyimpanan".
 */
class NodeFsTahanLama extends NodeFS {
  /** Off while PGlite creates a new cluster (initdb: nothing acknowledged yet, thousands of files). */
  aktif = false;
  /** fsync calls that reached the disk (the tests check that a commit makes at least one). */
  jumlah = 0;
  override async init(pg: PGlite, opts: Parameters<NodeFS['init']>[1]) {
    const hasil = await super.init(pg, opts);
    const preRun = hasil.emscriptenOpts.preRun ?? [];
    hasil.emscriptenOpts.preRun = [
      ...(Array.isArray(preRun) ? preRun : [preRun]),
      (mod: { NODEFS: { stream_ops: Record<string, unknown> } }) => {
        mod.NODEFS.stream_ops.fsync = (stream: { nfd?: number }) => {
          if (!this.aktif || stream.nfd === undefined) return 0;
          try {
            fsyncSync(stream.nfd);
            this.jumlah++;
          } catch (e) {
            // Directories on some file systems refuse fsync (EINVAL/EISDIR): nothing to flush there.
            if (!['EINVAL', 'EISDIR', 'EBADF'].includes((e as NodeJS.ErrnoException).code ?? '')) throw e;
          }
          return 0;
        };
      },
    ];
    return hasil;
  }
}

/**
 * PGlite's start parameters without `-F` (fsync off), with fsync and synchronous commits named
 * explicitly, and WAL flushed by fsync(): Emscripten implements fdatasync (PostgreSQL's default
 * wal_sync_method on Linux) as a no-op, while fsync reaches NodeFsTahanLama.
 */
export const PARAMETER_PGLITE_FSYNC = [
  ...PGlite.defaultStartParams.filter((p) => p !== '-F'),
  '-c',
  'fsync=on',
  '-c',
  'synchronous_commit=on',
  '-c',
  'wal_sync_method=fsync',
];

export interface OpsiPglite {
  /** Real fsync of every commit (default true for a data folder; in-memory databases have no disk). */
  fsync?: boolean;
}

export async function bukaPglite(dataDir?: string, opsi: OpsiPglite = {}): Promise<Db> {
  const fsync = opsi.fsync ?? true;
  const fs = dataDir && fsync ? new NodeFsTahanLama(dataDir) : null;
  const pgl = !dataDir ? new PGlite() : fs ? new PGlite({ fs, startParams: PARAMETER_PGLITE_FSYNC }) : new PGlite(dataDir);
  await pgl.waitReady;
  // From here every commit (migrations included) reaches the disk before it is acknowledged.
  if (fs) fs.aktif = true;
  return Object.assign(bungkusPglite(pgl), { jumlahFsync: () => fs?.jumlah ?? 0 });
}

/** The Db adapter around an open PGlite (also used by the backup tool on a copy it loads). */
export function bungkusPglite(pgl: PGlite): Db & { pglite: PGlite } {
  const antrean = new Semafor(1);
  return {
    kind: 'pglite',
    pglite: pgl,
    bacaMassal: (fn) => fn(),
    query: <R extends Row>(sql: string, params: unknown[] = []) => antrean.jalankan(async () => (await pgl.query<R>(sql, params)).rows),
    transaction: <T>(fn: (tx: Kueri) => Promise<T>) =>
      antrean.jalankan(() =>
        pgl.transaction(async (tx) => fn({ query: async <R extends Row>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows })),
      ),
    close: () => antrean.jalankan(() => pgl.close()),
  };
}

/**
 * `schema`: every pooled connection gets `search_path=schema` (tests isolate themselves this way).
 * `max`: pool size (default PG_POOL_MAX_BAWAAN). `pullParalel`: bulk reads at once (`Db.bacaMassal`;
 * default PULL_PARALEL_BAWAAN, at most `max` − 1 so one connection is always left to pushes; a pool of one
 * connection is shared, pulls one at a time).
 * `jagaTerbuka` (the server process, src/server/index.ts): all `max` connections are opened before
 * this returns and never closed for being idle (pg-pool `min: max`), so a burst of pushes after a
 * quiet spell (a rakor hall at the start of its last hour) does not first wait for new PostgreSQL
 * backends — each a process fork, an authentication and cold catalog caches. Measured with
 * tests/bench/kunci-http.ts (2026-12-01, 50 tablets whose first pushes start at one instant, four
 * pairs of runs at load 3–4, JAGA_TERBUKA=0 against the default): p95 of all pushes 0.59–0.77 s
 * → 0.43–0.62 s, lower in every pair; the first push of the burst answered ~250 ms after it began
 * instead of ~350 ms. Costs `max` idle backends (a few MB each). Kept connections send TCP keepalive
 * probes after a minute idle (see below).
 * A connection the database drops (a PostgreSQL restart, an administrator's pg_terminate_backend)
 * is opened again in the background, after 1 s and then with a doubling pause up to 30 s while the
 * database cannot be reached; `peringatan` (the server's log) hears of each drop and failed attempt.
 * Without it (tests, tools) connections open on demand and close after 10 s idle (pg-pool default).
 * `idleMs`: that idle timeout (tests). Throws (pg's error) when a connection cannot be opened.
 *
 * A connection that breaks while a transaction holds it (same causes) fails that transaction's
 * statement and is thrown away; it never takes the process down (pg emits an `error` event on a
 * checked-out client, which without a listener is an uncaught exception).
 */
export async function bukaPostgres(
  url: string,
  opsi: {
    schema?: string;
    max?: number;
    aplikasi?: string;
    pullParalel?: number;
    jagaTerbuka?: boolean;
    idleMs?: number;
    peringatan?: (pesan: string) => void;
  } = {},
): Promise<Db> {
  const max = opsi.max ?? PG_POOL_MAX_BAWAAN;
  const pool = new pg.Pool({
    connectionString: url,
    max,
    // TCP keepalive on connections kept idle: a firewall or NAT between the server and a PostgreSQL on
    // another host forgets an idle connection (often after an hour), and the next statement on it
    // would hang until TCP gives up; the probes keep it known, and a dead one is dropped early.
    ...(opsi.jagaTerbuka ? { min: max, keepAlive: true, keepAliveInitialDelayMillis: 60_000 } : {}),
    ...(opsi.idleMs !== undefined ? { idleTimeoutMillis: opsi.idleMs } : {}),
    // Named, so `npm run restore` can see that a server is still connected (src/server/cadangan.ts).
    application_name: opsi.aplikasi ?? 'pantau-kinerja',
    ...(opsi.schema ? { options: `-c search_path=${opsi.schema}` } : {}),
  });
  pool.on('error', () => undefined); // an idle client dropped by the server is removed (and opened again below)
  let berakhir = false;
  if (opsi.jagaTerbuka) {
    // All at once (each connect() takes a new connection while fewer than `max` are open), then released.
    const klien = await Promise.allSettled(Array.from({ length: max }, () => pool.connect()));
    for (const k of klien) if (k.status === 'fulfilled') k.value.release();
    const gagal = klien.find((k): k is PromiseRejectedResult => k.status === 'rejected');
    if (gagal) {
      await pool.end();
      throw gagal.reason;
    }
    pool.on('remove', () => berakhir || isiKembali(pool, max, () => berakhir, opsi.peringatan));
  }
  const massal = new Semafor(Math.max(1, Math.min(opsi.pullParalel ?? PULL_PARALEL_BAWAAN, max - 1)));
  return {
    bacaMassal: (fn) => massal.jalankan(fn),
    kind: 'postgres',
    query: async <R extends Row>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as R[],
    async transaction<T>(fn: (tx: Kueri) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      // pg-pool listens for a client's errors only while it is idle: a connection dropped now would
      // emit an 'error' nobody hears (an uncaught exception). Its statement fails on its own.
      let putus: Error | null = null;
      const diPutus = (e: Error) => (putus = e);
      client.on('error', diPutus);
      // BEGIN goes with the first statement (`mulaiDengan`); settled once the transaction is open.
      let mulai: Promise<void> | null = null;
      try {
        const hasil = await fn({
          query: async <R extends Row>(sql: string, params: unknown[] = []) => {
            if (mulai) {
              await mulai;
              return (await client.query(sql, params)).rows as R[];
            }
            const [awal, rows] = mulaiDengan(client, sql, params);
            mulai = awal;
            return (await rows) as R[];
          },
        });
        if (mulai) await client.query('COMMIT');
        return hasil;
      } catch (e) {
        if (mulai) await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.off('error', diPutus);
        // A broken connection is destroyed, not put back.
        client.release(putus ?? undefined);
      }
    },
    close: () => {
      berakhir = true;
      return pool.end();
    },
    statistikPool: () => ({ total: pool.totalCount, idle: pool.idleCount, menunggu: pool.waitingCount }),
  };
}

/** One refill per pool at a time (see `isiKembali`). */
const pengisian = new WeakSet<pg.Pool>();

/**
 * Opens the connections a kept-open pool (`jagaTerbuka`) lost, up to `max`: 1 s after the loss, then
 * with a doubling pause up to 30 s while the database cannot be reached. The timers do not keep the
 * process alive; a closed pool (`berakhir`) stops it.
 */
function isiKembali(pool: pg.Pool, max: number, berakhir: () => boolean, peringatan?: (pesan: string) => void): void {
  if (pengisian.has(pool)) return;
  pengisian.add(pool);
  peringatan?.(`Koneksi ke PostgreSQL terputus (${pool.totalCount} dari ${max} tersisa); dibuka kembali`);
  const coba = (jeda: number) =>
    setTimeout(() => {
      if (berakhir()) return void pengisian.delete(pool);
      // connect() hands out idle connections first: take those too, so the rest are new ones.
      const minta = pool.idleCount + Math.max(0, max - pool.totalCount);
      void Promise.allSettled(Array.from({ length: minta }, () => pool.connect())).then((hasil) => {
        for (const h of hasil) if (h.status === 'fulfilled') h.value.release();
        const gagal = hasil.find((h): h is PromiseRejectedResult => h.status === 'rejected');
        if (berakhir()) return void pengisian.delete(pool);
        // Lost again meanwhile (its 'remove' came while this ran): once more.
        if (!gagal) return void (pool.totalCount < max ? coba(1000) : pengisian.delete(pool));
        const lagi = Math.min(jeda * 2, 30_000);
        peringatan?.(
          `Belum dapat membuka koneksi ke PostgreSQL (${String((gagal.reason as Error)?.message ?? gagal.reason)}); dicoba lagi dalam ${lagi / 1000} detik`,
        );
        coba(lagi);
      });
    }, jeda).unref();
  coba(1000);
}

const BEGIN = 'BEGIN ISOLATION LEVEL READ COMMITTED';

/**
 * A transaction's first statement with its BEGIN (issue 17 §3: each round trip of a push counts
 * on a busy server). A statement without parameters goes in the same simple query as BEGIN: one
 * round trip (a statement that opens a transaction often embeds its values as literals for this).
 * One with parameters waits for BEGIN, as before. Returns the opening (resolved once BEGIN ran;
 * later statements wait for it, so statements issued at once keep their order) and the rows.
 */
function mulaiDengan(client: pg.PoolClient, sql: string, params: unknown[]): [Promise<void>, Promise<Row[]>] {
  if (!params.length) {
    const r = client.query(`${BEGIN}; ${sql}`);
    // A failed statement still opened the transaction (aborted): the caller's ROLLBACK closes it.
    return [
      r.then(
        () => undefined,
        () => undefined,
      ),
      r.then((x) => ((Array.isArray(x) ? x.at(-1) : x) as pg.QueryResult).rows),
    ];
  }
  const awal = client.query(BEGIN).then(() => undefined);
  return [awal, awal.then(async () => (await client.query(sql, params)).rows)];
}

export interface Migrasi {
  versi: number;
  nama: string;
  sql: string;
}

export function daftarMigrasi(dir: string = DIR_MIGRASI): Migrasi[] {
  return readdirSync(dir)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ versi: Number(f.split('_')[0]), nama: f, sql: readFileSync(join(dir, f), 'utf8') }));
}

/**
 * Splits a migration file into statements at top-level semicolons. Semicolons inside quoted
 * strings ('…', "…"), dollar-quoted bodies ($$…$$, $tag$…$tag$) and comments (-- …, /* … *\/)
 * do not split, so a `DO $$ … $$` block or a function body stays whole. Comment-only pieces are
 * dropped. (pg runs several statements in one query; PGlite's parameterless query() does not.)
 */
export function pisahPernyataan(sql: string): string[] {
  const hasil: string[] = [];
  let awal = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === '-' && sql[i + 1] === '-') {
      const akhir = sql.indexOf('\n', i);
      i = akhir < 0 ? n : akhir + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const akhir = sql.indexOf('*/', i + 2);
      i = akhir < 0 ? n : akhir + 2;
    } else if (c === "'" || c === '"') {
      // A doubled quote inside is an escaped quote: skipping to the next quote and going on handles it.
      const akhir = sql.indexOf(c, i + 1);
      i = akhir < 0 ? n : akhir + 1;
    } else if (c === '$') {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (m) {
        const akhir = sql.indexOf(m[0], i + m[0].length);
        i = akhir < 0 ? n : akhir + m[0].length;
      } else i++;
    } else if (c === ';') {
      hasil.push(sql.slice(awal, i));
      i++;
      awal = i;
    } else i++;
  }
  hasil.push(sql.slice(awal));
  const tanpaKomentar = (s: string) => s.replace(/--[^\n]*|\/\*[\s\S]*?\*\//g, '').trim();
  return hasil.map((s) => s.trim()).filter((s) => tanpaKomentar(s).length > 0);
}

/** Versions of the migrations not applied yet (empty when the schema is current). */
export async function migrasiTertunda(db: Db, dir: string = DIR_MIGRASI): Promise<Migrasi[]> {
  const [ada] = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!ada?.t) return daftarMigrasi(dir);
  const sudah = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  return daftarMigrasi(dir).filter((m) => !sudah.has(m.versi));
}

/**
 * Applies every migration not applied yet, all of them in ONE transaction (docs/deployment.md
 * §"Pembaruan"): either the database moves to the newest schema or it stays exactly as it was.
 * Never destructive. Returns the newest applied version.
 */
export async function migrasi(db: Db, dir: string = DIR_MIGRASI): Promise<number> {
  return db.transaction(async (tx) => {
    await tx.query(
      `CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    // Two processes starting together: the second waits here, then finds nothing left to do.
    if (db.kind === 'postgres') await tx.query('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
    const sudah = new Set((await tx.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
    let terakhir = sudah.size ? Math.max(...sudah) : 0;
    for (const m of daftarMigrasi(dir)) {
      if (sudah.has(m.versi)) continue;
      for (const stmt of pisahPernyataan(m.sql)) await tx.query(stmt);
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.versi, m.nama]);
      terakhir = Math.max(terakhir, m.versi);
    }
    return terakhir;
  });
}

/** bigint columns come back as string (pg) or number (PGlite). */
export const angkaDb = (v: unknown): number => Number(v ?? 0);
