import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatAngka, formatPersen, formatRupiah, formatTanggal, formatWaktu, namaPeriode, namaTriwulan, parseAngka } from '../../../src/lib/format.ts';

const tanpaSpasiKhusus = (s: string) => expect(s).not.toMatch(/[\u00a0\u202f\u2009]/);

describe('formatAngka', () => {
  it.each<[number | null | undefined, number | undefined, string]>([
    [1234.5, undefined, '1.234,5'],
    [1234567, undefined, '1.234.567'],
    [0.125, undefined, '0,13'],
    [-1234.5, undefined, '-1.234,5'],
    [0, undefined, '0'],
    [-0, undefined, '0'],
    [-0.001, undefined, '0'],
    [12, 2, '12,00'],
    [1234.5678, 1, '1.234,6'],
    [null, undefined, '–'],
    [undefined, undefined, '–'],
    [Number.NaN, undefined, '–'],
    [Number.POSITIVE_INFINITY, undefined, '–'],
  ])('formatAngka(%s, %s) = %s', (n, d, s) => {
    const hasil = formatAngka(n, d);
    expect(hasil).toBe(s);
    tanpaSpasiKhusus(hasil);
  });
});

describe('formatRupiah', () => {
  it.each<[number | null, string]>([
    [1234567, 'Rp 1.234.567'],
    [0, 'Rp 0'],
    [1234567.6, 'Rp 1.234.568'],
    [-2500, '-Rp 2.500'],
    [1_500_000_000_000, 'Rp 1.500.000.000.000'],
    [null, '–'],
  ])('%s → %s', (n, s) => {
    const hasil = formatRupiah(n);
    expect(hasil).toBe(s);
    tanpaSpasiKhusus(hasil);
  });
});

describe('formatPersen', () => {
  it.each<[number | null, number | undefined, string]>([
    [87.5, undefined, '87,5 %'],
    [100, undefined, '100 %'],
    [87.456, undefined, '87,46 %'],
    [87.456, 1, '87,5 %'],
    [0, undefined, '0 %'],
    [null, undefined, '–'],
  ])('%s (digits %s) → %s', (n, d, s) => {
    expect(formatPersen(n, d)).toBe(s);
  });
});

describe('formatTanggal and formatWaktu', () => {
  it.each<[string | null, string]>([
    ['2020-11-25', '25 November 2020'],
    ['2026-01-01', '1 Januari 2026'],
    ['2026-08-17', '17 Agustus 2026'],
    ['2026-05-09T23:59:00+07:00', '9 Mei 2026'],
    ['', '–'],
    [null, '–'],
    ['bukan tanggal', 'bukan tanggal'],
    ['2026-13-01', '2026-13-01'],
  ])('formatTanggal(%s) = %s', (t, s) => {
    expect(formatTanggal(t)).toBe(s);
  });

  it('formatWaktu prints day, Indonesian month, year and HH.MM in the given zone', () => {
    expect(formatWaktu('2020-11-25T07:30:00Z', 'Asia/Jakarta')).toBe('25 November 2020 14.30');
    expect(formatWaktu('2020-11-25T17:05:00Z', 'Asia/Jakarta')).toBe('26 November 2020 00.05');
    expect(formatWaktu('2020-11-25T17:05:00Z', 'Asia/Jayapura')).toBe('26 November 2020 02.05');
    expect(formatWaktu('salah')).toBe('salah');
    expect(formatWaktu(null)).toBe('–');
  });
});

describe('namaTriwulan and namaPeriode', () => {
  it.each([
    [1, 'Triwulan I'],
    [2, 'Triwulan II'],
    [3, 'Triwulan III'],
    [4, 'Triwulan IV'],
  ])('%d → %s', (n, s) => {
    expect(namaTriwulan(n)).toBe(s);
  });
  it.each([
    ['TW3', 'Triwulan III'],
    ['100H', '100 Hari'],
    ['6B', '6 Bulan'],
    ['1T', '1 Tahun'],
  ])('%s → %s', (p, s) => {
    expect(namaPeriode(p)).toBe(s);
  });
});

describe('parseAngka', () => {
  it.each<[string | number | null | undefined, number | null]>([
    ['1.234,5', 1234.5],
    ['1234,5', 1234.5],
    ['1234.5', 1234.5],
    ['12.5', 12.5],
    ['1.234', 1234], // id-ID thousands group
    ['1.234.567', 1234567],
    ['1.234.567,89', 1234567.89],
    ['1,234,567', 1234567],
    ['1,234.5', 1234.5],
    ['0.234', 0.234],
    ['0,5', 0.5],
    [',5', 0.5],
    ['-3,25', -3.25],
    ['−3,25', -3.25], // unicode minus
    ['+7', 7],
    ['Rp 1.500.000', 1500000],
    ['Rp1.500.000', 1500000],
    ['87,5 %', 87.5],
    ['  42\t', 42],
    ['1\u00a0234', 1234],
    ['100.', 100],
    ['0', 0],
    ['-0', 0],
    [42, 42],
    [Number.NaN, null],
    ['', null],
    ['   ', null],
    [null, null],
    [undefined, null],
    ['abc', null],
    ['12a', null],
    ['1.23.4', null],
    ['1,2,3', null],
    ['1.234,5,6', null],
    ['1,234.567.8', null],
    ['.', null],
    ['-', null],
    ['1e5', null],
  ])('parseAngka(%j) = %s', (t, n) => {
    expect(parseAngka(t)).toBe(n);
  });

  it('round-trips formatAngka for any finite number (2 decimals)', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (n) => {
        const bulat = Math.round(n * 100) / 100;
        const back = parseAngka(formatAngka(bulat));
        expect(back).not.toBeNull();
        expect(back!).toBeCloseTo(bulat, 2);
      }),
    );
  });

  it('round-trips formatRupiah', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e13 }), (n) => {
        expect(parseAngka(formatRupiah(n))).toBe(n);
      }),
    );
  });

  it('never returns NaN or Infinity for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const n = parseAngka(s);
        expect(n === null || Number.isFinite(n)).toBe(true);
      }),
    );
  });
});
