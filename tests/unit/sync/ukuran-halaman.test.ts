/**
 * Issue 17 §1: pull pages bounded by bytes and adapted to the link (src/sync/ukuran-halaman.ts):
 * halve after a slow or cut page, double after a fast full one, always within
 * [MIN_BYTE_PULL, MAKS_BYTE_PULL]; and the engine asks the server for that budget, retries a cut
 * page at the smaller size and keeps every whole page already applied.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import {
  AWAL_BYTE_PULL,
  CEPAT_MS,
  JUMLAH_KALI,
  LAMBAT_MS,
  SANGAT_CEPAT_MS,
  MIN_JUMLAH_PULL,
  PERKIRAAN_BYTE_PER_REKAM,
  UkuranHalaman,
} from '../../../src/sync/ukuran-halaman.ts';
import { MAKS_BYTE_PULL, MIN_BYTE_PULL } from '../../../src/shared/protocol.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import { kursorPull } from '../../../src/db/tarik.ts';
import { pohonPk } from '../db/bantu.ts';
import { klienBaru, serverUji } from './bantu-sync.ts';

vi.setConfig({ testTimeout: 120_000 });

describe('UkuranHalaman (issue 17 §1)', () => {
  it('starts moderate; a cut halves; a slow page halves; a fast full page doubles; a fast short page or a middling one keeps', () => {
    const u = new UkuranHalaman();
    expect(u.byte).toBe(AWAL_BYTE_PULL);
    u.gagal();
    expect(u.byte).toBe(AWAL_BYTE_PULL / 2);
    u.berhasil({ ms: LAMBAT_MS + 1, byte: u.byte });
    expect(u.byte).toBe(AWAL_BYTE_PULL / 4);
    u.berhasil({ ms: CEPAT_MS - 1, byte: u.byte + 500 });
    expect(u.byte).toBe(AWAL_BYTE_PULL / 2);
    // Short (the last page of a pull): says nothing about the link's room.
    u.berhasil({ ms: 10, byte: u.byte / 3 });
    expect(u.byte).toBe(AWAL_BYTE_PULL / 2);
    // Between fast and slow: kept.
    u.berhasil({ ms: (CEPAT_MS + LAMBAT_MS) / 2, byte: u.byte * 2 });
    expect(u.byte).toBe(AWAL_BYTE_PULL / 2);
  });

  it('never below MIN_BYTE_PULL nor above MAKS_BYTE_PULL, whatever it is given', () => {
    const u = new UkuranHalaman(1);
    expect(u.byte).toBe(MIN_BYTE_PULL);
    for (let i = 0; i < 10; i++) u.gagal();
    expect(u.byte).toBe(MIN_BYTE_PULL);
    for (let i = 0; i < 20; i++) u.berhasil({ ms: 1, byte: MAKS_BYTE_PULL * 2 });
    expect(u.byte).toBe(MAKS_BYTE_PULL);
    expect(new UkuranHalaman(10 * MAKS_BYTE_PULL).byte).toBe(MAKS_BYTE_PULL);
  });
});

describe('the engine sizes its pull pages (issue 17 §1)', () => {
  it('asks for the budget, grows it after fast full pages, halves it after a cut page and retries from the last whole page', async () => {
    const server = await serverUji();
    const asal: FetchFn = async (i, init) => server.app.request(String(i), init);
    const a = klienBaru(asal, server.token);
    await pohonPk(a.db, 'admin', 400);
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();

    // Tablet B: a clock that says every page took 500 ms (fast, not very fast); the third pull request is cut.
    const diminta: { since: number; maksByte: number }[] = [];
    let n = 0;
    let t = 0;
    const b = klienBaru(
      async (i, init) => {
        const url = new URL(String(i));
        if (url.pathname.endsWith('/sync/pull')) {
          diminta.push({ since: Number(url.searchParams.get('since')), maksByte: Number(url.searchParams.get('maksByte')) });
          if (++n === 3) throw new TypeError('fetch failed');
        }
        return server.app.request(String(i), init);
      },
      server.token,
      { awalBytePull: MIN_BYTE_PULL, jam: () => (t += 250) },
    );
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).not.toBeNull();
    // Two fast full pages, each doubling the budget; a page is asked for when the headers of the
    // one before arrive (HEADER_NEXT), before that page's time is known, so a page's budget follows
    // the page two before it: the second is asked at the first budget, the third at double. The third is cut.
    expect(diminta).toEqual([
      { since: 0, maksByte: MIN_BYTE_PULL },
      { since: expect.any(Number), maksByte: MIN_BYTE_PULL },
      { since: expect.any(Number), maksByte: MIN_BYTE_PULL * 2 },
    ]);
    const kursor = await kursorPull(b.db);
    expect(kursor).toBe(diminta[2]!.since);
    expect(await b.db.indikator.count()).toBeGreaterThan(0);
    // The second page doubled the budget again (×4), the cut halved it; the retry asks for that
    // from the cursor of the whole pages applied.
    expect(b.mesin.bytePull).toBe(MIN_BYTE_PULL * 2);
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).toBeNull();
    expect(diminta[3]).toEqual({ since: kursor, maksByte: MIN_BYTE_PULL * 2 });
    expect(await b.db.indikator.count()).toBe(await a.db.indikator.count());
    expect(await kursorPull(b.db)).toBe(await kursorPull(a.db));
  });
});

describe('UkuranHalaman: what the server says and the record count (issue 17 §5)', () => {
  it('a full page under SANGAT_CEPAT_MS quadruples the budget, one under CEPAT_MS doubles it', () => {
    const u = new UkuranHalaman();
    u.berhasil({ ms: SANGAT_CEPAT_MS - 1, byte: u.byte });
    expect(u.byte).toBe(AWAL_BYTE_PULL * 4);
    u.berhasil({ ms: SANGAT_CEPAT_MS, byte: u.byte });
    expect(u.byte).toBe(AWAL_BYTE_PULL * 8);
  });

  it('a page the server cut at its budget doubles it though the compact JSON received is a little under it', () => {
    const u = new UkuranHalaman();
    u.berhasil({ ms: 500, byte: AWAL_BYTE_PULL - 12_000, penuh: true, jumlah: 20 });
    expect(u.byte).toBe(AWAL_BYTE_PULL * 2);
    u.berhasil({ ms: 500, byte: AWAL_BYTE_PULL, penuh: false, jumlah: 20 });
    expect(u.byte).toBe(AWAL_BYTE_PULL * 2);
  });

  it('asks for as many records as the budget holds at the last page record size, within [MIN_JUMLAH_PULL, limit]', () => {
    const u = new UkuranHalaman();
    // Before any page: the guessed size.
    expect(u.jumlah(2500)).toBe(Math.ceil((JUMLAH_KALI * AWAL_BYTE_PULL) / PERKIRAAN_BYTE_PER_REKAM));
    // Signed PKs of ~12 KB: few records asked for (the server reads no more rows than that).
    u.berhasil({ ms: 2000, byte: 240_000, jumlah: 20 });
    expect(u.jumlah(2500)).toBe(Math.ceil((JUMLAH_KALI * AWAL_BYTE_PULL) / 12_000));
    // Small records: the engine's limit.
    u.berhasil({ ms: 2000, byte: 20_000, jumlah: 100 });
    expect(u.jumlah(2500)).toBe(2500);
    // A limit below the floor stays as the engine set it; huge records never ask below the floor.
    expect(u.jumlah(10)).toBe(10);
    u.berhasil({ ms: 2000, byte: 4_000_000, jumlah: 1 });
    expect(u.jumlah(2500)).toBe(MIN_JUMLAH_PULL);
  });
});
