/**
 * Issue 17 §5: pull pages requested ahead of the writer (src/sync/antrean-tarik.ts). The next page
 * is asked for the moment the previous one's headers name it (X-Pantau-Next) or, without them, it
 * arrives, whether or not the engine has taken it; at most
 * `maks` wait; pages come out in order, and a failed request is thrown at its own page, after the
 * pages before it, so a cut resumes from the last whole page.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { AntreanTarik } from '../../../src/sync/antrean-tarik.ts';
import { bacaHeaderNext, type FetchFn } from '../../../src/sync/client.ts';
import { remAktif } from '../../../src/sync/rem-langsung.ts';
import { kursorPull } from '../../../src/db/tarik.ts';
import { pohonPk } from '../db/bantu.ts';
import { klienBaru, serverUji } from './bantu-sync.ts';

vi.setConfig({ testTimeout: 120_000 });

interface Hal {
  since: number;
  next: number;
  more: boolean;
}

/** A server of `n` pages of one rev each, answering when told to. */
function serverTertunda(n: number, gagalDi?: number) {
  const diminta: number[] = [];
  const tunggu = new Map<number, () => void>();
  const minta = (since: number) =>
    new Promise<Hal>((ok, gagal) => {
      diminta.push(since);
      tunggu.set(since, () => (since === gagalDi ? gagal(new TypeError('fetch failed')) : ok({ since, next: since + 1, more: since + 1 < n })));
    });
  const jawab = async (since: number) => {
    tunggu.get(since)!();
    // Let the arrival's continuation (the next request) run.
    await new Promise((r) => setTimeout(r, 0));
  };
  return { diminta, minta, jawab };
}

describe('AntreanTarik (issue 17 §5)', () => {
  it('asks for the next page as soon as one arrives, before the engine takes it, and at most `maks` ahead', async () => {
    const s = serverTertunda(10);
    const a = new AntreanTarik(0, s.minta, 2);
    expect(s.diminta).toEqual([0]);
    await s.jawab(0);
    // Page 0 arrived and is not taken yet: page 1 is already on its way.
    expect(s.diminta).toEqual([0, 1]);
    await s.jawab(1);
    // Two pages wait (0 and 1): no third request until one is taken.
    expect(s.diminta).toEqual([0, 1]);
    expect((await a.ambil()).since).toBe(0);
    expect(s.diminta).toEqual([0, 1, 2]);
    expect((await a.ambil()).since).toBe(1);
    await s.jawab(2);
    expect(s.diminta).toEqual([0, 1, 2, 3]);
    expect((await a.ambil()).since).toBe(2);
  });

  it('stops at the last page and after hentikan', async () => {
    const s = serverTertunda(2);
    const a = new AntreanTarik(0, s.minta, 2);
    await s.jawab(0);
    await s.jawab(1);
    expect((await a.ambil()).more).toBe(true);
    expect((await a.ambil()).more).toBe(false);
    expect(s.diminta).toEqual([0, 1]);

    const t = serverTertunda(10);
    const b = new AntreanTarik(0, t.minta, 2);
    b.hentikan();
    await t.jawab(0);
    expect(t.diminta).toEqual([0]);
  });

  it('a failed request is thrown at its own page, after every page before it', async () => {
    const s = serverTertunda(10, 1);
    const a = new AntreanTarik(0, s.minta, 2);
    await s.jawab(0);
    await s.jawab(1);
    expect((await a.ambil()).since).toBe(0);
    await expect(a.ambil()).rejects.toThrow('fetch failed');
    // Nothing was asked past the failed page.
    expect(s.diminta).toEqual([0, 1]);
  });
});

/**
 * A server of `n` pages of one rev each whose answers come in two steps, as over a slow link: the
 * headers (`kepala`, naming the next page's since, or `salah` instead of it), then the body.
 */
function serverBertahap(n: number, salah?: { di: number; next: number }) {
  const diminta: number[] = [];
  const kepala = new Map<number, () => void>();
  const badan = new Map<number, () => void>();
  const sinyal = new Map<number, AbortSignal>();
  const minta = (since: number, diKepala: (next: number) => void, batal: AbortSignal) =>
    new Promise<Hal>((ok) => {
      diminta.push(since);
      sinyal.set(since, batal);
      const more = since + 1 < n;
      kepala.set(since, () => {
        if (more) diKepala(salah?.di === since ? salah.next : since + 1);
      });
      badan.set(since, () => ok({ since, next: since + 1, more }));
    });
  const lanjut = () => new Promise((r) => setTimeout(r, 0));
  return {
    diminta,
    minta,
    /** Whether the request of page `since` was given up. */
    dibatalkan: (since: number) => sinyal.get(since)?.aborted,
    kepala: async (since: number) => {
      kepala.get(since)!();
      await lanjut();
    },
    badan: async (since: number) => {
      badan.get(since)!();
      await lanjut();
    },
  };
}

describe('AntreanTarik asks for the next page when the headers name it (issue 17: 3G ≤ 1,2 × its byte floor)', () => {
  it('the next request goes out on the headers, before the body, so no round trip per page is spent waiting', async () => {
    const s = serverBertahap(5);
    const a = new AntreanTarik(0, s.minta, 2);
    const pertama = a.ambil();
    await s.kepala(0);
    // Page 0's body is still on its way: page 1 is already asked for.
    expect(s.diminta).toEqual([0, 1]);
    await s.kepala(1);
    expect(s.diminta).toEqual([0, 1, 2]);
    // Two wait untaken (1 and 2): page 2's headers must not start a fourth request.
    await s.kepala(2);
    expect(s.diminta).toEqual([0, 1, 2]);
    // Its body does not ask again for what its headers already asked.
    await s.badan(0);
    await s.badan(1);
    expect(s.diminta).toEqual([0, 1, 2]);
    expect((await pertama).since).toBe(0);
    expect((await a.ambil()).since).toBe(1);
    // Room again: the page page 2's headers named is asked for now, once.
    expect(s.diminta).toEqual([0, 1, 2, 3]);
    await s.badan(2);
    await s.kepala(3);
    await s.badan(3);
    // Pages 2 and 3 wait untaken: page 4 is held until one is taken.
    expect(s.diminta).toEqual([0, 1, 2, 3]);
    expect((await a.ambil()).since).toBe(2);
    expect(s.diminta).toEqual([0, 1, 2, 3, 4]);
    expect((await a.ambil()).since).toBe(3);
    await s.kepala(4);
    await s.badan(4);
    // The last page names no next: nothing more is asked.
    expect((await a.ambil()).more).toBe(false);
    expect(s.diminta).toEqual([0, 1, 2, 3, 4]);
  });

  it('pages dropped before they were taken have their requests given up; the page taken is not', async () => {
    const s = serverBertahap(6, { di: 2, next: 5 });
    const a = new AntreanTarik(0, s.minta, 2);
    const nol = a.ambil();
    await s.kepala(0);
    await s.kepala(1);
    expect(s.diminta).toEqual([0, 1, 2]);
    await s.badan(0);
    expect((await nol).since).toBe(0);
    const satu = a.ambil();
    // Page 2's headers lie: page 5 is asked for, then dropped when page 2's body says 3.
    await s.kepala(2);
    expect(s.diminta).toEqual([0, 1, 2, 5]);
    await s.badan(1);
    await s.badan(2);
    expect(s.dibatalkan(5)).toBe(true);
    expect(s.diminta).toEqual([0, 1, 2, 5, 3]);
    expect((await satu).since).toBe(1);
    // The run ends (a failure, a restart from 0): page 2 (arrived) and 3 (on its way) are dropped,
    // 3's request given up; the pages taken were not.
    a.hentikan();
    expect(s.dibatalkan(3)).toBe(true);
    expect(s.dibatalkan(0)).toBe(false);
    expect(s.dibatalkan(1)).toBe(false);
  });

  it("once a header was wrong, the session's later queues do not trust headers either", async () => {
    const percaya = { kepala: true };
    const s = serverBertahap(6, { di: 0, next: 4 });
    const a = new AntreanTarik(0, s.minta, 2, undefined, percaya);
    await s.kepala(0);
    await s.badan(0);
    expect(percaya.kepala).toBe(false);
    a.hentikan();
    // The next run's queue (same session) waits for bodies from the start.
    const t = serverBertahap(6);
    new AntreanTarik(0, t.minta, 2, undefined, percaya);
    await t.kepala(0);
    expect(t.diminta).toEqual([0]);
    await t.badan(0);
    expect(t.diminta).toEqual([0, 1]);
  });

  it('X-Pantau-Next is read only as a whole non-negative number; anything else leaves the queue to the body', () => {
    expect(bacaHeaderNext('57')).toBe(57);
    expect(bacaHeaderNext('0')).toBe(0);
    for (const v of [null, '', '-1', '1.5', '1e3', ' 7', 'abc', '9'.repeat(16)]) expect(bacaHeaderNext(v)).toBeNull();
  });

  it('a header that disagrees with its body: what it started is dropped, the right page is asked for, and headers are not trusted again', async () => {
    const s = serverBertahap(6, { di: 0, next: 4 });
    const dibuang: number[] = [];
    const a = new AntreanTarik(0, s.minta, 2, (h) => dibuang.push(h.since));
    await s.kepala(0);
    // On the wrong header's word, page 4 is asked for.
    expect(s.diminta).toEqual([0, 4]);
    await s.badan(0);
    // The body says 1: page 4 is dropped once it comes, page 1 asked for.
    expect(s.diminta).toEqual([0, 4, 1]);
    await s.kepala(4);
    await s.badan(4);
    expect(dibuang).toEqual([4]);
    expect((await a.ambil()).since).toBe(0);
    // From now on the bodies lead: page 1's headers start nothing.
    await s.kepala(1);
    expect(s.diminta).toEqual([0, 4, 1]);
    await s.badan(1);
    expect(s.diminta).toEqual([0, 4, 1, 2]);
    expect((await a.ambil()).since).toBe(1);
    await s.kepala(2);
    await s.badan(2);
    expect((await a.ambil()).since).toBe(2);
  });
});

describe('the engine pulls through AntreanTarik and brakes live queries (issue 17 §5)', () => {
  it('holds the live-query brake while more pages follow, releases it at the end and on a cut, and keeps every whole page', async () => {
    const server = await serverUji();
    const asal: FetchFn = async (i, init) => server.app.request(String(i), init);
    const a = klienBaru(asal, server.token);
    await pohonPk(a.db, 'admin', 40);
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();

    // Tablet B: small pages; the brake is seen from the requests; the fourth request is cut.
    const rem: boolean[] = [];
    let n = 0;
    let putus = true;
    const b = klienBaru(
      async (i, init) => {
        if (new URL(String(i)).pathname.endsWith('/sync/pull')) {
          rem.push(remAktif());
          if (putus && ++n === 4) throw new TypeError('fetch failed');
        }
        return server.app.request(String(i), init);
      },
      server.token,
      { batasPull: 10 },
    );
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).not.toBeNull();
    expect(remAktif()).toBe(false);
    // The pages before the cut are stored, with their cursor.
    const kursor = await kursorPull(b.db);
    expect(kursor).toBeGreaterThan(0);
    expect(await b.db.indikator.count()).toBeGreaterThan(0);

    // Requests made while earlier pages were being written saw the brake held (not the first).
    expect(rem[0]).toBe(false);
    expect(rem.slice(1)).toContain(true);

    putus = false;
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).toBeNull();
    expect(remAktif()).toBe(false);
    expect(await kursorPull(b.db)).toBe(await kursorPull(a.db));
    for (const t of ['pk', 'sasaran', 'indikator'] as const) expect(await b.db[t].count()).toBe(await a.db[t].count());
  });
});
