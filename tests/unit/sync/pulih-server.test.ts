/**
 * A server restored from a backup (docs/deployment.md §"Cadangan dan pemulihan"): a tablet whose
 * cursor is past the restored server's rev, or that sees another epoch, pulls everything again,
 * drops what the server no longer has, keeps its pending edit and pushes it exactly once, re-based
 * so that nothing another device wrote after the restore is overwritten silently. Also the in-app
 * device backup (docs/deployment.md §"Cadangan perangkat"): against a server that lacks its data
 * the tablet never looks synced until the user sends or drops the copy.
 *
 * The restore is what `npm run restore` does, in SQL: the sync tables go back to a snapshot and the
 * epoch is made anew (src/server/cadangan.ts).
 */
import 'fake-indexeddb/auto';
import { idAlami } from '../../../src/domain/schemas.ts';
import { gunzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { klienBaru, serverUji, type Klien } from './bantu-sync.ts';
import { PEJABAT } from '../db/bantu.ts';
import { simpan } from '../../../src/db/repo.ts';
import { eksporCadangan, imporCadangan, kirimCadanganKeServer } from '../../../src/db/cadangan.ts';
import { kursorPull } from '../../../src/db/tarik.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import type { createApp } from '../../../src/server/app.ts';
import type { Db } from '../../../src/server/db.ts';

let db: Db;
let app: ReturnType<typeof createApp>;
let token: string;
let luring = false;
/** Runs after each pull the server answered (a restore between two pages of one run). */
let setelahTarik: (() => Promise<void>) | null = null;
/** Runs after each push the server answered (a restore between two push batches of one run). */
let setelahDorong: (() => Promise<void>) | null = null;
/** Every push that reached the server: its mutations and the answer's status. */
const dorongan: { status: number; mutations: { seq: number; fields: Record<string, unknown> }[] }[] = [];
const fetchApp: FetchFn = async (input, init) => {
  if (luring) throw new TypeError('Failed to fetch');
  const url = String(input instanceof Request ? input.url : input);
  const res = await app.request(url, init);
  if (url.includes('/sync/pull') && setelahTarik) await setelahTarik();
  if (url.includes('/sync/push') && setelahDorong) await setelahDorong();
  if (url.includes('/sync/push') && init?.body) {
    const b = init.body;
    const teks = typeof b === 'string' ? b : gunzipSync(b as Uint8Array).toString('utf8');
    dorongan.push({ status: res.status, mutations: (JSON.parse(teks) as { mutations: [] }).mutations });
  }
  return res;
};
const dibuka: Klien[] = [];
const TABEL_SINKRON = ['records', 'sync_state', 'clients', 'client_results'];

beforeAll(async () => {
  ({ db, app, token } = await serverUji());
}, 120_000);
afterAll(async () => db?.close());
afterEach(async () => {
  luring = false;
  setelahTarik = null;
  setelahDorong = null;
  for (const k of dibuka.splice(0)) {
    k.mesin.stop();
    await k.mesin.selesai();
    k.db.close();
  }
  await db.query('TRUNCATE records, clients, client_results');
  await db.query('UPDATE sync_state SET rev = 0');
});

async function cadangkan(): Promise<void> {
  for (const t of TABEL_SINKRON) {
    await db.query(`DROP TABLE IF EXISTS cadangan_${t}`);
    await db.query(`CREATE TABLE cadangan_${t} AS SELECT * FROM ${t}`);
  }
}
async function pulihkan(opsi: { epochBaru?: boolean } = {}): Promise<void> {
  await db.transaction(async (tx) => {
    for (const t of TABEL_SINKRON) {
      await tx.query(`DELETE FROM ${t}`);
      // Named columns: a generated one (records.ukuran, migration 009) is computed again, not copied.
      const [k] = await tx.query<{ kolom: string }>(
        `SELECT string_agg(column_name, ', ' ORDER BY ordinal_position) AS kolom FROM information_schema.columns
         WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'`,
        [t],
      );
      await tx.query(`INSERT INTO ${t} (${k!.kolom}) SELECT ${k!.kolom} FROM cadangan_${t}`);
    }
    if (opsi.epochBaru ?? true) await tx.query('UPDATE sync_state SET epoch = gen_random_uuid(), epoch_rev = rev');
  });
}
async function recordServer(table: string, id: string): Promise<Record<string, unknown> | null> {
  const res = await app.request(`/api/v1/records/${table}/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  return res.status === 404 ? null : ((await res.json()) as { record: Record<string, unknown> }).record;
}
async function revServer(): Promise<number> {
  const [r] = await db.query('SELECT rev FROM sync_state');
  return Number(r!.rev);
}
let nRakor = 0;
/** A new rakor under its natural id (tahun, triwulan), each one a quarter of its own (rakor have a natural key). */
const rakorBaru = (db: Parameters<typeof simpan>[0], tempat: string) => {
  const n = nRakor++;
  const tahun = 2040 + Math.floor(n / 4);
  const triwulan = (n % 4) + 1;
  return simpan(db, 'rakor', idAlami.rakor(tahun, triwulan), { tahun, triwulan, tanggal: '2026-12-20', tempat, pimpinan: PEJABAT }, 'admin');
};
function tablet(opsi: Parameters<typeof klienBaru>[2] = {}): Klien {
  const k = klienBaru(fetchApp, token, opsi);
  dibuka.push(k);
  return k;
}

describe.each([
  ['a new epoch (npm run restore)', true],
  ['the same epoch, server rev behind the cursor (a restore outside the runbook)', false],
] as const)('server restored: %s', (_nama, epochBaru) => {
  it('re-pulls everything, drops what the server lost, and pushes the pending edit exactly once', async () => {
    const a = tablet();
    const lain = tablet();
    const x = await rakorBaru(a.db, 'Aula Bappeda');
    await a.mesin.sinkronSekarang();
    await cadangkan();

    // After the backup: a record the restore will lose (pushed by A and acknowledged), and one by another tablet.
    const y = await rakorBaru(a.db, 'Pendopo');
    await a.mesin.sinkronSekarang();
    const z = await rakorBaru(lain.db, 'Gedung DPRD');
    await lain.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    expect(await a.db.rakor.get(z.id)).toBeTruthy();
    const kursorSebelum = await kursorPull(a.db);

    // A goes offline and edits X.
    luring = true;
    await simpan(a.db, 'rakor', x.id, { tempat: 'Ruang Rapat Sekda' }, 'admin');
    await a.mesin.sinkronSekarang();
    expect(await a.db.outbox.count()).toBe(1);

    await pulihkan({ epochBaru });
    // Another device writes after the restore, reusing revs A has already seen.
    const w = await rakorBaru(lain.db, 'Balai Desa');
    luring = false;
    await lain.mesin.sinkronSekarang();
    expect(await revServer()).toBeLessThan(kursorSebelum);

    dorongan.length = 0;
    await a.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
    // The pending edit arrived, once.
    expect((await recordServer('rakor', x.id))!.tempat).toBe('Ruang Rapat Sekda');
    // Accepted (200) exactly once; a push refused for its epoch (409) applied nothing.
    const diterima = dorongan
      .filter((d) => d.status === 200)
      .flatMap((d) => d.mutations)
      .filter((m) => m.fields.tempat === 'Ruang Rapat Sekda');
    expect(diterima).toHaveLength(1);
    if (epochBaru) expect(dorongan.filter((d) => d.status === 409).length).toBeGreaterThanOrEqual(1);
    // The tablet mirrors the restored server: Y and Z are gone, W arrived, X has the edit.
    expect(await a.db.rakor.get(y.id)).toBeUndefined();
    expect(await a.db.rakor.get(z.id)).toBeUndefined();
    expect((await a.db.rakor.get(w.id))?.tempat).toBe('Balai Desa');
    expect((await a.db.rakor.get(x.id))?.tempat).toBe('Ruang Rapat Sekda');
    expect(await kursorPull(a.db)).toBe(await revServer());
    const lokal = (await a.db.rakor.toArray())
      .filter((r) => !r.deleted)
      .map((r) => r.id)
      .sort();
    const server = (await db.query(`SELECT id::text AS id FROM records WHERE tbl = 'rakor' AND NOT deleted`)).map((r) => String(r.id)).sort();
    expect(lokal).toEqual(server);
  });
});

it('a pending edit of a field another device changed after the restore becomes a konflik, not an overwrite', async () => {
  const a = tablet();
  const lain = tablet();
  const x = await rakorBaru(a.db, 'Aula Bappeda');
  await a.mesin.sinkronSekarang();
  await cadangkan();
  await simpan(a.db, 'rakor', x.id, { tempat: 'Sebelum pemulihan' }, 'admin');
  await a.mesin.sinkronSekarang();
  luring = true;
  await simpan(a.db, 'rakor', x.id, { tempat: 'Dari tablet A' }, 'admin');
  await pulihkan();
  luring = false;
  await lain.mesin.sinkronSekarang();
  await simpan(lain.db, 'rakor', x.id, { tempat: 'Dari perangkat lain' }, 'admin');
  await lain.mesin.sinkronSekarang();

  await a.mesin.sinkronSekarang();
  await a.mesin.sinkronSekarang();
  expect((await recordServer('rakor', x.id))!.tempat).toBe('Dari perangkat lain');
  const konflik = (await a.db.konflik.toArray()).filter((k) => k.recordId === x.id && k.field === 'tempat');
  expect(konflik.map((k) => k.nilaiMasuk)).toEqual(['Dari tablet A']);
});

describe('device backup (cadangan) against a server that lacks its data', () => {
  it('never shows synced; "Kirim ke server" sends the copy, after which it syncs normally', async () => {
    const a = tablet();
    const x = await rakorBaru(a.db, 'Aula Bappeda');
    await a.mesin.sinkronSekarang();
    const berkas = await eksporCadangan(a.db);

    // The server loses everything (a new installation) and a fresh tablet restores the file.
    await db.query('TRUNCATE records, clients, client_results');
    await db.query('UPDATE sync_state SET rev = 0, epoch = gen_random_uuid(), epoch_rev = 0');
    const b = tablet();
    const h = await imporCadangan(b.db, berkas, 'admin');
    expect(h.dipulihkan).toBeGreaterThan(0);
    await b.mesin.sinkronSekarang();
    expect(b.status.current.cadanganTidakDiServer).toBe(true);
    expect(b.status.current.terakhirSinkron).toBeNull();
    expect(b.status.current.galat).toMatch(/cadangan perangkat tidak ada di server/);
    // Nothing was dropped locally.
    expect((await b.db.rakor.get(x.id))?.tempat).toBe('Aula Bappeda');

    expect(await kirimCadanganKeServer(b.db)).toBeGreaterThan(0);
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).toBeNull();
    expect(b.status.current.cadanganTidakDiServer).toBe(false);
    expect(b.status.current.terakhirSinkron).not.toBeNull();
    expect((await recordServer('rakor', x.id))!.tempat).toBe('Aula Bappeda');
    expect(await b.db.outbox.count()).toBe(0);
  });

  it('against the server it came from, the restore syncs as usual', async () => {
    const a = tablet();
    await rakorBaru(a.db, 'Aula Bappeda');
    await a.mesin.sinkronSekarang();
    const berkas = await eksporCadangan(a.db);
    const b = tablet();
    await imporCadangan(b.db, berkas, 'admin');
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).toBeNull();
    expect(b.status.current.cadanganTidakDiServer).toBe(false);
    expect(b.status.current.terakhirSinkron).not.toBeNull();
  });
});

/**
 * The identity and backup checks of a pull run (src/sync/engine.ts `perluPeriksaHalaman`; issue 17
 * §5): on its first and last page and on any page that says something new, not on every page.
 */
describe('checks between the pages of one pull run', () => {
  it('a restore with a new epoch between two pages of a first sync is caught at the next page', async () => {
    const a = tablet();
    for (let i = 0; i < 12; i++) await rakorBaru(a.db, `Aula ${i}`);
    await a.mesin.sinkronSekarang();
    await cadangkan();
    const lain = tablet();
    const hilang = [await rakorBaru(lain.db, 'Hilang 1'), await rakorBaru(lain.db, 'Hilang 2')];
    await lain.mesin.sinkronSekarang();

    const c = tablet({ batasPull: 3 });
    let tarik = 0;
    setelahTarik = async () => {
      if (++tarik === 2) await pulihkan({ epochBaru: true });
    };
    await c.mesin.sinkronSekarang();
    await c.mesin.sinkronSekarang();
    expect(tarik).toBeGreaterThan(3);
    expect(c.status.current.galat).toBeNull();
    for (const h of hilang) expect(await c.db.rakor.get(h.id)).toBeUndefined();
    const lokal = (await c.db.rakor.toArray()).map((r) => r.id).sort();
    const server = (await db.query(`SELECT id::text AS id FROM records WHERE tbl = 'rakor' AND NOT deleted`)).map((r) => String(r.id)).sort();
    expect(lokal).toEqual(server);
    expect(await kursorPull(c.db)).toBe(await revServer());
  });

  it('a first sync of many pages costs no more meta-only IndexedDB transactions than one of few', async () => {
    const a = tablet();
    for (let i = 0; i < 16; i++) await rakorBaru(a.db, `Aula ${i}`);
    await a.mesin.sinkronSekarang();

    const asli = IDBDatabase.prototype.transaction;
    const hitung = new Map<string, number>();
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const nama = args[0];
      if ((Array.isArray(nama) ? nama : [nama]).join() === 'meta') hitung.set(this.name, (hitung.get(this.name) ?? 0) + 1);
      return asli.apply(this, args);
    } as IDBDatabase['transaction'];
    try {
      const sedikit = tablet({ batasPull: 8 });
      const banyak = tablet({ batasPull: 2 });
      let halaman = 0;
      setelahTarik = async () => void halaman++;
      await sedikit.mesin.sinkronSekarang();
      const halamanSedikit = halaman;
      expect(halamanSedikit).toBeGreaterThanOrEqual(2);
      halaman = 0;
      await banyak.mesin.sinkronSekarang();
      expect(halaman).toBeGreaterThan(halamanSedikit + 5);
      expect(await banyak.db.rakor.count()).toBe(await sedikit.db.rakor.count());
      expect(hitung.get(banyak.db.name)).toBe(hitung.get(sedikit.db.name));
    } finally {
      IDBDatabase.prototype.transaction = asli;
    }
  });
});

/** Review of the pipelined push (src/sync/engine.ts `#push`, 97f8620): a restore between two batches of one run. */
describe.each([true, false])('a restore between two push batches of one run (new epoch: %s)', (epochBaru) => {
  it('every record ends at its last edit, on the server and on the tablet alike', async () => {
    const a = tablet();
    const rakor = [];
    for (let i = 0; i < 30; i++) rakor.push(await rakorBaru(a.db, `Aula ${i}`));
    await a.mesin.sinkronSekarang();
    await cadangkan();
    // 300 edits cycling over the 30: each record has edits in both batches of 200.
    for (let i = 0; i < 300; i++) await simpan(a.db, 'rakor', rakor[i % 30]!.id, { tempat: `Ruang ${i}` }, 'admin');
    let dorong = 0;
    setelahDorong = async () => {
      if (++dorong === 1) await pulihkan({ epochBaru });
    };
    await a.mesin.sinkronSekarang();
    setelahDorong = null;
    await a.mesin.sinkronSekarang();
    expect(dorong).toBeGreaterThanOrEqual(2);
    expect(a.status.current.galat).toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
    for (const [j, r] of rakor.entries()) {
      expect((await recordServer('rakor', r.id))?.tempat, `server ${j}`).toBe(`Ruang ${270 + j}`);
      expect((await a.db.rakor.get(r.id))?.tempat, `tablet ${j}`).toBe(`Ruang ${270 + j}`);
    }
    expect(await kursorPull(a.db)).toBe(await revServer());
  });
});

describe('a restore that kept its epoch between two pages of a first sync (review of 4566264)', () => {
  it('the server rev behind the page is caught at the next page; the tablet ends equal to the restored server', async () => {
    const a = tablet();
    for (let i = 0; i < 3; i++) await rakorBaru(a.db, `Aula ${i}`);
    await a.mesin.sinkronSekarang();
    await cadangkan();
    const hilang = [];
    for (let i = 0; i < 12; i++) hilang.push(await rakorBaru(a.db, `Hilang ${i}`));
    await a.mesin.sinkronSekarang();

    const c = tablet({ batasPull: 3 });
    let tarik = 0;
    setelahTarik = async () => {
      if (++tarik === 3) await pulihkan({ epochBaru: false });
    };
    await c.mesin.sinkronSekarang();
    setelahTarik = null;
    await c.mesin.sinkronSekarang();
    expect(c.status.current.galat).toBeNull();
    for (const h of hilang) expect(await c.db.rakor.get(h.id)).toBeUndefined();
    const lokal = (await c.db.rakor.toArray()).map((r) => r.id).sort();
    const server = (await db.query(`SELECT id::text AS id FROM records WHERE tbl = 'rakor' AND NOT deleted`)).map((r) => String(r.id)).sort();
    expect(lokal).toEqual(server);
    expect(await kursorPull(c.db)).toBe(await revServer());
  });
});
