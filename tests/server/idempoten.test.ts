/**
 * Idempotent push (docs/sync-protocol.md "POST /sync/push"): a batch retried any number of times gives the same answers and
 * stores nothing twice; a gap in seq is a 409 with lastSeq that applies nothing of the batch; resending
 * from lastSeq + 1 works.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { seqGapSchema } from '../../src/shared/protocol.ts';
import {
  ambilRecord,
  buatPengguna,
  hapus,
  JENIS,
  Klien,
  masuk,
  PASSWORD_ADMIN,
  put,
  revServer,
  sidikData,
  serverBaru,
  tarik,
  tarikSemua,
  type Server,
  type Sesi,
  keyRakor,
} from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const rakor = (tempat: string) => ({ tanggal: '2026-10-20', tempat, pimpinan: PEJABAT });

describe.each(JENIS)('idempotent push and seq gaps (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let pimpinan: Sesi;

  beforeAll(async () => {
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    await buatPengguna(s.app, admin.token, { username: 'pimpinan', role: 'pimpinan' });
    pimpinan = await masuk(s.app, 'pimpinan');
  });
  afterAll(async () => {
    await s?.tutup();
  });

  it('the same batch sent 3 times: identical answers, one rev per change, one change per record in a pull', async () => {
    const k = new Klien(s.app, admin.token);
    const ada = keyRakor();
    await k.pushOk(put('rakor', ada, rakor('Aula lama')));
    const revAda = (await ambilRecord(s.app, admin.token, 'rakor', ada))!.rev;
    const baru = [keyRakor(), keyRakor(), keyRakor()];
    const rev0 = await revServer(s.db);
    const body = k.batch([
      put('rakor', baru[0]!, rakor('Ruang 1')),
      put('rakor', baru[1]!, rakor('Ruang 2')),
      put('rakor', ada, { tempat: 'Aula baru' }, revAda),
      put('konflik', randomUUID(), { tabel: 'rakor' }), // rejected: part of the answer too
      put('rakor', baru[2]!, rakor('Ruang 3')),
      hapus('rakor', baru[1]!, 0),
    ]);
    const pertama = await k.kirim(body);
    expect(pertama.status).toBe(200);
    expect(pertama.results.map((r) => r.status)).toEqual(['applied', 'applied', 'applied', 'rejected', 'applied', 'applied']);
    expect(pertama.json.lastSeq).toBe(k.seq + 6);
    const sidik = await sidikData(s.db);
    const rev1 = await revServer(s.db);
    expect(rev1).toBe(rev0 + 5);
    expect(pertama.json.rev).toBe(rev1);

    // The first answer names the revs its push gave (issue 17 §4); a retry wrote nothing, so its
    // range is empty (revAwal = rev) and it stamps no time. Everything else is the original answer.
    const { revAwal, updatedAt, ...inti } = pertama.json as Record<string, unknown>;
    expect([revAwal, typeof updatedAt]).toEqual([rev0, 'string']);
    const samaDenganPertama = (json: Record<string, unknown>) => {
      const { revAwal: ra, updatedAt: ua, ...sisa } = json;
      expect(sisa).toEqual(inti);
      expect([ra, ua]).toEqual([rev1, undefined]);
    };
    for (let i = 0; i < 2; i++) {
      const ulang = await k.kirim(body);
      expect(ulang.status).toBe(200);
      samaDenganPertama(ulang.json as Record<string, unknown>);
      expect(await sidikData(s.db)).toBe(sidik);
    }
    // The same mutations with new mutation ids (a client that rebuilt its batch) are still retries by seq.
    const ulangIdBaru = await k.kirim({ ...body, mutations: body.mutations.map((m) => ({ ...m, id: randomUUID() })) });
    samaDenganPertama(ulangIdBaru.json as Record<string, unknown>);
    expect(await sidikData(s.db)).toBe(sidik);

    const changes = (await tarik(s.app, admin.token, rev0)).changes;
    expect(changes.map((c) => c.key).sort()).toEqual([ada, ...baru].sort());
    const revs = changes.map((c) => c.rev);
    expect(new Set(revs).size).toBe(revs.length);
    expect(changes.find((c) => c.key === baru[1])).toMatchObject({ deleted: true });
    expect(changes.find((c) => c.key === ada)?.record).toMatchObject({ tempat: 'Aula baru' });
  });

  it('retried seqs keep their original answer even after others changed the record', async () => {
    const a = new Klien(s.app, admin.token);
    const b = new Klien(s.app, pimpinan.token);
    const key = keyRakor();
    const body = a.batch([put('rakor', key, rakor('Asli'))]);
    const pertama = await a.kirim(body);
    a.seq = pertama.json.lastSeq;
    await b.pushOk(put('rakor', key, { tempat: 'Diubah pimpinan' }, (pertama.results[0] as { rev: number }).rev));
    const sidik = await sidikData(s.db);
    const ulang = await a.kirim(body);
    expect(ulang.results).toEqual(pertama.results);
    expect(ulang.json.lastSeq).toBe(pertama.json.lastSeq);
    expect(await sidikData(s.db)).toBe(sidik);
    expect((await ambilRecord(s.app, admin.token, 'rakor', key))!.tempat).toBe('Diubah pimpinan');
  });

  it('a batch mixing already-applied and new seqs applies only the new ones', async () => {
    const k = new Klien(s.app, admin.token);
    const [x, y, z] = [keyRakor(), keyRakor(), keyRakor()];
    const b12 = k.batch([put('rakor', x, rakor('X')), put('rakor', y, rakor('Y'))]);
    const h12 = await k.kirim(b12);
    expect(h12.json.lastSeq).toBe(2);
    const rev = await revServer(s.db);
    const b123 = k.batch([put('rakor', x, rakor('X')), put('rakor', y, rakor('Y')), put('rakor', z, rakor('Z'))], 1);
    const h123 = await k.kirim(b123);
    expect(h123.status).toBe(200);
    expect(h123.results.slice(0, 2)).toEqual(h12.results);
    expect(h123.results[2]).toMatchObject({ seq: 3, status: 'applied', rev: rev + 1 });
    expect(h123.json.lastSeq).toBe(3);
    expect(await revServer(s.db)).toBe(rev + 1);
  });

  it('concurrent duplicates of one batch apply it once', async () => {
    const k = new Klien(s.app, admin.token);
    const keys = Array.from({ length: 5 }, () => keyRakor());
    const rev0 = await revServer(s.db);
    const body = k.batch(keys.map((key, i) => put('rakor', key, rakor(`Paralel ${i}`))));
    const hasil = await Promise.all([k.kirim(body), k.kirim(body), k.kirim(body)]);
    for (const h of hasil) {
      expect(h.status).toBe(200);
      expect(h.results).toEqual(hasil[0]!.results);
    }
    expect(await revServer(s.db)).toBe(rev0 + 5);
    const changes = await tarikSemua(s.app, admin.token, rev0);
    expect(changes.map((c) => c.key).sort()).toEqual([...keys].sort());
  });

  it('a seq gap is 409 { error: seq_gap, lastSeq } and applies nothing of the batch; resending from lastSeq + 1 works', async () => {
    const k = new Klien(s.app, admin.token);
    await k.pushOk(put('rakor', keyRakor(), rakor('Satu')), put('rakor', keyRakor(), rakor('Dua')));
    expect(k.seq).toBe(2);
    const sidik = await sidikData(s.db);

    // Starts past lastSeq + 1.
    const [a, b] = [keyRakor(), keyRakor()];
    const lompat = await k.kirim(k.batch([put('rakor', a, rakor('A')), put('rakor', b, rakor('B'))], 5));
    expect(lompat.status).toBe(409);
    expect(seqGapSchema.safeParse(lompat.json).success, JSON.stringify(lompat.json)).toBe(true);
    expect(lompat.json.lastSeq).toBe(2);
    expect(lompat.json.error.message).toMatch(/mulai nomor 3/);
    expect(await sidikData(s.db)).toBe(sidik);

    // A gap in the middle: the valid first mutation is rolled back with the rest.
    const tengah = k.batch([put('rakor', a, rakor('A')), put('rakor', b, rakor('B'))]);
    tengah.mutations[1]!.seq = 5;
    const h = await k.kirim(tengah);
    expect(h.status).toBe(409);
    expect(h.json.lastSeq).toBe(2);
    expect(await sidikData(s.db)).toBe(sidik);
    expect(await ambilRecord(s.app, admin.token, 'rakor', a)).toBeNull();

    // Out of order inside a batch is a gap too.
    const terbalik = k.batch([put('rakor', a, rakor('A')), put('rakor', b, rakor('B'))]);
    terbalik.mutations.reverse();
    expect((await k.kirim(terbalik)).status).toBe(409);
    expect(await sidikData(s.db)).toBe(sidik);

    // Resend from lastSeq + 1.
    const lanjut = await k.push(put('rakor', a, rakor('A')), put('rakor', b, rakor('B')));
    expect(lanjut.status).toBe(200);
    expect(lanjut.results.map((r) => [r.seq, r.status])).toEqual([
      [3, 'applied'],
      [4, 'applied'],
    ]);
    expect(lanjut.json.lastSeq).toBe(4);
  });

  it('a new client must start at seq 1', async () => {
    const k = new Klien(s.app, admin.token);
    const sidik = await sidikData(s.db);
    const h = await k.kirim(k.batch([put('rakor', keyRakor(), rakor('Awal'))], 2));
    expect(h.status).toBe(409);
    expect(seqGapSchema.parse(h.json).lastSeq).toBe(0);
    expect(await sidikData(s.db)).toBe(sidik);
  });

  it('a duplicated seq inside one batch is answered once and the copy changes nothing', async () => {
    const k = new Klien(s.app, admin.token);
    const key = keyRakor();
    const body = k.batch([put('rakor', key, rakor('Pertama')), put('rakor', key, { tempat: 'Salinan' })]);
    body.mutations[1]!.seq = 1;
    const h = await k.kirim(body);
    expect(h.status).toBe(200);
    expect(h.json.lastSeq).toBe(1);
    expect((await ambilRecord(s.app, admin.token, 'rakor', key))!.tempat).toBe('Pertama');
  });

  it('an empty batch is fine and changes nothing', async () => {
    const k = new Klien(s.app, admin.token);
    const sidik = await sidikData(s.db);
    const h = await k.kirim(k.batch([]));
    expect(h.status).toBe(200);
    expect(h.json.results).toEqual([]);
    expect(h.json.lastSeq).toBe(0);
    expect(h.json.rev).toBe(await revServer(s.db));
    // Registering the client row is the only allowed trace.
    const setelah = JSON.parse(await sidikData(s.db));
    const awal = JSON.parse(sidik);
    expect({ ...setelah, c: awal.c }).toEqual(awal);
  });

  it('a clientId first used by another user is 403 client_lain and changes nothing', async () => {
    const a = new Klien(s.app, admin.token);
    await a.pushOk(put('rakor', keyRakor(), rakor('Milik admin')));
    const curi = new Klien(s.app, pimpinan.token, a.clientId);
    curi.seq = a.seq;
    const sidik = await sidikData(s.db);
    const h = await curi.push(put('rakor', keyRakor(), rakor('Dari pimpinan')));
    expect(h.status).toBe(403);
    expect(h.json.error.code).toBe('client_lain');
    expect(await sidikData(s.db)).toBe(sidik);
    // Replaying the owner's applied seq under another user reveals nothing either.
    const replay = await curi.kirim(curi.batch([put('rakor', keyRakor(), rakor('x'))], 1));
    expect(replay.status).toBe(403);
  });

  it('delete is idempotent too: deleting a missing or already deleted record changes nothing', async () => {
    const k = new Klien(s.app, admin.token);
    const key = keyRakor();
    await k.pushOk(put('rakor', key, rakor('Akan dihapus')));
    const [d1] = await k.pushOk(hapus('rakor', key));
    expect(d1?.status).toBe('applied');
    const sidik = await sidikData(s.db);
    const [d2, d3] = await k.pushOk(hapus('rakor', key), hapus('rakor', keyRakor()));
    expect(d2?.status).toBe('applied');
    expect(d3?.status).toBe('applied');
    const s2 = JSON.parse(await sidikData(s.db));
    const s1 = JSON.parse(sidik);
    expect({ n: s2.n, s: s2.s, h: s2.h, rev: s2.rev }).toEqual({ n: s1.n, s: s1.s, h: s1.h, rev: s1.rev });
    expect((await ambilRecord(s.app, admin.token, 'rakor', key))!.deleted).toBe(true);
  });
});
