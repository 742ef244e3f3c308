/**
 * Review of 4566264 (a pull page's transaction opened behind the previous one's commit): a page
 * that stops the run before it is applied (another schema version on a middle page) still lets the
 * page before it land and count, the cursor stops exactly there, and nothing is left unhandled.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { pohonPk } from '../db/bantu.ts';
import { klienBaru, type Klien } from './bantu-sync.ts';
import { ServerPalsu } from './server-palsu.ts';
import { idBaru, type User } from '../../../src/domain/schemas.ts';
import type { FetchFn } from '../../../src/sync/client.ts';

const admin: User = { id: idBaru(), username: 'admin', nama: 'Admin', role: 'admin', opdId: null, aktif: true };
const dibuka: Klien[] = [];
afterEach(() => {
  for (const k of dibuka.splice(0)) k.mesin.stop();
});

describe('a middle pull page from another schema version', () => {
  it('stops the run after the pages before it are stored and counted', async () => {
    const server = new ServerPalsu();
    server.masukkanToken('t-a', admin);
    server.masukkanToken('t-b', { ...admin, id: idBaru(), username: 'admin2' });
    const a = klienBaru(server.fetch, 't-a');
    dibuka.push(a);
    await pohonPk(a.db, 'a', 12);
    await a.mesin.sinkronSekarang();

    let tarik = 0;
    const halaman: { next: number; n: number }[] = [];
    const fetchB: FetchFn = async (i, init) => {
      const res = await server.fetch(i as string, init);
      if (!String(i).includes('/sync/pull')) return res;
      const isi = (await res.json()) as { next: number; changes: unknown[]; schemaVersion?: number };
      if (++tarik === 3) isi.schemaVersion = 999;
      else halaman.push({ next: isi.next, n: isi.changes.length });
      return new Response(JSON.stringify(isi), { status: res.status, headers: { 'Content-Type': 'application/json' } });
    };
    const b = klienBaru(fetchB, 't-b', { batasPull: 2 });
    dibuka.push(b);
    const tanpaTangkap: unknown[] = [];
    const catat = (e: unknown) => tanpaTangkap.push(e);
    process.on('unhandledRejection', catat);
    try {
      await b.mesin.sinkronSekarang();
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.off('unhandledRejection', catat);
    }
    expect(tanpaTangkap).toEqual([]);
    expect(b.status.current.perluMuatUlang).toBe(true);
    expect(b.status.current.galat).toMatch(/versi data/);
    expect(b.status.current.berjalan).toBe(false);
    // Pages 1 and 2 stored, page 3 not: the cursor is page 2's next, and the badge counted both.
    expect((await b.db.meta.get('pullRev'))?.value).toBe(halaman[1]!.next);
    expect(b.status.current.kemajuan?.diterima).toBe(halaman[0]!.n + halaman[1]!.n);
    expect(b.status.current.adaDataLokal).toBe(true);
  });
});
