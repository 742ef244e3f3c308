/**
 * A konflik is resolved once: two tablets resolving the same konflik offline never make a konflik
 * about the konflik; the first resolution stands, the same choice again is acknowledged, a different
 * one is refused with an Indonesian reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ambilRecord, buatPengguna, JENIS, Klien, masuk, PASSWORD_ADMIN, put, serverBaru, tarikSemua, type Server, type Sesi, keyRakor } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const RAKOR = { tanggal: '2026-10-20', tempat: 'Aula Bappeda', nomor: '005/1/2026', pimpinan: PEJABAT };

describe.each(JENIS)('resolving a konflik twice (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let a: Klien;
  let b: Klien;

  beforeAll(async () => {
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    await buatPengguna(s.app, admin.token, { username: 'pimpinan', role: 'pimpinan' });
    a = new Klien(s.app, (await masuk(s.app, 'pimpinan')).token);
    b = new Klien(s.app, admin.token);
  });
  afterAll(async () => {
    await s?.tutup();
  });

  it('the first resolution stands; the same choice is acknowledged, another is refused, no konflik on konflik', async () => {
    const key = keyRakor();
    const [r0] = await b.pushOk(put('rakor', key, RAKOR));
    const rev0 = r0 && 'rev' in r0 ? r0.rev : 0;
    await a.pushOk(put('rakor', key, { tempat: 'Pendopo' }, rev0));
    const [rk] = await b.pushOk(put('rakor', key, { tempat: 'Ruang Rapat' }, rev0));
    expect(rk?.status).toBe('conflict');
    const konflikId = rk?.status === 'conflict' ? rk.konflikIds[0]! : '';
    const k0 = await ambilRecord(s.app, admin.token, 'konflik', konflikId);
    expect(k0).toMatchObject({ status: 'terbuka', nilaiServer: 'Pendopo', nilaiMasuk: 'Ruang Rapat' });

    // Both tablets resolve from the same rev, offline: A keeps the server value, B the incoming one.
    const [ra] = await a.pushOk(put('konflik', konflikId, { status: 'selesai', penyelesaian: 'server', diselesaikanOleh: 'pimpinan' }, k0!.rev as number));
    expect(ra?.status).toBe('applied');
    const [rb] = await b.pushOk(put('konflik', konflikId, { status: 'selesai', penyelesaian: 'masuk', diselesaikanOleh: 'admin' }, k0!.rev as number));
    expect(rb?.status).toBe('rejected');
    expect(rb?.status === 'rejected' && rb.reason).toMatch(/sudah diselesaikan oleh pimpinan/);
    // The same choice from another tablet is just acknowledged.
    const [rc] = await b.pushOk(put('konflik', konflikId, { status: 'selesai', penyelesaian: 'server', diselesaikanOleh: 'admin' }, k0!.rev as number));
    expect(rc?.status).toBe('applied');

    const konflik = (await tarikSemua(s.app, admin.token)).filter((c) => c.table === 'konflik').map((c) => c.record as Record<string, unknown>);
    expect(konflik.map((k) => [k.tabel, k.recordId])).toEqual([['rakor', key]]);
    expect(await ambilRecord(s.app, admin.token, 'konflik', konflikId)).toMatchObject({
      status: 'selesai',
      penyelesaian: 'server',
      diselesaikanOleh: 'pimpinan',
    });
  });
});
