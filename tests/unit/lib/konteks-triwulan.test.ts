import { beforeEach, describe, expect, it } from 'vitest';
import { periodeAktif } from '../../../src/lib/periode.svelte.ts';
import { KonteksTriwulan } from '../../../src/lib/konteks-triwulan.svelte.ts';

/** A minimal address bar for node: location.hash and history.replaceState. */
function alamat(hash: string) {
  const lok = { hash };
  (globalThis as Record<string, unknown>).location = lok;
  (globalThis as Record<string, unknown>).history = {
    state: null,
    replaceState: (_s: unknown, _t: string, url: string) => {
      lok.hash = url;
    },
  };
  return lok;
}

describe('KonteksTriwulan (Anggaran, Laporan)', () => {
  beforeEach(() => {
    periodeAktif.current = { tahun: 2026, triwulan: 3 };
  });

  it("a link's tahun and tw become the header's period; the OPD comes from the link", () => {
    alamat('#/anggaran?opd=abc&tahun=2025&tw=4');
    const k = new KonteksTriwulan('anggaran', null);
    expect(periodeAktif.current).toEqual({ tahun: 2025, triwulan: 4 });
    expect([k.tahun, k.tw, k.opdDipilih]).toEqual([2025, 4, 'abc']);
  });

  it('the header moves the screen, and the screen moves the header and the address', () => {
    const lok = alamat('#/laporan?opd=abc');
    const k = new KonteksTriwulan('laporan', null);
    expect([k.tahun, k.tw]).toEqual([2026, 3]);
    periodeAktif.current = { tahun: 2026, triwulan: 1 };
    expect(k.tw).toBe(1);
    k.ubah({ periode: '2' }, 'abc');
    expect(periodeAktif.current).toEqual({ tahun: 2026, triwulan: 2 });
    expect(lok.hash).toBe('#/laporan?opd=abc&tahun=2026&tw=2');
  });

  it("an operator stays on its own OPD whatever the link says; another screen's address is ignored", () => {
    alamat('#/anggaran?opd=lain&tahun=2024&tw=2');
    const k = new KonteksTriwulan('anggaran', 'sendiri');
    expect(k.opdDipilih).toBe('sendiri');
    k.ubah({ opdId: 'lain' }, 'sendiri');
    expect(k.opdDipilih).toBe('sendiri');
    alamat('#/realisasi?tahun=2030&tw=1');
    k.bacaHash();
    expect(periodeAktif.current).toEqual({ tahun: 2024, triwulan: 2 });
  });
});
