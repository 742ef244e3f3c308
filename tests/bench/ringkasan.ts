/**
 * GET /api/v1/ringkasan on the server (issue 17 §6): the rakor summary of TW III 2026 over the demo
 * data × K, through createApp() + app.request() (no socket), on PostgreSQL (DATABASE_URL, default
 * the local test database; PGlite in memory when it is not reachable). "after a push": the first
 * request after one 2026 realisasi changed (stamped with a new rev, as a push does: only the changed
 * rows are read and the summary computed again); "first for the year": a fresh server's first
 * request (the whole year read through the indexes); "warm": the same request again (remembered per
 * rev). Budget: ≤ 100 ms at K = 16 after a push, growing at most linearly with K. The old read of
 * every year is measured beside it for comparison.
 */
import { performance } from 'node:perf_hooks';
import { buatDemo } from '../../src/demo/generate.ts';
import { hitungRingkasan, type DataPemda } from '../../src/domain/ringkasan.ts';
import type { NamaTabel } from '../../src/domain/schemas.ts';
import { atMost, median, round, type Benchmark } from './lib/bench.ts';
import { dbBench } from './lib/pg.ts';

const RUNS = 15;

const bench: Benchmark = {
  name: 'ringkasan',
  title: 'GET /ringkasan (TW III 2026) on the server: cold after a change, warm, and the old full read',
  scaled: true,
  async run(ctx) {
    const { createApp } = await import('../../src/server/app.ts');
    const { SyncStore } = await import('../../src/server/sync.store.ts');
    const { TABEL_RINGKASAN } = await import('../../src/server/ringkasan.ts');
    const { buatUser, hashPassword } = await import('../../src/server/auth.ts');
    const d = await dbBench('bench_rk');
    if ('alasan' in d) throw new Error(d.alasan);
    const { db, pakaiPg } = d;
    try {
      const demo = buatDemo({ kali: ctx.kali });
      const jumlah = Object.values(demo).reduce((n, xs) => n + xs.length, 0);
      const t0 = Date.now();
      await new SyncStore(db).muat(demo as unknown as Partial<Record<NamaTabel, Record<string, unknown>[]>>);
      if (pakaiPg) await db.query('ANALYZE records');
      ctx.log(`${pakaiPg ? 'PostgreSQL' : 'PGlite'}: ${jumlah} records (K=${ctx.kali}) loaded in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await buatUser(db, { username: 'viewer', nama: 'Viewer', role: 'viewer', opdId: null, passwordHash: await hashPassword('bench-viewer-rahasia') });
      const app = createApp({ db });
      const login = await app.request('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'viewer', password: 'bench-viewer-rahasia' }),
      });
      const { token } = (await login.json()) as { token: string };
      const minta = async (a = app) => {
        const t = performance.now();
        const r = await a.request('/api/v1/ringkasan?tahun=2026&triwulan=3', { headers: { authorization: `Bearer ${token}`, 'accept-encoding': 'gzip' } });
        await r.arrayBuffer();
        if (!r.ok) throw new Error(`ringkasan: HTTP ${r.status}`);
        return performance.now() - t;
      };
      await minta(); // warm-up: JIT, plans
      const dingin: number[] = [];
      const hangat: number[] = [];
      const realisasi = await db.query<{ id: string }>(
        `SELECT id::text AS id FROM records WHERE tbl = 'realisasi' AND data->>'tahun' = '2026' AND data->>'periode' = 'TW3' AND data->>'nilai' IS NOT NULL LIMIT $1`,
        [RUNS],
      );
      for (let i = 0; i < RUNS; i++) {
        // One realisasi changed as a tablet's push changes it: new rev on the row and the counter.
        await db.transaction(async (tx) => {
          const [s] = await tx.query<{ rev: number }>('UPDATE sync_state SET rev = rev + 1 WHERE id = 1 RETURNING rev');
          await tx.query(`UPDATE records SET rev = $1, data = data || jsonb_build_object('nilai', $2::numeric) WHERE tbl = 'realisasi' AND id = $3::uuid`, [
            Number(s!.rev),
            i + 1,
            realisasi[i % realisasi.length]!.id,
          ]);
        });
        dingin.push(await minta());
        hangat.push(await minta());
      }
      // A fresh server's first request for the year: the whole year read through the indexes.
      const pertama: number[] = [];
      for (let i = 0; i < 5; i++) pertama.push(await minta(createApp({ db })));
      // The read GET /ringkasan did before issue 17 §6: every live record of every year.
      const penuh: number[] = [];
      for (let i = 0; i < Math.min(RUNS, 5); i++) {
        const t = performance.now();
        const semua = await new SyncStore(db).semua(TABEL_RINGKASAN);
        JSON.stringify(hitungRingkasan({ ...semua, pemda: semua.pemda?.[0] ?? null } as unknown as DataPemda, 2026, 3, new Date()));
        penuh.push(performance.now() - t);
      }
      const db_ = pakaiPg ? 'PostgreSQL' : 'PGlite (PostgreSQL not reachable)';
      ctx.line({
        name: 'GET /ringkasan after a push (changed rows only)',
        value: round(median(dingin), 1),
        unit: 'ms',
        budget: ctx.kali >= 16 ? atMost(100) : null,
        growthBudget: 'linear',
        note: `median of ${RUNS}; ${db_}; ${jumlah} records; budget ≤ 100 ms at K=16 (issue 17)`,
        detail: { ms: dingin },
      });
      ctx.line({
        name: 'GET /ringkasan, first for the year (whole year read)',
        value: round(median(pertama), 1),
        unit: 'ms',
        budget: null,
        note: 'median of 5 fresh servers',
        detail: { ms: pertama },
      });
      ctx.line({
        name: 'GET /ringkasan warm (same rev)',
        value: round(median(hangat), 2),
        unit: 'ms',
        budget: null,
        note: `median of ${RUNS}`,
        detail: { ms: hangat },
      });
      ctx.line({
        name: 'old full read + summary (all years)',
        value: round(median(penuh), 1),
        unit: 'ms',
        budget: null,
        note: 'for comparison: what GET /ringkasan did before (no HTTP, no compression)',
        detail: { ms: penuh },
      });
    } finally {
      await d.tutup();
    }
  },
};
export default bench;
