/**
 * Pushes before pulls (issue 17 §3 "200 tablets reporting in the last hour before a rakor do not
 * wait on each other"; docs/sync-protocol.md "Pushes before pulls"; src/server/db.ts
 * `Db.bacaMassal`, PULL_PARALEL_BAWAAN). On PostgreSQL pull pages are read and built at most
 * PULL_PARALEL at a time (default 1), pushes never wait for them: with four pulls held inside
 * their read, only one is inside it, and a push meanwhile is applied and answered. Fails on the
 * old code, where up to the pool's size minus two (8) pulls read at once.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { bukaPostgres, PULL_PARALEL_BAWAAN, type Db } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { DATABASE_URL, dbBaru, dbDenganQuery, Klien, masuk, PASSWORD_ADMIN, put, type DbUji } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
/** The pull page's statement (src/server/sync.store.ts `pull`). */
const SQL_PULL = /'\{"table":"' \|\|/;

/** `db` whose pull statements wait for `gerbang` and are counted while inside it. */
function dbDitahan(db: Db) {
  let buka!: () => void;
  const gerbang = new Promise<void>((ok) => (buka = ok));
  const s = { di: 0, maks: 0, buka };
  const dibungkus = dbDenganQuery(db, async (sql, params) => {
    if (!SQL_PULL.test(sql)) return db.query(sql, params);
    s.maks = Math.max(s.maks, ++s.di);
    try {
      await gerbang;
      return await db.query(sql, params);
    } finally {
      s.di--;
    }
  });
  return { db: dibungkus, s };
}

const tunggu = async (syarat: () => boolean, ms = 5000) => {
  const akhir = Date.now() + ms;
  while (!syarat()) {
    if (Date.now() > akhir) throw new Error('syarat tidak terpenuhi');
    await new Promise((ok) => setTimeout(ok, 10));
  }
};

describe.runIf(DATABASE_URL)('pushes before pulls (PostgreSQL)', () => {
  let dbu: DbUji | undefined;
  let lain: Db | undefined;
  afterEach(async () => {
    await lain?.close();
    await dbu?.tutup();
    dbu = lain = undefined;
  });

  it(`reads at most ${PULL_PARALEL_BAWAAN} pull page at once by default, and a push is answered while four pulls wait`, async () => {
    dbu = await dbBaru('postgres');
    await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN });
    const { db, s } = dbDitahan(dbu.db);
    const app = createApp({ db, migrasi: dbu.versi });
    const token = (await masuk(app, 'admin', PASSWORD_ADMIN)).token;
    const opdId = randomUUID();
    const klien = new Klien(app, token);
    await klien.pushOk(put('opd', opdId, { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT }));

    const tarik = Array.from({ length: 4 }, () => app.request('/api/v1/sync/pull?since=0&limit=100', { headers: { Authorization: `Bearer ${token}` } }));
    await tunggu(() => s.di >= 1);
    // Give the other three every chance to enter their read.
    await new Promise((ok) => setTimeout(ok, 200));
    expect(s.maks).toBe(1);

    const pkId = randomUUID();
    const hasil = await klien.pushOk(
      put('pk', pkId, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
    );
    expect(hasil.map((r) => r.status)).toEqual(['applied']);
    expect(s.di).toBe(1);

    s.buka();
    const jawaban = await Promise.all(tarik);
    expect(jawaban.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    for (const r of jawaban) {
      const badan = (await r.json()) as { changes: { table: string; key: string }[] };
      expect(badan.changes.some((c) => c.table === 'opd' && c.key === opdId)).toBe(true);
    }
    expect(s.maks).toBe(1);
  });

  it('PULL_PARALEL raises the limit, never to the whole pool (one connection stays with pushes)', async () => {
    dbu = await dbBaru('postgres');
    await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN });
    lain = await bukaPostgres(DATABASE_URL!, { schema: dbu.schema!, max: 3, pullParalel: 10 });
    const { db, s } = dbDitahan(lain);
    const app = createApp({ db, migrasi: dbu.versi });
    const token = (await masuk(app, 'admin', PASSWORD_ADMIN)).token;
    const tarik = Array.from({ length: 5 }, () => app.request('/api/v1/sync/pull?since=0&limit=100', { headers: { Authorization: `Bearer ${token}` } }));
    await tunggu(() => s.di >= 2);
    await new Promise((ok) => setTimeout(ok, 200));
    expect(s.maks).toBe(2);
    const hasil = await new Klien(app, token).pushOk(
      put('opd', randomUUID(), { kode: '1.03', nama: 'Dinas Pendidikan', singkatan: 'Disdik', jenis: 'dinas', kepala: PEJABAT }),
    );
    expect(hasil.map((r) => r.status)).toEqual(['applied']);
    s.buka();
    expect((await Promise.all(tarik)).map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });
});
