/**
 * Review of `Penerapan.muatInduk` (issue 17 §3/§4: an operator's batch reads its parents in one
 * statement, shared): a record that a konflik of the same batch resolves with `masuk` is locked
 * exclusively when that mutation comes. Had `muatInduk` taken it shared first (for a realisasi
 * under it later in the batch), two operators doing so at once would each hold it shared and wait
 * to upgrade: a deadlock PostgreSQL breaks (40P01) and the push retries. It is left to `#ambil`, so
 * none happens (PostgreSQL only: PGlite has one connection).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.ts';
import { siapkan } from '../../src/server/setup.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import type { Db, Kueri } from '../../src/server/db.ts';
import { buatOpd, buatPengguna, DATABASE_URL, dbBaru, Klien, masuk, PASSWORD_ADMIN, put, revHasil, type App, type DbUji } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
/** A push transaction's first statement names its client: the push to hold is found by it. */
const SQL_KLIEN = /INSERT INTO clients \(client_id, user_id, last_seq\) VALUES \('([0-9a-f-]{36})'::uuid/;
describe.skipIf(!DATABASE_URL)('a konflik resolved in a batch that edits under its record (PostgreSQL)', () => {
  let dbu: DbUji;
  let app: App;
  let token: string;
  const tx: string[] = [];
  const tahanan = new Map<string, { pola: RegExp; ditahan: boolean; gerbang: Promise<void> }>();
  beforeAll(async () => {
    dbu = await dbBaru('postgres', { max: 8 });
    await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN });
    const db = dbu.db;
    const bungkus: Db = {
      ...db,
      kind: db.kind,
      query: db.query.bind(db),
      close: db.close.bind(db),
      transaction: async <T>(fn: (tx: Kueri) => Promise<T>) => {
        try {
          return await db.transaction((t) => {
            let klien: string | null = null;
            return fn({
              query: async (sql: string, params?: unknown[]) => {
                const m = klien === null ? SQL_KLIEN.exec(sql) : null;
                if (m) klien = m[1]!;
                const h = klien ? tahanan.get(klien) : undefined;
                if (h && !h.ditahan && h.pola.test(sql)) {
                  h.ditahan = true;
                  await h.gerbang;
                }
                return t.query(sql, params);
              },
            });
          });
        } catch (e: unknown) {
          tx.push(String((e as { code?: unknown })?.code ?? (e as Error)?.message));
          throw e;
        }
      },
    } as Db;
    app = createApp({ db: bungkus, migrasi: dbu.versi });
    token = (await masuk(app, 'admin', PASSWORD_ADMIN)).token;
  });
  afterAll(async () => dbu?.tutup());
  it('two operators resolving konflik on one indikator, each with a realisasi under it in the same batch: no deadlock', async () => {
    const opd = await buatOpd(app, token);
    const admin = new Klien(app, token);
    const pk = randomUUID();
    const sas = randomUUID();
    const I = randomUUID();
    const [, , ri] = await admin.pushOk(
      put('pk', pk, { opdId: opd, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('sasaran', sas, { pkId: pk, opdId: opd, uraian: 's' }),
      put('indikator', I, { sasaranId: sas, pkId: pk, opdId: opd, uraian: 'x', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 1 }),
    );
    const r0 = revHasil(ri);
    // Two realisasi under I; the admin then edits I, so each operator tablet's later edit of I makes a konflik.
    const rr = await admin.pushOk(
      ...(['TW1', 'TW2'] as const).map((p) => put('realisasi', idAlami.realisasi(I, p), { indikatorId: I, opdId: opd, tahun: 2027, periode: p, nilai: 1 })),
    );
    await admin.pushOk(put('indikator', I, { uraian: 'admin', targetTahunan: 5 }, r0));
    await buatPengguna(app, token, { username: 'opk', role: 'operator', opdId: opd });
    const opTok = (await masuk(app, 'opk')).token;
    const A = new Klien(app, opTok);
    const B = new Klien(app, opTok);
    const [ka] = await A.pushOk(put('indikator', I, { uraian: 'tabletA' }, r0));
    const [kb] = await B.pushOk(put('indikator', I, { targetTahunan: 9 }, r0));
    const KA = ka?.status === 'conflict' ? ka.konflikIds[0] : undefined;
    const KB = kb?.status === 'conflict' ? kb.konflikIds[0] : undefined;
    if (!KA || !KB) throw new Error(`no konflik: ${JSON.stringify([ka, kb])}`);
    // Tablet A is held just before it takes I exclusively (its konflik resolved `masuk`); tablet B
    // sends the same kind of batch meanwhile; then A goes on.
    let lepas!: () => void;
    const h = { pola: /SELECT pg_advisory_xact_lock\(/, ditahan: false, gerbang: new Promise<void>((ok) => (lepas = ok)) };
    tahanan.set(A.clientId, h);
    const pa = A.push(
      put('konflik', KA, { status: 'selesai', penyelesaian: 'masuk' }),
      put('realisasi', idAlami.realisasi(I, 'TW1'), { nilai: 3 }, revHasil(rr[0])),
    );
    const t0 = Date.now();
    while (!h.ditahan) {
      if (Date.now() - t0 > 10000) throw new Error('A tidak ditahan');
      await new Promise((r) => setTimeout(r, 5));
    }
    const pb = B.push(
      put('konflik', KB, { status: 'selesai', penyelesaian: 'masuk' }),
      put('realisasi', idAlami.realisasi(I, 'TW2'), { nilai: 3 }, revHasil(rr[1])),
    );
    await new Promise((r) => setTimeout(r, 300));
    lepas();
    const [ha, hb] = await Promise.all([pa, pb]);
    expect([ha.results.map((r) => r.status), hb.results.map((r) => r.status)]).toEqual([
      ['applied', 'applied'],
      ['applied', 'applied'],
    ]);
    // The first muatInduk (I read shared for the realisasi first): one push rolled back by PostgreSQL's deadlock detector (40P01), then retried.
    expect(tx).toEqual([]);
  }, 30000);
});
