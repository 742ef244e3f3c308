import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { arahDariTombol, selBerikut, pecahTempelan, petakanTempelan } from '../../../src/components/grid.ts';
import { queryHash, angkaQuery } from '../../../src/lib/router.svelte.ts';
import { targetPeriode, punyaMilestone } from '../../../src/views/realisasi/periode.ts';

describe('arahDariTombol', () => {
  it('maps Tab/Enter with and without Shift', () => {
    expect(arahDariTombol({ key: 'Tab', shiftKey: false })).toBe('kanan');
    expect(arahDariTombol({ key: 'Tab', shiftKey: true })).toBe('kiri');
    expect(arahDariTombol({ key: 'Enter', shiftKey: false })).toBe('bawah');
    expect(arahDariTombol({ key: 'Enter', shiftKey: true })).toBe('atas');
    expect(arahDariTombol({ key: 'a', shiftKey: false })).toBeNull();
    expect(arahDariTombol({ key: 'Enter', shiftKey: false, ctrlKey: true })).toBeNull();
  });
});

describe('selBerikut', () => {
  it('Enter goes down within the column and stops at the edge', () => {
    expect(selBerikut({ baris: 0, kolom: 1 }, 'bawah', 3, 2)).toEqual({ baris: 1, kolom: 1 });
    expect(selBerikut({ baris: 2, kolom: 1 }, 'bawah', 3, 2)).toBeNull();
    expect(selBerikut({ baris: 0, kolom: 0 }, 'atas', 3, 2)).toBeNull();
  });
  it('Tab wraps row-major', () => {
    expect(selBerikut({ baris: 0, kolom: 1 }, 'kanan', 3, 2)).toEqual({ baris: 1, kolom: 0 });
    expect(selBerikut({ baris: 1, kolom: 0 }, 'kiri', 3, 2)).toEqual({ baris: 0, kolom: 1 });
    expect(selBerikut({ baris: 2, kolom: 1 }, 'kanan', 3, 2)).toBeNull();
  });
  it('skips read-only cells', () => {
    const bisa = (p: { baris: number }) => p.baris !== 1;
    expect(selBerikut({ baris: 0, kolom: 0 }, 'bawah', 3, 1, bisa)).toEqual({ baris: 2, kolom: 0 });
    expect(selBerikut({ baris: 0, kolom: 0 }, 'bawah', 2, 1, bisa)).toBeNull();
  });
  it('never leaves the grid and Tab then Shift-Tab returns to the start (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), fc.integer({ min: 1, max: 5 }), fc.nat(), fc.nat(), (n, m, a, b) => {
        const start = { baris: a % n, kolom: b % m };
        const maju = selBerikut(start, 'kanan', n, m);
        if (maju) {
          expect(maju.baris).toBeLessThan(n);
          expect(maju.kolom).toBeLessThan(m);
          expect(selBerikut(maju, 'kiri', n, m)).toEqual(start);
        } else {
          expect(start).toEqual({ baris: n - 1, kolom: m - 1 });
        }
      }),
    );
  });
});

describe('pecahTempelan / petakanTempelan', () => {
  it('splits a spreadsheet column, dropping the trailing newline', () => {
    expect(pecahTempelan('1.234,5\r\n87\r\n\r\n')).toEqual([['1.234,5'], ['87']]);
  });
  it('leaves a single value to the browser', () => {
    expect(pecahTempelan('12,5')).toBeNull();
    expect(pecahTempelan('12,5\n')).toBeNull();
  });
  it('splits tab-separated columns', () => {
    expect(pecahTempelan('1\t2\n3\t4')).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
  });
  it('keeps empty lines in the middle (a blank spreadsheet cell stays positional)', () => {
    expect(pecahTempelan('1\n\n3')).toEqual([['1'], [''], ['3']]);
  });
  it('maps cells from the start cell and counts what falls outside', () => {
    const r = petakanTempelan(
      [
        ['a', 'b'],
        ['c', 'd'],
        ['e', 'f'],
      ],
      { baris: 1, kolom: 1 },
      3,
      2,
    );
    expect(r.isi).toEqual([
      { posisi: { baris: 1, kolom: 1 }, teks: 'a' },
      { posisi: { baris: 2, kolom: 1 }, teks: 'c' },
    ]);
    expect(r.terpotong).toBe(4);
  });
});

describe('targetPeriode', () => {
  const base = { targetTahunan: 100, targetTriwulan: null, targetMilestone: null };
  it('uses the annual target without quarterly targets', () => {
    expect(targetPeriode(base, 'TW2')).toBe(100);
  });
  it('uses the quarterly target when set, else the annual one', () => {
    const ind = { ...base, targetTriwulan: [25, null, 75, 100] as [number | null, number | null, number | null, number | null] };
    expect(targetPeriode(ind, 'TW1')).toBe(25);
    expect(targetPeriode(ind, 'TW2')).toBe(100);
    expect(targetPeriode(ind, 'TW3')).toBe(75);
  });
  it('reads milestone targets and reports their presence', () => {
    const ind = { ...base, targetMilestone: { '100H': [10, 20] as [number, number] } };
    expect(targetPeriode(ind, '100H')).toEqual([10, 20]);
    expect(targetPeriode(ind, '6B')).toBeNull();
    expect(punyaMilestone(ind, '100H')).toBe(true);
    expect(punyaMilestone(ind, '6B')).toBe(false);
    expect(punyaMilestone(ind, 'TW1')).toBe(false);
  });
});

describe('query', () => {
  it('parses the hash query with bounds', () => {
    const q = queryHash('#/realisasi?opd=abc&tahun=2026&tw=7');
    expect(q.get('opd')).toBe('abc');
    expect(angkaQuery(q, 'tahun', 2000, 2100, 1)).toBe(2026);
    expect(angkaQuery(q, 'tw', 1, 4, 1)).toBe(1);
    expect(queryHash('#/realisasi').get('opd')).toBeNull();
  });
});

describe('teksSel', () => {
  it('formats stored numbers as editable id-ID text that parses back exactly', async () => {
    const { teksSel } = await import('../../../src/components/tampil.ts');
    const { parseAngka } = await import('../../../src/lib/format.ts');
    expect(teksSel(1232594000)).toBe('1.232.594.000');
    expect(teksSel(86.64)).toBe('86,64');
    expect(teksSel(null)).toBe('');
    fc.assert(
      fc.property(fc.double({ min: -1e12, max: 1e12, noNaN: true }), (n) => {
        const r = Math.round(n * 1e6) / 1e6;
        expect(parseAngka(teksSel(r))).toBeCloseTo(r, 6);
      }),
    );
  });
});

describe('statusSel', () => {
  it('error beats typing beats sync status; empty cells show nothing', async () => {
    const { statusSel } = await import('../../../src/components/tampil.ts');
    const dasar = { galat: undefined, draf: undefined, teksTersimpan: '5', adaRecord: true, sinkron: undefined };
    expect(statusSel({ ...dasar, galat: 'bukan angka', draf: 'x' })).toBe('galat');
    expect(statusSel({ ...dasar, draf: '6' })).toBe('draf');
    expect(statusSel({ ...dasar, draf: '5' })).toBe('lokal');
    expect(statusSel({ ...dasar, sinkron: 'ditolak' })).toBe('ditolak');
    expect(statusSel({ ...dasar, sinkron: 'tersinkron' })).toBe('tersinkron');
    expect(statusSel({ ...dasar, adaRecord: false, teksTersimpan: '' })).toBeNull();
  });
});

describe('the Realisasi screen and the header agree on the period', () => {
  it('a link names the year and quarter the header must show; what it leaves out comes from the header', async () => {
    const { konteksDariQuery } = await import('../../../src/views/realisasi/periode.ts');
    const aktif = { tahun: 2026, triwulan: 3 as const };
    expect(konteksDariQuery(queryHash('#/realisasi?opd=X&tahun=2026&tw=4'), aktif)).toEqual({ opdId: 'X', tahun: 2026, triwulan: 4, milestone: null });
    expect(konteksDariQuery(queryHash('#/realisasi'), aktif)).toEqual({ opdId: null, tahun: 2026, triwulan: 3, milestone: null });
    expect(konteksDariQuery(queryHash('#/realisasi?tahun=2025&periode=TW2'), aktif)).toMatchObject({ tahun: 2025, triwulan: 2, milestone: null });
    expect(konteksDariQuery(queryHash('#/realisasi?periode=100H'), aktif)).toMatchObject({ triwulan: 3, milestone: '100H' });
    expect(konteksDariQuery(queryHash('#/realisasi?tw=9&tahun=1900&periode=xx'), aktif)).toMatchObject({ tahun: 2026, triwulan: 3, milestone: null });
  });

  it('the grid shows the header quarter, or a milestone picked while that quarter was active', async () => {
    const { periodeTampil } = await import('../../../src/views/realisasi/periode.ts');
    expect(periodeTampil(4, null)).toBe('TW4');
    expect(periodeTampil(2, { kode: '100H', triwulan: 2 })).toBe('100H');
    // The header moved to another quarter: the grid follows it.
    expect(periodeTampil(3, { kode: '100H', triwulan: 2 })).toBe('TW3');
  });

  it('the address names what is on screen', async () => {
    const { hashRealisasi, konteksDariQuery } = await import('../../../src/views/realisasi/periode.ts');
    expect(hashRealisasi('X', 2026, 'TW4')).toBe('#/realisasi?opd=X&tahun=2026&tw=4');
    expect(hashRealisasi('', 2026, '6B')).toBe('#/realisasi?tahun=2026&periode=6B');
    const k = konteksDariQuery(queryHash(hashRealisasi('X', 2027, 'TW1')), { tahun: 2026, triwulan: 3 });
    expect(k).toEqual({ opdId: 'X', tahun: 2027, triwulan: 1, milestone: null });
  });
});
