/**
 * The in-browser half of the benchmarks, bundled by tests/bench/lib/pages.ts and loaded either
 * into a blank bench page or injected into the running app's page. It only calls the project's
 * own modules (Dexie schema, report generators, sync client) and reports timings back.
 */
import { Dexie } from 'dexie';
import { PantauDB } from '../../../src/db/database.ts';
import { hitungRingkasan, type DataPemda } from '../../../src/domain/ringkasan.ts';
import { tanggalHariIni } from '../../../src/domain/periode.ts';
import { NAMA_TABEL, type Rakor } from '../../../src/domain/schemas.ts';
import { rakorSebelumnya } from '../../../src/reports/arahan.ts';
import { KlienSinkron } from '../../../src/sync/client.ts';
import { terapkanHalaman } from '../../../src/db/tarik.ts';
import type { Change, PushRequest } from '../../../src/shared/protocol.ts';

type Tables = Record<string, Record<string, unknown>[]>;

/** Raw Dexie bulkPut of every record into a fresh database with the app's schema: the physical limit of a pull. */
async function bulkPut(tables: Tables, name: string): Promise<{ ms: number; records: number }> {
  await Dexie.delete(name);
  const db = new PantauDB(name);
  await db.open();
  const names = Object.keys(tables).filter((t) => (tables[t] ?? []).length > 0);
  const records = names.reduce((n, t) => n + tables[t]!.length, 0);
  const t0 = performance.now();
  await db.transaction(
    'rw',
    names.map((t) => db.table(t)),
    async () => {
      for (const t of names) await db.table(t).bulkPut(tables[t]!);
    },
  );
  const ms = performance.now() - t0;
  db.close();
  await Dexie.delete(name);
  return { ms, records };
}

/** The app's own pull-apply step (db/tarik.ts) over the same pages, without the UI: isolates its cost. */
async function applyPages(pages: { changes: Change[]; next: number }[], name: string): Promise<{ ms: number; records: number }> {
  await Dexie.delete(name);
  const db = new PantauDB(name);
  await db.open();
  let records = 0;
  const t0 = performance.now();
  for (const p of pages) records += (await terapkanHalaman(db, p.changes, p.next)).diterapkan;
  const ms = performance.now() - t0;
  db.close();
  await Dexie.delete(name);
  return { ms, records };
}

/**
 * Issue 17 §7, like for like: exactly the records the app stored in its own database (every synced
 * table, read here in the page, so nothing large crosses from Node), then `runs` raw bulkPuts of
 * them into fresh databases with the same schema, and the app's apply step (db/tarik.ts) over the
 * same records as 1.000-record pages in rev order. Only the writes are timed.
 */
async function rawFromApp(runs: number): Promise<{
  records: number;
  jsonBytes: number;
  tables: Record<string, number>;
  bulkPutMs: number[];
  applyMs: number;
}> {
  const name = (await indexedDB.databases()).map((d) => d.name ?? '').find((n) => n.startsWith('pantau-kinerja-'));
  if (!name) throw new Error('the app has no database in this page');
  const src = new PantauDB(name);
  await src.open();
  const tables: Tables = {};
  const counts: Record<string, number> = {};
  let jsonBytes = 0;
  const enc = new TextEncoder();
  try {
    for (const t of NAMA_TABEL) {
      const rows = (await src.table(t).toArray()) as Record<string, unknown>[];
      if (!rows.length) continue;
      tables[t] = rows;
      counts[t] = rows.length;
      for (const r of rows) jsonBytes += enc.encode(JSON.stringify(r)).length;
    }
  } finally {
    src.close();
  }
  const bulkPutMs: number[] = [];
  let records = 0;
  for (let i = 0; i < runs; i++) {
    const r = await bulkPut(tables, `bench-raw-pull-${i}`);
    bulkPutMs.push(r.ms);
    records = r.records;
  }
  const changes: Change[] = Object.entries(tables)
    .flatMap(([table, rows]) => rows.map((r) => ({ table, key: r.id as string, rev: r.rev as number, deleted: r.deleted === true, record: r }) as Change))
    .sort((a, b) => a.rev - b.rev);
  const pages: { changes: Change[]; next: number }[] = [];
  for (let i = 0; i < changes.length; i += 1000) {
    const c = changes.slice(i, i + 1000);
    pages.push({ changes: c, next: c[c.length - 1]!.rev });
  }
  const apply = await applyPages(pages, 'bench-apply-pull');
  return { records, jsonBytes, tables: counts, bulkPutMs, applyMs: apply.ms };
}

/**
 * The rakor summary PDF exactly as the Rakor screen's "Unduh PDF ringkasan" builds it
 * (views/rakor/aksi.ts unduhPdfRakor), minus the download: chart rendered offscreen, then jsPDF.
 * `loadMs` is the lazy import of the generators; `ms` the chart + PDF (the first call also loads jsPDF).
 */
async function pdfRakor(
  data: Tables,
  tahun: number,
  triwulan: 1 | 2 | 3 | 4,
  nowIso: string,
): Promise<{ loadMs: number; ms: number; chartMs: number; bytes: number; pages: number }> {
  const now = new Date(nowIso);
  const dp = { ...data, pemda: data.pemda?.[0] ?? null } as unknown as DataPemda;
  const ringkasan = hitungRingkasan(dp, tahun, triwulan, now);
  const semuaRakor = (data.rakor ?? []) as unknown as Rakor[];
  const rakor = semuaRakor.find((r) => r.tahun === tahun && r.triwulan === triwulan);
  if (!rakor) throw new Error(`no rakor for ${tahun} TW${triwulan}`);
  const t0 = performance.now();
  const [{ pdfRakor: buat }, { grafikKeGambar, batangCapaian }] = await Promise.all([
    import('../../../src/reports/pdf-rakor.ts'),
    import('../../../src/reports/grafik.ts'),
  ]);
  const t1 = performance.now();
  const gambar = await grafikKeGambar(batangCapaian(ringkasan), ringkasan.batasAtas);
  const t2 = performance.now();
  const d = {
    pemda: dp.pemda,
    rakor,
    ringkasan,
    opd: dp.opd,
    arahan: dp.arahan,
    rakorSebelumnya: rakorSebelumnya(semuaRakor, rakor),
    hariIni: tanggalHariIni(now),
  };
  const blob = await buat(d, gambar);
  const t3 = performance.now();
  const text = new TextDecoder('latin1').decode(await blob.arrayBuffer());
  const pages = (text.match(/\/Type\s*\/Page\b(?!s)/g) ?? []).length;
  return { loadMs: t1 - t0, ms: t3 - t1, chartMs: t2 - t1, bytes: blob.size, pages };
}

/** The app's own sync client against this page's origin (same headers, same gzip rule). */
function client(token: string) {
  const k = new KlienSinkron({ baseUrl: location.origin, getToken: () => token });
  return {
    push: (req: PushRequest) => k.push(req),
    pull: (since: number, limit = 1000) => k.pull(since, limit),
  };
}

/** tablet-push.ts's in-page half, loaded on first use (PouchDB and the sync engine stay out of the other benches' load). */
const tabletPush = () => import('./tablet-push.ts').then((m) => m.tabletPush);

const api = { bulkPut, applyPages, rawFromApp, pdfRakor, client, tabletPush };
export type BenchApi = typeof api;
(globalThis as unknown as { __pantauBench: BenchApi }).__pantauBench = api;
