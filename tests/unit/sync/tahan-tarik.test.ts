/**
 * A pulled change held back by read-your-writes (docs/sync-protocol.md "GET /sync/pull?since=REV&limit=N") must still reach the tablet.
 * The pull cursor moves past the held change; when the pending edit then comes back as `conflict`
 * (server value kept) or `applied` without a change (the server's rev does not move), no later pull
 * brings the server's version again. Against the real server (createApp on in-memory PGlite): the
 * tablet must end on the server's value and rev, and its next edit of that record must not conflict.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PEJABAT } from '../db/bantu.ts';
import { klienBaru, type Klien } from './bantu-sync.ts';
import { simpan } from '../../../src/db/repo.ts';
import { selesaikanKonflik } from '../../../src/db/konflik.ts';
import { KEY_PERLU_AMBIL } from '../../../src/db/tarik.ts';
import { statusPerRecord } from '../../../src/lib/status-nilai.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import type { createApp } from '../../../src/server/app.ts';
import type { Db } from '../../../src/server/db.ts';
import { serverUji } from './bantu-sync.ts';

let db: Db;
let app: ReturnType<typeof createApp>;
let token: string;
/** Runs once, just before the next pull request reaches the server (an edit typed meanwhile). */
let sisipan: (() => Promise<void>) | null = null;
const fetchApp: FetchFn = async (input, init) => {
  const url = String(input instanceof Request ? input.url : input);
  if (sisipan && url.includes('/sync/pull')) {
    const f = sisipan;
    sisipan = null;
    await f();
  }
  return app.request(url, init);
};
const dibuka: Klien[] = [];
// One server for the file: konflik records are synced to every tablet, so tests look at their own record only.

beforeAll(async () => {
  ({ db, app, token } = await serverUji());
}, 120_000);
afterAll(async () => {
  await db?.close();
});
afterEach(() => {
  sisipan = null;
  for (const k of dibuka.splice(0)) {
    k.mesin.stop();
    k.db.close();
  }
});

async function recordServer(table: string, id: string): Promise<Record<string, unknown>> {
  const res = await app.request(`/api/v1/records/${table}/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await res.json()) as { record: Record<string, unknown> }).record;
}

/** OPD kode is unique per pemda (docs/domain/rakor.md), so each test's OPD gets its own. */
let nomorOpd = 0;

/** Two tablets (same user, own databases and client ids) that both hold one synced OPD. */
async function duaTablet() {
  const a = klienBaru(fetchApp, token);
  const b = klienBaru(fetchApp, token);
  dibuka.push(a, b);
  const opd = await simpan(
    a.db,
    'opd',
    null,
    { kode: `9.${++nomorOpd}`, nama: 'Dinas Awal', singkatan: `DA${nomorOpd}`, jenis: 'dinas', kepala: PEJABAT },
    'admin',
  );
  await a.mesin.sinkronSekarang();
  await b.mesin.sinkronSekarang();
  expect((await b.db.opd.get(opd.id))?.nama).toBe('Dinas Awal');
  return { a, b, id: opd.id };
}

describe('a pulled change held back by a pending edit', () => {
  it('conflict: the tablet ends on the server value and rev, the user value is in the konflik, the next edit applies', async () => {
    const { a, b, id } = await duaTablet();
    await simpan(b.db, 'opd', id, { nama: 'Nama dari B' }, 'admin');
    await b.mesin.sinkronSekarang();
    // A syncs; while its pull is on the wire the user types into the same field.
    sisipan = async () => void (await simpan(a.db, 'opd', id, { nama: 'Nama dari A' }, 'admin'));
    await a.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();

    const srv = await recordServer('opd', id);
    expect(srv.nama).toBe('Nama dari B');
    expect(await a.db.outbox.count()).toBe(0);
    const konflik = await a.db.konflik.where('recordId').equals(id).toArray();
    expect(konflik.map((k) => [k.field, k.nilaiServer, k.nilaiMasuk])).toEqual([['nama', 'Nama dari B', 'Nama dari A']]);
    const lokal = await a.db.opd.get(id);
    expect({ nama: lokal?.nama, rev: lokal?.rev }).toEqual({ nama: 'Nama dari B', rev: srv.rev });
    expect((await statusPerRecord(a.db, 'opd')).get(id)?.status).toBe('konflik');
    expect(await a.db.meta.get(KEY_PERLU_AMBIL)).toBeUndefined();

    // Picking the server value shows the server value; a later edit from A is not a conflict again.
    await selesaikanKonflik(a.db, konflik[0]!.id, 'server', 'admin');
    await simpan(a.db, 'opd', id, { singkatan: 'DB' }, 'admin');
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    expect((await a.db.konflik.where('recordId').equals(id).toArray()).filter((k) => k.status === 'terbuka').length).toBe(0);
    const akhir = await recordServer('opd', id);
    expect(akhir).toMatchObject({ nama: 'Nama dari B', singkatan: 'DB' });
    for (const t of [a, b]) expect(await t.db.opd.get(id)).toMatchObject({ nama: 'Nama dari B', singkatan: 'DB', rev: akhir.rev });
  });

  it('applied without a change: the tablet gets the server rev back, so its next edit of the field is no konflik', async () => {
    const { a, b, id } = await duaTablet();
    await simpan(b.db, 'opd', id, { nama: 'Nama Sama' }, 'admin');
    await b.mesin.sinkronSekarang();
    // A types the very value B already sent while its pull is on the wire.
    sisipan = async () => void (await simpan(a.db, 'opd', id, { nama: 'Nama Sama' }, 'admin'));
    await a.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    const srv = await recordServer('opd', id);
    expect(await a.db.opd.get(id)).toMatchObject({ nama: 'Nama Sama', rev: srv.rev });
    expect(await a.db.konflik.where('recordId').equals(id).count()).toBe(0);

    await simpan(a.db, 'opd', id, { nama: 'Nama Baru dari A' }, 'admin');
    await a.mesin.sinkronSekarang();
    expect(await a.db.konflik.where('recordId').equals(id).count()).toBe(0);
    expect((await recordServer('opd', id)).nama).toBe('Nama Baru dari A');
  });

  it('an edit typed again before the fetch keeps the record remembered until that edit is pushed too', async () => {
    const { a, b, id } = await duaTablet();
    await simpan(b.db, 'opd', id, { nama: 'Nama dari B' }, 'admin');
    await b.mesin.sinkronSekarang();
    sisipan = async () => void (await simpan(a.db, 'opd', id, { nama: 'Nama dari A' }, 'admin'));
    await a.mesin.sinkronSekarang();
    // Held back and remembered; the user keeps typing in another field before the next sync.
    expect((await a.db.meta.get(KEY_PERLU_AMBIL))?.value).toEqual([`opd:${id}`]);
    await simpan(a.db, 'opd', id, { singkatan: 'XA' }, 'admin');
    expect(await a.db.opd.get(id)).toMatchObject({ nama: 'Nama dari A', singkatan: 'XA' });
    await a.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    const srv = await recordServer('opd', id);
    expect(srv).toMatchObject({ nama: 'Nama dari B', singkatan: 'XA' });
    expect(await a.db.opd.get(id)).toMatchObject({ nama: 'Nama dari B', singkatan: 'XA', rev: srv.rev });
    expect(await a.db.meta.get(KEY_PERLU_AMBIL)).toBeUndefined();
  });
});
