import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  agregasiSampai,
  akhirTriwulan,
  jatuhTempoMilestone,
  milestoneJatuhTempo,
  nilaiTahunan,
  pkBerlaku,
  tambahTanggal,
  tanggalHariIni,
  triwulanDariPeriode,
  triwulanJatuhTempo,
  type Triwulan,
} from '../../../src/domain/periode.ts';
import type { Agregasi, Pk } from '../../../src/domain/schemas.ts';

describe('dates', () => {
  it.each<[number, Triwulan, string]>([
    [2026, 1, '2026-03-31'],
    [2026, 2, '2026-06-30'],
    [2026, 3, '2026-09-30'],
    [2026, 4, '2026-12-31'],
  ])('akhirTriwulan(%d, %d) = %s', (y, tw, d) => {
    expect(akhirTriwulan(y, tw)).toBe(d);
  });

  it('tanggalHariIni uses WIB (UTC+7)', () => {
    expect(tanggalHariIni(new Date('2026-03-31T16:59:59Z'))).toBe('2026-03-31');
    expect(tanggalHariIni(new Date('2026-03-31T17:00:00Z'))).toBe('2026-04-01');
  });

  it('a quarter is due once its last day has passed', () => {
    expect(triwulanJatuhTempo(2026, 1, new Date('2026-03-31T12:00:00Z'))).toBe(false);
    expect(triwulanJatuhTempo(2026, 1, new Date('2026-04-01T01:00:00Z'))).toBe(true);
    expect(triwulanJatuhTempo(2026, 3, new Date('2026-11-23T00:00:00Z'))).toBe(true);
    expect(triwulanJatuhTempo(2026, 4, new Date('2026-11-23T00:00:00Z'))).toBe(false);
    expect(triwulanJatuhTempo(2025, 4, new Date('2026-11-23T00:00:00Z'))).toBe(true);
  });

  it.each<[string, { hari?: number; bulan?: number; tahun?: number }, string]>([
    ['2026-01-02', { hari: 100 }, '2026-04-12'],
    ['2026-01-02', { bulan: 6 }, '2026-07-02'],
    ['2025-08-31', { bulan: 6 }, '2026-02-28'], // month end clamps
    ['2024-02-29', { tahun: 1 }, '2025-02-28'],
    ['2026-12-15', { bulan: 1 }, '2027-01-15'],
    ['2026-03-01', { hari: -1 }, '2026-02-28'],
  ])('tambahTanggal(%s, %j) = %s', (t, d, e) => {
    expect(tambahTanggal(t, d)).toBe(e);
  });

  it('milestones count from the PK start date', () => {
    expect(jatuhTempoMilestone('2026-01-02', '100H')).toBe('2026-04-12');
    expect(jatuhTempoMilestone('2026-01-02', '6B')).toBe('2026-07-02');
    expect(jatuhTempoMilestone('2026-01-02', '1T')).toBe('2027-01-02');
    expect(milestoneJatuhTempo('2026-01-02', '100H', new Date('2026-04-11T10:00:00Z'))).toBe(false);
    expect(milestoneJatuhTempo('2026-01-02', '100H', new Date('2026-04-12T10:00:00Z'))).toBe(true);
  });

  it.each([
    ['TW1', 1],
    ['TW2', 2],
    ['TW3', 3],
    ['TW4', 4],
    ['100H', 2],
    ['6B', 2],
    ['1T', 4],
  ] as const)('lock quarter of %s is %d', (p, tw) => {
    expect(triwulanDariPeriode(p)).toBe(tw);
  });
});

describe('agregasiSampai', () => {
  it.each<[Agregasi, (number | null)[], Triwulan, number | null]>([
    ['kumulatif', [10, 20, 30, 40], 1, 10],
    ['kumulatif', [10, 20, 30, 40], 3, 60],
    ['kumulatif', [10, 20, 30, 40], 4, 100],
    ['kumulatif', [10, null, 30, null], 3, 40],
    ['akhir', [10, 20, 30, 40], 2, 20],
    ['akhir', [10, 20, null, null], 4, 20], // the latest reported quarter
    ['akhir', [null, null, 5, 7], 4, 7],
    ['rata-rata', [10, 20, 30, 40], 4, 25],
    ['rata-rata', [10, null, 30, null], 4, 20], // mean of reported quarters only
    ['rata-rata', [90, 80, 70, 60], 2, 85],
    ['kumulatif', [null, null, null, null], 4, null],
    ['akhir', [null, 5, 6, 7], 1, null],
    ['rata-rata', [], 2, null],
  ])('%s %j s.d. TW%d = %s', (a, v, n, e) => {
    expect(agregasiSampai(a, v, n)).toBe(e);
  });

  it('annual value is the value s.d. TW4', () => {
    expect(nilaiTahunan('kumulatif', [1, 2, 3, 4])).toBe(10);
    expect(nilaiTahunan('akhir', [1, 2, 3, null])).toBe(3);
  });

  const nilaiArb = fc.array(fc.option(fc.double({ min: 0, max: 1e6, noNaN: true }), { nil: null }), { minLength: 4, maxLength: 4 });
  const twArb = fc.constantFrom<Triwulan>(1, 2, 3, 4);

  it('kumulatif of non-negative values never decreases over quarters', () => {
    fc.assert(
      fc.property(nilaiArb, (v) => {
        let prev = 0;
        for (const n of [1, 2, 3, 4] as Triwulan[]) {
          const s = agregasiSampai('kumulatif', v, n) ?? 0;
          expect(s).toBeGreaterThanOrEqual(prev - 1e-9);
          prev = s;
        }
      }),
    );
  });

  it('akhir and rata-rata lie within the reported values; null iff nothing reported', () => {
    fc.assert(
      fc.property(nilaiArb, twArb, (v, n) => {
        const reported = v.slice(0, n).filter((x): x is number => x !== null);
        for (const a of ['akhir', 'rata-rata'] as const) {
          const s = agregasiSampai(a, v, n);
          if (reported.length === 0) expect(s).toBeNull();
          else {
            expect(s!).toBeGreaterThanOrEqual(Math.min(...reported) - 1e-9);
            expect(s!).toBeLessThanOrEqual(Math.max(...reported) + 1e-9);
          }
        }
      }),
    );
  });

  it('later quarters never influence the value s.d. TWn', () => {
    fc.assert(
      fc.property(nilaiArb, nilaiArb, twArb, fc.constantFrom<Agregasi>('kumulatif', 'akhir', 'rata-rata'), (v, w, n, a) => {
        const campur = [...v.slice(0, n), ...w.slice(n)];
        expect(agregasiSampai(a, campur, n)).toBe(agregasiSampai(a, v, n));
      }),
    );
  });
});

describe('pkBerlaku', () => {
  type P = Pick<Pk, 'id' | 'opdId' | 'tahun' | 'versi' | 'berlakuMulaiTriwulan' | 'status' | 'deleted'>;
  const pk = (id: string, versi: number, mulai: Triwulan, status: Pk['status'] = 'ditandatangani', extra: Partial<P> = {}): P => ({
    id,
    opdId: 'A',
    tahun: 2026,
    versi,
    berlakuMulaiTriwulan: mulai,
    status,
    deleted: false,
    ...extra,
  });

  it('uses the highest versi in force for the quarter', () => {
    const daftar = [pk('v1', 1, 1), pk('v2', 2, 3)];
    expect(pkBerlaku(daftar, 'A', 2026, 1)?.id).toBe('v1');
    expect(pkBerlaku(daftar, 'A', 2026, 2)?.id).toBe('v1');
    expect(pkBerlaku(daftar, 'A', 2026, 3)?.id).toBe('v2');
    expect(pkBerlaku(daftar, 'A', 2026, 4)?.id).toBe('v2');
  });

  it('a draft amendment is not in force while a signed version exists', () => {
    const daftar = [pk('v1', 1, 1), pk('v2', 2, 3, 'draft')];
    expect(pkBerlaku(daftar, 'A', 2026, 4)?.id).toBe('v1');
  });

  it('without a signed version the highest draft is shown', () => {
    expect(pkBerlaku([pk('d1', 1, 1, 'draft')], 'A', 2026, 2)?.id).toBe('d1');
  });

  it('ignores deleted PKs, other OPDs and other years', () => {
    const daftar = [
      pk('v1', 1, 1),
      pk('v2', 2, 1, 'ditandatangani', { deleted: true }),
      pk('x', 3, 1, 'ditandatangani', { opdId: 'B' }),
      pk('y', 4, 1, 'ditandatangani', { tahun: 2025 }),
    ];
    expect(pkBerlaku(daftar, 'A', 2026, 4)?.id).toBe('v1');
    expect(pkBerlaku(daftar, 'C', 2026, 4)).toBeNull();
    expect(pkBerlaku([], 'A', 2026, 1)).toBeNull();
  });
});
