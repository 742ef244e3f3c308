/**
 * Issue 9 through the real client (Dexie outbox + engine) against the real server in process:
 * §1 a new record's put carries only what the person set, so two tablets' first entries of one
 *    quarter merge (src/db/repo.ts, docs/sync-protocol.md "Merging");
 * §2 a konflik resolution queued offline is one mutation that the server applies at push time
 *    (src/db/konflik.ts, docs/sync-protocol.md "Resolving a konflik");
 * §6 a value rejected for a locked period is sent again ("Kirim ulang") once the period is
 *    unlocked, without retyping (src/db/penolakan.ts);
 * rejections keep the server's machine code (src/shared/penolakan.ts).
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';

// A real server per test (password hashing, migrations): slow on a busy machine, never timed.
vi.setConfig({ testTimeout: 120_000 });
import { idAlami } from '../../../src/domain/schemas.ts';
import { simpan } from '../../../src/db/repo.ts';
import { selesaikanKonflik } from '../../../src/db/konflik.ts';
import { kirimUlangDitolak } from '../../../src/db/penolakan.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import { pohonPk } from '../db/bantu.ts';
import { klienBaru, serverUji } from './bantu-sync.ts';

async function duaTablet() {
  const server = await serverUji();
  const fetch: FetchFn = async (i, init) => server.app.request(String(i), init);
  const a = klienBaru(fetch, server.token);
  const b = klienBaru(fetch, server.token);
  const pohon = await pohonPk(a.db, 'admin', 1);
  await a.mesin.sinkronSekarang();
  await b.mesin.sinkronSekarang();
  const ind = pohon.indikator[0]!;
  const key = idAlami.realisasi(ind.id, 'TW1');
  const dasar = { indikatorId: ind.id, opdId: pohon.opd.id, tahun: 2026, periode: 'TW1' as const };
  const server1 = async () =>
    (
      (await (await server.app.request(`/api/v1/records/realisasi/${key}`, { headers: { Authorization: `Bearer ${server.token}` } })).json()) as {
        record?: Record<string, unknown>;
      }
    ).record;
  return { server, a, b, key, dasar, serverRecord: server1 };
}

describe('first entries of one quarter on two tablets (issue 9 §1)', () => {
  it('the value from one tablet and the masalah from the other merge; no konflik, nothing emptied', async () => {
    const { a, b, key, dasar, serverRecord } = await duaTablet();
    await simpan(a.db, 'realisasi', key, { ...dasar, nilai: 33 }, 'admin');
    await simpan(b.db, 'realisasi', key, { ...dasar, masalah: 'Vaksin terlambat datang' }, 'admin');
    // The put carries only what was set plus what identifies the record (no defaults).
    const [m] = await b.db.outbox.toArray();
    expect(Object.keys(m!.fields).sort()).toEqual(['indikatorId', 'masalah', 'opdId', 'periode', 'tahun']);
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    expect(await serverRecord()).toMatchObject({ nilai: 33, masalah: 'Vaksin terlambat datang' });
    for (const t of [a, b]) {
      expect(await t.db.konflik.count()).toBe(0);
      expect(await t.db.realisasi.get(key)).toMatchObject({ nilai: 33, masalah: 'Vaksin terlambat datang' });
    }
  });
});

describe('a konflik resolution queued offline (issue 9 §2)', () => {
  it('is one mutation on the konflik; at push time the server writes the chosen value and closes the konflik', async () => {
    const { a, b, key, dasar, serverRecord } = await duaTablet();
    await simpan(a.db, 'realisasi', key, { ...dasar, nilai: 33 }, 'admin');
    await a.mesin.sinkronSekarang();
    await simpan(b.db, 'realisasi', key, { ...dasar, nilai: 40 }, 'admin');
    await b.mesin.sinkronSekarang();
    const [k] = await b.db.konflik.toArray();
    expect(k).toMatchObject({ field: 'nilai', nilaiServer: 33, nilaiMasuk: 40, status: 'terbuka' });
    // Offline: the choice shows at once and waits in the outbox as ONE mutation, on the konflik.
    await selesaikanKonflik(b.db, k!.id, 'masuk', 'admin');
    expect((await b.db.realisasi.get(key))!.nilai).toBe(40);
    expect((await b.db.outbox.toArray()).map((m) => [m.table, m.fields])).toEqual([
      ['konflik', { status: 'selesai', penyelesaian: 'masuk', diselesaikanOleh: 'admin' }],
    ]);
    await b.mesin.sinkronSekarang();
    expect((await serverRecord())!.nilai).toBe(40);
    await a.mesin.sinkronSekarang();
    expect((await a.db.realisasi.get(key))!.nilai).toBe(40);
    expect((await a.db.konflik.get(k!.id))!.status).toBe('selesai');
  });
});

describe('Kirim ulang (issue 9 §6)', () => {
  it('a value refused for a locked period is sent again after the unlock, without retyping', async () => {
    const { a, b, key, dasar, serverRecord } = await duaTablet();
    const kunci = idAlami.kunciPeriode(2026, 1);
    await simpan(b.db, 'kunciPeriode', kunci, { tahun: 2026, triwulan: 1, terkunci: true, oleh: 'admin' }, 'admin');
    await b.mesin.sinkronSekarang();
    await simpan(a.db, 'realisasi', key, { ...dasar, nilai: 77 }, 'admin');
    await a.mesin.sinkronSekarang();
    const [p] = await a.db.penolakan.toArray();
    // The code travels with the reason; the client decides by it.
    expect(p).toMatchObject({ table: 'realisasi', key, kode: 'kunci' });
    expect(await serverRecord()).toBeUndefined();
    await simpan(b.db, 'kunciPeriode', kunci, { terkunci: false }, 'admin');
    await b.mesin.sinkronSekarang();
    await kirimUlangDitolak(a.db, 'realisasi', key);
    expect(await a.db.penolakan.count()).toBe(0);
    await a.mesin.sinkronSekarang();
    expect(await serverRecord()).toMatchObject({ nilai: 77 });
    expect(await a.db.penolakan.count()).toBe(0);
    expect(await a.db.outbox.count()).toBe(0);
  });
});
