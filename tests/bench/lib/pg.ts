/**
 * The database of the server-side benches (push, ringkasan, tarik-server): PostgreSQL at
 * DATABASE_URL (default the local test database) in a throwaway schema per run, or, where a bench
 * allows it, an in-memory PGlite when PostgreSQL does not answer.
 */
import pg from 'pg';
import type { Db } from '../../../src/server/db.ts';

export const URL_PG = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Why PostgreSQL at `url` cannot be used (its error message), or null when it answers a query (3 s at most to connect). */
export async function pgTakTerjangkau(url: string = URL_PG): Promise<string | null> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
    await c.query('SELECT 1');
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await c.end().catch(() => undefined);
  }
}

export interface DbBench {
  db: Db;
  /** PostgreSQL (else PGlite in memory). */
  pakaiPg: boolean;
  /** The throwaway schema on PostgreSQL. */
  schema: string | null;
  /** Closes the database and drops the schema. */
  tutup(): Promise<void>;
}

/**
 * A fresh, migrated database for one run: schema `<awalan>_<time>_<random>` of URL_PG with a pool of
 * `max` (default the server's), or PGlite in memory when PostgreSQL does not answer — unless
 * `wajibPg`, then the reason PostgreSQL cannot be used is returned instead.
 */
export async function dbBench(awalan: string, opsi: { max?: number; wajibPg?: boolean } = {}): Promise<DbBench | { alasan: string }> {
  const { bukaPglite, bukaPostgres, migrasi } = await import('../../../src/server/db.ts');
  const alasan = await pgTakTerjangkau();
  if (alasan && opsi.wajibPg) return { alasan: `PostgreSQL not reachable at ${URL_PG.replace(/\/\/[^@]*@/, '//')}: ${alasan}` };
  if (alasan) {
    const db = await bukaPglite();
    await migrasi(db);
    return { db, pakaiPg: false, schema: null, tutup: () => db.close() };
  }
  const schema = `${awalan}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: URL_PG });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await bukaPostgres(URL_PG, { schema, ...(opsi.max ? { max: opsi.max } : {}) });
  const tutup = async () => {
    await db.close().catch(() => undefined);
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`).catch(() => undefined);
    await admin.end().catch(() => undefined);
  };
  try {
    await migrasi(db);
  } catch (e) {
    await tutup();
    throw e;
  }
  return { db, pakaiPg: true, schema, tutup };
}
