/**
 * Attempts to break the push without the counter lock at its start (src/server/sync.store.ts
 * header; docs/sync-protocol.md "Cursor and locks"), on real PostgreSQL: races the existing
 * tests (kunci-baris, konkurensi, kunci-singkat) do not cover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { createApp } from '../../src/server/app.ts';
import { siapkan } from '../../src/server/setup.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import { ambilRecord, DATABASE_URL, dbBaru, Klien, masuk, minta, PASSWORD_ADMIN, put, hapus, tarikSemua, type App, type DbUji } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
const TABLET = 8;

interface Dunia {
  dbu: DbUji;
  app: App;
  token: string;
  opdId: string;
  pkId: string;
  sasaranId: string;
  indikator: () => Promise<string>;
}

async function buatDunia(): Promise<Dunia> {
  const dbu = await dbBaru('postgres', { max: 16 });
  await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN });
  const app = createApp({ db: dbu.db, migrasi: dbu.versi });
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

const revDari = (r: MutationResult | undefined): number => (r && 'rev' in r ? r.rev : NaN);

describe.skipIf(!DATABASE_URL)('serang: push races (postgres)', () => {
  let d: Dunia;
  beforeAll(async () => {
    d = await buatDunia();
  });
  afterAll(async () => {
    await d?.dbu.tutup();
  });

  it('a period locked for the first time (no kunciPeriode row yet) while 8 tablets push: no applied realisasi of that quarter has a rev after the lock', async () => {
    let sesudah: { rev: number; status: string }[] = [];
    let revKunci = 0;
    // Each round uses a quarter never locked before (the phantom: nothing to lock FOR SHARE).
    for (let tw = 1; tw <= 4 && !sesudah.length; tw++) {
      const kunciId = idAlami.kunciPeriode(2027, tw);
      const periode = `TW${tw}`;
      const admin = new Klien(d.app, d.token);
      const ind = await Promise.all(Array.from({ length: TABLET }, () => d.indikator()));
      const dijawab: { rev: number; status: string }[] = [];
      await Promise.all([
        ...ind.map(async (indikatorId) => {
          const k = new Klien(d.app, d.token);
          for (let i = 0; i < 15; i++) {
            const h = await k.push(
              put('realisasi', idAlami.realisasi(indikatorId, periode as 'TW1'), { indikatorId, opdId: d.opdId, tahun: 2027, periode, nilai: i }),
            );
            expect(h.status).toBe(200);
            const r = h.results[0]!;
            dijawab.push({ rev: revDari(r), status: r.status === 'rejected' ? r.kode : r.status });
          }
        }),
        (async () => {
          await new Promise((r) => setTimeout(r, 30));
          const [r] = await admin.pushOk(put('kunciPeriode', kunciId, { tahun: 2027, triwulan: tw, terkunci: true, oleh: 'admin' }));
          revKunci = revDari(r);
        })(),
      ]);
      expect(revKunci).toBeGreaterThan(0);
      sesudah = dijawab.filter((x) => x.status === 'applied' && x.rev > revKunci);
    }
    expect(sesudah).toEqual([]);
  });

  it('an edit whose key is an upper-case UUID of a stored record is merged, not answered 503 sibuk forever', async () => {
    const id = randomUUID();
    const k = new Klien(d.app, d.token);
    const isi = { sasaranId: d.sasaranId, pkId: d.pkId, opdId: d.opdId, uraian: 'A', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 1 };
    const [a] = await k.pushOk(put('indikator', id.toUpperCase(), isi));
    expect(a?.status).toBe('applied');
    // The whole record again, one field changed (an edit from the tablet that created it).
    const h = await k.push(put('indikator', id.toUpperCase(), { ...isi, uraian: 'B' }, revDari(a)));
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    expect(h.results[0]?.status, JSON.stringify(h.results)).toBe('applied');
    expect((await ambilRecord(d.app, d.token, 'indikator', id))?.uraian).toBe('B');
  });
});
