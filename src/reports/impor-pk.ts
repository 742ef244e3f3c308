/**
 * PK indicators and targets from a spreadsheet (XLSX or CSV): the template, and the pure check that
 * turns the sheet's rows into records. Nothing here touches the database or a file: the screen reads
 * the file (spreadsheet.ts), calls `periksaImporPk`, and only when the WHOLE file is valid stores the
 * writes in one transaction (simpanBanyak). Every row is validated with the shared Zod schemas, so
 * the same rule that guards a push guards an import.
 */
import {
  indikatorSchema, sasaranSchema, idBaru, JENIS_INDIKATOR,
  type Indikator, type Pk, type Sasaran, type TargetNilai,
} from '../domain/schemas.ts';
import { parseAngka } from '../lib/format.ts';

/** A cell as read from XLSX (typed) or CSV (text). */
export type Sel = string | number | boolean | Date | null | undefined;

export type KeyKolom =
  | 'sasaran' | 'uraian' | 'satuan' | 'jenis' | 'polaritas' | 'agregasi'
  | 'targetTahunan' | 'tw1' | 'tw2' | 'tw3' | 'tw4' | 'sumberData';

export interface Kolom {
  kunci: KeyKolom;
  judul: string;
  wajib: boolean;
  contoh: string;
}

/** Template columns, in order. Header matching ignores case and the text in brackets. */
export const KOLOM_IMPOR: readonly Kolom[] = [
  { kunci: 'sasaran', judul: 'Sasaran', wajib: true, contoh: 'Meningkatnya kualitas pelayanan kesehatan' },
  { kunci: 'uraian', judul: 'Indikator', wajib: true, contoh: 'Persentase puskesmas terakreditasi paripurna' },
  { kunci: 'satuan', judul: 'Satuan', wajib: true, contoh: '%' },
  { kunci: 'jenis', judul: 'Jenis (IKU/IKK/IKD/lainnya)', wajib: false, contoh: 'IKU' },
  { kunci: 'polaritas', judul: 'Polaritas (naik/turun/rentang)', wajib: true, contoh: 'naik' },
  { kunci: 'agregasi', judul: 'Agregasi (kumulatif/akhir/rata-rata)', wajib: true, contoh: 'akhir' },
  { kunci: 'targetTahunan', judul: 'Target Tahunan', wajib: true, contoh: '85' },
  { kunci: 'tw1', judul: 'Target s.d. TW1', wajib: false, contoh: '40' },
  { kunci: 'tw2', judul: 'Target s.d. TW2', wajib: false, contoh: '55' },
  { kunci: 'tw3', judul: 'Target s.d. TW3', wajib: false, contoh: '70' },
  { kunci: 'tw4', judul: 'Target s.d. TW4', wajib: false, contoh: '85' },
  { kunci: 'sumberData', judul: 'Sumber Data', wajib: false, contoh: 'Dinas Kesehatan' },
];

const JUDUL: Record<KeyKolom, string> = Object.fromEntries(KOLOM_IMPOR.map((k) => [k.kunci, k.judul.replace(/\s*\(.*\)$/, '')])) as Record<KeyKolom, string>;

/** The template sheet: header row plus one example row (download as XLSX or CSV). */
export function barisTemplat(): string[][] {
  return [KOLOM_IMPOR.map((k) => k.judul), KOLOM_IMPOR.map((k) => k.contoh)];
}

/** One problem in the file: 1-based spreadsheet row (the header is row 1), column title, message. */
export interface GalatImpor {
  baris: number;
  kolom: string;
  pesan: string;
}

export interface TulisImpor {
  table: 'sasaran' | 'indikator';
  id: string;
  fields: Partial<Sasaran> | Partial<Indikator>;
}

export type HasilImpor =
  | { ok: true; writes: TulisImpor[]; jumlahIndikator: number; jumlahSasaranBaru: number }
  | { ok: false; galat: GalatImpor[] };

const normal = (s: string) => s.toLowerCase().replace(/\(.*?\)/g, '').replace(/[^a-z0-9]+/g, ' ').trim();

function teksSel(v: Sel): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return String(v).trim();
}

/** Maps header titles to column positions; unknown columns are ignored, missing required ones reported. */
function petaKolom(header: Sel[]): { peta: Partial<Record<KeyKolom, number>>; galat: GalatImpor[] } {
  const peta: Partial<Record<KeyKolom, number>> = {};
  header.forEach((h, i) => {
    const n = normal(teksSel(h));
    if (!n) return;
    const k = KOLOM_IMPOR.find((kol) => normal(kol.judul) === n);
    if (k && peta[k.kunci] === undefined) peta[k.kunci] = i;
  });
  const galat: GalatImpor[] = [];
  for (const k of KOLOM_IMPOR) {
    if (k.wajib && peta[k.kunci] === undefined) galat.push({ baris: 1, kolom: k.judul, pesan: `Kolom "${JUDUL[k.kunci]}" tidak ditemukan di baris judul` });
  }
  return { peta, galat };
}

type HasilNilai = { ok: true; nilai: TargetNilai | null } | { ok: false; pesan: string };

/** A number cell ("1.234,5", 1234.5) or, for `rentang`, a band "10 - 20" / "10 s.d. 20". */
export function bacaTarget(v: Sel, rentang: boolean): HasilNilai {
  if (typeof v === 'number') return Number.isFinite(v) ? { ok: true, nilai: v } : { ok: false, pesan: 'Harus berupa angka' };
  const t = teksSel(v);
  if (t === '') return { ok: true, nilai: null };
  if (rentang) {
    const m = /^(.+?)\s*(?:–|—|s\.?\s?d\.?|sampai|-)\s*(.+)$/i.exec(t);
    if (m) {
      const a = parseAngka(m[1] ?? '');
      const b = parseAngka(m[2] ?? '');
      if (a === null || b === null) return { ok: false, pesan: 'Rentang harus dua angka, mis. "10 - 20"' };
      if (a > b) return { ok: false, pesan: 'Batas bawah rentang harus ≤ batas atas' };
      return { ok: true, nilai: [a, b] };
    }
  }
  const n = parseAngka(t);
  if (n === null) return { ok: false, pesan: rentang ? 'Harus berupa angka atau rentang, mis. "10 - 20"' : `"${t}" bukan angka` };
  return { ok: true, nilai: n };
}

function pilihan<T extends string>(v: Sel, boleh: readonly T[], bawaan: T | null): { ok: true; nilai: T } | { ok: false; pesan: string } {
  const t = teksSel(v);
  if (t === '') return bawaan === null ? { ok: false, pesan: 'Wajib diisi' } : { ok: true, nilai: bawaan };
  const cocok = boleh.find((b) => b.toLowerCase() === t.toLowerCase().replace(/\s+/g, '-').replace('rata-rata', 'rata-rata'));
  if (cocok) return { ok: true, nilai: cocok };
  return { ok: false, pesan: `"${t}" tidak dikenal; pilih salah satu: ${boleh.join(', ')}` };
}

/** Maps a Zod issue path on indikator/sasaran to the spreadsheet column it came from. */
function kolomDariPath(path: PropertyKey[]): string {
  const [a, b] = path;
  if (a === 'targetTriwulan' && typeof b === 'number') return JUDUL[`tw${b + 1}` as KeyKolom];
  const k = KOLOM_IMPOR.find((kol) => kol.kunci === a);
  return k ? JUDUL[k.kunci] : String(a ?? '');
}

export interface KonteksImpor {
  pk: Pk;
  /** The PK's current sasaran: rows whose sasaran text matches one reuse it. */
  sasaranAda: Sasaran[];
  /** How many indicators the PK already has (new ones are numbered after them). */
  jumlahIndikatorAda: number;
  now: Date;
  oleh: string;
  /** Id factory (tests pass a deterministic one). */
  idBaru?: () => string;
}

/**
 * Checks every row of the sheet (first row = header) and returns either ALL problems found, or the
 * writes that add the sasaran and indicators to the PK. A signed PK is refused as a whole.
 */
export function periksaImporPk(rows: Sel[][], ctx: KonteksImpor): HasilImpor {
  const buatId = ctx.idBaru ?? idBaru;
  if (ctx.pk.status === 'ditandatangani') {
    return { ok: false, galat: [{ baris: 0, kolom: '', pesan: 'PK sudah ditandatangani; buat Perubahan PK untuk mengubah indikator' }] };
  }
  const [header, ...isi] = rows;
  if (!header || isi.every((r) => r.every((c) => teksSel(c) === ''))) {
    return { ok: false, galat: [{ baris: 0, kolom: '', pesan: 'Berkas kosong: tidak ada baris indikator di bawah baris judul' }] };
  }
  const { peta, galat } = petaKolom(header);
  if (galat.length) return { ok: false, galat };

  const ambil = (r: Sel[], k: KeyKolom): Sel => {
    const i = peta[k];
    return i === undefined ? undefined : r[i];
  };
  const sasaranPerTeks = new Map<string, { id: string; baru: boolean }>();
  for (const s of ctx.sasaranAda) if (!s.deleted) sasaranPerTeks.set(normal(s.uraian), { id: s.id, baru: false });
  let urutanSasaran = ctx.sasaranAda.filter((s) => !s.deleted).length;
  let urutanIndikator = ctx.jumlahIndikatorAda;

  const writes: TulisImpor[] = [];
  const semuaGalat: GalatImpor[] = [];
  const waktu = ctx.now.toISOString();
  let sasaranTerakhir = '';
  let jumlahIndikator = 0;
  let jumlahSasaranBaru = 0;

  isi.forEach((r, idx) => {
    const baris = idx + 2;
    if (r.every((c) => teksSel(c) === '')) return;
    const galatBaris: GalatImpor[] = [];
    const catat = (kolom: string, pesan: string) => galatBaris.push({ baris, kolom, pesan });

    // An empty Sasaran cell continues the sasaran above (merged cells in the source sheet).
    const teksSasaran = teksSel(ambil(r, 'sasaran')) || sasaranTerakhir;
    if (!teksSasaran) catat(JUDUL.sasaran, 'Wajib diisi (baris pertama harus menyebut sasarannya)');
    sasaranTerakhir = teksSasaran;

    const polaritas = pilihan(ambil(r, 'polaritas'), ['naik', 'turun', 'rentang'] as const, null);
    if (!polaritas.ok) catat(JUDUL.polaritas, polaritas.pesan);
    const agregasi = pilihan(ambil(r, 'agregasi'), ['kumulatif', 'akhir', 'rata-rata'] as const, null);
    if (!agregasi.ok) catat(JUDUL.agregasi, agregasi.pesan);
    const jenis = pilihan(ambil(r, 'jenis'), JENIS_INDIKATOR, 'IKU');
    if (!jenis.ok) catat(JUDUL.jenis, jenis.pesan);

    const rentang = polaritas.ok && polaritas.nilai === 'rentang';
    const target = (k: KeyKolom): TargetNilai | null => {
      const h = bacaTarget(ambil(r, k), rentang);
      if (!h.ok) { catat(JUDUL[k], h.pesan); return null; }
      return h.nilai;
    };
    const targetTahunan = target('targetTahunan');
    if (targetTahunan === null && teksSel(ambil(r, 'targetTahunan')) === '') catat(JUDUL.targetTahunan, 'Wajib diisi');
    const tw = [target('tw1'), target('tw2'), target('tw3'), target('tw4')] as const;
    if (targetTahunan !== null && polaritas.ok && !rentang && Array.isArray(targetTahunan)) catat(JUDUL.targetTahunan, 'Rentang hanya untuk polaritas "rentang"');

    let sasaranId = '';
    let sasaranBaru: Partial<Sasaran> | null = null;
    if (teksSasaran) {
      const ada = sasaranPerTeks.get(normal(teksSasaran));
      if (ada) sasaranId = ada.id;
      else {
        sasaranId = buatId();
        sasaranBaru = { pkId: ctx.pk.id, opdId: ctx.pk.opdId, uraian: teksSasaran, urutan: urutanSasaran };
        const cek = sasaranSchema.safeParse({ ...sasaranBaru, id: sasaranId, updatedAt: waktu });
        if (!cek.success) for (const i of cek.error.issues) catat(JUDUL.sasaran, i.message);
      }
    }

    const fields: Partial<Indikator> = {
      sasaranId: sasaranId || ctx.pk.id,
      pkId: ctx.pk.id,
      opdId: ctx.pk.opdId,
      uraian: teksSel(ambil(r, 'uraian')),
      satuan: teksSel(ambil(r, 'satuan')),
      jenis: jenis.ok ? jenis.nilai : 'IKU',
      polaritas: polaritas.ok ? polaritas.nilai : 'naik',
      agregasi: agregasi.ok ? agregasi.nilai : 'akhir',
      targetTahunan,
      targetTriwulan: tw.some((t) => t !== null) ? [tw[0], tw[1], tw[2], tw[3]] : null,
      sumberData: teksSel(ambil(r, 'sumberData')),
      urutan: urutanIndikator,
    };
    const indikatorId = buatId();
    const cek = indikatorSchema.safeParse({ ...fields, id: indikatorId, updatedAt: waktu });
    if (!cek.success) {
      for (const i of cek.error.issues) {
        const kolom = kolomDariPath(i.path);
        // Type errors on fields already reported above are not repeated.
        if (!galatBaris.some((g) => g.kolom === kolom)) catat(kolom, i.message);
      }
    }
    if (galatBaris.length) { semuaGalat.push(...galatBaris); return; }

    if (sasaranBaru) {
      sasaranPerTeks.set(normal(teksSasaran), { id: sasaranId, baru: true });
      writes.push({ table: 'sasaran', id: sasaranId, fields: sasaranBaru });
      urutanSasaran++;
      jumlahSasaranBaru++;
    }
    writes.push({ table: 'indikator', id: indikatorId, fields });
    urutanIndikator++;
    jumlahIndikator++;
  });

  if (semuaGalat.length) return { ok: false, galat: semuaGalat };
  return { ok: true, writes, jumlahIndikator, jumlahSasaranBaru };
}
