/**
 * Target kinds and quarter conventions (docs/domain/target-capaian.md), each with its source.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { hitungCapaian, predikat, skorOpd } from '../../../src/domain/capaian.ts';
import { evaluasiTriwulan, nilaiUntukSkor, periksaTargetTriwulan, porsiKeKumulatif } from '../../../src/domain/indikator.ts';
import { bacaTeksTarget, formatTarget, SKALA_BAKU, peringkat } from '../../../src/domain/target.ts';
import { formatNilai, bacaAngka, parseAngkaId } from '../../../src/lib/format.ts';
import { bacaNilaiRealisasi } from '../../../src/views/realisasi/nilai.ts';
import type { Indikator, Skala } from '../../../src/domain/schemas.ts';

const nilai = (h: ReturnType<typeof hitungCapaian>) => (h.ok ? h.nilai : Number.NaN);
const [OPINI, SAKIP, ZONA] = SKALA_BAKU as [Skala, Skala, Skala];

describe('number and comparison targets (PermenPANRB 6/2022 Lampiran Bab VI A.1.b.1(e),(g))', () => {
  it('naik R/T, turun (2T−R)/T', () => {
    expect(nilai(hitungCapaian('naik', 80, 92))).toBeCloseTo(115, 9);
    expect(nilai(hitungCapaian('turun', 7, 6.5))).toBeCloseTo(107.142857, 5);
  });
  it('"≥ x" is graded as naik against x, "≤ x" as turun against x; the wrong direction is refused', () => {
    expect(nilai(hitungCapaian('naik', { op: '>=', nilai: 85 }, 85))).toBe(100);
    expect(nilai(hitungCapaian('naik', { op: '>', nilai: 80 }, 60))).toBeCloseTo(75, 9);
    expect(nilai(hitungCapaian('turun', { op: '<=', nilai: 2 }, 3))).toBeCloseTo(50, 9);
    expect(nilai(hitungCapaian('turun', { op: '<', nilai: 5 }, 4))).toBeCloseTo(120, 9);
    expect(hitungCapaian('naik', { op: '<=', nilai: 2 }, 1).ok).toBe(false);
    expect(hitungCapaian('rentang', { op: '>=', nilai: 2 }, 1).ok).toBe(false);
  });
});

describe('band on a naik/turun indicator (PermenPANRB 6/2022 Bab VI A.1.b.1(e) keterangan *)', () => {
  it('target 80–90: realisasi 92 → 92/90 = 102,22; 70 → 70/80 = 87,5; inside → 100', () => {
    expect(nilai(hitungCapaian('naik', [80, 90], 92))).toBeCloseTo(102.2222, 3);
    expect(nilai(hitungCapaian('naik', [80, 90], 70))).toBeCloseTo(87.5, 9);
    expect(nilai(hitungCapaian('naik', [80, 90], 85))).toBe(100);
  });
  it("turun, target 7–8 bulan: 6,5 → (2·7−6,5)/7 = 107,14; 9 → (2·8−9)/8 = 87,5 (the regulation's own examples)", () => {
    expect(nilai(hitungCapaian('turun', [7, 8], 6.5))).toBeCloseTo(107.142857, 5);
    expect(nilai(hitungCapaian('turun', [7, 8], 9))).toBeCloseTo(87.5, 9);
  });
  it('the two-sided band (polaritas rentang) stays separate: above the band is a shortfall', () => {
    expect(nilai(hitungCapaian('rentang', [2, 4], 5))).toBeCloseTo(75, 9);
    expect(nilai(hitungCapaian('rentang', [2, 4], 3))).toBe(100);
  });
});

describe('ordinal targets (docs/domain/target-capaian.md §Skala ordinal)', () => {
  const t = (x: string) => ({ tingkat: x });
  it('100 when reached; below: (r−1)/(t−1) of the steps climbed', () => {
    expect(nilai(hitungCapaian('naik', t('WTP'), peringkat(OPINI, 'WTP'), OPINI))).toBe(100);
    expect(nilai(hitungCapaian('naik', t('WDP'), peringkat(OPINI, 'WTP'), OPINI))).toBe(100);
    expect(nilai(hitungCapaian('naik', t('WTP'), peringkat(OPINI, 'WDP'), OPINI))).toBeCloseTo(66.667, 2);
    expect(nilai(hitungCapaian('naik', t('BB'), peringkat(SAKIP, 'B'), SAKIP))).toBeCloseTo(75, 9);
    expect(nilai(hitungCapaian('naik', t('Hijau'), peringkat(ZONA, 'Merah'), ZONA))).toBe(0);
    expect(hitungCapaian('naik', t('WTP'), 9, OPINI).ok).toBe(false);
    expect(hitungCapaian('naik', t('WTP'), 3, null).ok).toBe(false);
  });
  it('property: the scale order is respected (a higher level never scores lower)', () => {
    fc.assert(
      fc.property(fc.constantFrom(OPINI, SAKIP, ZONA), fc.nat(), fc.nat(), fc.nat(), (s, a, b, c) => {
        const n = s.tingkat.length;
        const target = s.tingkat[a % n]!;
        const [r1, r2] = [(b % n) + 1, (c % n) + 1].sort((x, y) => x - y) as [number, number];
        const c1 = nilai(hitungCapaian('naik', { tingkat: target }, r1, s));
        const c2 = nilai(hitungCapaian('naik', { tingkat: target }, r2, s));
        expect(c2).toBeGreaterThanOrEqual(c1);
        expect(c2).toBeLessThanOrEqual(100);
      }),
    );
  });
  it('the Realisasi grid takes a level name on an ordinal indicator', () => {
    expect(bacaNilaiRealisasi('wtp', { skala: OPINI })).toEqual({ ok: true, nilai: 4 });
    expect(bacaNilaiRealisasi('Biru', { skala: ZONA }).ok).toBe(false);
  });
});

describe('reading targets and numbers (docs/import.md §Angka)', () => {
  it('reads every kind from text', () => {
    expect(bacaTeksTarget('≥ 85')).toMatchObject({ ok: true, nilai: { op: '>=', nilai: 85 } });
    expect(bacaTeksTarget('maks 2,5')).toMatchObject({ ok: true, nilai: { op: '<=', nilai: 2.5 } });
    expect(bacaTeksTarget('80 - 90')).toMatchObject({ ok: true, nilai: [80, 90] });
    expect(bacaTeksTarget('-2')).toMatchObject({ ok: true, nilai: -2 });
    expect(bacaTeksTarget('WTP')).toMatchObject({ ok: true, nilai: { tingkat: 'WTP' } });
    expect(bacaTeksTarget('Zona Hijau', ZONA)).toMatchObject({ ok: true, nilai: { tingkat: 'Hijau' } });
  });
  it('the grid paste never rereads another convention: "59.89" and "10,274,076" are refused with the id-ID spelling', () => {
    expect(bacaAngka('59.89')).toMatchObject({ jenis: 'lain', lain: 59.89 });
    const a = parseAngkaId('59.89');
    expect(a.ok).toBe(false);
    if (!a.ok) expect(a.pesan).toContain('59,89');
    expect(bacaNilaiRealisasi('10,274,076', { skala: null }).ok).toBe(false);
    expect(bacaNilaiRealisasi('1.234,5', { skala: null })).toEqual({ ok: true, nilai: 1234.5 });
  });
  it("property: a value's digits survive store → screen → PDF text (formatTarget is what both print)", () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 }), (m, d) => {
        const n = m / 10 ** d;
        const teks = formatTarget(n);
        expect(formatNilai(n)).toBe(teks);
        const kembali = bacaAngka(teks);
        expect(kembali.id).toBe(n);
      }),
    );
    expect(formatTarget(0.822)).toBe('0,822');
  });
});

type Aturan = Pick<Indikator, 'polaritas' | 'agregasi' | 'targetTahunan' | 'targetTriwulan'>;
const NOW = new Date('2027-02-01T00:00:00Z');
const v = (nilai: number) => ({ nilai, tdi: false, alasanTdi: '' });

describe('quarters (docs/domain/target-capaian.md §Triwulan)', () => {
  it('issue example: 25 of 100 at TW I, no quarterly targets, kumulatif → 100 on the pro-rated target, not "Sangat Rendah"', () => {
    const e = evaluasiTriwulan({ polaritas: 'naik', agregasi: 'kumulatif', targetTahunan: 100, targetTriwulan: null }, [v(25), null, null, null], 2026, 1, NOW);
    expect(e).toMatchObject({ status: 'nilai', target: 25, jenisTarget: 'proporsional', capaian: 100 });
    expect(e.labelTarget).toContain('1/4');
  });
  it('a point-in-time indicator without quarterly targets gets progress without predikat until TW IV, then the annual grade', () => {
    const ind: Aturan = { polaritas: 'naik', agregasi: 'akhir', targetTahunan: 80, targetTriwulan: null };
    const tw2 = evaluasiTriwulan(ind, [v(40), v(60), null, null], 2026, 2, NOW);
    expect(tw2).toMatchObject({ status: 'progres', jenisTarget: 'progres', capaian: 75 });
    expect(nilaiUntukSkor(tw2)).toBeNull();
    const tw4 = evaluasiTriwulan(ind, [v(40), v(60), v(70), v(80)], 2026, 4, NOW);
    expect(tw4).toMatchObject({ status: 'nilai', jenisTarget: 'tahunan', capaian: 100 });
  });
  it('explicit per-quarter targets: cumulative never decreases and ends at the annual target; portions are summed', () => {
    expect(periksaTargetTriwulan({ agregasi: 'kumulatif', targetTahunan: 100, targetTriwulan: [25, 50, 75, 100] })).toEqual([]);
    expect(periksaTargetTriwulan({ agregasi: 'kumulatif', targetTahunan: 100, targetTriwulan: [25, 25, 25, 25] })[0]).toMatch(
      /harus sama dengan target tahunan/,
    );
    expect(periksaTargetTriwulan({ agregasi: 'kumulatif', targetTahunan: 100, targetTriwulan: [30, 20, 75, 100] })[0]).toMatch(/tidak boleh turun/);
    expect(porsiKeKumulatif([25, 25, 25, 25])).toEqual([25, 50, 75, 100]);
  });
  it('property: an OPD exactly on plan is on plan every quarter (predikat never below Sangat Tinggi, never graded as if the year were over)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ agregasi: fc.constantFrom('kumulatif', 'akhir', 'rata-rata' as const), t: fc.integer({ min: 1, max: 10_000 }), eksplisit: fc.boolean() }),
          { minLength: 1, maxLength: 6 },
        ),
        fc.constantFrom(1, 2, 3, 4 as const),
        (xs, tw) => {
          const skor: number[] = [];
          for (const x of xs) {
            const sd = [1, 2, 3, 4].map((n) => (x.agregasi === 'kumulatif' ? (x.t * n) / 4 : x.t));
            const per = x.agregasi === 'kumulatif' ? [x.t / 4, x.t / 4, x.t / 4, x.t / 4] : [x.t, x.t, x.t, x.t];
            const ind: Aturan = {
              polaritas: 'naik',
              agregasi: x.agregasi,
              targetTahunan: x.t,
              targetTriwulan: x.eksplisit ? (sd as [number, number, number, number]) : null,
            };
            const e = evaluasiTriwulan(ind, per.map(v), 2026, tw, NOW);
            const s = nilaiUntukSkor(e);
            if (s !== null) skor.push(s);
          }
          const c = skorOpd(skor);
          if (c !== null) expect(predikat(c).kode).toBe('sangat-tinggi');
        },
      ),
    );
  });
});
