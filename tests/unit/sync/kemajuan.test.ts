/**
 * Issue 17 point 1 (badge): once a pulled page is stored the device holds data, so the badge never
 * says "Belum pernah sinkron" again; while pulls run, and after a first sync cut half way, it says
 * how many records and bytes arrived (src/sync/engine.ts, src/components/LencanaSinkron.svelte,
 * src/components/kemajuan.ts).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import type { FetchFn } from '../../../src/sync/client.ts';
import { teksKemajuan, teksUkuran } from '../../../src/components/kemajuan.ts';
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
    const b = klienBaru(
      async (i, init) => {
        if (String(i).includes('/sync/pull') && putus && ++halaman > 2) throw new TypeError('fetch failed');
        return server.app.request(String(i), init);
      },
      server.token,
      { batasPull: 5 },
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
    const perbarui = b.status.perbarui.bind(b.status);
    b.status.perbarui = (ubah) => {
      perbarui(ubah);
      if (ubah.kemajuan) tengah.push(ubah.kemajuan.diterima);
    };
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).toBeNull();
    expect(b.status.current.terakhirSinkron).not.toBeNull();
    expect(b.status.current.kemajuan).toBeNull();
    expect(await b.db.indikator.count()).toBe(jumlahIndikator);
    expect(tengah[0]).toBe(15);
    expect(tengah.at(-1)).toBe(jumlah);
    expect(tengah.every((n, i) => i === 0 || n > tengah[i - 1]!)).toBe(true);
  });

  it('texts in id-ID', () => {
    expect(teksKemajuan(null)).toBe('');
    expect(teksKemajuan({ diterima: 0, byte: 0 })).toBe('');
    expect(teksKemajuan({ diterima: 12_500, byte: 5_033_165 })).toBe('12.500 data diterima (4,8 MB)');
    expect(teksUkuran(870_400)).toBe('850 KB');
    expect(teksUkuran(10)).toBe('1 KB');
  });
});
