/**
 * The unit project compiles Svelte for the server (effects do not run there), so the rune wrapper
 * `langsung` (a thin $effect around ikutiQuery) is exercised by the e2e tests; here the liveQuery
 * bridge under it and the status store. fake-indexeddb must load before Dexie.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { ikutiQuery, KeadaanLangsung } from '../../../src/lib/live.svelte.ts';
import { JEDA_REM_MS, jedaRem, remAktif, remLangsung } from '../../../src/sync/rem-langsung.ts';
import { StatusSinkron } from '../../../src/sync/status.svelte.ts';
import { simpan } from '../../../src/db/repo.ts';
import { PEJABAT, dbBaru } from '../db/bantu.ts';

describe('ikutiQuery (under langsung)', () => {
  it('follows a Dexie query, re-runs on writes, and stops after unsubscribe', async () => {
    const db = dbBaru();
    const dilihat: number[] = [];
    const henti = ikutiQuery(
      () => db.opd.count(),
      (v) => dilihat.push(v),
      () => undefined,
    );
    await expect.poll(() => dilihat.at(-1)).toBe(0);
    await simpan(db, 'opd', null, { kode: '1', nama: 'A', singkatan: 'A', jenis: 'dinas', kepala: PEJABAT }, 'x');
    await expect.poll(() => dilihat.at(-1)).toBe(1);
    henti();
    await simpan(db, 'opd', null, { kode: '2', nama: 'B', singkatan: 'B', jenis: 'dinas', kepala: PEJABAT }, 'x');
    expect(await db.opd.count()).toBe(2);
    await new Promise((r) => setTimeout(r, 20));
    expect(dilihat.at(-1)).toBe(1);
  });

  it('Dexie calls the query after subscribe returns, so `langsung` must be told what it depends on (`kunci`)', async () => {
    // The premise of `kunci` (docs/architecture.md "Live queries"): were the query run inside
    // subscribe, an effect around it would track what it reads; it is not.
    const db = dbBaru();
    const urutan: string[] = [];
    const henti = ikutiQuery(
      () => {
        urutan.push('query');
        return db.opd.count();
      },
      () => urutan.push('nilai'),
      () => undefined,
    );
    urutan.push('subscribe selesai');
    await expect.poll(() => urutan.includes('nilai')).toBe(true);
    expect(urutan.slice(0, 2)).toEqual(['subscribe selesai', 'query']);
    henti();
  });

  it('reports query errors', async () => {
    const galat: unknown[] = [];
    ikutiQuery(
      () => Promise.reject(new Error('rusak')),
      () => undefined,
      (e) => galat.push(e),
    );
    await expect.poll(() => galat.length).toBe(1);
    expect((galat[0] as Error).message).toBe('rusak');
  });
});

describe('ikutiQuery while a pull writes page after page (issue 17 §5)', () => {
  const opdBaru = (db: ReturnType<typeof dbBaru>, kode: string) =>
    simpan(db, 'opd', null, { kode, nama: kode, singkatan: kode, jenis: 'dinas', kepala: PEJABAT }, 'x');

  it('answers once, then waits for the brake to be released (or jedaRem) and reads afresh', async () => {
    const db = dbBaru();
    const dilihat: number[] = [];
    let jalan = 0;
    const lepas = remLangsung();
    const henti = ikutiQuery(
      () => {
        jalan++;
        return db.opd.count();
      },
      (v) => dilihat.push(v),
      () => undefined,
    );
    try {
      await expect.poll(() => dilihat).toEqual([0]);
      const awal = jalan;
      for (const k of ['1', '2', '3']) await opdBaru(db, k);
      await new Promise((r) => setTimeout(r, 50));
      // Three writes while the brake is held: the query did not run again (the screen shows what it had).
      expect(jalan).toBe(awal);
      expect(dilihat).toEqual([0]);
      lepas();
      await expect.poll(() => dilihat.at(-1)).toBe(3);
      // Released: every write is followed again.
      await opdBaru(db, '4');
      await expect.poll(() => dilihat.at(-1)).toBe(4);
    } finally {
      lepas();
      henti();
    }
  });

  it('reads again after jedaRem while the brake stays held; a slow query waits longer', async () => {
    expect(jedaRem(10)).toBe(JEDA_REM_MS);
    expect(jedaRem(400)).toBe(2000);
    const db = dbBaru();
    const dilihat: number[] = [];
    const lepas = remLangsung();
    const henti = ikutiQuery(
      () => db.opd.count(),
      (v) => dilihat.push(v),
      () => undefined,
    );
    try {
      await expect.poll(() => dilihat).toEqual([0]);
      await opdBaru(db, '1');
      await expect.poll(() => dilihat.at(-1), { timeout: JEDA_REM_MS * 3 }).toBe(1);
      expect(remAktif()).toBe(true);
    } finally {
      lepas();
      henti();
    }
    expect(remAktif()).toBe(false);
  });
});

describe('StatusSinkron', () => {
  it('updates through perbarui; reset keeps the online flag', () => {
    const s = new StatusSinkron();
    s.perbarui({ tertunda: 3, online: false, perluMasukLagi: true });
    expect(s.current).toMatchObject({ tertunda: 3, online: false, perluMasukLagi: true });
    s.reset();
    expect(s.current).toMatchObject({ tertunda: 0, online: false, perluMasukLagi: false, terakhirSinkron: null });
  });
});

describe('KeadaanLangsung (the state behind langsung): "not read yet" is not "empty"', () => {
  // docs/architecture.md "Live queries": an empty state shows only after the first answer.
  it('is loading with the placeholder until the query answers, then holds the answer (even an empty one)', async () => {
    const db = dbBaru();
    const k = new KeadaanLangsung<number[]>([]);
    expect(k.memuat).toBe(true);
    expect(k.current).toEqual([]);
    const henti = ikutiQuery(
      () => db.opd.toArray().then((xs) => xs.map(() => 1)),
      (v) => k.terima(v),
      (e) => k.gagal(e),
    );
    await expect.poll(() => k.memuat).toBe(false);
    expect(k.current).toEqual([]);
    await simpan(db, 'opd', null, { kode: '1', nama: 'A', singkatan: 'A', jenis: 'dinas', kepala: PEJABAT }, 'x');
    await expect.poll(() => k.current.length).toBe(1);
    expect(k.memuat).toBe(false);
    henti();
  });

  it('an error ends loading, keeps the last value and is reported', async () => {
    const k = new KeadaanLangsung<string>('awal');
    ikutiQuery(
      () => Promise.reject(new Error('rusak')),
      (v) => k.terima(v),
      (e) => k.gagal(e),
    );
    await expect.poll(() => k.memuat).toBe(false);
    expect(k.current).toBe('awal');
    expect((k.galat as Error).message).toBe('rusak');
  });
});
