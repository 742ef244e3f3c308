/**
 * Issue 17 §3: a push holds the pemda-wide counter lock (the `sync_state` row; src/server/sync.store.ts
 * header) as briefly as the cursor allows. Counted in statements sent between taking the lock and
 * the end of the transaction, for a batch of 200 new realisasi (the tablet's batch size): before,
 * the client's row, its seq check, the records, the answers and the counters each took a round trip
 * under the lock (five, plus JavaScript between them); now one read and one write.
 *
 * Also: the per-push UUIDv5 cache gives exactly what `idAlami` gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.ts';
import type { Db, Kueri } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { idAlamiSekali } from '../../src/server/sync.store.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import { dbBaru, JENIS, Klien, masuk, PASSWORD_ADMIN, put, type App, type DbUji } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };

/** Wraps a Db so every push transaction's statements are recorded, in order. */
function dbPencatat(db: Db): { db: Db; transaksi: string[][] } {
  const transaksi: string[][] = [];
  return {
    transaksi,
    db: {
      ...db,
      kind: db.kind,
      query: db.query.bind(db),
      close: db.close.bind(db),
      transaction: <T>(fn: (tx: Kueri) => Promise<T>) =>
        db.transaction((tx) => {
          const sql: string[] = [];
          transaksi.push(sql);
          return fn({
            query: <R extends Record<string, unknown>>(q: string, params?: unknown[]) => {
              sql.push(q);
              return tx.query<R>(q, params);
            },
          });
        }),
    },
  };
}

/** Statements sent after the counter lock was taken (the lock lasts until the commit). */
const diBawahKunci = (sql: string[]): string[] => sql.slice(sql.findIndex((q) => /FROM sync_state WHERE id = 1 FOR UPDATE/.test(q)) + 1);

describe.each(JENIS)('the counter lock is held briefly (%s)', (jenis) => {
  let dbu: DbUji;
  let app: App;
  let token: string;
  let catat: ReturnType<typeof dbPencatat>;
  const opdId = randomUUID();
  const pkId = randomUUID();
  const sasaranId = randomUUID();

  beforeAll(async () => {
    dbu = await dbBaru(jenis);
    await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN });
    catat = dbPencatat(dbu.db);
    app = createApp({ db: catat.db, migrasi: dbu.versi });
    token = (await masuk(app, 'admin', PASSWORD_ADMIN)).token;
    await new Klien(app, token).pushOk(
      put('opd', opdId, { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT }),
      put('pk', pkId, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('sasaran', sasaranId, { pkId, opdId, uraian: 'Meningkatnya derajat kesehatan' }),
    );
  });
  afterAll(async () => {
    await dbu?.tutup();
  });

  it('a batch of 200 new realisasi: one read and one write under the lock', async () => {
    const k = new Klien(app, token);
    const indikator = Array.from({ length: 50 }, () => randomUUID());
    await k.pushOk(
      ...indikator.map((id) =>
        put('indikator', id, { sasaranId, pkId, opdId, uraian: 'Cakupan', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 95 }),
      ),
    );
    const realisasi = indikator.flatMap((indikatorId) =>
      (['TW1', 'TW2', 'TW3', 'TW4'] as const).map((periode) =>
        put('realisasi', idAlami.realisasi(indikatorId, periode), { indikatorId, opdId, tahun: 2027, periode, nilai: 50 }),
      ),
    );
    expect(realisasi).toHaveLength(200);
    catat.transaksi.length = 0;
    const hasil = await k.pushOk(...realisasi);
    expect(hasil.every((r) => r.status === 'applied')).toBe(true);
    const push = catat.transaksi.find((t) => t.some((q) => /FOR UPDATE/.test(q)))!;
    const kunci = diBawahKunci(push);
    expect(
      kunci.map((q) => q.replace(/\s+/g, ' ').trim().slice(0, 40)),
      kunci.join('\n---\n'),
    ).toHaveLength(2);
    expect(kunci[0]).toMatch(/^\s*SELECT tbl, id, rev, deleted, data, field_revs FROM records/);
    expect(kunci[1]).toMatch(/INSERT INTO records[\s\S]*INSERT INTO client_results[\s\S]*UPDATE sync_state SET rev/);
  });

  it('a retried batch takes the lock for nothing but the counter read', async () => {
    const k = new Klien(app, token);
    const body = k.batch([put('opd', randomUUID(), { kode: '9.99', nama: 'Dinas Uji', singkatan: 'DU', jenis: 'dinas', kepala: PEJABAT })]);
    expect((await k.kirim(body)).status).toBe(200);
    catat.transaksi.length = 0;
    expect((await k.kirim(body)).status).toBe(200);
    const push = catat.transaksi.find((t) => t.some((q) => /FOR UPDATE/.test(q)))!;
    expect(diBawahKunci(push)).toEqual([]);
  });
});

describe('UUIDv5 natural keys computed once per push', () => {
  it('give exactly what idAlami gives', () => {
    const a = idAlamiSekali();
    const id = randomUUID();
    for (let i = 0; i < 2; i++) {
      expect(a.realisasi(id, 'TW2')).toBe(idAlami.realisasi(id, 'TW2'));
      expect(a.kunciPeriode(2027, 3)).toBe(idAlami.kunciPeriode(2027, 3));
      expect(a.evaluasiPejabat(id, 2027)).toBe(idAlami.evaluasiPejabat(id, 2027));
      expect(a.evaluasiPejabat(id, 2027, 'akhir-perbaikan')).toBe(idAlami.evaluasiPejabat(id, 2027, 'akhir-perbaikan'));
      expect(a.konflik('realisasi', id, 'nilai', 42)).toBe(idAlami.konflik('realisasi', id, 'nilai', 42));
    }
    expect(a.rakor(2027, 1)).not.toBe(a.rakor(2027, 2));
  });
});
