/**
 * Reading and writing spreadsheets. The libraries (exceljs, write-excel-file, papaparse) are
 * imported dynamically so they stay out of the first load; callers `await import('./spreadsheet.ts')`
 * too. Everything runs offline, in the browser or in node (tests).
 */
import type { Lembar, Sel } from './impor-pk.ts';
import { muatLambat } from '../lib/muat-lambat.ts';

const muatExcel = muatLambat('pembaca XLSX', async () => (await import('exceljs')).default);
const muatPapa = muatLambat('CSV (papaparse)', async () => (await import('papaparse')).default);
const muatTulisXlsx = muatLambat('penulis XLSX', async () => (await import('write-excel-file/universal')).default);

/** A cell to write: text, number, empty, or a number with its XLSX number format (see ekspor.ts FORMAT). */
export type SelTulis = string | number | null | { nilai: number; format: string };

/** Reads the first sheet of an XLSX file, or a CSV file (`;` or `,` separated, detected). */
export async function bacaBerkas(file: Blob, nama: string): Promise<Sel[][]> {
  return (await bacaLembar(file, nama))[0]?.baris ?? [];
}

/**
 * Every sheet of an XLSX file (a CSV file is one sheet). XLSX numbers keep their number format
 * ({ angka, format }) so a percent cell (0,2071 shown as "20,71%") can be read as Excel shows it
 * (docs/import.md §Format angka XLSX): read-excel-file does not expose formats, exceljs does.
 * Merged cells give their value to the top-left cell only (the import carries a sasaran down).
 */
export async function bacaLembar(file: Blob, nama: string): Promise<Lembar[]> {
  const lower = nama.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || file.type === 'text/csv') {
    return [{ nama: nama.replace(/\.[^.]+$/, ''), baris: await bacaCsv(await file.text()) }];
  }
  if (!lower.endsWith('.xlsx')) throw new Error('Format berkas tidak didukung: gunakan .xlsx atau .csv');
  const ExcelJS = await muatExcel();
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(await file.arrayBuffer());
  } catch {
    throw new Error('Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX)');
  }
  const hasil: Lembar[] = [];
  wb.eachSheet((ws) => {
    const baris: Sel[][] = [];
    ws.eachRow({ includeEmpty: true }, (row, n) => {
      const r: Sel[] = [];
      row.eachCell({ includeEmpty: true }, (c, k) => {
        r[k - 1] = nilaiSel(c.value, c.numFmt, c.isMerged && c.master !== c);
      });
      baris[n - 1] = r;
    });
    for (let i = 0; i < baris.length; i++) baris[i] ??= [];
    hasil.push({ nama: ws.name, baris });
  });
  return hasil;
}

/** An exceljs cell value → Sel: numbers with their format, rich text and formulas as their text/result. */
function nilaiSel(v: unknown, format: string | undefined, salinanGabungan: boolean): Sel {
  if (salinanGabungan || v === null || v === undefined) return null;
  if (typeof v === 'number') return format && format !== 'General' ? { angka: v, format } : v;
  if (typeof v === 'string' || typeof v === 'boolean' || v instanceof Date) return v;
  if (typeof v === 'object') {
    const o = v as { richText?: { text: string }[]; result?: unknown; text?: string; error?: string };
    if (o.richText) return o.richText.map((t) => t.text).join('');
    if ('result' in o) return nilaiSel(o.result, format, false);
    if (typeof o.text === 'string') return o.text;
    if (o.error) return null;
  }
  return String(v);
}

export async function bacaCsv(teks: string): Promise<Sel[][]> {
  const Papa = await muatPapa();
  const hasil = Papa.parse<string[]>(teks.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', delimiter: '' });
  return hasil.data;
}

/**
 * XLSX Blob from rows (first row is the header, written bold). Texts are written as string cells and
 * numbers as number cells (never formulas: "=1+1" typed by a user stays the text "=1+1"); each
 * cell's type is set explicitly so a text that looks like a number (NIP, kode) stays text.
 */
export async function tulisXlsx(lembar: { nama: string; baris: SelTulis[][]; lebar?: number[] }[]): Promise<Blob> {
  const writeXlsxFile = await muatTulisXlsx();
  const sheets = lembar.map((l) => ({
    sheet: l.nama.slice(0, 31),
    data: l.baris.map((r, i) =>
      r.map((v) =>
        i === 0
          ? {
              value: typeof v === 'object' && v !== null ? v.nilai : (v ?? ''),
              type: typeof v === 'object' && v !== null ? Number : String,
              fontWeight: 'bold' as const,
            }
          : typeof v === 'object' && v !== null
            ? { value: v.nilai, type: Number, format: v.format }
            : typeof v === 'number'
              ? { value: v, type: Number }
              : v === null
                ? null
                : { value: v, type: String },
      ),
    ),
    columns: l.lebar?.map((width) => ({ width })),
    stickyRowsCount: 1,
  }));
  return writeXlsxFile(sheets as never).toBlob();
}

/** A text cell that a spreadsheet would run as a formula (or a DDE command): = + - @ tab CR first. */
const AWAL_RUMUS = /^[=+\-@\t\r]/;

/**
 * Neutralises a TEXT cell against CSV/formula injection (OWASP "CSV Injection"; the same rule and
 * the same leading apostrophe as papaparse's `escapeFormulae`): "=HYPERLINK(…)" → "'=HYPERLINK(…)".
 * Applied here rather than through papaparse because the numbers are handed to papaparse as text
 * (decimal comma) and a negative number must stay a number. docs/offline.md §5.
 */
export function netralkanRumus(teks: string): string {
  return AWAL_RUMUS.test(teks) ? `'${teks}` : teks;
}

/**
 * CSV text with `;` separators (what a spreadsheet set to Indonesian expects, since the decimal
 * comma would clash with `,`), UTF-8 BOM so Excel reads the accents correctly. Numbers are written
 * with a decimal comma; texts are neutralised (`netralkanRumus`), so a cell typed as "=1+1" or
 * "@SUM(…)" arrives as text, never as a formula.
 */
export async function tulisCsv(baris: SelTulis[][]): Promise<string> {
  const Papa = await muatPapa();
  const angka = (n: number) => String(n).replace('.', ',');
  const teks = baris.map((r) =>
    r.map((v) => (typeof v === 'number' ? angka(v) : typeof v === 'object' && v !== null ? angka(v.nilai) : netralkanRumus(v ?? ''))),
  );
  return '\uFEFF' + Papa.unparse(teks, { delimiter: ';' });
}

/** Offers a Blob as a download (browser only). */
export function unduh(blob: Blob, namaBerkas: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = namaBerkas;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
