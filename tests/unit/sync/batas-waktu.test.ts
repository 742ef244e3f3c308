/**
 * Every request has a deadline (issue 9 §4; src/sync/client.ts `#kirim`): a push whose answer never
 * arrives, or whose body stops half-way, ends the run with a true status instead of
 * "Menyinkronkan…" forever; the abandoned push is retried safely by seq (the server answers an
 * applied seq with its original result) and newer edits no longer wait behind it.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { idBaru, type User } from '../../../src/domain/schemas.ts';
import { simpan } from '../../../src/db/repo.ts';
import { GalatBatasWaktu, KlienSinkron, type FetchFn } from '../../../src/sync/client.ts';
import { klienBaru, type Klien } from './bantu-sync.ts';
import { ServerPalsu } from './server-palsu.ts';
import { PEJABAT } from '../db/bantu.ts';

const admin: User = { id: idBaru(), username: 'admin', nama: 'Admin', role: 'admin', opdId: null, aktif: true };
const dibuka: Klien[] = [];
afterEach(() => {
  for (const k of dibuka.splice(0)) k.mesin.stop();
});

const OPD = { kode: '1.01', nama: 'Dinas Pendidikan', singkatan: 'Disdik', jenis: 'dinas' as const, kepala: PEJABAT };
const adalahPush = (i: string | URL | Request) => String(i instanceof Request ? i.url : i).endsWith('/sync/push');

describe('request deadlines', () => {
  it('a push whose answer never comes (the server applied it) ends the run; the retry is answered by seq, nothing doubles', async () => {
    const server = new ServerPalsu();
    server.masukkanToken('t-a', admin);
    let hilang = 1;
    // The server receives and applies the push, but its answer is lost: the promise never settles
    // (and, like a stuck proxy, ignores the abort signal).
    const fetch: FetchFn = async (i, init) => {
      const res = await server.fetch(i, init);
      if (adalahPush(i) && hilang-- > 0) return new Promise<Response>(() => undefined);
      return res;
    };
    const k = klienBaru(fetch, 't-a', { batasWaktuMs: 1500 });
    dibuka.push(k);
    const opd = await simpan(k.db, 'opd', null, OPD, 'admin');
    await k.mesin.sinkronSekarang();
    expect(k.status.current.berjalan).toBe(false);
    expect(k.status.current.galat).toMatch(/Server tidak menjawab dalam \d+ detik/);
    // A slow server is not "offline".
    expect(k.status.current.online).not.toBe(false);
    expect(await k.db.outbox.count()).toBe(1);
    expect(server.lastSeq.values().next().value).toBe(1);

    // A newer edit does not wait forever behind it: the next run sends both, the first by its seq.
    await simpan(k.db, 'opd', opd.id, { nama: 'Dinas Pendidikan dan Kebudayaan' }, 'admin');
    await k.mesin.sinkronSekarang();
    expect(k.status.current.galat).toBeNull();
    expect(await k.db.outbox.count()).toBe(0);
    expect([...server.records.keys()].filter((x) => x.startsWith('opd:'))).toHaveLength(1);
    expect(server.records.get(`opd:${opd.id}`)?.record).toMatchObject({ nama: 'Dinas Pendidikan dan Kebudayaan' });
  });

  it('an answer whose body stops half-way is abandoned too (the deadline covers every piece of the body)', async () => {
    const macet: FetchFn = async (_i, init) => {
      const signal = init?.signal;
      return new Response(
        new ReadableStream<Uint8Array>({
          start(ctl) {
            ctl.enqueue(new TextEncoder().encode('{"changes":['));
            signal?.addEventListener('abort', () => ctl.error(new DOMException('aborted', 'AbortError')));
          },
        }),
        { status: 200, headers: { 'Content-Type': 'application/json' } },
      );
    };
    const klien = new KlienSinkron({ baseUrl: 'http://uji', getToken: () => 't', fetch: macet, batasWaktuMs: 50 });
    await expect(klien.pull(0, 10)).rejects.toBeInstanceOf(GalatBatasWaktu);
  });

  it('an answer that arrives in time is read whole, whatever its size', async () => {
    const besar = JSON.stringify({ changes: [], next: 0, more: false, pad: 'x'.repeat(200_000) });
    const klien = new KlienSinkron({ baseUrl: 'http://uji', getToken: () => 't', fetch: async () => new Response(besar, { status: 200 }), batasWaktuMs: 50 });
    await expect(klien.pull(0, 10)).resolves.toMatchObject({ changes: [], more: false });
  });
});
