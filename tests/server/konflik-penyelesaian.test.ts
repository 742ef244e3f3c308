/**
 * Resolving a konflik is one server operation (issue 9 §2; docs/sync-protocol.md "Resolving a konflik"):
 * the chosen value is written and the konflik closed in one transaction — both or neither — and only
 * by someone who may write that record. konflik records are otherwise immutable for every role.
 * Seen before: a pimpinan choosing the incoming value closed the konflik while the value was never
 * written, and could put or delete konflik records freely.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { idAlami } from '../../src/domain/schemas.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import { ambilRecord, buatPengguna, hapus, JENIS, Klien, masuk, PASSWORD_ADMIN, put, revServer, serverBaru, type Server, type Sesi } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
const kode = (r: MutationResult | undefined) => (r?.status === 'rejected' ? r.kode : `(${r?.status})`);

describe.each(JENIS)('resolving a konflik (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let opX: Sesi;
  let opY: Sesi;
  let pimpinan: Sesi;
  const opdX = randomUUID();
  const opdY = randomUUID();
  const pkId = randomUUID();
  const sasaranId = randomUUID();
  let key: string;
  let konflikId: string;

  beforeAll(async () => {
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    const k = new Klien(s.app, admin.token);
    await k.pushOk(
      put('opd', opdX, { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT }),
      put('opd', opdY, { kode: '1.03', nama: 'Dinas Pendidikan', singkatan: 'Disdik', jenis: 'dinas', kepala: PEJABAT }),
      put('pk', pkId, { opdId: opdX, tahun: 2026, versi: 1, tanggal: '2026-01-05', tanggalMulai: '2026-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('sasaran', sasaranId, { pkId, opdId: opdX, uraian: 'Meningkatnya derajat kesehatan' }),
    );
    await buatPengguna(s.app, admin.token, { username: 'op-dinkes', role: 'operator', opdId: opdX });
    await buatPengguna(s.app, admin.token, { username: 'op-disdik', role: 'operator', opdId: opdY });
    await buatPengguna(s.app, admin.token, { username: 'pimpinan', role: 'pimpinan' });
    opX = await masuk(s.app, 'op-dinkes');
    opY = await masuk(s.app, 'op-disdik');
    pimpinan = await masuk(s.app, 'pimpinan');
  });
  afterAll(async () => {
    await s?.tutup();
  });

  /** Two Dinkes tablets enter different first values for one quarter: 33 stays, 40 is kept in a konflik. */
  beforeEach(async () => {
    const indikatorId = randomUUID();
    await new Klien(s.app, admin.token).pushOk(
      put('indikator', indikatorId, {
        sasaranId,
        pkId,
        opdId: opdX,
        uraian: 'Cakupan imunisasi',
        satuan: '%',
        polaritas: 'naik',
        agregasi: 'akhir',
        targetTahunan: 95,
      }),
    );
    key = idAlami.realisasi(indikatorId, 'TW3');
    const dasar = { indikatorId, opdId: opdX, tahun: 2026, periode: 'TW3' };
    await new Klien(s.app, opX.token).pushOk(put('realisasi', key, { ...dasar, nilai: 33 }));
    const [r] = await new Klien(s.app, opX.token).pushOk(put('realisasi', key, { ...dasar, nilai: 40 }));
    expect(r?.status).toBe('conflict');
    konflikId = r?.status === 'conflict' ? r.konflikIds[0]! : '';
  });

  const pilih = (penyelesaian: 'server' | 'masuk') => put('konflik', konflikId, { status: 'selesai', penyelesaian });

  it('choosing the incoming value writes it and closes the konflik together', async () => {
    const rev0 = await revServer(s.db);
    const [r] = await new Klien(s.app, opX.token).pushOk(pilih('masuk'));
    expect(r?.status).toBe('applied');
    expect(await ambilRecord(s.app, admin.token, 'realisasi', key)).toMatchObject({ nilai: 40, rev: rev0 + 1 });
    expect(await ambilRecord(s.app, admin.token, 'konflik', konflikId)).toMatchObject({
      status: 'selesai',
      penyelesaian: 'masuk',
      diselesaikanOleh: 'op-dinkes',
      rev: rev0 + 2,
    });
  });

  it('a pimpinan (who may not write realisasi) cannot resolve it: nothing closes, nothing changes', async () => {
    for (const p of ['masuk', 'server'] as const) {
      const rev0 = await revServer(s.db);
      const [r] = await new Klien(s.app, pimpinan.token).pushOk(pilih(p));
      expect(kode(r)).toBe('izin');
      expect(await revServer(s.db)).toBe(rev0);
    }
    expect((await ambilRecord(s.app, admin.token, 'realisasi', key))!.nilai).toBe(33);
    expect((await ambilRecord(s.app, admin.token, 'konflik', konflikId))!.status).toBe('terbuka');
    // Neither can an operator of another OPD.
    expect(kode((await new Klien(s.app, opY.token).pushOk(pilih('masuk')))[0])).toBe('izin');
  });

  it('konflik records are immutable for every role, admin included: no put of their contents, no delete', async () => {
    const sebelum = await ambilRecord(s.app, admin.token, 'konflik', konflikId);
    for (const sesi of [admin, pimpinan, opX]) {
      const c = new Klien(s.app, sesi.token);
      const hasil = await c.pushOk(
        put('konflik', konflikId, { nilaiMasuk: 'dipalsukan' }, sebelum!.rev),
        put('konflik', konflikId, { status: 'terbuka', penyelesaian: null }, sebelum!.rev),
        hapus('konflik', konflikId, sebelum!.rev),
        put('konflik', randomUUID(), { tabel: 'realisasi', recordId: key, field: 'nilai', nilaiServer: 1, nilaiMasuk: 2 }),
      );
      expect(hasil.map(kode)).toEqual(['konflik', 'konflik', 'konflik', 'konflik']);
    }
    expect(await ambilRecord(s.app, admin.token, 'konflik', konflikId)).toEqual(sebelum);
  });

  it('the incoming value obeys every rule of a put: a locked period refuses it (kunci) and the konflik stays open; after unlocking the same resolution goes through', async () => {
    const a = new Klien(s.app, admin.token);
    const kunci = idAlami.kunciPeriode(2026, 3);
    await a.pushOk(put('kunciPeriode', kunci, { tahun: 2026, triwulan: 3, terkunci: true, oleh: 'admin' }));
    const op = new Klien(s.app, opX.token);
    const [r] = await op.pushOk(pilih('masuk'));
    expect(kode(r)).toBe('kunci');
    expect((await ambilRecord(s.app, admin.token, 'konflik', konflikId))!.status).toBe('terbuka');
    expect((await ambilRecord(s.app, admin.token, 'realisasi', key))!.nilai).toBe(33);
    const rk = await ambilRecord(s.app, admin.token, 'kunciPeriode', kunci);
    await a.pushOk(put('kunciPeriode', kunci, { terkunci: false }, rk!.rev));
    const [r2] = await op.pushOk(pilih('masuk'));
    expect(r2?.status).toBe('applied');
    expect((await ambilRecord(s.app, admin.token, 'realisasi', key))!.nilai).toBe(40);
  });

  it('both or neither: an incoming value the record no longer accepts leaves the konflik open (validasi)', async () => {
    const rec = await ambilRecord(s.app, admin.token, 'realisasi', key);
    // The record became TDI meanwhile: a number next to TDI breaks the record's rule.
    await new Klien(s.app, opX.token).pushOk(put('realisasi', key, { nilai: null, tdi: true, alasanTdi: 'Data BPS belum terbit' }, rec!.rev));
    const [r] = await new Klien(s.app, opX.token).pushOk(pilih('masuk'));
    expect(kode(r)).toBe('validasi');
    expect((await ambilRecord(s.app, admin.token, 'konflik', konflikId))!.status).toBe('terbuka');
    // Keeping the server value is always possible for who may write the record.
    const [r2] = await new Klien(s.app, opX.token).pushOk(pilih('server'));
    expect(r2?.status).toBe('applied');
    expect(await ambilRecord(s.app, admin.token, 'realisasi', key)).toMatchObject({ tdi: true, nilai: null });
  });
});
