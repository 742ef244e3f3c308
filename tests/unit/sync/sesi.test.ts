import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { GalatKeluar, KEY_SESI, Sesi } from '../../../src/lib/sesi.svelte.ts';
import { StatusSinkron } from '../../../src/sync/status.svelte.ts';
import { simpan } from '../../../src/db/repo.ts';
import { idBaru, type User } from '../../../src/domain/schemas.ts';
import { ServerPalsu } from './server-palsu.ts';
import { PEJABAT } from '../db/bantu.ts';

class PenyimpananMemori {
  data = new Map<string, string>();
  getItem = (k: string) => this.data.get(k) ?? null;
  setItem = (k: string, v: string) => void this.data.set(k, v);
  removeItem = (k: string) => void this.data.delete(k);
}

const user: User = { id: idBaru(), username: 'op-disdik', nama: 'Operator Disdik', role: 'admin', opdId: null, aktif: true };
const tertutup: Sesi[] = [];

/** The fake server plus a login route (the real one: docs/sync-protocol.md "POST /auth/login"). */
function serverDenganLogin() {
  const server = new ServerPalsu();
  let n = 0;
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input);
    if (url.endsWith('/api/v1/auth/login')) {
      const b = JSON.parse(String(init?.body));
      if (b.password !== 'benar')
        return new Response(JSON.stringify({ error: { code: 'unauthorized', message: 'Nama pengguna atau kata sandi salah' } }), { status: 401 });
      const token = `tok-${++n}`;
      server.masukkanToken(token, user);
      return new Response(JSON.stringify({ token, expiresAt: '2099-01-01T00:00:00.000Z', user }), { status: 200 });
    }
    if (url.endsWith('/api/v1/auth/logout')) return new Response(null, { status: 204 });
    return server.fetch(input, init);
  };
  return { server, fetch };
}

function sesiBaru(fetch: (i: string | URL | Request, init?: RequestInit) => Promise<Response>, storage = new PenyimpananMemori()) {
  const s = new Sesi({
    baseUrl: 'http://uji',
    fetch,
    storage,
    status: new StatusSinkron(),
    mesin: { buatSumberPeristiwa: null, intervalMs: 0, jedaTulisMs: 5 },
  });
  tertutup.push(s);
  return { s, storage };
}

afterEach(async () => {
  for (const s of tertutup.splice(0)) await s.keluar({ paksa: true }).catch(() => undefined);
});

describe('sesi', () => {
  it('masuk stores the session, opens the user database and syncs; pulihkan works offline', async () => {
    const { server, fetch } = serverDenganLogin();
    const { s, storage } = sesiBaru(fetch);
    await s.masuk('op-disdik', 'benar');
    expect(s.current?.user.username).toBe('op-disdik');
    expect(s.current?.db.name).toBe(`pantau-kinerja-${user.id}`);
    expect(JSON.parse(storage.getItem(KEY_SESI)!).token).toBe('tok-1');
    const opd = await simpan(s.current!.db, 'opd', null, { kode: '9', nama: 'Disdik', singkatan: 'D', jenis: 'dinas', kepala: PEJABAT }, 'op');
    await expect.poll(() => server.records.has(`opd:${opd.id}`)).toBe(true);

    // App restart without network: same storage, a fetch that always fails.
    const mati = async () => {
      throw new TypeError('offline');
    };
    const { s: s2 } = sesiBaru(mati, storage);
    expect(await s2.pulihkan()).toBe(true);
    expect(s2.current?.user.id).toBe(user.id);
    expect((await s2.current!.db.opd.get(opd.id))!.nama).toBe('Disdik');
    await s2.mesin!.selesai();
  });

  it('wrong password and no network give Indonesian errors', async () => {
    const { fetch } = serverDenganLogin();
    const { s } = sesiBaru(fetch);
    await expect(s.masuk('op-disdik', 'salah')).rejects.toThrow('Nama pengguna atau kata sandi salah');
    const { s: s2 } = sesiBaru(async () => {
      throw new TypeError('offline');
    });
    await expect(s2.masuk('op-disdik', 'benar')).rejects.toThrow(/memerlukan koneksi internet/);
    expect(s2.current).toBeNull();
    expect(await s2.pulihkan()).toBe(false);
  });

  it('keluar refuses while the outbox is not empty; paksa keeps the outbox in the user database', async () => {
    const { fetch } = serverDenganLogin();
    const putus = { aktif: false };
    const { s, storage } = sesiBaru(async (i, init) => {
      if (putus.aktif) throw new TypeError('offline');
      return fetch(i, init);
    });
    await s.masuk('op-disdik', 'benar');
    await s.mesin!.selesai();
    putus.aktif = true;
    await simpan(s.current!.db, 'opd', null, { kode: '9', nama: 'Disdik', singkatan: 'D', jenis: 'dinas', kepala: PEJABAT }, 'op');
    const e = await s.keluar().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(GalatKeluar);
    expect((e as GalatKeluar).tertunda).toBe(1);
    expect(s.current).not.toBeNull();
    await s.keluar({ paksa: true });
    expect(s.current).toBeNull();
    expect(storage.getItem(KEY_SESI)).toBeNull();
    // The unsent change is still in that user's database.
    putus.aktif = false;
    await s.masuk('op-disdik', 'benar');
    expect(await s.current!.db.outbox.count()).toBeLessThanOrEqual(1);
    await s.mesin!.selesai();
    await expect.poll(() => s.current!.db.outbox.count()).toBe(0);
  });

  it('an expired session restores offline with perluMasukLagi, and masuk resumes sync', async () => {
    const { server, fetch } = serverDenganLogin();
    const storage = new PenyimpananMemori();
    storage.setItem(KEY_SESI, JSON.stringify({ token: 'lama', expiresAt: '2020-01-01T00:00:00.000Z', user }));
    const status = new StatusSinkron();
    const s = new Sesi({ baseUrl: 'http://uji', fetch, storage, status, mesin: { buatSumberPeristiwa: null, intervalMs: 0, jedaTulisMs: 5 } });
    tertutup.push(s);
    expect(await s.pulihkan()).toBe(true);
    expect(status.current.perluMasukLagi).toBe(true);
    const opd = await simpan(s.current!.db, 'opd', null, { kode: '9', nama: 'Offline', singkatan: 'D', jenis: 'dinas', kepala: PEJABAT }, 'op');
    // The engine runs (so the badge counts the pending edit) but the server refuses the old token.
    await expect.poll(() => status.current.tertunda).toBe(1);
    await s.mesin!.selesai();
    expect(status.current.perluMasukLagi).toBe(true);
    expect(server.records.has(`opd:${opd.id}`)).toBe(false);
    await s.masuk('op-disdik', 'benar');
    expect(status.current.perluMasukLagi).toBe(false);
    await expect.poll(() => server.records.has(`opd:${opd.id}`)).toBe(true);
  });

  // Issue 9 point 10 (docs/offline.md): the device's clock does not decide about the session.
  it('a tablet whose clock runs 40 days ahead keeps a valid session: expiry is judged with the server clock kept at sign-in', async () => {
    const { server, fetch } = serverDenganLogin();
    const HARI = 24 * 3600 * 1000;
    const serverKini = Date.parse('2026-11-23T02:00:00Z');
    const login = async (input: string | URL | Request, init?: RequestInit) => {
      if (String(input).endsWith('/api/v1/auth/login')) {
        server.masukkanToken('tok-jam', user);
        return new Response(
          JSON.stringify({ token: 'tok-jam', expiresAt: new Date(serverKini + 30 * HARI).toISOString(), serverTime: new Date(serverKini).toISOString(), user }),
          { status: 200 },
        );
      }
      return fetch(input, init);
    };
    const storage = new PenyimpananMemori();
    const { s } = sesiBaru(login, storage);
    await s.masuk('op-disdik', 'benar');
    const simpananSesi = JSON.parse(storage.getItem(KEY_SESI)!);
    // The device's clock (Date.now()) is about "now"; the server said 2026-11-23: the offset is kept.
    expect(Math.abs(simpananSesi.selisihJamMs - (serverKini - Date.now()))).toBeLessThan(5000);
    await s.mesin!.selesai();
    // Restart on a tablet whose clock runs 40 days ahead of the server (offset −40 days): its
    // "now" is 41 days after sign-in while the server is 1 day after it. The token (30 days) is valid.
    const status = new StatusSinkron();
    const s2 = new Sesi({ baseUrl: 'http://uji', fetch: login, storage, status, mesin: { buatSumberPeristiwa: null, intervalMs: 0, jedaTulisMs: 5 } });
    tertutup.push(s2);
    storage.setItem(KEY_SESI, JSON.stringify({ ...simpananSesi, selisihJamMs: -40 * HARI }));
    expect(await s2.pulihkan(new Date(serverKini + 41 * HARI))).toBe(true);
    expect(status.current.perluMasukLagi).toBe(false);
    await s2.mesin!.selesai();
    expect(status.current.perluMasukLagi).toBe(false);
    expect(status.current.terakhirSinkron).not.toBeNull();
  });

  it('status texts are true: a restored expired session with pending edits counts them and knows the device holds data', async () => {
    const storage = new PenyimpananMemori();
    const status = new StatusSinkron();
    const s = new Sesi({
      baseUrl: 'http://uji',
      fetch: async () => {
        throw new TypeError('offline');
      },
      storage,
      status,
      mesin: { buatSumberPeristiwa: null, intervalMs: 0, jedaTulisMs: 5 },
    });
    tertutup.push(s);
    storage.setItem(KEY_SESI, JSON.stringify({ token: 'lama', expiresAt: '2020-01-01T00:00:00.000Z', user }));
    expect(await s.pulihkan()).toBe(true);
    await simpan(s.current!.db, 'opd', null, { kode: '9', nama: 'Tertunda', singkatan: 'T', jenis: 'dinas', kepala: PEJABAT }, 'op');
    // LencanaSinkron shows "N perubahan belum terkirim" from `tertunda`; "Belum pernah sinkron" needs tertunda 0 and no data.
    await expect.poll(() => status.current.tertunda).toBe(1);
    expect(status.current.perluMasukLagi).toBe(true);
    // After a restart the counts come back at once (pending edit and stored data).
    await s.keluar({ paksa: true });
    storage.setItem(KEY_SESI, JSON.stringify({ token: 'lama', expiresAt: '2020-01-01T00:00:00.000Z', user }));
    const st2 = new StatusSinkron();
    const s3 = new Sesi({
      baseUrl: 'http://uji',
      fetch: async () => {
        throw new TypeError('offline');
      },
      storage,
      status: st2,
      mesin: { buatSumberPeristiwa: null, intervalMs: 0 },
    });
    tertutup.push(s3);
    expect(await s3.pulihkan()).toBe(true);
    await expect.poll(() => st2.current.adaDataLokal).toBe(true);
    await expect.poll(() => st2.current.tertunda).toBe(1);
  });

  it('a corrupt stored session is dropped', async () => {
    const storage = new PenyimpananMemori();
    storage.setItem(KEY_SESI, '{rusak');
    const { s } = sesiBaru(async () => new Response(null), storage);
    expect(await s.pulihkan()).toBe(false);
    expect(storage.getItem(KEY_SESI)).toBeNull();
  });

  it('a stored session that only looks right is dropped by the full check, without opening a database', async () => {
    const storage = new PenyimpananMemori();
    // Passes the first-paint shape check, fails the Zod schema (no valid uuid, unknown role).
    storage.setItem(
      KEY_SESI,
      JSON.stringify({ token: 't', expiresAt: '2099-01-01T00:00:00.000Z', user: { id: 'bukan-uuid', username: 'x', nama: 'X', role: 'raja' } }),
    );
    const { s } = sesiBaru(async () => new Response(null), storage);
    const p = s.pulihkan();
    expect(s.memulihkan).toBe(true);
    expect(await p).toBe(false);
    expect(s.memulihkan).toBe(false);
    expect(s.current).toBeNull();
    expect(storage.getItem(KEY_SESI)).toBeNull();
  });

  it('memulihkan is set synchronously for a plausible stored session and cleared once it is open', async () => {
    const storage = new PenyimpananMemori();
    storage.setItem(KEY_SESI, JSON.stringify({ token: 'tok', expiresAt: '2020-01-01T00:00:00.000Z', user }));
    const { s } = sesiBaru(async () => {
      throw new TypeError('offline');
    }, storage);
    expect(s.memulihkan).toBe(false);
    const p = s.pulihkan();
    expect(s.memulihkan).toBe(true);
    expect(s.current).toBeNull();
    expect(await p).toBe(true);
    expect(s.memulihkan).toBe(false);
    expect(s.current?.db.name).toBe(`pantau-kinerja-${user.id}`);
    // Nothing stored: neither state.
    const { s: kosong } = sesiBaru(async () => new Response(null));
    const q = kosong.pulihkan();
    expect(kosong.memulihkan).toBe(false);
    expect(await q).toBe(false);
  });
});
