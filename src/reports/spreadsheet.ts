/**
 * Reading and writing spreadsheets. The libraries (read-excel-file, write-excel-file, papaparse) are
 * imported dynamically so they stay out of the first load; callers `await import('./spreadsheet.ts')`
 * too. Everything runs offline, in the browser or in node (tests).
 */
import type { Sel } from './impor-pk.ts';

/** A cell to write: text, number, empty, or a number with its XLSX number format (see ekspor.ts FORMAT). */
export type SelTulis = string | number | null | { nilai: number; format: string };

/** Reads the first sheet of an XLSX file, or a CSV file (`;` or `,` separated, detected). */
export async function bacaBerkas(file: Blob, nama: string): Promise<Sel[][]> {
  const lower = nama.toLowerCase();
  if (lower.endsWith('.csv') || lower.endsWith('.txt') || file.type === 'text/csv') {
    return bacaCsv(await file.text());
  }
  if (!lower.endsWith('.xlsx')) throw new Error('Format berkas tidak didukung: gunakan .xlsx atau .csv');
  const { readSheet } = await import('read-excel-file/universal');
  try {
    return (await readSheet(file)) as Sel[][];
  } catch {
    throw new Error('Berkas XLSX tidak dapat dibaca (rusak atau bukan XLSX)');
  }
}

export async function bacaCsv(teks: string): Promise<Sel[][]> {
  const Papa = (await import('papaparse')).default;
  const hasil = Papa.parse<string[]>(teks.replace(/^\uFEFF/, ''), { skipEmptyLines: 'greedy', delimiter: '' });
  return hasil.data;
}

/** XLSX Blob from rows (first row is the header, written bold). */
export async function tulisXlsx(lembar: { nama: string; baris: SelTulis[][]; lebar?: number[] }[]): Promise<Blob> {
  const writeXlsxFile = (await import('write-excel-file/universal')).default;
  const sheets = lembar.map((l) => ({
    sheet: l.nama.slice(0, 31),
    data: l.baris.map((r, i) =>
      r.map((v) =>
        i === 0 ? { value: typeof v === 'object' && v !== null ? v.nilai : (v ?? ''), fontWeight: 'bold' as const }
        : typeof v === 'object' && v !== null ? { value: v.nilai, type: Number, format: v.format }
        : v,
      ),
    ),
    columns: l.lebar?.map((width) => ({ width })),
    stickyRowsCount: 1,
  }));
  return writeXlsxFile(sheets as never).toBlob();
}

/**
 * CSV text with `;` separators (what a spreadsheet set to Indonesian expects, since the decimal
 * comma would clash with `,`), UTF-8 BOM so Excel reads the accents correctly.
 */
export async function tulisCsv(baris: SelTulis[][]): Promise<string> {
  const Papa = (await import('papaparse')).default;
  const angka = (n: number) => String(n).replace('.', ',');
  const teks = baris.map((r) => r.map((v) => (typeof v === 'number' ? angka(v) : typeof v === 'object' && v !== null ? angka(v.nilai) : (v ?? ''))));
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
