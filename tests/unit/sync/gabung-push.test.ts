/**
 * Merged queued edits against the real server (issue 17 §4/§7, tests/bench/tablet-push.ts: 1,000
 * edits cycling over 110 realisasi were 1,000 mutations where PouchDB sends 110 newest revisions;
 * src/db/repo.ts `entriGabungan`): one mutation per realisasi reaches the server with the last
 * typed values, and an edit typed while a push is on its way is queued apart and lands too.
 */
import 'fake-indexeddb/auto';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { simpan } from '../../../src/db/repo.ts';
import { idAlami } from '../../../src/domain/schemas.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import { pohonPk } from '../db/bantu.ts';
import { klienBaru, serverUji } from './bantu-sync.ts';

vi.setConfig({ testTimeout: 120_000 });

async function nilaiServer(app: { request: (i: string, init?: RequestInit) => Response | Promise<Response> }, token: string, id: string) {
  const res = await app.request(`/api/v1/records/realisasi/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  return ((await res.json()) as { record: Record<string, unknown> }).record;
}

describe('merged queued edits (issue 17 §4)', () => {
  it('300 edits cycling over 30 realisasi: 30 mutations pushed, each with the last typed value', async () => {
    const server = await serverUji();
    let mutasi = 0;
    const fetch: FetchFn = async (i, init) => {
      if (String(i).includes('/sync/push') && init?.body) {
        const b = init.body;
        const teks = typeof b === 'string' ? b : gunzipSync(b as Uint8Array).toString('utf8');
        mutasi += (JSON.parse(teks) as { mutations: unknown[] }).mutations.length;
      }
      return server.app.request(String(i), init);
    };
    const a = klienBaru(fetch, server.token);
    const pohon = await pohonPk(a.db, 'admin', 30);
    await a.mesin.sinkronSekarang();
    const nilai = (i: number) => idAlami.realisasi(pohon.indikator[i % 30]!.id, 'TW1');
    for (let i = 0; i < 300; i++) {
      const ind = pohon.indikator[i % 30]!;
      await simpan(a.db, 'realisasi', nilai(i), { indikatorId: ind.id, opdId: pohon.opd.id, tahun: 2026, periode: 'TW1', nilai: i }, 'admin');
    }
    expect(await a.db.outbox.count()).toBe(30);
    mutasi = 0;
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();
    expect(mutasi).toBe(30);
    expect(await a.db.outbox.count()).toBe(0);
    for (let i = 270; i < 300; i++) {
      expect((await nilaiServer(server.app, server.token, nilai(i))).nilai).toBe(i);
      expect((await a.db.realisasi.get(nilai(i)))?.nilai).toBe(i);
    }
  });

  it('an edit typed while its realisasi is on its way is not merged into the sent one and lands after it', async () => {
    const server = await serverUji();
    let ketik: (() => Promise<void>) | null = null;
    const fetch: FetchFn = async (i, init) => {
      if (String(i).includes('/sync/push') && ketik) {
        const k = ketik;
        ketik = null;
        // The request has left (its batch marked sent); the person types again before the answer.
        await k();
      }
      return server.app.request(String(i), init);
    };
    const a = klienBaru(fetch, server.token);
    const pohon = await pohonPk(a.db, 'admin', 1);
    await a.mesin.sinkronSekarang();
    const id = idAlami.realisasi(pohon.indikator[0]!.id, 'TW2');
    const isi = (nilai: number, masalah: string) =>
      simpan(a.db, 'realisasi', id, { indikatorId: pohon.indikator[0]!.id, opdId: pohon.opd.id, tahun: 2026, periode: 'TW2', nilai, masalah }, 'admin');
    await isi(10, 'pertama');
    ketik = async () => {
      await isi(20, 'kedua');
    };
    await a.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();
    expect(await a.db.outbox.count()).toBe(0);
    expect(await nilaiServer(server.app, server.token, id)).toMatchObject({ nilai: 20, masalah: 'kedua' });
    expect(await a.db.realisasi.get(id)).toMatchObject({ nilai: 20, masalah: 'kedua' });
  });
});
