/** Adversarial tests of the pull apply (STYLE.md habit 12): shuffled, duplicated, replayed pages. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dbBaru, PEJABAT } from './bantu.ts';
import { terapkanHalaman, kursorPull } from '../../../src/db/tarik.ts';
import { simpan } from '../../../src/db/repo.ts';
import { idBaru } from '../../../src/domain/schemas.ts';
import type { Change } from '../../../src/shared/protocol.ts';

const KEYS = [idBaru(), idBaru(), idBaru()];

function perubahan(key: string, rev: number, deleted = false): Change {
  return {
    table: 'opd', key, rev, deleted,
    record: { id: key, rev, updatedAt: new Date(0).toISOString(), updatedBy: 's', deleted, kode: String(rev), nama: `Rev ${rev}`, singkatan: 'S', jenis: 'dinas', kepala: PEJABAT, urutan: 0 },
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
});
