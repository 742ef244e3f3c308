/**
 * The evidence uploader on its own (issue 15 point 2; docs/bukti-dukung.md "Status berkas", "API",
 * "Pratinjau di tablet"), against a fake server (fetch) and a fake tus client: the state of each
 * file goes lokal → mengunggah → terkirim, or ditolak with the server's Indonesian reason and is
 * never retried by itself; HEAD 200 means the server has the content already, 403 (held for another
 * OPD only) that the bytes are sent to prove this OPD holds them; a network
 * failure keeps the upload's address so the next run resumes it; thumbnails are pulled after.
 */
import 'fake-indexeddb/auto';
import type { UploadOptions } from 'tus-js-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PantauDB, type BerkasLokal } from '../../../src/db/database.ts';
import { buktiDukungSchema, idBaru } from '../../../src/domain/schemas.ts';
import { PengunggahBerkas, TANYA_ULANG_DITOLAK_MS, type BuatUnggahanTus, type UnggahanTus } from '../../../src/sync/unggah.ts';
import { lepasBerkasTerkirim, ringkasanBerkasTerkirim } from '../../../src/db/bukti.ts';
import { daftarTanyaUlang, KEY_TANYA_ULANG } from '../../../src/db/tanya-ulang.ts';
import { mulaiTarikUlang } from '../../../src/db/tarik.ts';

const OPD = idBaru();
const hashDari = (n: number) => n.toString(16).padStart(64, '0');

function berkas(n: number, ubah: Partial<BerkasLokal> = {}): BerkasLokal {
  const isi = `foto-${n}-`.repeat(20);
  return {
    hash: hashDari(n),
    blob: new Blob([isi], { type: 'image/jpeg' }),
    nama: `foto-${n}.jpg`,
    mime: 'image/jpeg',
    ukuran: isi.length,
    tabel: 'realisasi',
    recordId: idBaru(),
    opdId: OPD,
    status: 'lokal',
    terkirimByte: 0,
    alasan: '',
    urlUnggah: null,
    dibuatPada: `2026-11-0${n}T00:00:00.000Z`,
    ...ubah,
  };
}

/** What the fake tus server does with the next upload of a hash. */
type Akhir = { jenis: 'sukses' } | { jenis: 'tolak'; status: number; body: string } | { jenis: 'putus' };

/** A fake tus client: creates (or resumes) the upload, reports half the bytes, then ends as told. */
class TusPalsu {
  readonly dibuat: { hash: string; uploadUrl: string | null | undefined; headers: Record<string, string> | undefined }[] = [];
  /** Each file's state as stored in IndexedDB right after the fake reported progress. */
  readonly diTengah: BerkasLokal[] = [];
  readonly akhir = new Map<string, Akhir[]>();
  /** Called once in the middle of the next upload (bytes half sent), before it ends. */
  kaitTengah: (() => Promise<void>) | null = null;
  constructor(private readonly db: PantauDB) {}

  buat: BuatUnggahanTus = (blob: Blob, o: UploadOptions): UnggahanTus => {
    const hash = String(o.metadata?.hash);
    const diTengah = this.diTengah;
    const akhir = this.akhir;
    const db = this.db;
    const kaitTengah = () => {
      const k = this.kaitTengah;
      this.kaitTengah = null;
      return k?.();
    };
    this.dibuat.push({ hash, uploadUrl: o.uploadUrl, headers: o.headers });
    const u = {
      url: null as string | null,
      start() {
        void (async () => {
          u.url = o.uploadUrl ?? `/api/v1/berkas/unggah/${hash.slice(-6)}`;
          o.onUploadUrlAvailable?.();
          o.onProgress?.(Math.floor(blob.size / 2), blob.size);
          await new Promise((r) => setTimeout(r, 20));
          diTengah.push((await db.berkasLokal.get(hash))!);
          await kaitTengah();
          const a = akhir.get(hash)?.shift() ?? { jenis: 'sukses' };
          if (a.jenis === 'sukses') o.onSuccess?.({ lastResponse: null as never });
          else if (a.jenis === 'putus') o.onError?.(new Error('tus: failed to upload chunk'));
          else {
            const e = Object.assign(new Error('tus: unexpected response'), {
              originalResponse: { getStatus: () => a.status, getBody: () => a.body },
            });
            o.onError?.(e as never);
          }
        })();
      },
      abort: async () => undefined,
    };
    return u;
  };
  akan = (hash: string, ...a: Akhir[]) => void this.akhir.set(hash, a);
}

/** A fake server for the HEAD checks and thumbnails; counts what was asked. */
class ServerPalsu {
  readonly diminta: string[] = [];
  head = new Map<string, number>();
  thumb = new Map<string, { status: number; kode?: string }>();
  putus = false;
  /** Called once at the next thumbnail request, before it is answered. */
  sebelumThumb: (() => Promise<void>) | null = null;
  fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input);
    const metode = init?.method ?? 'GET';
    if (this.putus) throw new TypeError('Failed to fetch');
    this.diminta.push(`${metode} ${url}`);
    if (new Headers(init?.headers).get('Authorization') !== 'Bearer tok') return new Response(null, { status: 401 });
    const hash = url.split('/')[4]!;
    if (url.endsWith('/thumb')) {
      const kait = this.sebelumThumb;
      this.sebelumThumb = null;
      await kait?.();
      const t = this.thumb.get(hash) ?? { status: 200 };
      if (t.status === 200) return new Response(new Blob([`webp-${hash}`], { type: 'image/webp' }), { status: 200 });
      return new Response(JSON.stringify({ error: { code: t.kode ?? 'forbidden', message: 'x' } }), { status: t.status });
    }
    return new Response(null, { status: this.head.get(hash) ?? 404 });
  };
}

let db: PantauDB;
let tus: TusPalsu;
let srv: ServerPalsu;
let token: string | null;
let p: PengunggahBerkas;
beforeEach(async () => {
  db = new PantauDB(`unggah-${idBaru()}`);
  await db.open();
  tus = new TusPalsu(db);
  srv = new ServerPalsu();
  token = 'tok';
  p = new PengunggahBerkas({ db, baseUrl: '', getToken: () => token, fetch: srv.fetch, tus: async () => tus.buat });
});
afterEach(async () => {
  p.stop();
  await db.delete();
});

describe('PengunggahBerkas', () => {
  it('lokal → mengunggah (with the upload address and the bytes sent) → terkirim, oldest first, behind the token', async () => {
    await db.berkasLokal.bulkPut([berkas(2), berkas(1)]);
    await p.picu();
    expect(tus.dibuat.map((d) => d.hash)).toEqual([hashDari(1), hashDari(2)]);
    expect(tus.dibuat[0]!.headers).toEqual({ Authorization: 'Bearer tok' });
    expect(tus.dibuat[0]!.uploadUrl).toBeNull();
    expect(tus.diTengah[0]).toMatchObject({ status: 'mengunggah', urlUnggah: `/api/v1/berkas/unggah/${hashDari(1).slice(-6)}` });
    expect(tus.diTengah[0]!.terkirimByte).toBe(Math.floor(berkas(1).ukuran / 2));
    for (const n of [1, 2])
      expect(await db.berkasLokal.get(hashDari(n))).toMatchObject({ status: 'terkirim', terkirimByte: berkas(n).ukuran, urlUnggah: null, alasan: '' });
    // HEAD first, for each file.
    expect(srv.diminta.filter((d) => d.startsWith('HEAD'))).toEqual([`HEAD /api/v1/berkas/${hashDari(1)}`, `HEAD /api/v1/berkas/${hashDari(2)}`]);
  });

  it("ditolak keeps the server's Indonesian reason and is never retried by itself; the next file still goes", async () => {
    await db.berkasLokal.bulkPut([berkas(1), berkas(2)]);
    const alasan = 'Jenis berkas tidak diterima (isinya GIF): hanya foto JPEG/PNG, PDF, XLSX atau DOCX';
    tus.akan(hashDari(1), { jenis: 'tolak', status: 415, body: JSON.stringify({ error: { code: 'jenis_berkas', message: alasan } }) });
    await p.picu();
    expect(await db.berkasLokal.get(hashDari(1))).toMatchObject({ status: 'ditolak', alasan, urlUnggah: null });
    expect((await db.berkasLokal.get(hashDari(2)))?.status).toBe('terkirim');
    const sebelum = { tus: tus.dibuat.length, fetch: srv.diminta.length };
    await p.picu();
    expect(tus.dibuat.length).toBe(sebelum.tus);
    expect(srv.diminta.slice(sebelum.fetch).filter((d) => d.includes(hashDari(1)) && !d.endsWith('/thumb'))).toEqual([]);
    expect((await db.berkasLokal.get(hashDari(1)))?.status).toBe('ditolak');
  });

  it('a refusal without a JSON body gets a general Indonesian reason; 409/423 are not refusals', async () => {
    await db.berkasLokal.bulkPut([berkas(1), berkas(2)]);
    tus.akan(hashDari(1), { jenis: 'tolak', status: 413, body: '<html>Request Entity Too Large</html>' });
    tus.akan(hashDari(2), { jenis: 'tolak', status: 423, body: '' });
    await p.picu();
    expect(await db.berkasLokal.get(hashDari(1))).toMatchObject({ status: 'ditolak', alasan: 'Server menolak berkas (kode 413)' });
    // 423 (locked): a temporary state, the run stops and the file waits with its address.
    expect((await db.berkasLokal.get(hashDari(2)))?.status).toBe('mengunggah');
  });

  it('HEAD 200 means the server already has the content: terkirim without a byte sent; 403 (another OPD holds it) sends the bytes as proof', async () => {
    await db.berkasLokal.bulkPut([berkas(1), berkas(2)]);
    srv.head.set(hashDari(1), 200);
    srv.head.set(hashDari(2), 403);
    await p.picu();
    expect(tus.dibuat.map((d) => d.hash)).toEqual([hashDari(2)]);
    for (const n of [1, 2]) expect(await db.berkasLokal.get(hashDari(n))).toMatchObject({ status: 'terkirim', terkirimByte: berkas(n).ukuran });
  });

  it('a cut link keeps the upload address; the next run resumes from it; later files wait for the network', async () => {
    await db.berkasLokal.bulkPut([berkas(1), berkas(2)]);
    tus.akan(hashDari(1), { jenis: 'putus' });
    await p.picu();
    const l = await db.berkasLokal.get(hashDari(1));
    expect(l).toMatchObject({ status: 'mengunggah', urlUnggah: `/api/v1/berkas/unggah/${hashDari(1).slice(-6)}` });
    expect((await db.berkasLokal.get(hashDari(2)))?.status).toBe('lokal');
    expect(tus.dibuat.map((d) => d.hash)).toEqual([hashDari(1)]);
    await p.picu();
    expect(tus.dibuat[1]).toMatchObject({ hash: hashDari(1), uploadUrl: l!.urlUnggah });
    for (const n of [1, 2]) expect((await db.berkasLokal.get(hashDari(n)))?.status).toBe('terkirim');
  });

  it('offline (HEAD fails), signed out or 401: nothing changes', async () => {
    await db.berkasLokal.put(berkas(1));
    srv.putus = true;
    await p.picu();
    srv.putus = false;
    token = null;
    await p.picu();
    token = 'salah';
    await p.picu();
    expect(tus.dibuat).toEqual([]);
    expect(await db.berkasLokal.get(hashDari(1))).toMatchObject({ status: 'lokal', urlUnggah: null });
  });
});

describe('thumbnails pulled after the records (docs/bukti-dukung.md "Pratinjau di tablet")', () => {
  const rec = (n: number, mime: 'image/jpeg' | 'application/pdf' = 'image/jpeg', deleted = false) =>
    buktiDukungSchema.parse({
      id: idBaru(),
      rev: n,
      updatedAt: '2026-11-01T00:00:00Z',
      deleted,
      tabel: 'realisasi',
      recordId: idBaru(),
      opdId: OPD,
      hash: hashDari(n),
      nama: `b-${n}`,
      mime,
      ukuran: 10,
    });

  it('fetches the images it does not hold; remembers "none" for 403 and tanpa_pratinjau; asks a not-yet-uploaded one again later', async () => {
    await db.buktiDukung.bulkPut([rec(1), rec(2), rec(3), rec(4), rec(5), rec(6, 'application/pdf'), rec(7, 'image/jpeg', true)]);
    await db.berkasLokal.put(berkas(5, { status: 'terkirim' })); // attached on this device: its own copy is shown
    srv.head.set(hashDari(5), 200);
    srv.thumb.set(hashDari(2), { status: 404, kode: 'tanpa_pratinjau' });
    srv.thumb.set(hashDari(3), { status: 404, kode: 'tidak_ditemukan' });
    srv.thumb.set(hashDari(4), { status: 403 });
    await p.picu();
    const diminta = () => srv.diminta.filter((d) => d.endsWith('/thumb')).map((d) => d.split('/')[4]);
    expect(diminta().sort()).toEqual([hashDari(1), hashDari(2), hashDari(3), hashDari(4)]);
    expect(await (await db.pratinjauLokal.get(hashDari(1)))!.blob!.text()).toBe(`webp-${hashDari(1)}`);
    expect((await db.pratinjauLokal.get(hashDari(2)))?.blob).toBeNull();
    expect((await db.pratinjauLokal.get(hashDari(4)))?.blob).toBeNull();
    expect(await db.pratinjauLokal.get(hashDari(3))).toBeUndefined();
    // Its tablet sent it meanwhile: the next run (after the next sync) gets it, and only it.
    srv.thumb.delete(hashDari(3));
    srv.diminta.length = 0;
    await p.picu();
    expect(diminta()).toEqual([hashDari(3)]);
    expect((await db.pratinjauLokal.get(hashDari(3)))?.blob).not.toBeNull();
  });

  it('a refused thumbnail (403) is asked again when another record names the file (the grant) or after a day; "no thumbnail" never', async () => {
    await db.buktiDukung.bulkPut([rec(1), rec(2)]);
    srv.thumb.set(hashDari(1), { status: 403 });
    srv.thumb.set(hashDari(2), { status: 404, kode: 'tanpa_pratinjau' });
    await p.picu();
    expect(await db.pratinjauLokal.get(hashDari(1))).toMatchObject({ blob: null, ditolak: { lampiran: 1 } });
    expect((await db.pratinjauLokal.get(hashDari(2)))?.ditolak).toBeUndefined();
    const diminta = () => srv.diminta.filter((d) => d.endsWith('/thumb')).map((d) => d.split('/')[4]);
    // Nothing new: neither is asked again.
    srv.diminta.length = 0;
    await p.picu();
    expect(diminta()).toEqual([]);
    // The same photo attached to a record of this account's OPD on another tablet: the server now lets it read it.
    await db.buktiDukung.put({ ...rec(1), id: idBaru() });
    srv.thumb.delete(hashDari(1));
    await p.picu();
    expect(diminta()).toEqual([hashDari(1)]);
    expect(await (await db.pratinjauLokal.get(hashDari(1)))!.blob!.text()).toBe(`webp-${hashDari(1)}`);
    // A refusal a day old is asked again (a role changed meanwhile); a file without a thumbnail is not.
    const kemarin = new Date(Date.now() - TANYA_ULANG_DITOLAK_MS).toISOString();
    await db.buktiDukung.put(rec(3));
    await db.pratinjauLokal.bulkPut([
      { hash: hashDari(3), blob: null, diambilPada: kemarin, ditolak: { lampiran: 1 } },
      { hash: hashDari(2), blob: null, diambilPada: kemarin },
    ]);
    srv.diminta.length = 0;
    await p.picu();
    expect(diminta()).toEqual([hashDari(3)]);
    expect((await db.pratinjauLokal.get(hashDari(3)))?.blob).not.toBeNull();
  });

  it('a file attached during a long pull goes out before the remaining thumbnails', async () => {
    await db.buktiDukung.bulkPut([rec(1), rec(2), rec(3)]);
    srv.sebelumThumb = async () => {
      // The operator attaches a photo while the first thumbnail is on its way.
      await db.berkasLokal.put(berkas(9));
      void p.picu();
    };
    await p.picu();
    await p.picu();
    const urutan = srv.diminta.map((d) => (d.endsWith('/thumb') ? 'thumb' : d.startsWith('HEAD') ? 'head' : d));
    expect(urutan).toEqual(['thumb', 'head', 'thumb', 'thumb']);
    expect((await db.berkasLokal.get(hashDari(9)))?.status).toBe('terkirim');
    expect(await db.pratinjauLokal.count()).toBe(3);
  });

  it('offline: nothing is stored and the next run tries again', async () => {
    await db.buktiDukung.put(rec(1));
    srv.putus = true;
    await p.picu();
    expect(await db.pratinjauLokal.count()).toBe(0);
    srv.putus = false;
    await p.picu();
    expect(await db.pratinjauLokal.count()).toBe(1);
  });
});

describe('mengosongkan berkas terkirim with the uploader (docs/bukti-dukung.md "Mengosongkan perangkat")', () => {
  it('a file going out while the device is freed stays and ends terkirim; freed later, its thumbnail comes from the server', async () => {
    await db.berkasLokal.bulkPut([berkas(1, { status: 'terkirim' }), berkas(2)]);
    await db.buktiDukung.bulkPut(
      [1, 2].map((n) =>
        buktiDukungSchema.parse({
          id: idBaru(),
          rev: n,
          updatedAt: '2026-11-01T00:00:00Z',
          tabel: 'realisasi',
          recordId: idBaru(),
          opdId: OPD,
          hash: hashDari(n),
          nama: `b-${n}.jpg`,
          mime: 'image/jpeg',
          ukuran: 10,
        }),
      ),
    );
    let tengah: Awaited<ReturnType<typeof lepasBerkasTerkirim>> | null = null;
    tus.kaitTengah = async () => {
      // The person presses "Kosongkan berkas terkirim" while file 2 is half sent.
      tengah = await lepasBerkasTerkirim(db);
    };
    await p.picu();
    expect(tengah).toEqual({ byte: berkas(1).ukuran, jumlah: 1, hashes: [hashDari(1)] });
    expect(tus.diTengah.map((b) => [b.hash, b.status])).toEqual([[hashDari(2), 'mengunggah']]);
    expect((await db.berkasLokal.get(hashDari(2)))?.status).toBe('terkirim');
    // File 1 is now like another device's: its thumbnail was pulled; file 2's own copy still shows.
    const thumbs = () => srv.diminta.filter((d) => d.endsWith('/thumb')).map((d) => d.split('/')[4]);
    expect(thumbs()).toEqual([hashDari(1)]);
    expect(await (await db.pratinjauLokal.get(hashDari(1)))!.blob!.text()).toBe(`webp-${hashDari(1)}`);
    // Freed now that the server has it, file 2's thumbnail follows at the next run.
    expect((await lepasBerkasTerkirim(db)).hashes).toEqual([hashDari(2)]);
    await p.picu();
    expect(thumbs()).toEqual([hashDari(1), hashDari(2)]);
    expect(await db.berkasLokal.count()).toBe(0);
  });
});

describe('a server restored from a backup (docs/deployment.md §6 "Berkas bukti dukung")', () => {
  it('files it once had are asked about again without rewriting them: those it still has cost no byte, those it lost are sent, none is freed before', async () => {
    // 1 and 2 went out to the old server, 3 was half way, 4 was refused, 5 still waits.
    await db.berkasLokal.bulkPut([
      berkas(1, { status: 'terkirim', terkirimByte: berkas(1).ukuran }),
      berkas(2, { status: 'terkirim', terkirimByte: berkas(2).ukuran }),
      berkas(3, { status: 'mengunggah', terkirimByte: 10, urlUnggah: '/api/v1/berkas/unggah/lama' }),
      berkas(4, { status: 'ditolak', alasan: 'Jenis berkas tidak diterima' }),
      berkas(5),
    ]);
    // Every row rewrite is seen here: in Chromium a rewrite copies the row's Blob.
    const ditulis: string[] = [];
    db.berkasLokal.hook('updating', (_ubah, hash) => void ditulis.push(String(hash)));
    const status = async () => (await db.berkasLokal.orderBy('hash').toArray()).map((b) => [b.status, b.urlUnggah]);
    await mulaiTarikUlang(db, idBaru(), 120);
    expect(ditulis).toEqual([]);
    expect([...(await daftarTanyaUlang(db))].sort()).toEqual([1, 2, 3].map(hashDari));
    // A hash listed whose file is no longer here (the device's data came back from a copy without it) is dropped by the next run.
    await db.meta.put({ key: KEY_TANYA_ULANG, value: [...[1, 2, 3].map(hashDari), hashDari(8)] });
    // Nothing is "on the server" until the restored server says so: freeing the device drops none.
    expect(await ringkasanBerkasTerkirim(db)).toEqual({ byte: 0, jumlah: 0 });
    expect((await lepasBerkasTerkirim(db)).jumlah).toBe(0);

    // The restored server has 1 (its archive held it), lost 2 and never saw 3 and 5; the link drops during 2.
    srv.head.set(hashDari(1), 200);
    tus.akan(hashDari(2), { jenis: 'putus' });
    await p.picu();
    expect(tus.dibuat.map((d) => [d.hash, d.uploadUrl])).toEqual([[hashDari(2), null]]);
    // 1 answered with no byte and no rewrite; 2 has an address from the restored server: an ordinary upload now.
    expect(ditulis.filter((h) => h === hashDari(1))).toEqual([]);
    expect([...(await daftarTanyaUlang(db))]).toEqual([hashDari(3)]);
    expect((await lepasBerkasTerkirim(db)).hashes).toEqual([hashDari(1)]);

    await p.picu();
    // 2 resumes at the restored server's address; 3 starts over there (the old server's address is not used).
    expect(tus.dibuat.slice(1).map((d) => [d.hash, d.uploadUrl])).toEqual([
      [hashDari(2), `/api/v1/berkas/unggah/${hashDari(2).slice(-6)}`],
      [hashDari(3), null],
      [hashDari(5), null],
    ]);
    expect(await daftarTanyaUlang(db)).toEqual(new Set());
    expect(await status()).toEqual([
      ['terkirim', null],
      ['terkirim', null],
      ['ditolak', null],
      ['terkirim', null],
    ]);
    // Now that the restored server holds them, they may go.
    expect((await lepasBerkasTerkirim(db)).hashes.sort()).toEqual([2, 3, 5].map(hashDari));
  });
});
