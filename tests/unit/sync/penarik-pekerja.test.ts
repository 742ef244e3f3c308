/**
 * Issue 17 §5: the first sync off the main thread. Pull pages are fetched, parsed and stored by the
 * pull worker (src/sync/penarik-pekerja.ts `layaniTarik`) on its own Dexie connection; the engine on
 * the main thread sees only each page's summary. Here the two halves talk over a Node
 * MessageChannel (structured clone, as between a page and its Worker), the worker half fetching from
 * the real server in process; the engine's own `fetch` refuses every pull, so a page parsed on the
 * engine's thread fails the test.
 */
import 'fake-indexeddb/auto';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { idAlami, idBaru } from '../../../src/domain/schemas.ts';
import { PantauDB } from '../../../src/db/database.ts';
import { PenyimpananPenuhError, simpan } from '../../../src/db/repo.ts';
import { epochTersimpan, kursorPull, mulaiTarikUlang, UrutanTarikTerputus } from '../../../src/db/tarik.ts';
import { GalatBatasWaktu, GalatJaringan, GalatOtorisasi, GalatServer, KlienSinkron, type FetchFn } from '../../../src/sync/client.ts';
import type { OpsiMesin } from '../../../src/sync/engine.ts';
import { PenarikUtas } from '../../../src/sync/penarik.ts';
import { bangunGalat, kirimGalat, layaniTarik, PenarikPekerja, type PortPesan } from '../../../src/sync/penarik-pekerja.ts';
import { PEJABAT, pohonPk } from '../db/bantu.ts';
import { klienBaru, PASSWORD_ADMIN_UJI, serverUji, type Klien } from './bantu-sync.ts';

vi.setConfig({ testTimeout: 60_000 });

let server: Awaited<ReturnType<typeof serverUji>>;
const dariServer: FetchFn = async (i, init) => server.app.request(String(i), init);
const buka: { tutup: () => Promise<void> }[] = [];

beforeAll(async () => {
  server = await serverUji();
  // What the tablets pull: a PK tree of 12 indikator with a realisasi each, typed on another tablet.
  const a = klienBaru(dariServer, server.token);
  const pohon = await pohonPk(a.db, 'admin', 12);
  for (const ind of pohon.indikator)
    await simpan(
      a.db,
      'realisasi',
      idAlami.realisasi(ind.id, 'TW1'),
      { indikatorId: ind.id, opdId: pohon.opd.id, tahun: 2026, periode: 'TW1', nilai: 7 },
      'admin',
    );
  await a.mesin.sinkronSekarang();
  expect(a.status.current.galat).toBeNull();
  a.mesin.stop();
  a.db.close();
}, 120_000);
afterAll(async () => server?.db.close());
afterEach(async () => {
  for (const b of buka.splice(0)) await b.tutup();
});

/** Counts the engine thread's pull requests and refuses them. */
function fetchTanpaTarik(): { fetch: FetchFn; tarik: number } {
  const hasil = {
    tarik: 0,
    fetch: (async (i, init) => {
      if (/\/sync\/(pull|tahun)/.test(String(i))) {
        hasil.tarik++;
        throw new TypeError('pull on the main thread');
      }
      return server.app.request(String(i), init);
    }) as FetchFn,
  };
  return hasil;
}

/**
 * A tablet whose pulls go through a pull worker on `fetchPekerja`; small pages so a sync is many.
 * Each start of the worker (the first request, and again after the engine's `tutup`) is a new
 * channel with its own `layaniTarik`, as a new Worker is: `pekerja`/`port2` are the first one's.
 */
function tabletDenganPekerja(fetchPekerja: FetchFn = dariServer, opsi: Partial<OpsiMesin> = {}) {
  const utama = fetchTanpaTarik();
  const dbPekerja: PantauDB[] = [];
  const saluran: MessageChannel[] = [];
  const mulaiPekerja = () => {
    const ch = new MessageChannel();
    saluran.push(ch);
    const layan = layaniTarik(ch.port1 as unknown as PortPesan, {
      fetch: fetchPekerja,
      bukaDb: (nama) => {
        const d = new PantauDB(nama);
        dbPekerja.push(d);
        return d;
      },
    });
    return { port2: ch.port2, layan };
  };
  const pertama = mulaiPekerja();
  let dimulai = 0;
  // The engine's Penarik is made once the tablet's database (its name) exists.
  const ref: { p?: PenarikPekerja } = {};
  const k: Klien = klienBaru(utama.fetch, server.token, {
    batasPull: 5,
    ...opsi,
    penarik: {
      ambil: (req, opsi) => ref.p!.ambil(req, opsi),
      tutup: () => ref.p!.tutup(),
    },
  });
  const penarik = (ref.p = new PenarikPekerja({
    buatPort: () => (dimulai++ === 0 ? pertama.port2 : mulaiPekerja().port2) as unknown as PortPesan,
    namaDb: k.db.name,
    baseUrl: 'http://uji',
    getToken: () => k.token.nilai,
    cadangan: new PenarikUtas(new KlienSinkron({ baseUrl: 'http://uji', getToken: () => k.token.nilai, fetch: dariServer }), k.db),
  }));
  buka.push({
    tutup: async () => {
      k.mesin.stop();
      await k.mesin.selesai();
      k.db.close();
      for (const d of dbPekerja) d.close();
      for (const ch of saluran) {
        ch.port1.close();
        ch.port2.close();
      }
    },
  });
  return { k, utama, pekerja: pertama.layan, penarik, port2: pertama.port2, dbPekerja, dimulai: () => dimulai };
}

const semuaRecord = async (db: PantauDB) => ({
  indikator: (await db.indikator.toArray()).length,
  realisasi: (await db.realisasi.toArray()).map((r) => r.nilai),
});

describe('the pull worker', () => {
  it('stores a first sync of many pages; no pull is requested or parsed on the engine thread', async () => {
    const { k, utama, pekerja } = tabletDenganPekerja();
    await k.mesin.sinkronSekarang();
    expect(k.status.current.galat).toBeNull();
    expect(utama.tarik).toBe(0);
    expect(await semuaRecord(k.db)).toEqual({ indikator: 12, realisasi: Array(12).fill(7) });
    const [s] = await server.db.query('SELECT rev FROM sync_state');
    expect(await kursorPull(k.db)).toBe(Number(s!.rev));
    // The progress counted every page the worker stored.
    expect(k.status.current.adaDataLokal).toBe(true);
    // Nothing left behind in the worker.
    await new Promise((r) => setTimeout(r, 20));
    expect(pekerja.jumlahHalaman()).toBe(0);
  });

  it('a full re-pull through the worker keeps every record the server has and drops the one it lacks', async () => {
    const { k, utama } = tabletDenganPekerja();
    await k.mesin.sinkronSekarang();
    // A record this tablet holds that the server does not (as after a restore), nothing pending for it.
    await k.db.rakor.put({
      id: idAlami.rakor(2026, 4),
      tahun: 2026,
      triwulan: 4,
      tanggal: '2026-12-20',
      tempat: 'Aula',
      pimpinan: PEJABAT,
      rev: 1,
      deleted: false,
    } as never);
    const [s] = await server.db.query('SELECT rev FROM sync_state');
    await mulaiTarikUlang(k.db, await epochTersimpan(k.db), Number(s!.rev));
    await k.mesin.sinkronSekarang();
    expect(k.status.current.galat).toBeNull();
    expect(utama.tarik).toBe(0);
    // The keys of the re-pulled pages crossed the port: what the server has stays.
    expect(await semuaRecord(k.db)).toEqual({ indikator: 12, realisasi: Array(12).fill(7) });
    expect(await k.db.rakor.get(idAlami.rakor(2026, 4))).toBeUndefined();
  });

  it('an expired session met in the worker pauses sync as on the main thread', async () => {
    const kedaluwarsa = vi.fn();
    const { k } = tabletDenganPekerja(
      async (i, init) =>
        /\/sync\/pull/.test(String(i))
          ? new Response(JSON.stringify({ error: { code: 'token_kedaluwarsa', message: 'Sesi berakhir.' } }), { status: 401 })
          : dariServer(i, init),
      { onTokenKedaluwarsa: kedaluwarsa },
    );
    await k.mesin.sinkronSekarang();
    expect(k.status.current.perluMasukLagi).toBe(true);
    expect(k.mesin.dijeda).toBe(true);
    expect(kedaluwarsa).toHaveBeenCalledOnce();
  });

  it('a server error and a cut link in the worker reach the engine as its own errors; the pages fetched ahead are dropped', async () => {
    let n = 0;
    const { k, pekerja } = tabletDenganPekerja(async (i, init) => {
      if (/\/sync\/pull/.test(String(i)) && ++n === 3)
        return new Response(JSON.stringify({ error: { code: 'galat', message: 'Server sibuk' } }), { status: 503 });
      return dariServer(i, init);
    });
    await k.mesin.sinkronSekarang();
    expect(k.status.current.galat).toBe('Server sibuk');
    // Two pages stored before the failure, the cursor at the second one's end.
    expect(await k.db.indikator.count()).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    expect(pekerja.jumlahHalaman()).toBe(0);
    // The next run resumes from the stored cursor and finishes.
    await k.mesin.sinkronSekarang();
    expect(k.status.current.galat).toBeNull();
    expect(await semuaRecord(k.db)).toEqual({ indikator: 12, realisasi: Array(12).fill(7) });
  });

  it('a worker that stops: what it was asked fails as a network error, and the main thread pulls from then on', async () => {
    const { k, utama, penarik, port2 } = tabletDenganPekerja(async () => new Promise<Response>(() => undefined));
    const run = k.mesin.sinkronSekarang();
    await new Promise((r) => setTimeout(r, 50));
    port2.dispatchEvent(new Event('error'));
    await run;
    expect(k.status.current.galat).toBe(new GalatJaringan().message);
    expect(penarik.rusak).toBe(true);
    await k.mesin.sinkronSekarang();
    expect(k.status.current.galat).toBeNull();
    expect(utama.tarik).toBe(0);
    expect(await semuaRecord(k.db)).toEqual({ indikator: 12, realisasi: Array(12).fill(7) });
  });
});

describe('the pull worker and the next page on the headers (issue 17: 3G ≤ 1,2 × its byte floor)', () => {
  it('each page after the first is asked for when the headers of the one before arrive, before its body', async () => {
    // The worker's link: headers at once; bodies cross one after the other, 200 ms each (a slow
    // link's transfer time: a body starts when the one before it has arrived).
    const jejak: string[] = [];
    let linkBebas = 0;
    const lambat: FetchFn = async (i, init) => {
      const res = await server.app.request(String(i), init);
      if (!String(i).includes('/sync/pull')) return res;
      const since = new URL(String(i)).searchParams.get('since');
      jejak.push(`minta ${since}`);
      const isi = new Uint8Array(await res.arrayBuffer());
      linkBebas = Math.max(Date.now(), linkBebas) + 200;
      const tiba = linkBebas;
      const badan = new ReadableStream<Uint8Array>({
        async start(c) {
          await new Promise((r) => setTimeout(r, tiba - Date.now()));
          jejak.push(`badan ${since}`);
          c.enqueue(isi);
          c.close();
        },
      });
      return new Response(badan, { status: res.status, headers: res.headers });
    };
    const { k, utama } = tabletDenganPekerja(lambat);
    await k.mesin.sinkronSekarang();
    expect(k.status.current.galat).toBeNull();
    expect(utama.tarik).toBe(0);
    expect(await semuaRecord(k.db)).toEqual({ indikator: 12, realisasi: Array(12).fill(7) });
    const since = jejak.filter((j) => j.startsWith('minta ')).map((j) => j.slice(6));
    expect(since.length).toBeGreaterThan(3);
    // The request for page i went out before page i-1's body arrived (the old client waited for it).
    for (let i = 1; i < since.length; i++) expect(jejak.indexOf(`minta ${since[i]}`)).toBeLessThan(jejak.indexOf(`badan ${since[i - 1]}`));
  });
});

describe('a pull page given up (AntreanTarik drops a page asked for ahead)', () => {
  it("the worker aborts its request, so the page's bytes stop crossing the link; the answer is a network error", async () => {
    let sinyalFetch: AbortSignal | null = null;
    let dipanggil!: () => void;
    const dipanggilP = new Promise<void>((r) => (dipanggil = r));
    // A link that never answers until the request is aborted.
    const macet: FetchFn = (_i, init) =>
      new Promise<Response>((_, gagal) => {
        sinyalFetch = init?.signal ?? null;
        init?.signal?.addEventListener('abort', () => gagal(new DOMException('aborted', 'AbortError')));
        dipanggil();
      });
    const ch = new MessageChannel();
    const db = new PantauDB(`uji-batal-${idBaru()}`);
    layaniTarik(ch.port1 as unknown as PortPesan, { fetch: macet, bukaDb: () => db });
    const penarik = new PenarikPekerja({
      buatPort: () => ch.port2 as unknown as PortPesan,
      namaDb: db.name,
      baseUrl: 'http://uji',
      getToken: () => 'token',
      // Only the abort may end the request here, not the client's deadline.
      batasWaktuMs: 10 * 60_000,
      cadangan: new PenarikUtas(new KlienSinkron({ baseUrl: 'http://uji', getToken: () => 'token', fetch: macet }), db),
    });
    const batal = new AbortController();
    const hasil = penarik.ambil({ since: 0, jumlah: 10, byte: 32 * 1024, kunci: false, lingkup: { tahunMin: 2025, tahun: [] } }, { sinyal: batal.signal });
    await dipanggilP;
    expect(sinyalFetch!.aborted).toBe(false);
    batal.abort();
    await expect(hasil).rejects.toBeInstanceOf(GalatJaringan);
    expect(sinyalFetch!.aborted).toBe(true);
    penarik.tutup();
    ch.port1.close();
    db.close();
  }, 10_000);
});

describe('errors across the port', () => {
  it.each([
    ['otorisasi', new GalatOtorisasi('token_dicabut', 'Sesi dicabut.')],
    ['server', new GalatServer(503, 'sibuk', 'Server sibuk')],
    ['batas waktu', new GalatBatasWaktu(30)],
    ['jaringan', new GalatJaringan()],
    ['urutan', new UrutanTarikTerputus(10, 20)],
  ])('%s keeps its class, message and fields', (_n, e) => {
    const lagi = bangunGalat(structuredClone(kirimGalat(e)));
    expect(lagi.constructor).toBe(e.constructor);
    expect(lagi.message).toBe(e.message);
    expect({ ...lagi }).toEqual({ ...e });
    if (e instanceof GalatServer) expect((lagi as GalatServer).dapatDiulang).toBe(true);
  });

  it('a full device (Dexie error with an inner QuotaExceededError) is still recognisable', () => {
    const dexie = Object.assign(new Error('Transaction aborted'), { name: 'AbortError', inner: { name: 'QuotaExceededError' } });
    const lagi = bangunGalat(structuredClone(kirimGalat(dexie))) as Error & { inner?: { name: string } };
    expect(lagi.name).toBe('AbortError');
    expect(lagi.inner?.name).toBe('QuotaExceededError');
  });
});

describe('the pull worker when the session ends (review)', () => {
  it('a stopped engine (sign-out, another user on the tablet) asks the worker for no further page and leaves the first sync where it was', async () => {
    let tarik = 0;
    const { k } = tabletDenganPekerja(
      async (i, init) => {
        if (/\/sync\/pull/.test(String(i))) {
          tarik++;
          await new Promise((r) => setTimeout(r, 15));
        }
        return dariServer(i, init);
      },
      { batasPull: 2 },
    );
    const run = k.mesin.sinkronSekarang();
    // The first page is stored: the session then ends (src/lib/sesi.svelte.ts #tutup).
    while ((await kursorPull(k.db)) === 0) await new Promise((r) => setTimeout(r, 5));
    const tarikSaatBerhenti = tarik;
    k.mesin.stop();
    await k.mesin.selesai();
    await run;
    // At most the pages already asked for (two ahead) were requested; nothing later.
    expect(tarik - tarikSaatBerhenti).toBeLessThanOrEqual(2);
    const [s] = await server.db.query('SELECT rev FROM sync_state');
    const kursor = await kursorPull(k.db);
    expect(kursor).toBeLessThan(Number(s!.rev));
    // Not a sync that finished, nor an error to show.
    expect(k.status.current.terakhirSinkron).toBeNull();
    expect(k.status.current.galat).toBeNull();
    // Nothing is written after the engine said it was done.
    await new Promise((r) => setTimeout(r, 100));
    expect(await kursorPull(k.db)).toBe(kursor);
    // The same user back: the first sync goes on from the stored page and completes.
    k.mesin.start();
    await new Promise((r) => setTimeout(r, 20));
    await k.mesin.selesai();
    expect(k.status.current.galat).toBeNull();
    expect(await semuaRecord(k.db)).toEqual({ indikator: 12, realisasi: Array(12).fill(7) });
    expect(await kursorPull(k.db)).toBe(Number(s!.rev));
  });
});

describe('the pull worker against the main thread (review guards)', () => {
  it('an edit typed while the worker holds a fetched page is never overwritten by it (the pending check runs in the worker transaction)', async () => {
    const ref: { db?: PantauDB } = {};
    let diubah: string | null = null;
    const { k } = tabletDenganPekerja(async (i, init) => {
      const res = await dariServer(i, init);
      if (!/\/sync\/pull/.test(String(i)) || diubah) return res;
      const body = (await res.json()) as { changes: { table: string; key: string; record: Record<string, unknown> | null }[] };
      const r = body.changes.find((c) => c.table === 'realisasi' && c.record);
      if (r) {
        // The page is fetched in the worker, not yet stored: the officer types over its record.
        diubah = r.key;
        const { indikatorId, opdId, tahun, periode } = r.record as { indikatorId: string; opdId: string; tahun: number; periode: 'TW1' };
        await simpan(ref.db!, 'realisasi', r.key, { indikatorId, opdId, tahun, periode, nilai: 99 }, 'admin');
      }
      return new Response(JSON.stringify(body), { status: res.status, headers: res.headers });
    });
    ref.db = k.db;
    await k.mesin.sinkronSekarang();
    expect(diubah).not.toBeNull();
    // Stored pages never cover a record with a queued edit: the device still shows the officer's
    // value, and the edit waits in the outbox for the next push.
    expect(k.status.current.galat).toBeNull();
    expect((await k.db.realisasi.get(diubah!))?.nilai).toBe(99);
    expect((await k.db.outbox.toArray()).map((m) => m.key)).toEqual([diubah]);
    expect(await k.db.indikator.count()).toBe(12);
  });

  it('a full device met by the worker transaction shows the Indonesian "storage full" message', async () => {
    const utama = fetchTanpaTarik();
    const { port1, port2 } = new MessageChannel();
    const dbPekerja: PantauDB[] = [];
    layaniTarik(port1 as unknown as PortPesan, {
      fetch: dariServer,
      bukaDb: (nama) => {
        const d = new PantauDB(nama);
        // Every write of the worker's connection fails as a full disk does in IndexedDB.
        d.use({
          stack: 'dbcore',
          name: 'penuh',
          create: (down) => ({
            ...down,
            table: (n) => ({ ...down.table(n), mutate: () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError')) }),
          }),
        });
        dbPekerja.push(d);
        return d;
      },
    });
    const ref: { p?: PenarikPekerja } = {};
    const k = klienBaru(utama.fetch, server.token, { penarik: { ambil: (r) => ref.p!.ambil(r), tutup: () => ref.p!.tutup() } });
    ref.p = new PenarikPekerja({
      buatPort: () => port2 as unknown as PortPesan,
      namaDb: k.db.name,
      baseUrl: 'http://uji',
      getToken: () => k.token.nilai,
      cadangan: new PenarikUtas(k.mesin.klien, k.db),
    });
    buka.push({
      tutup: async () => {
        k.mesin.stop();
        await k.mesin.selesai();
        k.db.close();
        for (const d of dbPekerja) d.close();
        port1.close();
        port2.close();
      },
    });
    await k.mesin.sinkronSekarang();
    expect(k.status.current.galat).toBe(new PenyimpananPenuhError().message);
    expect(await kursorPull(k.db)).toBe(0);
    expect(utama.tarik).toBe(0);
  });

  it('a server restored during a first sync (another epoch) starts the pull over with the keys crossing the port: nothing the server has is dropped', async () => {
    const epochBaru = idBaru();
    let n = 0;
    const { k, utama } = tabletDenganPekerja(async (i, init) => {
      const res = await dariServer(i, init);
      if (!/\/sync\/pull/.test(String(i)) || ++n < 3) return res;
      // From the third page on, the server answers as a restored one.
      const body = (await res.json()) as Record<string, unknown>;
      return new Response(JSON.stringify({ ...body, epoch: epochBaru, epochRev: 0 }), { status: res.status, headers: res.headers });
    });
    await k.mesin.sinkronSekarang();
    expect(k.status.current.galat).toBeNull();
    expect(utama.tarik).toBe(0);
    expect(await epochTersimpan(k.db)).toBe(epochBaru);
    expect(await semuaRecord(k.db)).toEqual({ indikator: 12, realisasi: Array(12).fill(7) });
  });

  it("the worker's connection never blocks a newer app version's upgrade, and a later page through the worker is still applied", async () => {
    const { k, dbPekerja } = tabletDenganPekerja();
    await k.mesin.sinkronSekarang();
    expect(dbPekerja).toHaveLength(1);
    // A new app version (another tab) opens the database one version higher.
    class VersiBaru extends PantauDB {
      constructor(nama: string) {
        super(nama);
        this.version(99).stores({ catatanBaru: 'id' });
      }
    }
    const baru = new VersiBaru(k.db.name);
    await Promise.race([baru.open(), new Promise((_, tolak) => setTimeout(() => tolak(new Error('upgrade blocked')), 3000))]);
    baru.close();
    // An older year opened afterwards through the same worker still lands.
    await k.mesin.bukaTahun(2025, { sementara: true });
    expect(k.status.current.galat).toBeNull();
  });
});

describe('the pull worker and a revoked session (review guard)', () => {
  it('a 401 in the middle of a first sync pauses it at the stored page; signing in again resumes from there with the new token', async () => {
    const masuk = await server.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ username: 'admin', password: PASSWORD_ADMIN_UJI }),
    });
    const tokenBaru = ((await masuk.json()) as { token: string }).token;
    // The tokens the worker's requests may carry: the first is revoked at the third page.
    const sah = new Set([server.token]);
    const since: number[] = [];
    let n = 0;
    const { k } = tabletDenganPekerja(
      async (i, init) => {
        if (/\/sync\/pull/.test(String(i))) {
          if (++n === 3) sah.delete(server.token);
          const token = new Headers(init?.headers).get('authorization')?.replace(/^Bearer /, '') ?? '';
          if (!sah.has(token)) return new Response(JSON.stringify({ error: { code: 'token_dicabut', message: 'Sesi dicabut.' } }), { status: 401 });
          since.push(Number(new URL(String(i)).searchParams.get('since')));
        }
        return dariServer(i, init);
      },
      { batasPull: 2 },
    );
    await k.mesin.sinkronSekarang();
    expect(k.mesin.dijeda).toBe(true);
    expect(k.status.current.perluMasukLagi).toBe(true);
    const kursor = await kursorPull(k.db);
    expect(kursor).toBeGreaterThan(0);
    const [s] = await server.db.query('SELECT rev FROM sync_state');
    expect(kursor).toBeLessThan(Number(s!.rev));
    // The same user signs in again (src/lib/sesi.svelte.ts masuk → lanjutkan).
    k.token.nilai = tokenBaru;
    sah.add(tokenBaru);
    const sebelum = since.length;
    k.mesin.lanjutkan();
    await new Promise((r) => setTimeout(r, 20));
    await k.mesin.selesai();
    expect(k.status.current.galat).toBeNull();
    expect(k.status.current.perluMasukLagi).toBe(false);
    // It went on from the stored page, with the new token, and completed.
    expect(since[sebelum]).toBe(kursor);
    expect(await semuaRecord(k.db)).toEqual({ indikator: 12, realisasi: Array(12).fill(7) });
    expect(await kursorPull(k.db)).toBe(Number(s!.rev));
  });
});
