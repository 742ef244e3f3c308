/**
 * Numbers as people write them (id-ID) and as they are printed with every digit they were entered
 * with: docs/domain/target-capaian.md §Presisi and docs/import.md §Angka. Pure; no locale but id-ID.
 */

const KOSONG = '–';
const rapikan = (s: string): string => s.replace(/[\u00a0\u202f\u2009]/g, ' ');
const valid = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);
const hapus = (s: string, c: string) => s.split(c).join('');
const fmtNilai = new Intl.NumberFormat('id-ID', { minimumFractionDigits: 0, maximumFractionDigits: 10 });

/**
 * A target or realisasi value with the precision it was entered with (docs/domain/target-capaian.md
 * §Presisi): every significant decimal is kept ("0,822" stays "0,822", "20,71" stays "20,71"), up to
 * 10 decimals, which also hides binary float noise (0.2071 × 100 = 20.709999999999997 → "20,71").
 * id-ID grouping. null/NaN → "–".
 */
export function formatNilai(n: number | null | undefined): string {
  if (!valid(n)) return KOSONG;
  const s = rapikan(fmtNilai.format(n === 0 ? 0 : n));
  return /^-0(,0+)?$/.test(s) ? s.slice(1) : s;
}

/** `n × 10^k` without binary noise (a percent cell 0.2071 → 20.71), by shifting the decimal text. */
export function geserDesimal(n: number, k: number): number {
  if (!Number.isFinite(n)) return n;
  return Number(`${Number(n.toPrecision(15))}e${k}`);
}

/**
 * How a number text reads under the two conventions (docs/import.md §Angka). `id`: the id-ID reading
 * (thousands ".", decimal ","), null when the text is not valid id-ID; `lain`: the en-US reading
 * (thousands ",", decimal "."), null when invalid or equal to `id`.
 * - `pasti`: only the id-ID reading exists ("1.234,5", "20,71", "1234").
 * - `ragu`: both readings exist and differ ("1.234" = 1234 or 1,234; "12,345" = 12,345 or 12345);
 *   id-ID is taken unless the rest of the column shows the other convention.
 * - `lain`: only the other convention reads it ("59.89", "10,274,076", "1,234.5"): never taken
 *   silently, the person confirms (import preview, Realisasi paste).
 * - `bukan`: not a number.
 */
export interface BacaanAngka {
  jenis: 'pasti' | 'ragu' | 'lain' | 'bukan' | 'kosong';
  id: number | null;
  lain: number | null;
  /** The text had a trailing "%". */
  persen: boolean;
}

export function bacaAngka(input: string | number | null | undefined): BacaanAngka {
  if (typeof input === 'number')
    return Number.isFinite(input) ? { jenis: 'pasti', id: input, lain: null, persen: false } : { jenis: 'bukan', id: null, lain: null, persen: false };
  if (typeof input !== 'string' || input.trim() === '') return { jenis: 'kosong', id: null, lain: null, persen: false };
  let s = input
    .replace(/[\s\u00a0\u202f\u2009]/g, '')
    .replace(/^rp\.?/i, '')
    .replace(/,-$/, '')
    .replace(/^[−–]/, '-');
  const persen = /%$/.test(s);
  s = s.replace(/%$/, '');
  let tanda = 1;
  if (s[0] === '-' || s[0] === '+') {
    tanda = s[0] === '-' ? -1 : 1;
    s = s.slice(1);
  }
  const bukan: BacaanAngka = { jenis: 'bukan', id: null, lain: null, persen };
  if (!/^[\d.,]+$/.test(s) || !/\d/.test(s)) return bukan;
  const id = bacaKonvensi(s, '.', ',');
  const en = bacaKonvensi(s, ',', '.');
  const idN = id === null ? null : tanda * id || 0;
  const enN = en === null ? null : tanda * en || 0;
  if (idN === null && enN === null) return bukan;
  if (idN === null) return { jenis: 'lain', id: null, lain: enN, persen };
  if (enN === null || enN === idN) return { jenis: 'pasti', id: idN, lain: null, persen };
  return { jenis: 'ragu', id: idN, lain: enN, persen };
}

/** Strict reading with `ribuan` as group mark (groups of exactly 3 after 1–3 digits) and `desimal`. */
function bacaKonvensi(s: string, ribuan: string, desimal: string): number | null {
  const bagian = s.split(desimal);
  if (bagian.length > 2) return null;
  const [bulat = '', pecahan] = bagian;
  if (pecahan !== undefined && (pecahan === '' || !/^\d+$/.test(pecahan))) return null;
  if (bulat.includes(ribuan)) {
    const re = new RegExp(`^[1-9]\\d{0,2}(\\${ribuan}\\d{3})+$`);
    if (!re.test(bulat)) return null;
  } else if (!/^\d*$/.test(bulat) || (bulat === '' && pecahan === undefined)) return null;
  const n = Number(`${hapus(bulat, ribuan) || '0'}${pecahan !== undefined ? `.${pecahan}` : ''}`);
  return Number.isFinite(n) ? n : null;
}

/**
 * A number typed or pasted by a person, id-ID first and never silently reread in the other
 * convention (docs/import.md §Angka): `pasti`/`ragu` → the id-ID value; `lain` → not taken, with a
 * message offering the other reading so the person retypes or confirms it.
 */
export function parseAngkaId(
  input: string | number | null | undefined,
): { ok: true; nilai: number | null } | { ok: false; pesan: string; lain: number | null } {
  const b = bacaAngka(input);
  if (b.jenis === 'kosong') return { ok: true, nilai: null };
  if (b.jenis === 'pasti' || b.jenis === 'ragu') return { ok: true, nilai: b.id };
  const teks = String(input).trim();
  if (b.jenis === 'lain') {
    return {
      ok: false,
      lain: b.lain,
      pesan: `“${teks}” tertulis dengan format angka lain (bukan id-ID); bila maksudnya ${formatNilai(b.lain)}, ketik ${formatNilai(b.lain)}`,
    };
  }
  return { ok: false, lain: null, pesan: `“${teks}” bukan angka. Contoh: 1.234,5` };
}
