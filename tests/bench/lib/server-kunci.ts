/**
 * The server of `tests/bench/kunci-http.ts` (issue 17 §3: "200 tablets … do not wait on each
 * other"), in a process of its own as in production: createApp() on PostgreSQL (schema SCHEMA of
 * DATABASE_URL, pool POOL or the server's default), served by @hono/node-server on a free port.
 * Besides serving it measures what only the server can see and sends it to its parent over IPC
 * when asked ('selesai'): how long each push held the counter lock (from the statement that takes it, tests/bantu/penghitung.ts, to
 * the commit, as tests/bench/kunci-rev.ts), the pool's waiting callers sampled every 5 ms, the
 * process's CPU time and its event loop's utilisation, and each push's time inside the server (so a
 * push's latency seen by the tablet splits into the server's part and the rest: queues of the OS, the
 * network stack and the tablet's own event loop). Started with `--cpu-prof` when profiling.
 */
import { performance } from 'node:perf_hooks';
import { serve } from '@hono/node-server';
import { createApp } from '../../../src/server/app.ts';
import { bukaPostgres, migrasi, type Db, type Kueri } from '../../../src/server/db.ts';
import { siapkan } from '../../../src/server/setup.ts';
import { AMBIL_PENGHITUNG } from '../../bantu/penghitung.ts';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const SCHEMA = process.env.SCHEMA!;
const POOL = process.env.POOL ? Number(process.env.POOL) : undefined;

// Connections kept open as the server process keeps them (src/server/index.ts); JAGA_TERBUKA=0 opens them on demand.
const db = await bukaPostgres(URL, {
  schema: SCHEMA,
  max: POOL,
  pullParalel: process.env.PULL_PARALEL ? Number(process.env.PULL_PARALEL) : undefined,
  jagaTerbuka: process.env.JAGA_TERBUKA !== '0',
});
const versi = await migrasi(db);
await siapkan(db, { adminPassword: 'rahasia-admin-bench' });
const tahan: number[] = [];
/** Under the lock: time in statements after the one that took it, in JavaScript between them, and in the commit. */
const rincian = { kueri: [] as number[], js: [] as number[], commit: [] as number[] };
const dibungkus: Db = {
  ...db,
  kind: db.kind,
  query: db.query.bind(db),
  close: db.close.bind(db),
  transaction: <T>(fn: (tx: Kueri) => Promise<T>) => {
    let dikunci: number | null = null;
    let kueri = 0;
    let selesai = 0;
    return db
      .transaction(async (tx) => {
        const hasil = await fn({
          query: async <R extends Record<string, unknown>>(q: string, params?: unknown[]) => {
            const a = performance.now();
            const r = await tx.query<R>(q, params);
            if (dikunci !== null) kueri += performance.now() - a;
            if (dikunci === null && AMBIL_PENGHITUNG.test(q)) dikunci = performance.now();
            return r;
          },
        });
        selesai = performance.now();
        return hasil;
      })
      .finally(() => {
        if (dikunci === null) return;
        const akhir = performance.now();
        tahan.push(akhir - dikunci);
        rincian.kueri.push(kueri);
        rincian.commit.push(akhir - selesai);
        rincian.js.push(selesai - dikunci - kueri);
      });
  },
};
const app = createApp({ db: dibungkus, migrasi: versi });
/** Each push's time inside the server: from the request reaching Hono to its answer being ready (before it is written). */
const pushServer: number[] = [];
const layani = async (req: Request, env: unknown): Promise<Response> => {
  if (req.method !== 'POST' || !req.url.endsWith('/api/v1/sync/push')) return app.fetch(req, env);
  const a = performance.now();
  const res = await app.fetch(req, env);
  pushServer.push(performance.now() - a);
  return res;
};
const server = serve({ fetch: layani, port: 0, hostname: '127.0.0.1' }, (info) => process.send!({ jenis: 'port', port: info.port }));

let menunggu: number[] = [];
let sampel: NodeJS.Timeout | null = null;
let cpu0 = process.cpuUsage();
let elu0 = performance.eventLoopUtilization();
let t0 = performance.now();
process.on('message', (m: { jenis: string }) => {
  if (m.jenis === 'mulai') {
    tahan.length = 0;
    pushServer.length = 0;
    for (const xs of Object.values(rincian)) xs.length = 0;
    menunggu = [];
    cpu0 = process.cpuUsage();
    elu0 = performance.eventLoopUtilization();
    t0 = performance.now();
    sampel = setInterval(() => menunggu.push(db.statistikPool!().menunggu), 5);
  } else if (m.jenis === 'selesai') {
    if (sampel) clearInterval(sampel);
    const cpu = process.cpuUsage(cpu0);
    const dinding = performance.now() - t0;
    process.send!(
      {
        jenis: 'statistik',
        tahan,
        pushServer,
        rincian,
        menunggu,
        cpuPersen: ((cpu.user + cpu.system) / 1000 / dinding) * 100,
        elu: performance.eventLoopUtilization(elu0).utilization,
        pool: db.statistikPool!(),
      },
      () => {
        server.close();
        // Ends normally (not process.exit) so that --cpu-prof writes its profile.
        void db.close().finally(() => process.disconnect());
      },
    );
  }
});
