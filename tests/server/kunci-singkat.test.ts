/**
 * Issue 17 §3: a push holds the pemda-wide counter lock (the `sync_state` row; src/server/sync.store.ts
 * header) only while its revs are given: in its last statement and the commit. Counted in
 * statements sent from the one that takes the counter to the end of the transaction, for a batch
 * of 200 new realisasi (the tablet's batch size): before this round the lock came first and the
 * records' read, the JavaScript of every mutation and the write all ran under it (the old code
 * fails here: three statements under the lock); now one. The records the batch names are read
 * under row locks before it.
 *
 * Also: the per-push UUIDv5 cache gives exactly what `idAlami` gives.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.ts';
import type { Db, Kueri } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { v5 as uuidv5 } from 'uuid';
import { idAlamiSekali, uuidv5Alami } from '../../src/server/sync.store.ts';
import { idAlami, NAMESPACE_ALAMI } from '../../src/domain/schemas.ts';
import { buatOpd, buatPengguna, dbBaru, JENIS, Klien, masuk, PASSWORD_ADMIN, put, revHasil, type App, type DbUji } from './bantu.ts';
import { AMBIL_PENGHITUNG } from '../bantu/penghitung.ts';

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

/** Statements from the one that takes the counter lock to the end (the lock lasts until the commit). */
const diBawahKunci = (sql: string[]): string[] => {
  const i = sql.findIndex((q) => AMBIL_PENGHITUNG.test(q));
  return i < 0 ? [] : sql.slice(i);
};

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
    const push = catat.transaksi.find((t) => t.some((q) => /INSERT INTO client_results/.test(q)))!;
    const kunci = diBawahKunci(push);
    expect(
      kunci.map((q) => q.replace(/\s+/g, ' ').trim().slice(0, 60)),
      kunci.join('\n---\n'),
    ).toHaveLength(1);
    expect(kunci[0]).toMatch(/UPDATE sync_state SET rev[\s\S]*INSERT INTO records[\s\S]*INSERT INTO client_results/);
    // The records were read, and locked, before it.
    const sebelum = push.slice(0, push.indexOf(kunci[0]!));
    expect(sebelum.some((q) => /FROM records r[\s\S]*FOR UPDATE/.test(q))).toBe(true);
  });

  it("an operator's batch of 200 realisasi edits over 50 indikator reads their parents in one statement, not one each (issue 17 §3/§4)", async () => {
    const admin = new Klien(app, token);
    const indikator = Array.from({ length: 50 }, () => randomUUID());
    await admin.pushOk(
      ...indikator.map((id) =>
        put('indikator', id, { sasaranId, pkId, opdId, uraian: 'Cakupan', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 95 }),
      ),
    );
    const ids = indikator.flatMap((indikatorId) => (['TW1', 'TW2', 'TW3', 'TW4'] as const).map((periode) => ({ indikatorId, periode })));
    const dibuat = await admin.pushOk(
      ...ids.map(({ indikatorId, periode }) =>
        put('realisasi', idAlami.realisasi(indikatorId, periode), { indikatorId, opdId, tahun: 2027, periode, nilai: 50 }),
      ),
    );
    await buatPengguna(app, token, { username: `op-${opdId.slice(0, 8)}`, role: 'operator', opdId });
    const op = new Klien(app, (await masuk(app, `op-${opdId.slice(0, 8)}`)).token);
    catat.transaksi.length = 0;
    // Edits as the tablet sends them: only the changed field, so each parent is known only from the stored record.
    const hasil = await op.pushOk(
      ...ids.map(({ indikatorId, periode }, i) => put('realisasi', idAlami.realisasi(indikatorId, periode), { nilai: 60 }, revHasil(dibuat[i]))),
    );
    expect(hasil.map((r) => r.status)).toEqual(Array(200).fill('applied'));
    const push = catat.transaksi.find((t) => t.some((q) => /INSERT INTO client_results/.test(q)))!;
    // One read per indikator before (the old code: 50 statements of one record each).
    expect(push.filter((q) => /WHERE tbl = \$1 AND id = \$2/.test(q))).toEqual([]);
    expect(push.length, push.map((q) => q.replace(/\s+/g, ' ').slice(0, 80)).join('\n')).toBeLessThanOrEqual(5);
    // The permission rule still holds: an indikator of another OPD's PK is refused, and nothing of the batch is lost.
    const lain = await buatOpd(app, token);
    const pkLain = randomUUID();
    const sasaranLain = randomUUID();
    const indLain = randomUUID();
    await admin.pushOk(
      put('pk', pkLain, { opdId: lain, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('sasaran', sasaranLain, { pkId: pkLain, opdId: lain, uraian: 'Sasaran lain' }),
      put('indikator', indLain, {
        sasaranId: sasaranLain,
        pkId: pkLain,
        opdId: lain,
        uraian: 'Lain',
        satuan: '%',
        polaritas: 'naik',
        agregasi: 'akhir',
        targetTahunan: 1,
      }),
    );
    const campur = await op.push(
      put('realisasi', idAlami.realisasi(indikator[0]!, 'TW1'), { nilai: 61 }, revHasil(hasil[0])),
      put('realisasi', idAlami.realisasi(indLain, 'TW1'), { indikatorId: indLain, opdId, tahun: 2027, periode: 'TW1', nilai: 1 }),
    );
    expect(campur.results.map((r) => r.status)).toEqual(['applied', 'rejected']);
  });

  it('a retried batch does not take the counter lock at all', async () => {
    const k = new Klien(app, token);
    const body = k.batch([put('opd', randomUUID(), { kode: '9.99', nama: 'Dinas Uji', singkatan: 'DU', jenis: 'dinas', kepala: PEJABAT })]);
    expect((await k.kirim(body)).status).toBe(200);
    catat.transaksi.length = 0;
    expect((await k.kirim(body)).status).toBe(200);
    expect(catat.transaksi.length).toBeGreaterThan(0);
    for (const t of catat.transaksi) expect(diBawahKunci(t)).toEqual([]);
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
      expect(a.konflik('realisasi', id, 'nilai', 'k:42')).toBe(idAlami.konflik('realisasi', id, 'nilai', 'k:42'));
    }
    expect(a.rakor(2027, 1)).not.toBe(a.rakor(2027, 2));
  });

  it('hashed on node:crypto, equal to the uuid package for any name', () => {
    for (const nama of ['', 'kunciPeriode:2027:3', `realisasi:${randomUUID()}:TW1`, 'konflik:é ü 漢字 😀:x', 'a'.repeat(300)])
      expect(uuidv5Alami(nama)).toBe(uuidv5(nama, NAMESPACE_ALAMI));
  });
});
