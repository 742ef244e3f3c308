/** Plausibility (docs/domain/kewajaran.md; DHIS2 min-max and outlier idea), issue 9 point 8. */
import { describe, expect, it } from 'vitest';
import { batasWajar, jenisSatuan, periksaKewajaran, periksaKewajaranAnggaran, PITA_CAPAIAN } from '../../../src/domain/kewajaran.ts';

describe('kewajaran', () => {
  it('the kind of unit decides the defaults: persen 0–100, counts whole and ≥ 0, other measures free', () => {
    expect(['%', 'persen', 'Persentase', 'posyandu', 'orang', 'Desa', 'wajib pajak', 'indeks', 'km', 'hari', 'per mil'].map(jenisSatuan)).toEqual([
      'persen',
      'persen',
      'persen',
      'cacah',
      'cacah',
      'cacah',
      'cacah',
      'ukuran',
      'ukuran',
      'ukuran',
      'ukuran',
    ]);
    expect(batasWajar({ satuan: '%' })).toEqual({ min: 0, maks: 100, bulat: false });
    expect(batasWajar({ satuan: 'posyandu' })).toEqual({ min: 0, maks: null, bulat: true });
    expect(batasWajar({ satuan: 'indeks' })).toEqual({ min: null, maks: null, bulat: false });
    // An indicator may allow more (a percentage increase) or set its own range.
    expect(batasWajar({ satuan: '%', wajarMaks: 250 })).toEqual({ min: 0, maks: 250, bulat: false });
    expect(batasWajar({ satuan: 'indeks', wajarMin: 1, wajarMaks: 5 })).toEqual({ min: 1, maks: 5, bulat: false });
  });

  it('the faults seen: 682,6 for a percent, 92,4 posyandu, 9.064,6 (capaian 13.330 %) each warn in Indonesian', () => {
    expect(periksaKewajaran({ satuan: '%' }, 682.6, 90)).toEqual(['682,6 melebihi batas wajar 100 %']);
    expect(periksaKewajaran({ satuan: 'posyandu' }, 92.4, 92)).toEqual(['92,4 bukan bilangan bulat, padahal posyandu dihitung utuh']);
    const w = periksaKewajaran({ satuan: 'indeks' }, 9064.6, 13330);
    expect(w).toEqual(['capaian 13.330 % jauh di luar kebiasaan (5–300 %)']);
  });

  it('usual values pass; the capaian band is 5–300 % inclusive; no capaian (no target, TDI) is no warning', () => {
    expect(periksaKewajaran({ satuan: '%' }, 64.6, 86)).toEqual([]);
    expect(periksaKewajaran({ satuan: '%' }, 100, 100)).toEqual([]);
    expect(periksaKewajaran({ satuan: 'orang' }, 3000, 100)).toEqual([]);
    expect(periksaKewajaran({ satuan: '%' }, 1, PITA_CAPAIAN.bawah)).toEqual([]);
    expect(periksaKewajaran({ satuan: '%' }, 90, PITA_CAPAIAN.atas)).toEqual([]);
    expect(periksaKewajaran({ satuan: '%' }, 0.2, 4.9)).toHaveLength(1);
    expect(periksaKewajaran({ satuan: 'orang' }, 5, null)).toEqual([]);
    expect(periksaKewajaran({ satuan: '%', wajarMaks: 250 }, 180, 150)).toEqual([]);
    expect(periksaKewajaran({ satuan: 'orang' }, -3, null)).toEqual(['-3 di bawah batas wajar 0 orang']);
  });
});

describe('kewajaran anggaran (docs/domain/kewajaran.md "Anggaran")', () => {
  it('keuangan above the pagu asks with its serapan; within the pagu nothing', () => {
    expect(periksaKewajaranAnggaran({ keuangan: 112_500_000, fisik: 50 }, 100_000_000, null, 1)).toEqual({
      keuangan: ['Rp 112.500.000 melebihi pagu Rp 100.000.000 (serapan 112,5 %)'],
      fisik: [],
    });
    expect(periksaKewajaranAnggaran({ keuangan: 100_000_000, fisik: 100 }, 100_000_000, null, 4)).toEqual({ keuangan: [], fisik: [] });
    // A programme without pagu has no serapan to judge.
    expect(periksaKewajaranAnggaran({ keuangan: 5_000, fisik: null }, 0, null, 1).keuangan).toEqual([]);
  });

  it('cumulative values below the previous quarter ask, per column; equal or higher is fine', () => {
    const tw2 = { keuangan: 40_000_000, fisik: 45 };
    expect(periksaKewajaranAnggaran({ keuangan: 4_000_000, fisik: 30 }, 100_000_000, tw2, 3)).toEqual({
      keuangan: ['Rp 4.000.000 lebih kecil dari keuangan s.d. TW2 Rp 40.000.000, padahal nilainya kumulatif'],
      fisik: ['30 % lebih kecil dari fisik s.d. TW2 45 %, padahal nilainya kumulatif'],
    });
    expect(periksaKewajaranAnggaran({ keuangan: 40_000_000, fisik: 45 }, 100_000_000, tw2, 3)).toEqual({ keuangan: [], fisik: [] });
    expect(periksaKewajaranAnggaran({ keuangan: null, fisik: null }, 100_000_000, tw2, 3)).toEqual({ keuangan: [], fisik: [] });
  });
});
