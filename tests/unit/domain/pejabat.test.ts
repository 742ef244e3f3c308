import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { peringkatOpd, usulStatusPejabat } from '../../../src/domain/pejabat.ts';

describe('usulStatusPejabat (PP 11/2017 pasal 142)', () => {
  it('capaian at or above the threshold → memenuhi', () => {
    expect(usulStatusPejabat({ capaian: 100, ambang: 100, tanggalEvaluasi: '2026-01-31' })).toMatchObject({ status: 'memenuhi', batasPerbaikan: null });
    expect(usulStatusPejabat({ capaian: 85, ambang: 80, tanggalEvaluasi: '2026-01-31' }).status).toBe('memenuhi');
  });

  it('below → masa perbaikan 6 bulan with its due date', () => {
    const u = usulStatusPejabat({ capaian: 92.5, ambang: 100, tanggalEvaluasi: '2026-01-31' });
    expect(u.status).toBe('masa-perbaikan');
    expect(u.batasPerbaikan).toBe('2026-07-31');
    expect(u.alasan).toContain('92,5');
  });

  it('below while a previous masa perbaikan still runs → keeps its due date', () => {
    const u = usulStatusPejabat({
      capaian: 90,
      ambang: 100,
      tanggalEvaluasi: '2026-04-30',
      sebelumnya: { statusUsulan: 'masa-perbaikan', statusDitetapkan: 'masa-perbaikan', batasPerbaikan: '2026-07-31' },
    });
    expect(u).toMatchObject({ status: 'masa-perbaikan', batasPerbaikan: '2026-07-31' });
  });

  it('below after the masa perbaikan ended → seleksi ulang', () => {
    const u = usulStatusPejabat({
      capaian: 90,
      ambang: 100,
      tanggalEvaluasi: '2026-07-31',
      sebelumnya: { statusUsulan: 'masa-perbaikan', statusDitetapkan: null, batasPerbaikan: '2026-07-31' },
    });
    expect(u.status).toBe('seleksi-ulang');
  });

  it('the confirmed status wins over the proposal', () => {
    const u = usulStatusPejabat({
      capaian: 90,
      ambang: 100,
      tanggalEvaluasi: '2027-01-31',
      sebelumnya: { statusUsulan: 'masa-perbaikan', statusDitetapkan: 'memenuhi', batasPerbaikan: '2026-07-31' },
    });
    expect(u).toMatchObject({ status: 'masa-perbaikan', batasPerbaikan: '2027-07-31' });
  });

  it('recovering above the threshold → memenuhi even after a masa perbaikan', () => {
    const u = usulStatusPejabat({
      capaian: 101,
      ambang: 100,
      tanggalEvaluasi: '2026-08-31',
      sebelumnya: { statusUsulan: 'masa-perbaikan', statusDitetapkan: 'masa-perbaikan', batasPerbaikan: '2026-07-31' },
    });
    expect(u.status).toBe('memenuhi');
  });

  it('no capaian → no proposal, with a reason', () => {
    expect(usulStatusPejabat({ capaian: null, ambang: 100, tanggalEvaluasi: '2026-01-31' })).toEqual({ status: null, batasPerbaikan: null, alasan: 'Capaian tahunan belum dapat dihitung' });
  });

  it('property: status memenuhi iff capaian ≥ ambang', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 200, noNaN: true }), fc.double({ min: 0, max: 200, noNaN: true }), (c, a) => {
        const u = usulStatusPejabat({ capaian: c, ambang: a, tanggalEvaluasi: '2026-01-31' });
        expect(u.status === 'memenuhi').toBe(c >= a);
      }),
    );
  });
});

describe('peringkatOpd', () => {
  it('competition ranking with ties, reward for the best, sanction for the lowest', () => {
    const p = peringkatOpd([
      { opdId: 'a', capaian: 80 },
      { opdId: 'b', capaian: 98 },
      { opdId: 'c', capaian: 95 },
      { opdId: 'd', capaian: 95 },
      { opdId: 'e', capaian: 40 },
      { opdId: 'f', capaian: null },
      { opdId: 'g', capaian: 93 },
    ]);
    expect(p.map((x) => [x.opdId, x.peringkat, x.kategori])).toEqual([
      ['b', 1, 'penghargaan'],
      ['c', 2, 'penghargaan'],
      ['d', 2, 'penghargaan'],
      ['g', 4, 'biasa'],
      ['a', 5, 'biasa'],
      ['e', 6, 'sanksi'],
      ['f', null, 'biasa'],
    ]);
  });

  it('no reward below the reward threshold even at rank 1', () => {
    const p = peringkatOpd([{ opdId: 'a', capaian: 85 }], { ambangPenghargaan: 91 });
    expect(p[0]).toMatchObject({ peringkat: 1, kategori: 'biasa' });
  });

  it('property: ranks are non-decreasing and capaian non-increasing along the list', () => {
    fc.assert(
      fc.property(fc.array(fc.option(fc.double({ min: 0, max: 150, noNaN: true }), { nil: null }), { maxLength: 40 }), (cs) => {
        const p = peringkatOpd(cs.map((c, i) => ({ opdId: String(i), capaian: c })));
        expect(p).toHaveLength(cs.length);
        const dinilai = p.filter((x) => x.peringkat !== null);
        for (let i = 1; i < dinilai.length; i++) {
          expect(dinilai[i]!.peringkat!).toBeGreaterThanOrEqual(dinilai[i - 1]!.peringkat!);
          expect(dinilai[i]!.capaian!).toBeLessThanOrEqual(dinilai[i - 1]!.capaian!);
        }
      }),
    );
  });
});
