/**
 * `npm run bench -- --kali 1,4,16` (issue 17 §7): the K list is parsed strictly, and each scaled
 * line at K > 1 gets its growth against K = 1, with a PASS/FAIL growth line where the line has the
 * "K × the K = 1 value + 10 %" budget.
 */
import { describe, expect, it } from 'vitest';
import { growthLimit, growthLines, parseKali, type ResultLine } from '../../bench/lib/bench.ts';

describe('parseKali', () => {
  it('defaults to K = 1 and leaves the benchmark names', () => {
    expect(parseKali(['summary', 'push'])).toEqual({ kali: [1], rest: ['summary', 'push'] });
  });
  it('reads --kali 1,4,16 and --kali=16,4 (sorted, unique)', () => {
    expect(parseKali(['--kali', '1,4,16', 'summary'])).toEqual({ kali: [1, 4, 16], rest: ['summary'] });
    expect(parseKali(['--kali=16,4,4'])).toEqual({ kali: [4, 16], rest: [] });
  });
  it.each([['0'], ['1,x'], ['2.5'], [''], ['65']])('refuses --kali %s', (v) => {
    expect(() => parseKali(['--kali', v])).toThrow(/--kali/);
  });
});

describe('growthLines', () => {
  const baris = (name: string, kali: number, value: number | null, linear = true): ResultLine => ({
    bench: 'b',
    name,
    value,
    unit: 'ms',
    budget: null,
    status: 'INFO',
    kali,
    ...(linear ? { growthBudget: 'linear' as const } : {}),
  });

  it('sets the growth of each K > 1 line and judges it against K × 1.1', () => {
    const lines = [baris('t', 1, 10), baris('t', 4, 40), baris('t', 16, 200), baris('info', 1, 2, false), baris('info', 4, 3, false)];
    const g = growthLines(lines);
    expect(lines.map((l) => l.growth)).toEqual([undefined, 4, 20, undefined, 1.5]);
    expect(g.map((l) => [l.name, l.kali, l.value, l.budget?.limit, l.status])).toEqual([
      ['t growth', 4, 4, 4.4, 'PASS'],
      ['t growth', 16, 20, 17.6, 'FAIL'],
    ]);
    expect(growthLimit(16)).toBe(17.6);
  });

  it('no K = 1 line or no value: no growth, and a growth budget cannot pass on nothing', () => {
    const lines = [baris('t', 4, 40), baris('u', 1, 10), baris('u', 4, null)];
    const g = growthLines(lines);
    expect(lines[0]!.growth).toBeNull();
    expect(g).toEqual([expect.objectContaining({ name: 'u growth', value: null, status: 'FAIL' })]);
  });
});
