/** Plausibility (docs/domain/kewajaran.md; DHIS2 min-max and outlier idea), issue 9 point 8. */
import { describe, expect, it } from 'vitest';
import { batasWajar, jenisSatuan, periksaKewajaran, PITA_CAPAIAN } from '../../../src/domain/kewajaran.ts';

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
