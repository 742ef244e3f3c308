/**
 * The lazily loaded report modules, one shared loader each (lib/muat-lambat.ts, docs/offline.md §3):
 * every screen that builds a PDF, a spreadsheet or a chart imports them from here, so a failed load
 * is retried everywhere and a success is shared.
 */
import { muatLambat } from '../lib/muat-lambat.ts';

// The libraries inside them load through their own `muatLambat` (pdf-umum.ts, grafik.ts, spreadsheet.ts).
export const muatPdfRakor = muatLambat('PDF ringkasan rakor', () => import('./pdf-rakor.ts'));
export const muatPdfPk = muatLambat('dokumen PK', () => import('./pdf-pk.ts'));
export const muatGrafik = muatLambat('grafik', () => import('./grafik.ts'));
export const muatSpreadsheet = muatLambat('berkas XLSX/CSV', () => import('./spreadsheet.ts'));
export const muatEkspor = muatLambat('ekspor XLSX/CSV', () => import('./ekspor.ts'));
export const muatImporPk = muatLambat('impor PK', () => import('./impor-pk.ts'));
export const muatPdfPj = muatLambat('laporan evaluasi Penjabat', () => import('./pdf-pj.ts'));
