import { afterEach, describe, expect, it, vi } from 'vitest';
import { pohonPk } from '../db/bantu.ts';
import { klienBaru, type Klien } from './bantu-sync.ts';
import { ServerPalsu } from './server-palsu.ts';
import { simpan } from '../../../src/db/repo.ts';
import { selesaikanKonflik } from '../../../src/db/konflik.ts';
import { buangPerubahanDitolak } from '../../../src/db/penolakan.ts';
import { statusPerRecord } from '../../../src/lib/status-nilai.ts';
import { jedaBackoff, type SumberPeristiwa } from '../../../src/sync/engine.ts';
import { idAlami, idBaru, type User } from '../../../src/domain/schemas.ts';

const admin: User = { id: idBaru(), username: 'admin', nama: 'Admin', role: 'admin', opdId: null, aktif: true };
const dibuka: Klien[] = [];

function siapkan(n = 1) {
  const server = new ServerPalsu();
  server.masukkanToken('t-a', admin);
  server.masukkanToken('t-b', { ...admin, id: idBaru(), username: 'admin2' });
  const klien = Array.from({ length: n }, (_, i) => klienBaru(server.fetch, i === 0 ? 't-a' : 't-b'));
  dibuka.push(...klien);
  return { server, klien };
}

afterEach(() => {
  for (const k of dibuka.splice(0)) k.mesin.stop();
});

describe('sync engine', () => {
  it('push/pull round trip: outbox empties, records get server revs, status updated', async () => {
    const {
      server,
      klien: [a],
    } = siapkan();
    const { indikator } = await pohonPk(a!.db);
    await a!.mesin.sinkronSekarang();
    expect(await a!.db.outbox.count()).toBe(0);
    expect(server.records.size).toBe(1 + 1 + 1 + 2 + 1);
    const lokal = await a!.db.indikator.get(indikator[0]!.id);
    expect(lokal!.rev).toBeGreaterThan(0);
    expect(a!.status.current.terakhirSinkron).not.toBeNull();
    expect(a!.status.current.galat).toBeNull();
    expect(a!.status.current.tertunda).toBe(0);
    expect((await statusPerRecord(a!.db, 'indikator')).get(indikator[0]!.id)?.status).toBe('tersinkron');
  });

  it('two clients converge, and a different-field edit merges', async () => {
    const {
      klien: [a, b],
    } = siapkan(2);
    const { opd } = await pohonPk(a!.db);
    await a!.mesin.sinkronSekarang();
    await b!.mesin.sinkronSekarang();
    expect((await b!.db.opd.get(opd.id))!.nama).toBe('Dinas Pendidikan');
    await simpan(a!.db, 'opd', opd.id, { nama: 'Dinas Pendidikan dan Kebudayaan' }, 'a');
    await simpan(b!.db, 'opd', opd.id, { singkatan: 'Disdikbud' }, 'b');
    await a!.mesin.sinkronSekarang();
    await b!.mesin.sinkronSekarang();
    await a!.mesin.sinkronSekarang();
    for (const k of [a!, b!]) {
      const r = await k.db.opd.get(opd.id);
      expect(r).toMatchObject({ nama: 'Dinas Pendidikan dan Kebudayaan', singkatan: 'Disdikbud' });
    }
    expect(await a!.db.konflik.count()).toBe(0);
    expect((await a!.db.opd.get(opd.id))!.rev).toBe((await b!.db.opd.get(opd.id))!.rev);
  });

  it('same-field edits make a konflik on both clients; resolving it converges', async () => {
    const {
      server,
      klien: [a, b],
    } = siapkan(2);
    const { opd } = await pohonPk(a!.db);
    await a!.mesin.sinkronSekarang();
    await b!.mesin.sinkronSekarang();
    await simpan(a!.db, 'opd', opd.id, { nama: 'Versi A' }, 'a');
    await simpan(b!.db, 'opd', opd.id, { nama: 'Versi B' }, 'b');
    await a!.mesin.sinkronSekarang();
    await b!.mesin.sinkronSekarang();
    await a!.mesin.sinkronSekarang();
    for (const k of [a!, b!]) {
      expect((await k.db.opd.get(opd.id))!.nama).toBe('Versi A'); // server value stays
      const ks = await k.db.konflik.toArray();
      expect(ks).toHaveLength(1);
      expect(ks[0]).toMatchObject({ recordId: opd.id, field: 'nama', nilaiServer: 'Versi A', nilaiMasuk: 'Versi B', status: 'terbuka' });
      expect(k.status.current.konflikTerbuka).toBe(1);
      expect((await statusPerRecord(k.db, 'opd')).get(opd.id)?.status).toBe('konflik');
    }
    const konflikId = (await b!.db.konflik.toArray())[0]!.id;
    await selesaikanKonflik(b!.db, konflikId, 'masuk', 'b');
    await b!.mesin.sinkronSekarang();
    await a!.mesin.sinkronSekarang();
    for (const k of [a!, b!]) {
      expect((await k.db.opd.get(opd.id))!.nama).toBe('Versi B');
      expect((await k.db.konflik.get(konflikId))!.status).toBe('selesai');
      expect(k.status.current.konflikTerbuka).toBe(0);
    }
    expect(server.records.get(`opd:${opd.id}`)!.record.nama).toBe('Versi B');
  });

  it('retries after a lost response without duplicating anything', async () => {
    const {
      server,
      klien: [a],
    } = siapkan();
    await pohonPk(a!.db);
    const n = await a!.db.outbox.count();
    server.hilangkanJawabanPush = 1;
    await a!.mesin.sinkronSekarang();
    expect(a!.status.current.galat).toMatch(/Tidak dapat terhubung/);
    expect(a!.status.current.online).toBe(false);
    expect(await a!.db.outbox.count()).toBe(n); // applied on the server, but we do not know it
    const revSebelum = server.rev;
    await a!.mesin.sinkronSekarang();
    expect(await a!.db.outbox.count()).toBe(0);
    expect(server.rev).toBe(revSebelum); // the retry changed nothing
    expect(server.records.size).toBe(6);
    expect(a!.status.current.galat).toBeNull();
  });

  it('recovers from a seq gap by dropping acknowledged entries and renumbering the rest', async () => {
    const {
      server,
      klien: [a],
    } = siapkan();
    const { opd } = await pohonPk(a!.db);
    await a!.mesin.sinkronSekarang();
    // The server saw seqs up to 6; simulate a client whose outbox lost its head (e.g. restored
    // database): pending seqs jump from 6 to 10.
    await simpan(a!.db, 'opd', opd.id, { nama: 'Setelah celah' }, 'a');
    const m = (await a!.db.outbox.toArray())[0]!;
    await a!.db.outbox.clear();
    await a!.db.outbox.add({ ...m, seq: 10 });
    await a!.db.meta.put({ key: 'lastSeq', value: 10 });
    await a!.mesin.sinkronSekarang();
    expect(await a!.db.outbox.count()).toBe(0);
    expect(server.records.get(`opd:${opd.id}`)!.record.nama).toBe('Setelah celah');
    expect(server.lastSeq.get([...server.lastSeq.keys()][0]!)).toBe(7);
    // The next local write continues after the server's seq.
    await simpan(a!.db, 'opd', opd.id, { nama: 'Lagi' }, 'a');
    await a!.mesin.sinkronSekarang();
    expect(server.records.get(`opd:${opd.id}`)!.record.nama).toBe('Lagi');
  });

  it('a rejected mutation stays visible, does not block the next ones, and can be discarded', async () => {
    const {
      server,
      klien: [a],
    } = siapkan();
    const { opd, indikator } = await pohonPk(a!.db);
    await a!.mesin.sinkronSekarang();
    const i0 = indikator[0]!;
    // Admin locks TW1 2026 on the server side.
    server.push({
      clientId: idBaru(),
      schemaVersion: 1,
      mutations: [
        {
          id: idBaru(),
          seq: 1,
          table: 'kunciPeriode',
          key: idAlami.kunciPeriode(2026, 1),
          op: 'put',
          baseRev: 0,
          at: new Date().toISOString(),
          fields: { tahun: 2026, triwulan: 1, terkunci: true },
        },
      ],
    });
    const idTw1 = idAlami.realisasi(i0.id, 'TW1');
    const idTw2 = idAlami.realisasi(i0.id, 'TW2');
    await simpan(a!.db, 'realisasi', idTw1, { indikatorId: i0.id, opdId: opd.id, tahun: 2026, periode: 'TW1', nilai: 40 }, 'a');
    await simpan(a!.db, 'realisasi', idTw2, { indikatorId: i0.id, opdId: opd.id, tahun: 2026, periode: 'TW2', nilai: 55 }, 'a');
    await a!.mesin.sinkronSekarang();
    expect(await a!.db.outbox.count()).toBe(0);
    expect(server.records.has(`realisasi:${idTw2}`)).toBe(true); // behind the rejection, applied
    expect(server.records.has(`realisasi:${idTw1}`)).toBe(false);
    expect((await a!.db.realisasi.get(idTw1))!.nilai).toBe(40); // still visible locally
    const st = (await statusPerRecord(a!.db, 'realisasi')).get(idTw1);
    expect(st).toEqual({ status: 'ditolak', alasan: 'Periode sudah dikunci', kode: 'kunci' });
    expect(a!.status.current.ditolak).toBe(1);
    // Fix and resend: unlock, then any edit resends the refused fields too.
    const kunci = server.records.get(`kunciPeriode:${idAlami.kunciPeriode(2026, 1)}`)!;
    kunci.record = { ...kunci.record, terkunci: false };
    await simpan(a!.db, 'realisasi', idTw1, { catatan: 'Data dari BPS' }, 'a');
    expect((await a!.db.outbox.toArray())[0]!.fields).toMatchObject({ nilai: 40, periode: 'TW1', catatan: 'Data dari BPS' });
    expect(await a!.db.penolakan.count()).toBe(0);
    // Lock again and this time discard it: the server never had it, so the local record goes away.
    kunci.record = { ...kunci.record, terkunci: true };
    await a!.mesin.sinkronSekarang();
    expect(a!.status.current.ditolak).toBe(1);
    await buangPerubahanDitolak(a!.db, 'realisasi', idTw1, (t, k) => a!.mesin.klien.ambilRecord(t, k));
    expect(await a!.db.realisasi.get(idTw1)).toBeUndefined();
    expect(await a!.db.penolakan.count()).toBe(0);
  });

  it('discarding a rejected edit of an existing record restores the server value', async () => {
    const {
      klien: [a],
    } = siapkan();
    const { indikator } = await pohonPk(a!.db);
    await a!.mesin.sinkronSekarang();
    const i0 = indikator[0]!;
    await simpan(a!.db, 'indikator', i0.id, { uraian: 'Nilai ditolak' }, 'a');
    // Hand-made rejection (the fake server has no permission rules).
    await a!.db.outbox.clear();
    await a!.db.penolakan.put({
      id: `indikator:${i0.id}`,
      table: 'indikator',
      key: i0.id,
      reason: 'Tidak berwenang',
      fields: { uraian: 'Nilai ditolak' },
      at: new Date().toISOString(),
    });
    await a!.mesin.sinkronSekarang(); // the pull must not overwrite it meanwhile
    expect((await a!.db.indikator.get(i0.id))!.uraian).toBe('Nilai ditolak');
    await buangPerubahanDitolak(a!.db, 'indikator', i0.id, (t, k) => a!.mesin.klien.ambilRecord(t, k));
    expect((await a!.db.indikator.get(i0.id))!.uraian).toBe('Indikator 1');
  });

  it('read-your-writes: a pull never overwrites a record with pending mutations', async () => {
    const {
      klien: [a, b],
    } = siapkan(2);
    const { opd } = await pohonPk(a!.db);
    await a!.mesin.sinkronSekarang();
    await b!.mesin.sinkronSekarang();
    await simpan(b!.db, 'opd', opd.id, { nama: 'Dari B' }, 'b');
    await b!.mesin.sinkronSekarang();
    await simpan(a!.db, 'opd', opd.id, { singkatan: 'Lokal' }, 'a');
    // Pull only (push would send it): apply the server page directly.
    const { terapkanHalaman } = await import('../../../src/db/tarik.ts');
    const page = await a!.mesin.klien.pull(0, 1000);
    await terapkanHalaman(a!.db, page.changes, page.next);
    expect((await a!.db.opd.get(opd.id))!).toMatchObject({ singkatan: 'Lokal', nama: 'Dinas Pendidikan' });
    await a!.mesin.sinkronSekarang();
    expect((await a!.db.opd.get(opd.id))!).toMatchObject({ singkatan: 'Lokal', nama: 'Dari B' });
  });

  it('token expiry pauses sync, keeps the outbox, and resumes after signing in again', async () => {
    const {
      server,
      klien: [a],
    } = siapkan();
    const expired = vi.fn();
    const k = klienBaru(server.fetch, 't-a', { onTokenKedaluwarsa: expired });
    dibuka.push(k);
    void a;
    await pohonPk(k.db);
    server.tokens.get('t-a')!.kedaluwarsa = true;
    await k.mesin.sinkronSekarang();
    expect(expired).toHaveBeenCalledTimes(1);
    expect(k.status.current.perluMasukLagi).toBe(true);
    expect(k.mesin.dijeda).toBe(true);
    expect(await k.db.outbox.count()).toBe(6);
    const push = server.jumlahPush;
    await k.mesin.sinkronSekarang(); // paused: does not even try
    expect(server.jumlahPush).toBe(push);
    server.masukkanToken('t-baru', admin);
    k.token.nilai = 't-baru';
    k.mesin.lanjutkan();
    await k.mesin.selesai();
    expect(k.status.current.perluMasukLagi).toBe(false);
    expect(await k.db.outbox.count()).toBe(0);
    expect(server.records.size).toBe(6);
  });

  it('pulls every page until more is false, and gzips big pushes', async () => {
    const {
      server,
      klien: [a],
    } = siapkan();
    const b = klienBaru(server.fetch, 't-b', { batasPull: 2 });
    dibuka.push(b);
    await pohonPk(a!.db, 'a', 10);
    await a!.mesin.sinkronSekarang();
    expect(server.gzipDiterima).toBeGreaterThan(0);
    await b.mesin.sinkronSekarang();
    expect(await b.db.indikator.count()).toBe(10);
    expect((await b.db.meta.get('pullRev'))!.value).toBe(server.rev);
  });

  it('pull fetches the next page while applying one: either failing stops at the last applied page, nothing unhandled', async () => {
    const {
      server,
      klien: [a],
    } = siapkan();
    await pohonPk(a!.db, 'a', 10);
    await a!.mesin.sinkronSekarang();
    // Every pull after the first page fails until the network comes back.
    const jaringan = { putus: true };
    const b = klienBaru(
      (i, init) => {
        if (jaringan.putus && /\/sync\/pull\?since=[1-9]/.test(String(i))) return Promise.reject(new TypeError('offline'));
        return server.fetch(i, init);
      },
      't-b',
      { batasPull: 2 },
    );
    dibuka.push(b);
    const tanpaTangkap: unknown[] = [];
    const catat = (e: unknown) => tanpaTangkap.push(e);
    process.on('unhandledRejection', catat);
    const diam = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const gagal = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    try {
      // Page 1 fails to apply while page 2 (fetched ahead) fails on the network.
      b.db.indikator.hook('creating', gagal);
      b.db.opd.hook('creating', gagal);
      await b.mesin.sinkronSekarang();
      expect(b.status.current.galat).toMatch(/Penyimpanan perangkat penuh/);
      expect(await b.db.meta.get('pullRev')).toBeUndefined();
      b.db.indikator.hook('creating').unsubscribe(gagal);
      b.db.opd.hook('creating').unsubscribe(gagal);
      // Page 1 applies, page 2 fails on the network: the cursor stays at page 1.
      await b.mesin.sinkronSekarang();
      expect(b.status.current.galat).toMatch(/Tidak dapat terhubung/);
      expect((await b.db.meta.get('pullRev'))!.value).toBeGreaterThan(0);
      expect((await b.db.meta.get('pullRev'))!.value).toBeLessThan(server.rev);
      // Back online: the rest follows.
      jaringan.putus = false;
      await b.mesin.sinkronSekarang();
      expect(await b.db.indikator.count()).toBe(10);
      expect((await b.db.meta.get('pullRev'))!.value).toBe(server.rev);
      await new Promise((r) => setTimeout(r, 20));
    } finally {
      diam.mockRestore();
      process.off('unhandledRejection', catat);
    }
    expect(tanpaTangkap).toEqual([]);
  });

  it("opens a page's transaction before the previous page's has committed (issue 17 §5), in order, all pages stored", async () => {
    const {
      server,
      klien: [a],
    } = siapkan();
    await pohonPk(a!.db, 'a', 12);
    await a!.mesin.sinkronSekarang();
    const b = klienBaru(server.fetch, 't-b', { batasPull: 2 });
    dibuka.push(b);
    // Every transaction over the record tables (a page's): when it opened, and whether the one before was done then.
    const asli = IDBDatabase.prototype.transaction;
    let terbuka = 0;
    let tumpang = 0;
    let halaman = 0;
    IDBDatabase.prototype.transaction = function (this: IDBDatabase, ...args: Parameters<IDBDatabase['transaction']>) {
      const tx = asli.apply(this, args);
      const nama = args[0];
      if (this.name === b.db.name && Array.isArray(nama) && nama.includes('indikator') && nama.includes('outbox') && args[1] === 'readwrite') {
        halaman++;
        if (terbuka > 0) tumpang++;
        terbuka++;
        const tutup = () => void terbuka--;
        tx.addEventListener('complete', tutup);
        tx.addEventListener('abort', tutup);
      }
      return tx;
    } as IDBDatabase['transaction'];
    try {
      await b.mesin.sinkronSekarang();
    } finally {
      IDBDatabase.prototype.transaction = asli;
    }
    expect(halaman).toBeGreaterThan(5);
    expect(tumpang).toBeGreaterThan(0);
    expect(await b.db.indikator.count()).toBe(12);
    expect((await b.db.meta.get('pullRev'))!.value).toBe(server.rev);
  });

  it('a page that fails to store while the next one is already queued: the cursor stays before it, the next is not stored', async () => {
    const {
      server,
      klien: [a],
    } = siapkan();
    await pohonPk(a!.db, 'a', 10);
    await a!.mesin.sinkronSekarang();
    const b = klienBaru(server.fetch, 't-b', { batasPull: 2 });
    dibuka.push(b);
    const diam = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const gagal = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    // The sasaran comes on the second page; pages after it are fetched and queued meanwhile.
    b.db.sasaran.hook('creating', gagal);
    try {
      await b.mesin.sinkronSekarang();
      expect(b.status.current.galat).toMatch(/Penyimpanan perangkat penuh/);
      expect(await b.db.sasaran.count()).toBe(0);
      const kursor = (await b.db.meta.get('pullRev'))?.value as number | undefined;
      // Nothing after the failed page: the cursor is below the sasaran's rev, no indikator after it either.
      const revSasaran = Math.min(...[...server.records.values()].filter((r) => r.table === 'sasaran').map((r) => r.rev));
      expect(kursor ?? 0).toBeLessThan(revSasaran);
      const revIndikator = (await b.db.indikator.toArray()).map((r) => r.rev);
      expect(revIndikator.every((r) => r < revSasaran)).toBe(true);
    } finally {
      b.db.sasaran.hook('creating').unsubscribe(gagal);
      diam.mockRestore();
    }
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).toBeNull();
    expect(await b.db.sasaran.count()).toBe(1);
    expect(await b.db.indikator.count()).toBe(10);
    expect((await b.db.meta.get('pullRev'))!.value).toBe(server.rev);
  });

  it('backs off on network errors and syncs again by itself', async () => {
    const { server } = siapkan(0);
    server.masukkanToken('t-a', admin);
    const k = klienBaru(server.fetch, 't-a', { acak: () => 0 });
    dibuka.push(k);
    await pohonPk(k.db);
    server.putusJaringan = 1;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      k.mesin.start();
      await vi.waitFor(() => expect(k.status.current.galat).toMatch(/Tidak dapat terhubung/));
      expect(await k.db.outbox.count()).toBe(6);
      vi.advanceTimersByTime(jedaBackoff(1, () => 0));
    } finally {
      vi.useRealTimers();
    }
    // The run that empties the outbox also clears the error once its pull is done.
    await vi.waitFor(async () => {
      expect(await k.db.outbox.count()).toBe(0);
      expect(k.status.current.galat).toBeNull();
    });
  });

  it('syncs by itself after a local write (debounced) and on an SSE poke', async () => {
    const { server } = siapkan(0);
    let dengar: ((e: MessageEvent) => void) | null = null;
    let urlSse = '';
    const sse: SumberPeristiwa = {
      addEventListener: (t, l) => {
        if (t === 'change') dengar = l;
      },
      close: () => undefined,
    };
    const a = klienBaru(server.fetch, 't-a', {
      jedaTulisMs: 5,
      buatSumberPeristiwa: (u) => {
        urlSse = u;
        return sse;
      },
    });
    const b = klienBaru(server.fetch, 't-b', { jedaTulisMs: 5 });
    dibuka.push(a, b);
    a.mesin.start();
    b.mesin.start();
    // A one-time ticket in the URL, never the session token (docs/security.md, issue 9 point 9).
    await vi.waitFor(() => expect(urlSse).toBe('http://uji/api/v1/events?tiket=tiket-t-a'));
    expect(urlSse).not.toContain('t-a&');
    await a.mesin.selesai();
    await b.mesin.selesai(); // the start-up run is over: only the write can trigger the next one
    const push = server.jumlahPush;
    const { opd } = await pohonPk(b.db);
    await vi.waitFor(async () => expect(server.records.has(`opd:${opd.id}`)).toBe(true));
    await vi.waitFor(async () => expect(await b.db.outbox.count()).toBe(0));
    await b.mesin.selesai();
    expect(server.jumlahPush).toBeGreaterThan(push);
    expect(b.status.current.tertunda).toBe(0);
    expect(await a.db.opd.get(opd.id)).toBeUndefined();
    dengar!(new MessageEvent('change', { data: JSON.stringify({ rev: server.rev }) }));
    await vi.waitFor(async () => expect(await a.db.opd.get(opd.id)).toBeDefined());
  });
});

describe('SSE', () => {
  it('reopens a stream the browser closed (e.g. refused) after a pause, and closes it on stop', async () => {
    const { server } = siapkan(0);
    const dibuat: Array<{ url: string; readyState: number; ditutup: boolean; dengar: Map<string, (e: MessageEvent) => void> }> = [];
    const k = klienBaru(server.fetch, 't-a', {
      buatSumberPeristiwa: (url) => {
        const s = { url, readyState: 1, ditutup: false, dengar: new Map<string, (e: MessageEvent) => void>() };
        dibuat.push(s);
        return {
          get readyState() {
            return s.readyState;
          },
          addEventListener: (t, l) => void s.dengar.set(t, l),
          close: () => {
            s.ditutup = true;
            s.readyState = 2;
          },
        };
      },
    });
    dibuka.push(k);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    try {
      k.mesin.start();
      await vi.waitFor(() => expect(dibuat).toHaveLength(1));
      dibuat[0]!.dengar.get('error')!(new MessageEvent('error')); // still open: the browser retries itself
      vi.advanceTimersByTime(60_000);
      expect(dibuat).toHaveLength(1);
      dibuat[0]!.readyState = 2;
      dibuat[0]!.dengar.get('error')!(new MessageEvent('error'));
      vi.advanceTimersByTime(30_000);
      await vi.waitFor(() => expect(dibuat).toHaveLength(2));
      expect(dibuat.every((d) => !d.url.includes('token='))).toBe(true);
      k.mesin.stop();
      expect(dibuat[1]!.ditutup).toBe(true);
    } finally {
      vi.useRealTimers();
    }
    await k.mesin.selesai();
  });
});

describe('jedaBackoff', () => {
  it('grows exponentially with jitter and is capped', () => {
    expect(jedaBackoff(1, () => 0)).toBe(1000);
    expect(jedaBackoff(1, () => 1)).toBe(2000);
    expect(jedaBackoff(3, () => 1)).toBe(8000);
    expect(jedaBackoff(30, () => 1)).toBe(300_000);
    expect(jedaBackoff(30, () => 0)).toBe(150_000);
  });
});
