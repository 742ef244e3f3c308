import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { samaNilai } from '../../../src/domain/sama.ts';

describe('samaNilai', () => {
  it('ignores object key order (jsonb reorders keys) but not values', () => {
    expect(samaNilai({ nama: 'A', nip: '1', jabatan: 'K' }, { jabatan: 'K', nip: '1', nama: 'A' })).toBe(true);
    expect(samaNilai({ nama: 'A', nip: '1' }, { nama: 'A', nip: '2' })).toBe(false);
    expect(samaNilai({ a: [1, { b: 2, c: 3 }] }, { a: [1, { c: 3, b: 2 }] })).toBe(true);
  });
  it('tells arrays, objects, null and primitives apart', () => {
    expect(samaNilai([1, 2], [2, 1])).toBe(false);
    expect(samaNilai([], {})).toBe(false);
    expect(samaNilai(null, {})).toBe(false);
    expect(samaNilai(0, '0')).toBe(false);
    expect(samaNilai(null, null)).toBe(true);
    expect(samaNilai({ a: undefined }, {})).toBe(true);
    expect(samaNilai({ a: 1 }, { a: 1, b: 2 })).toBe(false);
  });
  it('agrees with JSON text equality after sorting keys, for any JSON value', () => {
    const urut = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(urut)
        : v && typeof v === 'object'
          ? Object.fromEntries(
              Object.keys(v)
                .sort()
                .map((k) => [k, urut((v as Record<string, unknown>)[k])]),
            )
          : v;
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(samaNilai(a, b)).toBe(JSON.stringify(urut(a)) === JSON.stringify(urut(b)));
        expect(samaNilai(a, JSON.parse(JSON.stringify(a)))).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
