/**
 * One Zod schema per record type (docs/architecture.md "Records and natural keys"). Types are inferred from these schemas and never
 * written twice. This module is imported by the browser (Dexie, forms, import files) and by the
 * server (push validation), so the same rule decides on both sides.
 *
 * Messages are Indonesian because they reach the user unchanged (next to a field, or as the reason
 * of a rejected mutation).
 */
import { z } from 'zod';
import { v5 as uuidv5, v7 as uuidv7 } from 'uuid';

// ---------------------------------------------------------------- primitives

const pesanWajib = 'Wajib diisi';

/** Text PostgreSQL can store: no U+0000 and no unpaired surrogate (a paste from a broken file). */
export const teksAman = (s: string): boolean => !s.includes('\u0000') && s.isWellFormed();
const PESAN_KARAKTER = 'Teks mengandung karakter yang tidak diizinkan';

/** Non-empty trimmed text with a length cap (huge strings are refused, not truncated). */
export const teks = (maks = 500) =>
  z.string({ error: 'Harus berupa teks' }).trim().min(1, pesanWajib).max(maks, `Maksimal ${maks} karakter`).refine(teksAman, PESAN_KARAKTER);
/** Optional free text: empty string allowed, capped. */
export const teksBebas = (maks = 4000) =>
  z.string({ error: 'Harus berupa teks' }).max(maks, `Maksimal ${maks} karakter`).refine(teksAman, PESAN_KARAKTER);

export const idSchema = z.uuid({ error: 'ID tidak valid' });
/** Calendar date, ISO `YYYY-MM-DD` (no time zone: a deadline is a day, not an instant). */
export const tanggalSchema = z.iso.date({ error: 'Tanggal tidak valid (format YYYY-MM-DD)' });
/** Instant, ISO 8601 with offset. */
export const waktuSchema = z.iso.datetime({ offset: true, error: 'Waktu tidak valid' });
export const tahunSchema = z.int({ error: 'Tahun harus bilangan bulat' }).min(2000, 'Tahun tidak valid').max(2100, 'Tahun tidak valid');
export const triwulanSchema = z.int({ error: 'Triwulan harus 1–4' }).min(1, 'Triwulan harus 1–4').max(4, 'Triwulan harus 1–4');
/** A finite number (NaN/Infinity never enter storage). */
export const angka = z.number({ error: 'Harus berupa angka' }).finite('Harus berupa angka');
export const rupiah = angka.min(0, 'Tidak boleh negatif');
export const persen = angka.min(0, 'Minimal 0').max(100, 'Maksimal 100');
export const nipSchema = z
  .string()
  .trim()
  .regex(/^(\d{18})?$/, 'NIP harus 18 digit angka');

export const PERIODE_TRIWULAN = ['TW1', 'TW2', 'TW3', 'TW4'] as const;
export const PERIODE_MILESTONE = ['100H', '6B', '1T'] as const;
export const periodeSchema = z.enum([...PERIODE_TRIWULAN, ...PERIODE_MILESTONE], { error: 'Periode tidak valid' });
export type Periode = z.infer<typeof periodeSchema>;
export type PeriodeTriwulan = (typeof PERIODE_TRIWULAN)[number];
export type PeriodeMilestone = (typeof PERIODE_MILESTONE)[number];

export const polaritasSchema = z.enum(['naik', 'turun', 'rentang'], { error: 'Polaritas tidak valid' });
export const agregasiSchema = z.enum(['kumulatif', 'akhir', 'rata-rata'], { error: 'Agregasi tidak valid' });
export type Polaritas = z.infer<typeof polaritasSchema>;
export type Agregasi = z.infer<typeof agregasiSchema>;

/**
 * A target value: a number, or for `rentang` indicators a band [min, max] that counts as 100 %.
 */
export const targetNilaiSchema = z.union([
  angka,
  z.tuple([angka, angka]).refine(([a, b]) => a <= b, 'Batas bawah harus ≤ batas atas'),
]);
export type TargetNilai = z.infer<typeof targetNilaiSchema>;

export const pejabatSchema = z.object({
  nama: teks(200),
  nip: nipSchema.default(''),
  jabatan: teks(300),
  pangkat: teksBebas(200).default(''),
});
export type Pejabat = z.infer<typeof pejabatSchema>;

// ---------------------------------------------------------------- sync base

/** Fields every synced record carries. `rev` is assigned by the server (0 until first synced). */
export const baseSchema = z.object({
  id: idSchema,
  rev: z.int().min(0).default(0),
  updatedAt: waktuSchema,
  updatedBy: z.string().max(200).default(''),
  deleted: z.boolean().default(false),
});

/** Fields the server owns; a client mutation never sets them. */
export const SERVER_FIELDS = ['id', 'rev', 'updatedAt', 'updatedBy', 'deleted'] as const;

// ---------------------------------------------------------------- records

export const pemdaSchema = baseSchema.extend({
  nama: teks(200), // "Kabupaten Sukamaju"
  jenis: z.enum(['kabupaten', 'kota']),
  ibukota: teksBebas(200).default(''),
  logo: z.string().max(300_000, 'Logo terlalu besar (maks. 200 KB)').default(''), // data: URL
  kepalaDaerah: pejabatSchema, // Bupati / Wali Kota (or Penjabat)
  pengaturan: z
    .object({
      /** Cap on one indicator's capaian inside an OPD score (docs/domain/README.md "Scores"). */
      batasAtas: angka.min(100, 'Minimal 100').max(200, 'Maksimal 200').default(100),
      /** PP 11/2017 pasal 142 threshold on the annual capaian of an OPD head. */
      ambangPejabat: angka.min(0).max(200).default(100),
    })
    .default({ batasAtas: 100, ambangPejabat: 100 }),
});

export const JENIS_OPD = ['sekretariat', 'dinas', 'badan', 'inspektorat', 'satpol', 'rsud', 'kecamatan', 'kepala-daerah', 'lainnya'] as const;
export const opdSchema = baseSchema.extend({
  kode: teks(40),
  nama: teks(300),
  singkatan: teks(60),
  jenis: z.enum(JENIS_OPD, { error: 'Jenis perangkat daerah tidak valid' }),
  kepala: pejabatSchema,
  urutan: z.int().min(0).default(0),
});

export const pkSchema = baseSchema.extend({
  opdId: idSchema,
  tahun: tahunSchema,
  /** 1 for the original PK; n+1 for each Perubahan PK. */
  versi: z.int().min(1).max(99),
  /** The PK this one amends (versi − 1), null for versi 1. */
  pkSebelumnyaId: idSchema.nullable().default(null),
  alasanPerubahan: teksBebas(2000).default(''),
  nomorDokumen: teksBebas(200).default(''),
  /** Date written on the document. */
  tanggal: tanggalSchema,
  /** Start of the performance period; milestone targets (100 hari, 6 bulan, 1 tahun) count from it. */
  tanggalMulai: tanggalSchema,
  /** First quarter this version is in force for (an amendment in July applies from TW3). */
  berlakuMulaiTriwulan: triwulanSchema.default(1),
  status: z.enum(['draft', 'ditandatangani']).default('draft'),
  pihakPertama: pejabatSchema,
  pihakKedua: pejabatSchema,
  ditandatanganiPada: waktuSchema.nullable().default(null),
  /** Frozen copy of sasaran/indikator/program at signing (JSON); later edits cannot change it. */
  snapshot: z.unknown().nullable().default(null),
});

export const sasaranSchema = baseSchema.extend({
  pkId: idSchema,
  opdId: idSchema,
  uraian: teks(1000),
  urutan: z.int().min(0).default(0),
});

export const JENIS_INDIKATOR = ['IKU', 'IKK', 'IKD', 'lainnya'] as const;
const targetTriwulanSchema = z.tuple([
  targetNilaiSchema.nullable(),
  targetNilaiSchema.nullable(),
  targetNilaiSchema.nullable(),
  targetNilaiSchema.nullable(),
]);
export const indikatorSchema = baseSchema.extend({
  sasaranId: idSchema,
  pkId: idSchema,
  opdId: idSchema,
  uraian: teks(1000),
  satuan: teks(60),
  jenis: z.enum(JENIS_INDIKATOR).default('IKU'),
  polaritas: polaritasSchema,
  agregasi: agregasiSchema,
  targetTahunan: targetNilaiSchema.nullable(),
  /** Target s.d. each quarter (cumulative meaning follows `agregasi`); null → measured against the annual target. */
  targetTriwulan: targetTriwulanSchema.nullable().default(null),
  /** Milestone targets counted from the PK's tanggalMulai. */
  targetMilestone: z
    .object({ '100H': targetNilaiSchema.nullable(), '6B': targetNilaiSchema.nullable(), '1T': targetNilaiSchema.nullable() })
    .partial()
    .nullable()
    .default(null),
  sumberData: teksBebas(500).default(''),
  /** The indicator of the previous PK version this one continues (amendments keep lineage). */
  indikatorAsalId: idSchema.nullable().default(null),
  urutan: z.int().min(0).default(0),
});

export const STATUS_PENGADAAN = ['belum', 'persiapan', 'tender', 'kontrak', 'selesai', 'swakelola'] as const;
export const programSchema = baseSchema.extend({
  pkId: idSchema,
  opdId: idSchema,
  kode: teksBebas(60).default(''),
  nama: teks(500),
  pagu: rupiah,
  targetFisik: persen.default(100),
  statusPengadaan: z.enum(STATUS_PENGADAAN).default('belum'),
  keterangan: teksBebas(500).default(''),
  urutan: z.int().min(0).default(0),
});

export const realisasiSchema = baseSchema
  .extend({
    indikatorId: idSchema,
    opdId: idSchema,
    tahun: tahunSchema,
    periode: periodeSchema,
    /** The measured value; null while not filled in or when TDI. */
    nilai: angka.nullable().default(null),
    /** Tidak Diperoleh Informasi: a state, not a number (docs/domain/README.md "TDI"). */
    tdi: z.boolean().default(false),
    alasanTdi: teksBebas(1000).default(''),
    catatan: teksBebas(2000).default(''),
    masalah: teksBebas(2000).default(''),
    solusi: teksBebas(2000).default(''),
    tindakLanjut: teksBebas(2000).default(''),
  })
  .refine((r) => !r.tdi || r.alasanTdi.trim().length > 0, { message: 'Alasan TDI wajib diisi', path: ['alasanTdi'] })
  .refine((r) => !r.tdi || r.nilai === null, { message: 'Nilai harus kosong bila TDI', path: ['nilai'] });

/** Budget realisation of one programme, cumulative up to (s.d.) the quarter. */
export const realisasiAnggaranSchema = baseSchema.extend({
  programId: idSchema,
  opdId: idSchema,
  tahun: tahunSchema,
  triwulan: triwulanSchema,
  keuangan: rupiah,
  fisik: persen,
  catatan: teksBebas(2000).default(''),
});

export const laporanSchema = baseSchema.extend({
  opdId: idSchema,
  tahun: tahunSchema,
  triwulan: triwulanSchema,
  faktorPendorong: teksBebas(4000).default(''),
  faktorPenghambat: teksBebas(4000).default(''),
  tindakLanjut: teksBebas(4000).default(''),
  status: z.enum(['draft', 'diajukan', 'diverifikasi']).default('draft'),
  diajukanPada: waktuSchema.nullable().default(null),
  catatanVerifikasi: teksBebas(2000).default(''),
});

export const rakorSchema = baseSchema.extend({
  tahun: tahunSchema,
  triwulan: triwulanSchema,
  nomor: teksBebas(200).default(''),
  tanggal: tanggalSchema,
  tempat: teks(300),
  pimpinan: pejabatSchema,
  peserta: z
    .array(z.object({ opdId: idSchema, hadir: z.boolean(), namaWakil: teksBebas(200).default('') }))
    .max(500)
    .default([]),
  agenda: z.array(teks(500)).max(50).default([]),
  status: z.enum(['rencana', 'berlangsung', 'selesai']).default('rencana'),
  notulen: teksBebas(20000).default(''),
});

export const STATUS_ARAHAN = ['baru', 'proses', 'selesai', 'tidak-selesai'] as const;
export const arahanSchema = baseSchema.extend({
  rakorId: idSchema,
  /** null: addressed to every OPD. */
  opdId: idSchema.nullable(),
  uraian: teks(2000),
  batasWaktu: tanggalSchema,
  status: z.enum(STATUS_ARAHAN).default('baru'),
  tindakLanjut: teksBebas(4000).default(''),
});

export const kunciPeriodeSchema = baseSchema.extend({
  tahun: tahunSchema,
  triwulan: triwulanSchema,
  terkunci: z.boolean(),
  oleh: teksBebas(200).default(''),
  pada: waktuSchema.nullable().default(null),
});

export const STATUS_PEJABAT = ['memenuhi', 'masa-perbaikan', 'seleksi-ulang'] as const;
export const statusPejabatSchema = z.enum(STATUS_PEJABAT);
export const evaluasiPejabatSchema = baseSchema.extend({
  opdId: idSchema,
  tahun: tahunSchema,
  capaian: angka.nullable().default(null),
  statusUsulan: statusPejabatSchema,
  batasPerbaikan: tanggalSchema.nullable().default(null),
  statusDitetapkan: statusPejabatSchema.nullable().default(null),
  catatan: teksBebas(4000).default(''),
  ditetapkanOleh: teksBebas(200).default(''),
  ditetapkanPada: waktuSchema.nullable().default(null),
});

/** A same-field concurrent edit kept by the server (docs/architecture.md "Conflicts and rejections"): nothing is silently lost. */
export const konflikSchema = baseSchema.extend({
  tabel: z.string().max(60),
  recordId: idSchema,
  field: z.string().max(100),
  nilaiServer: z.unknown(),
  nilaiMasuk: z.unknown(),
  olehServer: z.string().max(200).default(''),
  olehMasuk: z.string().max(200).default(''),
  /** Device time of the incoming edit: display only, never used for ordering. */
  padaMasuk: z.string().max(40).default(''),
  status: z.enum(['terbuka', 'selesai']).default('terbuka'),
  penyelesaian: z.enum(['server', 'masuk', 'lain']).nullable().default(null),
  diselesaikanOleh: teksBebas(200).default(''),
});

// ---------------------------------------------------------------- registry

export const recordSchemas = {
  pemda: pemdaSchema,
  opd: opdSchema,
  pk: pkSchema,
  sasaran: sasaranSchema,
  indikator: indikatorSchema,
  program: programSchema,
  realisasi: realisasiSchema,
  realisasiAnggaran: realisasiAnggaranSchema,
  laporan: laporanSchema,
  rakor: rakorSchema,
  arahan: arahanSchema,
  kunciPeriode: kunciPeriodeSchema,
  evaluasiPejabat: evaluasiPejabatSchema,
  konflik: konflikSchema,
} as const;

export type NamaTabel = keyof typeof recordSchemas;
export const NAMA_TABEL = Object.keys(recordSchemas) as NamaTabel[];
export const namaTabelSchema = z.enum(NAMA_TABEL as [NamaTabel, ...NamaTabel[]], { error: 'Tabel tidak dikenal' });

export type Pemda = z.infer<typeof pemdaSchema>;
export type Opd = z.infer<typeof opdSchema>;
export type Pk = z.infer<typeof pkSchema>;
export type Sasaran = z.infer<typeof sasaranSchema>;
export type Indikator = z.infer<typeof indikatorSchema>;
export type Program = z.infer<typeof programSchema>;
export type Realisasi = z.infer<typeof realisasiSchema>;
export type RealisasiAnggaran = z.infer<typeof realisasiAnggaranSchema>;
export type Laporan = z.infer<typeof laporanSchema>;
export type Rakor = z.infer<typeof rakorSchema>;
export type Arahan = z.infer<typeof arahanSchema>;
export type KunciPeriode = z.infer<typeof kunciPeriodeSchema>;
export type EvaluasiPejabat = z.infer<typeof evaluasiPejabatSchema>;
export type Konflik = z.infer<typeof konflikSchema>;
export type RecordOf<T extends NamaTabel> = z.infer<(typeof recordSchemas)[T]>;
export type AnyRecord = RecordOf<NamaTabel>;

// ---------------------------------------------------------------- users (server side)

export const ROLES = ['admin', 'pimpinan', 'operator', 'viewer'] as const;
export const roleSchema = z.enum(ROLES, { error: 'Peran tidak valid' });
export type Role = z.infer<typeof roleSchema>;

/** A user as the API shows it (the password hash never leaves the server). */
export const userSchema = z.object({
  id: idSchema,
  username: z.string().trim().min(3, 'Minimal 3 karakter').max(60, 'Maksimal 60 karakter').regex(/^[a-z0-9._-]+$/, 'Hanya huruf kecil, angka, titik, garis bawah, tanda hubung'),
  nama: teks(200),
  role: roleSchema,
  /** Required for operators: the OPD they may write for. */
  opdId: idSchema.nullable().default(null),
  aktif: z.boolean().default(true),
});
export type User = z.infer<typeof userSchema>;

// ---------------------------------------------------------------- natural keys

/**
 * Records with a natural key get an id derived from it (a name-based UUID), so two tablets that
 * create the same quarter's realisasi offline meet on one record instead of making two.
 * UUIDv5 (SHA-1 of namespace + name) via the `uuid` package: the same in browser and server.
 */
const NAMESPACE = '6f1d7a52-3c1e-4b8e-9a57-2f0c5e7d9b11';
export const idAlami = {
  realisasi: (indikatorId: string, periode: Periode) => uuidv5(`realisasi:${indikatorId}:${periode}`, NAMESPACE),
  realisasiAnggaran: (programId: string, triwulan: number) => uuidv5(`realisasiAnggaran:${programId}:${triwulan}`, NAMESPACE),
  laporan: (opdId: string, tahun: number, triwulan: number) => uuidv5(`laporan:${opdId}:${tahun}:${triwulan}`, NAMESPACE),
  kunciPeriode: (tahun: number, triwulan: number) => uuidv5(`kunciPeriode:${tahun}:${triwulan}`, NAMESPACE),
  evaluasiPejabat: (opdId: string, tahun: number) => uuidv5(`evaluasiPejabat:${opdId}:${tahun}`, NAMESPACE),
  konflik: (tabel: string, recordId: string, field: string, rev: number) => uuidv5(`konflik:${tabel}:${recordId}:${field}:${rev}`, NAMESPACE),
} as const;

/** A new time-ordered id for records without a natural key. */
export const idBaru = (): string => uuidv7();

/** Pretty Indonesian message for the first problems of a failed parse: "uraian: Wajib diisi". */
export function pesanZod(error: z.ZodError, maks = 3): string {
  return error.issues
    .slice(0, maks)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
