/**
 * How long a push holds the pemda-wide counter lock (the `sync_state` row; issue 17 §3), on
 * PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test): TABLET clients push
 * batches of BATCH new realisasi at once through createApp() + app.request() (no socket), into a
 * fresh schema. The store's transactions are wrapped to time, per push, the span from the moment
 * the statement that takes it (tests/bantu/penghitung.ts) returns to the end of the transaction (the commit). Prints p50/p95 of that
 * span and of the whole push, and pushes per second. Run: `npx tsx tests/bench/kunci-rev.ts`.
 * RTT_MS (default 0) adds that much delay to every statement of a push transaction, as a database
 * on another host would (on loopback a round trip costs ~0.1 ms, and a busy event loop dominates).
 * POOL (default 10, the server's own pool size) is the connection pool. TARIK=1 makes each tablet
 * pull after every push, from its cursor, as the sync engine does (issue 17 §3: "50 tablets pushing
 * and pulling at once"); the verdict line compares push p95 with the budgets (≤ 300 ms at
 * 50 tablets, ≤ 1 s at 200). E.g. `TABLET=200 TARIK=1 npx tsx tests/bench/kunci-rev.ts`.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createApp } from '../../src/server/app.ts';
import { bukaPostgres, migrasi, type Db, type Kueri } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { AMBIL_PENGHITUNG } from '../bantu/penghitung.ts';

const URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TABLET = Number(process.env.TABLET ?? 20);
const PUTARAN = Number(process.env.PUTARAN ?? 15);
const BATCH = Number(process.env.BATCH ?? 20);
const RTT_MS = Number(process.env.RTT_MS ?? 0);
const POOL = Number(process.env.POOL ?? 10);
const TARIK = process.env.TARIK === '1';
const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };

const persen = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;

async function main(): Promise<void> {
  const schema = `bench_kunci_${randomUUID().slice(0, 8)}`;
  const admin = new pg.Client({ connectionString: URL });
  await admin.connect();
  await admin.query(`CREATE SCHEMA ${schema}`);
  const db = await bukaPostgres(URL, { schema, max: POOL });
  try {
    const versi = await migrasi(db);
    await siapkan(db, { adminPassword: 'rahasia-admin-bench' });
    const tahan: number[] = [];
    const dibungkus: Db = {
      ...db,
      kind: db.kind,
      query: db.query.bind(db),
      close: db.close.bind(db),
      transaction: <T>(fn: (tx: Kueri) => Promise<T>) => {
        let dikunci: number | null = null;
        return db
          .transaction((tx) =>
            fn({
              query: async <R extends Record<string, unknown>>(q: string, params?: unknown[]) => {
                if (RTT_MS > 0) await new Promise((res) => setTimeout(res, RTT_MS));
                const r = await tx.query<R>(q, params);
                if (dikunci === null && AMBIL_PENGHITUNG.test(q)) dikunci = performance.now();
                return r;
              },
            }),
          )
          .finally(() => {
            if (dikunci !== null) tahan.push(performance.now() - dikunci);
          });
      },
    };
    const app = createApp({ db: dibungkus, migrasi: versi });
    const login = await app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: 'rahasia-admin-bench' }),
    });
    const { token } = (await login.json()) as { token: string };
    const kirim = async (clientId: string, seq: number, mutations: unknown[]) => {
      const res = await app.request('/api/v1/sync/push', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({
          clientId,
          schemaVersion: SCHEMA_VERSION,
          mutations: mutations.map((m, i) => ({ ...(m as object), seq: seq + i, baseRev: 0, at: '2027-01-01T00:00:00Z' })),
        }),
      });
      if (res.status !== 200) throw new Error(`push ${res.status} ${await res.text()}`);
      return (await res.json()) as { results: { status: string }[] };
    };
    // One OPD tree with an indikator per tablet × round.
    const opdId = randomUUID();
    const pkId = randomUUID();
    const sasaranId = randomUUID();
    await kirim(randomUUID(), 1, [
      { table: 'opd', key: opdId, op: 'put', fields: { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT } },
      {
        table: 'pk',
        key: pkId,
        op: 'put',
        fields: { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT },
      },
      { table: 'sasaran', key: sasaranId, op: 'put', fields: { pkId, opdId, uraian: 'Meningkatnya derajat kesehatan' } },
    ]);
    const indikator = Array.from({ length: Math.ceil((TABLET * PUTARAN * BATCH) / 4) }, () => randomUUID());
    const awalIndikator = randomUUID();
    for (let i = 0; i < indikator.length; i += 200) {
      await kirim(
        awalIndikator,
        i + 1,
        indikator.slice(i, i + 200).map((id) => ({
          table: 'indikator',
          key: id,
          op: 'put',
          fields: { sasaranId, pkId, opdId, uraian: 'Cakupan', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 95 },
        })),
      );
    }
    const realisasi = indikator.flatMap((indikatorId) =>
      (['TW1', 'TW2', 'TW3', 'TW4'] as const).map((periode) => ({
        table: 'realisasi',
        key: idAlami.realisasi(indikatorId, periode),
        op: 'put',
        fields: { indikatorId, opdId, tahun: 2027, periode, nilai: 50 },
      })),
    );
    tahan.length = 0;
    const lama: number[] = [];
    const lamaTarik: number[] = [];
    const tarik = async (since: number): Promise<number> => {
      let s = since;
      for (;;) {
        const res = await app.request(`/api/v1/sync/pull?since=${s}&limit=1000`, { headers: { Authorization: `Bearer ${token}` } });
        if (res.status !== 200) throw new Error(`pull ${res.status} ${await res.text()}`);
        const j = (await res.json()) as { next: number; more: boolean };
        s = j.next;
        if (!j.more) return s;
      }
    };
    const revAwal = Number((await db.query('SELECT rev FROM sync_state WHERE id = 1'))[0]?.rev ?? 0);
    const mulai = performance.now();
    await Promise.all(
      Array.from({ length: TABLET }, async (_, t) => {
        const clientId = randomUUID();
        let kursor = revAwal;
        for (let p = 0; p < PUTARAN; p++) {
          const awal = (t * PUTARAN + p) * BATCH;
          const t0 = performance.now();
          const h = await kirim(clientId, p * BATCH + 1, realisasi.slice(awal, awal + BATCH));
          lama.push(performance.now() - t0);
          if (h.results.some((r) => r.status !== 'applied')) throw new Error('push tidak diterapkan');
          if (TARIK) {
            const t1 = performance.now();
            kursor = await tarik(kursor);
            lamaTarik.push(performance.now() - t1);
          }
        }
      }),
    );
    const detik = (performance.now() - mulai) / 1000;
    const f = (x: number) => x.toFixed(1);
    console.log(
      `kunci-rev (RTT ${RTT_MS} ms, pool ${POOL}${TARIK ? ', push + pull' : ''}): ${TABLET} tablet × ${PUTARAN} push × ${BATCH} realisasi baru; kunci ditahan p50 ${f(persen(tahan, 50))} ms, p95 ${f(persen(tahan, 95))} ms; ` +
        `push p50 ${f(persen(lama, 50))} ms, p95 ${f(persen(lama, 95))} ms; ${f(lama.length / detik)} push/s` +
        (TARIK ? `; pull p50 ${f(persen(lamaTarik, 50))} ms, p95 ${f(persen(lamaTarik, 95))} ms` : ''),
    );
    // Issue 17 budgets: 50 tablets p95 ≤ 300 ms, 200 tablets p95 ≤ 1 s (PostgreSQL).
    const batas = TABLET >= 200 ? 1000 : TABLET >= 50 ? 300 : null;
    if (batas !== null)
      console.log(`${persen(lama, 95) <= batas ? 'PASS' : 'FAIL'} push p95 ${f(persen(lama, 95))} ms (budget ≤ ${batas} ms at ${TABLET} tablets)`);
  } finally {
    await db.close();
    await admin.query(`DROP SCHEMA ${schema} CASCADE`);
    await admin.end();
  }
}

await main();
