/** Short messages at the bottom of the screen (errors stay until closed, others fade). */
import { GagalMemuat } from '../lib/muat-lambat.ts';

export type JenisPesan = 'info' | 'sukses' | 'galat';

/** A button on the message ("Coba lagi"); pressing it closes the message first. */
export interface AksiPesan {
  label: string;
  jalankan: () => void;
}

export interface Pesan {
  id: number;
  teks: string;
  jenis: JenisPesan;
  aksi?: AksiPesan;
}

class DaftarPesan {
  #daftar = $state<Pesan[]>([]);
  #berikut = 1;

  get current(): readonly Pesan[] {
    return this.#daftar;
  }

  tampil(teks: string, jenis: JenisPesan = 'info', aksi?: AksiPesan): void {
    // The same message twice in a row is shown once.
    if (this.#daftar.some((p) => p.teks === teks)) return;
    const id = this.#berikut++;
    this.#daftar.push({ id, teks, jenis, ...(aksi ? { aksi } : {}) });
    if (this.#daftar.length > 4) this.#daftar.shift();
    if (jenis !== 'galat') setTimeout(() => this.tutup(id), 5000);
  }

  /**
   * An error message. A part of the app that failed to load (`GagalMemuat`, lib/muat-lambat.ts)
   * gets a "Coba lagi" button running `ulang` (the action that needed it) — docs/offline.md §3.
   */
  galat(e: unknown, ulang?: () => unknown): void {
    const aksi = e instanceof GagalMemuat && ulang ? { label: 'Coba lagi', jalankan: () => void ulang() } : undefined;
    this.tampil(pesanGalat(e), 'galat', aksi);
  }

  tutup(id: number): void {
    const i = this.#daftar.findIndex((p) => p.id === id);
    if (i >= 0) this.#daftar.splice(i, 1);
  }
}

/** An Indonesian message for anything thrown. */
export function pesanGalat(e: unknown): string {
  if (e instanceof Error && e.message) return e.message;
  if (typeof e === 'string' && e) return e;
  return 'Terjadi kesalahan yang tidak terduga.';
}

export const pesan = new DaftarPesan();
