/**
 * fflate as write-excel-file sees it, with `zip` done on the main thread (vite.config.ts
 * `pantau-zip-sinkron` hands this module to write-excel-file in place of fflate).
 *
 * fflate's asynchronous `zip` compresses every part of 160 kB or more in a Worker built from a
 * `blob:` URL. The app's Content-Security-Policy allows workers from 'self' only (docs/security.md
 * §Header keamanan), so the browser blocks that Worker; fflate listens to no error event on it and
 * the promise never settles: the rakor XLSX (its Indikator sheet is well over 160 kB) hung on
 * "Menyusun berkas…" online and offline. `zipSync` needs no Worker; the rakor export takes a few
 * tens of milliseconds with it.
 */
import { zipSync, type AsyncTerminable, type AsyncZipOptions, type AsyncZippable, type FlateCallback, type Zippable } from 'fflate';

export * from 'fflate';

/** fflate's `zip` signature, run with `zipSync` on the next task; the callback gets any error. */
export function zip(data: AsyncZippable, opts: AsyncZipOptions | FlateCallback, cb?: FlateCallback): AsyncTerminable {
  const selesai = (typeof opts === 'function' ? opts : cb)!;
  const pilihan = typeof opts === 'function' ? {} : opts;
  let batal = false;
  setTimeout(() => {
    if (batal) return;
    let hasil: Parameters<FlateCallback>[1];
    try {
      hasil = zipSync(data as Zippable, pilihan) as Parameters<FlateCallback>[1];
    } catch (e) {
      selesai(e as Parameters<FlateCallback>[0], null as never);
      return;
    }
    selesai(null, hasil);
  }, 0);
  return () => {
    batal = true;
  };
}
