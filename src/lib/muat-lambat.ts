/**
 * The ONE lazy loader of the app (docs/offline.md §3). Every `import()` of a screen or a heavy
 * library (jsPDF, Chart.js, spreadsheets, the PK document, the PDF font) goes through `muatLambat`:
 *
 * - a successful load is remembered; a FAILED one is forgotten at once, so the next call tries
 *   again (Chromium no longer caches failed module fetches) and one failure never poisons the next
 *   feature that shares the chunk (issue 10: the Layar chart failing offline broke the PDF until a
 *   reload);
 * - the failure becomes a `GagalMemuat` with an Indonesian message saying what to do; the UI shows
 *   it with "Coba lagi" (toast action, lib/../components/toast.svelte.ts) and, when the cause is a
 *   newer build on the server, offers "Muat ulang" through the update banner.
 */

/** Where the failure most likely comes from. */
export type SebabGagalMuat = 'luring' | 'versi-baru' | 'lain';

/** A lazily loaded part of the app could not be fetched or evaluated. */
export class GagalMemuat extends Error {
  readonly bagian: string;
  readonly sebab: SebabGagalMuat;
  constructor(bagian: string, sebab: SebabGagalMuat, asal: unknown) {
    super(pesanGagalMuat(bagian, sebab), { cause: asal });
    this.name = 'GagalMemuat';
    this.bagian = bagian;
    this.sebab = sebab;
  }
}

/** Indonesian text for a failed load of `bagian` ("PDF ringkasan", "grafik", …). */
export function pesanGagalMuat(bagian: string, sebab: SebabGagalMuat): string {
  if (sebab === 'luring')
    return `Bagian aplikasi "${bagian}" belum tersimpan di perangkat ini dan jaringan tidak tersedia. Sambungkan perangkat ke jaringan, lalu tekan Coba lagi.`;
  if (sebab === 'versi-baru')
    return `Bagian aplikasi "${bagian}" gagal dimuat karena aplikasi baru saja diperbarui di server. Tekan Coba lagi; bila tetap gagal, simpan isian lalu tekan Muat ulang.`;
  return `Bagian aplikasi "${bagian}" gagal dimuat. Periksa jaringan, lalu tekan Coba lagi.`;
}

/** Hooks set by the app shell (kept here so this module has no UI dependency). */
export const kaitGagalMuat: { diperbarui: (() => void) | null } = { diperbarui: null };

function daring(): boolean {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

/**
 * A memoising loader for `impor` (a function calling `import()`), named `bagian` in messages.
 * Returns a function: the first call imports, later calls reuse the module; a rejected import is
 * NOT kept (the next call imports again). Rejects with `GagalMemuat`.
 */
export function muatLambat<T>(bagian: string, impor: () => Promise<T>): () => Promise<T> {
  let janji: Promise<T> | null = null;
  return () => {
    janji ??= impor().catch((e: unknown) => {
      janji = null;
      if (e instanceof GagalMemuat) throw e;
      const sebab: SebabGagalMuat = !daring() ? 'luring' : 'versi-baru';
      // Online and still failing: most often a deploy removed this build's chunks from the server
      // (and this tab's worker never cached them). Ask the update machinery to look.
      if (sebab === 'versi-baru') kaitGagalMuat.diperbarui?.();
      throw new GagalMemuat(bagian, sebab, e);
    });
    return janji;
  };
}
