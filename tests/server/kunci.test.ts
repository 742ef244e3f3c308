/**
 * Locked periods (kunciPeriode) and signed, frozen PKs, on the demo kabupaten (docs/domain/README.md "Locked periods", "PK signing and amendment").
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { buatDemo } from '../../src/demo/generate.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import { triwulanDariPeriode } from '../../src/domain/periode.ts';
import { usernameOperator } from '../../src/server/setup.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import {
  alasanIdAlami,
  ambilRecord,
  hapus,
  JENIS,
  Klien,
  masuk,
  PASSWORD_ADMIN,
  put,
  putBaru,
  revServer,
  serverBaru,
  type MutasiBaru,
  type Server,
} from './bantu.ts';

const PEJABAT = { nama: 'Budi Santoso, S.E.', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
const alasan = (r: MutationResult | undefined): string => (r?.status === 'rejected' ? r.reason : `(${r?.status})`);
/** The lock reason names the quarter (as 3 or III) and the year. */
const ROMAWI = ['', 'I', 'II', 'III', 'IV'];
const polaKunci = (tahun: number, tw: number, ekor = '') => new RegExp(`Triwulan (${tw}|${ROMAWI[tw]}) tahun ${tahun} sudah dikunci${ekor}`);

describe.each(JENIS)('locked periods and signed PKs (%s)', (jenis) => {
  const demo = buatDemo();
  const opd = demo.opd.find((o) => o.singkatan === 'Dinkes')!;
  const realTw3 = demo.realisasi.find((r) => r.opdId === opd.id && r.tahun === 2026 && r.periode === 'TW3')!;
  const anggaranTw3 = demo.realisasiAnggaran.find((r) => r.opdId === opd.id && r.tahun === 2026 && r.triwulan === 3)!;
  const laporanTw3 = demo.laporan.find((r) => r.opdId === opd.id && r.tahun === 2026 && r.triwulan === 3)!;
  const real2025 = demo.realisasi.find((r) => r.opdId === opd.id && r.tahun === 2025 && r.periode === 'TW2')!;
  const kepalaDaerah = demo.opd.find((o) => o.jenis === 'kepala-daerah')!;
  const milestone6B = demo.realisasi.find((r) => r.opdId === kepalaDaerah.id && r.tahun === 2026 && r.periode === '6B')!;
  const pkTeken = demo.pk.find((p) => p.opdId === opd.id && p.tahun === 2026 && p.versi === 1)!;
  const indTeken = demo.indikator.find((i) => i.pkId === pkTeken.id)!;
  const sasTeken = demo.sasaran.find((x) => x.pkId === pkTeken.id)!;
  const progTeken = demo.program.find((x) => x.pkId === pkTeken.id)!;
  const KUNCI = idAlami.kunciPeriode(2026, 3);
  /**
   * A realisasi's natural key is (indikator, periode), so a *new* realisasi needs an indikator that has
   * none for that period yet: a draft PK 2026 (its TW3 is empty) and a draft PK 2027 of the same OPD.
   */
  const indBaru = { 2026: randomUUID(), 2027: randomUUID() } as const;

  let s: Server;
  let admin: Klien;
  let op: Klien;

  const rev = async (table: Parameters<typeof ambilRecord>[2], id: string) => (await ambilRecord(s.app, admin.token, table, id))!.rev;
  /** Pushes one mutation and checks a rejection left the record and the counter alone. */
  async function harusDitolak(k: Klien, m: MutasiBaru, pola: RegExp): Promise<void> {
    const sebelum = await ambilRecord(s.app, admin.token, m.table, m.key);
    const rev0 = await revServer(s.db);
    const [r] = await k.pushOk(m);
    expect(r?.status, JSON.stringify(r)).toBe('rejected');
    expect(alasan(r)).toMatch(pola);
    expect(await ambilRecord(s.app, admin.token, m.table, m.key)).toEqual(sebelum);
    expect(await revServer(s.db)).toBe(rev0);
  }

  beforeAll(async () => {
    expect([realTw3, anggaranTw3, laporanTw3, real2025, milestone6B, pkTeken, indTeken, sasTeken, progTeken].every(Boolean)).toBe(true);
    expect(pkTeken.status).toBe('ditandatangani');
    s = await serverBaru(jenis, { demo: true });
    admin = new Klien(s.app, (await masuk(s.app, 'admin', PASSWORD_ADMIN)).token);
    op = new Klien(s.app, (await masuk(s.app, usernameOperator(opd))).token);
    for (const tahun of [2026, 2027] as const) {
      const [pk, sas] = [randomUUID(), randomUUID()];
      const r = await op.pushOk(
        put('pk', pk, {
          opdId: opd.id,
          tahun,
          versi: 1,
          nomorDokumen: `uji-${tahun}`,
          tanggal: `${tahun}-01-05`,
          tanggalMulai: `${tahun}-01-02`,
          pihakPertama: PEJABAT,
          pihakKedua: PEJABAT,
        }),
        put('sasaran', sas, { pkId: pk, opdId: opd.id, uraian: `Sasaran uji ${tahun}` }),
        put('indikator', indBaru[tahun], {
          sasaranId: sas,
          pkId: pk,
          opdId: opd.id,
          uraian: `Indikator uji ${tahun}`,
          satuan: 'persen',
          polaritas: 'naik',
          agregasi: 'akhir',
          targetTahunan: 80,
        }),
      );
      expect(r.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
    }
  });
  afterAll(async () => {
    await s?.tutup();
  });

  describe('locked periods', () => {
    it('before the lock the operator edits TW3', async () => {
      const [r] = await op.pushOk(put('realisasi', realTw3.id, { catatan: 'sebelum dikunci' }, await rev('realisasi', realTw3.id)));
      expect(r?.status).toBe('applied');
    });

    it('the admin locks 2026 TW3', async () => {
      const [r] = await admin.pushOk(put('kunciPeriode', KUNCI, { tahun: 2026, triwulan: 3, terkunci: true, oleh: 'admin', pada: '2026-11-23T03:00:00.000Z' }));
      expect(r?.status).toBe('applied');
    });

    it('an operator edit of a TW3 2026 realisasi is rejected with a reason containing "dikunci"', async () => {
      await harusDitolak(op, put('realisasi', realTw3.id, { nilai: 1234 }, await rev('realisasi', realTw3.id)), polaKunci(2026, 3, ' oleh admin'));
    });

    it('TW3 realisasiAnggaran, laporan, a new TW3 realisasi and a delete are rejected too', async () => {
      await harusDitolak(op, put('realisasiAnggaran', anggaranTw3.id, { keuangan: 1 }, await rev('realisasiAnggaran', anggaranTw3.id)), /dikunci/);
      await harusDitolak(op, put('laporan', laporanTw3.id, { faktorPendorong: 'terlambat' }, await rev('laporan', laporanTw3.id)), /dikunci/);
      const baruTw3 = putBaru('realisasi', { indikatorId: indBaru[2026], opdId: opd.id, tahun: 2026, periode: 'TW3', nilai: 5 });
      expect(await ambilRecord(s.app, admin.token, 'realisasi', baruTw3.key)).toBeNull();
      await harusDitolak(op, baruTw3, polaKunci(2026, 3));
      await harusDitolak(op, hapus('realisasi', realTw3.id, await rev('realisasi', realTw3.id)), /dikunci/);
    });

    it('the lock answers before the natural-key check: a new TW3 record under a wrong id gets the lock reason', async () => {
      const ms = [
        put('realisasi', randomUUID(), { indikatorId: indBaru[2026], opdId: opd.id, tahun: 2026, periode: 'TW3', nilai: 5 }),
        put('laporan', randomUUID(), { opdId: opd.id, tahun: 2026, triwulan: 3, faktorPendorong: 'x' }),
        put('realisasiAnggaran', randomUUID(), { programId: anggaranTw3.programId, opdId: opd.id, tahun: 2026, triwulan: 3, keuangan: 1, fisik: 1 }),
      ];
      for (const k of [op, admin]) for (const m of ms) await harusDitolak(k, m, polaKunci(2026, 3));
      // The same record in an open quarter (TW4) is refused for its id, naming the one it must have.
      const [r] = await op.pushOk(put('realisasi', randomUUID(), { indikatorId: indBaru[2026], opdId: opd.id, tahun: 2026, periode: 'TW4', nilai: 5 }));
      expect(alasan(r)).toMatch(alasanIdAlami('realisasi', idAlami.realisasi(indBaru[2026], 'TW4')));
      expect(await ambilRecord(s.app, admin.token, 'realisasi', idAlami.realisasi(indBaru[2026], 'TW4'))).toBeNull();
    });

    it('the lock binds every role, the admin included', async () => {
      await harusDitolak(admin, put('realisasi', realTw3.id, { nilai: 1 }, await rev('realisasi', realTw3.id)), /dikunci/);
      await harusDitolak(admin, hapus('laporan', laporanTw3.id, await rev('laporan', laporanTw3.id)), /dikunci/);
    });

    it('milestone realisasi are locked by their quarter (triwulanDariPeriode)', async () => {
      const tw = triwulanDariPeriode('6B');
      const id = idAlami.kunciPeriode(2026, tw);
      await admin.pushOk(put('kunciPeriode', id, { tahun: 2026, triwulan: tw, terkunci: true }));
      try {
        await harusDitolak(admin, put('realisasi', milestone6B.id, { catatan: 'x' }, await rev('realisasi', milestone6B.id)), polaKunci(2026, tw));
      } finally {
        const [d] = await admin.pushOk(hapus('kunciPeriode', id, await rev('kunciPeriode', id)));
        expect(d?.status).toBe('applied');
      }
      const [r] = await admin.pushOk(put('realisasi', milestone6B.id, { catatan: 'y' }, await rev('realisasi', milestone6B.id)));
      expect(r?.status).toBe('applied');
    });

    it('TW4 still applies (a new realisasi of a signed PK indicator)', async () => {
      const id = idAlami.realisasi(realTw3.indikatorId, 'TW4');
      const [r] = await op.pushOk(put('realisasi', id, { indikatorId: realTw3.indikatorId, opdId: opd.id, tahun: 2026, periode: 'TW4', nilai: 77 }));
      expect(r?.status).toBe('applied');
      expect((await ambilRecord(s.app, op.token, 'realisasi', id))!.nilai).toBe(77);
    });

    it('a record cannot be moved into or out of a locked quarter', async () => {
      const tw4 = idAlami.realisasi(realTw3.indikatorId, 'TW4');
      await harusDitolak(op, put('realisasi', tw4, { periode: 'TW3' }, await rev('realisasi', tw4)), /dikunci/);
      await harusDitolak(admin, put('realisasi', realTw3.id, { periode: 'TW4' }, await rev('realisasi', realTw3.id)), /dikunci/);
    });

    it("another year's TW3 is not locked; last year (locked by the demo) is", async () => {
      await harusDitolak(op, put('realisasi', real2025.id, { catatan: 'koreksi' }, await rev('realisasi', real2025.id)), polaKunci(2025, 2));
      const m = putBaru('realisasi', { indikatorId: indBaru[2027], opdId: opd.id, tahun: 2027, periode: 'TW3', nilai: 5 });
      const [r] = await op.pushOk(m);
      expect(r?.status, JSON.stringify(r)).toBe('applied');
      expect(await ambilRecord(s.app, op.token, 'realisasi', m.key)).toMatchObject({ tahun: 2027, periode: 'TW3', nilai: 5, deleted: false });
      // A 2027 TW3 realisasi of an indikator that already has a 2026 TW3 one is that same record: moving it is refused by the lock.
      await harusDitolak(op, put('realisasi', realTw3.id, { tahun: 2027 }, await rev('realisasi', realTw3.id)), polaKunci(2026, 3));
    });

    it('a rejection for the lock does not block the rest of the batch', async () => {
      const h = await op.push(
        put('realisasi', realTw3.id, { nilai: 2 }, await rev('realisasi', realTw3.id)),
        put('laporan', idAlami.laporan(opd.id, 2026, 4), { opdId: opd.id, tahun: 2026, triwulan: 4, faktorPendorong: 'lanjut' }),
      );
      expect(h.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
    });

    it('only the admin locks or unlocks', async () => {
      await harusDitolak(op, put('kunciPeriode', KUNCI, { terkunci: false }, await rev('kunciPeriode', KUNCI)), /tidak berhak/);
    });

    it('unlocking allows TW3 edits again', async () => {
      const [u] = await admin.pushOk(put('kunciPeriode', KUNCI, { terkunci: false }, await rev('kunciPeriode', KUNCI)));
      expect(u?.status).toBe('applied');
      const [r] = await op.pushOk(put('realisasi', realTw3.id, { nilai: 88 }, await rev('realisasi', realTw3.id)));
      expect(r?.status).toBe('applied');
      expect((await ambilRecord(s.app, op.token, 'realisasi', realTw3.id))!.nilai).toBe(88);
    });

    it('deleting the lock record unlocks too; locking again rejects again', async () => {
      await admin.pushOk(put('kunciPeriode', KUNCI, { terkunci: true }, await rev('kunciPeriode', KUNCI)));
      await harusDitolak(op, put('realisasi', realTw3.id, { nilai: 3 }, await rev('realisasi', realTw3.id)), /dikunci/);
      const [d] = await admin.pushOk(hapus('kunciPeriode', KUNCI, await rev('kunciPeriode', KUNCI)));
      expect(d?.status).toBe('applied');
      const [r] = await op.pushOk(put('realisasi', realTw3.id, { nilai: 4 }, await rev('realisasi', realTw3.id)));
      expect(r?.status).toBe('applied');
    });
  });

  describe('signed PK is frozen', () => {
    const BEKU = /Perubahan PK/;

    it('editing an indikator of a signed PK is rejected with a reason mentioning Perubahan PK (operator and admin)', async () => {
      await harusDitolak(op, put('indikator', indTeken.id, { targetTahunan: 1 }, await rev('indikator', indTeken.id)), BEKU);
      await harusDitolak(admin, put('indikator', indTeken.id, { uraian: 'Diubah admin' }, await rev('indikator', indTeken.id)), BEKU);
    });

    it('its sasaran, programmes and the PK itself are frozen; no new indikator joins it; nothing is deleted from it', async () => {
      await harusDitolak(op, put('sasaran', sasTeken.id, { uraian: 'Sasaran baru' }, await rev('sasaran', sasTeken.id)), BEKU);
      await harusDitolak(op, put('program', progTeken.id, { pagu: 1 }, await rev('program', progTeken.id)), BEKU);
      await harusDitolak(op, put('pk', pkTeken.id, { nomorDokumen: 'baru' }, await rev('pk', pkTeken.id)), BEKU);
      await harusDitolak(op, put('pk', pkTeken.id, { status: 'draft' }, await rev('pk', pkTeken.id)), BEKU);
      await harusDitolak(
        op,
        put('indikator', randomUUID(), {
          sasaranId: sasTeken.id,
          pkId: pkTeken.id,
          opdId: opd.id,
          uraian: 'Sisipan',
          satuan: 'persen',
          polaritas: 'naik',
          agregasi: 'akhir',
          targetTahunan: 10,
        }),
        BEKU,
      );
      await harusDitolak(op, hapus('indikator', indTeken.id, await rev('indikator', indTeken.id)), BEKU);
      await harusDitolak(admin, hapus('program', progTeken.id, await rev('program', progTeken.id)), BEKU);
    });

    it('a signed PK itself cannot be deleted', async () => {
      const pkLalu = demo.pk.find((p) => p.opdId === opd.id && p.tahun === 2025 && p.status === 'ditandatangani')!;
      await harusDitolak(op, hapus('pk', pkLalu.id, await rev('pk', pkLalu.id)), BEKU);
      await harusDitolak(admin, hapus('pk', pkLalu.id, await rev('pk', pkLalu.id)), BEKU);
      await harusDitolak(admin, hapus('pk', pkTeken.id, await rev('pk', pkTeken.id)), BEKU);
    });

    it('a draft PK is editable until it is signed; then it freezes', async () => {
      const pk = randomUUID();
      const sas = randomUUID();
      const ind = randomUUID();
      const buat = await op.pushOk(
        put('pk', pk, { opdId: opd.id, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
        put('sasaran', sas, { pkId: pk, opdId: opd.id, uraian: 'Sasaran 2027' }),
        put('indikator', ind, {
          sasaranId: sas,
          pkId: pk,
          opdId: opd.id,
          uraian: 'Indikator 2027',
          satuan: 'persen',
          polaritas: 'naik',
          agregasi: 'akhir',
          targetTahunan: 80,
        }),
      );
      expect(buat.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      const [ubah] = await op.pushOk(put('indikator', ind, { targetTahunan: 85 }, await rev('indikator', ind)));
      expect(ubah?.status).toBe('applied');
      const [teken] = await op.pushOk(put('pk', pk, { status: 'ditandatangani', ditandatanganiPada: '2027-01-05T03:00:00.000Z' }, await rev('pk', pk)));
      expect(teken?.status).toBe('applied');
      await harusDitolak(op, put('indikator', ind, { targetTahunan: 90 }, await rev('indikator', ind)), BEKU);
      // Moving a draft PK's indikator into the signed one is rejected as well.
      const pkDraft = randomUUID();
      const indDraft = randomUUID();
      await op.pushOk(
        put('pk', pkDraft, {
          opdId: opd.id,
          tahun: 2028,
          versi: 1,
          tanggal: '2028-01-05',
          tanggalMulai: '2028-01-02',
          pihakPertama: PEJABAT,
          pihakKedua: PEJABAT,
        }),
        put('indikator', indDraft, {
          sasaranId: sas,
          pkId: pkDraft,
          opdId: opd.id,
          uraian: 'Lepas',
          satuan: 'persen',
          polaritas: 'naik',
          agregasi: 'akhir',
          targetTahunan: 1,
        }),
      );
      await harusDitolak(op, put('indikator', indDraft, { pkId: pk }, await rev('indikator', indDraft)), BEKU);
    });

    it('a Perubahan PK (new pk versi 2 with pkSebelumnyaId) is created and filled normally', async () => {
      const pk2 = randomUUID();
      const sas2 = randomUUID();
      const hasil = await op.pushOk(
        put('pk', pk2, {
          opdId: opd.id,
          tahun: 2026,
          versi: 2,
          pkSebelumnyaId: pkTeken.id,
          alasanPerubahan: 'Refocusing',
          tanggal: '2026-11-20',
          tanggalMulai: '2026-01-02',
          berlakuMulaiTriwulan: 4,
          pihakPertama: PEJABAT,
          pihakKedua: PEJABAT,
        }),
        put('sasaran', sas2, { pkId: pk2, opdId: opd.id, uraian: 'Sasaran perubahan' }),
        put('indikator', randomUUID(), {
          ...indTeken,
          id: undefined,
          rev: undefined,
          sasaranId: sas2,
          pkId: pk2,
          indikatorAsalId: indTeken.id,
          targetTahunan: 50,
        }),
      );
      expect(hasil.map((r) => r.status)).toEqual(['applied', 'applied', 'applied']);
      // The signed original is untouched.
      expect((await ambilRecord(s.app, op.token, 'pk', pkTeken.id))!.status).toBe('ditandatangani');
    });
  });
});
