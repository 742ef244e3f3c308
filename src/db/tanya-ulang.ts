/**
 * Evidence files to ask the server about again after it was restored from a backup
 * (docs/deployment.md §6 "Berkas bukti dukung"; docs/bukti-dukung.md "Mengosongkan perangkat").
 *
 * A device's `terkirim` (and `mengunggah`) marks were given by the server before the restore, whose
 * files may be older than its database or missing. Those files' hashes are kept in `meta` under
 * `KEY_TANYA_ULANG` (a list of content hashes, hex) instead of rewriting their `berkasLokal` rows:
 * a row holds its Blob, and Chromium copies the Blob of every row it rewrites (40 files of 4 MB:
 * 168 → 336 MB and 1.1 s inside the re-pull's transaction). The uploader (src/sync/unggah.ts) asks
 * about each listed file (`HEAD`; 200 costs no byte and no row write), sends what the server lacks
 * from byte 0 (an upload address of the old server is not used) and takes the hash off the list;
 * "Kosongkan berkas terkirim" frees no listed file (src/db/bukti.ts `lepasBerkasTerkirim`).
 */
import type { PantauDB } from './database.ts';

/** `meta` key of the list of hashes to ask about again. */
export const KEY_TANYA_ULANG = 'berkasTanyaUlang';

/** The listed hashes (empty when none). Call inside a transaction that includes `meta`, or outside any. */
export async function daftarTanyaUlang(db: PantauDB): Promise<Set<string>> {
  const v = (await db.meta.get(KEY_TANYA_ULANG))?.value;
  return new Set(Array.isArray(v) ? v.filter((h): h is string => typeof h === 'string') : []);
}

/**
 * Lists every file of `berkasLokal` in state `terkirim` or `mengunggah` (reads keys only, no Blob).
 * Call inside a transaction that includes `meta` and `berkasLokal` (mulaiTarikUlang's).
 */
export async function tandaiTanyaUlang(db: PantauDB): Promise<void> {
  const hashes = (await db.berkasLokal.where('status').anyOf('terkirim', 'mengunggah').primaryKeys()) as string[];
  if (!hashes.length) return;
  const ada = await daftarTanyaUlang(db);
  for (const h of hashes) ada.add(h);
  await db.meta.put({ key: KEY_TANYA_ULANG, value: [...ada].sort() });
}

/** Takes `hash` off the list (the restored server answered for it). */
export async function selesaiTanyaUlang(db: PantauDB, hash: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const ada = await daftarTanyaUlang(db);
    if (!ada.delete(hash)) return;
    if (ada.size) await db.meta.put({ key: KEY_TANYA_ULANG, value: [...ada].sort() });
    else await db.meta.delete(KEY_TANYA_ULANG);
  });
}
