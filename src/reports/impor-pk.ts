/**
 * PK indicators, targets and programmes from the spreadsheets a Bappeda already has (XLSX or CSV),
 * as published: the rules are in docs/import.md. Pure: the screen reads the file (spreadsheet.ts)
 * into sheets, calls `periksaImporPk` with the person's choices (sheet, column mapping, quarterly
 * mode, confirmed numbers, confirmed polarity/aggregation) and stores the writes of the valid rows
 * in one transaction. Every record is validated with the shared Zod schemas, so the same rule that
 * guards a push guards an import.
 */
import {
  indikatorSchema,
  programSchema,
  sasaranSchema,
  idBaru,
  JENIS_INDIKATOR,
  type Agregasi,
  type Indikator,
  type Pk,
  type Polaritas,
  type Program,
  type Sasaran,
  type Skala,
  type TargetNilai,
} from '../domain/schemas.ts';
import { bacaTeksTarget, skalaUntukTingkat } from '../domain/target.ts';
import { periksaTargetTriwulan } from '../domain/indikator.ts';
import { bacaAngka, formatNilai, formatRupiah, geserDesimal } from '../lib/format.ts';

/** An XLSX number cell with its number format ("0.00%", "#,##0"), as exceljs gives it. */
export interface SelAngka {
  angka: number;
  format: string;
}
/** A cell as read from XLSX (typed, numbers with their format) or CSV (text). */
export type Sel = string | number | boolean | Date | null | undefined | SelAngka;
/** One sheet of a workbook (a CSV file is one sheet). */
export interface Lembar {
  nama: string;
  baris: Sel[][];
}

export type KeyKolom =
  | 'sasaran'
  | 'uraian'
  | 'satuan'
  | 'jenis'
  | 'polaritas'
  | 'agregasi'
  | 'formula'
  | 'targetTahunan'
  | 'tw1'
  | 'tw2'
  | 'tw3'
  | 'tw4'
  | 'm100H'
  | 'm6B'
  | 'm1T'
  | 'sumberData'
  | 'kode'
  | 'kodeKegiatan'
  | 'kodeSubKegiatan'
  | 'program'
  | 'pagu'
  | 'sumberDana';

export interface Kolom {
  kunci: KeyKolom;
  judul: string;
  wajib: boolean;
  contoh: string;
}

/** Template columns, in order (the template is one way in; any Bappeda layout is another). */
export const KOLOM_IMPOR: readonly Kolom[] = [
  { kunci: 'sasaran', judul: 'Sasaran', wajib: true, contoh: 'Meningkatnya kualitas pelayanan kesehatan' },
  { kunci: 'uraian', judul: 'Indikator', wajib: true, contoh: 'Persentase puskesmas terakreditasi paripurna' },
  { kunci: 'satuan', judul: 'Satuan', wajib: true, contoh: '%' },
  { kunci: 'jenis', judul: 'Jenis (IKU/IKK/IKD/lainnya)', wajib: false, contoh: 'IKU' },
  { kunci: 'polaritas', judul: 'Polaritas (naik/turun/rentang)', wajib: false, contoh: 'naik' },
  { kunci: 'agregasi', judul: 'Agregasi (kumulatif/akhir/rata-rata)', wajib: false, contoh: 'akhir' },
  { kunci: 'targetTahunan', judul: 'Target Tahunan', wajib: true, contoh: '85' },
  { kunci: 'tw1', judul: 'Target s.d. TW1', wajib: false, contoh: '40' },
  { kunci: 'tw2', judul: 'Target s.d. TW2', wajib: false, contoh: '55' },
  { kunci: 'tw3', judul: 'Target s.d. TW3', wajib: false, contoh: '70' },
  { kunci: 'tw4', judul: 'Target s.d. TW4', wajib: false, contoh: '85' },
  { kunci: 'm100H', judul: 'Target 100 Hari', wajib: false, contoh: '' },
  { kunci: 'm6B', judul: 'Target 6 Bulan', wajib: false, contoh: '' },
  { kunci: 'm1T', judul: 'Target 1 Tahun', wajib: false, contoh: '' },
  { kunci: 'formula', judul: 'Formula', wajib: false, contoh: 'Puskesmas terakreditasi paripurna / seluruh puskesmas × 100' },
  { kunci: 'sumberData', judul: 'Sumber Data', wajib: false, contoh: 'Dinas Kesehatan' },
];

/** Display names of every column kind (mapping screen, messages). */
export const NAMA_KOLOM: Record<KeyKolom, string> = {
  sasaran: 'Sasaran',
  uraian: 'Indikator',
  satuan: 'Satuan',
  jenis: 'Jenis',
  polaritas: 'Polaritas',
  agregasi: 'Agregasi',
  formula: 'Formula',
  targetTahunan: 'Target Tahunan',
  tw1: 'Target TW I',
  tw2: 'Target TW II',
  tw3: 'Target TW III',
  tw4: 'Target TW IV',
  m100H: 'Target 100 Hari',
  m6B: 'Target 6 Bulan',
  m1T: 'Target 1 Tahun',
  sumberData: 'Sumber Data',
  kode: 'Kode',
  kodeKegiatan: 'Kode Kegiatan',
  kodeSubKegiatan: 'Kode Sub Kegiatan',
  program: 'Program',
  pagu: 'Pagu',
  sumberDana: 'Sumber Dana',
};

/** The template sheet: header row plus one example row (download as XLSX or CSV). */
export function barisTemplat(): string[][] {
  return [KOLOM_IMPOR.map((k) => k.judul), KOLOM_IMPOR.map((k) => k.contoh)];
}

// ---------------------------------------------------------------- cells and headers

export const normalJudul = (s: string) =>
  s
    .toLowerCase()
    .replace(/\(.*?\)/g, ' ')
    .replace(/s\.\s?d\.?/g, 'sd')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();

export function teksSel(v: Sel): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') return String(v.angka);
  return String(v).replace(/\s+/g, ' ').trim();
}

const ROMAWI: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, '1': 1, '2': 2, '3': 3, '4': 4 };

/**
 * What a header title means (docs/import.md §Kolom), or null. `tahun` picks "Target <tahun>"
 * among several year columns (returns 'targetTahunan' with the year in `tahunKolom`).
 */
export function kenaliJudul(judul: string): { kunci: KeyKolom; tahunKolom?: number } | null {
  const n = normalJudul(judul);
  if (!n || /^(no|nomor|no urut)$/.test(n)) return null;
  const tw = /^(?:target\s+)?(?:sd\s+)?(?:tw|triwulan|trw)\s*(i{1,3}|iv|[1-4])$/.exec(n);
  if (tw) return { kunci: `tw${ROMAWI[tw[1]!]}` as KeyKolom };
  if (/^(target\s+)?100\s*hari/.test(n)) return { kunci: 'm100H' };
  if (/^(target\s+)?(6|enam)\s*bulan/.test(n)) return { kunci: 'm6B' };
  if (/^(target\s+)?(1|satu)\s*tahun/.test(n)) return { kunci: 'm1T' };
  const th = /^target(?:\s+kinerja)?(?:\s+tahun)?\s+((?:19|20)\d\d)$/.exec(n);
  if (th) return { kunci: 'targetTahunan', tahunKolom: Number(th[1]) };
  if (/^target(\s+(tahunan|kinerja|tahun ini|akhir))?$/.test(n)) return { kunci: 'targetTahunan' };
  if (/^sasaran(\s+(strategis|kinerja|program|sasaran))?$/.test(n)) return { kunci: 'sasaran' };
  if (/^(indikator(\s+(kinerja(\s+(utama|sasaran|program))?|sasaran))?|iku|uraian indikator)$/.test(n)) return { kunci: 'uraian' };
  if (/^satuan/.test(n)) return { kunci: 'satuan' };
  if (/^jenis(\s+indikator)?$/.test(n)) return { kunci: 'jenis' };
  if (/^(polaritas|sifat|arah|polarisasi|sifat indikator)$/.test(n)) return { kunci: 'polaritas' };
  if (/^(agregasi|cara agregasi|akumulasi)$/.test(n)) return { kunci: 'agregasi' };
  if (/^(formula|rumus|cara perhitungan|formulasi|formula perhitungan)$/.test(n)) return { kunci: 'formula' };
  if (/^sumber data$/.test(n)) return { kunci: 'sumberData' };
  if (/^sumber dana$/.test(n)) return { kunci: 'sumberDana' };
  if (/^kode\s+sub\s+kegiatan$/.test(n)) return { kunci: 'kodeSubKegiatan' };
  if (/^kode\s+kegiatan$/.test(n)) return { kunci: 'kodeKegiatan' };
  if (/^kode(\s+(program|rekening))?$/.test(n)) return { kunci: 'kode' };
  if (/^(program|nama program|program kegiatan( sub kegiatan)?|uraian program|program kegiatan sub kegiatan)$/.test(n)) return { kunci: 'program' };
  if (/^(pagu|anggaran|pagu anggaran|jumlah anggaran|pagu indikatif|alokasi anggaran|anggaran rp|nilai anggaran)(\s+(19|20)\d\d)?$/.test(n))
    return { kunci: 'pagu' };
  return null;
}

/** A remembered mapping: normalised header title → column kind ('' = ignore). Stored per pemda by the screen. */
export type PetaTersimpan = Record<string, KeyKolom | ''>;

export interface Tabel {
  jenis: 'indikator' | 'program';
  /** 0-based row index of the header (the last header row when it spans two). */
  barisJudul: number;
  /** 0-based index of the first row after the table. */
  akhir: number;
  /** Column titles as written (two-row headers joined). */
  judul: string[];
  /** Column kind → column index. */
  kolom: Partial<Record<KeyKolom, number>>;
}

function petakan(judul: string[], tahun: number, ingat: PetaTersimpan): Partial<Record<KeyKolom, number>> {
  const kolom: Partial<Record<KeyKolom, number>> = {};
  let tahunDipakai: number | null = null;
  judul.forEach((j, i) => {
    const n = normalJudul(j);
    if (!n) return;
    if (n in ingat) {
      const k = ingat[n];
      if (k && kolom[k] === undefined) kolom[k] = i;
      return;
    }
    const k = kenaliJudul(j);
    if (!k) return;
    if (k.kunci === 'targetTahunan' && k.tahunKolom !== undefined) {
      // Several "Target <tahun>" columns: the PK's year wins, else the first one.
      if (kolom.targetTahunan === undefined || (k.tahunKolom === tahun && tahunDipakai !== tahun)) {
        kolom.targetTahunan = i;
        tahunDipakai = k.tahunKolom;
      }
      return;
    }
    if (kolom[k.kunci] === undefined) kolom[k.kunci] = i;
  });
  return kolom;
}

const kosong = (r: Sel[] | undefined) => !r || r.every((c) => teksSel(c) === '');

/**
 * Finds the tables of a sheet (docs/import.md §Baris judul): a header row is a row whose titles map
 * to an indicator table (Indikator + Sasaran/Target/Satuan) or a programme table (Program + Pagu).
 * The first header is searched among the first 20 rows (title rows above it are skipped); a second
 * table may follow further down (a PK lampiran with its programmes). A header spanning two rows
 * (merged "Target" above "TW I … TW IV") is joined.
 */
export function cariTabel(baris: Sel[][], tahun: number, ingat: PetaTersimpan = {}): Tabel[] {
  const tabel: Tabel[] = [];
  for (let i = 0; i < baris.length; i++) {
    if (tabel.length === 0 && i >= 20) break;
    const r = baris[i]!;
    if (kosong(r)) continue;
    let judul = r.map(teksSel);
    let kolom = petakan(judul, tahun, ingat);
    const jenis =
      kolom.uraian !== undefined && (kolom.sasaran !== undefined || kolom.targetTahunan !== undefined || kolom.satuan !== undefined)
        ? 'indikator'
        : kolom.program !== undefined && kolom.pagu !== undefined
          ? 'program'
          : null;
    if (!jenis) continue;
    let barisJudul = i;
    const bawah = baris[i + 1];
    // A sub-header row leaves the indicator/programme name column empty (data rows fill it).
    const kolomNama = kolom.uraian ?? kolom.program;
    if (bawah && !kosong(bawah) && (kolomNama === undefined || teksSel(bawah[kolomNama]) === '')) {
      const sub = bawah.map(teksSel);
      const gabung = judul.map((j, c) => {
        let atas = j;
        for (let k = c; !atas && k > 0; k--) atas = judul[k - 1] ?? '';
        return sub[c] ? `${atas} ${sub[c]}`.trim() : j;
      });
      const subKenal = sub.filter((s, c) => s && kenaliJudul(gabung[c]!) !== null).length;
      if (subKenal >= 2 && sub.every((s) => s === '' || !/^\d+([.,]\d+)?%?$/.test(s) || /^\(?\d+\)?$/.test(s))) {
        judul = gabung;
        kolom = petakan(judul, tahun, ingat);
        barisJudul = i + 1;
      }
    }
    if (tabel.length) tabel[tabel.length - 1]!.akhir = i;
    tabel.push({ jenis, barisJudul, akhir: baris.length, judul, kolom });
    i = barisJudul;
  }
  return tabel;
}

// ---------------------------------------------------------------- suggestions

/**
 * Suggested polarity from the indicator's name (docs/import.md §Saran): names of things that should
 * go down suggest turun; everything else naik. Only a suggestion: the person confirms.
 */
export function saranPolaritas(uraian: string): Polaritas {
  const n = uraian.toLowerCase();
  if (
    /^(angka|jumlah|kasus|tingkat|rasio|persentase|prosentase)?\s*(kematian|kesakitan|kemiskinan|pengangguran|kriminalitas|kecelakaan|putus sekolah|buta)/.test(
      n,
    )
  )
    return 'turun';
  if (
    /(angka kematian|prevalensi|stunting|gizi buruk|wasting|persentase penduduk miskin|penduduk miskin|tingkat pengangguran|pengangguran terbuka|angka putus sekolah|indeks gini|gini ratio|rasio gini|inflasi|tunggakan|temuan|kasus|kejadian|kecelakaan|kebakaran|banjir|lahan kritis|kawasan kumuh|rumah tidak layak huni|\brtlh\b|pelanggaran|kemiskinan|kerugian|sisa lebih|silpa|backlog|waktu (rata-rata )?(pelayanan|tunggu|penyelesaian))/.test(
      n,
    )
  )
    return 'turun';
  return 'naik';
}

/**
 * Suggested aggregation (docs/import.md §Saran): counts of events over the year ("Jumlah … yang
 * …", "Jumlah peserta", "Jumlah kunjungan") add up → kumulatif; rates, shares, indices and stocks
 * are point-in-time → akhir.
 */
export function saranAgregasi(uraian: string, satuan: string): Agregasi {
  const n = uraian.toLowerCase();
  if (/^(jumlah|banyaknya|total)\b/.test(n) && !/%|persen|indeks|rasio/.test(satuan.toLowerCase())) {
    if (
      /(yang (mengikuti|mendaftar|dilayani|diterbitkan|terbit|dibina|dikunjungi|khatam|berangkat|dilatih|mendapat|menerima)|peserta|kunjungan|pengunjung|terbit|dilayani)/.test(
        n,
      )
    )
      return 'kumulatif';
    return 'akhir';
  }
  return 'akhir';
}

function bacaPolaritas(t: string): Polaritas | null {
  const n = t.trim().toLowerCase();
  if (/^(naik|positif|\+|maksimal|maximize|max|semakin tinggi semakin baik|higher is better)$/.test(n)) return 'naik';
  if (/^(turun|negatif|-|minimal|minimize|min|semakin rendah semakin baik|lower is better)$/.test(n)) return 'turun';
  if (/^(rentang|stabil|range|dua arah)$/.test(n)) return 'rentang';
  return null;
}

function bacaAgregasi(t: string): Agregasi | null {
  const n = t.trim().toLowerCase().replace(/\s+/g, '-');
  if (/^(kumulatif|akumulatif|dijumlah|jumlah|sum)$/.test(n)) return 'kumulatif';
  if (/^(akhir|nilai-akhir|terakhir|posisi-akhir|non-kumulatif|tidak-kumulatif|last)$/.test(n)) return 'akhir';
  if (/^(rata-rata|ratarata|rerata|average|mean)$/.test(n)) return 'rata-rata';
  return null;
}

// ---------------------------------------------------------------- result

export type TingkatPesan = 'galat' | 'peringatan' | 'konfirmasi';
export interface PesanImpor {
  /** 1-based spreadsheet row (0 = the file as a whole). */
  baris: number;
  kolom: string;
  pesan: string;
  tingkat: TingkatPesan;
}
/** Backwards-compatible name: one problem in the file. */
export type GalatImpor = PesanImpor;

/** A number the person must confirm before its row is imported (docs/import.md §Angka). */
export interface Konfirmasi {
  kunci: string;
  baris: number;
  kolom: string;
  teks: string;
  /** Readings to choose from (id-ID and/or the other convention). */
  pilihan: { label: string; nilai: number }[];
}

export interface TulisImpor {
  table: 'sasaran' | 'indikator' | 'program';
  id: string;
  fields: Partial<Sasaran> | Partial<Indikator> | Partial<Program>;
}

export type AksiBaris = 'baru' | 'ubah' | 'tetap' | 'dilewati';

export interface BarisImpor {
  baris: number;
  jenis: 'indikator' | 'program';
  sasaran: string;
  uraian: string;
  satuan: string;
  /** Target as printed (every digit), '' for programmes. */
  target: string;
  /** Pagu as printed, '' for indicators. */
  pagu: string;
  aksi: AksiBaris;
  polaritas: Polaritas | null;
  agregasi: Agregasi | null;
  /** The polarity/aggregation came from a suggestion, not the file (the person confirms). */
  saran: { polaritas: boolean; agregasi: boolean };
  pesan: PesanImpor[];
  konfirmasi: Konfirmasi[];
}

export interface HasilImpor {
  tabel: Tabel[];
  baris: BarisImpor[];
  /** File-level problems (no table found, signed PK, required column missing). */
  umum: PesanImpor[];
  /** Writes of the valid rows only. */
  writes: TulisImpor[];
  jumlah: { baru: number; ubah: number; tetap: number; dilewati: number; sasaranBaru: number; program: number };
  /** Some quarterly target column has values: the person says whether they are portions or s.d. values. */
  adaTriwulan: boolean;
  /** Suggested quarterly mode from the titles ("s.d." → kumulatif). */
  saranModeTriwulan: 'kumulatif' | 'porsi';
  /** Rows whose polarity/aggregation are suggestions the person must confirm. */
  perluKonfirmasiSaran: number;
}

export interface KonteksImpor {
  pk: Pk;
  /** The PK's current sasaran, indicators and programmes: re-import matches them instead of adding. */
  sasaranAda: Sasaran[];
  indikatorAda: Indikator[];
  programAda?: Program[];
  now: Date;
  oleh: string;
  /** Remembered mapping of this pemda. */
  peta?: PetaTersimpan;
  /** How the quarterly target columns are written; default from the titles. */
  modeTriwulan?: 'kumulatif' | 'porsi';
  /** Confirmed numbers, by `Konfirmasi.kunci`. */
  konfirmasi?: Record<string, number>;
  /** Polarity/aggregation chosen by the person per spreadsheet row. */
  pilihan?: Record<number, { polaritas?: Polaritas; agregasi?: Agregasi }>;
  /** The person confirmed the suggested polarity/aggregation. */
  saranDikonfirmasi?: boolean;
  /** Id factory (tests pass a deterministic one). */
  idBaru?: () => string;
}

const normal = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
export const kunciIndikator = (sasaran: string, uraian: string) => `${normal(sasaran)}|${normal(uraian)}`;
const satuanPersen = (s: string) => /^(%|persen|prosen|persentase)$/i.test(s.trim());
const KOLOM_TARGET = ['targetTahunan', 'tw1', 'tw2', 'tw3', 'tw4', 'm100H', 'm6B', 'm1T'] as const;
/** Columns that only an indicator row fills (a row with one of them but no indicator name is reported). */
const KOLOM_DATA_INDIKATOR = ['satuan', 'jenis', 'polaritas', 'agregasi', 'formula', 'sumberData', ...KOLOM_TARGET] as const;

/** Which convention the text numbers of a column show: 'lain' when some can only be read en-US. */
function konvensiKolom(rows: Sel[][], i: number | undefined): 'id' | 'lain' | null {
  if (i === undefined) return null;
  let lain = 0;
  let id = 0;
  for (const r of rows) {
    const v = r[i];
    if (typeof v !== 'string') continue;
    const b = bacaAngka(v.replace(/^[≥≤<>=]+/, ''));
    if (b.jenis === 'lain') lain++;
    else if (b.jenis === 'pasti' && /,/.test(v)) id++;
  }
  return lain > 0 ? 'lain' : id > 0 ? 'id' : null;
}

const samaNilai = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * Checks the chosen sheet and returns every row with its action (baru / ubah / tetap / dilewati),
 * errors, warnings and numbers to confirm, plus the writes of the valid rows: new sasaran, new or
 * changed indicators (matched by sasaran + indikator, so re-importing a corrected file updates
 * instead of doubling) and programmes (matched by kode, else name). A signed PK is refused whole.
 */
export function periksaImporPk(baris: Sel[][], ctx: KonteksImpor): HasilImpor {
  const buatId = ctx.idBaru ?? idBaru;
  const hasil: HasilImpor = {
    tabel: [],
    baris: [],
    umum: [],
    writes: [],
    jumlah: { baru: 0, ubah: 0, tetap: 0, dilewati: 0, sasaranBaru: 0, program: 0 },
    adaTriwulan: false,
    saranModeTriwulan: 'kumulatif',
    perluKonfirmasiSaran: 0,
  };
  if (ctx.pk.status === 'ditandatangani') {
    hasil.umum.push({ baris: 0, kolom: '', pesan: 'PK sudah ditandatangani; buat Perubahan PK untuk mengubah indikator', tingkat: 'galat' });
    return hasil;
  }
  const tabel = cariTabel(baris, ctx.pk.tahun, ctx.peta);
  hasil.tabel = tabel;
  if (tabel.length === 0) {
    hasil.umum.push({
      baris: 0,
      kolom: '',
      tingkat: 'galat',
      pesan:
        'Baris judul tidak ditemukan di 20 baris pertama: perlu kolom Indikator (dengan Sasaran/Target/Satuan) atau Program dengan Pagu. Atur pemetaan kolom bila judulnya lain.',
    });
    return hasil;
  }
  const waktu = ctx.now.toISOString();
  const sasaranPerTeks = new Map<string, string>();
  for (const s of ctx.sasaranAda) if (!s.deleted) sasaranPerTeks.set(normal(s.uraian), s.id);
  const indikatorPerKunci = new Map<string, Indikator>();
  const sasaranById = new Map(ctx.sasaranAda.map((s) => [s.id, s]));
  for (const i of ctx.indikatorAda) {
    if (i.deleted) continue;
    const s = sasaranById.get(i.sasaranId);
    indikatorPerKunci.set(kunciIndikator(s?.uraian ?? '', i.uraian), i);
  }
  let urutanSasaran = ctx.sasaranAda.filter((s) => !s.deleted).length;
  let urutanIndikator = ctx.indikatorAda.filter((i) => !i.deleted).length;
  const programAda = (ctx.programAda ?? []).filter((p) => !p.deleted);
  let urutanProgram = programAda.length;
  const dipakai = new Set<string>();

  for (const t of tabel) {
    const rows = baris.slice(t.barisJudul + 1, t.akhir);
    if (t.jenis === 'indikator') periksaIndikator(t, rows);
    else periksaProgram(t, rows);
  }
  hasil.perluKonfirmasiSaran = hasil.baris.filter((b) => b.saran.polaritas || b.saran.agregasi).length;
  return hasil;

  function periksaIndikator(t: Tabel, rows: Sel[][]) {
    const k = t.kolom;
    for (const wajib of ['uraian', 'satuan', 'targetTahunan'] as const) {
      if (k[wajib] === undefined)
        hasil.umum.push({
          baris: t.barisJudul + 1,
          kolom: NAMA_KOLOM[wajib],
          tingkat: 'galat',
          pesan: `Kolom "${NAMA_KOLOM[wajib]}" tidak ditemukan di baris judul; atur pemetaan kolom`,
        });
    }
    if (k.uraian === undefined) return;
    const judulTw = [k.tw1, k.tw2, k.tw3, k.tw4].map((i) => (i === undefined ? '' : normalJudul(t.judul[i] ?? '')));
    if (judulTw.some((j) => j !== '')) hasil.saranModeTriwulan = judulTw.some((j) => /\bsd\b/.test(j)) ? 'kumulatif' : 'porsi';
    const mode = ctx.modeTriwulan ?? hasil.saranModeTriwulan;
    const konvensi = Object.fromEntries(KOLOM_TARGET.map((c) => [c, konvensiKolom(rows, k[c])])) as Record<(typeof KOLOM_TARGET)[number], 'id' | 'lain' | null>;
    const ambil = (r: Sel[], c: KeyKolom): Sel => (k[c] === undefined ? undefined : r[k[c]!]);
    let sasaranTerakhir = '';

    rows.forEach((r, idx) => {
      const no = t.barisJudul + idx + 2;
      if (kosong(r)) return;
      const sel = r.map(teksSel).filter((x) => x !== '');
      if (sel.every((x) => /^\(?\d+\)?$/.test(x))) return; // a "(1) (2) (3)" numbering row
      const teksSasaran = teksSel(ambil(r, 'sasaran')) || sasaranTerakhir;
      sasaranTerakhir = teksSasaran;
      const uraian = teksSel(ambil(r, 'uraian'));
      const pesan: PesanImpor[] = [];
      const konfirmasi: Konfirmasi[] = [];
      const catat = (kolom: KeyKolom | '', isi: string, tingkat: TingkatPesan = 'galat') =>
        pesan.push({ baris: no, kolom: kolom ? NAMA_KOLOM[kolom] : '', pesan: isi, tingkat });
      const satuan = teksSel(ambil(r, 'satuan'));
      if (!uraian) {
        // A sasaran-only row (or the merged-cell continuation of one) carries nothing of an
        // indicator. A row that has indicator data (satuan, target, polaritas…) but no indicator
        // name is a bad row: it is shown and skipped, never dropped silently.
        if (!KOLOM_DATA_INDIKATOR.some((c) => teksSel(ambil(r, c)) !== '')) return;
        catat('uraian', 'Wajib diisi (baris ini berisi data indikator tanpa nama indikator)');
        for (const c of KOLOM_TARGET) {
          const v = ambil(r, c);
          if (typeof v !== 'string' || v.trim() === '') continue;
          const h = bacaTeksTarget(v);
          if (!h.ok) catat(c, h.pesan);
        }
        const pol = teksSel(ambil(r, 'polaritas'));
        if (pol && bacaPolaritas(pol) === null) catat('polaritas', `"${pol}" tidak dikenal; tulis naik/turun/rentang atau positif/negatif`);
        const agr = teksSel(ambil(r, 'agregasi'));
        if (agr && bacaAgregasi(agr) === null) catat('agregasi', `"${agr}" tidak dikenal; tulis kumulatif/akhir/rata-rata`);
        hasil.jumlah.dilewati++;
        hasil.baris.push({
          baris: no,
          jenis: 'indikator',
          sasaran: teksSasaran,
          uraian: '',
          satuan,
          target: teksSel(ambil(r, 'targetTahunan')),
          pagu: '',
          aksi: 'dilewati',
          polaritas: null,
          agregasi: null,
          saran: { polaritas: false, agregasi: false },
          pesan,
          konfirmasi,
        });
        return;
      }

      if (!teksSasaran) catat('sasaran', 'Wajib diisi (baris pertama harus menyebut sasarannya)');
      const pilihan = ctx.pilihan?.[no] ?? {};
      const teksPol = teksSel(ambil(r, 'polaritas'));
      let polaritas: Polaritas | null = pilihan.polaritas ?? (teksPol ? bacaPolaritas(teksPol) : null);
      const saran = { polaritas: false, agregasi: false };
      if (teksPol && !pilihan.polaritas && polaritas === null) catat('polaritas', `"${teksPol}" tidak dikenal; tulis naik/turun/rentang atau positif/negatif`);
      const teksAgr = teksSel(ambil(r, 'agregasi'));
      let agregasi: Agregasi | null = pilihan.agregasi ?? (teksAgr ? bacaAgregasi(teksAgr) : null);
      if (teksAgr && !pilihan.agregasi && agregasi === null) catat('agregasi', `"${teksAgr}" tidak dikenal; tulis kumulatif/akhir/rata-rata`);

      // Targets: a level of a standard scale sets the indicator's scale.
      let skala: Skala | null = null;
      const bacaTarget = (c: (typeof KOLOM_TARGET)[number]): TargetNilai | null => {
        const v = ambil(r, c);
        const kunci = `${no}:${c}`;
        if (ctx.konfirmasi && kunci in ctx.konfirmasi) return ctx.konfirmasi[kunci]!;
        if (v === null || v === undefined || v === '') return null;
        if (typeof v === 'object' && !(v instanceof Date)) {
          if (/%/.test(v.format)) {
            const n = geserDesimal(v.angka, 2);
            if (!satuanPersen(satuan)) catat(c, `Sel berformat persen (${formatNilai(n)} %) tetapi satuannya "${satuan}"; periksa`, 'peringatan');
            return n;
          }
          return cekPersen(c, v.angka);
        }
        if (typeof v === 'number') return cekPersen(c, v);
        if (typeof v !== 'string') {
          catat(c, 'Harus berupa angka atau target');
          return null;
        }
        const h = bacaTeksTarget(v, skala);
        if (!h.ok) {
          catat(c, h.pesan);
          return null;
        }
        if (h.nilai !== null && typeof h.nilai === 'object' && 'tingkat' in h.nilai) {
          skala = skala ?? skalaUntukTingkat(h.nilai.tingkat);
          return h.nilai;
        }
        const perlu = h.ragu.filter((x) => x.id === null || konvensi[c] === 'lain');
        if (perlu.length) {
          const x = perlu[0]!;
          const opsi: { label: string; nilai: number }[] = [];
          if (x.lain !== null) opsi.push({ label: `${formatNilai(x.lain)} (dibaca format ${x.id === null ? 'lain, mis. en-US' : 'en-US'})`, nilai: x.lain });
          if (x.id !== null) opsi.push({ label: `${formatNilai(x.id)} (dibaca format id-ID)`, nilai: x.id });
          // Only plain numbers can be confirmed to one value; a band/comparison with such numbers is retyped.
          if (typeof h.nilai === 'number' && perlu.length === 1) {
            konfirmasi.push({ kunci, baris: no, kolom: NAMA_KOLOM[c], teks: v.trim(), pilihan: opsi });
            catat(
              c,
              `"${v.trim()}" ${x.id === null ? 'tertulis dengan format angka lain (bukan id-ID)' : 'dapat dibaca dua cara'}: pilih nilainya`,
              'konfirmasi',
            );
          } else
            catat(
              c,
              `"${v.trim()}" memuat angka format lain (bukan id-ID); tulis ulang dengan format id-ID, mis. ${opsi.map((o) => formatNilai(o.nilai)).join(' atau ')}`,
            );
          return null;
        }
        if (typeof h.nilai === 'number' && !h.persen) return cekPersen(c, h.nilai);
        return h.nilai;
      };
      const cekPersen = (c: KeyKolom, n: number): number => {
        if (satuanPersen(satuan) && n > 0 && n <= 1) {
          catat(
            c,
            `Nilai ${formatNilai(n)} dengan satuan % tanpa format persen: bila maksudnya ${formatNilai(geserDesimal(n, 2))} %, perbaiki berkasnya`,
            'peringatan',
          );
        }
        return n;
      };
      const targetTahunan = bacaTarget('targetTahunan');
      if (targetTahunan === null && !pesan.some((p) => p.kolom === NAMA_KOLOM.targetTahunan) && k.targetTahunan !== undefined)
        catat('targetTahunan', 'Wajib diisi');
      let tw = (['tw1', 'tw2', 'tw3', 'tw4'] as const).map(bacaTarget);
      const milestone: NonNullable<Indikator['targetMilestone']> = {};
      for (const [c, m] of [
        ['m100H', '100H'],
        ['m6B', '6B'],
        ['m1T', '1T'],
      ] as const) {
        const v = bacaTarget(c);
        if (v !== null) milestone[m] = v;
      }
      if (tw.some((x) => x !== null)) hasil.adaTriwulan = true;

      if (skala) {
        polaritas = 'naik';
        agregasi = 'akhir';
      }
      if (polaritas === null) {
        polaritas = saranPolaritas(uraian);
        saran.polaritas = true;
      }
      if (agregasi === null) {
        agregasi = saranAgregasi(uraian, satuan);
        saran.agregasi = true;
      }
      if ((saran.polaritas || saran.agregasi) && !ctx.saranDikonfirmasi) {
        catat(
          saran.polaritas ? 'polaritas' : 'agregasi',
          `Tidak ada di berkas; disarankan ${saran.polaritas ? `polaritas ${polaritas}` : ''}${saran.polaritas && saran.agregasi ? ', ' : ''}${saran.agregasi ? `agregasi ${agregasi}` : ''}: periksa lalu centang konfirmasi`,
          'konfirmasi',
        );
      }
      // Portions per quarter → s.d. values (kumulatif only; a level per quarter has no sum).
      if (mode === 'porsi' && agregasi === 'kumulatif' && tw.every((x) => x === null || typeof x === 'number')) {
        let jumlah = 0;
        tw = tw.map((x) => (x === null ? null : Number((jumlah += x as number).toPrecision(12))));
      }
      const targetTriwulan = tw.some((x) => x !== null) ? ([tw[0]!, tw[1]!, tw[2]!, tw[3]!] as Indikator['targetTriwulan']) : null;
      if (targetTriwulan) {
        for (const m of periksaTargetTriwulan({ agregasi, targetTahunan, targetTriwulan })) catat('tw1', m);
      }
      const teksJenis = teksSel(ambil(r, 'jenis'));
      const jenis = JENIS_INDIKATOR.find((j) => j.toLowerCase() === teksJenis.toLowerCase()) ?? (teksJenis ? null : 'IKU');
      if (jenis === null) catat('jenis', `"${teksJenis}" tidak dikenal; pilih salah satu: ${JENIS_INDIKATOR.join(', ')}`);

      const kunci = kunciIndikator(teksSasaran, uraian);
      if (dipakai.has(kunci)) catat('uraian', 'Indikator yang sama (sasaran + indikator) sudah ada di baris sebelumnya');
      const ada = indikatorPerKunci.get(kunci) ?? null;
      let sasaranId = ada?.sasaranId ?? sasaranPerTeks.get(normal(teksSasaran)) ?? '';
      const sasaranBaru = !sasaranId && teksSasaran ? { pkId: ctx.pk.id, opdId: ctx.pk.opdId, uraian: teksSasaran, urutan: urutanSasaran } : null;
      if (sasaranBaru) {
        sasaranId = buatId();
        const cek = sasaranSchema.safeParse({ ...sasaranBaru, id: sasaranId, updatedAt: waktu });
        if (!cek.success) for (const i of cek.error.issues) catat('sasaran', i.message);
      }
      const fields: Partial<Indikator> = {
        sasaranId: sasaranId || ctx.pk.id,
        pkId: ctx.pk.id,
        opdId: ctx.pk.opdId,
        uraian,
        satuan,
        jenis: jenis ?? 'IKU',
        polaritas,
        agregasi,
        targetTahunan,
        targetTriwulan,
        targetMilestone: Object.keys(milestone).length ? milestone : null,
        sumberData: teksSel(ambil(r, 'sumberData')),
        formula: teksSel(ambil(r, 'formula')),
        skala,
        urutan: ada?.urutan ?? urutanIndikator,
      };
      const id = ada?.id ?? buatId();
      const cek = indikatorSchema.safeParse({ ...fields, id, updatedAt: waktu });
      if (!cek.success) {
        for (const i of cek.error.issues) {
          const [a] = i.path;
          const c = (Object.keys(NAMA_KOLOM) as KeyKolom[]).find((x) => x === a) ?? (a === 'targetTriwulan' ? 'tw1' : '');
          if (!pesan.some((p) => p.kolom === (c ? NAMA_KOLOM[c] : ''))) catat(c, i.message);
        }
      }
      const blokir = pesan.some((p) => p.tingkat === 'galat' || p.tingkat === 'konfirmasi');
      let aksi: AksiBaris = 'dilewati';
      if (!blokir) {
        dipakai.add(kunci);
        if (sasaranBaru) {
          sasaranPerTeks.set(normal(teksSasaran), sasaranId);
          hasil.writes.push({ table: 'sasaran', id: sasaranId, fields: sasaranBaru });
          urutanSasaran++;
          hasil.jumlah.sasaranBaru++;
        }
        if (!ada) {
          hasil.writes.push({ table: 'indikator', id, fields });
          urutanIndikator++;
          aksi = 'baru';
        } else {
          const ubah = Object.fromEntries(Object.entries(fields).filter(([f, v]) => !samaNilai((ada as Record<string, unknown>)[f], v)));
          if (Object.keys(ubah).length) {
            hasil.writes.push({ table: 'indikator', id, fields: ubah });
            aksi = 'ubah';
          } else aksi = 'tetap';
        }
      }
      hasil.jumlah[aksi]++;
      hasil.baris.push({
        baris: no,
        jenis: 'indikator',
        sasaran: teksSasaran,
        uraian,
        satuan,
        target: targetTahunan === null ? '' : formatTargetRingkas(targetTahunan),
        pagu: '',
        aksi,
        polaritas,
        agregasi,
        saran,
        pesan,
        konfirmasi,
      });
    });
  }

  function periksaProgram(t: Tabel, rows: Sel[][]) {
    const k = t.kolom;
    const ambil = (r: Sel[], c: KeyKolom): Sel => (k[c] === undefined ? undefined : r[k[c]!]);
    interface Calon {
      b: BarisImpor;
      kode: string;
      nama: string;
      pagu: number | null;
      sumberDana: string;
      anak: number;
      adaAnak: boolean;
    }
    const calon: Calon[] = [];
    rows.forEach((r, idx) => {
      const no = t.barisJudul + idx + 2;
      if (kosong(r)) return;
      const sel = r.map(teksSel).filter((x) => x !== '');
      if (sel.every((x) => /^\(?\d+\)?$/.test(x))) return;
      const pesan: PesanImpor[] = [];
      const catat = (kolom: KeyKolom | '', isi: string, tingkat: TingkatPesan = 'galat') =>
        pesan.push({ baris: no, kolom: kolom ? NAMA_KOLOM[kolom] : '', pesan: isi, tingkat });
      const kodeSub = teksSel(ambil(r, 'kodeSubKegiatan'));
      const kodeKeg = teksSel(ambil(r, 'kodeKegiatan'));
      const kode = teksSel(ambil(r, 'kode'));
      const nama = teksSel(ambil(r, 'program'));
      if (!nama && !kode) return;
      // SIPD: program x.xx.xx (3 parts), kegiatan x.xx.xx.x.xx (5), sub kegiatan (6) — docs/import.md §Program.
      const bagian = kode ? kode.split('.').length : 0;
      const tingkat = kodeSub || bagian >= 6 ? 'sub' : kodeKeg || bagian >= 4 ? 'kegiatan' : 'program';
      const pagu = bacaPagu(ambil(r, 'pagu'), catat);
      if (tingkat !== 'program') {
        const induk = calon[calon.length - 1];
        if (!induk) {
          catat('kode', `Baris ${tingkat === 'sub' ? 'sub kegiatan' : 'kegiatan'} tanpa program di atasnya`);
        } else if (pagu !== null && (tingkat === 'sub' || !induk.adaAnak)) {
          if (tingkat === 'sub' && !induk.adaAnak) induk.anak = 0;
          induk.anak += pagu;
          induk.adaAnak = induk.adaAnak || tingkat === 'sub';
        }
        if (pesan.length)
          hasil.baris.push({
            baris: no,
            jenis: 'program',
            sasaran: '',
            uraian: nama,
            satuan: '',
            target: '',
            pagu: '',
            aksi: 'dilewati',
            polaritas: null,
            agregasi: null,
            saran: { polaritas: false, agregasi: false },
            pesan,
            konfirmasi: [],
          });
        return;
      }
      if (!nama) catat('program', 'Wajib diisi');
      const b: BarisImpor = {
        baris: no,
        jenis: 'program',
        sasaran: '',
        uraian: nama,
        satuan: '',
        target: '',
        pagu: '',
        aksi: 'dilewati',
        polaritas: null,
        agregasi: null,
        saran: { polaritas: false, agregasi: false },
        pesan,
        konfirmasi: [],
      };
      calon.push({ b, kode, nama, pagu, sumberDana: teksSel(ambil(r, 'sumberDana')), anak: 0, adaAnak: false });
    });
    for (const c of calon) {
      const { b } = c;
      const catat = (kolom: KeyKolom | '', isi: string, tingkat: TingkatPesan = 'galat') =>
        b.pesan.push({ baris: b.baris, kolom: kolom ? NAMA_KOLOM[kolom] : '', pesan: isi, tingkat });
      let pagu = c.pagu;
      if (pagu === null && c.anak > 0) {
        pagu = c.anak;
        catat('pagu', `Pagu program dijumlah dari kegiatan/sub kegiatannya: ${formatRupiah(pagu)}`, 'peringatan');
      } else if (pagu !== null && c.anak > 0 && Math.abs(pagu - c.anak) >= 1) {
        catat(
          'pagu',
          `Pagu program ${formatRupiah(pagu)} berbeda dengan jumlah kegiatan/sub kegiatannya ${formatRupiah(c.anak)}; pagu program yang dipakai`,
          'peringatan',
        );
      }
      if (pagu === null && !b.pesan.some((p) => p.kolom === NAMA_KOLOM.pagu)) catat('pagu', 'Wajib diisi');
      const ada = programAda.find((p) => (c.kode && p.kode === c.kode && normal(p.nama) === normal(c.nama)) || normal(p.nama) === normal(c.nama)) ?? null;
      const fields: Partial<Program> = {
        pkId: ctx.pk.id,
        opdId: ctx.pk.opdId,
        kode: c.kode,
        nama: c.nama,
        pagu: pagu ?? 0,
        sumberDana: c.sumberDana,
        urutan: ada?.urutan ?? urutanProgram,
      };
      const id = ada?.id ?? buatId();
      const cek = programSchema.safeParse({ ...fields, id, updatedAt: waktu });
      if (!cek.success) for (const i of cek.error.issues) if (!b.pesan.length) catat(String(i.path[0] ?? '') as KeyKolom, i.message);
      const kunci = `program|${normal(c.nama)}`;
      if (dipakai.has(kunci)) catat('program', 'Program yang sama sudah ada di baris sebelumnya');
      b.pagu = pagu === null ? '' : formatRupiah(pagu);
      if (!b.pesan.some((p) => p.tingkat !== 'peringatan')) {
        dipakai.add(kunci);
        hasil.jumlah.program++;
        if (!ada) {
          hasil.writes.push({ table: 'program', id, fields });
          urutanProgram++;
          b.aksi = 'baru';
        } else {
          const ubah = Object.fromEntries(Object.entries(fields).filter(([f, v]) => !samaNilai((ada as Record<string, unknown>)[f], v)));
          if (Object.keys(ubah).length) {
            hasil.writes.push({ table: 'program', id, fields: ubah });
            b.aksi = 'ubah';
          } else b.aksi = 'tetap';
        }
      }
      hasil.jumlah[b.aksi]++;
      hasil.baris.push(b);
    }
  }
}

const formatTargetRingkas = (t: TargetNilai): string => {
  if (typeof t === 'number') return formatNilai(t);
  if (Array.isArray(t)) return `${formatNilai(t[0])} – ${formatNilai(t[1])}`;
  if ('op' in t) return `${({ '>=': '≥', '<=': '≤', '>': '>', '<': '<' } as const)[t.op]} ${formatNilai(t.nilai)}`;
  return t.tingkat;
};

/**
 * A Rupiah amount as published (docs/import.md §Program): "607.600.000", "Rp. 891.422.000,-",
 * 1500000, and "70,000,000" (whole rupiah with comma groups: the only reading, accepted with a note).
 */
function bacaPagu(v: Sel, catat: (kolom: KeyKolom, isi: string, tingkat?: TingkatPesan) => void): number | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'number') return v;
  if (typeof v === 'object' && !(v instanceof Date)) return v.angka;
  const t = teksSel(v);
  const b = bacaAngka(t);
  if (b.jenis === 'pasti' || (b.jenis === 'ragu' && Number.isInteger(b.id))) return b.id;
  if (
    (b.jenis === 'lain' || b.jenis === 'ragu') &&
    b.lain !== null &&
    Number.isInteger(b.lain) &&
    /^[^.]*,\d{3}(,\d{3})*(\.0+)?$/.test(t.replace(/[^\d.,]/g, ''))
  ) {
    catat('pagu', `"${t}" ditulis dengan koma pemisah ribuan; dibaca ${formatRupiah(b.lain)}`, 'peringatan');
    return b.lain;
  }
  if (b.jenis === 'ragu' && b.id !== null) return b.id;
  catat('pagu', `"${t}" bukan nilai rupiah, mis. 1.234.567`);
  return null;
}
