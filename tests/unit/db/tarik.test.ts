/** Adversarial tests of the pull apply (CONTRIBUTING.md "Tests"): shuffled, duplicated, replayed pages. */
import { describe, expect, it, vi } from 'vitest';
import fc from 'fast-check';
import { dbBaru, PEJABAT } from './bantu.ts';
// After bantu.ts, which loads fake-indexeddb before Dexie looks for IndexedDB.
import { Dexie, liveQuery } from 'dexie';
import { serialize } from 'node:v8';
import { AMBANG_TULIS_KASAR, terapkanHalaman, kursorPull, daftarPerluAmbil, perluAmbilSiap, terapkanRecordServer } from '../../../src/db/tarik.ts';
import { simpan } from '../../../src/db/repo.ts';
import { idBaru } from '../../../src/domain/schemas.ts';
import type { Change } from '../../../src/shared/protocol.ts';

const KEYS = [idBaru(), idBaru(), idBaru()];

function perubahan(key: string, rev: number, deleted = false): Change {
  return {
    table: 'opd',
    key,
    rev,
    deleted,
    record: {
      id: key,
      rev,
      updatedAt: new Date(0).toISOString(),
      updatedBy: 's',
      deleted,
      kode: String(rev),
      nama: `Rev ${rev}`,
      singkatan: 'S',
      jenis: 'dinas',
      kepala: PEJABAT,
      urutan: 0,
    },
  };
}

describe('terapkanHalaman', () => {
  it('shuffled, duplicated and replayed pages end at the newest rev of every record', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ k: fc.integer({ min: 0, max: 2 }), del: fc.boolean() }), { minLength: 1, maxLength: 25 }),
        fc.integer({ min: 1, max: 6 }),
        fc.infiniteStream(fc.nat()),
        async (ops, ukuranHalaman, acak) => {
          const db = dbBaru();
          // The server's change log, rev 1..n (what a correct pull would deliver once, in order).
          const log = ops.map((o, i) => perubahan(KEYS[o.k]!, i + 1, o.del));
          const halaman: Change[][] = [];
          for (let i = 0; i < log.length; i += ukuranHalaman) halaman.push(log.slice(i, i + ukuranHalaman));
          // Deliver every page at least once, some twice, in a random order.
          const it = acak[Symbol.iterator]();
          const kiriman = [...halaman, ...halaman.filter(() => (it.next().value as number) % 2 === 0)];
          for (let i = kiriman.length - 1; i > 0; i--) {
            const j = (it.next().value as number) % (i + 1);
            [kiriman[i], kiriman[j]] = [kiriman[j]!, kiriman[i]!];
          }
          for (const p of kiriman) await terapkanHalaman(db, p, p.at(-1)!.rev);
          for (const key of KEYS) {
            const terakhir = log.filter((c) => c.key === key).at(-1);
            const lokal = await db.opd.get(key);
            if (!terakhir) expect(lokal).toBeUndefined();
            else expect(lokal).toMatchObject({ rev: terakhir.rev, nama: `Rev ${terakhir.rev}`, deleted: terakhir.deleted });
          }
          expect(await kursorPull(db)).toBe(log.length);
          db.close();
        },
      ),
      { numRuns: 40 },
    );
  });

  it('holds back records with pending outbox entries or an unresolved rejection', async () => {
    const db = dbBaru();
    const a = await simpan(db, 'opd', null, { kode: '1', nama: 'Lokal A', singkatan: 'A', jenis: 'dinas', kepala: PEJABAT }, 'u');
    const b = idBaru();
    await db.penolakan.put({ id: `opd:${b}`, table: 'opd', key: b, reason: 'Ditolak', fields: {}, at: '' });
    const c = idBaru();
    const hasil = await terapkanHalaman(db, [perubahan(a.id, 5), perubahan(b, 6), perubahan(c, 7)], 7);
    expect(hasil).toEqual({ diterapkan: 1, ditahan: 2, usang: 0 });
    expect((await db.opd.get(a.id))!.nama).toBe('Lokal A');
    expect(await db.opd.get(b)).toBeUndefined();
    expect((await db.opd.get(c))!.rev).toBe(7);
    expect(await kursorPull(db)).toBe(7);
  });

  it('a page is all or nothing: a failure half-way leaves records and cursor untouched', async () => {
    const db = dbBaru();
    await terapkanHalaman(db, [perubahan(KEYS[0]!, 1)], 1);
    let n = 0;
    const gagalKedua = () => {
      if (++n === 2) throw new DOMException('quota', 'QuotaExceededError');
    };
    db.opd.hook('updating', gagalKedua);
    db.opd.hook('creating', gagalKedua);
    await expect(terapkanHalaman(db, [perubahan(KEYS[0]!, 2), perubahan(KEYS[1]!, 3)], 3)).rejects.toBeTruthy();
    db.opd.hook('updating').unsubscribe(gagalKedua);
    db.opd.hook('creating').unsubscribe(gagalKedua);
    expect((await db.opd.get(KEYS[0]!))!.rev).toBe(1);
    expect(await db.opd.get(KEYS[1]!)).toBeUndefined();
    expect(await kursorPull(db)).toBe(1);
  });

  it('a purged tombstone (record null) removes the local row', async () => {
    const db = dbBaru();
    const k = idBaru();
    await terapkanHalaman(db, [perubahan(k, 1)], 1);
    await terapkanHalaman(db, [{ table: 'opd', key: k, rev: 2, deleted: true, record: null }], 2);
    expect(await db.opd.get(k)).toBeUndefined();
  });

  describe('one page applied in bulk', () => {
    it('two changes of the same record in one page keep the newest, in whatever order they come', async () => {
      const db = dbBaru();
      const [k1, k2] = [idBaru(), idBaru()];
      const hasil = await terapkanHalaman(db, [perubahan(k1, 3), perubahan(k1, 4), perubahan(k2, 6), perubahan(k2, 5)], 6);
      expect(hasil).toEqual({ diterapkan: 2, ditahan: 0, usang: 2 });
      expect(await db.opd.get(k1)).toMatchObject({ rev: 4, nama: 'Rev 4' });
      expect(await db.opd.get(k2)).toMatchObject({ rev: 6, nama: 'Rev 6' });
      // Replaying an older pair changes nothing.
      expect(await terapkanHalaman(db, [perubahan(k1, 2), perubahan(k1, 3)], 3)).toEqual({ diterapkan: 0, ditahan: 0, usang: 2 });
      expect(await db.opd.get(k1)).toMatchObject({ rev: 4 });
      expect(await kursorPull(db)).toBe(6);
    });

    it('a pending record is held back in every change of the page, others in the page still apply', async () => {
      const db = dbBaru();
      const lokal = await simpan(db, 'opd', null, { kode: '1', nama: 'Lokal', singkatan: 'L', jenis: 'dinas', kepala: PEJABAT }, 'u');
      const lain = idBaru();
      const hasil = await terapkanHalaman(db, [perubahan(lokal.id, 8), perubahan(lain, 9), perubahan(lokal.id, 10, true)], 10);
      expect(hasil).toEqual({ diterapkan: 1, ditahan: 2, usang: 0 });
      expect(await db.opd.get(lokal.id)).toMatchObject({ nama: 'Lokal', deleted: false });
      expect(await db.opd.get(lain)).toMatchObject({ rev: 9 });
      expect(await db.outbox.count()).toBe(1);
      // Once the outbox is empty the server's version is taken.
      await db.outbox.clear();
      expect(await terapkanHalaman(db, [perubahan(lokal.id, 11)], 11)).toEqual({ diterapkan: 1, ditahan: 0, usang: 0 });
      expect(await db.opd.get(lokal.id)).toMatchObject({ rev: 11, nama: 'Rev 11' });
    });

    it('pending is per table: the same key pending in another table does not hold this one', async () => {
      const db = dbBaru();
      const k = idBaru();
      await db.penolakan.put({ id: `sasaran:${k}`, table: 'sasaran', key: k, reason: 'Ditolak', fields: {}, at: '' });
      expect(await terapkanHalaman(db, [perubahan(k, 1)], 1)).toEqual({ diterapkan: 1, ditahan: 0, usang: 0 });
    });

    it('a tombstone travels like any change: it replaces the record, and an older replay does not bring it back', async () => {
      const db = dbBaru();
      const k = idBaru();
      await terapkanHalaman(db, [perubahan(k, 1)], 1);
      expect(await terapkanHalaman(db, [perubahan(k, 2), perubahan(k, 3, true)], 3)).toEqual({ diterapkan: 1, ditahan: 0, usang: 1 });
      expect(await db.opd.get(k)).toMatchObject({ rev: 3, deleted: true });
      expect(await terapkanHalaman(db, [perubahan(k, 2)], 2)).toEqual({ diterapkan: 0, ditahan: 0, usang: 1 });
      expect(await db.opd.get(k)).toMatchObject({ rev: 3, deleted: true });
      // A purged tombstone in the same page as an older put of the record removes it.
      const p = idBaru();
      await terapkanHalaman(db, [perubahan(p, 4), { table: 'opd', key: p, rev: 5, deleted: true, record: null }], 5);
      expect(await db.opd.get(p)).toBeUndefined();
      expect(await kursorPull(db)).toBe(5);
    });

    it('changes of several tables in one page each land in their table', async () => {
      const db = dbBaru();
      const o = perubahan(idBaru(), 1);
      const s: Change = {
        table: 'sasaran',
        key: idBaru(),
        rev: 2,
        deleted: false,
        record: { rev: 2, updatedAt: '', updatedBy: 's', deleted: false, pkId: idBaru(), opdId: o.key, uraian: 'Sasaran', urutan: 0 },
      };
      expect(await terapkanHalaman(db, [o, s], 2)).toEqual({ diterapkan: 2, ditahan: 0, usang: 0 });
      expect(await db.opd.get(o.key)).toMatchObject({ rev: 1 });
      expect(await db.sasaran.get(s.key)).toMatchObject({ id: s.key, rev: 2, uraian: 'Sasaran' });
    });

    it('any page split and any order inside a page end like the server log, pending records untouched', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ k: fc.integer({ min: 0, max: 2 }), jenis: fc.constantFrom('put', 'hapus', 'purge') }), { minLength: 1, maxLength: 20 }),
          fc.subarray([0, 1, 2]),
          fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 20, maxLength: 20 }),
          fc.infiniteStream(fc.nat()),
          async (ops, tertunda, potong, acak) => {
            const db = dbBaru();
            for (const i of tertunda) await db.penolakan.put({ id: `opd:${KEYS[i]}`, table: 'opd', key: KEYS[i]!, reason: 'Ditolak', fields: {}, at: '' });
            // The server's log in rev order; purged tombstones carry no record.
            const log: Change[] = ops.map((o, i) =>
              o.jenis === 'purge'
                ? { table: 'opd', key: KEYS[o.k]!, rev: i + 1, deleted: true, record: null }
                : perubahan(KEYS[o.k]!, i + 1, o.jenis === 'hapus'),
            );
            const it = acak[Symbol.iterator]();
            let i = 0;
            for (const n of potong) {
              if (i >= log.length) break;
              const halaman = log.slice(i, i + n);
              const next = halaman.at(-1)!.rev;
              for (let j = halaman.length - 1; j > 0; j--) {
                const x = (it.next().value as number) % (j + 1);
                [halaman[j], halaman[x]] = [halaman[x]!, halaman[j]!];
              }
              await terapkanHalaman(db, halaman, next);
              i += n;
            }
            for (const [k, key] of KEYS.entries()) {
              const lokal = await db.opd.get(key);
              const terakhir = log.filter((c) => c.key === key).at(-1);
              if (tertunda.includes(k) || !terakhir?.record) expect(lokal).toBeUndefined();
              else expect(lokal).toMatchObject({ rev: terakhir.rev, deleted: terakhir.deleted });
            }
            expect(await kursorPull(db)).toBe(log.length);
            db.close();
          },
        ),
        { numRuns: 40 },
      );
    }, 30_000);

    it('a page never moves the cursor back', async () => {
      const db = dbBaru();
      await terapkanHalaman(db, [perubahan(idBaru(), 9)], 9);
      await terapkanHalaman(db, [perubahan(idBaru(), 4)], 4);
      expect(await kursorPull(db)).toBe(9);
    });
  });

  it('remembers a held-back record (the cursor moves past it) and forgets it when a newer version arrives', async () => {
    const db = dbBaru();
    const a = await simpan(db, 'opd', null, { kode: '1', nama: 'Lokal A', singkatan: 'A', jenis: 'dinas', kepala: PEJABAT }, 'u');
    await terapkanHalaman(db, [perubahan(a.id, 5)], 5);
    expect(await daftarPerluAmbil(db)).toEqual([{ table: 'opd', key: a.id }]);
    // Still pending: not ready to fetch.
    expect(await perluAmbilSiap(db)).toEqual([]);
    await db.outbox.clear();
    expect(await perluAmbilSiap(db)).toEqual([{ table: 'opd', key: a.id }]);
    // A later pull brings a newer version: applied, and nothing is left to fetch.
    await terapkanHalaman(db, [perubahan(a.id, 9)], 9);
    expect((await db.opd.get(a.id))!.nama).toBe('Rev 9');
    expect(await daftarPerluAmbil(db)).toEqual([]);
  });

  it('terapkanRecordServer: applies the server version once nothing is pending, never an older rev', async () => {
    const db = dbBaru();
    const a = await simpan(db, 'opd', null, { kode: '1', nama: 'Lokal A', singkatan: 'A', jenis: 'dinas', kepala: PEJABAT }, 'u');
    await terapkanHalaman(db, [perubahan(a.id, 5)], 5);
    const server = perubahan(a.id, 5).record!;
    // Pending again: nothing written, still remembered.
    expect(await terapkanRecordServer(db, 'opd', a.id, server)).toBe(false);
    expect((await db.opd.get(a.id))!.nama).toBe('Lokal A');
    expect(await daftarPerluAmbil(db)).toHaveLength(1);
    await db.outbox.clear();
    expect(await terapkanRecordServer(db, 'opd', a.id, server)).toBe(true);
    expect(await db.opd.get(a.id)).toMatchObject({ nama: 'Rev 5', rev: 5 });
    expect(await daftarPerluAmbil(db)).toEqual([]);
    // An older server copy never replaces a newer local one.
    await terapkanHalaman(db, [perubahan(a.id, 8)], 8);
    expect(await terapkanRecordServer(db, 'opd', a.id, server)).toBe(false);
    expect((await db.opd.get(a.id))!.rev).toBe(8);
    // The server has none (purged): the local copy goes.
    expect(await terapkanRecordServer(db, 'opd', a.id, null)).toBe(true);
    expect(await db.opd.get(a.id)).toBeUndefined();
  });
});

describe('terapkanHalaman on a first sync (issue 17 §5)', () => {
  function realisasi(key: string, rev: number, tahun: number, periode: string): Change {
    return {
      table: 'realisasi',
      key,
      rev,
      deleted: false,
      record: { id: key, rev, updatedAt: '', updatedBy: 's', deleted: false, indikatorId: idBaru(), opdId: 'o', tahun, periode, nilai: rev },
    };
  }

  // Both ways a page is written: in slices (up to AMBANG_TULIS_KASAR changes) and whole (more).
  it.each([120, AMBANG_TULIS_KASAR + 200])('a page of %i records the device holds newer keeps them, wherever they sit in it', async (n) => {
    const db = dbBaru();
    const keys = Array.from({ length: n }, () => idBaru());
    // Newer local copies at the start, in the middle and at the end of the page.
    const baru = [3, 60, n - 10];
    await terapkanHalaman(
      db,
      baru.map((i) => perubahan(keys[i]!, 5000 + i)),
      0,
    );
    const hasil = await terapkanHalaman(
      db,
      keys.map((k, i) => perubahan(k, i + 1)),
      n,
    );
    expect(hasil).toEqual({ diterapkan: n - 3, ditahan: 0, usang: 3 });
    for (const [i, k] of keys.entries()) expect((await db.opd.get(k))!.rev).toBe(baru.includes(i) ? 5000 + i : i + 1);
    // Older local copies are replaced.
    const lagi = await terapkanHalaman(
      db,
      keys.map((k, i) => perubahan(k, 2000 + i)),
      2000 + n,
    );
    expect(lagi).toEqual({ diterapkan: n - 3, ditahan: 0, usang: 3 });
    expect((await db.opd.get(keys[0]!))!.rev).toBe(2000);
    expect((await db.opd.get(keys[60]!))!.rev).toBe(5060);
    expect(await kursorPull(db)).toBe(2000 + n);
  });

  it('what a large page tells other threads does not grow with the page (a first sync page: the table changed, not each key)', async () => {
    const db = dbBaru();
    const pesan: number[] = [];
    // What Dexie sends the other contexts (the pull worker → the screens' thread) after each commit.
    const dengar = (parts: unknown) => pesan.push(serialize(parts).byteLength);
    Dexie.on('storagemutated', dengar);
    try {
      await terapkanHalaman(
        db,
        Array.from({ length: 2500 }, (_, i) => realisasi(idBaru(), i + 1, 2025, 'TW3')),
        2500,
      );
    } finally {
      Dexie.on('storagemutated').unsubscribe(dengar);
    }
    // Before: every key and index value of the 2,500 records crossed (740 KB serialised); now a
    // full range per index of the tables written (10 KB).
    expect(pesan.length).toBeGreaterThan(0);
    expect(Math.max(...pesan)).toBeLessThan(32 * 1024);
    expect(await db.realisasi.count()).toBe(2500);
  });

  it("a page of another year's records does not wake a live query over this year's index range", async () => {
    const db = dbBaru();
    let jalan = 0;
    const dilihat: number[] = [];
    const sub = liveQuery(() => {
      jalan++;
      // As the screens read (toArray; Dexie observes an index count() over the whole table).
      return db.realisasi
        .where('[tahun+periode]')
        .equals([2026, 'TW3'])
        .toArray()
        .then((xs) => xs.length);
    }).subscribe({ next: (n) => dilihat.push(n) });
    await vi.waitFor(() => expect(dilihat).toEqual([0]));
    await new Promise((r) => setTimeout(r, 50));
    const awal = jalan;
    // 300 records of last year: before, any bulk write of 50 or more marked the whole table changed.
    await terapkanHalaman(
      db,
      Array.from({ length: 300 }, (_, i) => realisasi(idBaru(), i + 1, 2025, 'TW3')),
      300,
    );
    await new Promise((r) => setTimeout(r, 50));
    expect(jalan).toBe(awal);
    // One of this quarter's among 100 others wakes it.
    await terapkanHalaman(
      db,
      [...Array.from({ length: 100 }, (_, i) => realisasi(idBaru(), 301 + i, 2025, 'TW2')), realisasi(idBaru(), 401, 2026, 'TW3')],
      401,
    );
    await vi.waitFor(() => expect(dilihat.at(-1)).toBe(1));
    sub.unsubscribe();
  });
});
