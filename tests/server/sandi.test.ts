/**
 * Password rules (docs/security.md §Kata sandi; NIST SP 800-63B §3.1.1.2: length and a blocklist,
 * no composition rules), as the pure function every route calls. The cases below the first block
 * were found by a tester trying to break the rule: each passed before.
 */
import { describe, expect, it } from 'vitest';
import { kataPemda, periksaSandi } from '../../src/server/sandi.ts';

describe('periksaSandi', () => {
  it('accepts long passphrases and odd words; refuses short, common and username-based ones', () => {
    for (const ok of ['sandi-uji-12345', 'bappeda-sukamaju-aman', 'kopi tubruk di aula lantai 3', 'Kuat-Sekali-2026!#x'])
      expect(periksaSandi(ok, 'op-dinkes')).toBeNull();
    expect(periksaSandi('12345678')).toMatch(/minimal 10 karakter/);
    expect(periksaSandi('Bismillah2026')).toMatch(/terlalu umum/);
    expect(periksaSandi('sandi-op-dinkes', 'op-dinkes')).toMatch(/nama pengguna/);
  });

  it.each([
    ['password12345678', /terlalu umum/],
    ['adminadmin1', /terlalu umum/],
    ['demo12345demo', /terlalu umum/],
    ['kabupaten2026', /terlalu umum/],
    ['1234512345', /terlalu mudah ditebak/],
    ['abcabcabca', /terlalu mudah ditebak/],
    ['qwerqwerqwer', /terlalu (umum|mudah ditebak)/],
    ['0123456789', /terlalu (umum|mudah ditebak)/],
    ['zyxwvutsrq', /terlalu mudah ditebak/],
  ])('"%s" is refused', (sandi, pesan) => {
    expect(periksaSandi(sandi)).toMatch(pesan);
  });

  it("the pemda's own name is a known word: Sukamaju2026! is refused only where the pemda is Sukamaju", () => {
    const konteks = kataPemda('Kabupaten Sukamaju');
    expect(konteks).toEqual(['sukamaju']);
    expect(periksaSandi('Sukamaju2026!', undefined, konteks)).toMatch(/terlalu umum/);
    expect(periksaSandi('sukamajusukamaju', undefined, konteks)).toMatch(/terlalu umum/);
    expect(periksaSandi('Sukamaju2026!')).toBeNull();
    expect(kataPemda('Kota Banjar Baru')).toEqual(['banjar', 'baru']);
  });
});
