/**
 * Plausibility of a typed realisasi (docs/domain/kewajaran.md), the way DHIS2 data entry does it:
 * each indicator has a usual range (min–max), a value outside it — or a capaian far outside the
 * usual band — is not refused but shown with a warning the person confirms before it is stored.
 * Defaults come from the unit (satuan): a percentage lies in 0–100 unless the indicator sets a
 * higher maximum (e.g. "persentase peningkatan zakat"); a count of things (orang, posyandu, desa…)
 * is a whole number ≥ 0. The capaian band 5 %–300 % (PITA_CAPAIAN) catches slips such as "90" and
 * "64,6" run together into 9.064,6 (capaian 13.330 %, issue 9 point 8).
 * Pure functions; unit-tested in tests/unit/domain/kewajaran.test.ts.
 */
import type { Indikator } from './schemas.ts';

/** id-ID number text ("9.064,6") for messages. */
const formatAngka = (n: number): string => n.toLocaleString('id-ID', { maximumFractionDigits: 2 });

export type JenisSatuan = 'persen' | 'cacah' | 'ukuran';

/** Units that count whole things (lowercase, compared word by word). */
const SATUAN_CACAH = [
  'orang',
  'jiwa',
  'kk',
  'keluarga',
  'unit',
  'buah',
  'dokumen',
  'kegiatan',
  'kasus',
  'kejadian',
  'insiden',
  'desa',
  'nagari',
  'kelurahan',
  'kecamatan',
  'posyandu',
  'puskesmas',
  'sekolah',
  'siswa',
  'inovasi',
  'wajib pajak',
  'trayek',
  'titik',
  'temuan',
  'ruang',
  'pasar',
  'kunjungan',
  'koperasi',
  'kelompok',
  'kajian',
  'ekor',
  'aplikasi',
  'opd',
  'perangkat daerah',
  'nib',
  'bumdes',
  'rumah',
  'paket',
  'lokasi',
  'laporan',
  'kali',
  'lembaga',
  'umkm',
  'usaha',
  'produk',
  'sertifikat',
  'izin',
  'akta',
  'rekomendasi',
  'peserta',
  'pegawai',
  'asn',
  'bidang',
  'lapak',
  'objek',
  'jembatan',
  'ruas',
  'pelaku usaha',
  'perda',
  'regulasi',
  'kampung',
];

/** What kind of quantity a unit measures: a percentage, a count of things, or another measure. */
export function jenisSatuan(satuan: string): JenisSatuan {
  const s = satuan.trim().toLowerCase();
  if (s === '%' || /^(persen|persentase|prosentase)\b/.test(s)) return 'persen';
  if (SATUAN_CACAH.includes(s)) return 'cacah';
  return 'ukuran';
}

export interface BatasWajar {
  /** Smallest usual value, null = none. */
  min: number | null;
  /** Largest usual value, null = none. */
  maks: number | null;
  /** Whole numbers only (counts). */
  bulat: boolean;
}

/**
 * The usual range of an indicator's realisasi: its own `wajarMin`/`wajarMaks` when set, else from
 * the unit (persen 0–100, cacah ≥ 0 and whole, other measures ≥ 0 only when nothing is set).
 */
export function batasWajar(ind: Pick<Indikator, 'satuan'> & Partial<Pick<Indikator, 'wajarMin' | 'wajarMaks'>>): BatasWajar {
  const jenis = jenisSatuan(ind.satuan);
  const bawaan = jenis === 'persen' ? { min: 0, maks: 100 } : jenis === 'cacah' ? { min: 0, maks: null } : { min: null, maks: null };
  return { min: ind.wajarMin ?? bawaan.min, maks: ind.wajarMaks ?? bawaan.maks, bulat: jenis === 'cacah' };
}

/** Capaian outside this band (percent of target) is unusual enough to ask (DHIS2 outlier idea). */
export const PITA_CAPAIAN = { bawah: 5, atas: 300 } as const;

/**
 * Indonesian warnings for `nilai` on `ind` (empty = plausible). `capaian` is the capaian (%) the
 * value would give, null when it cannot be computed (no target, TDI).
 */
export function periksaKewajaran(
  ind: Pick<Indikator, 'satuan'> & Partial<Pick<Indikator, 'wajarMin' | 'wajarMaks'>>,
  nilai: number,
  capaian: number | null,
): string[] {
  const b = batasWajar(ind);
  const satuan = ind.satuan.trim() || 'satuan ini';
  const out: string[] = [];
  if (b.maks !== null && nilai > b.maks) out.push(`${formatAngka(nilai)} melebihi batas wajar ${formatAngka(b.maks)} ${satuan}`);
  if (b.min !== null && nilai < b.min) out.push(`${formatAngka(nilai)} di bawah batas wajar ${formatAngka(b.min)} ${satuan}`);
  if (b.bulat && !Number.isInteger(nilai)) out.push(`${formatAngka(nilai)} bukan bilangan bulat, padahal ${satuan} dihitung utuh`);
  if (capaian !== null && Number.isFinite(capaian) && (capaian < PITA_CAPAIAN.bawah || capaian > PITA_CAPAIAN.atas)) {
    out.push(`capaian ${formatAngka(Math.round(capaian * 10) / 10)} % jauh di luar kebiasaan (${PITA_CAPAIAN.bawah}–${PITA_CAPAIAN.atas} %)`);
  }
  return out;
}

/** A programme's cumulative (s.d. TWn) budget realisation, as typed or stored. */
export interface NilaiAnggaran {
  /** Rupiah spent s.d. the quarter, null when not entered. */
  keuangan: number | null;
  /** Physical progress s.d. the quarter in percent (0–100, the schema's bound), null when not entered. */
  fisik: number | null;
}

/**
 * Indonesian warnings for a programme's budget realisation (docs/domain/kewajaran.md "Anggaran"),
 * per column; empty lists = plausible. Both values are cumulative s.d. the quarter (the realisasi
 * "s.d. TWn" that deviasi fisik compares with the plan, docs/domain/rakor.md "Deviasi fisik"), so
 * they do not fall below the previous quarter's; keuangan above the pagu (serapan > 100 %) is asked
 * about, never refused (a pagu raised in the APBD-P may not be in the PK yet).
 */
export function periksaKewajaranAnggaran(
  nilai: NilaiAnggaran,
  pagu: number,
  sebelumnya: NilaiAnggaran | null,
  triwulan: number,
): { keuangan: string[]; fisik: string[] } {
  const rp = (n: number) => `Rp ${formatAngka(n)}`;
  const keuangan: string[] = [];
  const fisik: string[] = [];
  const twLalu = `TW${triwulan - 1}`;
  if (nilai.keuangan !== null) {
    if (pagu > 0 && nilai.keuangan > pagu) {
      const serapan = Math.round((nilai.keuangan / pagu) * 1000) / 10;
      keuangan.push(`${rp(nilai.keuangan)} melebihi pagu ${rp(pagu)} (serapan ${formatAngka(serapan)} %)`);
    }
    if (sebelumnya?.keuangan != null && nilai.keuangan < sebelumnya.keuangan)
      keuangan.push(`${rp(nilai.keuangan)} lebih kecil dari keuangan s.d. ${twLalu} ${rp(sebelumnya.keuangan)}, padahal nilainya kumulatif`);
  }
  if (nilai.fisik !== null && sebelumnya?.fisik != null && nilai.fisik < sebelumnya.fisik)
    fisik.push(`${formatAngka(nilai.fisik)} % lebih kecil dari fisik s.d. ${twLalu} ${formatAngka(sebelumnya.fisik)} %, padahal nilainya kumulatif`);
  return { keuangan, fisik };
}
