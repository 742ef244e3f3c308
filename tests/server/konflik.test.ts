/**
 * Field-level conflicts decided by revs (DESIGN.md §4): same field from the same baseRev → conflict
 * kept as a synced `konflik` record, the server value stays; different fields → merged; edit after
 * delete → conflict on `_deleted`; a client re-editing its own field is not a conflict.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { idAlami, konflikSchema } from '../../src/domain/schemas.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import { ambilRecord, buatPengguna, hapus, JENIS, Klien, masuk, PASSWORD_ADMIN, put, revServer, serverBaru, tarikSemua, type Server, type Sesi } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const RAKOR = { tahun: 2026, triwulan: 3, tanggal: '2026-10-20', tempat: 'Aula Bappeda', nomor: '005/1/2026', pimpinan: PEJABAT };

const konflikIds = (r: MutationResult | undefined): string[] => (r?.status === 'conflict' ? r.konflikIds : []);
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
    key = randomUUID();
    const [r] = await b.pushOk(put('rakor', key, RAKOR));
    rev0 = revDari(r);
    expect(rev0).toBeGreaterThan(0);
  });

  it('same field from the same baseRev: the second gets conflict with konflikIds, the server value stays, both pull the konflik', async () => {
    const [ra] = await a.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0, ));
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
      expect(k.id).toBe(idAlami.konflik('rakor', key, 'tempat', k.rev));
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
    expect(k).toMatchObject({ tabel: 'rakor', recordId: key, field: '_deleted', nilaiServer: true, nilaiMasuk: { tempat: 'Masih dipakai' }, olehServer: 'pimpinan', olehMasuk: 'admin' });
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
    const [pk, sas, ind, real] = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    await b.pushOk(
      put('pk', pk, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('sasaran', sas, { pkId: pk, opdId, uraian: 'Sasaran' }),
      put('indikator', ind, { sasaranId: sas, pkId: pk, opdId, uraian: 'Indikator', satuan: 'persen', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 1 }),
      put('realisasi', real, { indikatorId: ind, opdId, tahun: 2027, periode: 'TW1', nilai: 1 }),
    );
    await buatPengguna(s.app, admin.token, { username: `op-${opdId.slice(0, 8)}`, role: 'operator', opdId });
    const op = new Klien(s.app, (await masuk(s.app, `op-${opdId.slice(0, 8)}`)).token);
    const rev = await revServer(s.db);
    const h = await op.push(put('realisasi', real, { indikatorId: 'bukan-uuid' }, 0));
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    expect(h.results[0]?.status).toBe('rejected');
    expect(await revServer(s.db)).toBe(rev);
  });

  it('server-owned fields in a mutation are ignored (rev, updatedAt, updatedBy, deleted, id)', async () => {
    const [r] = await a.pushOk(put('rakor', key, { tempat: 'Pendopo', rev: 999999, updatedBy: 'palsu', updatedAt: '2000-01-01T00:00:00Z', deleted: true, id: randomUUID() }, rev0));
    expect(r?.status).toBe('applied');
    const rec = await ambilRecord(s.app, admin.token, 'rakor', key);
    expect(rec).toMatchObject({ id: key, tempat: 'Pendopo', updatedBy: 'pimpinan', deleted: false, rev: revDari(r) });
    expect(rec!.updatedAt).toBe(s.jam.now().toISOString());
  });
});
