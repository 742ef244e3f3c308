/**
 * Password rules for every password a person chooses (new account, admin reset, own change, the
 * PANTAU_ADMIN_PASSWORD of a first start). docs/security.md §Kata sandi; NIST SP 800-63B §3.1.1.2:
 * a minimum length and a check against a list of commonly used passwords, no composition rules.
 * The list is the "passwords-common" dictionary of @zxcvbn-ts/language-common (about 49 000
 * entries, maintained with zxcvbn-ts), plus a few words every Indonesian office would try.
 * Server only: the list is too large for the PWA bundle; the UI shows the server's message.
 */
import { dictionary } from '@zxcvbn-ts/language-common';

export const PANJANG_MIN_SANDI = 10;

/** Local words a list from abroad misses (lowercase; compared without digits and symbols too). */
const KATA_LOKAL = [
  'bismillah',
  'indonesia',
  'jakarta',
  'sayangku',
  'pemkab',
  'pemkot',
  'bappeda',
  'pantaukinerja',
  'pantau',
  'kinerja',
  'rahasia',
  'katasandi',
  'merdeka',
  'garuda',
  'kabupaten',
  'pemda',
  'admin',
  'operator',
  'pimpinan',
  'demo',
];

let daftar: Set<string> | null = null;
function daftarUmum(): Set<string> {
  daftar ??= new Set([...(dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()), ...KATA_LOKAL]);
  return daftar;
}

/** The shortest unit `s` repeats ("adminadmin" → "admin", "abcabcabca" → "abc"), else `s`. */
function satuanUlang(s: string): string {
  for (let k = 1; k <= s.length / 2; k++) {
    const u = s.slice(0, k);
    if (u.repeat(Math.ceil(s.length / k)).startsWith(s)) return u;
  }
  return s;
}

/** Whether `s` is one run of consecutive characters up or down ("0123456789", "hgfedcba"). */
function urutan(s: string): boolean {
  const d = [...s].map((c) => c.codePointAt(0)!);
  return d.length > 2 && [1, -1].some((arah) => d.every((x, i) => i === 0 || x - d[i - 1]! === arah));
}

/**
 * null when `sandi` may be used, else the Indonesian reason. Refused: shorter than 10 characters;
 * found (case-insensitive) in the common list; its letters forming a list word, a word of the
 * pemda's name (`konteks`) or one of them repeated, whatever digits and symbols surround them
 * ("Bismillah2026!", "password12345678", "adminadmin1", "sukamaju2026"); a short unit repeated
 * ("1234512345", "abcabcabca") or one run of consecutive characters ("0123456789"); the username.
 * `konteks`: lowercase words the attacker knows (the pemda's name), at least 4 letters each.
 */
export function periksaSandi(sandi: string, username?: string, konteks: readonly string[] = []): string | null {
  if ([...sandi].length < PANJANG_MIN_SANDI) return `Kata sandi minimal ${PANJANG_MIN_SANDI} karakter`;
  const kecil = sandi.toLowerCase();
  const inti = kecil.replace(/[^a-z]/g, '');
  const umum = daftarUmum();
  const dikenal = (w: string) => umum.has(w) || konteks.includes(w);
  if (dikenal(kecil) || (inti.length >= 4 && (dikenal(inti) || dikenal(satuanUlang(inti))))) {
    return 'Kata sandi ini terlalu umum dan mudah ditebak; pilih gabungan beberapa kata yang tidak lazim';
  }
  if (new Set(kecil).size <= 2 || satuanUlang(kecil).length <= 5 || urutan(kecil))
    return 'Kata sandi ini terlalu mudah ditebak (pola yang diulang atau berurutan)';
  if (username && kecil.includes(username.toLowerCase())) return 'Kata sandi tidak boleh memuat nama pengguna';
  return null;
}

/** Words of the pemda's name for `periksaSandi` ("Kabupaten Sukamaju" → ["sukamaju"]). */
export function kataPemda(nama: string): string[] {
  return nama
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length >= 4 && !['kabupaten', 'kota', 'provinsi'].includes(w));
}
