/**
 * One storage adapter, two engines (docs/architecture.md "Server"): PostgreSQL through `pg` when DATABASE_URL is set,
 * else embedded PGlite in DATA_DIR (or in memory for tests). Same SQL, same migrations.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
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
}

const DIR_MIGRASI = join(import.meta.dirname, 'migrations');

/** Serialises every statement on PGlite's single connection, so a read never lands inside another
 * caller's open transaction (PGlite would otherwise interleave them). */
class Antrean {
  #ekor: Promise<unknown> = Promise.resolve();
  jalankan<T>(kerja: () => Promise<T>): Promise<T> {
    const hasil = this.#ekor.then(kerja, kerja);
    this.#ekor = hasil.catch(() => undefined);
    return hasil;
  }
}

export async function bukaPglite(dataDir?: string): Promise<Db> {
  const pgl = dataDir ? new PGlite(dataDir) : new PGlite();
  await pgl.waitReady;
  const antrean = new Antrean();
  return {
    kind: 'pglite',
    query: <R extends Row>(sql: string, params: unknown[] = []) =>
      antrean.jalankan(async () => (await pgl.query<R>(sql, params)).rows),
    transaction: <T>(fn: (tx: Kueri) => Promise<T>) =>
      antrean.jalankan(() =>
        pgl.transaction(async (tx) =>
          fn({ query: async <R extends Row>(sql: string, params: unknown[] = []) => (await tx.query<R>(sql, params)).rows }),
        ),
      ),
    close: () => antrean.jalankan(() => pgl.close()),
  };
}

/** `schema`: every pooled connection gets `search_path=schema` (tests isolate themselves this way). */
export async function bukaPostgres(url: string, opsi: { schema?: string; max?: number } = {}): Promise<Db> {
  const pool = new pg.Pool({
    connectionString: url,
    max: opsi.max ?? 10,
    ...(opsi.schema ? { options: `-c search_path=${opsi.schema}` } : {}),
  });
  pool.on('error', () => undefined); // an idle client dropped by the server is replaced on next use
  return {
    kind: 'postgres',
    query: async <R extends Row>(sql: string, params: unknown[] = []) => (await pool.query(sql, params)).rows as R[],
    async transaction<T>(fn: (tx: Kueri) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
        const hasil = await fn({ query: async <R extends Row>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as R[] });
        await client.query('COMMIT');
        return hasil;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

export interface Migrasi {
  versi: number;
  nama: string;
  sql: string;
}

export function daftarMigrasi(): Migrasi[] {
  return readdirSync(DIR_MIGRASI)
    .filter((f) => /^\d+_.+\.sql$/.test(f))
    .sort()
    .map((f) => ({ versi: Number(f.split('_')[0]), nama: f, sql: readFileSync(join(DIR_MIGRASI, f), 'utf8') }));
}

/** Applies the migrations not applied yet, each in its own transaction. Never destructive. Returns the newest version. */
export async function migrasi(db: Db): Promise<number> {
  await db.query(`CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const sudah = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => Number(r.version)));
  let terakhir = sudah.size ? Math.max(...sudah) : 0;
  for (const m of daftarMigrasi()) {
    if (sudah.has(m.versi)) continue;
    await db.transaction(async (tx) => {
      // pg allows several statements in one unparameterised query; PGlite's query() does not, so split.
      for (const stmt of m.sql.split(/;\s*(?:\n|$)/).map((s) => s.replace(/^\s*--.*$/gm, '').trim()).filter(Boolean)) {
        await tx.query(stmt);
      }
      await tx.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.versi, m.nama]);
    });
    terakhir = Math.max(terakhir, m.versi);
  }
  return terakhir;
}

/** bigint columns come back as string (pg) or number (PGlite). */
export const angkaDb = (v: unknown): number => Number(v ?? 0);
