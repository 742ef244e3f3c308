/**
 * Is this device ready to work offline? (docs/offline.md §1 and §4)
 *
 * - `aman`: the page is a secure context (HTTPS or localhost). Without it the browser gives no
 *   service worker, no Web Locks and no persistent storage: nothing works offline, and the header
 *   says so instead of a green "Tersinkron" (components/BannerAman.svelte).
 * - `ada` / `jumlah`: how many files of this build the service worker holds (sw.ts stage 2 reports
 *   progress with KESIAPAN_LURING messages). `lengkap` once every file is there.
 */
class KesiapanLuring {
  readonly aman: boolean = typeof globalThis.isSecureContext === 'boolean' ? globalThis.isSecureContext : true;
  #ada = $state(0);
  #jumlah = $state(0);
  #versi = $state('');
  #terkendali = $state(false);

  /** A service worker controls this page. */
  get terkendali(): boolean {
    return this.#terkendali;
  }
  get ada(): number {
    return this.#ada;
  }
  get jumlah(): number {
    return this.#jumlah;
  }
  /** Version (cache) id of the build the worker serves. */
  get versi(): string {
    return this.#versi;
  }
  /** Every file of the build is cached: every screen and export works without network. */
  get lengkap(): boolean {
    return this.aman && this.#terkendali && this.#jumlah > 0 && this.#ada >= this.#jumlah;
  }

  /** Called for each report of the worker. */
  lapor(k: { ada: number; jumlah: number; versi: string }): void {
    this.#ada = k.ada;
    this.#jumlah = k.jumlah;
    this.#versi = k.versi;
  }

  /** Follows the worker: asks it to complete its cache now, on every change of worker and when the network returns. */
  ikuti(): void {
    if (typeof navigator === 'undefined' || !('serviceWorker' in navigator)) return;
    const sw = navigator.serviceWorker;
    const minta = () => {
      this.#terkendali = !!sw.controller;
      sw.controller?.postMessage({ type: 'LENGKAPI' });
    };
    sw.addEventListener('message', (e: MessageEvent) => {
      const d = e.data as { type?: string; ada?: number; jumlah?: number; versi?: string } | null;
      if (d?.type === 'KESIAPAN_LURING') this.lapor({ ada: d.ada ?? 0, jumlah: d.jumlah ?? 0, versi: d.versi ?? '' });
    });
    sw.addEventListener('controllerchange', minta);
    addEventListener('online', minta);
    minta();
  }
}

export const kesiapanLuring = new KesiapanLuring();

/** What IT staff must do when the app is opened over plain HTTP (docs/offline.md §4). */
export const PESAN_TIDAK_AMAN =
  'Koneksi tidak aman (HTTP): mode luring, penyimpanan tetap dan sinkronisasi antar-tab tidak aktif, jadi isian bisa hilang bila jaringan putus. ' +
  'Petugas TI: pasang sertifikat HTTPS di server (lihat docs/deployment.md) dan buka aplikasi lewat https://, bukan alamat IP dengan http://.';
