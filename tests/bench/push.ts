/**
 * Push throughput into PostgreSQL: 1,000 and 10,000 realisasi mutations in batches of 200 (the
 * client's batch size), gzip-compressed as the client sends them, through createApp() +
 * app.request() (no socket), into a fresh schema that already holds the demo kabupaten. Compared
 * with the physical limit: a raw multi-row INSERT of the same rows (same columns, JSON and
 * indexes) into an equivalent table in the same database, also 200 rows per statement.
 * Budget: push ≥ 30 % of raw. Each mutation creates a record (admin, so no parent lookups). Both
 * sides are the best of three alternated runs (until 2026-11-30 the push was one run against the
 * raw INSERT's best of three, so the push alone paid for the first runs after the warm-up).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { v5 as uuidv5 } from 'uuid';
import { buatDemo } from '../../src/demo/generate.ts';
import { idAlami, idBaru, realisasiSchema, SERVER_FIELDS, type NamaTabel } from '../../src/domain/schemas.ts';
import { MAKS_MUTASI_PER_PUSH, SCHEMA_VERSION, type Mutation, type PushRequest } from '../../src/shared/protocol.ts';
import { atLeast, ROOT, round, type Benchmark } from './lib/bench.ts';
import { dbBench } from './lib/pg.ts';

const SIZES = [1_000, 10_000];
const BATCH = MAKS_MUTASI_PER_PUSH; // 200
const NS = '6f1d2c3b-4a59-4e8d-9c7b-0a1b2c3d4e5f';

const bench: Benchmark = {
  name: 'push',
  title: 'push 1,000 and 10,000 mutations to PostgreSQL vs raw multi-row INSERT',
  // Issue 17 §7: into the demo data × K; budget ≥ 30 % of raw INSERT at every K.
  scaled: true,
  async run(ctx) {
    if (!existsSync(join(ROOT, 'src/server/app.ts'))) return ctx.skip('push to PostgreSQL', 'server not available (src/server/app.ts does not exist yet)');
    const d = await dbBench('bench', { wajibPg: true });
    if ('alasan' in d) return ctx.skip('push to PostgreSQL', d.alasan);
    const { db, schema } = d;

    const { createApp } = await import('../../src/server/app.ts');
    const { SyncStore } = await import('../../src/server/sync.store.ts');
    const { buatUser, hashPassword } = await import('../../src/server/auth.ts');

    try {
      const demo = buatDemo({ kali: ctx.kali });
      const t0 = Date.now();
      await new SyncStore(db).muat(demo as unknown as Partial<Record<NamaTabel, Record<string, unknown>[]>>);
      ctx.log(`schema ${schema}: migrated, demo kabupaten loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const password = 'bench-admin-rahasia';
      await buatUser(db, { username: 'admin', nama: 'Admin', role: 'admin', opdId: null, passwordHash: await hashPassword(password) });
      const app = createApp({ db });
      const res = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      if (!res.ok) throw new Error(`login: HTTP ${res.status} ${await res.text()}`);
      const { token } = (await res.json()) as { token: string };
      // The equivalent table for the raw INSERT: same columns, keys, indexes and starting rows.
      await db.query('CREATE TABLE records_raw (LIKE records INCLUDING ALL)');
      // (records.ukuran is generated, in both tables: named columns, it is computed on insert.)
      await db.query('INSERT INTO records_raw (tbl, id, rev, deleted, data, field_revs) SELECT tbl, id, rev, deleted, data, field_revs FROM records');
      await db.query('ANALYZE records');
      await db.query('ANALYZE records_raw');

      const opd = demo.opd.filter((o) => o.jenis !== 'kepala-daerah');
      const nowIso = new Date().toISOString();
      let rev = Number((await db.query('SELECT rev FROM sync_state WHERE id = 1'))[0]?.rev ?? 0);

      /** `n` new realisasi as the client's outbox holds them, plus the rows the server will write. */
      function workload(tag: string, n: number, clientId: string) {
        const mutations: Mutation[] = [];
        const rows: unknown[][] = [];
        for (let i = 0; i < n; i++) {
          const indikatorId = uuidv5(`bench:${tag}:${i}`, NS);
          const key = idAlami.realisasi(indikatorId, 'TW3');
          const rec = realisasiSchema.parse({
            id: key,
            rev: 0,
            updatedAt: nowIso,
            updatedBy: 'admin',
            deleted: false,
            indikatorId,
            opdId: opd[i % opd.length]!.id,
            tahun: 2026,
            periode: 'TW3',
            nilai: Math.round(Math.random() * 10_000) / 100,
            catatan: '',
            masalah: i % 3 === 0 ? 'Keterlambatan proses pengadaan barang/jasa' : '',
            solusi: i % 3 === 0 ? 'Percepatan tender melalui koordinasi dengan UKPBJ' : '',
          }) as Record<string, unknown>;
          const fields = Object.fromEntries(Object.entries(rec).filter(([k]) => !(SERVER_FIELDS as readonly string[]).includes(k)));
          mutations.push({ id: idBaru(), seq: i + 1, table: 'realisasi', key, op: 'put', fields, baseRev: 0, at: nowIso });
          rev++;
          const meta = { rev, client: clientId, oleh: 'admin' };
          rows.push([
            'realisasi',
            key,
            rev,
            false,
            JSON.stringify({ ...rec, rev }),
            JSON.stringify(Object.fromEntries(Object.keys(fields).map((f) => [f, meta]))),
          ]);
        }
        return { mutations, rows };
      }

      async function push(tag: string, n: number): Promise<number> {
        const clientId = idBaru();
        const { mutations } = workload(tag, n, clientId);
        // Bodies prepared up front, gzip-compressed as the client does above 1 KB: the server's work is timed.
        const bodies: Uint8Array<ArrayBuffer>[] = [];
        for (let i = 0; i < n; i += BATCH) {
          const req: PushRequest = { clientId, schemaVersion: SCHEMA_VERSION, mutations: mutations.slice(i, i + BATCH) };
          bodies.push(new Uint8Array(gzipSync(JSON.stringify(req))));
        }
        const headers = { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${token}` };
        const t = performance.now();
        for (const body of bodies) {
          const r = await app.request('/api/v1/sync/push', { method: 'POST', headers, body });
          if (!r.ok) throw new Error(`push: HTTP ${r.status} ${await r.text()}`);
          const out = (await r.json()) as { results: { status: string; reason?: string }[] };
          const bad = out.results.find((x) => x.status !== 'applied');
          if (bad) throw new Error(`push: mutation ${bad.status}${bad.reason ? `: ${bad.reason}` : ''}`);
        }
        return (performance.now() - t) / 1000;
      }

      async function raw(tag: string, n: number): Promise<number> {
        const { rows } = workload(`raw:${tag}`, n, idBaru());
        const t = performance.now();
        for (let i = 0; i < rows.length; i += BATCH) {
          const chunk = rows.slice(i, i + BATCH);
          const values = chunk
            .map((_, r) => `($${r * 6 + 1}, $${r * 6 + 2}, $${r * 6 + 3}, $${r * 6 + 4}, $${r * 6 + 5}::jsonb, $${r * 6 + 6}::jsonb)`)
            .join(', ');
          await db.query(`INSERT INTO records_raw (tbl, id, rev, deleted, data, field_revs) VALUES ${values}`, chunk.flat());
        }
        return (performance.now() - t) / 1000;
      }

      // Warm-up (JIT, connection pool, plan cache), not counted.
      await push('warm', BATCH);
      await raw('warm', BATCH);

      for (const n of SIZES) {
        // Each side is the best of three runs (a busy machine only ever makes a run slower), each run
        // new rows from a new client; alternated, so neither side gets the quieter moments.
        const rawRuns: number[] = [];
        const pushRuns: number[] = [];
        for (const k of ['a', 'b', 'c']) {
          rawRuns.push(await raw(`${n}:${k}`, n));
          pushRuns.push(await push(`${n}:${k}`, n));
        }
        const rawS = Math.min(...rawRuns);
        const pushS = Math.min(...pushRuns);
        const pushRate = n / pushS;
        const rawRate = n / rawS;
        const label = n.toLocaleString('en-US');
        ctx.line({
          name: `push ${label} mutations`,
          value: Math.round(pushRate),
          unit: 'mutations/s',
          budget: null,
          note: `${round(pushS, 2)} s in ${Math.ceil(n / BATCH)} batches of ${BATCH} (best of 3: ${pushRuns.map((x) => round(x, 2)).join(', ')}); raw INSERT of the same rows ${round(rawS, 2)} s = ${Math.round(rawRate)} rows/s (best of 3)`,
          detail: { n, pushS, pushRuns, rawRuns },
        });
        ctx.line({ name: `push ${label} vs raw INSERT`, value: round((100 * pushRate) / rawRate, 1), unit: '%', budget: atLeast(30) });
      }
      const [count] = await db.query<{ pushed: string; raw: string }>(
        `SELECT (SELECT count(*) FROM records WHERE tbl = 'realisasi') AS pushed, (SELECT count(*) FROM records_raw WHERE tbl = 'realisasi') AS raw`,
      );
      ctx.log(`realisasi rows after the run: ${count?.pushed} in records, ${count?.raw} in records_raw`);
    } finally {
      await d.tutup();
    }
  },
};
export default bench;
