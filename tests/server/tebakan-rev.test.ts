/**
 * A push sends its records, field revs and answers with real revs guessed from the newest rev it
 * has seen (src/server/sync.store.ts `simpan`); when other pushes gave revs between its start and
 * its last statement, that statement shifts every provisional rev by the difference. On
 * PostgreSQL another client's push is committed exactly there (the guess misses); on PGlite the
 * guess holds. Either way every rev stored (record, `data.rev`, each field rev, the konflik, the
 * answers kept for retries) must be the one the push answered with.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.ts';
import type { Db, Kueri } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import { dbBaru, JENIS, Klien, masuk, PASSWORD_ADMIN, put, revServer, type App, type DbUji } from './bantu.ts';
import { AMBIL_PENGHITUNG } from '../bantu/penghitung.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };

/** Runs `sela` (once) just before a push's statement that takes the counter. */
function dbDenganSela(db: Db): { db: Db; sela: { fn: (() => Promise<void>) | null } } {
  const sela: { fn: (() => Promise<void>) | null } = { fn: null };
  return {
    sela,
    db: {
      ...db,
      kind: db.kind,
      query: db.query.bind(db),
      close: db.close.bind(db),
      transaction: <T>(fn: (tx: Kueri) => Promise<T>) =>
        db.transaction((tx) =>
          fn({
            query: async <R extends Record<string, unknown>>(q: string, params?: unknown[]) => {
              const f = sela.fn;
              if (f && AMBIL_PENGHITUNG.test(q)) {
                sela.fn = null;
                await f();
              }
              return tx.query<R>(q, params);
            },
          }),
        ),
    },
  };
}

describe.each(JENIS)('provisional revs made real on a guessed base (%s)', (jenis) => {
  let dbu: DbUji;
  let app: App;
  let appLain: App;
  let token: string;
  let sela: ReturnType<typeof dbDenganSela>['sela'];
  const opdId = randomUUID();
  const pkId = randomUUID();
  const sasaranId = randomUUID();
  const indikator = [randomUUID(), randomUUID(), randomUUID()] as const;

  beforeAll(async () => {
    dbu = await dbBaru(jenis);
    await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN });
    const d = dbDenganSela(dbu.db);
    sela = d.sela;
    app = createApp({ db: d.db, migrasi: dbu.versi });
    appLain = createApp({ db: dbu.db, migrasi: dbu.versi });
    token = (await masuk(app, 'admin', PASSWORD_ADMIN)).token;
    await new Klien(app, token).pushOk(
      put('opd', opdId, { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT }),
      put('pk', pkId, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('sasaran', sasaranId, { pkId, opdId, uraian: 'Meningkatnya derajat kesehatan' }),
      ...indikator.map((id) =>
        put('indikator', id, { sasaranId, pkId, opdId, uraian: 'Cakupan', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 95 }),
      ),
    );
  });
  afterAll(async () => {
    await dbu?.tutup();
  });

  const baca = async (tbl: string, id: string) => {
    const [r] = await dbu.db.query<{ rev: unknown; data: Record<string, unknown>; field_revs: Record<string, { rev: number }> }>(
      'SELECT rev, data, field_revs FROM records WHERE tbl = $1 AND id = $2',
      [tbl, id],
    );
    return { rev: Number(r!.rev), data: r!.data, fieldRevs: r!.field_revs };
  };

  it('records, field revs, the konflik and the answers kept for retries carry the revs the push answered with', async () => {
    const r1 = idAlami.realisasi(indikator[0], 'TW1');
    const r2 = idAlami.realisasi(indikator[1], 'TW1');
    const isi = (indikatorId: string, periode: 'TW1' | 'TW2', nilai: number) => ({ indikatorId, opdId, tahun: 2027, periode, nilai });
    const s = new Klien(app, token);
    const [dibuat] = await s.pushOk(put('realisasi', r1, isi(indikator[0], 'TW1', 10)));
    const r0 = (dibuat as { rev: number }).rev;
    // Another tablet changes catatan after r0: the tablet below, still at r0, conflicts on it.
    const [olehC] = await new Klien(app, token).pushOk(put('realisasi', r1, { catatan: 'dari C' }, r0));
    const rc = (olehC as { rev: number }).rev;

    const a = new Klien(app, token);
    const body = a.batch([
      put('realisasi', r1, { nilai: 20 }, r0), // merged: catatan changed by someone else
      put('realisasi', r1, { catatan: 'dari A' }, r0), // conflict on catatan: a konflik record
      put('realisasi', r2, isi(indikator[1], 'TW1', 5)), // a new record …
      put('realisasi', r2, { nilai: 6 }), // … written again in the same batch
      put('realisasi', randomUUID(), isi(indikator[2], 'TW1', 1)), // rejected: not its natural key
    ]);
    const revAwalA = await revServer(dbu.db);
    let lainDiSela = 0;
    if (jenis === 'postgres') {
      // Another client's push commits between this push's start and its last statement.
      sela.fn = async () => {
        const b = new Klien(appLain, token);
        const hasil = await b.pushOk(
          put('realisasi', idAlami.realisasi(indikator[2], 'TW1'), isi(indikator[2], 'TW1', 7)),
          put('realisasi', idAlami.realisasi(indikator[2], 'TW2'), isi(indikator[2], 'TW2', 8)),
        );
        lainDiSela = hasil.length;
      };
    }
    const jawab = await a.kirim(body);
    sela.fn = null;
    expect(jawab.status, JSON.stringify(jawab.json)).toBe(200);
    const { results, revAwal, rev } = jawab.json as { results: { status: string; rev?: number; konflikIds?: string[] }[]; revAwal: number; rev: number };
    expect(revAwal).toBe(revAwalA + lainDiSela);
    if (jenis === 'postgres') expect(lainDiSela).toBe(2);
    expect(rev).toBe(revAwal + 4);
    expect(results.map((r) => r.status)).toEqual(['merged', 'conflict', 'applied', 'applied', 'rejected']);
    expect(results.map((r) => r.rev)).toEqual([revAwal + 1, revAwal + 1, revAwal + 3, revAwal + 4, undefined]);

    const rec1 = await baca('realisasi', r1);
    expect([rec1.rev, rec1.data.rev, rec1.data.nilai, rec1.data.catatan]).toEqual([revAwal + 1, revAwal + 1, 20, 'dari C']);
    expect(rec1.fieldRevs.nilai!.rev).toBe(revAwal + 1);
    expect(rec1.fieldRevs.catatan!.rev).toBe(rc);
    expect(rec1.fieldRevs.indikatorId!.rev).toBe(r0);
    const konflik = await baca('konflik', results[1]!.konflikIds![0]!);
    expect([konflik.rev, konflik.data.rev, konflik.data.nilaiMasuk]).toEqual([revAwal + 2, revAwal + 2, 'dari A']);
    const rec2 = await baca('realisasi', r2);
    expect([rec2.rev, rec2.data.rev, rec2.data.nilai]).toEqual([revAwal + 4, revAwal + 4, 6]);
    expect(rec2.fieldRevs.nilai!.rev).toBe(revAwal + 4);
    expect(rec2.fieldRevs.indikatorId!.rev).toBe(revAwal + 3);

    // A retry is answered from the stored answers: the same revs.
    const ulang = await a.kirim(body);
    expect(ulang.status).toBe(200);
    expect(ulang.json.results).toEqual(results);
  });
});
