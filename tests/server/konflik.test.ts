/**
 * Field-level conflicts decided by revs (docs/sync-protocol.md "POST /sync/push"): same field from the same baseRev → conflict
 * kept as a synced `konflik` record, the server value stays; different fields → merged; edit after
 * delete → conflict on `_deleted`; a client re-editing its own field is not a conflict.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { idAlami, konflikSchema, recordSchemas } from '../../src/domain/schemas.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import {
  alasanIdAlami,
  ambilRecord,
  evaluasiPejabatUji,
  buatOpd,
  buatPengguna,
  gzip,
  hapus,
  idUntuk,
  JENIS,
  Klien,
  masuk,
  minta,
  PASSWORD_ADMIN,
  put,
  putBaru,
  revServer,
  serverBaru,
  tarikSemua,
  type Server,
  type Sesi,
  type TabelAlami,
  keyRakor,
} from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const RAKOR = { tanggal: '2026-10-20', tempat: 'Aula Bappeda', nomor: '005/1/2026', pimpinan: PEJABAT };

const konflikIds = (r: MutationResult | undefined): string[] => (r?.status === 'conflict' ? r.konflikIds : []);
const alasan = (r: MutationResult | undefined): string => (r?.status === 'rejected' ? r.reason : `(${r?.status})`);

/**
 * Per natural-key table: the natural key plus required fields both tablets fill in alike, a field
 * they fill in differently (`bentrok`: tablet A's value, tablet B's value) and a field only B fills in.
 */
interface RecordAlami {
  table: TabelAlami;
  dasar: (u: { opdId: string; indukId: string }) => Record<string, unknown>;
  bentrok: [string, unknown, unknown];
  hanyaB: [string, unknown];
}
const ALAMI: RecordAlami[] = [
  {
    table: 'realisasi',
    dasar: (u) => ({ indikatorId: u.indukId, opdId: u.opdId, tahun: 2027, periode: 'TW2' }),
    bentrok: ['nilai', 50, 60],
    hanyaB: ['catatan', 'dari B'],
  },
  {
    table: 'realisasiAnggaran',
    dasar: (u) => ({ programId: u.indukId, opdId: u.opdId, tahun: 2027, triwulan: 2, fisik: 10 }),
    bentrok: ['keuangan', 1000, 2000],
    hanyaB: ['catatan', 'dari B'],
  },
  {
    table: 'laporan',
    dasar: (u) => ({ opdId: u.opdId, tahun: 2027, triwulan: 2 }),
    bentrok: ['faktorPendorong', 'dari A', 'dari B'],
    hanyaB: ['faktorPenghambat', 'dari B'],
  },
  { table: 'kunciPeriode', dasar: () => ({ tahun: 2032, triwulan: 1 }), bentrok: ['terkunci', true, false], hanyaB: ['oleh', 'dari B'] },
  {
    table: 'evaluasiPejabat',
    dasar: (u) => ({ ...evaluasiPejabatUji(u.opdId), pejabatId: u.indukId, tahun: 2027 }),
    bentrok: ['hasil', 'memenuhi', 'data-belum-lengkap'],
    hanyaB: ['catatan', 'dari B'],
  },
  {
    table: 'evaluasiPj',
    dasar: (u) => ({ pejabatId: u.indukId, ke: 1, mulai: '2027-01-01', selesai: '2027-03-31', batasLaporan: '2027-04-10' }),
    bentrok: ['ringkasan', 'dari A', 'dari B'],
    hanyaB: ['suratDasar', 'dari B'],
  },
  // Issue 9 point 5: two tablets creating the same quarter's rakor offline meet on one record.
  {
    table: 'rakor',
    dasar: () => ({ tahun: 2033, triwulan: 2, tanggal: '2033-07-20', pimpinan: PEJABAT }),
    bentrok: ['tempat', 'Aula A', 'Aula B'],
    hanyaB: ['nomor', '005/B/2033'],
  },
  // One addressee's follow-up of an arahan, entered on two tablets of that OPD.
  {
    table: 'tindakLanjutArahan',
    dasar: (u) => ({ arahanId: u.indukId, opdId: u.opdId }),
    bentrok: ['uraian', 'dari A', 'dari B'],
    hanyaB: ['status', 'selesai'],
  },
];
/** The natural-key fields of each table (the records of a table with equal values here are one record). */
const FIELD_ID_ALAMI: Record<TabelAlami, string[]> = {
  realisasi: ['indikatorId', 'periode'],
  realisasiAnggaran: ['programId', 'triwulan'],
  laporan: ['opdId', 'tahun', 'triwulan'],
  kunciPeriode: ['tahun', 'triwulan'],
  evaluasiPejabat: ['pejabatId', 'tahun'],
  evaluasiPj: ['pejabatId', 'ke'],
  rakor: ['tahun', 'triwulan'],
  tindakLanjutArahan: ['arahanId', 'opdId'],
};
const revDari = (r: MutationResult | undefined): number => (r && 'rev' in r ? r.rev : -1);

describe.each(JENIS)('conflicts (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let pimpinan: Sesi;
  /** Tablet A (pimpinan) and tablet B (admin): different users, different clientIds. */
  let a: Klien;
  let b: Klien;
  let key: string;
  let rev0: number;

  beforeAll(async () => {
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    await buatPengguna(s.app, admin.token, { username: 'pimpinan', role: 'pimpinan' });
    pimpinan = await masuk(s.app, 'pimpinan');
    a = new Klien(s.app, pimpinan.token);
    b = new Klien(s.app, admin.token);
  });
  afterAll(async () => {
    await s?.tutup();
  });
  /** A fresh rakor both tablets have seen at rev0. */
  beforeEach(async () => {
    key = keyRakor();
    const [r] = await b.pushOk(put('rakor', key, RAKOR));
    rev0 = revDari(r);
    expect(rev0).toBeGreaterThan(0);
  });

  it('same field from the same baseRev: the second gets conflict with konflikIds, the server value stays, both pull the konflik', async () => {
    const [ra] = await a.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0));
    expect(ra?.status).toBe('applied');
    const sebelum = await ambilRecord(s.app, admin.token, 'rakor', key);
    const revSebelum = await revServer(s.db);
    const [rb] = await b.pushOk({ ...put('rakor', key, { tempat: 'Ruang Rapat Utama' }, rev0), at: '2026-11-20T08:00:00+07:00' });
    expect(rb?.status).toBe('conflict');
    const ids = konflikIds(rb);
    expect(ids).toHaveLength(1);
    expect(revDari(rb)).toBe(sebelum!.rev); // nothing applied: the record's rev is unchanged
    expect(await ambilRecord(s.app, admin.token, 'rakor', key)).toEqual(sebelum);
    expect(await revServer(s.db)).toBe(revSebelum + 1); // one rev: the konflik record

    for (const t of [pimpinan.token, admin.token]) {
      const ch = (await tarikSemua(s.app, t, revSebelum)).filter((c) => c.table === 'konflik');
      expect(ch.map((c) => c.key)).toEqual(ids);
      const k = konflikSchema.parse(ch[0]!.record);
      expect(k).toMatchObject({
        id: ids[0],
        tabel: 'rakor',
        recordId: key,
        field: 'tempat',
        nilaiServer: 'Pendopo',
        nilaiMasuk: 'Ruang Rapat Utama',
        olehServer: 'pimpinan',
        olehMasuk: 'admin',
        padaMasuk: '2026-11-20T08:00:00+07:00',
        status: 'terbuka',
        penyelesaian: null,
        deleted: false,
      });
      // Named by the pushing client and its seq (the push's revs are given only at its end).
      expect(k.id).toBe(idAlami.konflik('rakor', key, 'tempat', `${b.clientId}:${b.seq}`));
    }
  });

  it('a konflik is resolved by a put on it; taking the incoming value is an ordinary put of the field', async () => {
    await a.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0));
    const [rb] = await b.pushOk(put('rakor', key, { tempat: 'Aula Baru' }, rev0));
    const id = konflikIds(rb)[0]!;
    const rec = await ambilRecord(s.app, admin.token, 'rakor', key);
    const kf = await ambilRecord(s.app, admin.token, 'konflik', id);
    const hasil = await b.pushOk(
      put('rakor', key, { tempat: 'Aula Baru' }, rec!.rev),
      put('konflik', id, { status: 'selesai', penyelesaian: 'masuk', diselesaikanOleh: 'admin' }, kf!.rev),
    );
    expect(hasil.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await ambilRecord(s.app, pimpinan.token, 'rakor', key))!.tempat).toBe('Aula Baru');
    expect(await ambilRecord(s.app, pimpinan.token, 'konflik', id)).toMatchObject({ status: 'selesai', penyelesaian: 'masuk' });
  });

  it('different fields from the same baseRev: merged, both values kept', async () => {
    const [ra] = await a.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0));
    expect(ra?.status).toBe('applied');
    const [rb] = await b.pushOk(put('rakor', key, { nomor: '005/99/2026' }, rev0));
    expect(rb?.status).toBe('merged');
    expect(revDari(rb)).toBeGreaterThan(revDari(ra));
    const rec = await ambilRecord(s.app, pimpinan.token, 'rakor', key);
    expect(rec).toMatchObject({ tempat: 'Pendopo', nomor: '005/99/2026', rev: revDari(rb), updatedBy: 'admin' });
    const konflik = (await tarikSemua(s.app, admin.token, rev0)).filter((c) => c.table === 'konflik' && c.record?.recordId === key);
    expect(konflik).toEqual([]);
  });

  it('a mutation with one clashing and one free field: the free one applies, the clash becomes a konflik', async () => {
    await a.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0));
    const [rb] = await b.pushOk(put('rakor', key, { tempat: 'Aula X', nomor: '005/7/2026' }, rev0));
    expect(rb?.status).toBe('conflict');
    expect(konflikIds(rb)).toHaveLength(1);
    const rec = await ambilRecord(s.app, admin.token, 'rakor', key);
    expect(rec).toMatchObject({ tempat: 'Pendopo', nomor: '005/7/2026' });
    expect(revDari(rb)).toBe(rec!.rev);
    expect(await ambilRecord(s.app, admin.token, 'konflik', konflikIds(rb)[0]!)).toMatchObject({ field: 'tempat', nilaiMasuk: 'Aula X' });
  });

  it('two clashing fields in one mutation: one konflik per field', async () => {
    await a.pushOk(put('rakor', key, { tempat: 'Pendopo', nomor: '005/A/2026' }, rev0));
    const [rb] = await b.pushOk(put('rakor', key, { tempat: 'Aula', nomor: '005/B/2026' }, rev0));
    expect(rb?.status).toBe('conflict');
    const ids = konflikIds(rb);
    expect(ids).toHaveLength(2);
    const fields = await Promise.all(ids.map(async (id) => (await ambilRecord(s.app, admin.token, 'konflik', id))!.field));
    expect(fields.sort()).toEqual(['nomor', 'tempat']);
  });

  it('edit after delete: conflict on field _deleted, the tombstone stays', async () => {
    const [d] = await a.pushOk(hapus('rakor', key, rev0));
    expect(d?.status).toBe('applied');
    const nisan = await ambilRecord(s.app, admin.token, 'rakor', key);
    expect(nisan!.deleted).toBe(true);
    const [rb] = await b.pushOk(put('rakor', key, { tempat: 'Masih dipakai' }, rev0));
    expect(rb?.status).toBe('conflict');
    const id = konflikIds(rb)[0]!;
    expect(await ambilRecord(s.app, admin.token, 'rakor', key)).toEqual(nisan);
    const k = await ambilRecord(s.app, pimpinan.token, 'konflik', id);
    expect(k).toMatchObject({
      tabel: 'rakor',
      recordId: key,
      field: '_deleted',
      nilaiServer: true,
      nilaiMasuk: { tempat: 'Masih dipakai' },
      olehServer: 'pimpinan',
      olehMasuk: 'admin',
    });
    const ch = await tarikSemua(s.app, pimpinan.token, revDari(d) - 1);
    expect(ch.find((c) => c.key === key)).toMatchObject({ deleted: true, rev: revDari(d) });
    expect(ch.find((c) => c.key === id)).toMatchObject({ table: 'konflik', deleted: false });
  });

  it('the same client re-editing its own field (without pulling in between) is not a conflict', async () => {
    const [r1] = await a.pushOk(put('rakor', key, { tempat: 'Satu' }, rev0));
    const [r2] = await a.pushOk(put('rakor', key, { tempat: 'Dua' }, rev0));
    const [r3] = await a.pushOk(put('rakor', key, { tempat: 'Tiga' }, rev0));
    expect([r1, r2, r3].map((r) => r?.status)).toEqual(['applied', 'applied', 'applied']);
    expect((await ambilRecord(s.app, admin.token, 'rakor', key))!.tempat).toBe('Tiga');
  });

  it('an edit from a baseRev that already includes the other change is not a conflict', async () => {
    const [ra] = await a.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0));
    const [rb] = await b.pushOk(put('rakor', key, { tempat: 'Aula' }, revDari(ra)));
    expect(rb?.status).toBe('applied');
    expect((await ambilRecord(s.app, admin.token, 'rakor', key))!.tempat).toBe('Aula');
  });

  it('writing the value the server already has is not a conflict and makes no new rev', async () => {
    const [ra] = await a.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0));
    const rev = await revServer(s.db);
    const [rb] = await b.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0));
    expect(rb?.status).toBe('applied');
    expect(revDari(rb)).toBe(revDari(ra));
    expect(await revServer(s.db)).toBe(rev);
  });

  it('device clocks never decide: a later `at` does not win a clash', async () => {
    await a.pushOk({ ...put('rakor', key, { tempat: 'Pendopo' }, rev0), at: '2020-01-01T00:00:00Z' });
    const [rb] = await b.pushOk({ ...put('rakor', key, { tempat: 'Masa depan' }, rev0), at: '2099-12-31T23:59:59Z' });
    expect(rb?.status).toBe('conflict');
    expect((await ambilRecord(s.app, admin.token, 'rakor', key))!.tempat).toBe('Pendopo');
  });

  it('two tablets creating the same natural-key record offline meet on one record: equal fields pass, differing ones become konflik', async () => {
    const id = idAlami.kunciPeriode(2031, 2);
    const [r1] = await b.pushOk(put('kunciPeriode', id, { tahun: 2031, triwulan: 2, terkunci: true, oleh: 'admin' }));
    expect(r1?.status).toBe('applied');
    const admin2 = new Klien(s.app, admin.token);
    const [r2] = await admin2.pushOk(put('kunciPeriode', id, { tahun: 2031, triwulan: 2, terkunci: false, oleh: 'admin' }));
    expect(r2?.status).toBe('conflict');
    const ids = konflikIds(r2);
    expect(ids).toHaveLength(1);
    expect(await ambilRecord(s.app, admin.token, 'konflik', ids[0]!)).toMatchObject({ field: 'terkunci', nilaiServer: true, nilaiMasuk: false });
    expect((await ambilRecord(s.app, admin.token, 'kunciPeriode', id))!.terkunci).toBe(true);
  });

  it('unknown fields are ignored: a put of only unknown fields makes no new rev and leaves no trace', async () => {
    const rev = await revServer(s.db);
    const sebelum = await ambilRecord(s.app, admin.token, 'rakor', key);
    const [r] = await a.pushOk(put('rakor', key, { bukanField: 'x', lainLagi: 2 }, rev0));
    expect(r?.status).toBe('applied');
    expect(revDari(r)).toBe(rev0);
    expect(await revServer(s.db)).toBe(rev);
    expect(await ambilRecord(s.app, admin.token, 'rakor', key)).toEqual(sebelum);
    const [row] = await s.db.query<{ field_revs: Record<string, unknown> }>('SELECT field_revs FROM records WHERE id = $1', [key]);
    expect(Object.keys(row!.field_revs)).not.toContain('bukanField');
  });

  it('a clash whose incoming value is invalid is rejected like any invalid value: never a 500, no konflik', async () => {
    const opdId = randomUUID();
    const pk = randomUUID();
    const prog = randomUUID();
    const hasil = await b.pushOk(
      put('pk', pk, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('program', prog, { pkId: pk, opdId, nama: 'Program', pagu: 1000 }),
    );
    expect(hasil.map((r) => r.status)).toEqual(['applied', 'applied']);
    const lain = new Klien(s.app, admin.token); // another tablet of the admin, from baseRev 0
    const rev = await revServer(s.db);
    const idBuruk = await lain.push(put('program', prog, { pkId: 'bukan-uuid' }, 0));
    expect(idBuruk.status, JSON.stringify(idBuruk.json)).toBe(200);
    expect(idBuruk.results[0]?.status).toBe('rejected');
    const nilaiBuruk = await lain.push(put('program', prog, { pagu: -5 }, 0));
    expect(nilaiBuruk.status).toBe(200);
    expect(nilaiBuruk.results[0]?.status).toBe('rejected');
    expect(await revServer(s.db)).toBe(rev);
  });

  it("an operator's clash with an invalid parent id is answered, never a 500", async () => {
    const opdId = randomUUID();
    const [pk, sas, ind] = [randomUUID(), randomUUID(), randomUUID()];
    const real = idAlami.realisasi(ind, 'TW1');
    const dibuat = await b.pushOk(
      put('pk', pk, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('sasaran', sas, { pkId: pk, opdId, uraian: 'Sasaran' }),
      put('indikator', ind, { sasaranId: sas, pkId: pk, opdId, uraian: 'Indikator', satuan: 'persen', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 1 }),
      put('realisasi', real, { indikatorId: ind, opdId, tahun: 2027, periode: 'TW1', nilai: 1 }),
    );
    expect(dibuat.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'applied']);
    await buatOpd(s.app, admin.token, opdId);
    await buatPengguna(s.app, admin.token, { username: `op-${opdId.slice(0, 8)}`, role: 'operator', opdId });
    const op = new Klien(s.app, (await masuk(s.app, `op-${opdId.slice(0, 8)}`)).token);
    const rev = await revServer(s.db);
    const sebelum = await ambilRecord(s.app, admin.token, 'realisasi', real);
    const h = await op.push(put('realisasi', real, { indikatorId: 'bukan-uuid' }, 0));
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    expect(h.results[0]?.status).toBe('rejected');
    expect(alasan(h.results[0])).toMatch(/^indikatorId: ID tidak valid/);
    expect(await revServer(s.db)).toBe(rev);
    expect(await ambilRecord(s.app, admin.token, 'realisasi', real)).toEqual(sebelum);
  });

  it('server-owned fields in a mutation are ignored (rev, updatedAt, updatedBy, deleted, id)', async () => {
    const [r] = await a.pushOk(
      put('rakor', key, { tempat: 'Pendopo', rev: 999999, updatedBy: 'palsu', updatedAt: '2000-01-01T00:00:00Z', deleted: true, id: randomUUID() }, rev0),
    );
    expect(r?.status).toBe('applied');
    const rec = await ambilRecord(s.app, admin.token, 'rakor', key);
    expect(rec).toMatchObject({ id: key, tempat: 'Pendopo', updatedBy: 'pimpinan', deleted: false, rev: revDari(r) });
    expect(rec!.updatedAt).toBe(s.jam.now().toISOString());
  });
  /** How many live or deleted records of `table` share these natural-key values (must never exceed 1). */
  async function jumlahRecordAlami(table: TabelAlami, f: Record<string, unknown>): Promise<number> {
    const semua = (await tarikSemua(s.app, admin.token)).filter((c) => c.table === table);
    return semua.filter((c) => FIELD_ID_ALAMI[table].every((k) => c.record?.[k] === f[k])).length;
  }

  describe('natural-key records', () => {
    it.each(ALAMI.map((x) => [x.table, x] as const))(
      '%s: two tablets creating the same record offline meet on one record; the differing field becomes a konflik, never a duplicate',
      async (table, x) => {
        const dasar = x.dasar({ opdId: randomUUID(), indukId: randomUUID() });
        const [fB, vA, vB] = x.bentrok;
        const id = idUntuk(table, dasar);
        const tabletA = new Klien(s.app, admin.token);
        const tabletB = new Klien(s.app, admin.token);
        // Both created it offline, from baseRev 0; A syncs first.
        const [rA] = await tabletA.pushOk(put(table, id, { ...dasar, [fB]: vA }));
        expect(rA?.status, JSON.stringify(rA)).toBe('applied');
        const revSebelum = await revServer(s.db);
        const [rB] = await tabletB.pushOk(put(table, id, { ...dasar, [fB]: vB, [x.hanyaB[0]]: x.hanyaB[1] }));
        expect(rB?.status, JSON.stringify(rB)).toBe('conflict');
        const ids = konflikIds(rB);
        expect(ids).toHaveLength(1);
        expect(await ambilRecord(s.app, admin.token, 'konflik', ids[0]!)).toMatchObject({
          tabel: table,
          recordId: id,
          field: fB,
          nilaiServer: vA,
          nilaiMasuk: vB,
          status: 'terbuka',
        });
        const rec = await ambilRecord(s.app, admin.token, table, id);
        // A's value stays, B's own field is applied: one record with both.
        expect(rec).toMatchObject({ ...dasar, [fB]: vA, [x.hanyaB[0]]: x.hanyaB[1], deleted: false, rev: revDari(rB) });
        expect(recordSchemas[table].safeParse(rec).success).toBe(true);
        expect(await revServer(s.db)).toBe(revSebelum + 2); // B's applied field and the konflik
        expect(await jumlahRecordAlami(table, dasar)).toBe(1);

        // A third, outdated tablet that still makes random ids cannot add a second copy.
        const lama = new Klien(s.app, admin.token);
        const [rC] = await lama.pushOk(put(table, randomUUID(), { ...dasar, [fB]: vB }));
        expect(alasan(rC)).toMatch(alasanIdAlami(table, id));
        expect(await jumlahRecordAlami(table, dasar)).toBe(1);
        expect(await revServer(s.db)).toBe(revSebelum + 2);
      },
    );

    it('two tablets of one operator entering the same quarter offline: the second is merged into the first record', async () => {
      const opdId = randomUUID();
      const [pk, sas, ind] = [randomUUID(), randomUUID(), randomUUID()];
      const dibuat = await b.pushOk(
        put('pk', pk, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
        put('sasaran', sas, { pkId: pk, opdId, uraian: 'Sasaran' }),
        put('indikator', ind, {
          sasaranId: sas,
          pkId: pk,
          opdId,
          uraian: 'Indikator',
          satuan: 'persen',
          polaritas: 'naik',
          agregasi: 'akhir',
          targetTahunan: 90,
        }),
      );
      expect(dibuat.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      const username = `op-gabung-${opdId.slice(0, 6)}`;
      await buatOpd(s.app, admin.token, opdId);
      await buatPengguna(s.app, admin.token, { username, role: 'operator', opdId });
      const token = (await masuk(s.app, username)).token;
      const [t1, t2] = [new Klien(s.app, token), new Klien(s.app, token)];
      const dasar = { indikatorId: ind, opdId, tahun: 2027, periode: 'TW3' };
      const m1 = putBaru('realisasi', { ...dasar, nilai: 72, catatan: 'Tablet 1' });
      const m2 = putBaru('realisasi', { ...dasar, masalah: 'Tablet 2: data puskesmas terlambat' });
      expect(m2.key).toBe(m1.key);
      const [r1] = await t1.pushOk(m1);
      expect(r1?.status).toBe('applied');
      const [r2] = await t2.pushOk(m2);
      expect(r2?.status, JSON.stringify(r2)).toBe('merged');
      expect(revDari(r2)).toBeGreaterThan(revDari(r1));
      expect(await ambilRecord(s.app, token, 'realisasi', m1.key)).toMatchObject({
        ...dasar,
        nilai: 72,
        catatan: 'Tablet 1',
        masalah: 'Tablet 2: data puskesmas terlambat',
        rev: revDari(r2),
      });
      expect(await jumlahRecordAlami('realisasi', dasar)).toBe(1);
      expect((await tarikSemua(s.app, token)).filter((c) => c.table === 'konflik' && c.record?.recordId === m1.key)).toEqual([]);
    });

    it('an edit that changes a natural-key field is rejected (the id would no longer match), from a fresh or a stale baseRev, without a konflik', async () => {
      const dasar = { tahun: 2033, triwulan: 2 };
      const id = idAlami.kunciPeriode(2033, 2);
      const [r0] = await b.pushOk(put('kunciPeriode', id, { ...dasar, terkunci: false }));
      expect(r0?.status).toBe('applied');
      const lain = new Klien(s.app, admin.token);
      const [r1] = await lain.pushOk(put('kunciPeriode', id, { triwulan: 4, oleh: 'lain' }, revDari(r0)));
      expect(alasan(r1)).toMatch(alasanIdAlami('kunciPeriode', idAlami.kunciPeriode(2033, 4)));
      await lain.pushOk(put('kunciPeriode', id, { oleh: 'tablet lain' }, revDari(r0)));
      const sebelum = await ambilRecord(s.app, admin.token, 'kunciPeriode', id);
      const rev = await revServer(s.db);
      // From baseRev 0 the triwulan change might have looked like a clash: it is refused as a whole.
      const [r2] = await b.pushOk(put('kunciPeriode', id, { triwulan: 3, oleh: 'basi' }, 0));
      expect(alasan(r2)).toMatch(alasanIdAlami('kunciPeriode', idAlami.kunciPeriode(2033, 3)));
      expect(await ambilRecord(s.app, admin.token, 'kunciPeriode', id)).toEqual(sebelum);
      expect(await revServer(s.db)).toBe(rev);
      expect(await ambilRecord(s.app, admin.token, 'kunciPeriode', idAlami.kunciPeriode(2033, 3))).toBeNull();
    });
  });

  describe('unknown fields leave no trace', () => {
    /** Pushes a raw body (so that keys such as __proto__ reach the server as they are). */
    async function pushMentah(k: Klien, mutasi: { table: string; key: string; fields: string; baseRev?: number }): Promise<MutationResult> {
      const body = k.batch([put('rakor', mutasi.key, { SISIPAN: 1 }, mutasi.baseRev ?? 0)]);
      body.mutations[0]!.table = mutasi.table as 'rakor';
      const teks = JSON.stringify(body).replace('{"SISIPAN":1}', mutasi.fields);
      const j = await minta(s.app, 'POST', '/api/v1/sync/push', {
        token: admin.token,
        mentah: gzip(teks),
        headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
      });
      expect(j.status, j.teks).toBe(200);
      k.seq = j.json.lastSeq;
      return j.json.results[0];
    }
    const ASING = ['bukanField', 'lainLagi', '__proto__', 'constructor', 'toString'];
    const fieldAsing = `"bukanField":"x","lainLagi":{"dalam":[1,2]},"__proto__":{"terkunci":false,"admin":true},"constructor":{"prototype":{"x":1}},"toString":"y"`;

    async function tanpaJejak(table: string, id: string): Promise<void> {
      const rec = await ambilRecord(s.app, admin.token, table as 'rakor', id);
      const [row] = await s.db.query<{ data: Record<string, unknown>; field_revs: Record<string, unknown> }>(
        'SELECT data, field_revs FROM records WHERE tbl = $1 AND id = $2',
        [table, id],
      );
      for (const f of ASING) {
        expect(Object.keys(rec ?? {})).not.toContain(f);
        expect(Object.keys(row?.data ?? {})).not.toContain(f);
        expect(Object.keys(row?.field_revs ?? {})).not.toContain(f);
      }
      const ch = (await tarikSemua(s.app, admin.token)).find((c) => c.key === id);
      for (const f of ASING) expect(Object.keys(ch?.record ?? {})).not.toContain(f);
      expect(JSON.stringify(row ?? {})).not.toMatch(/bukanField|lainLagi|"admin":true|prototype/);
    }

    it('a new natural-key record with unknown fields (even __proto__ and constructor) stores only its own fields', async () => {
      const f = { tahun: 2034, triwulan: 1, terkunci: true, oleh: 'admin' };
      const id = idAlami.kunciPeriode(2034, 1);
      const r = await pushMentah(b, { table: 'kunciPeriode', key: id, fields: `{${fieldAsing},${JSON.stringify(f).slice(1, -1)}}` });
      expect(r.status, JSON.stringify(r)).toBe('applied');
      const rec = await ambilRecord(s.app, admin.token, 'kunciPeriode', id);
      expect(rec).toMatchObject({ ...f, deleted: false });
      expect(Object.keys(rec!).sort()).toEqual(Object.keys(recordSchemas.kunciPeriode.parse(rec)).sort());
      await tanpaJejak('kunciPeriode', id);
    });

    it('unknown fields beside a clash: neither the record, its field revs nor the konflik carry them', async () => {
      await a.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0));
      const r = await pushMentah(b, { table: 'rakor', key, fields: `{${fieldAsing},"tempat":"Aula B","nomor":"005/9/2026"}`, baseRev: rev0 });
      expect(r.status, JSON.stringify(r)).toBe('conflict');
      const ids = konflikIds(r);
      expect(ids).toHaveLength(1);
      expect(await ambilRecord(s.app, admin.token, 'rakor', key)).toMatchObject({ tempat: 'Pendopo', nomor: '005/9/2026' });
      await tanpaJejak('rakor', key);
      const kf = await ambilRecord(s.app, admin.token, 'konflik', ids[0]!);
      expect(kf).toMatchObject({ field: 'tempat', nilaiMasuk: 'Aula B' });
      expect(JSON.stringify(kf)).not.toMatch(/bukanField|lainLagi|"admin":true|prototype/);
    });

    it('an edit of a deleted record keeps only the known fields in its konflik', async () => {
      const [d] = await a.pushOk(hapus('rakor', key, rev0));
      expect(d?.status).toBe('applied');
      const r = await pushMentah(b, { table: 'rakor', key, fields: `{${fieldAsing},"tempat":"Masih dipakai"}`, baseRev: rev0 });
      expect(r.status).toBe('conflict');
      const kf = await ambilRecord(s.app, admin.token, 'konflik', konflikIds(r)[0]!);
      expect(kf).toMatchObject({ field: '_deleted', nilaiMasuk: { tempat: 'Masih dipakai' } });
      expect(Object.keys(kf!.nilaiMasuk)).toEqual(['tempat']);
      await tanpaJejak('rakor', key);
    });

    it('a put of only unknown fields on a deleted record changes nothing: no konflik, no new rev', async () => {
      const [d] = await a.pushOk(hapus('rakor', key, rev0));
      expect(d?.status).toBe('applied');
      const nisan = await ambilRecord(s.app, admin.token, 'rakor', key);
      const rev = await revServer(s.db);
      const r = await pushMentah(b, { table: 'rakor', key, fields: `{${fieldAsing}}`, baseRev: rev0 });
      expect(r.status, JSON.stringify(r)).not.toBe('conflict');
      expect(await revServer(s.db)).toBe(rev);
      expect(await ambilRecord(s.app, admin.token, 'rakor', key)).toEqual(nisan);
      expect((await tarikSemua(s.app, admin.token, rev - 1)).filter((c) => c.table === 'konflik')).toEqual([]);
    });
  });
});
