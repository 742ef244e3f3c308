/** Turns a failed write into per-field Indonesian messages for the PK editor forms. */
import { PenyimpananPenuhError, ValidasiError } from '../../db/repo.ts';

export async function cobaSimpan(tulis: () => Promise<unknown>): Promise<Record<string, string> | null> {
  try {
    await tulis();
    return null;
  } catch (e) {
    if (e instanceof ValidasiError) return e.fields;
    if (e instanceof PenyimpananPenuhError) return { '': e.message };
    return { '': e instanceof Error ? e.message : 'Gagal menyimpan' };
  }
}
