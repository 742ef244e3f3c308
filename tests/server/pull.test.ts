/**
 * Pull (docs/sync-protocol.md "GET /sync/pull?since=REV&limit=N"): rev order, paging with limit/next/more, the since cursor, tombstones, one entry
 * per record at its newest rev, and 400 on bad parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { pullResponseSchema } from '../../src/shared/protocol.ts';
import { recordSchemas } from '../../src/domain/schemas.ts';
import {
  hapus,
  harapGalat,
  JENIS,
  Klien,
  masuk,
  minta,
  PASSWORD_ADMIN,
  put,
  revServer,
  serverBaru,
  tarik,
  tarikSemua,
  type Server,
  type Sesi,
  keyRakor,
} from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const opd = (i: number) => ({ kode: `9.${i}`, nama: `OPD Uji ${i}`, singkatan: `U${i}`, jenis: 'dinas', kepala: PEJABAT, urutan: i });

describe.each(JENIS)('pull (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let k: Klien;
  const keys = Array.from({ length: 25 }, () => randomUUID());

  beforeAll(async () => {
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    k = new Klien(s.app, admin.token);
    await k.pushOk(...keys.map((key, i) => put('opd', key, opd(i))));
  });
  afterAll(async () => {
    await s?.tutup();
  });

  it('an empty server answers an empty page', async () => {
    const kosong = await serverBaru(jenis);
    try {
      const t = (await masuk(kosong.app, 'admin', PASSWORD_ADMIN)).token;
      expect(await tarik(kosong.app, t, 0)).toEqual({ changes: [], next: 0, more: false });
    } finally {
      await kosong.tutup();
    }
  });

  it('everything in one page: rev order, valid records, schema of the answer', async () => {
    const j = await minta(s.app, 'GET', '/api/v1/sync/pull?since=0', { token: admin.token });
    expect(j.status).toBe(200);
    const p = pullResponseSchema.parse(j.json);
    expect(p.more).toBe(false);
    expect(p.changes.map((c) => c.key)).toEqual(keys);
    expect(p.changes.map((c) => c.rev)).toEqual(keys.map((_, i) => i + 1));
    expect(p.next).toBe(25);
    for (const c of p.changes) {
      expect(c.table).toBe('opd');
      expect(c.record?.rev).toBe(c.rev);
      expect(recordSchemas.opd.safeParse(c.record).success).toBe(true);
    }
  });

  it('paging with limit: next/more walk every change exactly once', async () => {
    const halaman: number[][] = [];
    let since = 0;
    for (;;) {
      const p = await tarik(s.app, admin.token, since, 10);
      halaman.push(p.changes.map((c) => c.rev));
      expect(p.next).toBe(p.changes.at(-1)?.rev ?? since);
      since = p.next;
      if (!p.more) break;
    }
    expect(halaman.map((h) => h.length)).toEqual([10, 10, 5]);
    expect(halaman.flat()).toEqual(keys.map((_, i) => i + 1));
    // Exactly at the end: more is false, not one empty extra page.
    const pas = await tarik(s.app, admin.token, 20, 5);
    expect(pas.changes).toHaveLength(5);
    expect(pas.more).toBe(false);
    const limitSatu = await tarik(s.app, admin.token, 0, 1);
    expect(limitSatu.changes.map((c) => c.rev)).toEqual([1]);
    expect(limitSatu).toMatchObject({ next: 1, more: true });
  });

  it('since: only revs after the cursor; at or past the head → empty, next = since', async () => {
    const p = await tarik(s.app, admin.token, 17);
    expect(p.changes.map((c) => c.rev)).toEqual([18, 19, 20, 21, 22, 23, 24, 25]);
    const kepala = await revServer(s.db);
    expect(await tarik(s.app, admin.token, kepala)).toEqual({ changes: [], next: kepala, more: false });
    expect(await tarik(s.app, admin.token, kepala + 100)).toEqual({ changes: [], next: kepala + 100, more: false });
  });

  it('an edited record appears once, at its newest rev; tombstones travel with deleted: true', async () => {
    // OPDs are never deleted (they are deactivated), so the tombstone is a rakor's.
    const rev0 = await revServer(s.db);
    const rakorKey = keyRakor();
    const [r] = await k.pushOk(put('rakor', rakorKey, { tanggal: '2026-10-20', tempat: 'Aula', pimpinan: PEJABAT }));
    const [e1] = await k.pushOk(put('opd', keys[3]!, { nama: 'Diubah sekali' }, 4));
    await k.pushOk(put('opd', keys[3]!, { nama: 'Diubah dua kali' }, e1 && 'rev' in e1 ? e1.rev : 0));
    const [d] = await k.pushOk(hapus('rakor', rakorKey, r && 'rev' in r ? r.rev : 0));
    expect(d?.status).toBe('applied');

    const dariAwal = await tarikSemua(s.app, admin.token, 0, 7);
    expect(dariAwal).toHaveLength(26);
    expect(new Set(dariAwal.map((c) => c.key)).size).toBe(26);
    const revs = dariAwal.map((c) => c.rev);
    expect(revs).toEqual([...revs].sort((x, y) => x - y));

    const baru = await tarik(s.app, admin.token, rev0);
    expect(baru.changes.map((c) => [c.key, c.rev, c.deleted])).toEqual([
      [keys[3], rev0 + 3, false],
      [rakorKey, rev0 + 4, true],
    ]);
    expect(baru.changes[0]!.record).toMatchObject({ nama: 'Diubah dua kali' });
    // The tombstone keeps what identifies the record, not its data: deleting frees the space (issue 9 §3).
    expect(baru.changes[1]!.record).toMatchObject({ id: rakorKey, deleted: true, rev: rev0 + 4 });
    expect(baru.changes[1]!.record).not.toHaveProperty('tempat');
  });

  it.each([
    ['limit=0'],
    ['since=-1'],
    ['limit=abc'],
    ['since=abc'],
    ['limit=1.5'],
    ['since=0.5'],
    ['limit=5001'],
    ['limit=-3'],
    ['since=1e400'],
    ['since=99999999999999999999'],
  ])('400 on %s', async (q) => {
    const j = await minta(s.app, 'GET', `/api/v1/sync/pull?${q}`, { token: admin.token });
    harapGalat(j, 400, 'tidak_valid');
  });

  it('defaults: no parameters means since=0 with the default limit; limit=5000 is allowed', async () => {
    const j = await minta(s.app, 'GET', '/api/v1/sync/pull', { token: admin.token });
    expect(j.status).toBe(200);
    expect(j.json.changes[0].rev).toBe(1);
    expect((await tarik(s.app, admin.token, 0, 5000)).more).toBe(false);
  });

  it('pull needs a token', async () => {
    harapGalat(await minta(s.app, 'GET', '/api/v1/sync/pull?since=0'), 401, 'unauthorized');
  });

  it('GET /records/:table/:id: the record with its rev, 404 when missing, 400 on an unknown table or bad id', async () => {
    const j = await minta(s.app, 'GET', `/api/v1/records/opd/${keys[0]}`, { token: admin.token });
    expect(j.status).toBe(200);
    expect(j.json.record).toMatchObject({ id: keys[0], rev: 1, nama: 'OPD Uji 0' });
    harapGalat(await minta(s.app, 'GET', `/api/v1/records/opd/${randomUUID()}`, { token: admin.token }), 404, 'tidak_ditemukan');
    harapGalat(await minta(s.app, 'GET', `/api/v1/records/rahasia/${keys[0]}`, { token: admin.token }), 400, 'tidak_valid');
    harapGalat(await minta(s.app, 'GET', '/api/v1/records/opd/1%27%20OR%201%3D1', { token: admin.token }), 400, 'tidak_valid');
    harapGalat(await minta(s.app, 'GET', `/api/v1/records/opd/${keys[0]}`), 401);
  });

  it('unknown API paths are a JSON 404', async () => {
    harapGalat(await minta(s.app, 'GET', '/api/v1/tidak-ada', { token: admin.token }), 404, 'tidak_ditemukan');
    harapGalat(await minta(s.app, 'GET', '/api/v2/sync/pull'), 404);
  });
});
