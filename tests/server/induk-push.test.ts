/**
 * Writers of a parent record are queued fairly (src/server/sync.store.ts header; docs/sync-protocol.md
 * "Cursor and locks"), on real PostgreSQL (PGlite's single connection never overlaps two pushes).
 *
 * A push reading a PK as a parent (is it signed?) used to lock its row FOR SHARE, the push signing
 * it FOR UPDATE; PostgreSQL lets a new FOR SHARE locker pass a waiting FOR UPDATE, so tablets pushing
 * back to back held the signature off for as long as they kept pushing. And a PK created already
 * signed had no row to lock, so an indikator push that had read "no such PK" could still be applied
 * after it. Both now go through the record's advisory lock, which queues fairly.
 *
 * Deterministic: a push is held at a chosen statement (`pantau`), and the tests wait until
 * PostgreSQL shows another push waiting on a lock (pg_stat_activity) or answered, not on timing.
 * The first two fail on the code before the advisory locks (checked by running them on it); the
 * third passes there too (the PK's push, held, had not taken its revs) and guards the read again
 * after a lock wait (`Penerapan.#ambil`): it fails when that read is taken out.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db, Kueri } from '../../src/server/db.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import { AMBIL_PENGHITUNG } from '../bantu/penghitung.ts';
import { DATABASE_URL, Klien, put, type HasilPush } from './bantu.ts';
import { buatDunia, PEJABAT, type Dunia } from './dunia-push.ts';

const TABLET = 8;
const revDari = (r: MutationResult | undefined): number => (r && 'rev' in r ? r.rev : NaN);
const statusDari = (r: MutationResult): string => (r.status === 'rejected' ? r.kode : r.status);
/** A push's first statement names its client (src/server/sync.store.ts `#pushSekali`). */
const SQL_KLIEN = /INSERT INTO clients \(client_id, user_id, last_seq\) VALUES \('([0-9a-f-]{36})'::uuid/;

/**
 * Watches the pushes of a db: the backend (pid) of each client's newest push transaction, and
 * `tahan(clientId, pola)` holds that client's next statement matching `pola` until `lepas()`.
 */
function pantau() {
  const pid = new Map<string, number>();
  const tahanan = new Map<string, { pola: RegExp; ditahan: boolean; lepas: () => void; gerbang: Promise<void> }>();
  const bungkus = (db: Db): Db => ({
    ...db,
    kind: db.kind,
    query: db.query.bind(db),
    close: db.close.bind(db),
    transaction: <T>(fn: (tx: Kueri) => Promise<T>) =>
      db.transaction((tx) => {
        let klien: string | null = null;
        return fn({
          query: async <R extends Record<string, unknown>>(sql: string, params?: unknown[]) => {
            const m = klien === null ? SQL_KLIEN.exec(sql) : null;
            if (m) {
              klien = m[1]!;
              pid.delete(klien); // not the backend of this client's previous push
              const [r] = await tx.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
              pid.set(klien, Number(r!.pid));
            }
            const t = klien === null ? undefined : tahanan.get(klien);
            if (t && !t.ditahan && t.pola.test(sql)) {
              t.ditahan = true;
              await t.gerbang;
            }
            return tx.query<R>(sql, params);
          },
        });
      }),
  });
  const tahan = (clientId: string, pola: RegExp) => {
    let lepas!: () => void;
    const gerbang = new Promise<void>((ok) => (lepas = ok));
    const t = { pola, ditahan: false, lepas, gerbang };
    tahanan.set(clientId, t);
    return t;
  };
  return { pid, tahan, bungkus };
}

/** Waits until `syarat` holds (polled), failing the test after `ms`. */
async function tunggu(syarat: () => boolean | Promise<boolean>, apa: string, ms = 20_000): Promise<void> {
  const akhir = Date.now() + ms;
  while (!(await syarat())) {
    if (Date.now() > akhir) throw new Error(`tidak terjadi: ${apa}`);
    await new Promise((ok) => setTimeout(ok, 5));
  }
}

describe.skipIf(!DATABASE_URL)('writers of a parent record are queued fairly (postgres)', () => {
  let d: Dunia;
  const p = pantau();
  /** Is the backend of this client's newest push waiting on a lock (row or advisory)? */
  const menungguKunci = async (clientId: string): Promise<boolean> => {
    const pid = p.pid.get(clientId);
    if (pid === undefined) return false;
    const [r] = await d.dbu.db.query<{ w: string | null }>('SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1', [pid]);
    return r?.w === 'Lock';
  };
  beforeAll(async () => {
    d = await buatDunia(undefined, p.bungkus);
  });
  afterAll(async () => {
    await d?.dbu.tutup();
  });

  const pkBaru = (tahun: number, tambahan: Record<string, unknown> = {}) => ({
    opdId: d.opdId,
    tahun,
    versi: 1,
    tanggal: `${tahun}-01-05`,
    tanggalMulai: `${tahun}-01-01`,
    pihakPertama: PEJABAT,
    pihakKedua: PEJABAT,
    ...tambahan,
  });
  const isiIndikator = (pkId: string, sasaranId: string) => ({
    sasaranId,
    pkId,
    opdId: d.opdId,
    uraian: 'x',
    satuan: '%',
    polaritas: 'naik',
    agregasi: 'akhir',
    targetTahunan: 1,
  });

  it('tablets pushing indikator edits back to back do not hold off the PK signature: it is answered before their next pushes, which are refused beku', async () => {
    const pkId = randomUUID();
    const sasaranId = randomUUID();
    const admin = new Klien(d.app, d.token);
    const [pk] = await admin.pushOk(put('pk', pkId, pkBaru(2030)), put('sasaran', sasaranId, { pkId, opdId: d.opdId, uraian: 'Sasaran' }));
    const isi = isiIndikator(pkId, sasaranId);
    const tablet = await Promise.all(
      Array.from({ length: TABLET }, async () => {
        const id = randomUUID();
        const [r] = await new Klien(d.app, d.token).pushOk(put('indikator', id, isi));
        return { k: new Klien(d.app, d.token), id, base: revDari(r) };
      }),
    );
    /** Every answer in arrival order. */
    const urutan: { siapa: string; results: MutationResult[] }[] = [];
    const catat = (siapa: string, h: HasilPush) => {
      expect(h.status, JSON.stringify(h.json)).toBe(200);
      urutan.push({ siapa, results: h.results });
    };
    const dorong = async (t: (typeof tablet)[number], siapa: string, i: number) => {
      const h = await t.k.push(put('indikator', t.id, { uraian: `u${i}` }, t.base), put('indikator', randomUUID(), isi));
      catat(siapa, h);
      if (h.results[0]?.status === 'applied') t.base = revDari(h.results[0]);
    };

    // The first tablet reads the PK (FOR SHARE) and is held before its last statement.
    const [t0, ...lain] = tablet;
    const tahanan = p.tahan(t0!.k.clientId, AMBIL_PENGHITUNG);
    const dorongPertama = dorong(t0!, 't0', 0);
    await tunggu(() => tahanan.ditahan, 'tablet pertama ditahan');
    // The signature waits for it.
    let ditandatangani = false;
    const teken = admin.push(put('pk', pkId, { status: 'ditandatangani', ditandatanganiPada: '2030-01-05T03:00:00.000Z' }, revDari(pk))).then((h) => {
      catat('teken', h);
      ditandatangani = true;
      return h;
    });
    await tunggu(() => menungguKunci(admin.clientId), 'tanda tangan menunggu kunci');
    // The other tablets push back to back, without pause, until three pushes after the signature's
    // answer (at most 40 each: on the old code they never wait for it).
    let selesai = 0;
    const jalan = lain.map(async (t, n) => {
      let sesudah = 0;
      for (let i = 1; i <= 40 && sesudah < 3; i++) {
        const sudah = ditandatangani;
        await dorong(t, `t${n + 1}`, i);
        selesai++;
        if (sudah) sesudah++;
      }
    });
    // Released once every other tablet waits on a lock too, or once one of them got an answer
    // (then they passed the waiting signature: the old code).
    await tunggu(
      async () => selesai > 0 || (await Promise.all(lain.map((t) => menungguKunci(t.k.clientId)))).every(Boolean),
      'tablet lain menunggu atau dijawab',
    );
    tahanan.lepas();
    await Promise.all([dorongPertama, teken, ...jalan]);

    const teken1 = urutan.find((x) => x.siapa === 'teken')!.results[0]!;
    expect(teken1.status).toBe('applied');
    const revTeken = revDari(teken1);
    // The held tablet's push came before the signature (applied, lower revs).
    expect(urutan.find((x) => x.siapa === 't0')!.results.map((r) => [r.status, revDari(r) < revTeken])).toEqual([
      ['applied', true],
      ['applied', true],
    ]);
    // Every push of the other tablets came after it: refused, none applied (their first ones waited
    // for it), and each stopped three pushes after its answer, well before 40.
    const lainnya = urutan.filter((x) => x.siapa !== 't0' && x.siapa !== 'teken');
    expect(new Set(lainnya.flatMap((x) => x.results.map(statusDari)))).toEqual(new Set(['beku']));
    for (let n = 1; n < TABLET; n++) expect(lainnya.filter((x) => x.siapa === `t${n}`).length).toBeLessThan(10);
  });

  it('a PK created already signed while an indikator push that read it (absent) waits to commit: the indikator is applied before it, or refused beku', async () => {
    const masalah: string[] = [];
    // The indikator push creates an indikator naming the PK, or edits one stored with that PK's id.
    for (const cara of ['buat', 'ubah'] as const) {
      const pkId = randomUUID();
      const sasaranId = randomUUID();
      const admin = new Klien(d.app, d.token);
      const isi = isiIndikator(pkId, sasaranId);
      const indikatorId = randomUUID();
      let base = 0;
      if (cara === 'ubah') base = revDari((await admin.pushOk(put('indikator', indikatorId, isi)))[0]);
      const k = new Klien(d.app, d.token);
      const tahanan = p.tahan(k.clientId, AMBIL_PENGHITUNG);
      const dorong = k.push(cara === 'buat' ? put('indikator', indikatorId, isi) : put('indikator', indikatorId, { uraian: 'sesudah' }, base));
      await tunggu(() => tahanan.ditahan, 'push indikator ditahan');
      let dijawab = false;
      const penanda = new Klien(d.app, d.token);
      const teken = penanda
        .push(put('pk', pkId, pkBaru(2031, { status: 'ditandatangani', ditandatanganiPada: '2031-01-05T03:00:00.000Z' })))
        .then((h) => ((dijawab = true), h));
      await tunggu(async () => dijawab || (await menungguKunci(penanda.clientId)), 'PK baru menunggu atau dijawab');
      tahanan.lepas();
      const [hi, hp] = await Promise.all([dorong, teken]);
      const i = hi.results[0]!;
      const r = hp.results[0]!;
      if (r.status !== 'applied') masalah.push(`${cara}: PK ${JSON.stringify(r)}`);
      else if (i.status === 'applied' ? !(revDari(i) < revDari(r)) : statusDari(i) !== 'beku')
        masalah.push(`${cara}: indikator ${JSON.stringify(i)} sesudah PK rev ${revDari(r)}`);
    }
    expect(masalah).toEqual([]);
  });

  it('an indikator push while the push creating its PK already signed waits to commit: refused beku, never applied after it', async () => {
    const masalah: string[] = [];
    for (const cara of ['buat', 'ubah'] as const) {
      const pkId = randomUUID();
      const sasaranId = randomUUID();
      const admin = new Klien(d.app, d.token);
      const isi = isiIndikator(pkId, sasaranId);
      const indikatorId = randomUUID();
      let base = 0;
      if (cara === 'ubah') base = revDari((await admin.pushOk(put('indikator', indikatorId, isi)))[0]);
      const penanda = new Klien(d.app, d.token);
      const tahanan = p.tahan(penanda.clientId, AMBIL_PENGHITUNG);
      const teken = penanda.push(put('pk', pkId, pkBaru(2032, { status: 'ditandatangani', ditandatanganiPada: '2032-01-05T03:00:00.000Z' })));
      await tunggu(() => tahanan.ditahan, 'PK baru ditahan');
      const k = new Klien(d.app, d.token);
      let dijawab = false;
      const dorong = k
        .push(cara === 'buat' ? put('indikator', indikatorId, isi) : put('indikator', indikatorId, { uraian: 'sesudah' }, base))
        .then((h) => ((dijawab = true), h));
      await tunggu(async () => dijawab || (await menungguKunci(k.clientId)), 'push indikator menunggu atau dijawab');
      tahanan.lepas();
      const [hp, hi] = await Promise.all([teken, dorong]);
      const i = hi.results[0]!;
      const r = hp.results[0]!;
      if (r.status !== 'applied') masalah.push(`${cara}: PK ${JSON.stringify(r)}`);
      else if (i.status === 'applied' ? !(revDari(i) < revDari(r)) : statusDari(i) !== 'beku')
        masalah.push(`${cara}: indikator ${JSON.stringify(i)} sesudah PK rev ${revDari(r)}`);
    }
    expect(masalah).toEqual([]);
  });
});
