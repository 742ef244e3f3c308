/**
 * The Layar's slide list and keyboard control as pure functions (unit-tested): the component only
 * renders the current slide and feeds key presses through `tekanTombol`.
 */
import type { DataPemda, Ringkasan, RingkasanOpd } from '../../domain/ringkasan.ts';
import type { BuktiDukung } from '../../domain/schemas.ts';
import { batangCapaian, potong, type BatangGrafik } from '../../reports/grafik.ts';
import type { CabangSasaran, PohonKinerja } from '../../domain/pohon.ts';
import { queryHash } from '../../lib/router.svelte.ts';

/** Bars per chart column; two columns per chart slide keep every label ≥ 24 px at 1080 p. */
export const BATANG_PER_KOLOM = 20;

/**
 * Text budget of one OPD slide at 1920×1080 (docs/domain/rakor.md §Layar): lines of 28 px text per
 * column and characters per line, measured on the stage with margin to spare. Content never hides
 * behind a clamp or "+ n lainnya": what does not fit moves to the next slide of the same OPD, and a
 * text longer than a whole column is cut at word boundaries into parts marked "(lanjutan)".
 */
export const ANGGARAN_BARIS = 6;
export const BARIS_KOLOM = 14;
export const KARAKTER_KIRI = 42;
export const KARAKTER_KANAN = 58;
/**
 * The thumbnail strip of an OPD's first slide (issue 15 point 5; docs/bukti-dukung.md "Layar"):
 * at most BUKTI_PER_SLIDE images, and the lines of the right column it takes (heading + 96 px
 * thumbnails), reserved whenever the OPD has image evidence of the quarter so nothing is clipped.
 */
export const BUKTI_PER_SLIDE = 8;
export const BUKTI_BARIS = 4;
/** Arahan rows per arahan slide (each wraps over up to 3 lines). */
export const ARAHAN_PER_SLIDE = 5;
/** Characters of an arahan line on the arahan slide. */
const KARAKTER_ARAHAN = 80;

export type ButirOpd =
  | { jenis: 'indikator'; kunci: string; uraian: string; nilai: string; persen: string }
  | { jenis: 'tdi'; kunci: string; uraian: string; alasan: string }
  | { jenis: 'masalah'; kunci: string; masalah: string; solusi: string };

export interface HalamanOpd {
  kiri: ButirOpd[];
  kanan: ButirOpd[];
  /** The budget block (first page only). */
  anggaran: boolean;
  /** Image evidence of the quarter for the thumbnail strip (first page only; empty when none). */
  bukti: ButirBukti[];
}

/** One picture of the Layar's evidence strip. */
export type ButirBukti = Pick<BuktiDukung, 'hash' | 'nama' | 'status'>;

/**
 * Each OPD's image evidence of the quarter (docs/bukti-dukung.md "Layar"): live buktiDukung records
 * of a JPEG/PNG that belong to a realisasi of TWn of the year, to a programme's anggaran realisasi
 * of that quarter, or to a follow-up of an arahan of that quarter's rakor; accepted first, then by
 * name, at most BUKTI_PER_SLIDE, one per content. Pure.
 */
export function buktiTriwulan(
  data: Pick<DataPemda, 'realisasi' | 'realisasiAnggaran' | 'rakor' | 'arahan' | 'tindakLanjutArahan' | 'buktiDukung'>,
  tahun: number,
  triwulan: number,
): Map<string, ButirBukti[]> {
  const milik = new Set<string>();
  for (const r of data.realisasi) if (!r.deleted && r.tahun === tahun && r.periode === `TW${triwulan}`) milik.add(`realisasi:${r.id}`);
  for (const r of data.realisasiAnggaran) if (!r.deleted && r.tahun === tahun && r.triwulan === triwulan) milik.add(`realisasiAnggaran:${r.id}`);
  const rakor = new Set(data.rakor.filter((r) => !r.deleted && r.tahun === tahun && r.triwulan === triwulan).map((r) => r.id));
  const arahan = new Set(data.arahan.filter((a) => !a.deleted && rakor.has(a.rakorId)).map((a) => a.id));
  for (const t of data.tindakLanjutArahan ?? []) if (!t.deleted && arahan.has(t.arahanId)) milik.add(`tindakLanjutArahan:${t.id}`);
  const urutStatus = { diterima: 0, menunggu: 1, perbaikan: 2 } as const;
  const out = new Map<string, ButirBukti[]>();
  const terlihat = new Set<string>();
  const semua = (data.buktiDukung ?? [])
    .filter((b) => !b.deleted && b.mime.startsWith('image/') && milik.has(`${b.tabel}:${b.recordId}`))
    .sort((a, b) => urutStatus[a.status] - urutStatus[b.status] || a.nama.localeCompare(b.nama, 'id'));
  for (const b of semua) {
    const kunci = `${b.opdId}:${b.hash}`;
    if (terlihat.has(kunci)) continue;
    terlihat.add(kunci);
    const daftar = out.get(b.opdId) ?? [];
    if (daftar.length < BUKTI_PER_SLIDE) daftar.push({ hash: b.hash, nama: b.nama, status: b.status });
    out.set(b.opdId, daftar);
  }
  return out;
}

export type Slide =
  | { jenis: 'ringkasan' }
  | { jenis: 'grafik'; kolom: BatangGrafik[][]; bagian: number; dari: number }
  | { jenis: 'arahan'; sumber: 'lalu' | 'ini'; mulai: number; jumlah: number; bagian: number; dari: number }
  | { jenis: 'opd'; opd: RingkasanOpd; nomor: number; halaman: HalamanOpd; bagian: number; dari: number }
  /** Pohon kinerja: one kepala daerah sasaran with the OPD indicators under it (docs/domain/pejabat.md §Cascading). */
  | { jenis: 'pohon'; sasaran: CabangSasaran; bagian: number; dari: number };

const baris = (teks: string, perBaris: number) => Math.max(1, Math.ceil(teks.length / perBaris));

/** Cuts a text at word boundaries into parts of at most `maks` characters (a lone long word is cut). */
export function pecahTeks(teks: string, maks: number): string[] {
  const kata = teks.split(/\s+/).filter(Boolean);
  const out: string[] = [];
  let kini = '';
  for (let k of kata) {
    while (k.length > maks) {
      if (kini) {
        out.push(kini);
        kini = '';
      }
      out.push(k.slice(0, maks));
      k = k.slice(maks);
    }
    if (!kini) kini = k;
    else if (kini.length + 1 + k.length <= maks) kini += ` ${k}`;
    else {
      out.push(kini);
      kini = k;
    }
  }
  if (kini || out.length === 0) out.push(kini);
  return out;
}

/** Lines an item takes in its column. */
export function barisButir(b: ButirOpd): number {
  if (b.jenis === 'indikator') return baris(b.uraian, KARAKTER_KIRI) + 0.3;
  if (b.jenis === 'tdi') return baris(`${b.uraian} — ${b.alasan}`, KARAKTER_KIRI) + 0.3;
  return baris(b.masalah, KARAKTER_KANAN) + baris(`Solusi: ${b.solusi}`, KARAKTER_KANAN) + 0.3;
}

/** An item longer than a whole column is split into parts that each fit. */
function potongButir(b: ButirOpd, budget: number): ButirOpd[] {
  if (barisButir(b) <= budget) return [b];
  const lanjut = (i: number) => (i > 0 ? '(lanjutan) ' : '');
  if (b.jenis === 'indikator')
    return pecahTeks(b.uraian, KARAKTER_KIRI * (budget - 1)).map((u, i) => ({ ...b, kunci: `${b.kunci}#${i}`, uraian: lanjut(i) + u }));
  if (b.jenis === 'tdi')
    return pecahTeks(b.alasan, Math.max(KARAKTER_KIRI, KARAKTER_KIRI * (budget - 1) - b.uraian.length - 3)).map((u, i) => ({
      ...b,
      kunci: `${b.kunci}#${i}`,
      alasan: lanjut(i) + u,
    }));
  const bagian = [
    ...pecahTeks(b.masalah, KARAKTER_KANAN * (budget - 2)).map((m) => ({ masalah: m, solusi: '' })),
    ...pecahTeks(b.solusi || '–', KARAKTER_KANAN * (budget - 2)).map((x) => ({ masalah: '', solusi: x })),
  ];
  return bagian.map((x, i) => ({ ...b, kunci: `${b.kunci}#${i}`, masalah: x.masalah ? lanjut(i) + x.masalah : '(lanjutan)', solusi: x.solusi }));
}

/**
 * Fills pages with items in order, each page within `budget(i)` lines; texts are cut into parts of
 * at most `potongMaks` lines (default: the smaller of the first two budgets). A part longer than a
 * page's budget leaves that page empty and starts the next (the first page's right column may be
 * short: budget, evidence strip).
 */
function isiHalaman(butir: ButirOpd[], budget: (halaman: number) => number, potongMaks = Math.min(budget(0), budget(1))): ButirOpd[][] {
  const hal: ButirOpd[][] = [[]];
  let terpakai = 0;
  for (const asal of butir) {
    for (const b of potongButir(asal, potongMaks)) {
      const n = barisButir(b);
      if (terpakai + n > budget(hal.length - 1) && (hal[hal.length - 1]!.length > 0 || n > budget(hal.length - 1))) {
        hal.push([]);
        terpakai = 0;
      }
      hal[hal.length - 1]!.push(b);
      terpakai += n;
    }
  }
  return hal;
}

/**
 * One OPD over as many slides as its content needs: left column indicators under target then TDI,
 * right column the budget (first slide) then masalah/solusi. Headings take one line each.
 */
export function halamanOpd(
  o: RingkasanOpd,
  fmt: { nilai: (i: RingkasanOpd['dibawahTarget'][number]) => string; persen: (n: number | null) => string },
  bukti: ButirBukti[] = [],
): HalamanOpd[] {
  const kiri: ButirOpd[] = [
    ...o.dibawahTarget.map((i): ButirOpd => ({
      jenis: 'indikator',
      kunci: `i:${i.indikatorId}`,
      uraian: i.uraian,
      nilai: fmt.nilai(i),
      persen: fmt.persen(i.capaian),
    })),
    ...o.tdi.map((t): ButirOpd => ({ jenis: 'tdi', kunci: `t:${t.indikatorId}`, uraian: t.uraian, alasan: t.alasan })),
  ];
  const kanan: ButirOpd[] = o.masalah.map((m) => ({ jenis: 'masalah', kunci: `m:${m.indikatorId}`, masalah: m.masalah, solusi: m.solusi }));
  // Two headings (under target, TDI) may share the left column; one (masalah) on the right.
  const halKiri = isiHalaman(kiri, () => BARIS_KOLOM - 2);
  // The first page's right column also holds the evidence strip when there is evidence.
  const strip = bukti.length ? BUKTI_BARIS : 0;
  const halKanan = isiHalaman(
    kanan,
    (i) => (i === 0 ? BARIS_KOLOM - ANGGARAN_BARIS - strip - 2 : BARIS_KOLOM - 1),
    Math.min(BARIS_KOLOM - ANGGARAN_BARIS - 2, BARIS_KOLOM - 1),
  );
  const n = Math.max(halKiri.length, halKanan.length);
  return Array.from({ length: n }, (_, i) => ({ kiri: halKiri[i] ?? [], kanan: halKanan[i] ?? [], anggaran: i === 0, bukti: i === 0 ? bukti : [] }));
}

/** Lines an arahan row takes (its uraian wraps in full). */
export const barisArahan = (uraian: string) => baris(uraian, KARAKTER_ARAHAN);

/** Pages of an arahan list: at most ARAHAN_PER_SLIDE rows and 12 text lines per slide. */
export function halamanArahan(uraian: readonly string[]): { mulai: number; jumlah: number }[] {
  const out: { mulai: number; jumlah: number }[] = [];
  let mulai = 0;
  while (mulai < uraian.length) {
    let jumlah = 0;
    let b = 0;
    while (mulai + jumlah < uraian.length && jumlah < ARAHAN_PER_SLIDE) {
      const n = barisArahan(uraian[mulai + jumlah]!);
      if (jumlah > 0 && b + n > 12) break;
      b += n;
      jumlah++;
    }
    out.push({ mulai, jumlah });
    mulai += jumlah;
  }
  return out;
}

export interface BahanSlide {
  /** Uraian of the arahan followed up from earlier meetings, in display order. */
  arahanLalu: readonly string[];
  /** Uraian of this meeting's arahan (a slide is always there, updated live). */
  arahanIni: readonly string[];
  formatNilai: (i: RingkasanOpd['dibawahTarget'][number]) => string;
  formatPersen: (n: number | null) => string;
  /** Each OPD's image evidence of the quarter (`buktiTriwulan`), for the thumbnail strip. */
  bukti?: ReadonlyMap<string, ButirBukti[]>;
}

/**
 * Tiles, chart(s), follow-up of earlier arahan (if any), this meeting's arahan, then every OPD in
 * summary order over as many slides as its content needs (docs/domain/rakor.md §Layar).
 */
export function susunSlide(r: Ringkasan, bahan: BahanSlide, pohon: PohonKinerja | null = null): Slide[] {
  const batang = batangCapaian(r);
  const halaman = potong(batang, BATANG_PER_KOLOM * 2);
  const slides: Slide[] = [{ jenis: 'ringkasan' }];
  halaman.forEach((h, i) => slides.push({ jenis: 'grafik', kolom: potong(h, BATANG_PER_KOLOM), bagian: i + 1, dari: halaman.length }));
  const lalu = halamanArahan(bahan.arahanLalu);
  lalu.forEach((h, i) => slides.push({ jenis: 'arahan', sumber: 'lalu', ...h, bagian: i + 1, dari: lalu.length }));
  const ini = halamanArahan(bahan.arahanIni);
  if (ini.length === 0) slides.push({ jenis: 'arahan', sumber: 'ini', mulai: 0, jumlah: 0, bagian: 1, dari: 1 });
  ini.forEach((h, i) => slides.push({ jenis: 'arahan', sumber: 'ini', ...h, bagian: i + 1, dari: ini.length }));
  const cabang = (pohon?.sasaran ?? []).filter((c) => c.indikator.length > 0 || c.dukungan.length > 0);
  cabang.forEach((c, i) => slides.push({ jenis: 'pohon', sasaran: c, bagian: i + 1, dari: cabang.length }));
  r.opd.forEach((o, i) => {
    const hal = halamanOpd(o, { nilai: bahan.formatNilai, persen: bahan.formatPersen }, bahan.bukti?.get(o.opdId) ?? []);
    hal.forEach((h, j) => slides.push({ jenis: 'opd', opd: o, nomor: i + 1, halaman: h, bagian: j + 1, dari: hal.length }));
  });
  return slides;
}

/** Stable identity of a slide, so a live data change keeps the audience on the same slide. */
export function keySlide(s: Slide): string {
  if (s.jenis === 'opd') return `opd:${s.opd.opdId}:${s.bagian}`;
  if (s.jenis === 'grafik') return `grafik:${s.bagian}`;
  if (s.jenis === 'arahan') return `arahan:${s.sumber}:${s.bagian}`;
  if (s.jenis === 'pohon') return `pohon:${s.sasaran.sasaranId}`;
  return s.jenis;
}

/** A short title per slide for the slide list. */
export function judulSlide(s: Slide): string {
  const bag = (b: number, d: number) => (d > 1 ? ` (${b}/${d})` : '');
  if (s.jenis === 'ringkasan') return 'Ringkasan';
  if (s.jenis === 'grafik') return `Grafik capaian${bag(s.bagian, s.dari)}`;
  if (s.jenis === 'pohon') return `Pohon kinerja${bag(s.bagian, s.dari)}`;
  if (s.jenis === 'arahan') return `${s.sumber === 'ini' ? 'Arahan rapat ini' : 'Tindak lanjut arahan'}${bag(s.bagian, s.dari)}`;
  return `${s.nomor}. ${s.opd.singkatan}${bag(s.bagian, s.dari)}`;
}

export interface KeadaanLayar {
  indeks: number;
  jeda: boolean;
  /** Digits typed so far for a jump ("1", "12"). */
  ketikan: string;
}

export type AksiTombol = KeadaanLayar & { layarPenuh?: boolean; keluar?: boolean; lompatNanti?: boolean };

/**
 * Keyboard control: ←/→ (also PageUp/PageDown, a presenter remote), space pauses auto-advance,
 * F full screen, digits + Enter (or a short pause, see `lompatNanti`) jump to slide n, Home/End,
 * Escape leaves. Returns the new state plus side effects for the component to perform.
 */
export function tekanTombol(k: KeadaanLayar, tombol: string, jumlah: number): AksiTombol | null {
  const ke = (i: number) => ({ ...k, ketikan: '', indeks: Math.min(Math.max(i, 0), Math.max(jumlah - 1, 0)) });
  switch (tombol) {
    case 'ArrowRight':
    case 'PageDown':
      return ke(k.indeks + 1 >= jumlah ? 0 : k.indeks + 1);
    case 'ArrowLeft':
    case 'PageUp':
      return ke(k.indeks - 1 < 0 ? jumlah - 1 : k.indeks - 1);
    case 'Home':
      return ke(0);
    case 'End':
      return ke(jumlah - 1);
    case ' ':
    case 'Spacebar':
      return { ...k, ketikan: '', jeda: !k.jeda };
    case 'f':
    case 'F':
      return { ...k, layarPenuh: true };
    case 'Escape':
      return k.ketikan ? { ...k, ketikan: '' } : { ...k, keluar: true };
    case 'Enter':
      return k.ketikan ? lompat(k, jumlah) : null;
    default:
      if (/^[0-9]$/.test(tombol)) {
        const ketikan = (k.ketikan + tombol).replace(/^0+/, '').slice(0, 3);
        return { ...k, ketikan, lompatNanti: ketikan !== '' };
      }
      return null;
  }
}

/** Jumps to the typed slide number (1-based), clamped to the list. */
export function lompat(k: KeadaanLayar, jumlah: number): KeadaanLayar {
  const n = Number(k.ketikan);
  if (!k.ketikan || !Number.isFinite(n) || n < 1) return { ...k, ketikan: '' };
  return { ...k, ketikan: '', indeks: Math.min(n, jumlah) - 1 };
}

/** `#/layar?tahun=2026&tw=3` → the period asked for, or null. */
export function periodeDariHash(hash: string): { tahun: number; triwulan: 1 | 2 | 3 | 4 } | null {
  const q = queryHash(hash);
  const tahun = Number(q.get('tahun'));
  const tw = Number(q.get('tw'));
  if (!Number.isInteger(tahun) || tahun < 2000 || tahun > 2100 || ![1, 2, 3, 4].includes(tw)) return null;
  return { tahun, triwulan: tw as 1 | 2 | 3 | 4 };
}
