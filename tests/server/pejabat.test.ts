/**
 * Who writes and who reads the officials' tables (src/server/izin.ts; docs/domain/pejabat.md
 * §Hak akses): pejabat, evaluasiPejabat and evaluasiPj are the admin's; an operator only fills in
 * and sends the bahan of its own OPD's Pj tasks (Permendagri 4/2023); pasal 142 evaluations (named
 * officials, proposed sanctions) never reach an operator's tablet (the read rule of main's
 * BACA_TERBATAS in src/server/sync.routes.ts: admin and pimpinan).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { idAlami } from '../../src/domain/schemas.ts';
import {
  ambilRecord,
  buatPengguna,
  evaluasiPejabatUji,
  JENIS,
  Klien,
  masuk,
  minta,
  PASSWORD_ADMIN,
  put,
  putBaru,
  serverBaru,
  tarikSemua,
  type Server,
} from './bantu.ts';

const KEPALA = { nama: 'Drs. Kepala', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };

describe.each(JENIS)('officials: permissions and reads (%s)', (jenis) => {
  let s: Server;
  let admin: Klien;
  let operator: Klien;
  let tokenOp: string;
  const opdA = randomUUID();
  const opdB = randomUUID();
  const pejabatId = randomUUID();
  const evalPj = idAlami.evaluasiPj(pejabatId, 1);
  const tugasA = randomUUID();
  const tugasB = randomUUID();
  const evalId = idAlami.evaluasiPejabat(pejabatId, 2026);

  beforeAll(async () => {
    s = await serverBaru(jenis);
    const a = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    admin = new Klien(s.app, a.token);
    await admin.pushOk(
      put('opd', opdA, { kode: '1', nama: 'Dinas A', singkatan: 'A', jenis: 'dinas', kepala: KEPALA }),
      put('opd', opdB, { kode: '2', nama: 'Dinas B', singkatan: 'B', jenis: 'dinas', kepala: KEPALA }),
      put('pejabat', pejabatId, {
        nama: 'Dr. Pj',
        nip: '197101011993031002',
        jabatan: 'Bupati Uji',
        level: 'kepala-daerah',
        penugasan: 'pj',
        opdId: opdA,
        tmt: '2026-01-05',
      }),
      put('evaluasiPejabat', evalId, { ...evaluasiPejabatUji(opdA), pejabatId, tahun: 2026 }),
      put('evaluasiPj', evalPj, { pejabatId, ke: 1, mulai: '2026-01-05', selesai: '2026-04-04', batasLaporan: '2026-04-14' }),
      put('tugasPj', tugasA, { evaluasiPjId: evalPj, opdId: opdA, kodeIndikator: 'B2', uraian: 'Bahan stunting', batasWaktu: '2026-04-09' }),
      put('tugasPj', tugasB, { evaluasiPjId: evalPj, opdId: opdB, kodeIndikator: 'B3', uraian: 'Bahan kemiskinan', batasWaktu: '2026-04-09' }),
    );
    await buatPengguna(s.app, a.token, { username: 'op-a', role: 'operator', opdId: opdA, password: 'Kuat-Sekali-2026!#x' });
    const op = await masuk(s.app, 'op-a', 'Kuat-Sekali-2026!#x');
    tokenOp = op.token;
    operator = new Klien(s.app, op.token);
  }, 120_000);
  afterAll(async () => {
    await s?.tutup();
  });

  it("the operator sends its own OPD's bahan, nothing else", async () => {
    const [ok] = await operator.pushOk(put('tugasPj', tugasA, { bahan: 'Prevalensi stunting 14,2 % (e-PPGBM Maret)', status: 'dikirim' }));
    expect(['applied', 'merged']).toContain(ok?.status); // baseRev 0: merged over the admin's fields
    const tolak = await operator.pushOk(
      put('tugasPj', tugasB, { bahan: 'bukan milik saya' }),
      put('tugasPj', tugasA, { status: 'diterima' }),
      put('tugasPj', tugasA, { batasWaktu: '2026-05-01' }),
      putBaru('tugasPj', { evaluasiPjId: evalPj, opdId: opdA, kodeIndikator: 'K1', uraian: 'x', batasWaktu: '2026-04-09' }),
      put('pejabat', pejabatId, { nama: 'Diubah operator' }),
      put('evaluasiPj', evalPj, { ringkasan: 'Diubah operator' }),
      put('evaluasiPejabat', evalId, { catatan: 'Diubah operator' }),
    );
    expect(tolak.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    const a = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    expect(await ambilRecord(s.app, a.token, 'tugasPj', tugasA)).toMatchObject({ status: 'dikirim', bahan: expect.stringContaining('14,2') });
    expect(await ambilRecord(s.app, a.token, 'pejabat', pejabatId)).toMatchObject({ nama: 'Dr. Pj' });
  });

  it("pasal 142 evaluations never reach an operator's pull or record read; officials and Pj tasks do", async () => {
    const milikOp = await tarikSemua(s.app, tokenOp);
    expect(milikOp.some((c) => c.table === 'evaluasiPejabat')).toBe(false);
    expect(milikOp.some((c) => c.table === 'pejabat')).toBe(true);
    expect(milikOp.some((c) => c.table === 'tugasPj')).toBe(true);
    expect((await minta(s.app, 'GET', `/api/v1/records/evaluasiPejabat/${evalId}`, { token: tokenOp })).status).toBe(403);
    const a = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    expect((await tarikSemua(s.app, a.token)).some((c) => c.table === 'evaluasiPejabat')).toBe(true);
    expect(await ambilRecord(s.app, a.token, 'evaluasiPejabat', evalId)).toMatchObject({ pejabatId, tahun: 2026 });
  });

  it('the server refuses an evaluation or Pj period under an id not derived from its natural key', async () => {
    const r = await admin.pushOk(
      put('evaluasiPejabat', randomUUID(), { ...evaluasiPejabatUji(opdA), pejabatId, tahun: 2027 }),
      put('evaluasiPj', randomUUID(), { pejabatId, ke: 2, mulai: '2026-04-05', selesai: '2026-07-04', batasLaporan: '2026-07-14' }),
    );
    expect(r.map((x) => x.status)).toEqual(['rejected', 'rejected']);
    expect(r.map((x) => ('reason' in x ? x.reason : ''))).toEqual([expect.stringMatching(/kunci alaminya/), expect.stringMatching(/kunci alaminya/)]);
  });
});
