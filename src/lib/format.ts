/**
 * id-ID formatting and number parsing for the UI, charts and PDFs (docs/architecture.md "Formatting (id-ID)").
 * Intl may emit non-breaking / narrow spaces depending on the ICU version; every output is
 * normalised to plain spaces so screens, PDFs and tests are predictable.
 */
import { namaTriwulan } from '../domain/periode.ts';
import { zonaAktif } from '../domain/waktu.ts';

const KOSONG = '–';

// Values with their entered precision and the id-ID-first reading live in the domain (the rules are
// domain rules, docs/import.md §Angka); re-exported here for the screens.
export { formatNilai, geserDesimal, bacaAngka, parseAngkaId, type BacaanAngka } from '../domain/angka.ts';

const rapikan = (s: string): string => s.replace(/[\u00a0\u202f\u2009]/g, ' ');

const cacheAngka = new Map<string, Intl.NumberFormat>();
function formatterAngka(min: number, maks: number): Intl.NumberFormat {
  const k = `${min}:${maks}`;
  let f = cacheAngka.get(k);
  if (!f) {
    f = new Intl.NumberFormat('id-ID', { minimumFractionDigits: min, maximumFractionDigits: maks });
    cacheAngka.set(k, f);
  }
  return f;
}

const valid = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * "1.234,5". Without `digits`: up to 2 decimals, trailing zeros dropped; with `digits`: exactly
 * that many. null/NaN → "–". Negative zero prints as "0".
 */
export function formatAngka(n: number | null | undefined, digits?: number): string {
  if (!valid(n)) return KOSONG;
  const f = digits === undefined ? formatterAngka(0, 2) : formatterAngka(digits, digits);
  const s = rapikan(f.format(n === 0 ? 0 : n));
  return s === '-0' || /^-0(,0+)?$/.test(s) ? s.slice(1) : s;
}

/** "Rp 1.234.567" (whole rupiah, rounded); negative "-Rp 1.234". */
export function formatRupiah(n: number | null | undefined): string {
  if (!valid(n)) return KOSONG;
  const bulat = Math.round(n);
  const s = `Rp ${formatAngka(Math.abs(bulat), 0)}`;
  return bulat < 0 ? `-${s}` : s;
}

/** "87,5 %" (up to `digits` decimals, default 2, trailing zeros dropped). */
export function formatPersen(n: number | null | undefined, digits = 2): string {
  if (!valid(n)) return KOSONG;
  const f = formatterAngka(0, digits);
  const s = rapikan(f.format(n));
  return `${/^-0(,0+)?$/.test(s) ? s.slice(1) : s} %`;
}

export const NAMA_BULAN = ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September', 'Oktober', 'November', 'Desember'] as const;

/**
 * "25 November 2020" from "2020-11-25" (also accepts a full ISO timestamp and uses its date
 * part as written). Parsed by hand: a deadline is a calendar day, never shifted by time zone.
 * Empty → "–"; anything unrecognised is returned unchanged.
 */
export function formatTanggal(tanggal: string | null | undefined): string {
  if (!tanggal) return KOSONG;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(tanggal);
  const bulan = m ? NAMA_BULAN[Number(m[2]) - 1] : undefined;
  if (!m || !bulan || Number(m[3]) < 1 || Number(m[3]) > 31) return tanggal;
  return `${Number(m[3])} ${bulan} ${m[1]}`;
}

/**
 * "25 November 2020 14.30" for an instant, in the pemda's time zone (domain/waktu.ts; or `timeZone`).
 * Invalid → returned unchanged; empty → "–".
 */
export function formatWaktu(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return KOSONG;
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const bagian = new Intl.DateTimeFormat('id-ID', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
    timeZone: timeZone ?? zonaAktif(),
  }).formatToParts(d);
  const ambil = (t: Intl.DateTimeFormatPartTypes) => bagian.find((p) => p.type === t)?.value ?? '';
  const bulan = NAMA_BULAN[Number(ambil('month')) - 1] ?? '';
  return `${Number(ambil('day'))} ${bulan} ${ambil('year')} ${ambil('hour')}.${ambil('minute')}`;
}

/** "Triwulan III" (pure naming lives in domain/periode.ts so src/shared/ can use it too). */
export { namaTriwulan };

/** Display name of a realisasi period: "Triwulan II", "100 Hari", "6 Bulan", "1 Tahun". */
export function namaPeriode(periode: string): string {
  if (periode === '100H') return '100 Hari';
  if (periode === '6B') return '6 Bulan';
  if (periode === '1T') return '1 Tahun';
  const m = /^TW([1-4])$/.exec(periode);
  return m ? namaTriwulan(Number(m[1])) : periode;
}

/**
 * Parses a number typed or pasted by a user: "1.234,5", "1234,5", "1234.5", "Rp 1.234.567",
 * "87,5 %", a spreadsheet cell ("  1.234 \t"), or a number. Returns null for empty or invalid.
 * Ambiguity rule (id-ID first): with both separators the last one is the decimal mark; a single
 * comma is decimal; dots in valid 3-digit groups ("1.234", "1.234.567") are thousands;
 * otherwise a single dot is decimal ("12.5", "1234.5"). Repeated commas in 3-digit groups are
 * English thousands ("1,234,567").
 */
export function parseAngka(input: string | number | null | undefined): number | null {
  if (typeof input === 'number') return Number.isFinite(input) ? input : null;
  if (typeof input !== 'string') return null;
  let s = input
    .replace(/[\s\u00a0\u202f\u2009]/g, '')
    .replace(/^rp\.?/i, '')
    .replace(/%$/, '')
    .replace(/^[−–]/, '-');
  if (s === '') return null;
  let tanda = '';
  if (s[0] === '-' || s[0] === '+') {
    tanda = s[0] === '-' ? '-' : '';
    s = s.slice(1);
  }
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return null;
  const titik = s.includes('.');
  const koma = s.includes(',');
  let normal: string | null;
  if (titik && koma) {
    const desimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
    const ribuan = desimal === '.' ? ',' : '.';
    const [bulat, pecahan, ...lebih] = s.split(desimal);
    normal =
      lebih.length || pecahan === undefined || pecahan.includes(ribuan) || !grupValid(bulat ?? '', ribuan) ? null : `${hapus(bulat ?? '', ribuan)}.${pecahan}`;
  } else if (koma) {
    normal = satuPemisah(s, ',', 'desimal');
  } else if (titik) {
    normal = satuPemisah(s, '.', 'ribuan');
  } else {
    normal = s;
  }
  if (normal === null || normal === '' || (normal.startsWith('.') && normal.length === 1)) return null;
  const n = Number(tanda + normal);
  return Number.isFinite(n) ? (n === 0 ? 0 : n) : null;
}

const hapus = (s: string, c: string) => s.split(c).join('');

function grupValid(bulat: string, ribuan: string): boolean {
  if (!bulat.includes(ribuan)) return bulat.length > 0;
  const re = ribuan === '.' ? /^\d{1,3}(\.\d{3})+$/ : /^\d{1,3}(,\d{3})+$/;
  return re.test(bulat);
}

/**
 * Only one kind of separator. Several → thousands (must be valid groups). One: a comma is the
 * decimal mark; a dot is thousands when it forms a valid group after 1–3 non-zero-led digits.
 */
function satuPemisah(s: string, c: string, satuArti: 'desimal' | 'ribuan'): string | null {
  const bagian = s.split(c);
  if (bagian.length > 2) return grupValid(s, c) ? hapus(s, c) : null;
  const [a = '', b = ''] = bagian;
  if (a === '' && b === '') return null;
  if (satuArti === 'ribuan' && /^[1-9]\d{0,2}$/.test(a) && /^\d{3}$/.test(b)) return a + b;
  if (b === '') return a;
  return `${a === '' ? '0' : a}.${b}`;
}
