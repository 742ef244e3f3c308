/**
 * One Zod schema per record type (docs/architecture.md "Records and natural keys"). Types are inferred from these schemas and never
 * written twice. This module is imported by the browser (Dexie, forms, import files) and by the
 * server (push validation), so the same rule decides on both sides.
 *
 * Messages are Indonesian because they reach the user unchanged (next to a field, or as the reason
 * of a rejected mutation).
 */
import { ZONA_WAKTU } from './waktu.ts';
import { z } from 'zod';
import './bahasa-zod.ts';
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
export const teksBebas = (maks = 4000) => z.string({ error: 'Harus berupa teks' }).max(maks, `Maksimal ${maks} karakter`).refine(teksAman, PESAN_KARAKTER);

export const idSchema = z.uuid({ error: 'ID tidak valid' });
/** Calendar date, ISO `YYYY-MM-DD` (no time zone: a deadline is a day, not an instant). */
export const tanggalSchema = z.iso.date({ error: 'Tanggal tidak valid (format YYYY-MM-DD)' });
/** Instant, ISO 8601 with offset. */
export const waktuSchema = z.iso.datetime({ offset: true, error: 'Waktu tidak valid' });
export const tahunSchema = z.int({ error: 'Tahun harus bilangan bulat' }).min(2000, 'Tahun tidak valid').max(2100, 'Tahun tidak valid');
export const triwulanSchema = z.int({ error: 'Triwulan harus 1–4' }).min(1, 'Triwulan harus 1–4').max(4, 'Triwulan harus 1–4');
/**
 * Largest magnitude of any stored number: 10^15 (one quadrillion). Above every figure a pemda
 * reports (an APBD is ~10^12–10^13 rupiah, a province's PDRB below 10^15), and small enough that
 * summing four quarters or forty OPDs stays an exact integer (below 2^53 ≈ 9·10^15), so one absurd
 * value (1.7e308) can never turn totals, serapan or the Layar into Infinity (rejection `validasi`).
 */
export const MAKS_ANGKA = 1e15;
/** A finite number within ±MAKS_ANGKA (NaN/Infinity never enter storage). */
export const angka = z
  .number({ error: 'Harus berupa angka' })
  .finite('Harus berupa angka')
  .min(-MAKS_ANGKA, 'Angka terlalu kecil (minimal −1.000.000.000.000.000)')
  .max(MAKS_ANGKA, 'Angka terlalu besar (maksimal 1.000.000.000.000.000)');
export const rupiah = angka.min(0, 'Tidak boleh negatif');
export const persen = angka.min(0, 'Minimal 0').max(100, 'Maksimal 100');
/**
 * NIP (Nomor Induk Pegawai, PP 11/2017 and BKN practice): 18 digits = birth date (8), CPNS TMT
 * year-month (6), sex (1), serial (3). Stored normalised (digits only); the printed form
 * "19700101 199803 1 005" (see `formatNip` in domain/pejabat.ts) and "NIP." prefixes are accepted
 * as input and normalised here. Empty = no NIP (an elected kepala daerah is not a civil servant).
 * docs/domain/pejabat.md §NIP.
 */
export const nipSchema = z
  .string()
  .transform((s) => s.replace(/^\s*NIP\.?\s*/i, '').replace(/[\s.]/g, ''))
  .pipe(z.string().regex(/^(\d{18})?$/, 'NIP harus 18 digit angka'));

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
 * A target value (docs/domain/target-capaian.md §Jenis target):
 * - a number ("85");
 * - a pair [a, b]: a band. On a naik/turun indicator it is graded directionally (PermenPANRB 6/2022
 *   Lampiran Bab VI A.1.b.1(e)–(g): above the band against b, below it against a); on a `rentang`
 *   indicator it is the two-sided band (inside = 100, both sides bad);
 * - a comparison { op, nilai } ("≥ 85", "< 2");
 * - a level { tingkat } on the indicator's ordinal `skala` ("WTP", "BB", "Hijau").
 */
export const targetNilaiSchema = z.union([
  angka,
  z.tuple([angka, angka]).refine(([a, b]) => a <= b, 'Batas bawah harus ≤ batas atas'),
  z.object({ op: z.enum(['>=', '<=', '>', '<'], { error: 'Pembanding tidak valid' }), nilai: angka }),
  z.object({ tingkat: teks(100) }),
]);
/** An ordinal scale, lowest level first (docs/domain/target-capaian.md §Skala ordinal). */
export const skalaSchema = z.object({
  nama: teks(100),
  tingkat: z
    .array(teks(100))
    .min(2, 'Skala minimal 2 tingkat')
    .max(20, 'Skala maksimal 20 tingkat')
    .refine((t) => new Set(t.map((x) => x.toLowerCase())).size === t.length, 'Nama tingkat pada skala tidak boleh kembar'),
});
export type Skala = z.infer<typeof skalaSchema>;
export type TargetNilai = z.infer<typeof targetNilaiSchema>;

export const pejabatSchema = z.object({
  nama: teks(200),
  nip: nipSchema.default(''),
  jabatan: teks(300),
  pangkat: teksBebas(200).default(''),
});
export type Pejabat = z.infer<typeof pejabatSchema>;

// ---------------------------------------------------------------- size limits

/** UTF-8 bytes of a value's JSON (the size it takes on the wire and in storage). */
export function ukuranJson(v: unknown): number {
  return new TextEncoder().encode(JSON.stringify(v ?? null)).length;
}

/** Largest pk.snapshot: a signed PK's copy of its sasaran/indikator/program (a large OPD is ~150 KiB). */
export const MAKS_BYTE_SNAPSHOT = 512 * 1024;

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

/** The range a pemda may set for bukti dukung photos (`pengaturan.buktiMaksPx` / `buktiMaksKb`, issue 15 point 1): [min, max]. */
export const RENTANG_FOTO_BUKTI = { px: [640, 4096], kb: [100, 5120] } as const;

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
      /**
       * PP 11/2017 pasal 142: the score (mean capped capaian of the signed PK's indicators) below
       * which an official "tidak memenuhi kinerja yang diperjanjikan". Default 76, the lower bound
       * of predikat Tinggi (Permendagri 86/2017), so one indicator slightly under target does not
       * by itself trigger a masa perbaikan. A pemda policy: set it in Pengaturan. docs/domain/pejabat.md.
       */
      ambangPejabat: angka.min(0).max(200).default(76),
      /**
       * Phrases of a TDI reason that exclude the indicator from the score instead of counting 0
       * (e.g. "belum rilis": BPS has not published the figure yet). Shown wherever a score is
       * explained (docs/domain/rakor.md §Skor).
       */
      alasanDikecualikan: z.array(teks(100)).max(20).default([]),
      /**
       * The pemda's legal time zone: every calendar date of the app (docs/domain/waktu.md).
       * Absent (profiles made before it existed) = WIB, read through `zonaPemda`.
       */
      zonaWaktu: z.enum(ZONA_WAKTU, { error: 'Zona waktu harus WIB, WITA atau WIT' }).optional(),
      /**
       * Largest bukti dukung photo after compression in the browser (issue 15 point 1 "a pemda-set
       * maximum"; docs/bukti-dukung.md "Di tablet"): longest side in pixels and size in KB. Absent
       * (profiles made before it existed) = 1600 px and 512 KB, read through `batasFotoPemda`
       * (src/lib/berkas-bukti.ts). The range keeps a photographed letter readable (≥ 640 px) and a
       * photo well under the server's per-file limit (≤ 5 MB).
       */
      buktiMaksPx: angka
        .int('Harus bilangan bulat')
        .min(RENTANG_FOTO_BUKTI.px[0], `Minimal ${RENTANG_FOTO_BUKTI.px[0]} piksel`)
        .max(RENTANG_FOTO_BUKTI.px[1], `Maksimal ${RENTANG_FOTO_BUKTI.px[1]} piksel`)
        .optional(),
      buktiMaksKb: angka
        .int('Harus bilangan bulat')
        .min(RENTANG_FOTO_BUKTI.kb[0], `Minimal ${RENTANG_FOTO_BUKTI.kb[0]} KB`)
        .max(RENTANG_FOTO_BUKTI.kb[1], `Maksimal ${RENTANG_FOTO_BUKTI.kb[1]} KB (5 MB)`)
        .optional(),
    })
    .default({ batasAtas: 100, ambangPejabat: 76, alasanDikecualikan: [] }),
});

export const JENIS_OPD = ['sekretariat', 'dinas', 'badan', 'inspektorat', 'satpol', 'rsud', 'kecamatan', 'kepala-daerah', 'lainnya'] as const;
export const opdSchema = baseSchema.extend({
  kode: teks(40),
  nama: teks(300),
  singkatan: teks(60),
  jenis: z.enum(JENIS_OPD, { error: 'Jenis perangkat daerah tidak valid' }),
  kepala: pejabatSchema,
  urutan: z.int().min(0).default(0),
  /** Deactivated instead of deleted (history keeps pointing at it); inactive OPDs leave new summaries. */
  aktif: z.boolean().default(true),
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
  /** The pejabat records (assignments) of the two parties; required to sign (docs/domain/pejabat.md §PK). */
  pihakPertamaId: idSchema.nullable().default(null),
  pihakKeduaId: idSchema.nullable().default(null),
  /** Cascade: the PK of the superior this one serves (eselon III/IV PK → kepala OPD's PK); null for the OPD's own PK. */
  pkIndukId: idSchema.nullable().default(null),
  ditandatanganiPada: waktuSchema.nullable().default(null),
  /** Frozen copy of sasaran/indikator/program at signing (JSON); later edits cannot change it.
   * Bounded like every field (issue 9 §3): an unbounded one let one account stop every pull. */
  snapshot: z
    .unknown()
    .nullable()
    .default(null)
    .refine((v) => ukuranJson(v) <= MAKS_BYTE_SNAPSHOT, {
      message: `Salinan PK terlalu besar (maksimal ${MAKS_BYTE_SNAPSHOT / 1024} KiB)`,
      params: { kode: 'ukuran' },
    }),
});

export const sasaranSchema = baseSchema.extend({
  pkId: idSchema,
  opdId: idSchema,
  uraian: teks(1000),
  urutan: z.int().min(0).default(0),
});

export const JENIS_INDIKATOR = ['IKU', 'IKK', 'IKD', 'lainnya'] as const;
const targetTriwulanSchema = z.tuple([targetNilaiSchema.nullable(), targetNilaiSchema.nullable(), targetNilaiSchema.nullable(), targetNilaiSchema.nullable()]);
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
  /**
   * Usual range of a realisasi (plausibility, docs/domain/kewajaran.md): null = from the unit
   * (persen 0–100, counts ≥ 0). A value outside asks for confirmation; it is never refused.
   */
  wajarMin: angka.nullable().default(null),
  wajarMaks: angka.nullable().default(null),
  /** How the value is computed, as published ("Perbandingan jumlah … dengan …"). */
  formula: teksBebas(1000).default(''),
  /** Ordinal scale for level targets ({ tingkat }); realisasi `nilai` is then the 1-based level number. */
  skala: skalaSchema.nullable().default(null),
  /** The indicator of the previous PK version this one continues (amendments keep lineage). */
  indikatorAsalId: idSchema.nullable().default(null),
  urutan: z.int().min(0).default(0),
  /** Pohon kinerja: the kepala daerah's sasaran or indikator this indicator supports (docs/domain/pejabat.md §Cascading). */
  mendukungId: idSchema.nullable().default(null),
});

export const STATUS_PENGADAAN = ['belum', 'persiapan', 'tender', 'kontrak', 'selesai', 'swakelola'] as const;
export const programSchema = baseSchema.extend({
  pkId: idSchema,
  opdId: idSchema,
  kode: teksBebas(60).default(''),
  nama: teks(500),
  pagu: rupiah,
  /** "APBD", "APBD, DAK" as published. */
  sumberDana: teksBebas(300).default(''),
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

/** One correction of an arahan (docs/domain/rakor.md §Koreksi): what it was, who, when, why. */
export const koreksiArahanSchema = z.object({
  jenis: z.enum(['ubah', 'hapus']),
  pada: waktuSchema,
  oleh: teksBebas(200).default(''),
  alasan: teks(1000),
  /** The values before the correction. */
  sebelum: z.object({ uraian: z.string().max(2000), opdId: idSchema.nullable(), batasWaktu: z.string().max(10) }),
});
export type KoreksiArahan = z.infer<typeof koreksiArahanSchema>;

export const STATUS_ARAHAN = ['baru', 'proses', 'selesai', 'tidak-selesai'] as const;
export const arahanSchema = baseSchema.extend({
  rakorId: idSchema,
  /** null: addressed to every OPD. */
  opdId: idSchema.nullable(),
  uraian: teks(2000),
  batasWaktu: tanggalSchema,
  /** Legacy single follow-up: used only while no addressee has its own `tindakLanjutArahan`. */
  status: z.enum(STATUS_ARAHAN).default('baru'),
  tindakLanjut: teksBebas(4000).default(''),
  /** Withdrawn by the chair with a reason (kept, with its history, instead of a tombstone). */
  dibatalkan: z.boolean().default(false),
  riwayat: z.array(koreksiArahanSchema).max(50).default([]),
});

/**
 * The follow-up of ONE addressee (OPD) of an arahan: each OPD reports and closes its own part
 * (issue 9 point 5; docs/domain/rakor.md §Tindak lanjut). Natural key (arahanId, opdId).
 * Who and when: the record's updatedBy / updatedAt (set by the server).
 */
export const tindakLanjutArahanSchema = baseSchema.extend({
  arahanId: idSchema,
  opdId: idSchema,
  uraian: teksBebas(4000).default(''),
  status: z.enum(STATUS_ARAHAN).default('proses'),
});

export const kunciPeriodeSchema = baseSchema.extend({
  tahun: tahunSchema,
  triwulan: triwulanSchema,
  terkunci: z.boolean(),
  oleh: teksBebas(200).default(''),
  pada: waktuSchema.nullable().default(null),
});

// ---------------------------------------------------------------- officials (docs/domain/pejabat.md)

/** Kepala daerah (elected or Pj), jabatan pimpinan tinggi pratama (eselon II), administrator (III), pengawas (IV). */
export const LEVEL_PEJABAT = ['kepala-daerah', 'jpt-pratama', 'administrator', 'pengawas'] as const;
/** Definitif, pelaksana tugas (Plt), pelaksana harian (Plh), penjabat kepala daerah (Pj). */
export const PENUGASAN = ['definitif', 'plt', 'plh', 'pj'] as const;
export type LevelPejabat = (typeof LEVEL_PEJABAT)[number];
export type Penugasan = (typeof PENUGASAN)[number];

/**
 * One assignment of one official to one position of one OPD over time (TMT → selesai). A person who
 * moves gets a new record (same NIP); a Plt/Plh/Pj is a record of its own beside the definitive
 * holder. The kepala daerah's "OPD" is the OPD of jenis 'kepala-daerah'. docs/domain/pejabat.md §Data.
 */
export const pejabatRecordSchema = baseSchema
  .extend({
    nama: teks(200),
    nip: nipSchema.default(''),
    /** "Pembina Utama Muda (IV/c)"; empty for an elected kepala daerah. */
    pangkat: teksBebas(200).default(''),
    /** The position without the Plt./Plh./Pj. prefix: "Kepala Dinas Kesehatan", "Bupati Sukamaju". */
    jabatan: teks(300),
    level: z.enum(LEVEL_PEJABAT, { error: 'Tingkat jabatan tidak valid' }),
    penugasan: z.enum(PENUGASAN, { error: 'Jenis penugasan tidak valid' }).default('definitif'),
    opdId: idSchema,
    /** Terhitung mulai tanggal (first day in the position). */
    tmt: tanggalSchema,
    /** Last day in the position; null while still serving. */
    selesai: tanggalSchema.nullable().default(null),
    /** Decree of the assignment (SK / surat perintah), free text. */
    dasarPenugasan: teksBebas(300).default(''),
  })
  .refine((p) => p.selesai === null || p.selesai >= p.tmt, { message: 'Tanggal selesai tidak boleh sebelum TMT', path: ['selesai'] })
  .refine((p) => p.penugasan !== 'pj' || p.level === 'kepala-daerah', { message: 'Penjabat (Pj) hanya untuk kepala daerah', path: ['penugasan'] })
  .refine((p) => p.level === 'kepala-daerah' || p.nip !== '', { message: 'NIP wajib untuk pejabat ASN', path: ['nip'] });

/** An indicator's line in the basis of a pasal 142 evaluation (values as evaluated, frozen). */
export const dasarIndikatorSchema = z.object({
  indikatorId: idSchema,
  uraian: teksBebas(1000),
  satuan: teksBebas(60).default(''),
  target: targetNilaiSchema.nullable(),
  jenisTarget: z.enum(['tahunan', 'triwulan']).nullable().default(null),
  realisasi: angka.nullable(),
  capaian: angka.nullable(),
  status: z.enum(['nilai', 'tdi', 'belum-jatuh-tempo', 'belum-diisi', 'tidak-terhitung']),
  alasan: teksBebas(500).default(''),
});
export const HASIL_142 = ['memenuhi', 'tidak-memenuhi', 'data-belum-lengkap'] as const;
export const USULAN_142 = ['masa-perbaikan', 'uji-kompetensi'] as const;
export const KEPUTUSAN_142 = ['masa-perbaikan', 'uji-kompetensi', 'tidak-ditindaklanjuti', 'selesai-perbaikan'] as const;
/** What a proposal rests on: the rule, the signed PK, the period, every indicator, the score. */
export const dasarEvaluasiSchema = z.object({
  aturan: teksBebas(500),
  pkId: idSchema,
  pkVersi: z.int().min(1).max(99),
  pkDitandatanganiPada: waktuSchema.nullable().default(null),
  periodeMulai: tanggalSchema,
  periodeSelesai: tanggalSchema,
  /** Quarter whose values were used (4 = the whole year). */
  triwulan: triwulanSchema,
  tanggalEvaluasi: tanggalSchema,
  ambang: angka,
  batasAtas: angka,
  capaian: angka.nullable(),
  jumlahIndikator: z.int().min(0),
  jumlahDinilai: z.int().min(0),
  indikator: z.array(dasarIndikatorSchema).max(200),
});
export type DasarEvaluasi = z.infer<typeof dasarEvaluasiSchema>;

/**
 * PP 11/2017 pasal 142 (as amended by PP 17/2020) per official and year: the evaluation with its
 * basis and the PPK's decision. Natural key (pejabatId, tahun, tahap). Stage 'tahunan' follows the
 * year (or the end of a ≥ 1-year assignment); stage 'akhir-perbaikan' follows the end of a masa
 * perbaikan that the PPK decided. Until `keputusan` is recorded (with decree number, date and who)
 * the proposal stays a proposal. docs/domain/pejabat.md §Pasal 142.
 */
export const evaluasiPejabatSchema = baseSchema
  .extend({
    pejabatId: idSchema,
    opdId: idSchema,
    tahun: tahunSchema,
    tahap: z.enum(['tahunan', 'akhir-perbaikan']).default('tahunan'),
    hasil: z.enum(HASIL_142),
    usulan: z.enum(USULAN_142).nullable().default(null),
    dasar: dasarEvaluasiSchema,
    keputusan: z.enum(KEPUTUSAN_142).nullable().default(null),
    nomorKeputusan: teksBebas(200).default(''),
    tanggalKeputusan: tanggalSchema.nullable().default(null),
    /** Who decided (the PPK: "Bupati Sukamaju", name). */
    ditetapkanOleh: teksBebas(200).default(''),
    /** The admin who recorded the decision, and when. */
    dicatatOleh: teksBebas(200).default(''),
    dicatatPada: waktuSchema.nullable().default(null),
    catatan: teksBebas(4000).default(''),
  })
  .refine((e) => e.keputusan === null || (e.nomorKeputusan.trim() !== '' && e.tanggalKeputusan !== null && e.ditetapkanOleh.trim() !== ''), {
    message: 'Keputusan wajib disertai nomor, tanggal, dan pejabat yang menetapkan',
    path: ['nomorKeputusan'],
  })
  .refine((e) => e.keputusan !== 'masa-perbaikan' || e.tahap === 'tahunan', { message: 'Masa perbaikan hanya dari evaluasi tahunan', path: ['keputusan'] });

/** An indicator of the Penjabat kepala daerah evaluation as the ministry's letter sets it. */
export const indikatorPjSchema = z.object({
  kode: teks(20),
  aspek: z.enum(['pemerintahan', 'pembangunan', 'kemasyarakatan'], { error: 'Aspek tidak valid' }),
  uraian: teks(500),
  /** The OPD that supplies the bahan evaluasi by default. */
  opdId: idSchema.nullable().default(null),
  /** Key point for the report (capaian, what was done), filled when compiling. */
  capaian: teksBebas(2000).default(''),
});
export type IndikatorPj = z.infer<typeof indikatorPjSchema>;

/**
 * One quarterly evaluation period of a Penjabat kepala daerah (Permendagri 4/2023: evaluated by the
 * Minister every 3 months). Natural key (pejabatId, ke). docs/domain/pejabat.md §Penjabat.
 */
export const evaluasiPjSchema = baseSchema.extend({
  pejabatId: idSchema,
  ke: z.int().min(1).max(40),
  mulai: tanggalSchema,
  selesai: tanggalSchema,
  /** Deadline of the report to the Minister (via Inspektur Jenderal). */
  batasLaporan: tanggalSchema,
  /** The ministry letter that sets the indicators ("800.1.14/575/IJ, 27 Maret 2023"). */
  suratDasar: teksBebas(300).default(''),
  indikator: z.array(indikatorPjSchema).max(40).default([]),
  ringkasan: teksBebas(8000).default(''),
  status: z.enum(['persiapan', 'dikompilasi', 'dilaporkan']).default('persiapan'),
  dilaporkanPada: tanggalSchema.nullable().default(null),
});

/** A task for one OPD to supply bahan evaluasi for one Pj indicator, with its own deadline. */
export const tugasPjSchema = baseSchema.extend({
  evaluasiPjId: idSchema,
  opdId: idSchema,
  kodeIndikator: teks(20),
  uraian: teks(1000),
  batasWaktu: tanggalSchema,
  status: z.enum(['baru', 'dikirim', 'diterima', 'dikembalikan']).default('baru'),
  bahan: teksBebas(8000).default(''),
  catatanAdmin: teksBebas(2000).default(''),
  dikirimPada: waktuSchema.nullable().default(null),
});

/** Records a bukti dukung may belong to (issue 15 point 1; docs/bukti-dukung.md "Pemilik"). */
export const TABEL_PEMILIK_BUKTI = ['realisasi', 'realisasiAnggaran', 'tindakLanjutArahan', 'laporan'] as const;
/**
 * File types accepted as evidence, by content (docs/bukti-dukung.md "Jenis berkas"): photos (JPEG,
 * PNG), scans (PDF), BPS tables and reports (XLSX, DOCX).
 */
export const MIME_BUKTI = [
  'image/jpeg',
  'image/png',
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
] as const;
export type MimeBukti = (typeof MIME_BUKTI)[number];
/** diterima / perlu perbaikan: set by Bappeda (admin) only (docs/bukti-dukung.md "Verifikasi"). */
export const STATUS_BUKTI = ['menunggu', 'diterima', 'perbaikan'] as const;
/** A file's content hash: sha256, 64 lowercase hex digits. */
export const hashBerkasSchema = z.string().regex(/^[0-9a-f]{64}$/, 'Hash berkas tidak valid (sha256, 64 digit heksadesimal)');
/** Largest file the schema accepts (bytes); the server's own limit (BERKAS_MAKS_MB) is usually lower. */
export const MAKS_BYTE_BERKAS_SKEMA = 100 * 1024 * 1024;

/**
 * One piece of evidence (bukti dukung) attached to a record (issue 15; docs/bukti-dukung.md). The
 * file itself travels separately (tus upload) and is named by its content hash, so the record syncs
 * at once and the same file attached twice is stored once. Who and when: updatedBy / updatedAt.
 */
export const buktiDukungSchema = baseSchema.extend({
  tabel: z.enum(TABEL_PEMILIK_BUKTI, { error: 'Pemilik bukti dukung tidak dikenal' }),
  recordId: idSchema,
  opdId: idSchema,
  hash: hashBerkasSchema,
  nama: teks(200),
  mime: z.enum(MIME_BUKTI, { error: 'Jenis berkas tidak didukung (JPEG, PNG, PDF, XLSX, DOCX)' }),
  /** Bytes of the file as uploaded (after compression in the browser). */
  ukuran: z.int().min(1, 'Berkas kosong').max(MAKS_BYTE_BERKAS_SKEMA, 'Berkas terlalu besar'),
  status: z.enum(STATUS_BUKTI).default('menunggu'),
  catatanVerifikasi: teksBebas(2000).default(''),
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
  tindakLanjutArahan: tindakLanjutArahanSchema,
  kunciPeriode: kunciPeriodeSchema,
  evaluasiPejabat: evaluasiPejabatSchema,
  konflik: konflikSchema,
  pejabat: pejabatRecordSchema,
  evaluasiPj: evaluasiPjSchema,
  tugasPj: tugasPjSchema,
  buktiDukung: buktiDukungSchema,
} as const;

export type NamaTabel = keyof typeof recordSchemas;
export const NAMA_TABEL = Object.keys(recordSchemas) as NamaTabel[];

/**
 * Tables without `tahun` whose records belong to their PK's year (issue 17 §2; docs/sync-protocol.md
 * "History scope"): the scoped pull and GET /sync/tahun follow `pkId` to the `pk` row, and a tablet
 * releasing a year removes them with the year's PKs.
 */
export const TABEL_IKUT_PK = ['indikator', 'sasaran', 'program'] as const satisfies readonly NamaTabel[];

/**
 * Largest stored record per table, in UTF-8 bytes of its JSON (issue 9 §3; docs/sync-protocol.md
 * "Limits"). Every field is capped by its schema already; this caps the whole, so a pull page
 * bounded by bytes (MAKS_BYTE_PULL) always has room for at least one record. Tables with big
 * fields get more: pemda (logo), pk (snapshot), rakor (notulen, 500 peserta), konflik (made by the
 * server from two field values, never refused).
 */
export const MAKS_BYTE_RECORD: Record<NamaTabel, number> = Object.fromEntries(
  NAMA_TABEL.map((t) => [t, t === 'pemda' || t === 'pk' || t === 'rakor' ? 768 * 1024 : t === 'konflik' ? 2 * 1024 * 1024 : 64 * 1024]),
) as Record<NamaTabel, number>;

/** null when `rec` fits MAKS_BYTE_RECORD, else the Indonesian reason (rejection code `ukuran`). */
export function alasanUkuranRecord(table: NamaTabel, rec: unknown): string | null {
  const maks = MAKS_BYTE_RECORD[table];
  const n = ukuranJson(rec);
  return n <= maks ? null : `Data terlalu besar: ${Math.ceil(n / 1024)} KiB, maksimal ${maks / 1024} KiB per data ${table}`;
}

/**
 * Each table's field defaults, as its schema fills them in (a field without a default is absent).
 * A first write (baseRev 0) leaves a field at its default unless the person set it: the server
 * merges two first writes field by field against these values (issue 9 §1; docs/sync-protocol.md "Merging").
 */
export const NILAI_BAWAAN: Record<NamaTabel, ReadonlyMap<string, unknown>> = Object.fromEntries(
  NAMA_TABEL.map((t) => {
    const m = new Map<string, unknown>();
    for (const [f, sch] of Object.entries(recordSchemas[t].shape)) {
      const p = (sch as z.ZodType).safeParse(undefined);
      if (p.success && p.data !== undefined) m.set(f, p.data);
    }
    return [t, m];
  }),
) as unknown as Record<NamaTabel, ReadonlyMap<string, unknown>>;

/**
 * Fields a tombstone keeps: what identifies the record and whom it belongs to (for permission
 * checks and natural keys). Everything else is dropped at delete, so deleting frees the space
 * (issue 9 §3; docs/sync-protocol.md "Pull").
 */
export const FIELD_NISAN = [
  'opdId',
  'pkId',
  'sasaranId',
  'indikatorId',
  'programId',
  'rakorId',
  'arahanId',
  'tahun',
  'triwulan',
  'periode',
  'tabel',
  'recordId',
  'field',
] as const;
/**
 * A tombstone as pull sends it: `{ id, rev, deleted: true, updatedAt, updatedBy }` plus only the
 * FIELD_NISAN it had (no other data; issue 9 §3; docs/sync-protocol.md "Pull"). Lets a reader
 * check a deleted change as strictly as `recordSchemas` checks a live one.
 */
export const nisanSchema = z.strictObject({
  id: z.string().min(1),
  rev: z.number().int().positive(),
  deleted: z.literal(true),
  updatedAt: z.string(),
  updatedBy: z.string(),
  ...Object.fromEntries(FIELD_NISAN.map((f) => [f, z.unknown().optional()])),
});
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
export type TindakLanjutArahan = z.infer<typeof tindakLanjutArahanSchema>;
export type KunciPeriode = z.infer<typeof kunciPeriodeSchema>;
export type EvaluasiPejabat = z.infer<typeof evaluasiPejabatSchema>;
export type Konflik = z.infer<typeof konflikSchema>;
export type PejabatRecord = z.infer<typeof pejabatRecordSchema>;
export type EvaluasiPj = z.infer<typeof evaluasiPjSchema>;
export type TugasPj = z.infer<typeof tugasPjSchema>;
export type BuktiDukung = z.infer<typeof buktiDukungSchema>;
export type RecordOf<T extends NamaTabel> = z.infer<(typeof recordSchemas)[T]>;
export type AnyRecord = RecordOf<NamaTabel>;

// ---------------------------------------------------------------- users (server side)

export const ROLES = ['admin', 'pimpinan', 'operator', 'viewer'] as const;
export const roleSchema = z.enum(ROLES, { error: 'Peran tidak valid' });
export type Role = z.infer<typeof roleSchema>;

/** A user as the API shows it (the password hash never leaves the server). */
export const userSchema = z.object({
  id: idSchema,
  username: z
    .string()
    .trim()
    .min(3, 'Minimal 3 karakter')
    .max(60, 'Maksimal 60 karakter')
    .regex(/^[a-z0-9._-]+$/, 'Hanya huruf kecil, angka, titik, garis bawah, tanda hubung'),
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
export const NAMESPACE_ALAMI = '6f1d7a52-3c1e-4b8e-9a57-2f0c5e7d9b11';

/**
 * The natural-key functions over `v5`, the UUIDv5 of a name in NAMESPACE_ALAMI (`idAlami` uses the
 * `uuid` package; the server passes an equal one on node:crypto, src/server/sync.store.ts).
 */
export const buatIdAlami = (v5: (nama: string) => string) =>
  ({
    realisasi: (indikatorId: string, periode: Periode) => v5(`realisasi:${indikatorId}:${periode}`),
    realisasiAnggaran: (programId: string, triwulan: number) => v5(`realisasiAnggaran:${programId}:${triwulan}`),
    laporan: (opdId: string, tahun: number, triwulan: number) => v5(`laporan:${opdId}:${tahun}:${triwulan}`),
    kunciPeriode: (tahun: number, triwulan: number) => v5(`kunciPeriode:${tahun}:${triwulan}`),
    /** PP 11/2017 pasal 142: one evaluation per official, year and stage (docs/domain/pejabat.md). */
    evaluasiPejabat: (pejabatId: string, tahun: number, tahap: 'tahunan' | 'akhir-perbaikan' = 'tahunan') =>
      v5(`evaluasiPejabat:${pejabatId}:${tahun}${tahap === 'tahunan' ? '' : `:${tahap}`}`),
    /** Permendagri 4/2023: one evaluation period per Penjabat and quarter number. */
    evaluasiPj: (pejabatId: string, ke: number) => v5(`evaluasiPj:${pejabatId}:${ke}`),
    /** One rakor monev per quarter: two tablets creating it offline meet on one record. */
    rakor: (tahun: number, triwulan: number) => v5(`rakor:${tahun}:${triwulan}`),
    /** One follow-up per addressee of an arahan. */
    tindakLanjutArahan: (arahanId: string, opdId: string) => v5(`tindakLanjutArahan:${arahanId}:${opdId}`),
    /**
     * One konflik per field of one pushed mutation, named by the client and its seq (`asal`,
     * "<clientId>:<seq>"): known before the push's revs are, which are given only at its end
     * (src/server/sync.store.ts header). Konflik stored before this kept their rev-based ids.
     */
    konflik: (tabel: string, recordId: string, field: string, asal: string) => v5(`konflik:${tabel}:${recordId}:${field}:${asal}`),
  }) as const;
export const idAlami = buatIdAlami((nama) => uuidv5(nama, NAMESPACE_ALAMI));

/** A new time-ordered id for records without a natural key. */
export const idBaru = (): string => uuidv7();

/** Pretty Indonesian message for the first problems of a failed parse: "uraian: Wajib diisi". */
export function pesanZod(error: z.ZodError, maks = 3): string {
  return error.issues
    .slice(0, maks)
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}
