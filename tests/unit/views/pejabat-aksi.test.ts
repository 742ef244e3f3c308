/**
 * The Pejabat screen's hand-over (src/views/pejabat/aksi.ts, docs/domain/pejabat.md §Data): the
 * successor's assignment and the end of the holder's are one write, so no moment (a closed tab, a
 * live query between two writes, a refused write) shows two holders of one position.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { liveQuery } from 'dexie';
import { PantauDB } from '../../../src/db/database.ts';
import { simpan } from '../../../src/db/repo.ts';
import { idBaru, type PejabatRecord } from '../../../src/domain/schemas.ts';
import { gantiPejabat, isianKosong } from '../../../src/views/pejabat/aksi.ts';

let db: PantauDB;
const opdId = idBaru();
let lama: PejabatRecord;
beforeEach(async () => {
  db = new PantauDB(`uji-${idBaru()}`);
  await db.open();
  lama = (await simpan(
    db,
    'pejabat',
    null,
    { ...isianKosong(opdId, '2020-08-01'), nama: 'Yuliana Setiawan, S.H., M.H.', nip: '19690310 199203 1 002', jabatan: 'Kepala Dinas Kesehatan' },
    'admin',
  )) as PejabatRecord;
});
afterEach(async () => {
  await db.delete();
});

const pengganti = { ...isianKosong(opdId, '2027-01-02'), nama: 'dr. Rina Wulandari, M.Kes.', nip: '19750512 200212 2 003', jabatan: 'Kepala Dinas Kesehatan' };
const pemegang = (semua: PejabatRecord[]) => semua.filter((p) => !p.deleted && !p.selesai).map((p) => p.nama);

describe('gantiPejabat', () => {
  it('ends the holder the day before and starts the successor, seen together by a live query', async () => {
    const terlihat: string[][] = [];
    const sub = liveQuery(() => db.pejabat.toArray()).subscribe((v) => terlihat.push(pemegang(v)));
    await new Promise((r) => setTimeout(r, 50));
    expect(await gantiPejabat(db, lama, pengganti, 'admin')).toBeNull();
    await new Promise((r) => setTimeout(r, 100));
    sub.unsubscribe();
    // Never two holders at once (the old code wrote the successor, then in a second transaction the end).
    expect(terlihat.every((h) => h.length === 1)).toBe(true);
    expect(terlihat.at(-1)).toEqual(['dr. Rina Wulandari, M.Kes.']);
    expect((await db.pejabat.get(lama.id))?.selesai).toBe('2027-01-01');
    expect(await db.outbox.count()).toBe(3);
  });

  it('a holder removed since the form opened: an Indonesian message and nothing stored', async () => {
    await db.pejabat.delete(lama.id);
    const sebelum = await db.outbox.count();
    const g = await gantiPejabat(db, lama, pengganti, 'admin');
    expect(g?.['']).toMatch(/sudah diakhiri atau dihapus/);
    expect(await db.pejabat.count()).toBe(0);
    expect(await db.outbox.count()).toBe(sebelum);
  });

  it('a successor TMT not after the holder’s: refused before any write', async () => {
    const g = await gantiPejabat(db, lama, { ...pengganti, tmt: '2020-08-01' }, 'admin');
    expect(g?.tmt).toMatch(/harus sesudah/);
    expect(await db.pejabat.count()).toBe(1);
  });
});
