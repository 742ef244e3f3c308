/**
 * The engine with pull pages asked for on the headers of the page before (X-Pantau-Next; issue 17
 * budget "on the 3G profile ≤ 1,2 × its byte floor"; docs/sync-protocol.md "The next page on the
 * headers"), found by the review of that change:
 * - a page's time on the link starts when the page before it finished arriving (it shared the link
 *   with that body until then), so a slow link is not taken for twice as slow;
 * - one drop of the link halves the page budget once, not once per page then in flight;
 * - a stopped engine asks for no further page, not even one a page's headers named;
 * - after the link dropped a page, pages are asked for one at a time until a pull run reaches the
 *   end (on a flapping link each page in flight at a drop is bytes lost).
 * A scripted `Penarik` plays the link: each page's headers and body come when the test says.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { kursorPull, terapkanHalaman } from '../../../src/db/tarik.ts';
import { GalatJaringan, type FetchFn, type OpsiHalaman } from '../../../src/sync/client.ts';
import type { HalamanTarik, Penarik, PermintaanHalaman } from '../../../src/sync/penarik.ts';
import type { PantauDB } from '../../../src/db/database.ts';
import { CEPAT_MS, LAMBAT_MS } from '../../../src/sync/ukuran-halaman.ts';
import { MIN_BYTE_PULL } from '../../../src/shared/protocol.ts';
import { klienBaru } from './bantu-sync.ts';

vi.setConfig({ testTimeout: 30_000 });

/** No request reaches this: pulls go through the scripted Penarik, and nothing is pushed. */
const tanpaJaringan: FetchFn = async () => new Response('{}', { status: 404 });

interface Permintaan {
  req: PermintaanHalaman;
  /** The headers arrive: names `next` when the page is not the last. */
  kepala: () => void;
  /** The body arrives (`byte` bytes of JSON), or the link drops it. */
  badan: (byte?: number) => void;
  putus: () => void;
}

/** A link of `jumlah.n` pages of one rev each (page `i` is `since` i), driven by the test. */
function penarikBertahap(jumlah: { n: number }, db: () => PantauDB) {
  const diminta: Permintaan[] = [];
  let tunggu: (() => void) | null = null;
  const penarik: Penarik = {
    ambil: (req: PermintaanHalaman, opsi?: OpsiHalaman) =>
      new Promise<HalamanTarik>((ok, gagal) => {
        const since = req.since;
        const n = jumlah.n;
        const more = since + 1 < n;
        diminta.push({
          req,
          kepala: () => {
            if (more) opsi?.diKepala?.(since + 1);
          },
          badan: (byte = req.byte) =>
            ok({
              next: since + 1,
              more,
              rev: n,
              jumlah: 1,
              ukuranByte: byte,
              kunci: null,
              terapkan: (opsi) => terapkanHalaman(db(), [], since + 1, opsi),
              buang: () => undefined,
            }),
          putus: () => gagal(new GalatJaringan(new TypeError('link cut'))),
        });
        tunggu?.();
      }),
    tutup: () => undefined,
  };
  /** Waits until `k` pages were asked for. */
  const sampai = async (k: number) => {
    while (diminta.length < k) await new Promise<void>((r) => (tunggu = r));
    tunggu = null;
  };
  const lanjut = () => new Promise((r) => setTimeout(r, 5));
  return { penarik, diminta, sampai, lanjut };
}

function tablet(n: number, jam: () => number, awalBytePull = 8 * MIN_BYTE_PULL) {
  const ref: { db?: PantauDB } = {};
  const jumlah = { n };
  const link = penarikBertahap(jumlah, () => ref.db!);
  const k = klienBaru(tanpaJaringan, 'token', { penarik: link.penarik, jam, awalBytePull, batasPull: 10 });
  ref.db = k.db;
  return { ...link, k, jumlah };
}

describe('pull pages asked for on the headers (review of issue 17 X-Pantau-Next)', () => {
  it("a page's time starts when the page before it finished arriving, not when it was asked for", async () => {
    let kini = 0;
    const t = tablet(2, () => kini);
    const run = t.k.mesin.sinkronSekarang();
    await t.sampai(1);
    t.diminta[0]!.kepala();
    // Page 1 is asked for on page 0's headers, at 0 ms.
    await t.sampai(2);
    // Page 0's body takes 3 s of the link (between fast and slow: the budget stays); page 1's own
    // body 1.5 s after it, 4.5 s after it was asked for (over LAMBAT_MS, were it timed from there).
    expect(3000).toBeGreaterThan(CEPAT_MS);
    expect(4500).toBeGreaterThan(LAMBAT_MS);
    kini = 3000;
    t.diminta[0]!.badan();
    await t.lanjut();
    t.diminta[1]!.kepala();
    kini = 4500;
    t.diminta[1]!.badan();
    await run;
    expect(t.k.status.current.galat).toBeNull();
    expect(await kursorPull(t.k.db)).toBe(2);
    // 1.5 s on the link: neither slow nor fast, the budget is kept (timed from its request: halved).
    expect(t.k.mesin.bytePull).toBe(8 * MIN_BYTE_PULL);
  });

  it('one drop of the link halves the page budget once, however many pages were in flight', async () => {
    let kini = 0;
    const t = tablet(10, () => kini);
    const run = t.k.mesin.sinkronSekarang();
    await t.sampai(1);
    t.diminta[0]!.kepala();
    await t.sampai(2);
    kini = 2000;
    t.diminta[0]!.badan();
    await t.lanjut();
    t.diminta[1]!.kepala();
    await t.sampai(3);
    t.diminta[2]!.kepala();
    await t.lanjut();
    // Pages 1, 2 (and 3, if asked for) are in flight when the link drops.
    for (const p of t.diminta.slice(1)) p.putus();
    await run;
    expect(t.k.status.current.galat).not.toBeNull();
    expect(await kursorPull(t.k.db)).toBe(1);
    expect(t.diminta.length).toBeGreaterThanOrEqual(3);
    expect(t.k.mesin.bytePull).toBe(4 * MIN_BYTE_PULL);
  });

  it('a stopped engine asks for no further page, not even the one the headers of the page in flight name', async () => {
    const t = tablet(10, () => 0);
    const run = t.k.mesin.sinkronSekarang();
    await t.sampai(1);
    t.k.mesin.stop();
    t.diminta[0]!.kepala();
    t.diminta[0]!.badan();
    await run.catch(() => undefined);
    await t.k.mesin.selesai();
    await t.lanjut();
    expect(t.diminta.map((p) => p.req.since)).toEqual([0]);
  });

  it('after a drop, pages are asked for one at a time until a pull run reaches the end; then on the headers again', async () => {
    const t = tablet(4, () => 0);
    const satu = t.k.mesin.sinkronSekarang();
    await t.sampai(1);
    t.diminta[0]!.kepala();
    await t.sampai(2);
    t.diminta[0]!.putus();
    t.diminta[1]!.putus();
    await satu;
    expect(t.k.status.current.galat).not.toBeNull();
    // The retry: page 0's headers start nothing, its body does.
    const dua = t.k.mesin.sinkronSekarang();
    await t.sampai(3);
    t.diminta[2]!.kepala();
    await t.lanjut();
    expect(t.diminta.map((p) => p.req.since)).toEqual([0, 1, 0]);
    for (let i = 2; i < 6; i++) {
      await t.sampai(i + 1);
      t.diminta[i]!.kepala();
      t.diminta[i]!.badan();
    }
    await dua;
    expect(t.k.status.current.galat).toBeNull();
    expect(t.diminta.map((p) => p.req.since)).toEqual([0, 1, 0, 1, 2, 3]);
    // That run reached the end: the next pages are asked for on the headers again.
    t.jumlah.n = 7;
    const tiga = t.k.mesin.sinkronSekarang();
    await t.sampai(7);
    t.diminta[6]!.kepala();
    await t.sampai(8);
    expect(t.diminta.map((p) => p.req.since).slice(6)).toEqual([4, 5]);
    for (let i = 6; i < 9; i++) {
      await t.sampai(i + 1);
      t.diminta[i]!.kepala();
      t.diminta[i]!.badan();
    }
    await tiga;
    expect(await kursorPull(t.k.db)).toBe(7);
  });
});
