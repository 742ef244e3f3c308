/**
 * Shared vocabulary of `npm run bench`: a benchmark returns result lines; a line with a budget is a
 * PASS/FAIL verdict (reported, never thrown), a line without one is information, a SKIP line says
 * why a benchmark could not run here. Budgets are the ones of issue 6, listed in README.md "Performance and reliability".
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');

export type Status = 'PASS' | 'FAIL' | 'INFO' | 'SKIP';

export interface Budget {
  op: '<=' | '>=';
  limit: number;
}

export interface ResultLine {
  /** Benchmark module that produced the line. */
  bench: string;
  name: string;
  value: number | null;
  unit: string;
  budget: Budget | null;
  status: Status;
  note?: string;
  /** Raw figures behind the value (samples, sizes, audits), kept in the JSON only. */
  detail?: unknown;
  /** The demo data's scale K of a scaled benchmark's line (issue 17 §7). */
  kali?: number;
  /** value ÷ the same line's value at K = 1 in this run (scaled lines with K > 1). */
  growth?: number | null;
  /**
   * A growth budget for this line (issue 17 budgets): 'linear' = at most K × the K = 1 value + 10 %
   * ("K=16 time ≤ 16 × K=1 time + 10 %"); run.ts adds a PASS/FAIL growth line for each K > 1.
   */
  growthBudget?: 'linear';
}

export interface BenchContext {
  /** Records a line and prints it at once (long runs show progress). */
  line(l: Omit<ResultLine, 'bench' | 'status' | 'kali' | 'growth'> & { status?: Status }): void;
  /** The demo data's scale K for this run of a scaled benchmark (buatDemo `kali`; 1 otherwise). */
  kali: number;
  skip(name: string, why: string): void;
  log(msg: string): void;
}

export interface Benchmark {
  name: string;
  /** One line on what it measures (printed by `run.ts --list`). */
  title: string;
  /** Runs once per K of `--kali` (its data grows with the demo scale, issue 17 §7); otherwise once. */
  scaled?: boolean;
  run(ctx: BenchContext): Promise<void>;
}

/** The growth budget 'linear' at scale K: K × the K = 1 value + 10 % (issue 17 §7 budgets). */
export const growthLimit = (kali: number): number => Math.round(kali * 1.1 * 100) / 100;

/** `--kali 1,4,16` or `--kali=1,4,16` (default [1]); the other arguments are returned as they are. */
export function parseKali(args: readonly string[]): { kali: number[]; rest: string[] } {
  const rest: string[] = [];
  let nilai: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--kali') nilai = args[++i] ?? '';
    else if (a.startsWith('--kali=')) nilai = a.slice('--kali='.length);
    else rest.push(a);
  }
  if (nilai === undefined) return { kali: [1], rest };
  const kali = nilai.split(',').map((x) => Number(x.trim()));
  if (!kali.length || kali.some((k) => !Number.isInteger(k) || k < 1 || k > 64))
    throw new Error(`--kali: integers 1–64 separated by commas, e.g. --kali 1,4,16 (got "${nilai}")`);
  return { kali: [...new Set(kali)].sort((a, b) => a - b), rest };
}

/** Growth of scaled lines against K = 1 (issue 17 §7): sets `growth`, returns the growth budget lines. */
export function growthLines(lines: ResultLine[]): ResultLine[] {
  const k1 = new Map(lines.filter((l) => l.kali === 1).map((l) => [`${l.bench}\u0000${l.name}`, l]));
  const out: ResultLine[] = [];
  for (const l of lines) {
    if (l.kali === undefined || l.kali === 1) continue;
    const base = k1.get(`${l.bench}\u0000${l.name}`);
    l.growth = base?.value && l.value !== null ? Math.round((l.value / base.value) * 100) / 100 : null;
    if (l.growthBudget !== 'linear' || !base) continue;
    const budget = atMost(growthLimit(l.kali));
    out.push({
      bench: l.bench,
      name: `${l.name} growth`,
      value: l.growth,
      unit: '× K=1',
      budget,
      status: verdict(l.growth, budget),
      kali: l.kali,
      note: `K=${l.kali} ${l.value} ${l.unit} vs K=1 ${base.value} ${l.unit}; budget K × K=1 + 10 %`,
    });
  }
  return out;
}

export function verdict(value: number | null, budget: Budget | null): Status {
  if (!budget) return 'INFO';
  if (value === null || !Number.isFinite(value)) return 'FAIL';
  return budget.op === '<=' ? (value <= budget.limit ? 'PASS' : 'FAIL') : value >= budget.limit ? 'PASS' : 'FAIL';
}

export const atMost = (limit: number): Budget => ({ op: '<=', limit });
export const atLeast = (limit: number): Budget => ({ op: '>=', limit });

export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return Number.NaN;
  const s = [...xs].sort((a, b) => a - b);
  // Nearest-rank: p95 of 200 samples is the 190th smallest.
  const i = Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1));
  return s[i]!;
}
export const median = (xs: readonly number[]) => quantile(xs, 0.5);

export const round = (x: number, digits = 1) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Debian's Chromium (the e2e harness uses /usr/bin/chromium). */
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Why the browser benchmarks cannot run here, or null when they can. */
export const chromiumMissing = (): string | null => (existsSync(CHROMIUM) ? null : `Chromium not found at ${CHROMIUM} (apt-get install chromium)`);
