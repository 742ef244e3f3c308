/**
 * A new tablet's first sync, server side (issue 17 §1/§2/§5): every pull page of the default history
 * scope (the current and previous year, `tahunMin`), read and built by `SyncStore.pull` from cursor 0
 * to the head, over the demo data × K on PostgreSQL (DATABASE_URL, default the local test database;
 * PGlite in memory when it is not reachable); pages of at most 2,500 records and 4 MiB, the app's
 * largest (src/sync/engine.ts). Median of five walks. Growth budget: at most K × the K = 1 time
 * + 10 %. The scope's year is the rows' `tahun` column (migrations/010_tahun_record.sql); before it,
 * each candidate indikator, sasaran and program detoasted its PK's whole jsonb: measured 2026-12-01
 * on PostgreSQL, K=4 582 → 339 ms, K=16 5.10 → 1.55 s for the same 17,690 / 35,316 records.
 */
import { performance } from 'node:perf_hooks';
import { buatDemo } from '../../src/demo/generate.ts';
import type { NamaTabel } from '../../src/domain/schemas.ts';
import { median, round, type Benchmark } from './lib/bench.ts';
import { dbBench } from './lib/pg.ts';

const JALAN = 5;
/** The demo's "now" (2026): the default scope holds 2025 and 2026. */
const TAHUN_MIN = 2025;

const bench: Benchmark = {
  name: 'tarik-server',
  title: "a new tablet's scoped first sync, server side: every pull page from 0 to the head",
  scaled: true,
  async run(ctx) {
    const { SyncStore } = await import('../../src/server/sync.store.ts');
    const d = await dbBench('bench_ts', { max: 2 });
    if ('alasan' in d) throw new Error(d.alasan);
    const { db, pakaiPg } = d;
    try {
      const demo = buatDemo({ kali: ctx.kali });
      const store = new SyncStore(db);
      await store.muat(demo as unknown as Partial<Record<NamaTabel, Record<string, unknown>[]>>);
      if (pakaiPg) await db.query('VACUUM ANALYZE records');
      const semua = Object.values(demo).reduce((n, xs) => n + xs.length, 0);
      const waktu: number[] = [];
      let records = 0;
      let halaman = 0;
      for (let j = 0; j < JALAN; j++) {
        const t0 = performance.now();
        let since = 0;
        records = 0;
        halaman = 0;
        for (;;) {
          const p = await store.pull(since, 2500, 4 * 1024 * 1024, { tahunMin: TAHUN_MIN, tahun: [] });
          records += p.changes.length;
          halaman++;
          since = p.next;
          if (!p.more) break;
        }
        waktu.push(performance.now() - t0);
      }
      const ms = median(waktu);
      ctx.line({
        name: 'scoped first sync, every page read and built',
        value: round(ms, 0),
        unit: 'ms',
        budget: null,
        growthBudget: 'linear',
        note: `${pakaiPg ? 'PostgreSQL' : 'PGlite'}; ${records} of ${semua} records in scope (tahunMin ${TAHUN_MIN}), ${halaman} pages; ${round(records / (ms / 1000), 0)} records/s; median of ${JALAN}: ${waktu.map((x) => round(x, 0)).join(', ')} ms`,
        detail: { waktu, records, semua, halaman },
      });
    } finally {
      await d.tutup();
    }
  },
};
export default bench;
