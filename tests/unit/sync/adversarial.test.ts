/** Adversarial sync tests (CONTRIBUTING.md "Tests"): interleavings, writes during a push, deletes vs edits. */
import { afterEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { pohonPk, PEJABAT } from '../db/bantu.ts';
import { klienBaru, type Klien } from './bantu-sync.ts';
import { ServerPalsu } from './server-palsu.ts';
import { hapus, simpan } from '../../../src/db/repo.ts';
import { selesaikanKonflik } from '../../../src/db/konflik.ts';
import { idBaru, type User } from '../../../src/domain/schemas.ts';

const admin: User = { id: idBaru(), username: 'admin', nama: 'Admin', role: 'admin', opdId: null, aktif: true };
const dibuka: Klien[] = [];
afterEach(() => {
  for (const k of dibuka.splice(0)) {
    k.mesin.stop();
    k.db.close();
  }
});

function dua(server: ServerPalsu, fetchA = server.fetch) {
  server.masukkanToken('t-a', admin);
  server.masukkanToken('t-b', { ...admin, id: idBaru() });
  const a = klienBaru(fetchA, 't-a');
  const b = klienBaru(server.fetch, 't-b');
  dibuka.push(a, b);
  return [a, b] as const;
}

describe('adversarial sync', () => {
  it('random interleavings of edits and syncs on two tablets converge, with every conflict kept', async () => {
    const nilai = ['Alpha', 'Beta', 'Gamma'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.oneof(
            fc.record({
              k: fc.constant('edit' as const),
              c: fc.integer({ min: 0, max: 1 }),
              f: fc.constantFrom('nama' as const, 'singkatan' as const, 'kode' as const),
              v: fc.integer({ min: 0, max: 2 }),
            }),
            fc.record({ k: fc.constant('sync' as const), c: fc.integer({ min: 0, max: 1 }) }),
            fc.record({ k: fc.constant('hilang' as const), c: fc.integer({ min: 0, max: 1 }) }),
          ),
          { maxLength: 14 },
        ),
        async (ops) => {
          const server = new ServerPalsu();
          const klien = dua(server);
          const opd = await simpan(klien[0].db, 'opd', null, { kode: '1', nama: 'Awal', singkatan: 'A', jenis: 'dinas', kepala: PEJABAT }, 'a');
          await klien[0].mesin.sinkronSekarang();
          await klien[1].mesin.sinkronSekarang();
          for (const op of ops) {
            const k = klien[op.c]!;
            if (op.k === 'edit') await simpan(k.db, 'opd', opd.id, { [op.f]: `${nilai[op.v]}-${op.c}` }, `u${op.c}`);
            else {
              if (op.k === 'hilang') server.hilangkanJawabanPush = 1;
              await k.mesin.sinkronSekarang();
              server.hilangkanJawabanPush = 0;
            }
          }
          for (let i = 0; i < 2; i++) for (const k of klien) await k.mesin.sinkronSekarang();
          const srv = server.records.get(`opd:${opd.id}`)!.record;
          for (const k of klien) {
            expect(await k.db.outbox.count()).toBe(0);
            const r = (await k.db.opd.get(opd.id))!;
            expect({ nama: r.nama, singkatan: r.singkatan, kode: r.kode, rev: r.rev }).toEqual({
              nama: srv.nama,
              singkatan: srv.singkatan,
              kode: srv.kode,
              rev: srv.rev,
            });
            expect(await k.db.konflik.count()).toBe([...server.records.keys()].filter((x) => x.startsWith('konflik:')).length);
          }
          // Nothing silently lost: a field only one tablet edited ends with that tablet's last value;
          // a field both edited ends with one of them, the other's value kept in a konflik when they raced.
          for (const f of ['nama', 'singkatan', 'kode'] as const) {
            const terakhir = [0, 1].map((c) => ops.filter((o) => o.k === 'edit' && o.c === c && o.f === f).at(-1));
            const nilaiC = terakhir.map((o, c) => (o && o.k === 'edit' ? `${nilai[o.v]}-${c}` : null));
            if (nilaiC[0] && !nilaiC[1]) expect(srv[f]).toBe(nilaiC[0]);
            if (nilaiC[1] && !nilaiC[0]) expect(srv[f]).toBe(nilaiC[1]);
            if (nilaiC[0] && nilaiC[1]) {
              const semuaNilai = ops.filter((o) => o.k === 'edit' && o.f === f).map((o) => (o.k === 'edit' ? `${nilai[o.v]}-${o.c}` : ''));
              expect(semuaNilai).toContain(srv[f]);
            }
          }
        },
      ),
      { numRuns: 25 },
    );
    // 25 runs of two tablets each: about 2 s on a quiet machine, past the default 5 s on a loaded one.
  }, 60_000);

  it('a local write made while a push is in flight stays in the outbox and is sent next', async () => {
    const server = new ServerPalsu();
    let dalamPush: (() => Promise<void>) | null = null;
    const fetchA = async (i: string | URL | Request, init?: RequestInit) => {
      if (String(i).includes('/sync/push') && dalamPush) {
        const f = dalamPush;
        dalamPush = null;
        await f();
      }
      return server.fetch(i, init);
    };
    const [a] = dua(server, fetchA);
    const { opd } = await pohonPk(a.db);
    dalamPush = async () => {
      await simpan(a.db, 'opd', opd.id, { nama: 'Diketik saat mengirim' }, 'a');
    };
    await a.mesin.sinkronSekarang();
    expect(dalamPush).toBeNull();
    // The run pushed the first batch, then pushed the new entry in its next loop iteration.
    expect(await a.db.outbox.count()).toBe(0);
    expect(server.records.get(`opd:${opd.id}`)!.record.nama).toBe('Diketik saat mengirim');
    expect((await a.db.opd.get(opd.id))!.nama).toBe('Diketik saat mengirim');
  });

  it('an edit of a record deleted elsewhere becomes a _deleted konflik; only "server" can resolve it', async () => {
    const server = new ServerPalsu();
    const [a, b] = dua(server);
    const { opd } = await pohonPk(a.db);
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    await hapus(a.db, 'opd', opd.id, 'a');
    await a.mesin.sinkronSekarang();
    await simpan(b.db, 'opd', opd.id, { nama: 'Masih dipakai' }, 'b');
    await b.mesin.sinkronSekarang();
    const k = (await b.db.konflik.toArray())[0]!;
    expect(k).toMatchObject({ field: '_deleted', recordId: opd.id, status: 'terbuka' });
    expect((await b.db.opd.get(opd.id))!.deleted).toBe(true);
    await expect(selesaikanKonflik(b.db, k.id, 'masuk', 'b')).rejects.toThrow(/sudah dihapus di server/);
    await selesaikanKonflik(b.db, k.id, 'server', 'b');
    await b.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    expect((await a.db.konflik.get(k.id))!.status).toBe('selesai');
  });
});
