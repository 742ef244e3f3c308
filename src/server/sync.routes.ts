/**
 * Push, pull, single records, live pokes (SSE), the rakor summary and health (docs/sync-protocol.md;
 * the contract is written out in docs/sync-protocol.md).
 */
import { gunzipSync } from 'node:zlib';
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import { namaTabelSchema, idSchema, pesanZod, tahunSchema, triwulanSchema, type NamaTabel } from '../domain/schemas.ts';
import type { Triwulan } from '../domain/periode.ts';
import { HEADER_NEXT, MAKS_BYTE_PULL, MAKS_BYTE_PUSH, MAKS_PULL_LIMIT, MIN_BYTE_PULL, pushRequestSchema, SCHEMA_VERSION } from '../shared/protocol.ts';
import { periksaHashToken, type UserDb } from './auth.ts';
import { galatJson, wajibMasuk, wajibTiket, type Konteks, type Lingkungan } from './http.ts';
import { RingkasanServer } from './ringkasan.ts';
import type { IdentitasDb, SyncStore } from './sync.store.ts';

type HalamanPull = Awaited<ReturnType<SyncStore['pull']>>;
import { VERSI_APLIKASI } from './versi.ts';

/** A compressed push may expand to at most this much (a gzip bomb is a 413, not an out-of-memory). */
const MAKS_BYTE_TERURAI = 4 * MAKS_BYTE_PUSH;

const pullQuerySchema = z.object({
  since: z.coerce.number({ error: 'since harus angka' }).int('since harus bilangan bulat').min(0, 'since minimal 0').default(0),
  limit: z.coerce
    .number({ error: 'limit harus angka' })
    .int('limit harus bilangan bulat')
    .min(1, 'limit minimal 1')
    .max(MAKS_PULL_LIMIT, `limit maksimal ${MAKS_PULL_LIMIT}`)
    .default(1000),
  /**
   * The client's byte budget for this page (issue 17 §1: pages bounded by bytes, sized to the link):
   * an integer ≥ 1, clamped to [MIN_BYTE_PULL, MAKS_BYTE_PULL]; absent means MAKS_BYTE_PULL.
   */
  maksByte: z.coerce
    .number({ error: 'maksByte harus angka' })
    .int('maksByte harus bilangan bulat')
    .min(1, 'maksByte minimal 1')
    .max(Number.MAX_SAFE_INTEGER, 'maksByte terlalu besar')
    .transform((n) => Math.min(MAKS_BYTE_PULL, Math.max(MIN_BYTE_PULL, n)))
    .default(MAKS_BYTE_PULL),
  /**
   * History scope (issue 17 §2; docs/sync-protocol.md "History scope"): records of tables with a
   * `tahun` below `tahunMin` come only for the years listed in `tahun` (comma-separated). Without
   * `tahunMin` every year comes (older clients).
   */
  tahunMin: z.coerce.number({ error: 'tahunMin harus angka' }).pipe(tahunSchema).optional(),
  tahun: z
    .string()
    .max(400, 'tahun terlalu panjang')
    .transform((t) => (t.trim() === '' ? [] : t.split(',').map((x) => Number(x.trim()))))
    .pipe(z.array(tahunSchema, { error: 'tahun harus daftar tahun dipisah koma' }).max(50, 'tahun maksimal 50'))
    .optional(),
});
/** GET /sync/tahun: one year's records, paged like a pull (issue 17 §2). */
const tahunQuerySchema = z.object({
  tahun: z.coerce.number({ error: 'tahun harus angka' }).pipe(tahunSchema),
  since: pullQuerySchema.shape.since,
  limit: pullQuerySchema.shape.limit,
  maksByte: pullQuerySchema.shape.maksByte,
});
const ringkasanQuerySchema = z.object({ tahun: z.coerce.number().pipe(tahunSchema), triwulan: z.coerce.number().pipe(triwulanSchema) });

/**
 * Tables only some roles may read (docs/security.md §Hak baca): the results of individual
 * officials' evaluations (PP 11/2017 pasal 142) are for admin and pimpinan only. A konflik record
 * about such a record carries its values, so it is hidden the same way.
 */
const BACA_TERBATAS: Partial<Record<NamaTabel, readonly UserDb['role'][]>> = { evaluasiPejabat: ['admin', 'pimpinan'] };

/** May `user` read this record of `table`? */
export function bolehBaca(user: Pick<UserDb, 'role'>, table: NamaTabel, record: Record<string, unknown> | null): boolean {
  const batas = BACA_TERBATAS[table];
  if (batas && !batas.includes(user.role)) return false;
  if (table === 'konflik' && record) {
    const asal = namaTabelSchema.safeParse(record.tabel);
    if (asal.success && asal.data !== 'konflik') return bolehBaca(user, asal.data, null);
  }
  return true;
}

/**
 * The answer to a page of GET /sync/pull or GET /sync/tahun (docs/sync-protocol.md "Pull response"),
 * as JSON text: the changes the role may read, spliced in as PostgreSQL wrote them (`ChangeTeks`;
 * `next` still moves past the others), the server's rev read before the page (never behind the
 * page's last record), its epoch and the schema version.
 */
function jawabanHalaman(user: Pick<UserDb, 'role'>, id: IdentitasDb, hal: HalamanPull): string {
  const boleh = hal.changes.filter((ch) => bolehBaca(user, ch.table, ch.table === 'konflik' ? { tabel: ch.tabelKonflik } : null));
  const sisa = JSON.stringify({
    next: hal.next,
    more: hal.more,
    rev: Math.max(id.rev, hal.changes.at(-1)?.rev ?? 0),
    epoch: id.epoch,
    epochRev: id.epochRev,
    schemaVersion: SCHEMA_VERSION,
  });
  return `{"changes":[${boleh.map((ch) => ch.json).join(',')}],${sisa.slice(1)}`;
}

/**
 * A pull page (GET /sync/pull, GET /sync/tahun) read by `baca` and built under the pull limit
 * (`Db.bacaMassal`): pushes go first (docs/sync-protocol.md "Pushes before pulls"). A tablet that
 * gave up while its page waited its turn (deadline, cut link) gets nothing read or built: 499.
 * A page with more after it names its `next` in HEADER_NEXT as well.
 */
async function kirimHalaman(k: Konteks, c: Context<Lingkungan>, id: IdentitasDb, baca: () => Promise<HalamanPull>): Promise<Response> {
  const hasil = await k.db.bacaMassal(async () => {
    if (c.req.raw.signal.aborted) return null;
    const hal = await baca();
    return { teks: jawabanHalaman(c.get('user'), id, hal), lanjut: hal.more ? hal.next : null };
  });
  if (hasil === null) return new Response(null, { status: 499 });
  const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=UTF-8' };
  if (hasil.lanjut !== null) headers[HEADER_NEXT] = String(hasil.lanjut);
  return c.body(hasil.teks, 200, headers);
}

export function syncRoutes(k: Konteks) {
  const r = new Hono<Lingkungan>();
  const ringkasan = new RingkasanServer(k.db);

  // For monitoring (docs/deployment.md §"Pemantauan"): no auth, no secrets.
  r.get('/health', async (c) => {
    const id = await k.store.identitas();
    return c.json({
      ok: true,
      storage: k.db.kind,
      schemaVersion: SCHEMA_VERSION,
      migration: k.migrasi,
      rev: id.rev,
      epoch: id.epoch,
      epochRev: id.epochRev,
      version: VERSI_APLIKASI,
      uptime: Math.round(process.uptime()),
    });
  });

  r.post(
    '/sync/push',
    bodyLimit({ maxSize: MAKS_BYTE_PUSH + 64 * 1024, onError: (c) => galatJson(c, 413, 'terlalu_besar', 'Kiriman terlalu besar (maksimal 1 MiB per batch)') }),
    wajibMasuk(k),
    async (c) => {
      let teks: string;
      try {
        const mentah = Buffer.from(await c.req.arrayBuffer());
        const enc = (c.req.header('Content-Encoding') ?? '').toLowerCase();
        if (enc === 'gzip') teks = gunzipSync(mentah, { maxOutputLength: MAKS_BYTE_TERURAI }).toString('utf8');
        else if (enc === '' || enc === 'identity') teks = mentah.toString('utf8');
        else return galatJson(c, 415, 'encoding_tidak_didukung', `Content-Encoding "${enc}" tidak didukung (gunakan gzip)`);
      } catch (e) {
        if (e instanceof RangeError) return galatJson(c, 413, 'terlalu_besar', 'Kiriman terlalu besar setelah diurai');
        return galatJson(c, 400, 'gzip_tidak_valid', 'Kiriman terkompresi rusak');
      }
      let body: unknown;
      try {
        body = JSON.parse(teks);
      } catch {
        return galatJson(c, 400, 'json_tidak_valid', 'Isi permintaan bukan JSON yang valid');
      }
      const p = pushRequestSchema.safeParse(body);
      if (!p.success) return galatJson(c, 400, 'tidak_valid', pesanZod(p.error));
      if (p.data.schemaVersion !== SCHEMA_VERSION) {
        return galatJson(
          c,
          400,
          'versi_skema',
          `Versi data aplikasi (${p.data.schemaVersion}) tidak cocok dengan server (${SCHEMA_VERSION}); muat ulang aplikasi untuk memperbarui`,
        );
      }
      const hasil = await k.store.push(c.get('user'), p.data, k.now());
      if (hasil.jenis === 'client-lain')
        return galatJson(c, 403, 'client_lain', 'clientId ini milik pengguna lain; masuk ulang untuk membuat basis data lokal baru');
      if (hasil.jenis === 'epoch-berbeda') {
        return c.json(
          {
            error: {
              code: 'epoch_berbeda',
              message: 'Basis data server telah dipulihkan dari cadangan; aplikasi mengambil ulang semua data lalu mengirim perubahan yang belum terkirim',
            },
            epoch: hasil.epoch,
            epochRev: hasil.epochRev,
          },
          409,
        );
      }
      if (hasil.jenis === 'celah') {
        return c.json(
          {
            error: { code: 'seq_gap', message: `Urutan kiriman terputus; kirim ulang mulai nomor ${hasil.lastSeq + 1}` },
            lastSeq: hasil.lastSeq,
            rev: await k.store.revTerbaru(),
          },
          409,
        );
      }
      if (hasil.jenis === 'sibuk') {
        // Other pushes kept taking the same new records first (src/server/sync.store.ts MAKS_COBA):
        // nothing was applied; the tablet keeps its outbox and tries again.
        c.header('Retry-After', '1');
        return galatJson(c, 503, 'sibuk', 'Server sedang menerima banyak kiriman untuk data yang sama; kiriman dicoba lagi otomatis');
      }
      if (hasil.berubah) k.poke.kirim(hasil.rev);
      return c.json({
        results: hasil.results,
        lastSeq: hasil.lastSeq,
        rev: hasil.rev,
        revAwal: hasil.revAwal,
        // Only a push that wrote something stamped a time (a retry answers with an empty range).
        ...(hasil.berubah ? { updatedAt: hasil.updatedAt } : {}),
        // The server's identity, unless the push named it: a push that named another epoch was
        // refused above (409) and one of another schema version (400), so a client that sent the
        // epoch already knows all three (issue 6 "bytes per changed realisasi": 76 of a single
        // change's 208 answer bytes). docs/sync-protocol.md "POST /sync/push".
        ...(p.data.epoch === undefined ? { epoch: hasil.epoch, epochRev: hasil.epochRev, schemaVersion: SCHEMA_VERSION } : {}),
      });
    },
  );

  r.get('/sync/pull', wajibMasuk(k), async (c) => {
    const q = pullQuerySchema.safeParse(c.req.query());
    if (!q.success) return galatJson(c, 400, 'tidak_valid', pesanZod(q.error));
    // The identity first: a rev read before the page is never above the page's revs' source.
    const id = await k.store.identitas();
    const { since, limit, maksByte, tahunMin, tahun } = q.data;
    if (tahunMin === undefined && tahun !== undefined) return galatJson(c, 400, 'tidak_valid', 'tahun hanya berlaku bersama tahunMin');
    return kirimHalaman(k, c, id, () => k.store.pull(since, limit, maksByte, tahunMin === undefined ? undefined : { tahunMin, tahun: tahun ?? [] }));
  });

  // One year's records (tombstones included) for a device that opens a year it does not hold (issue 17 §2), with
  // the pull's read rules; the device then names the year in its pulls to get later edits.
  r.get('/sync/tahun', wajibMasuk(k), async (c) => {
    const q = tahunQuerySchema.safeParse(c.req.query());
    if (!q.success) return galatJson(c, 400, 'tidak_valid', pesanZod(q.error));
    const id = await k.store.identitas();
    return kirimHalaman(k, c, id, () => k.store.pull(q.data.since, q.data.limit, q.data.maksByte, { hanya: q.data.tahun }));
  });

  r.get('/records/:table/:id', wajibMasuk(k), async (c) => {
    const t = namaTabelSchema.safeParse(c.req.param('table'));
    const id = idSchema.safeParse(c.req.param('id'));
    if (!t.success || !id.success) return galatJson(c, 400, 'tidak_valid', !t.success ? 'Tabel tidak dikenal' : 'ID tidak valid');
    const record = await k.store.record(t.data, id.data);
    if (record && !bolehBaca(c.get('user'), t.data, record)) return galatJson(c, 403, 'forbidden', 'Data ini hanya dapat dibaca admin dan pimpinan');
    return record ? c.json({ record }) : galatJson(c, 404, 'tidak_ditemukan', 'Data tidak ditemukan di server');
  });

  r.get('/ringkasan', wajibMasuk(k), async (c) => {
    const q = ringkasanQuerySchema.safeParse(c.req.query());
    if (!q.success) return galatJson(c, 400, 'tidak_valid', pesanZod(q.error));
    // One year's records through indexes, remembered until the next change (issue 17 §6).
    const json = await ringkasan.json(q.data.tahun, q.data.triwulan as Triwulan, k.now());
    return c.body(json, 200, { 'Content-Type': 'application/json' });
  });

  // EventSource cannot send headers: it opens with a one-time ticket from POST /auth/tiket, never
  // with the session token in the URL (docs/security.md §Tanpa token di URL).
  r.get('/events', wajibTiket(k), (c) => {
    // Hono answers HEAD through this GET handler: headers only, or the stream loop would run for a
    // client that never reads it.
    if (c.req.raw.method === 'HEAD') return c.body(null, 200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-cache' });
    const tokenHash = c.get('tokenHash');
    c.header('Cache-Control', 'no-cache, no-transform');
    c.header('X-Accel-Buffering', 'no');
    return streamSSE(c, async (s) => {
      let antre: Promise<unknown> = Promise.resolve();
      const kirim = (event: string, data: string) => {
        antre = antre.then(() => s.writeSSE({ event, data })).catch(() => undefined);
      };
      const lepas = k.poke.dengar((rev) => kirim('change', JSON.stringify({ rev })));
      kirim('change', JSON.stringify({ rev: await k.store.revTerbaru() }));
      let hidup = true;
      s.onAbort(() => {
        hidup = false;
        lepas();
      });
      while (hidup && !s.aborted) {
        await s.sleep(k.heartbeatMs);
        if (!hidup || s.aborted) break;
        // A revoked or expired token ends the stream; the client then asks the user to sign in again.
        const t = await periksaHashToken(k.db, tokenHash, k.now());
        if (!t.ok) break;
        kirim('ping', JSON.stringify({ t: k.now().toISOString() }));
      }
      lepas();
    });
  });

  return r;
}
