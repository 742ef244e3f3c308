/**
 * Visible sync state (docs/architecture.md "Per-value sync status"): one small runes class, one exported
 * instance read through `current` (docs/architecture.md "Shared state"). Written only by the sync engine and the session.
 */

/**
 * What the pulls of the current sync have brought so far (issue 17 point 1): shown while it runs,
 * and kept while the device's first sync has not finished (a cut link ends a run half way).
 */
export interface KemajuanTarik {
  /** Changes received and applied (records and tombstones), summed over the pages. */
  diterima: number;
  /** Bytes of the pull answers' JSON as received (after HTTP decompression). */
  byte: number;
  /** Estimated ms until the pull is done (src/sync/perkiraan.ts); null/absent while unknown. */
  sisaMs?: number | null;
}

export interface KeadaanSinkron {
  online: boolean;
  /** A sync run is in progress. */
  berjalan: boolean;
  /** Mutations waiting in the outbox. */
  tertunda: number;
  /** ISO time of the last fully successful run (push + pull), or null. */
  terakhirSinkron: string | null;
  /** Indonesian message of the last failure, null after a success. */
  galat: string | null;
  /** The token expired or was revoked: sync is paused until the user signs in again. */
  perluMasukLagi: boolean;
  konflikTerbuka: number;
  ditolak: number;
  /** The device holds records or edits (so "never synced" would not be the whole truth). */
  adaDataLokal: boolean;
  /** The server speaks another schema version: this app must be reloaded (docs/deployment.md §"Pembaruan"). */
  perluMuatUlang: boolean;
  /** Records restored from a device backup are not on the server (docs/deployment.md §"Cadangan perangkat"). */
  cadanganTidakDiServer: boolean;
  /** Progress of the pulls under way, or of an unfinished first sync; null otherwise. */
  kemajuan: KemajuanTarik | null;
}

export const KEADAAN_AWAL: KeadaanSinkron = {
  online: typeof navigator !== 'undefined' && typeof navigator.onLine === 'boolean' ? navigator.onLine : true,
  berjalan: false,
  tertunda: 0,
  terakhirSinkron: null,
  galat: null,
  perluMasukLagi: false,
  konflikTerbuka: 0,
  ditolak: 0,
  adaDataLokal: false,
  perluMuatUlang: false,
  cadanganTidakDiServer: false,
  kemajuan: null,
};

export class StatusSinkron {
  #keadaan = $state<KeadaanSinkron>({ ...KEADAAN_AWAL });

  get current(): KeadaanSinkron {
    return this.#keadaan;
  }

  perbarui(ubah: Partial<KeadaanSinkron>): void {
    Object.assign(this.#keadaan, ubah);
  }

  reset(): void {
    Object.assign(this.#keadaan, { ...KEADAAN_AWAL, online: this.#keadaan.online });
  }
}

export const statusSinkron = new StatusSinkron();
