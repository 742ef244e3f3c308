/**
 * What the year notice says (issue 17 §2; docs/offline.md "Tahun di perangkat";
 * src/components/TahunPerangkat.svelte): whether the picked year is on this device, and what the
 * user can do about it, in Indonesian. Nothing for the default years.
 */
import type { KeadaanTahun } from '../db/lingkup-tahun.ts';

export interface Pemberitahuan {
  pesan: string;
  /** The button under it: keep for offline, release, or try the fetch again. */
  aksi: { jenis: 'simpan' | 'lepas' | 'coba'; label: string } | null;
  /** A warning (the year's data cannot be shown now) rather than information. */
  waspada: boolean;
}

export function pemberitahuanTahun(
  tahun: number,
  keadaan: KeadaanTahun,
  o: { online: boolean; memuat: boolean; galat: string | null; bisaMemuat: boolean },
): Pemberitahuan | null {
  if (keadaan === 'bawaan') return null;
  // First: the year joins the scope before its records arrive, so "opened" waits for the fetch.
  if (o.memuat) return { pesan: `Memuat data tahun ${tahun} dari server…`, aksi: null, waspada: false };
  if (keadaan === 'sementara')
    return {
      pesan: `Data tahun ${tahun} dibuka dari server dan dilepas dari perangkat saat aplikasi dibuka lagi.`,
      aksi: { jenis: 'simpan', label: 'Simpan tahun ini untuk luring' },
      waspada: false,
    };
  if (keadaan === 'disimpan')
    return {
      pesan: `Data tahun ${tahun} tersimpan di perangkat untuk kerja luring.`,
      aksi: { jenis: 'lepas', label: 'Lepaskan dari perangkat' },
      waspada: false,
    };
  if (!o.online)
    return {
      pesan: `Data tahun ${tahun} tidak ada di perangkat ini dan perangkat sedang luring. Sambungkan ke internet untuk membukanya.`,
      aksi: null,
      waspada: true,
    };
  if (o.galat) return { pesan: `Data tahun ${tahun} gagal dimuat: ${o.galat}`, aksi: { jenis: 'coba', label: 'Coba lagi' }, waspada: true };
  if (!o.bisaMemuat) return { pesan: `Data tahun ${tahun} tidak ada di perangkat ini. Masuk untuk memuatnya dari server.`, aksi: null, waspada: true };
  return { pesan: `Data tahun ${tahun} belum ada di perangkat ini.`, aksi: { jenis: 'coba', label: 'Muat dari server' }, waspada: true };
}
