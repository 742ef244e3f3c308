/**
 * The real server for the benchmarks that need one: the e2e harness's `mulaiServer` (the CLI
 * `node --import tsx src/server/index.ts`, PGlite in a temporary DATA_DIR, a free port), serving
 * the build from ensureDist(). Benchmarks check `serverAvailable()` first and print a SKIP line
 * while the server does not exist yet.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { mulaiServer, type ServerE2e } from '../../e2e/harness.ts';
import { ROOT } from './bench.ts';
import { ensureDist } from './dist.ts';

export const serverAvailable = () => existsSync(join(ROOT, 'src/server/index.ts'));
export const SKIP_SERVER = 'server not available (src/server/index.ts does not exist yet)';

export const DEMO_PASSWORD = 'demo12345';

/** `kali`: the demo data's scale K (buatDemo, issue 17 §7), with `demo` only. */
export async function startServer(opts: { demo?: boolean; kali?: number; databaseUrl?: string }, log: (m: string) => void): Promise<ServerE2e> {
  const dist = ensureDist(log);
  // The harness passes process.env on to the server; DIST_DIR points it at the build measured here.
  process.env.DIST_DIR = dist.dir;
  const t0 = Date.now();
  const srv = await mulaiServer(opts);
  log(
    `server ${opts.demo ? `--demo${opts.kali && opts.kali > 1 ? ` --kali ${opts.kali}` : ''} ` : ''}${opts.databaseUrl ? 'on PostgreSQL ' : ''}ready at ${srv.url} in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
  );
  return srv;
}

export async function login(url: string, username: string, password: string): Promise<{ token: string; user: { id: string } }> {
  const r = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!r.ok) throw new Error(`login ${username}: HTTP ${r.status} ${await r.text()}`);
  return (await r.json()) as { token: string; user: { id: string } };
}

export async function serverRev(url: string): Promise<number> {
  const r = await fetch(`${url}/api/v1/health`);
  if (!r.ok) throw new Error(`health: HTTP ${r.status}`);
  return ((await r.json()) as { rev: number }).rev;
}

export interface PulledChange {
  table: string;
  key: string;
  rev: number;
  deleted: boolean;
  record: Record<string, unknown> | null;
}

/** Every change on the server, paged through /sync/pull as the client does. */
export async function pullAll(url: string, token: string, limit = 1000): Promise<PulledChange[]> {
  const out: PulledChange[] = [];
  let since = 0;
  for (;;) {
    const r = await fetch(`${url}/api/v1/sync/pull?since=${since}&limit=${limit}`, { headers: { authorization: `Bearer ${token}` } });
    if (!r.ok) throw new Error(`pull: HTTP ${r.status}`);
    const body = (await r.json()) as { changes: PulledChange[]; next: number; more: boolean };
    out.push(...body.changes);
    if (!body.more || body.next <= since) return out;
    since = body.next;
  }
}

/** The pulled changes as the client stores them (db/tarik.ts terapkanHalaman), grouped per table. */
export function asStored(changes: readonly PulledChange[]): Record<string, Record<string, unknown>[]> {
  const t: Record<string, Record<string, unknown>[]> = {};
  for (const c of changes) if (c.record) (t[c.table] ??= []).push({ ...c.record, id: c.key, rev: c.rev, deleted: c.deleted });
  return t;
}

/** Signs in through the login form (labels "Nama pengguna" / "Kata sandi"); resolves at the click. */
export async function submitLogin(page: Page, url: string, username: string, password: string): Promise<void> {
  await page.goto(url);
  await page.getByLabel(/nama pengguna/i).fill(username);
  await page.getByLabel(/kata sandi/i).fill(password);
  await page.getByRole('button', { name: /^masuk$/i }).click();
}

/**
 * Waits until the browser's local database has pulled up to `rev` (its pull cursor, meta
 * `pullRev`, written in the same transaction as the last page), reading IndexedDB directly.
 * Polled from node: page.waitForFunction does not await an async predicate (a Promise is truthy).
 */
export async function waitForPullCursor(page: Page, rev: number, timeout = 120_000, pollMs = 50): Promise<void> {
  const until = Date.now() + timeout;
  for (;;) {
    const cursor = await page
      .evaluate(async () => {
        const dbs = await indexedDB.databases();
        const name = dbs.map((d) => d.name ?? '').find((n) => n.startsWith('pantau-kinerja-'));
        if (!name) return -1;
        const db = await new Promise<IDBDatabase>((ok, fail) => {
          const r = indexedDB.open(name);
          r.onsuccess = () => ok(r.result);
          r.onerror = () => fail(r.error);
        });
        try {
          if (!db.objectStoreNames.contains('meta')) return -1;
          return await new Promise<number>((ok) => {
            const q = db.transaction('meta').objectStore('meta').get('pullRev');
            q.onsuccess = () => {
              const v = (q.result as { value?: unknown } | undefined)?.value;
              ok(typeof v === 'number' ? v : -1);
            };
            q.onerror = () => ok(-1);
          });
        } finally {
          db.close();
        }
      })
      .catch(() => -1); // the page may be navigating (sign-in)
    if (cursor >= rev) return;
    if (Date.now() > until) throw new Error(`local pull cursor ${cursor} did not reach rev ${rev} within ${timeout / 1000} s`);
    await new Promise((ok) => setTimeout(ok, pollMs));
  }
}

/**
 * Waits for the engine's `pantau:tarik-selesai` User Timing mark (src/sync/engine.ts
 * TANDA_TARIK_SELESAI) with a cursor at or past `rev`, polling the page's performance timeline (no
 * IndexedDB read, so nothing queues between the pull's page transactions). Returns the mark's time
 * (ms since the epoch, the page's clock).
 */
export async function waitForPullMark(page: Page, rev: number, timeout = 120_000, pollMs = 50): Promise<number> {
  const until = Date.now() + timeout;
  for (;;) {
    const t = await page
      .evaluate((r) => {
        const m = performance.getEntriesByName('pantau:tarik-selesai').at(-1) as PerformanceMark | undefined;
        const kursor = (m?.detail as { kursor?: unknown } | null | undefined)?.kursor;
        return m && typeof kursor === 'number' && kursor >= r ? performance.timeOrigin + m.startTime : null;
      }, rev)
      .catch(() => null); // the page may be navigating (sign-in)
    if (t !== null) return t;
    if (Date.now() > until) throw new Error(`no pull end mark with a cursor at rev ${rev} within ${timeout / 1000} s`);
    await new Promise((ok) => setTimeout(ok, pollMs));
  }
}

/**
 * A fresh, empty PostgreSQL database beside DATABASE_URL's (default postgres://postgres@127.0.0.1:5432/test)
 * for a server a bench starts on PostgreSQL; `hapus` drops it. Null (with the reason) when PostgreSQL
 * cannot be reached: the bench then measures on PGlite and says so.
 */
export async function databasePostgresBaru(): Promise<{ url: string; hapus(): Promise<void> } | { alasan: string }> {
  const { default: pg } = await import('pg');
  const dasar = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test');
  const nama = `bench_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: dasar.toString(), connectionTimeoutMillis: 3000 });
  try {
    await admin.connect();
    await admin.query(`CREATE DATABASE ${nama}`);
  } catch (e) {
    await admin.end().catch(() => undefined);
    return { alasan: (e as Error).message };
  }
  const url = new URL(dasar.toString());
  url.pathname = `/${nama}`;
  return {
    url: url.toString(),
    async hapus() {
      await admin.query(`DROP DATABASE IF EXISTS ${nama} WITH (FORCE)`).catch(() => undefined);
      await admin.end().catch(() => undefined);
    },
  };
}
