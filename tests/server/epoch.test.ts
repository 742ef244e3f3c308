/**
 * The database's identity in every sync answer (docs/deployment.md §"Cadangan dan pemulihan",
 * src/server/migrations/003_epoch.sql): pull answers and /health carry the epoch, the server's
 * newest rev and its schema version, and so does a push answer unless the push named the epoch
 * (docs/sync-protocol.md "POST /sync/push"); a push made against another epoch applies nothing
 * (409 `epoch_berbeda` with the new epoch and the rev it began at).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { healthSchema, pullResponseSchema, pushResponseSchema, SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { harapGalat, JENIS, Klien, masuk, minta, PASSWORD_ADMIN, put, revServer, serverBaru, type Server, keyRakor } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const rakor = (tempat: string) => ({ tanggal: '2026-12-20', tempat, pimpinan: PEJABAT });

describe.each(JENIS)('epoch in every sync answer (%s)', (jenis) => {
  let s: Server;
  beforeAll(async () => {
    s = await serverBaru(jenis);
  });
  afterAll(async () => s?.tutup());

  it('health, push and pull name the same epoch; pull tells the server rev', async () => {
    const h = await minta(s.app, 'GET', '/api/v1/health');
    const health = healthSchema.parse(h.json);
    expect(health.epochRev).toBe(0);
    expect(health.version).toMatch(/^\d+\.\d+\.\d+/);

    const admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    const k = new Klien(s.app, admin.token);
    const push = await k.kirim({ ...k.batch([put('rakor', keyRakor(), rakor('Aula'))]), epoch: health.epoch });
    expect(push.status).toBe(200);
    k.seq = 1;
    // A push that named the epoch gets no identity back: it is the one it named (the server refuses another).
    const pr = pushResponseSchema.parse(push.json);
    expect(pr).not.toHaveProperty('epoch');
    expect(pr).not.toHaveProperty('epochRev');
    expect(pr).not.toHaveProperty('schemaVersion');
    expect(pr.results[0]?.status).toBe('applied');
    // One that did not (a first push, before any pull) is told who answered.
    const tanpa = await k.kirim(k.batch([put('rakor', keyRakor(), rakor('Pendopo'))]));
    expect(tanpa.status).toBe(200);
    const pt = pushResponseSchema.parse(tanpa.json);
    expect(pt.epoch).toBe(health.epoch);
    expect(pt.epochRev).toBe(0);
    expect(pt.schemaVersion).toBe(SCHEMA_VERSION);

    const pull = pullResponseSchema.parse((await minta(s.app, 'GET', '/api/v1/sync/pull?since=0', { token: admin.token })).json);
    expect(pull.epoch).toBe(health.epoch);
    expect(pull.rev).toBe(await revServer(s.db));
    // A cursor past the server's rev: the answer shows the server is behind it.
    const jauh = pullResponseSchema.parse((await minta(s.app, 'GET', `/api/v1/sync/pull?since=${pull.rev! + 50}`, { token: admin.token })).json);
    expect(jauh.rev).toBe(pull.rev);
  });

  it('a push against another epoch changes nothing and names the new epoch', async () => {
    const admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    const k = new Klien(s.app, admin.token);
    const sebelum = await revServer(s.db);
    // What `npm run restore` does to the identity (src/server/cadangan.ts).
    await s.db.query('UPDATE sync_state SET epoch = gen_random_uuid(), epoch_rev = rev WHERE id = 1');
    const [baru] = await s.db.query<{ epoch: string }>('SELECT epoch::text AS epoch FROM sync_state');
    const j = await k.kirim({ ...k.batch([put('rakor', keyRakor(), rakor('Pendopo'))]), epoch: randomUUID() });
    harapGalat({ status: j.status, headers: new Headers({ 'content-type': 'application/json' }), teks: '', json: j.json }, 409, 'epoch_berbeda');
    expect(j.json.epoch).toBe(baru!.epoch);
    expect(j.json.epochRev).toBe(sebelum);
    expect(await revServer(s.db)).toBe(sebelum);
    // The seq was not consumed either: the same batch with the right epoch applies as seq 1.
    const ok = await k.kirim({ ...k.batch([put('rakor', keyRakor(), rakor('Pendopo'))]), epoch: baru!.epoch });
    expect(ok.status).toBe(200);
    expect(ok.json.lastSeq).toBe(1);
  });
});
