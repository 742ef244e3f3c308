/**
 * Exports are safe to open in a spreadsheet (docs/offline.md §5; OWASP "CSV Injection", the rule of
 * papaparse's escapeFormulae): a text cell starting with = + - @, tab or CR is written with a leading
 * apostrophe in CSV; in XLSX texts are string cells and numbers number cells, never formulas.
 */
import { describe, expect, it } from 'vitest';
import { bacaCsv, bacaLembar, netralkanRumus, tulisCsv, tulisXlsx } from '../../../src/reports/spreadsheet.ts';

const BAHAYA = ['=HYPERLINK("http://x","klik")', '+1+1', '-2+3', '@SUM(A1)', '\tTAB', '\rCR'];

describe('CSV', () => {
  it('neutralises every text cell that a spreadsheet would run as a formula', async () => {
    for (const t of BAHAYA) expect(netralkanRumus(t)).toBe(`'${t}`);
    for (const t of ['Dinas Kesehatan', 'a=b', '100 %', '']) expect(netralkanRumus(t)).toBe(t);
    const csv = await tulisCsv([['Uraian', 'Nilai'], ...BAHAYA.map((t, i) => [t, i - 2.5])]);
    const baris = (await bacaCsv(csv)).slice(1);
    expect(baris.map((b) => b[0])).toEqual(BAHAYA.map((t) => `'${t}`));
    // Numbers (negative ones included) stay plain numbers with a decimal comma.
    expect(baris.map((b) => b[1])).toEqual(['-2,5', '-1,5', '-0,5', '0,5', '1,5', '2,5']);
  });
});

describe('XLSX', () => {
  it('keeps texts as strings and numbers as numbers, formulas never', async () => {
    const blob = await tulisXlsx([
      {
        nama: 'Uji',
        baris: [
          ['Teks', 'Angka', 'NIP'],
          ['=1+1', 12.5, '198001012005011001'],
          ['@SUM(A1)', -3, '007'],
          [null, 0, 'Dinkes'],
        ],
      },
    ]);
    // Read back with the import's own reader (exceljs): a formula cell would come back as an object.
    const rows = (await bacaLembar(blob, 'uji.xlsx'))[0]!.baris;
    expect(rows.slice(1)).toEqual([
      ['=1+1', 12.5, '198001012005011001'],
      ['@SUM(A1)', -3, '007'],
      [null, 0, 'Dinkes'],
    ]);
  });
});
