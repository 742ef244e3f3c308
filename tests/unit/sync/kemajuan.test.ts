/**
 * Issue 17 point 1 (badge): once a pulled page is stored the device holds data, so the badge never
 * says "Belum pernah sinkron" again; while pulls run, and after a first sync cut half way, it says
 * how many records and bytes arrived (src/sync/engine.ts, src/components/LencanaSinkron.svelte,
 * src/components/kemajuan.ts).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { FetchFn } from '../../../src/sync/client.ts';
import { teksKemajuan, teksSisa, teksUkuran } from '../../../src/components/kemajuan.ts';
import { perkiraanSisaMs } from '../../../src/sync/perkiraan.ts';
import { TANDA_TARIK_SELESAI } from '../../../src/sync/engine.ts';
import { kursorPull } from '../../../src/db/tarik.ts';
import { pohonPk } from '../db/bantu.ts';
import { klienBaru, serverUji } from './bantu-sync.ts';

// A real server (password hashing, migrations): slow on a busy machine, never timed.
vi.setConfig({ testTimeout: 120_000 });

describe('first sync progress (issue 17 §1)', () => {
  it('a first sync cut after two pages: data is on the device, the count and bytes show, and go on from there', async () => {
    const server = await serverUji();
    const asal: FetchFn = async (i, init) => server.app.request(String(i), init);
    const a = klienBaru(asal, server.token);
    await pohonPk(a.db, 'admin', 20);
    await a.mesin.sinkronSekarang();
    const semua = await server.app.request('/api/v1/sync/pull?since=0&limit=5000', { headers: { Authorization: `Bearer ${server.token}` } });
    const jumlah = ((await semua.json()) as { changes: unknown[] }).changes.length;
    const jumlahIndikator = await a.db.indikator.count();

    // Tablet B: pages of 5; the link drops at the third page.
    let halaman = 0;
    let putus = true;
    let detik = 0;
    const b = klienBaru(
      async (i, init) => {
        if (String(i).includes('/sync/pull') && putus && ++halaman > 2) throw new TypeError('fetch failed');
        return server.app.request(String(i), init);
      },
      server.token,
      // A clock that moves 1 s per reading: the time-left estimate is then a pure function of the calls.
      { batasPull: 5, jam: () => (detik += 1000) },
    );
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).not.toBeNull();
    expect(b.status.current.terakhirSinkron).toBeNull();
    expect(await b.db.indikator.count()).toBeGreaterThan(0);
    // The old code left adaDataLokal false here: the badge said "Belum pernah sinkron".
    expect(b.status.current.adaDataLokal).toBe(true);
    expect(b.status.current.kemajuan?.diterima).toBe(10);
    expect(b.status.current.kemajuan?.byte).toBeGreaterThan(1000);
    expect(teksKemajuan(b.status.current.kemajuan)).toMatch(/^10 data diterima \(\d+ KB\)$/);

    // The link comes back: the count goes on from 10, then clears once the sync completes.
    putus = false;
    const tengah: number[] = [];
    const sisa: (number | null | undefined)[] = [];
    const perbarui = b.status.perbarui.bind(b.status);
    b.status.perbarui = (ubah) => {
      perbarui(ubah);
      if (ubah.kemajuan) tengah.push(ubah.kemajuan.diterima);
      if (ubah.kemajuan) sisa.push(ubah.kemajuan.sisaMs);
    };
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).toBeNull();
    expect(b.status.current.terakhirSinkron).not.toBeNull();
    expect(b.status.current.kemajuan).toBeNull();
    expect(await b.db.indikator.count()).toBe(jumlahIndikator);
    expect(tengah[0]).toBe(15);
    expect(tengah.at(-1)).toBe(jumlah);
    expect(tengah.every((n, i) => i === 0 || n > tengah[i - 1]!)).toBe(true);
    // Time left: estimated on every page but the last, which says 0; the badge text carries it.
    expect(sisa.slice(0, -1).every((ms) => typeof ms === 'number' && ms > 0)).toBe(true);
    expect(sisa.at(-1)).toBe(0);
    expect(teksKemajuan({ diterima: tengah[0]!, byte: 4096, sisaMs: sisa[0]! })).toMatch(/, sisa ± \d+ (detik|menit)/);
  });

  it('a complete pull run leaves one User Timing mark with the cursor it reached; a cut run none', async () => {
    performance.clearMarks(TANDA_TARIK_SELESAI);
    const server = await serverUji();
    const a = klienBaru(async (i, init) => server.app.request(String(i), init), server.token);
    await pohonPk(a.db, 'admin', 5);
    await a.mesin.sinkronSekarang();
    let putus = true;
    const b = klienBaru(
      async (i, init) => {
        if (String(i).includes('/sync/pull') && putus) throw new TypeError('fetch failed');
        return server.app.request(String(i), init);
      },
      server.token,
      { batasPull: 5 },
    );
    expect(performance.getEntriesByName(TANDA_TARIK_SELESAI)).toHaveLength(1);
    performance.clearMarks(TANDA_TARIK_SELESAI);
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).not.toBeNull();
    expect(performance.getEntriesByName(TANDA_TARIK_SELESAI)).toHaveLength(0);
    putus = false;
    await b.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    const tanda = performance.getEntriesByName(TANDA_TARIK_SELESAI) as PerformanceMark[];
    expect(tanda).toHaveLength(1);
    expect(tanda[0]!.detail).toEqual({ kursor: await kursorPull(b.db) });
    expect(await kursorPull(b.db)).toBe(await kursorPull(a.db));
  });

  it('texts in id-ID', () => {
    expect(teksKemajuan(null)).toBe('');
    expect(teksKemajuan({ diterima: 0, byte: 0 })).toBe('');
    expect(teksKemajuan({ diterima: 12_500, byte: 5_033_165 })).toBe('12.500 data diterima (4,8 MB)');
    expect(teksUkuran(870_400)).toBe('850 KB');
    expect(teksUkuran(10)).toBe('1 KB');
    // Time left (issue 17 §1): shown once estimated, not at zero or while unknown.
    expect(teksKemajuan({ diterima: 12_500, byte: 5_033_165, sisaMs: 185_000 })).toBe('12.500 data diterima (4,8 MB), sisa ± 3 menit');
    expect(teksKemajuan({ diterima: 10, byte: 2048, sisaMs: null })).toBe('10 data diterima (2 KB)');
    expect(teksKemajuan({ diterima: 10, byte: 2048, sisaMs: 0 })).toBe('10 data diterima (2 KB)');
    expect(teksSisa(4_200)).toBe('± 4 detik');
    expect(teksSisa(42_000)).toBe('± 40 detik');
    expect(teksSisa(200)).toBe('± 1 detik');
    expect(teksSisa(80 * 60_000)).toBe('± 1 jam 20 menit');
    expect(teksSisa(120 * 60_000)).toBe('± 2 jam');
  });

  it('time left: the pace so far over the revs still ahead', () => {
    // 20 s for revs 100 → 300 of 1100: 800 more at 10 revs/s.
    expect(perkiraanSisaMs({ mulaiMs: 1000, kiniMs: 21_000, revAwal: 100, revKini: 300, revTujuan: 1100 })).toBe(80_000);
    expect(perkiraanSisaMs({ mulaiMs: 0, kiniMs: 5000, revAwal: 0, revKini: 500, revTujuan: 500 })).toBe(0);
    expect(perkiraanSisaMs({ mulaiMs: 0, kiniMs: 5000, revAwal: 40, revKini: 40, revTujuan: 500 })).toBeNull();
    expect(perkiraanSisaMs({ mulaiMs: 7, kiniMs: 7, revAwal: 0, revKini: 40, revTujuan: 500 })).toBeNull();
  });
});
