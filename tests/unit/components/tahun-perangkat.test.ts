/**
 * The year notice (issue 17 §2; src/components/tahun-perangkat.ts): nothing for the default years;
 * an older year offline says it is not on the device; opened, kept and failed years offer the
 * matching action, all in Indonesian.
 */
import { describe, expect, it } from 'vitest';
import { pemberitahuanTahun } from '../../../src/components/tahun-perangkat.ts';

const daring = { online: true, memuat: false, galat: null, bisaMemuat: true };

describe('pemberitahuanTahun', () => {
  it('the default years need no notice, online or not', () => {
    expect(pemberitahuanTahun(2026, 'bawaan', daring)).toBeNull();
    expect(pemberitahuanTahun(2025, 'bawaan', { ...daring, online: false })).toBeNull();
  });

  it('a year not on the device while offline: a warning, no action', () => {
    expect(pemberitahuanTahun(2021, 'tidak', { ...daring, online: false })).toEqual({
      pesan: 'Data tahun 2021 tidak ada di perangkat ini dan perangkat sedang luring. Sambungkan ke internet untuk membukanya.',
      aksi: null,
      waspada: true,
    });
  });

  it('online: loading, then failed with a retry, or not yet fetched', () => {
    expect(pemberitahuanTahun(2021, 'tidak', { ...daring, memuat: true })?.pesan).toBe('Memuat data tahun 2021 dari server…');
    // The year is in the scope before its records arrive: still loading, not "opened".
    expect(pemberitahuanTahun(2021, 'sementara', { ...daring, memuat: true })?.pesan).toBe('Memuat data tahun 2021 dari server…');
    const gagal = pemberitahuanTahun(2021, 'tidak', { ...daring, galat: 'Tidak dapat terhubung ke server.' });
    expect(gagal?.pesan).toBe('Data tahun 2021 gagal dimuat: Tidak dapat terhubung ke server.');
    expect(gagal?.aksi).toEqual({ jenis: 'coba', label: 'Coba lagi' });
    expect(pemberitahuanTahun(2021, 'tidak', daring)?.aksi?.label).toBe('Muat dari server');
    expect(pemberitahuanTahun(2021, 'tidak', { ...daring, bisaMemuat: false })?.pesan).toMatch(/Masuk untuk memuatnya/);
  });

  it('opened: offers to keep it for offline; kept: offers to release it', () => {
    const buka = pemberitahuanTahun(2021, 'sementara', daring);
    expect(buka?.aksi).toEqual({ jenis: 'simpan', label: 'Simpan tahun ini untuk luring' });
    expect(buka?.waspada).toBe(false);
    const simpan = pemberitahuanTahun(2021, 'disimpan', { ...daring, online: false });
    expect(simpan?.pesan).toBe('Data tahun 2021 tersimpan di perangkat untuk kerja luring.');
    expect(simpan?.aksi).toEqual({ jenis: 'lepas', label: 'Lepaskan dari perangkat' });
  });
});
