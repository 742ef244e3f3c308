/**
 * Browser storage: ask for persistent storage (so the browser does not evict unsynced work under
 * pressure) and show how much is used. Both degrade to "unknown" where the API is missing.
 */

/** Ask the browser to keep our data (IndexedDB) persistent. Returns whether it is persistent now. */
export async function mintaPersisten(): Promise<boolean> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.persist) return false;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

export interface PerkiraanPenyimpanan {
  /** Bytes used by this origin. */
  terpakai: number;
  /** Bytes the browser allows this origin. */
  kuota: number;
  /** terpakai / kuota × 100 (0 when the quota is unknown). */
  persen: number;
  persisten: boolean;
}

/** Storage estimate, or null when the browser cannot tell. */
export async function perkiraanPenyimpanan(): Promise<PerkiraanPenyimpanan | null> {
  const storage = typeof navigator !== 'undefined' ? navigator.storage : undefined;
  if (!storage?.estimate) return null;
  try {
    const e = await storage.estimate();
    const terpakai = e.usage ?? 0;
    const kuota = e.quota ?? 0;
    const persisten = storage.persisted ? await storage.persisted() : false;
    return { terpakai, kuota, persen: kuota > 0 ? (terpakai / kuota) * 100 : 0, persisten };
  } catch {
    return null;
  }
}
