/**
 * `npm run bench [name…]`: runs the benchmarks (all, or those named), prints one table of
 * name / value / unit / budget / verdict, and writes bench-results/latest.json.
 *
 * Budgets are reported, not enforced: the exit code is 0 when every benchmark ran (whatever its
 * verdict) and 1 when one crashed, so CI can run this as a report without flaking on a slow machine.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { ROOT, verdict, type Benchmark, type BenchContext, type ResultLine } from './lib/bench.ts';
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
import flappingPull from './flapping-pull.ts';

// Order: the ones that need no server first.
const ALL: Benchmark[] = [summary, firstLoad, pdf, bulkput, lighthouse, initialPull, push, wire, latency, pgliteFsync, bukti, flappingPull];

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
  const rows = lines.map((l) => [l.name, fmtValue(l.value), l.unit, fmtBudget(l), l.status, cut(l.note ?? '')]);
  const head = ['benchmark', 'value', 'unit', 'budget', 'verdict', 'note'];
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (i === 5 ? 0 : r[i]!.length))));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => (i === 5 ? c : i === 1 ? c.padStart(w[i]!) : c.padEnd(w[i]!)))
      .join('  ')
      .trimEnd();
  return [fmt(head), w.map((n, i) => '-'.repeat(i === 5 ? 4 : n)).join('  '), ...rows.map(fmt)].join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  if (args.includes('--list')) {
    for (const b of ALL) console.log(`${b.name.padEnd(14)} ${b.title}`);
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

  for (const b of chosen) {
    const t0 = Date.now();
    console.log(`\n▶ ${b.name}: ${b.title}`);
    const ctx: BenchContext = {
      line(l) {
        const full: ResultLine = { bench: b.name, ...l, status: l.status ?? verdict(l.value, l.budget) };
        lines.push(full);
        console.log(
          `  ${full.status.padEnd(4)} ${full.name} = ${fmtValue(full.value)} ${full.unit}${full.budget ? ` (budget ${fmtBudget(full)})` : ''}${full.note ? ` — ${full.note}` : ''}`,
        );
      },
      skip(name, why) {
        lines.push({ bench: b.name, name, value: null, unit: '', budget: null, status: 'SKIP', note: why });
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
      lines.push({ bench: b.name, name: b.name, value: null, unit: '', budget: null, status: 'FAIL', note: `CRASHED: ${(e as Error)?.message ?? e}` });
      console.error(`  CRASH ${b.name}: ${error}`);
    }
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }

  const seconds = (Date.now() - started) / 1000;
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
