import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PREDIKAT, deviasiFisik, hitungCapaian, predikat, predikatKode, rasioKontras, serapan, skorOpd } from '../../../src/domain/capaian.ts';
import type { Polaritas, TargetNilai } from '../../../src/domain/schemas.ts';

describe('hitungCapaian: hand-computed cases', () => {
  it.each<[Polaritas, TargetNilai, number, number]>([
    // naik: R / T × 100
    ['naik', 100, 100, 100],
    ['naik', 100, 50, 50],
    ['naik', 80, 100, 125],
    ['naik', 4, 3, 75],
    ['naik', 100, 0, 0],
    ['naik', 100, -20, 0], // negative results are floored at 0
    ['naik', -2, -1, 150], // negative target (growth rate −2 %): −1 is better than −2
    ['naik', -2, -4, 0],
    // turun: (2T − R) / T × 100
    ['turun', 10, 10, 100],
    ['turun', 10, 8, 120],
    ['turun', 10, 12, 80],
    ['turun', 10, 15, 50],
    ['turun', 10, 20, 0],
    ['turun', 10, 25, 0], // floored at 0
    ['turun', 14.5, 13.05, 110],
    ['turun', 0, 0, 100], // target 0: R = 0 is 100 %
    ['turun', 0, 3, 0], // target 0: R > 0 is 0 %
    // rentang [a, b]: 100 inside; outside 100 − relative distance to the nearest bound
    ['rentang', [60, 80], 70, 100],
    ['rentang', [60, 80], 60, 100],
    ['rentang', [60, 80], 80, 100],
    ['rentang', [60, 80], 54, 90],
    ['rentang', [60, 80], 88, 90],
    ['rentang', [60, 80], 200, 0],
    ['rentang', [0, 10], -5, 50], // bound 0: distance relative to the band width
    ['rentang', 50, 55, 90], // a scalar target on rentang is the band [50, 50]
    ['rentang', [0, 0], 1, 0],
    ['rentang', [0, 0], 0, 100],
  ])('%s target %j realisasi %d → %d %%', (polaritas, target, r, expected) => {
    const h = hitungCapaian(polaritas, target, r);
    expect(h.ok).toBe(true);
    if (h.ok) expect(h.nilai).toBeCloseTo(expected, 9);
  });

  it('naik with target 0 returns a reason, not NaN/Infinity', () => {
    const h = hitungCapaian('naik', 0, 5);
    expect(h).toEqual({ ok: false, alasan: expect.stringContaining('Target 0') });
  });

  it.each<[Polaritas, TargetNilai | null, number | null, string]>([
    ['naik', null, 5, 'Target belum ditetapkan'],
    ['naik', 10, null, 'Realisasi belum diisi'],
    ['naik', 10, Number.NaN, 'Realisasi belum diisi'],
    // A band on a naik/turun indicator is graded directionally now (tests/unit/domain/target-capaian.test.ts).
    ['naik', { op: '<=', nilai: 2 }, 1, 'polaritas turun'],
    ['turun', { op: '>=', nilai: 2 }, 1, 'polaritas naik'],
    ['rentang', [5, 1], 3, 'tidak valid'],
  ])('%s target %j realisasi %s → not computable (%s)', (polaritas, target, r, pesan) => {
    const h = hitungCapaian(polaritas, target, r);
    expect(h.ok).toBe(false);
    if (!h.ok) expect(h.alasan).toContain(pesan);
  });
});

const angka = fc.double({ min: -1e9, max: 1e9, noNaN: true, noDefaultInfinity: true });
const polaritas = fc.constantFrom<Polaritas>('naik', 'turun', 'rentang');
const target: fc.Arbitrary<TargetNilai> = fc.oneof(
  angka,
  fc.tuple(angka, angka).map(([a, b]) => (a <= b ? [a, b] : [b, a]) as [number, number]),
);

describe('hitungCapaian: properties', () => {
  it('never NaN, never Infinity, never negative', () => {
    fc.assert(
      fc.property(polaritas, target, angka, (p, t, r) => {
        const h = hitungCapaian(p, t, r);
        if (h.ok) {
          expect(Number.isFinite(h.nilai)).toBe(true);
          expect(h.nilai).toBeGreaterThanOrEqual(0);
        } else {
          expect(h.alasan.length).toBeGreaterThan(0);
        }
      }),
    );
  });

  it('naik is non-decreasing in R, turun non-increasing (positive target)', () => {
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 1e6, noNaN: true }), angka, angka, (t, r1, r2) => {
        const [lo, hi] = r1 <= r2 ? [r1, r2] : [r2, r1];
        const n1 = hitungCapaian('naik', t, lo);
        const n2 = hitungCapaian('naik', t, hi);
        const t1 = hitungCapaian('turun', t, lo);
        const t2 = hitungCapaian('turun', t, hi);
        if (n1.ok && n2.ok && t1.ok && t2.ok) {
          expect(n2.nilai).toBeGreaterThanOrEqual(n1.nilai);
          expect(t2.nilai).toBeLessThanOrEqual(t1.nilai);
        } else {
          throw new Error('expected computable');
        }
      }),
    );
  });

  it('realisasi equal to a non-zero target is exactly 100 for every polarity', () => {
    fc.assert(
      fc.property(
        polaritas,
        angka.filter((t) => t !== 0),
        (p, t) => {
          const h = hitungCapaian(p, t, t);
          expect(h).toEqual({ ok: true, nilai: 100 });
        },
      ),
    );
  });

  it('rentang is at most 100 and exactly 100 inside the band', () => {
    fc.assert(
      fc.property(angka, angka, angka, (a0, b0, r) => {
        const [a, b] = a0 <= b0 ? [a0, b0] : [b0, a0];
        const h = hitungCapaian('rentang', [a, b], r);
        if (r >= a && r <= b) expect(h).toEqual({ ok: true, nilai: 100 });
        // Only an overflow (subnormal bound) may make it not computable, with a reason.
        if (h.ok) expect(h.nilai).toBeLessThanOrEqual(100);
        else expect(h.alasan).toContain('di luar batas');
      }),
    );
  });
});

describe('skorOpd', () => {
  it.each<[number[], number, number | null]>([
    [[], 100, null],
    [[100, 50], 100, 75],
    [[150, 50], 100, 75], // over-achievement capped at 100
    [[150, 50], 120, 85], // pemda cap 120
    [[0, 100, 100, 100], 100, 75], // a TDI counts as 0
    [[80], 100, 80],
  ])('%j cap %d → %s', (c, cap, expected) => {
    const s = skorOpd(c, cap);
    if (expected === null) expect(s).toBeNull();
    else expect(s).toBeCloseTo(expected, 9);
  });

  it('cap is respected and the score lies between min and max of the capped values', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 50 }), fc.integer({ min: 100, max: 200 }), (c, cap) => {
        const s = skorOpd(c, cap);
        const capped = c.map((x) => Math.min(x, cap));
        expect(s).not.toBeNull();
        expect(s!).toBeLessThanOrEqual(cap + 1e-9);
        expect(s!).toBeGreaterThanOrEqual(Math.min(...capped) - 1e-9);
        expect(s!).toBeLessThanOrEqual(Math.max(...capped) + 1e-9);
      }),
    );
  });

  it('is invariant under reordering', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 300, noNaN: true }), { minLength: 1, maxLength: 30 }), (c) => {
        const a = skorOpd(c)!;
        const b = skorOpd([...c].reverse())!;
        expect(a).toBeCloseTo(b, 6);
      }),
    );
  });
});

describe('serapan and deviasi fisik', () => {
  it.each<[number, number, number | null]>([
    [500_000_000, 1_000_000_000, 50],
    [0, 1_000_000_000, 0],
    [1_250, 1_000, 125],
    [100, 0, null], // pagu 0 handled
    [0, 0, null],
  ])('serapan(%d, %d) = %s', (k, p, expected) => {
    const s = serapan(k, p);
    if (expected === null) expect(s).toBeNull();
    else expect(s).toBeCloseTo(expected, 9);
  });

  it.each([
    [75, 60, 15],
    [50, 50, 0],
    [40, 55, -15],
  ])('deviasiFisik(%d, %d) = %d', (t, r, d) => {
    expect(deviasiFisik(t, r)).toBe(d);
  });
});

describe('predikat (Permendagri 86/2017, half-open intervals)', () => {
  it.each<[number | null, string]>([
    [100, 'sangat-tinggi'],
    [91, 'sangat-tinggi'],
    [90.5, 'tinggi'],
    [90.999, 'tinggi'],
    [76, 'tinggi'],
    [75.99, 'sedang'],
    [66, 'sedang'],
    [65.9, 'rendah'],
    [51, 'rendah'],
    [50.99, 'sangat-rendah'],
    [0, 'sangat-rendah'],
    [250, 'sangat-tinggi'],
    [null, 'tidak-ada'],
    [Number.NaN, 'tidak-ada'],
  ])('%s → %s', (c, kode) => {
    expect(predikat(c).kode).toBe(kode);
  });

  it('labels are Indonesian', () => {
    expect(predikat(95).label).toBe('Sangat Tinggi');
    expect(predikat(80).label).toBe('Tinggi');
    expect(predikat(70).label).toBe('Sedang');
    expect(predikat(55).label).toBe('Rendah');
    expect(predikat(10).label).toBe('Sangat Rendah');
  });

  it('is monotone in c', () => {
    const rank = (c: number) => PREDIKAT.findIndex((p) => p.kode === predikat(c).kode);
    fc.assert(
      fc.property(fc.double({ min: -100, max: 300, noNaN: true }), fc.double({ min: -100, max: 300, noNaN: true }), (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(rank(hi)).toBeLessThanOrEqual(rank(lo));
      }),
    );
  });

  it('every colour pair has text contrast ≥ 4.5:1 and the colours are distinct', () => {
    for (const p of PREDIKAT) {
      expect(p.warna).toMatch(/^#[0-9a-f]{6}$/);
      expect(rasioKontras(p.warna, p.warnaTeks)).toBeGreaterThanOrEqual(4.5);
    }
    expect(new Set(PREDIKAT.map((p) => p.warna)).size).toBe(PREDIKAT.length);
  });

  it('adjacent levels differ clearly in lightness (readable without hue)', () => {
    const lima = PREDIKAT.slice(0, 5);
    for (let i = 1; i < lima.length; i++) {
      expect(rasioKontras(lima[i - 1]!.warna, lima[i]!.warna)).toBeGreaterThan(1.2);
    }
  });

  it('rasioKontras matches known WCAG values', () => {
    expect(rasioKontras('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(rasioKontras('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
  });

  it('predikatKode finds each level', () => {
    for (const p of PREDIKAT) expect(predikatKode(p.kode)).toBe(p);
  });
});
