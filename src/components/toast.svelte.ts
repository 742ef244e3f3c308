/** Short messages at the bottom of the screen (errors stay until closed, others fade). */
export type JenisPesan = 'info' | 'sukses' | 'galat';

export interface Pesan {
  id: number;
  teks: string;
  jenis: JenisPesan;
}

class DaftarPesan {
  #daftar = $state<Pesan[]>([]);
  #berikut = 1;

  get current(): readonly Pesan[] {
    return this.#daftar;
  }

  tampil(teks: string, jenis: JenisPesan = 'info'): void {
    // The same message twice in a row is shown once.
    if (this.#daftar.some((p) => p.teks === teks)) return;
    const id = this.#berikut++;
    this.#daftar.push({ id, teks, jenis });
    if (this.#daftar.length > 4) this.#daftar.shift();
    if (jenis !== 'galat') setTimeout(() => this.tutup(id), 5000);
  }

  galat(e: unknown): void {
    this.tampil(pesanGalat(e), 'galat');
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
