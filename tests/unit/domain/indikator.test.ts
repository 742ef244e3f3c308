import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  evaluasiMilestone,
  evaluasiTriwulan,
  keyRealisasi,
  nilaiUntukSkor,
  rantaiIndikator,
  realisasiPerTriwulan,
  targetUntuk,
  type NilaiRealisasi,
} from '../../../src/domain/indikator.ts';
import type { Indikator } from '../../../src/domain/schemas.ts';

type Aturan = Pick<Indikator, 'polaritas' | 'agregasi' | 'targetTahunan' | 'targetTriwulan'>;
const ind = (x: Partial<Aturan> = {}): Aturan => ({ polaritas: 'naik', agregasi: 'kumulatif', targetTahunan: 100, targetTriwulan: null, ...x });
const v = (nilai: number | null): NilaiRealisasi => ({ nilai, tdi: false, alasanTdi: '' });
const tdi = (alasan: string): NilaiRealisasi => ({ nilai: null, tdi: true, alasanTdi: alasan });
const NOV_2026 = new Date('2026-11-23T03:00:00Z');

describe('targetUntuk', () => {
  // docs/domain/target-capaian.md §Triwulan: own quarterly target, else pro-rated (kumulatif) or progress (akhir).
  it('quarterly target when set, else the convention of docs/domain/target-capaian.md §Triwulan', () => {
    expect(targetUntuk(ind({ targetTriwulan: [10, 40, 70, 100] }), 2)).toEqual({ target: 40, jenis: 'triwulan' });
    expect(targetUntuk(ind(), 2)).toEqual({ target: 50, jenis: 'proporsional' });
    expect(targetUntuk(ind({ targetTriwulan: [null, null, null, 100], targetTahunan: 100 }), 1)).toEqual({ target: 25, jenis: 'proporsional' });
    expect(targetUntuk(ind({ agregasi: 'akhir' }), 1)).toEqual({ target: 100, jenis: 'progres' });
    expect(targetUntuk(ind({ agregasi: 'akhir' }), 4)).toEqual({ target: 100, jenis: 'tahunan' });
    expect(targetUntuk(ind({ targetTahunan: null }), 1)).toEqual({ target: null, jenis: null });
  });
});

describe('targetUntuk: count units get whole quarter targets (docs/domain/target-capaian.md §Triwulan)', () => {
  const cacah = (satuan: string, targetTahunan: Aturan['targetTahunan']) => ({ ...ind({ targetTahunan }), satuan });
  const perTw = (x: Aturan & { satuan?: string }) => ([1, 2, 3, 4] as const).map((tw) => targetUntuk(x, tw).target);

  it('10 orang without quarterly targets: 3, 5, 8, 10 — whole people, the year ends on the annual target', () => {
    expect(perTw(cacah('orang', 10))).toEqual([3, 5, 8, 10]);
    // Nothing whole is due at TW I: progress towards the annual target, never an unmeasurable 0.
    expect(perTw(cacah('Dokumen', 1))).toEqual([1, 1, 1, 1]);
    expect(targetUntuk(cacah('Dokumen', 1), 1)).toEqual({ target: 1, jenis: 'progres' });
    expect(targetUntuk(cacah('Dokumen', 1), 2)).toEqual({ target: 1, jenis: 'proporsional' });
    expect(perTw(cacah(' desa ', 7))).toEqual([2, 4, 5, 7]);
    expect(perTw(cacah('kali', 6))).toEqual([2, 3, 5, 6]);
  });
  it('bands and comparisons of a count are rounded too; a level target is untouched', () => {
    expect(targetUntuk(cacah('unit', [10, 18]), 1).target).toEqual([3, 5]);
    expect(targetUntuk(cacah('kegiatan', { op: '>=', nilai: 6 }), 3).target).toEqual({ op: '>=', nilai: 5 });
    expect(targetUntuk(cacah('dokumen', { tingkat: 'WTP' }), 1)).toEqual({ target: { tingkat: 'WTP' }, jenis: 'progres' });
  });
  it('percentages and other measures keep their exact proportion', () => {
    expect(perTw(cacah('%', 10))).toEqual([2.5, 5, 7.5, 10]);
    expect(perTw(cacah('km', 10))).toEqual([2.5, 5, 7.5, 10]);
    expect(perTw(ind({ targetTahunan: 10 }))).toEqual([2.5, 5, 7.5, 10]);
  });
  it('property: a count target s.d. TWn is whole, never decreases and TW IV is the annual target exactly; a share that rounds to 0 shows progress', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1_000_000 }), (t) => {
        const r = ([1, 2, 3, 4] as const).map((tw) => targetUntuk(cacah('orang', t), tw));
        expect(r[3]).toEqual({ target: t, jenis: 'tahunan' });
        let sebelum = 0;
        for (let i = 0; i < 3; i++) {
          const x = r[i]!.target as number;
          if (r[i]!.jenis === 'progres') {
            // Only where no whole person is due yet, against the annual target.
            expect(t).toBeGreaterThan(0);
            expect(Math.round((t * (i + 1)) / 4)).toBe(0);
            expect(x).toBe(t);
            continue;
          }
          expect(r[i]!.jenis).toBe('proporsional');
          expect(Number.isInteger(x)).toBe(true);
          expect(x).toBeGreaterThanOrEqual(sebelum);
          expect(Math.abs(x - (t * (i + 1)) / 4)).toBeLessThanOrEqual(0.5);
          sebelum = x;
        }
      }),
    );
  });
});

describe('evaluasiTriwulan', () => {
  it('kumulatif against quarterly targets', () => {
    const e = evaluasiTriwulan(ind({ targetTriwulan: [25, 50, 75, 100] }), [v(20), v(20), v(20), null], 2026, 3, NOV_2026);
    expect(e).toMatchObject({ status: 'nilai', target: 75, jenisTarget: 'triwulan', realisasi: 60, capaian: 80 });
  });

  it('without quarterly targets a kumulatif TWn is measured against the pro-rated annual target (docs/domain/target-capaian.md §Triwulan)', () => {
    const e = evaluasiTriwulan(ind(), [v(20), v(20), v(20), null], 2026, 3, NOV_2026);
    expect(e).toMatchObject({ status: 'nilai', target: 75, jenisTarget: 'proporsional', realisasi: 60, capaian: 80 });
  });

  it('akhir turun: latest value against the target', () => {
    const e = evaluasiTriwulan(ind({ polaritas: 'turun', agregasi: 'akhir', targetTahunan: 10 }), [v(12), v(11), v(9), null], 2026, 3, NOV_2026);
    expect(e.realisasi).toBe(9);
    expect(e.capaian).toBeCloseTo(110, 9);
  });

  it('TDI in the quarter is a state, counting 0 in the score', () => {
    const e = evaluasiTriwulan(ind(), [v(20), v(20), tdi('Data BPS belum terbit'), null], 2026, 3, NOV_2026);
    expect(e.status).toBe('tdi');
    expect(e.alasan).toBe('Data BPS belum terbit');
    expect(e.capaian).toBeNull();
    expect(nilaiUntukSkor(e)).toBe(0);
  });

  it('a TDI quarter is skipped when aggregating a later quarter', () => {
    const e = evaluasiTriwulan(ind(), [v(20), tdi('x'), v(30), null], 2026, 3, NOV_2026);
    expect(e).toMatchObject({ status: 'nilai', realisasi: 50, target: 75 });
    expect(e.capaian).toBeCloseTo(66.667, 2);
  });

  it('a quarter not yet ended without a value is belum jatuh tempo', () => {
    const e = evaluasiTriwulan(ind(), [v(20), v(20), v(20), null], 2026, 4, NOV_2026);
    expect(e.status).toBe('belum-jatuh-tempo');
    expect(nilaiUntukSkor(e)).toBeNull();
  });

  it('a quarter without its quarterly target and without value is belum jatuh tempo', () => {
    const e = evaluasiTriwulan(ind({ targetTriwulan: [null, null, null, 100] }), [null, null, null, null], 2026, 2, NOV_2026);
    expect(e.status).toBe('belum-jatuh-tempo');
  });

  it('a due quarter without value is belum diisi (excluded from the score, counted apart)', () => {
    const e = evaluasiTriwulan(ind(), [v(20), v(20), null, null], 2026, 3, NOV_2026);
    expect(e.status).toBe('belum-diisi');
    expect(e.realisasi).toBe(40);
    expect(nilaiUntukSkor(e)).toBeNull();
  });

  it('a value reported early for a quarter not yet ended is scored', () => {
    const e = evaluasiTriwulan(ind(), [v(30), v(30), v(30), v(20)], 2026, 4, NOV_2026);
    expect(e.status).toBe('nilai');
    expect(e.capaian).toBeCloseTo(110, 9);
  });

  it('naik with target 0 is tidak-terhitung with the reason', () => {
    const e = evaluasiTriwulan(ind({ targetTahunan: 0 }), [v(5), null, null, null], 2026, 1, NOV_2026);
    expect(e.status).toBe('tidak-terhitung');
    expect(e.alasan).toContain('Target 0');
    expect(nilaiUntukSkor(e)).toBeNull();
  });

  it('annual evaluation uses the annual target', () => {
    const e = evaluasiTriwulan(ind({ targetTriwulan: [10, 20, 30, 90], targetTahunan: 100 }), [v(25), v(25), v(25), v(25)], 2025, 4, NOV_2026, {
      tahunan: true,
    });
    expect(e).toMatchObject({ status: 'nilai', target: 100, jenisTarget: 'tahunan', capaian: 100 });
  });

  it('property: capaian is finite and ≥ 0 whenever status is nilai', () => {
    const nilai = fc.option(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { nil: null });
    fc.assert(
      fc.property(
        fc.array(nilai, { minLength: 4, maxLength: 4 }),
        fc.constantFrom('naik', 'turun', 'rentang' as const),
        fc.constantFrom('kumulatif', 'akhir', 'rata-rata' as const),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }),
        fc.constantFrom(1, 2, 3, 4 as const),
        (vals, polaritas, agregasi, t, tw) => {
          const e = evaluasiTriwulan(
            ind({ polaritas, agregasi, targetTahunan: t }),
            vals.map((x) => (x === null ? null : v(x))),
            2026,
            tw,
            NOV_2026,
          );
          if (e.status === 'nilai' || e.status === 'progres') {
            expect(Number.isFinite(e.capaian)).toBe(true);
            expect(e.capaian!).toBeGreaterThanOrEqual(0);
          } else expect(e.capaian).toBeNull();
        },
      ),
    );
  });
});

describe('evaluasiMilestone', () => {
  const m = { polaritas: 'naik' as const, targetMilestone: { '100H': 10, '6B': 50, '1T': 100 } };
  it('computes against the milestone target and returns the due date', () => {
    const e = evaluasiMilestone(m, v(8), '100H', '2026-01-02', NOV_2026);
    expect(e).toMatchObject({ status: 'nilai', capaian: 80, jatuhTempo: '2026-04-12', jenisTarget: 'milestone' });
  });
  it('before the due date without a value: belum jatuh tempo; after: belum diisi', () => {
    expect(evaluasiMilestone(m, null, '1T', '2026-01-02', NOV_2026).status).toBe('belum-jatuh-tempo');
    expect(evaluasiMilestone(m, null, '6B', '2026-01-02', NOV_2026).status).toBe('belum-diisi');
  });
  it('TDI and missing target', () => {
    expect(evaluasiMilestone(m, tdi('Survei batal'), '6B', '2026-01-02', NOV_2026)).toMatchObject({ status: 'tdi', alasan: 'Survei batal' });
    expect(evaluasiMilestone({ polaritas: 'naik', targetMilestone: null }, null, '6B', '2026-01-02', NOV_2026).status).toBe('belum-jatuh-tempo');
    expect(evaluasiMilestone({ polaritas: 'naik', targetMilestone: null }, v(3), '6B', '2026-01-02', NOV_2026).status).toBe('tidak-terhitung');
  });
});

describe('lineage across PK versions', () => {
  const byId = new Map([
    ['v3', { indikatorAsalId: 'v2' }],
    ['v2', { indikatorAsalId: 'v1' }],
    ['v1', { indikatorAsalId: null }],
    ['c1', { indikatorAsalId: 'c2' }],
    ['c2', { indikatorAsalId: 'c1' }],
  ]);
  it('rantaiIndikator walks back to the original, newest first, and stops on cycles', () => {
    expect(rantaiIndikator('v3', byId)).toEqual(['v3', 'v2', 'v1']);
    expect(rantaiIndikator('v1', byId)).toEqual(['v1']);
    expect(rantaiIndikator('c1', byId)).toEqual(['c1', 'c2']);
    expect(rantaiIndikator('unknown', byId)).toEqual(['unknown']);
  });

  it('realisasi reported before the amendment keep pointing at the old version and still count', () => {
    const r = new Map<string, NilaiRealisasi>([
      [keyRealisasi('v1', 'TW1'), v(10)],
      [keyRealisasi('v1', 'TW2'), v(20)],
      [keyRealisasi('v2', 'TW3'), v(30)],
      [keyRealisasi('v1', 'TW3'), v(999)], // stale value on the old version: the newer wins
    ]);
    const per = realisasiPerTriwulan(['v2', 'v1'], r);
    expect(per.map((x) => x?.nilai ?? null)).toEqual([10, 20, 30, null]);
  });
});
