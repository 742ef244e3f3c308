/**
 * Import of checked spreadsheet rows and the PK document download. The import stores every write
 * with its outbox entry through `simpanBanyak` in ONE Dexie transaction, so either the whole file
 * lands (and syncs later, offline or not) or nothing does.
 */
import type { PantauDB } from '../../db/database.ts';
import { simpanBanyak, type Tulisan } from '../../db/repo.ts';
import type { TulisImpor } from '../../reports/impor-pk.ts';
import { muatImporPk, muatPdfPk, muatSpreadsheet } from '../../reports/muat.ts';
import type { DataPkMasuk } from '../../reports/data-pk.ts';

export async function simpanImpor(db: PantauDB, writes: TulisImpor[], oleh: string): Promise<void> {
  await simpanBanyak(db, writes as Tulisan[], oleh);
}

export async function unduhTemplat(format: 'xlsx' | 'csv'): Promise<void> {
  const [{ barisTemplat }, s] = await Promise.all([muatImporPk(), muatSpreadsheet()]);
  const baris = barisTemplat();
  if (format === 'csv') s.unduh(new Blob([await s.tulisCsv(baris)], { type: 'text/csv;charset=utf-8' }), 'Templat-Impor-PK.csv');
  else s.unduh(await s.tulisXlsx([{ nama: 'Indikator PK', baris, lebar: [40, 50, 14, 14, 16, 18, 14, 12, 12, 12, 12, 24] }]), 'Templat-Impor-PK.xlsx');
}

export async function unduhPdfPk(d: DataPkMasuk): Promise<void> {
  const [{ pdfPk, namaBerkasPk }, { unduh }] = await Promise.all([muatPdfPk(), muatSpreadsheet()]);
  unduh(await pdfPk(d), namaBerkasPk(d));
}
