/**
 * The attendance list of a rakor: one entry per perangkat daerah (the kepala daerah chairs, so is
 * not listed). Plain data in, plain data out; unit-tested in tests/unit/views/rakor.test.ts.
 */
import type { Opd, Rakor } from '../../domain/schemas.ts';

export type Peserta = Rakor['peserta'][number];
export type UbahHadir = Partial<Pick<Peserta, 'hadir' | 'namaWakil'>>;

/**
 * Every OPD in `opd` order, with its stored entry when there is one (absent and unnamed when not).
 * Stored entries of OPDs no longer listed are kept at the end: attendance once recorded is not lost.
 */
export function daftarPeserta(tersimpan: readonly Peserta[], opd: readonly Pick<Opd, 'id' | 'jenis'>[]): Peserta[] {
  const ada = new Map(tersimpan.map((p) => [p.opdId, p]));
  const daftar = opd.filter((o) => o.jenis !== 'kepala-daerah').map((o) => ada.get(o.id) ?? { opdId: o.id, hadir: false, namaWakil: '' });
  const terdaftar = new Set(daftar.map((p) => p.opdId));
  return [...daftar, ...tersimpan.filter((p) => !terdaftar.has(p.opdId))];
}

/** The list with one OPD's tick or representative changed; every other entry as stored. */
export function terapkanKehadiran(tersimpan: readonly Peserta[], opd: readonly Pick<Opd, 'id' | 'jenis'>[], opdId: string, ubah: UbahHadir): Peserta[] {
  const daftar = daftarPeserta(tersimpan, opd);
  if (!daftar.some((p) => p.opdId === opdId)) daftar.push({ opdId, hadir: false, namaWakil: '' });
  return daftar.map((p) => (p.opdId === opdId ? { ...p, ...ubah } : p));
}
