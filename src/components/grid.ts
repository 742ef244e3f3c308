/**
 * Pure helpers behind the data-entry grids (Realisasi, Anggaran): keyboard movement between cells
 * and spreadsheet paste. Plain data in, plain data out; unit-tested in tests/unit/components/grid.test.ts.
 */

// ---------------------------------------------------------------- keyboard movement

export interface Posisi {
  baris: number;
  kolom: number;
}

/** A key that moves between cells, or null when the key is not a movement key. */
export type Arah = 'kanan' | 'kiri' | 'bawah' | 'atas';

export function arahDariTombol(e: { key: string; shiftKey: boolean; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean }): Arah | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  if (e.key === 'Tab') return e.shiftKey ? 'kiri' : 'kanan';
  if (e.key === 'Enter') return e.shiftKey ? 'atas' : 'bawah';
  if (e.key === 'ArrowDown') return 'bawah';
  if (e.key === 'ArrowUp') return 'atas';
  return null;
}

/**
 * The cell reached from `dari` in direction `arah` on a grid of `jumlahBaris` × `jumlahKolom`
 * editable cells. Tab (kanan/kiri) runs row-major and wraps to the next/previous row; Enter
 * (bawah/atas) stays in its column. Returns null at the grid's edge (focus may then leave the grid).
 * `bisaDiisi` skips cells that are read-only (e.g. a TDI row's value).
 */
export function selBerikut(dari: Posisi, arah: Arah, jumlahBaris: number, jumlahKolom: number, bisaDiisi: (p: Posisi) => boolean = () => true): Posisi | null {
  if (jumlahBaris <= 0 || jumlahKolom <= 0) return null;
  let { baris, kolom } = dari;
  for (let langkah = 0; langkah < jumlahBaris * jumlahKolom; langkah++) {
    if (arah === 'bawah') baris++;
    else if (arah === 'atas') baris--;
    else if (arah === 'kanan') {
      kolom++;
      if (kolom >= jumlahKolom) {
        kolom = 0;
        baris++;
      }
    } else {
      kolom--;
      if (kolom < 0) {
        kolom = jumlahKolom - 1;
        baris--;
      }
    }
    if (baris < 0 || baris >= jumlahBaris) return null;
    if (bisaDiisi({ baris, kolom })) return { baris, kolom };
  }
  return null;
}

// ---------------------------------------------------------------- paste

/**
 * Clipboard text from a spreadsheet → rows of cells. Lines split on CR/LF, cells on tabs; the
 * trailing empty line spreadsheets add is dropped. Single-line single-cell text returns null: a
 * plain paste into one cell is left to the browser.
 */
export function pecahTempelan(teks: string): string[][] | null {
  const baris = teks.replace(/\r\n?/g, '\n').split('\n');
  while (baris.length > 0 && baris[baris.length - 1]!.trim() === '') baris.pop();
  const sel = baris.map((b) => b.split('\t').map((s) => s.trim()));
  if (sel.length === 0) return null;
  if (sel.length === 1 && sel[0]!.length === 1) return null;
  return sel;
}

/**
 * Where each pasted cell lands: starting at `mulai`, rows go down the grid, columns go right;
 * cells falling outside the grid are counted in `terpotong` (the UI says how many were left out).
 */
export function petakanTempelan(
  sel: string[][],
  mulai: Posisi,
  jumlahBaris: number,
  jumlahKolom: number,
): { isi: { posisi: Posisi; teks: string }[]; terpotong: number } {
  const isi: { posisi: Posisi; teks: string }[] = [];
  let terpotong = 0;
  sel.forEach((cols, i) => {
    cols.forEach((teks, j) => {
      const posisi = { baris: mulai.baris + i, kolom: mulai.kolom + j };
      if (posisi.baris < jumlahBaris && posisi.kolom < jumlahKolom) isi.push({ posisi, teks });
      else terpotong++;
    });
  });
  return { isi, terpotong };
}
