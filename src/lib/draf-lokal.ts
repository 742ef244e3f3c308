/**
 * Keystroke-level safety net for long texts: every keystroke is copied synchronously to
 * localStorage (survives a reload, a crash or a closed tab before the debounced IndexedDB save
 * ran) and removed once the text is safely in IndexedDB. On the next visit the copy is restored.
 */
export interface PenyimpanTeks {
  getItem(k: string): string | null;
  setItem(k: string, v: string): void;
  removeItem(k: string): void;
}

const AWALAN = 'pantau-draf:';

export function keyDraf(recordId: string, field: string): string {
  return `${AWALAN}${recordId}:${field}`;
}

export function tulisDraf(s: PenyimpanTeks | null, recordId: string, field: string, teks: string): void {
  try {
    s?.setItem(keyDraf(recordId, field), teks);
  } catch {
    // Storage full or disabled: the debounced IndexedDB save still runs.
  }
}

/** The pending copy if it differs from what is stored; otherwise the copy is dropped and null returned. */
export function bacaDraf(s: PenyimpanTeks | null, recordId: string, field: string, tersimpan: string): string | null {
  const v = s?.getItem(keyDraf(recordId, field)) ?? null;
  if (v === null) return null;
  if (v === tersimpan) {
    hapusDraf(s, recordId, field);
    return null;
  }
  return v;
}

export function hapusDraf(s: PenyimpanTeks | null, recordId: string, field: string): void {
  try {
    s?.removeItem(keyDraf(recordId, field));
  } catch {
    // ignore
  }
}
