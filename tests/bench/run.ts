/**
 * `npm run bench [name…] [--kali 1,4,16]`: runs the benchmarks (all, or those named), prints one
 * table of name / K / value / unit / budget / verdict / growth, and writes bench-results/latest.json.
 *
 * Scale (issue 17 §7): the benchmarks whose data grows with the pemda (`scaled`) run once per K of
 * `--kali` on the demo data × K (buatDemo `kali`; default K = 1 only, so CI's run stays short); each
 * of their lines at K > 1 carries its growth against K = 1, and lines with a growth budget get a
 * PASS/FAIL "growth" line (K × the K = 1 value + 10 %).
 *
 * Budgets are reported, not enforced: the exit code is 0 when every benchmark ran (whatever its
 * verdict) and 1 when one crashed, so CI can run this as a report without flaking on a slow machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { growthLines, parseKali, ROOT, verdict, type Benchmark, type BenchContext, type ResultLine } from './lib/bench.ts';
import summary from './summary.ts';
import firstLoad from './first-load.ts';
import pdf from './pdf.ts';
import bulkput from './bulkput.ts';
import lighthouse from './lighthouse.ts';
import initialPull from './initial-pull.ts';
import push from './push.ts';
import wire from './wire.ts';
import latency from './latency.ts';
import pgliteFsync from './pglite-fsync.ts';
import bukti from './bukti.ts';
import ringkasan from './ringkasan.ts';
import flappingPull from './flapping-pull.ts';
import kunciHttp from './kunci-http.ts';
import tabletPush from './tablet-push.ts';
import tarikServer from './tarik-server.ts';

// Order: the ones that need no server first.
const ALL: Benchmark[] = [
  summary,
  ringkasan,
  tarikServer,
  firstLoad,
  pdf,
  bulkput,
  lighthouse,
  initialPull,
  push,
  tabletPush,
  wire,
  latency,
  pgliteFsync,
  bukti,
  flappingPull,
  kunciHttp,
];

function fmtValue(v: number | null): string {
  if (v === null || !Number.isFinite(v)) return '—';
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function fmtBudget(l: ResultLine): string {
  return l.budget ? `${l.budget.op === '<=' ? '≤' : '≥'} ${l.budget.limit}` : '';
}

function table(lines: ResultLine[]): string {
  // Notes are cut in the table; the lines printed during the run and the JSON have them whole.
  const cut = (s: string) => (s.length > 110 ? `${s.slice(0, 109)}…` : s);
  const rows = lines.map((l) => [
    l.name,
    l.kali === undefined ? '' : String(l.kali),
    fmtValue(l.value),
    l.unit,
    fmtBudget(l),
    l.status,
    l.growth === undefined || l.growth === null ? '' : `${fmtValue(l.growth)}×`,
    cut(l.note ?? ''),
  ]);
  const head = ['benchmark', 'K', 'value', 'unit', 'budget', 'verdict', 'vs K=1', 'note'];
  const last = head.length - 1;
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === last ? 0 : r[i]!.length))));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i === last ? c : i === 1 || i === 2 || i === 6 ? c.padStart(w[i]!) : c.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(head), w.map((n, i) => '-'.repeat(i === last ? 4 : n)).join('  '), ...rows.map(fmt)].join('\n');
}

async function main(): Promise<number> {
  let args: string[];
  let kaliList: number[];
  try {
    ({ kali: kaliList, rest: args } = parseKali(process.argv.slice(2)));
  } catch (e) {
    console.error((e as Error).message);
    return 2;
  }
  if (args.includes('--list')) {
    for (const b of ALL) console.log(`${b.name.padEnd(14)} ${b.scaled ? '[K] ' : ''}${b.title}`);
    return 0;
  }
  const unknown = args.filter((a) => !ALL.some((b) => b.name === a));
  if (unknown.length) {
    console.error(`Unknown benchmark(s): ${unknown.join(', ')}. Known: ${ALL.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const chosen = args.length ? ALL.filter((b) => args.includes(b.name)) : ALL;
  const lines: ResultLine[] = [];
  const crashed: { bench: string; error: string }[] = [];
  const started = Date.now();
  // Other work on the machine skews every timing here: the load is printed and kept with the results.
  const loadBefore = loadavg()[0]!;
  console.log(`${cpus().length} CPUs, load average ${loadBefore.toFixed(1)} at start`);

  console.log(`demo scale K = ${kaliList.join(', ')} for the scaled benchmarks`);
  const runs = chosen.flatMap((b) => (b.scaled ? kaliList.map((k) => ({ b, kali: k as number | undefined })) : [{ b, kali: undefined }]));
  for (const { b, kali } of runs) {
    const t0 = Date.now();
    console.log(`\n▶ ${b.name}${kali === undefined ? '' : ` [K=${kali}]`}: ${b.title}`);
    const ctx: BenchContext = {
      kali: kali ?? 1,
      line(l) {
        const full: ResultLine = { bench: b.name, ...l, status: l.status ?? verdict(l.value, l.budget), ...(kali === undefined ? {} : { kali }) };
        lines.push(full);
        console.log(
          `  ${full.status.padEnd(4)} ${full.name} = ${fmtValue(full.value)} ${full.unit}${full.budget ? ` (budget ${fmtBudget(full)})` : ''}${full.note ? ` — ${full.note}` : ''}`,
        );
      },
      skip(name, why) {
        lines.push({ bench: b.name, name, value: null, unit: '', budget: null, status: 'SKIP', note: why, ...(kali === undefined ? {} : { kali }) });
        console.log(`  SKIP ${name}: ${why}`);
      },
      log(msg) {
        console.log(`  · ${msg}`);
      },
    };
    try {
      await b.run(ctx);
    } catch (e) {
      const error = e instanceof Error ? (e.stack ?? e.message) : String(e);
      crashed.push({ bench: b.name, error });
      lines.push({
        bench: b.name,
        name: b.name,
        value: null,
        unit: '',
        budget: null,
        status: 'FAIL',
        note: `CRASHED: ${(e as Error)?.message ?? e}`,
        ...(kali === undefined ? {} : { kali }),
      });
      console.error(`  CRASH ${b.name}: ${error}`);
    }
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }

  const seconds = (Date.now() - started) / 1000;
  // Each scaled line beside its K = 1 figure, with the growth budget lines after it.
  for (const g of growthLines(lines)) {
    const i = lines.findLastIndex((l) => l.bench === g.bench && l.kali === g.kali && `${l.name} growth` === g.name);
    lines.splice(i + 1, 0, g);
  }
  console.log(`\n${table(lines)}\n`);
  const count = (s: string) => lines.filter((l) => l.status === s).length;
  console.log(
    `${count('PASS')} pass, ${count('FAIL')} fail, ${count('SKIP')} skipped, ${crashed.length} crashed — ${seconds.toFixed(0)} s (load average ${loadBefore.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end, ${cpus().length} CPUs)`,
  );

  const out = join(ROOT, 'bench-results');
  mkdirSync(out, { recursive: true });
  const json = {
    date: new Date().toISOString(),
    seconds,
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? '',
      memGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      platform: process.platform,
      loadAverage: { start: loadBefore, end: loadavg()[0] },
    },
    benchmarks: chosen.map((b) => b.name),
    kali: kaliList,
    lines,
    crashed,
  };
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify(json, null, 2)}\n`);
  console.log(`wrote ${join('bench-results', 'latest.json')}`);
  return crashed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
