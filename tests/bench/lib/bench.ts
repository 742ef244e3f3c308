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
}

export interface BenchContext {
  /** Records a line and prints it at once (long runs show progress). */
  line(l: Omit<ResultLine, 'bench' | 'status'> & { status?: Status }): void;
  skip(name: string, why: string): void;
  log(msg: string): void;
}

export interface Benchmark {
  name: string;
  /** One line on what it measures (printed by `run.ts --list`). */
  title: string;
  run(ctx: BenchContext): Promise<void>;
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
