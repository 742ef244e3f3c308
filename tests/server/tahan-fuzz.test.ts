/**
 * Bad input (issue 6 part 4, docs/architecture.md "Server"): a fast-check fuzz over every endpoint of /api/v1 —
 * auth/login, auth/logout, auth/me, users (GET/POST/PATCH), sync/push, sync/pull,
 * records/:table/:id, ringkasan, health, events — plus unknown paths and wrong methods, with random
 * and near-valid bodies (huge strings, SQL-looking strings, NUL bytes, lone surrogates, gzip bombs
 * and garbage), random headers (Content-Encoding, Content-Type, Authorization garbage) and query
 * strings. For every case:
 * - the server never answers 5xx;
 * - every non-2xx answer is `{ error: { code, message } }` as JSON;
 * - a rejected (non-2xx) request changes no stored data (records and their hash, the rev counter,
 *   users and their hash, clients, seqs, kept answers, tokens);
 * - a successful read (GET/HEAD) changes nothing either;
 * - no live-event stream outlives its client;
 * - and, separately, nothing a read-only account pushes changes a record.
 * Successful requests may change data; the baseline moves with them, and the sessions the fuzz
 * uses are restored if a case signed them out or changed their users. Broken rules are collected
 * per property (one line per rule and route, with examples and the server's logged cause) so one
 * bug does not hide the next; known-nasty inputs run first as fast-check `examples`.
 * The seed is fixed (FUZZ_SEED overrides); each property stops after FUZZ_BATAS_MS.
 * Prints the number of cases per storage kind.
 */
import { randomUUID } from 'node:crypto';
import { brotliDecompressSync, gunzipSync, gzipSync, inflateSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { buatToken, sha256 } from '../../src/server/auth.ts';
import { migrasi, type Db } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { PusatPoke } from '../../src/server/events.ts';
import { idAlami, NAMA_TABEL, type NamaTabel } from '../../src/domain/schemas.ts';
import { errorBodySchema, SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { dbBaru, JENIS, type JenisDb } from './bantu.ts';

const PASSWORD_ADMIN = 'rahasia-admin-uji';
const PASSWORD = 'fuzz-sandi-123';
/** Cases per property (per storage kind) and a time cap per property, so the file stays ≲ 60 s per kind. */
const KASUS = Number(process.env.FUZZ_KASUS ?? 1);
const BATAS_MS = Number(process.env.FUZZ_BATAS_MS ?? 11_000);
/** Fixed by default so a failure replays exactly; FUZZ_SEED=n explores other cases. */
const SEED = Number(process.env.FUZZ_SEED ?? 61123);

/** SSE heartbeat of the fuzzed app (a leaked stream polls the token table at this pace). */
const HEARTBEAT_MS = 500;

type App = ReturnType<typeof createApp>;
type Slot = 'admin' | 'operator' | 'viewer' | 'korban';

interface Ctx {
  jenis: JenisDb;
  db: Db;
  app: App;
  tutup: () => Promise<void>;
  user: Record<Slot, { id: string; username: string; role: string; opdId: string | null }>;
  /** Exact stored rows of the fuzz's own users, restored after a case changed them. */
  asliUser: Record<string, unknown>[];
  token: Record<Slot, string>;
  opdId: string;
  opdLain: string;
  ids: Record<string, string>;
  clientIds: string[];
  sidik: string;
  kasus: number;
  diterima: number;
  perStatus: Map<number, number>;
  poke: PusatPoke;
  /** Name of the property running (violations are grouped by it). */
  prop: string;
  pelanggaran: Map<string, { n: number; contoh: string[] }>;
  /** What the server logged as "Galat server" during the current case. */
  galatServer: string[];
}

/** Everything a request could change in storage. */
async function sidikData(db: Db): Promise<string> {
  const [r] = await db.query(
    `SELECT (SELECT rev FROM sync_state WHERE id = 1) AS rev,
            (SELECT count(*) FROM records) AS n,
            (SELECT md5(coalesce(string_agg(tbl || id::text || rev::text || deleted::text || md5(data::text) || md5(field_revs::text), ',' ORDER BY tbl, id), '')) FROM records) AS h,
            (SELECT count(*) FROM users) AS u,
            (SELECT md5(coalesce(string_agg(id::text || username || nama || role || coalesce(opd_id::text, '-') || aktif::text || password_hash, ',' ORDER BY id), '')) FROM users) AS uh,
            (SELECT count(*) FROM clients) AS c,
            (SELECT md5(coalesce(string_agg(client_id::text || user_id::text || last_seq::text, ',' ORDER BY client_id), '')) FROM clients) AS ch,
            (SELECT count(*) FROM client_results) AS cr,
            (SELECT md5(coalesce(string_agg(hash || coalesce(revoked_at::text, '-'), ',' ORDER BY hash), '')) FROM tokens) AS t`,
  );
  return JSON.stringify(Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, String(v)])));
}

// ------------------------------------------------------------------ sending one case

interface Kasus {
  method: string;
  path: string;
  auth: Auth;
  headers: Record<string, string>;
  body: Badan;
}
type Auth = { jenis: 'tidak' } | { jenis: 'slot'; slot: Slot; gaya: 'normal' | 'spasi' | 'kecil' | 'query' } | { jenis: 'mentah'; nilai: string };
type Badan =
  | { jenis: 'tidak' }
  | { jenis: 'teks'; teks: string; gzip?: boolean }
  | { jenis: 'json'; nilai: unknown; gzip?: boolean }
  | { jenis: 'biner'; data: Uint8Array }
  | { jenis: 'bom' };

const deskripsi = (k: Kasus): string => {
  const b = k.body;
  const isi =
    b.jenis === 'teks'
      ? JSON.stringify(b.teks.slice(0, 300))
      : b.jenis === 'json'
        ? JSON.stringify(b.nilai)?.slice(0, 300)
        : b.jenis === 'biner'
          ? `${b.data.length} byte`
          : b.jenis;
  return `${k.method} ${k.path.slice(0, 200)} auth=${JSON.stringify(k.auth).slice(0, 80)} headers=${JSON.stringify(k.headers)} body=${isi}${'gzip' in b && b.gzip ? ' (gzip)' : ''}`;
};

const BOM = gzipSync(Buffer.alloc(40 * 1024 * 1024, 0x20)); // 40 MiB of spaces, ~40 KiB gzipped

async function kirim(ctx: Ctx, k: Kasus): Promise<{ status: number; ct: string; teks: string } | null> {
  const headers: Record<string, string> = { ...k.headers };
  let path = k.path;
  if (k.auth.jenis === 'mentah') headers.Authorization = k.auth.nilai;
  if (k.auth.jenis === 'slot') {
    const t = ctx.token[k.auth.slot];
    if (k.auth.gaya === 'normal') headers.Authorization = `Bearer ${t}`;
    if (k.auth.gaya === 'spasi') headers.Authorization = `Bearer   ${t}  `;
    if (k.auth.gaya === 'kecil') headers.Authorization = `bearer ${t}`;
    if (k.auth.gaya === 'query') path += `${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(t)}`;
  }
  let body: Uint8Array | string | undefined;
  const b = k.body;
  if (b.jenis === 'teks') body = b.gzip ? gzipSync(b.teks) : b.teks;
  if (b.jenis === 'json') {
    const teks = JSON.stringify(b.nilai) ?? 'null';
    body = b.gzip ? gzipSync(teks) : teks;
  }
  if (b.jenis === 'biner') body = b.data;
  if (b.jenis === 'bom') {
    body = BOM;
    headers['Content-Encoding'] = 'gzip';
  }
  if ('gzip' in b && b.gzip) headers['Content-Encoding'] ??= 'gzip';
  if (k.method === 'GET' || k.method === 'HEAD') body = undefined;
  let req: Request;
  try {
    req = new Request(new URL(path, 'http://fuzz.uji'), { method: k.method, headers, ...(body !== undefined ? { body: body as BodyInit } : {}) });
  } catch {
    return null; // not a request a client could send at all (the URL or a header is malformed)
  }
  const res = await ctx.app.request(req);
  const ct = res.headers.get('content-type') ?? '';
  let teks: string;
  if (ct.includes('text/event-stream') && res.body) {
    // The live stream never ends by itself: read the first event and hang up.
    const r = res.body.getReader();
    const { value } = await r.read();
    await r.cancel();
    teks = value ? new TextDecoder().decode(value) : '';
  } else {
    const buf = Buffer.from(await res.arrayBuffer());
    const enc = res.headers.get('content-encoding') ?? '';
    const urai = !buf.length
      ? buf
      : enc.includes('gzip')
        ? gunzipSync(buf)
        : enc.includes('deflate')
          ? inflateSync(buf)
          : enc.includes('br')
            ? brotliDecompressSync(buf)
            : buf;
    teks = urai.toString('utf8');
  }
  return { status: res.status, ct, teks };
}

const RUTE = new Set([
  'api',
  'v1',
  'auth',
  'login',
  'logout',
  'me',
  'users',
  'sync',
  'push',
  'pull',
  'records',
  'ringkasan',
  'health',
  'events',
  ...NAMA_TABEL,
]);
/** `PATCH /api/v1/users/:x` — cases that break the same rule in the same place count once. */
const rute = (path: string): string =>
  (path.split('?')[0] ?? '')
    .split('/')
    .map((x) => (x === '' || RUTE.has(x) ? x : ':x'))
    .join('/');

function catat(ctx: Ctx, aturan: string, k: Kasus, status: number, detail: string): void {
  const kunci = `${ctx.prop}: ${aturan} — ${k.method} ${rute(k.path)} → ${status}`;
  const p = ctx.pelanggaran.get(kunci) ?? { n: 0, contoh: [] };
  p.n++;
  if (p.contoh.length < 2) p.contoh.push(detail);
  ctx.pelanggaran.set(kunci, p);
}

/**
 * One case: send it and check the invariants. A broken rule is collected (not thrown), so one bug
 * does not stop the fuzz from finding the next; each property asserts its list is empty at the end.
 */
async function periksa(ctx: Ctx, k: Kasus): Promise<void> {
  const aliranSebelum = ctx.poke.jumlah;
  ctx.galatServer = [];
  const j = await kirim(ctx, k);
  if (!j) return;
  ctx.kasus++;
  ctx.perStatus.set(j.status, (ctx.perStatus.get(j.status) ?? 0) + 1);
  const label = `${deskripsi(k)} → ${j.status} ${j.teks.slice(0, 200)}`;
  if (j.status >= 500) catat(ctx, '5xx', k, j.status, `${label} [server: ${ctx.galatServer.join(' | ').slice(0, 300)}]`);
  const ok = j.status >= 200 && j.status < 300;
  if (!ok) {
    if (!j.ct.includes('application/json')) catat(ctx, 'galat bukan JSON', k, j.status, label);
    // A HEAD answer carries the GET answer's headers without its body.
    if (k.method !== 'HEAD') {
      let body: unknown;
      try {
        body = JSON.parse(j.teks);
      } catch {
        body = undefined;
      }
      const p = errorBodySchema.safeParse(body);
      if (!(p.success && p.data.error.message.length > 0 && p.data.error.code.length > 0)) catat(ctx, 'bentuk galat salah', k, j.status, label);
    }
    const sesudah = await sidikData(ctx.db);
    if (sesudah !== ctx.sidik) {
      catat(ctx, 'ditolak tetapi data tersimpan berubah', k, j.status, `${label}\n    sebelum ${ctx.sidik}\n    sesudah ${sesudah}`);
      ctx.sidik = sesudah;
    }
  } else {
    ctx.diterima++;
    if (k.method !== 'GET' && k.method !== 'HEAD') {
      await pulihkanSesi(ctx);
      ctx.sidik = await sidikData(ctx.db);
    } else {
      // A read never writes.
      const sesudah = await sidikData(ctx.db);
      if (sesudah !== ctx.sidik) {
        catat(ctx, 'bacaan mengubah data tersimpan', k, j.status, label);
        ctx.sidik = sesudah;
      }
    }
  }
  // The client has hung up (the fuzz read the answer or cancelled the stream): no live stream may stay behind.
  if (ctx.poke.jumlah > aliranSebelum) {
    for (let i = 0; i < 20 && ctx.poke.jumlah > aliranSebelum; i++) await new Promise((r) => setTimeout(r, 5));
    if (ctx.poke.jumlah > aliranSebelum) catat(ctx, 'aliran SSE tetap hidup setelah klien pergi', k, j.status, label);
  }
}

/** After a successful write: the fuzz's users get their original rows back and fresh tokens. */
async function pulihkanSesi(ctx: Ctx): Promise<void> {
  for (const u of ctx.asliUser) {
    await ctx.db.query('UPDATE users SET username = $2, nama = $3, role = $4, opd_id = $5, aktif = $6, password_hash = $7 WHERE id = $1', [
      u.id,
      u.username,
      u.nama,
      u.role,
      u.opd_id,
      u.aktif,
      u.password_hash,
    ]);
  }
  for (const slot of Object.keys(ctx.token) as Slot[]) {
    const [t] = await ctx.db.query('SELECT 1 FROM tokens WHERE hash = $1 AND revoked_at IS NULL', [sha256(ctx.token[slot])]);
    if (!t) ctx.token[slot] = (await buatToken(ctx.db, ctx.user[slot].id, new Date())).token;
  }
}

// ------------------------------------------------------------------ generators

const ANEH = [
  "'; DROP TABLE records; --",
  "' OR '1'='1",
  "admin'--",
  '"; SELECT pg_sleep(5); --',
  "1; UPDATE users SET role='admin'",
  '$1',
  '$$',
  '\\',
  '\\x00',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '%00',
  '%ZZ',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '{{7*7}}',
  '${jndi:ldap://x}',
  'null',
  'undefined',
  'NaN',
  '__proto__',
  'constructor',
  'toString',
  '',
  ' ',
  '\t\n',
  'ä',
  '𝕏',
  '🙂',
  'İ',
  'ß',
] as const;
const teksAneh = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ANEH) },
  { weight: 3, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('x'.repeat(5_000), 'é'.repeat(70_000), 'a'.repeat(1_200_000)) },
);
const angkaAneh = fc.oneof(
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.constantFrom(0, -1, 1, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, -1e308, 5e-324, 9_007_199_254_740_993, 1e19),
);
const nilaiAneh: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: teksAneh },
  { weight: 2, arbitrary: angkaAneh },
  { weight: 1, arbitrary: fc.boolean() },
  { weight: 1, arbitrary: fc.constant(null) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: fc.array(teksAneh, { maxLength: 5 }) },
  { weight: 1, arbitrary: fc.dictionary(teksAneh, fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }) },
);
/** encodeURIComponent, except that a lone surrogate becomes the invalid UTF-8 it would be on the wire. */
const kodekan = (s: string): string =>
  s
    .replace(/[\ud800-\udfff]/g, '\u0001')
    .split('\u0001')
    .map(encodeURIComponent)
    .join('%ED%A0%80');
const hex = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789abcdefABCDEF-'.split('')), minLength: n, maxLength: n });
const idAneh = (ctx: Ctx) =>
  fc.oneof(
    fc.uuid(),
    fc.constantFrom(...Object.values(ctx.ids), ...Object.values(ctx.user).map((u) => u.id)),
    hex(36),
    fc.constantFrom(
      '------------------------------------',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
      'not-a-uuid',
      '1',
      '',
    ),
    teksAneh,
  );
const segmen = fc.oneof(
  fc.constantFrom(
    'api',
    'v1',
    'v2',
    'sync',
    'push',
    'pull',
    'records',
    'users',
    'auth',
    'login',
    'logout',
    'me',
    'events',
    'health',
    'ringkasan',
    '..',
    '.',
    '%2e%2e',
    '%2F',
    '%00',
    '%ZZ',
    'realisasi',
    'konflik',
    'index.html',
    'sw.js',
  ),
  fc.string({ maxLength: 12 }).map(kodekan),
  fc.string({ unit: 'grapheme-ascii', maxLength: 12 }),
);
const METODE = ['GET', 'POST', 'PATCH', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'] as const;

const headerAneh = fc.record(
  {
    'Content-Type': fc.constantFrom(
      'application/json',
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
      'application/xml',
      '*/*',
    ),
    'Content-Encoding': fc.constantFrom('gzip', 'GZIP', 'br', 'deflate', 'identity', 'gzip, gzip', 'x-unknown', ''),
    'Accept-Encoding': fc.constantFrom('gzip', 'br', 'deflate', '*', 'identity'),
    'X-Forwarded-For': fc.constantFrom('1.2.3.4', 'garbage', '::1'),
    Accept: fc.constantFrom('text/event-stream', 'application/json', '*/*'),
  },
  { requiredKeys: [] },
);

const authAneh: fc.Arbitrary<Auth> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ jenis: 'tidak' as const }) },
  {
    weight: 5,
    arbitrary: fc.record({
      jenis: fc.constant('slot' as const),
      slot: fc.constantFrom<Slot>('admin', 'operator', 'viewer', 'korban'),
      gaya: fc.constantFrom('normal' as const, 'normal' as const, 'normal' as const, 'spasi' as const, 'kecil' as const, 'query' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc
      .oneof(
        fc.constantFrom(
          'Bearer',
          'Bearer ',
          'Bearer null',
          'Bearer undefined',
          'Basic YWRtaW46YWRtaW4=',
          'Token abc',
          'Bearer ' + 'A'.repeat(8000),
          "Bearer ' OR 1=1 --",
        ),
        fc.stringMatching(/^[\x21-\x7e]{0,60}$/).map((s) => `Bearer ${s}`),
        fc.stringMatching(/^[\x20-\x7e]{0,80}$/),
      )
      .map((nilai) => ({ jenis: 'mentah' as const, nilai })),
  },
);

const badanAcak: fc.Arbitrary<Badan> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ jenis: 'tidak' as const }) },
  { weight: 3, arbitrary: fc.record({ jenis: fc.constant('json' as const), nilai: fc.jsonValue({ maxDepth: 4 }), gzip: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      jenis: fc.constant('teks' as const),
      teks: fc.oneof(fc.json(), fc.string(), teksAneh, fc.constantFrom('{', '{"a":', '[', 'null', '{"username":"admin"', '\u0000')),
      gzip: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.record({ jenis: fc.constant('biner' as const), data: fc.uint8Array({ maxLength: 300 }) }) },
  { weight: 1, arbitrary: fc.constant({ jenis: 'bom' as const }) },
  { weight: 1, arbitrary: fc.constant({ jenis: 'teks' as const, teks: `{"x":"${'y'.repeat(2 * 1024 * 1024)}"}` }) },
);

/** Randomly breaks a valid object: drops, retypes, adds and renames keys. */
function rusakkan<T extends Record<string, unknown>>(dasar: fc.Arbitrary<T>, utuh = 3, rusak = 6): fc.Arbitrary<unknown> {
  return fc.oneof(
    { weight: utuh, arbitrary: dasar },
    {
      weight: rusak,
      arbitrary: fc
        .tuple(dasar, fc.array(fc.tuple(fc.constantFrom('hapus', 'ganti', 'tambah'), fc.nat(), teksAneh, nilaiAneh), { minLength: 1, maxLength: 3 }))
        .map(([o, ubah]) => {
          const x: Record<string, unknown> = { ...o };
          for (const [aksi, i, kunci, nilai] of ubah) {
            const keys = Object.keys(x);
            const k = keys.length ? keys[i % keys.length]! : kunci;
            if (aksi === 'hapus') delete x[k];
            else if (aksi === 'ganti') x[k] = nilai;
            else x[kunci] = nilai;
          }
          return x;
        }),
    },
    { weight: 1, arbitrary: nilaiAneh },
  );
}

// ------------------------------------------------------------------ near-valid bodies per endpoint

function mutasiHampirSah(ctx: Ctx): fc.Arbitrary<unknown> {
  const tabel = fc.oneof({ weight: 5, arbitrary: fc.constantFrom<NamaTabel>(...NAMA_TABEL) }, { weight: 1, arbitrary: teksAneh });
  const fields = fc.oneof(
    fc.dictionary(
      fc.constantFrom(
        'nilai',
        'tdi',
        'alasanTdi',
        'catatan',
        'masalah',
        'nama',
        'opdId',
        'indikatorId',
        'tahun',
        'periode',
        'terkunci',
        'status',
        'rev',
        'id',
        'updatedBy',
        'deleted',
        '__proto__',
        'constructor',
        'kepala',
        'x'.repeat(101),
      ),
      nilaiAneh,
      { maxKeys: 5 },
    ),
    fc.constant({ indikatorId: ctx.ids.indikator, opdId: ctx.opdId, tahun: 2026, periode: 'TW2', nilai: 7 }),
    fc.constant({ nama: 'Dinas Baru', kode: '9.99', singkatan: 'DB', jenis: 'dinas', kepala: { nama: 'X', nip: '', jabatan: 'Kepala', pangkat: '' } }),
    fc.dictionary(teksAneh, nilaiAneh, { maxKeys: 3 }),
  );
  const dasar = fc.record({
    id: fc.oneof({ weight: 4, arbitrary: fc.uuid() }, { weight: 1, arbitrary: idAneh(ctx) }),
    seq: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 1, max: 5 }) }, { weight: 1, arbitrary: angkaAneh }),
    table: tabel,
    key: fc.oneof(
      { weight: 2, arbitrary: fc.constantFrom(...Object.values(ctx.ids)) },
      { weight: 1, arbitrary: fc.uuid() },
      { weight: 1, arbitrary: idAneh(ctx) },
    ),
    op: fc.oneof({ weight: 6, arbitrary: fc.constantFrom('put', 'put', 'delete') }, { weight: 1, arbitrary: teksAneh }),
    fields,
    baseRev: fc.oneof({ weight: 4, arbitrary: fc.nat({ max: 50 }) }, { weight: 1, arbitrary: angkaAneh }),
    at: fc.oneof({ weight: 4, arbitrary: fc.constant('2026-11-23T09:00:00+07:00') }, { weight: 1, arbitrary: teksAneh }),
  });
  return rusakkan(dasar, 6, 2);
}

function pushHampirSah(ctx: Ctx): fc.Arbitrary<unknown> {
  const dasar = fc.record({
    clientId: fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...ctx.clientIds) }, { weight: 2, arbitrary: fc.uuid() }, { weight: 1, arbitrary: idAneh(ctx) }),
    schemaVersion: fc.oneof({ weight: 6, arbitrary: fc.constant(SCHEMA_VERSION) }, { weight: 1, arbitrary: angkaAneh }),
    mutations: fc.oneof(
      { weight: 6, arbitrary: fc.array(mutasiHampirSah(ctx), { maxLength: 4 }) },
      {
        weight: 1,
        arbitrary: fc.constant(
          Array.from({ length: 201 }, (_, i) => ({
            id: randomUUID(),
            seq: i + 1,
            table: 'opd',
            key: randomUUID(),
            op: 'delete',
            fields: {},
            baseRev: 0,
            at: 'x',
          })),
        ),
      },
      { weight: 1, arbitrary: nilaiAneh },
    ),
  });
  return rusakkan(dasar, 6, 3);
}

function userHampirSah(ctx: Ctx): fc.Arbitrary<unknown> {
  return rusakkan(
    fc.record({
      username: fc.oneof(fc.stringMatching(/^[a-z0-9._-]{3,12}$/), teksAneh, fc.constantFrom('admin', 'fuzz-operator', 'ADMIN')),
      nama: fc.oneof(fc.constant('Pengguna Fuzz'), teksAneh),
      role: fc.oneof(fc.constantFrom('admin', 'pimpinan', 'operator', 'viewer'), teksAneh),
      opdId: fc.oneof(fc.constant(ctx.opdId), fc.constant(null), idAneh(ctx)),
      aktif: fc.oneof(fc.boolean(), nilaiAneh),
      password: fc.oneof(fc.constant('sandi-baru-123'), teksAneh),
    }),
  );
}

// ------------------------------------------------------------------ setup

async function siapkanCtx(jenis: JenisDb): Promise<Ctx> {
  const { db, tutup } = await dbBaru(jenis, { max: 4, tanpaMigrasi: true });
  const versi = await migrasi(db);
  await siapkan(db, { adminPassword: PASSWORD_ADMIN });
  const poke = new PusatPoke();
  const app = createApp({ db, migrasi: versi, heartbeatMs: HEARTBEAT_MS, poke });
  const jsonReq = async (method: string, path: string, token: string | null, body?: unknown) => {
    const res = await app.request(path, {
      method,
      headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const teks = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${teks}`);
    return teks ? JSON.parse(teks) : null;
  };
  const login = await jsonReq('POST', '/api/v1/auth/login', null, { username: 'admin', password: PASSWORD_ADMIN });
  const tAdmin: string = login.token;

  // A little data so near-valid pushes reach permissions, locks, konflik and the summary.
  const opdId = randomUUID();
  const opdLain = randomUUID();
  const pkId = randomUUID();
  const sasaranId = randomUUID();
  const indikatorId = randomUUID();
  const programHapus = randomUUID();
  const kepala = { nama: 'Drs. Kepala', nip: '', jabatan: 'Kepala', pangkat: '' };
  const klien = randomUUID();
  const m = (seq: number, table: NamaTabel, key: string, fields: Record<string, unknown>) => ({
    id: randomUUID(),
    seq,
    table,
    key,
    op: 'put',
    fields,
    baseRev: 0,
    at: '2026-11-23T09:00:00+07:00',
  });
  await jsonReq('POST', '/api/v1/sync/push', tAdmin, {
    clientId: klien,
    schemaVersion: SCHEMA_VERSION,
    mutations: [
      m(1, 'pemda', randomUUID(), { nama: 'Kabupaten Uji', jenis: 'kabupaten', kepalaDaerah: kepala }),
      m(2, 'opd', opdId, { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala }),
      m(3, 'opd', opdLain, { kode: '1.03', nama: 'Dinas PU', singkatan: 'DPU', jenis: 'dinas', kepala }),
      m(4, 'pk', pkId, { opdId, tahun: 2026, versi: 1, tanggal: '2026-01-15', tanggalMulai: '2026-01-01', pihakPertama: kepala, pihakKedua: kepala }),
      m(5, 'sasaran', sasaranId, { pkId, opdId, uraian: 'Sasaran' }),
      m(6, 'indikator', indikatorId, {
        pkId,
        sasaranId,
        opdId,
        uraian: 'Indikator',
        satuan: '%',
        polaritas: 'naik',
        agregasi: 'kumulatif',
        targetTahunan: 100,
      }),
      m(7, 'realisasi', idAlami.realisasi(indikatorId, 'TW1'), { indikatorId, opdId, tahun: 2026, periode: 'TW1', nilai: 50 }),
      m(8, 'kunciPeriode', idAlami.kunciPeriode(2026, 1), { tahun: 2026, triwulan: 1, terkunci: true }),
      m(9, 'program', programHapus, { pkId, opdId, nama: 'Program yang dihapus', pagu: 1000 }),
      { ...m(10, 'program', programHapus, {}), op: 'delete' },
    ],
  });
  const buat = async (username: string, role: string, opd: string | null) =>
    (await jsonReq('POST', '/api/v1/users', tAdmin, { username, nama: `Pengguna ${username}`, role, opdId: opd, password: PASSWORD })).user;
  const operator = await buat('fuzz-operator', 'operator', opdId);
  const viewer = await buat('fuzz-viewer', 'viewer', null);
  const korban = await buat('fuzz-korban', 'operator', opdLain);
  const adminUser = (await jsonReq('GET', '/api/v1/auth/me', tAdmin)).user;
  const user = { admin: adminUser, operator, viewer, korban };
  const token = {
    admin: tAdmin,
    operator: (await jsonReq('POST', '/api/v1/auth/login', null, { username: 'fuzz-operator', password: PASSWORD })).token,
    viewer: (await jsonReq('POST', '/api/v1/auth/login', null, { username: 'fuzz-viewer', password: PASSWORD })).token,
    korban: (await jsonReq('POST', '/api/v1/auth/login', null, { username: 'fuzz-korban', password: PASSWORD })).token,
  };
  const asliUser = await db.query('SELECT * FROM users WHERE id = ANY($1::uuid[])', [Object.values(user).map((u) => u.id)]);
  return {
    jenis,
    db,
    app,
    tutup,
    user,
    asliUser,
    token,
    opdId,
    opdLain,
    ids: { opd: opdId, pk: pkId, sasaran: sasaranId, indikator: indikatorId, realisasi: idAlami.realisasi(indikatorId, 'TW1'), programDihapus: programHapus },
    clientIds: [klien, randomUUID(), randomUUID()],
    sidik: await sidikData(db),
    kasus: 0,
    diterima: 0,
    perStatus: new Map(),
    poke,
    prop: '',
    pelanggaran: new Map(),
    galatServer: [],
  };
}

const ringkasanCetak: string[] = [];
afterAll(() => {
  for (const r of ringkasanCetak) console.log(r);
});

/** A valid push body (fresh client, fresh opd) whose record carries `nama` and extra `fields`. */
const pushOpd = (nama: unknown, extra: Record<string, unknown> = {}) => ({
  clientId: randomUUID(),
  schemaVersion: SCHEMA_VERSION,
  mutations: [
    {
      id: randomUUID(),
      seq: 1,
      table: 'opd',
      key: randomUUID(),
      op: 'put',
      baseRev: 0,
      at: '2026-11-23T09:00:00+07:00',
      fields: { kode: '9.01', nama, singkatan: 'Uji', jenis: 'dinas', kepala: { nama: 'Kepala', nip: '', jabatan: 'Kepala', pangkat: '' }, ...extra },
    },
  ],
});

describe.each(JENIS)('tahan fuzz (%s)', (jenis) => {
  let ctx: Ctx;
  let mulai = 0;
  const waktuProp = new Map<string, { kasus: number; ms: number }>();
  let t0 = 0;
  let k0 = 0;
  let pulihkanConsole: (() => void) | null = null;

  beforeAll(async () => {
    mulai = Date.now();
    ctx = await siapkanCtx(jenis);
    // The server logs each 500 with its cause: keep it with the case instead of flooding the output.
    const spy = vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
      ctx.galatServer.push(args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' '));
    });
    pulihkanConsole = () => spy.mockRestore();
  });
  afterAll(async () => {
    const status = [...ctx.perStatus.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([s, n]) => `${s}×${n}`)
      .join(' ');
    const per = [...waktuProp.entries()].map(([n, w]) => `${n} ${w.kasus} (${(w.ms / 1000).toFixed(1)} s)`).join(', ');
    ringkasanCetak.push(
      `[tahan-fuzz ${jenis}] seed=${SEED} ${ctx.kasus} kasus (${ctx.diterima} diterima 2xx) dalam ${((Date.now() - mulai) / 1000).toFixed(1)} s — ${per}; ` +
        `status: ${status}; pelanggaran: ${ctx.pelanggaran.size}`,
    );
    // Streams that outlived their client end when their token is revoked (at the next heartbeat).
    await ctx.db.query('UPDATE tokens SET revoked_at = now() WHERE revoked_at IS NULL');
    await new Promise((r) => setTimeout(r, HEARTBEAT_MS * 2 + 100));
    pulihkanConsole?.();
    await ctx.tutup();
  });
  beforeEach((c) => {
    ctx.prop = c.task.name.split(/[:(]/)[0]!.trim();
    t0 = Date.now();
    k0 = ctx.kasus;
  });
  afterEach(() => {
    waktuProp.set(ctx.prop, { kasus: ctx.kasus - k0, ms: Date.now() - t0 });
  });

  let nProp = 0;
  const opsi = <T>(numRuns: number, examples: T[] = []) => ({
    seed: SEED + nProp++,
    numRuns: Math.max(1, Math.round(numRuns * KASUS)),
    interruptAfterTimeLimit: BATAS_MS,
    examples,
  });
  /** Every broken rule this property found, one line per rule and route, with up to two cases. */
  const harapBersih = () => {
    const daftar = [...ctx.pelanggaran.entries()]
      .filter(([k]) => k.startsWith(`${ctx.prop}:`))
      .map(([k, v]) => `${k} (${v.n}×)\n    ${v.contoh.join('\n    ')}`);
    expect(daftar, `${daftar.length} aturan dilanggar`).toEqual([]);
  };
  const admin = (gaya: 'normal' | 'query' = 'normal'): Auth => ({ jenis: 'slot', slot: 'admin', gaya });
  const json = { 'Content-Type': 'application/json' };

  it('any method, path, headers and body', async () => {
    const jalurDikenal = fc.constantFrom(
      '/api/v1/auth/login',
      '/api/v1/auth/logout',
      '/api/v1/auth/me',
      '/api/v1/users',
      '/api/v1/sync/push',
      '/api/v1/sync/pull',
      '/api/v1/ringkasan',
      '/api/v1/health',
      '/api/v1/events',
      '/api/v1/records/realisasi',
      '/api/v1',
      '/api',
      '/',
      '/api/v2/sync/push',
      '/API/V1/HEALTH',
      '/api/v1/sync/push/',
      '//api/v1/health',
    );
    const jalur = fc.oneof(
      { weight: 4, arbitrary: jalurDikenal },
      { weight: 2, arbitrary: fc.array(segmen, { minLength: 1, maxLength: 5 }).map((s) => `/api/v1/${s.join('/')}`) },
      { weight: 1, arbitrary: fc.array(segmen, { minLength: 0, maxLength: 4 }).map((s) => `/${s.join('/')}`) },
      { weight: 1, arbitrary: fc.tuple(jalurDikenal, fc.string({ maxLength: 30 })).map(([p, q]) => `${p}?${q}`) },
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...METODE), jalur, authAneh, headerAneh, badanAcak, async (method, path, auth, headers, body) => {
        await periksa(ctx, { method, path, auth, headers, body });
      }),
      opsi<[string, string, Auth, Record<string, string>, Badan]>(2500, [
        // Known failures when written (left failing): HEAD /events leaves its SSE loop running
        // (Hono drops the GET body of a HEAD answer without cancelling it, so `onAbort` never
        // fires; src/server/sync.routes.ts), and PATCH /users/:id lets any 36 characters of
        // [0-9a-f-] through to a uuid column (src/server/auth.routes.ts, the id regex) → 500.
        ['HEAD', '/api/v1/events', admin('query'), {}, { jenis: 'tidak' }],
        ['POST', '/api/v1/auth/login', { jenis: 'tidak' }, json, { jenis: 'json', nilai: { username: 'a\u0000', password: 'x' } }],
        ['PATCH', '/api/v1/users/------------------------------------', admin(), json, { jenis: 'json', nilai: { nama: 'x' } }],
        ['POST', '/api/v1/sync/push', admin(), json, { jenis: 'bom' }],
      ]),
    );
    harapBersih();
  }, 120_000);

  it('near-valid pushes (valid, broken, gzip, oversize) from every role', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          {
            weight: 6,
            arbitrary: fc.record({
              jenis: fc.constant('slot' as const),
              slot: fc.constantFrom<Slot>('admin', 'admin', 'operator', 'viewer', 'korban'),
              gaya: fc.constant('normal' as const),
            }),
          },
          { weight: 1, arbitrary: authAneh },
        ),
        fc.oneof(
          { weight: 4, arbitrary: fc.constant({} as Record<string, string>) },
          {
            weight: 1,
            arbitrary: fc.record({ 'Content-Encoding': fc.constantFrom('gzip', 'identity', 'br', 'deflate') }) as fc.Arbitrary<Record<string, string>>,
          },
        ),
        pushHampirSah(ctx),
        fc.boolean(),
        fc.constantFrom('POST', 'POST', 'POST', 'POST', 'POST', 'PUT', 'GET'),
        async (auth, headers, nilai, gzip, method) => {
          const body: Badan = { jenis: 'json', nilai, gzip: gzip && headers['Content-Encoding'] === undefined };
          await periksa(ctx, { method, path: '/api/v1/sync/push', auth, headers: { 'Content-Type': 'application/json', ...headers }, body });
        },
      ),
      opsi<[Auth, Record<string, string>, unknown, boolean, string]>(1500, [
        [admin(), {}, pushOpd('Dinas\u0000Uji'), false, 'POST'],
        [admin(), {}, pushOpd('Dinas \ud800 Uji'), true, 'POST'],
        [admin(), {}, pushOpd('Dinas Uji', { 'x\u0000': 1 }), false, 'POST'],
        [admin(), {}, pushOpd("'; DROP TABLE records; --"), false, 'POST'],
      ]),
    );
    harapBersih();
  }, 120_000);

  it('auth and users: near-valid logins, user creation and updates, logout, me', async () => {
    const login = rusakkan(
      fc.record({
        username: fc.oneof(fc.constantFrom('admin', 'fuzz-operator', 'fuzz-viewer', 'ADMIN', ' admin '), fc.stringMatching(/^[a-z0-9._-]{3,10}$/), teksAneh),
        password: fc.oneof(fc.constantFrom('salah-sekali', PASSWORD.slice(0, -1), ''), teksAneh),
      }),
    );
    const kasus = fc.oneof(
      { weight: 3, arbitrary: fc.tuple(fc.constant('POST'), fc.constant('/api/v1/auth/login'), login) },
      { weight: 3, arbitrary: fc.tuple(fc.constant('POST'), fc.constant('/api/v1/users'), userHampirSah(ctx)) },
      {
        weight: 3,
        arbitrary: fc.tuple(
          fc.constantFrom('PATCH', 'PUT', 'POST', 'DELETE'),
          idAneh(ctx).map((id) => `/api/v1/users/${kodekan(String(id))}`),
          userHampirSah(ctx),
        ),
      },
      { weight: 1, arbitrary: fc.tuple(fc.constantFrom('POST', 'GET'), fc.constantFrom('/api/v1/auth/logout', '/api/v1/auth/me', '/api/v1/users'), nilaiAneh) },
    );
    await fc.assert(
      fc.asyncProperty(kasus, authAneh, fc.boolean(), async ([method, path, nilai], auth, tanpaCt) => {
        await periksa(ctx, { method, path, auth, headers: tanpaCt ? {} : json, body: { jenis: 'json', nilai } });
      }),
      opsi<[[string, string, unknown], Auth, boolean]>(700, [
        [['POST', '/api/v1/auth/login', { username: '\u0000', password: 'salah-sekali' }], { jenis: 'tidak' }, false],
        [['POST', '/api/v1/users', { username: 'fuzz-nul', nama: 'Nama\u0000', role: 'viewer', opdId: null, password: 'sandi-baru-123' }], admin(), false],
        [['PATCH', `/api/v1/users/${'a'.repeat(36)}`, { nama: 'x' }], admin(), false],
      ]),
    );
    harapBersih();
  }, 120_000);

  it('reads: pull cursors, single records, ringkasan, health and events with odd queries and params', async () => {
    const q = fc.oneof(
      angkaAneh.map(String),
      teksAneh.map(kodekan),
      fc.constantFrom('', '-1', '0', '1', '5000', '5001', '1e3', '0x10', '1.5', ' 1', 'Infinity', '9999999999999999999', '1e400'),
    );
    const kasus = fc.oneof(
      fc.tuple(q, q).map(([s, l]) => `/api/v1/sync/pull?since=${s}&limit=${l}`),
      q.map((s) => `/api/v1/sync/pull?since=${s}`),
      fc
        .tuple(fc.oneof(fc.constantFrom<string>(...NAMA_TABEL), teksAneh), idAneh(ctx))
        .map(([t, id]) => `/api/v1/records/${kodekan(t)}/${kodekan(String(id))}`),
      fc.tuple(q, q).map(([t, w]) => `/api/v1/ringkasan?tahun=${t}&triwulan=${w}`),
      fc.constantFrom('/api/v1/ringkasan?tahun=2026&triwulan=1', '/api/v1/ringkasan?tahun=2026&triwulan=4', '/api/v1/ringkasan', '/api/v1/health?x=1'),
      q.map((t) => `/api/v1/events?token=${t}`),
      fc.constant('/api/v1/events'),
    );
    await fc.assert(
      fc.asyncProperty(kasus, authAneh, fc.constantFrom('GET', 'GET', 'GET', 'HEAD', 'POST'), headerAneh, async (path, auth, method, headers) => {
        await periksa(ctx, { method, path, auth, headers, body: { jenis: 'tidak' } });
      }),
      opsi<[string, Auth, string, Record<string, string>]>(1300, [
        ['/api/v1/events', admin('query'), 'GET', {}],
        ['/api/v1/sync/pull?since=9007199254740991&limit=5000', admin(), 'GET', { 'Accept-Encoding': 'gzip' }],
      ]),
    );
    harapBersih();
  }, 120_000);

  // Found by this fuzz while it was written (a put on a deleted record became a konflik before any
  // permission check, so a read-only account could make the server store konflik records); keeps
  // that from coming back.
  it('read-only accounts change no record, whatever they push', async () => {
    const sidikRecord = async () =>
      JSON.stringify(await ctx.db.query('SELECT (SELECT rev FROM sync_state WHERE id = 1) AS rev, (SELECT count(*) FROM records) AS n'));
    await fc.assert(
      fc.asyncProperty(fc.array(mutasiHampirSah(ctx), { minLength: 1, maxLength: 4 }), fc.constantFrom(...ctx.clientIds.slice(1)), async (mutasi, clientId) => {
        const sebelum = await sidikRecord();
        const [c] = await ctx.db.query('SELECT last_seq FROM clients WHERE client_id = $1', [clientId]);
        const seq = Number(c?.last_seq ?? 0);
        const body = {
          clientId,
          schemaVersion: SCHEMA_VERSION,
          mutations: mutasi.map((x, i) => (x && typeof x === 'object' && !Array.isArray(x) ? { ...x, seq: seq + i + 1 } : x)),
        };
        const k: Kasus = {
          method: 'POST',
          path: '/api/v1/sync/push',
          auth: { jenis: 'slot', slot: 'viewer', gaya: 'normal' },
          headers: { 'Content-Type': 'application/json' },
          body: { jenis: 'json', nilai: body },
        };
        await periksa(ctx, k);
        const sesudah = await sidikRecord();
        if (sesudah !== sebelum) catat(ctx, 'akun baca-saja mengubah record', k, 200, `${deskripsi(k)}\n    ${sebelum} → ${sesudah}`);
      }),
      opsi<[unknown[], string]>(300, [
        [
          [
            {
              id: randomUUID(),
              seq: 1,
              table: 'program',
              key: ctx.ids.programDihapus!,
              op: 'put',
              fields: { nama: 'Dihidupkan lagi oleh viewer' },
              baseRev: 0,
              at: '2026-11-23T09:00:00+07:00',
            },
          ],
          ctx.clientIds[1]!,
        ],
      ]),
    );
    harapBersih();
  }, 120_000);
});
