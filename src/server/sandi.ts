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
];

let daftar: Set<string> | null = null;
function daftarUmum(): Set<string> {
  daftar ??= new Set([...(dictionary['passwords-common'] as string[]).map((p) => p.toLowerCase()), ...KATA_LOKAL]);
  return daftar;
}

/**
 * null when `sandi` may be used, else the Indonesian reason. Refused: shorter than 10 characters,
 * found (case-insensitive) in the common list, the list word with digits/symbols around it
 * ("Bismillah2026!"), one character repeated, or the username itself.
 */
export function periksaSandi(sandi: string, username?: string): string | null {
  if ([...sandi].length < PANJANG_MIN_SANDI) return `Kata sandi minimal ${PANJANG_MIN_SANDI} karakter`;
  const kecil = sandi.toLowerCase();
  const inti = kecil.replace(/[^a-z]/g, '');
  const umum = daftarUmum();
  if (umum.has(kecil) || (inti.length >= 4 && umum.has(inti) && kecil.replace(/[^a-z0-9]/g, '').length - inti.length <= 6)) {
    return 'Kata sandi ini terlalu umum dan mudah ditebak; pilih gabungan beberapa kata yang tidak lazim';
  }
  if (new Set(kecil).size <= 2) return 'Kata sandi ini terlalu mudah ditebak (karakter yang sama diulang)';
  if (username && kecil.includes(username.toLowerCase())) return 'Kata sandi tidak boleh memuat nama pengguna';
  return null;
}
