/**
 * The world of the PostgreSQL push-race tests (tests/server/kunci-baris.test.ts,
 * tests/server/serang-push.test.ts): a fresh schema on a pool of 16, an admin, one OPD with a PK
 * for 2027 and a sasaran, and a maker of indikator under it. `ubah` rewrites every statement of
 * the push transactions (the sensitivity checks take one lock out this way); `bungkus` wraps the
 * app's db (tests/server/induk-push.test.ts holds pushes at a statement).
 */
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.ts';
import type { Db, Kueri } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { dbBaru, Klien, masuk, PASSWORD_ADMIN, put, type App, type DbUji } from './bantu.ts';

export const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };

export interface Dunia {
  dbu: DbUji;
  app: App;
  token: string;
  opdId: string;
  pkId: string;
  sasaranId: string;
  /** A new indikator under the sasaran; its id. */
  indikator: () => Promise<string>;
}

/** `db` with every statement of its transactions passed through `ubah` first. */
function dbUbahSql(db: Db, ubah: (sql: string) => string): Db {
  return {
    ...db,
    kind: db.kind,
    query: db.query.bind(db),
    close: db.close.bind(db),
    transaction: <T>(fn: (tx: Kueri) => Promise<T>) =>
      db.transaction((tx) => fn({ query: <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => tx.query<R>(ubah(sql), params) })),
  };
}

/** `bungkus`: the db the app is given, made from the world's (after `ubah`; tests that hold or watch pushes). */
export async function buatDunia(ubah?: (sql: string) => string, bungkus: (db: Db) => Db = (db) => db): Promise<Dunia> {
  const dbu = await dbBaru('postgres', { max: 16 });
  await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN });
  const app = createApp({ db: bungkus(ubah ? dbUbahSql(dbu.db, ubah) : dbu.db), migrasi: dbu.versi });
  const token = (await masuk(app, 'admin', PASSWORD_ADMIN)).token;
  const opdId = randomUUID();
  const pkId = randomUUID();
  const sasaranId = randomUUID();
  await new Klien(app, token).pushOk(
    put('opd', opdId, { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT }),
    put('pk', pkId, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
    put('sasaran', sasaranId, { pkId, opdId, uraian: 'Meningkatnya derajat kesehatan' }),
  );
  const indikator = async () => {
    const id = randomUUID();
    await new Klien(app, token).pushOk(
      put('indikator', id, { sasaranId, pkId, opdId, uraian: 'Cakupan imunisasi', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 95 }),
    );
    return id;
  };
  return { dbu, app, token, opdId, pkId, sasaranId, indikator };
}
