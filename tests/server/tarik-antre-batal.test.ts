/**
 * Review of 64a77e4 (pushes before pulls, PULL_PARALEL = 1): a pull page that waits its turn in
 * `Db.bacaMassal` whose tablet has gone away (its client timed out after BATAS_WAKTU_MS and will
 * ask again, or the link dropped) must not still take the only slot to read and build a page
 * nobody will receive; otherwise a queue longer than a client's deadline serves only abandoned
 * requests while their retries queue behind them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { siapkan } from '../../src/server/setup.ts';
import { DATABASE_URL, dbBaru, dbDenganQuery, masuk, PASSWORD_ADMIN, type DbUji } from './bantu.ts';

const SQL_PULL = /'\{"table":"' \|\|/;

describe.runIf(DATABASE_URL)('a queued pull whose request was abandoned (PostgreSQL)', () => {
  let dbu: DbUji | undefined;
  afterEach(async () => {
    await dbu?.tutup();
    dbu = undefined;
  });

  it('is not read and built once its turn comes', async () => {
    dbu = await dbBaru('postgres');
    await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN });
    let dibaca = 0;
    const db = dbDenganQuery(dbu.db, async (sql, params) => {
      if (SQL_PULL.test(sql)) dibaca++;
      return dbu!.db.query(sql, params);
    });
    const app = createApp({ db, migrasi: dbu.versi });
    const token = (await masuk(app, 'admin', PASSWORD_ADMIN)).token;
    // The slot is taken (a page being read and built).
    let buka!: () => void;
    const tahan = db.bacaMassal(() => new Promise<void>((ok) => (buka = ok)));
    const batal = Array.from({ length: 5 }, () => new AbortController());
    const tarik = batal.map((b) =>
      Promise.resolve(app.request('/api/v1/sync/pull?since=0&limit=100', { headers: { Authorization: `Bearer ${token}` }, signal: b.signal })).catch(
        (e: unknown) => e,
      ),
    );
    await new Promise((ok) => setTimeout(ok, 200));
    // Every one of those tablets gave up (deadline, cut link) while waiting.
    for (const b of batal) b.abort();
    buka();
    await tahan;
    await Promise.all(tarik);
    expect(dibaca).toBe(0);
  });
  it('a page whose read fails gives the slot back (the next pulls are answered)', async () => {
    dbu = await dbBaru('postgres');
    await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN });
    let gagal = 2;
    const db = dbDenganQuery(dbu.db, async (sql, params) => {
      if (SQL_PULL.test(sql) && gagal-- > 0) throw new Error('koneksi putus');
      return dbu!.db.query(sql, params);
    });
    const app = createApp({ db, migrasi: dbu.versi });
    const token = (await masuk(app, 'admin', PASSWORD_ADMIN)).token;
    const minta = () => app.request('/api/v1/sync/pull?since=0&limit=100', { headers: { Authorization: `Bearer ${token}` } });
    const jawaban = await Promise.all([minta(), minta(), minta(), minta()]);
    expect(jawaban.map((r) => r.status).sort()).toEqual([200, 200, 500, 500]);
    expect((await minta()).status).toBe(200);
  });
});
