/**
 * Server test helpers: a fresh database per storage kind (PGlite in memory always; real PostgreSQL
 * in an isolated schema when DATABASE_URL is set), the app in process, and small HTTP helpers that
 * speak the wire format of src/shared/protocol.ts.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { afterEach, expect } from 'vitest';
import { createApp, type OpsiApp } from '../../src/server/app.ts';
import { bukaPglite, bukaPostgres, migrasi, type Db } from '../../src/server/db.ts';
import { siapkan, type HasilSiapkan } from '../../src/server/setup.ts';
import { DEMO_NOW } from '../../src/demo/generate.ts';
import { errorBodySchema, SCHEMA_VERSION, type Change, type Mutation, type MutationResult } from '../../src/shared/protocol.ts';
import { idAlami, PERIODE_MILESTONE, PERIODE_TRIWULAN, type NamaTabel, type Periode } from '../../src/domain/schemas.ts';

export type JenisDb = 'pglite' | 'postgres';
export const DATABASE_URL = process.env.DATABASE_URL || undefined;
/** Every suite runs on each of these (`describe.each(JENIS)`). */
export const JENIS: JenisDb[] = DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

export const PASSWORD_ADMIN = 'rahasia-admin-uji';
/** Demo accounts (seeded with this password) and users the tests create; meets the password rules (docs/security.md). */
export const PASSWORD_DEMO = 'sandi-uji-pantau';

export type App = ReturnType<typeof createApp>;

// ------------------------------------------------------------------ databases

export interface DbUji {
  db: Db;
  versi: number;
  /** The isolated PostgreSQL schema (null on PGlite). */
  schema: string | null;
  /** Opens another handle on the same storage (PostgreSQL only; PGlite in memory cannot). */
  bukaLagi?: (opsi?: { max?: number }) => Promise<Db>;
  tutup: () => Promise<void>;
}

/** Runs `fn` on a short-lived plain pg client (schema creation and clean-up). */
export async function denganPg<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** A fresh, migrated database of the given kind. `tutup` closes it (and drops the PostgreSQL schema). */
export async function dbBaru(jenis: JenisDb, opsi: { max?: number; tanpaMigrasi?: boolean } = {}): Promise<DbUji> {
  if (jenis === 'pglite') {
    const db = await bukaPglite();
    const versi = opsi.tanpaMigrasi ? 0 : await migrasi(db);
    return { db, versi, schema: null, tutup: () => db.close() };
  }
  if (!DATABASE_URL) throw new Error('DATABASE_URL tidak diset');
  const schema = `uji_${randomBytes(6).toString('hex')}`;
  await denganPg((c) => c.query(`CREATE SCHEMA ${schema}`));
  const buka = (o: { max?: number } = {}) => bukaPostgres(DATABASE_URL!, { schema, max: o.max ?? opsi.max ?? 10 });
  const db = await buka();
  const versi = opsi.tanpaMigrasi ? 0 : await migrasi(db);
  return {
    db,
    versi,
    schema,
    bukaLagi: buka,
    tutup: async () => {
      await db.close().catch(() => undefined);
      await denganPg((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
    },
  };
}

/**
 * For migration tests: `buka()` gives a fresh database with no migration applied and an empty
 * temporary folder to put migration files in (named `awalan…`); both are removed after each test of
 * the describe block this is called in.
 */
export function dbTanpaMigrasi(jenis: JenisDb, awalan: string): () => Promise<{ dbu: DbUji; dir: string }> {
  let dbu: DbUji | null = null;
  let dir: string | null = null;
  afterEach(async () => {
    await dbu?.tutup();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dbu = null;
    dir = null;
  });
  return async () => {
    dbu = await dbBaru(jenis, { tanpaMigrasi: true });
    dir = mkdtempSync(join(tmpdir(), awalan));
    return { dbu, dir };
  };
}

/**
 * `db` whose statements outside transactions go through `query` first (a test counts, holds or fails
 * some of them, e.g. the pull page's read); transactions, close and bacaMassal are the db's own.
 */
export function dbDenganQuery(db: Db, query: Db['query']): Db {
  return { ...db, kind: db.kind, transaction: db.transaction.bind(db), close: db.close.bind(db), query };
}

// ------------------------------------------------------------------ clock

/** A server clock the tests move by hand. */
export class Jam {
  t: number;
  constructor(awal: Date = DEMO_NOW) {
    this.t = awal.getTime();
  }
  now = (): Date => new Date(this.t);
  maju(ms: number): void {
    this.t += ms;
  }
}

// ------------------------------------------------------------------ a whole server

export interface Server {
  jenis: JenisDb;
  dbu: DbUji;
  db: Db;
  app: App;
  jam: Jam;
  siap: HasilSiapkan;
  tutup: () => Promise<void>;
}

/**
 * Database + setup (admin with PASSWORD_ADMIN, optionally the demo kabupaten) + app.
 * `app` options other than db/now/migrasi may be given.
 */
export async function serverBaru(
  jenis: JenisDb,
  opsi: { demo?: boolean; /** Demo data scale (buatDemo `kali`). */ kali?: number; max?: number; app?: Partial<Omit<OpsiApp, 'db'>> } = {},
): Promise<Server> {
  const dbu = await dbBaru(jenis, opsi.max !== undefined ? { max: opsi.max } : {});
  const siap = await siapkan(dbu.db, { adminPassword: PASSWORD_ADMIN, demo: opsi.demo ?? false, demoKali: opsi.kali ?? 1, passwordDemo: PASSWORD_DEMO });
  const jam = new Jam();
  const app = createApp({ db: dbu.db, now: jam.now, migrasi: dbu.versi, heartbeatMs: 50, ...opsi.app });
  return { jenis, dbu, db: dbu.db, app, jam, siap, tutup: dbu.tutup };
}

// ------------------------------------------------------------------ HTTP

export interface Jawaban<T = any> {
  status: number;
  headers: Headers;
  teks: string;
  json: T;
}

/** Every answer body seen by the helpers (the password hash must never be among them). */
export const semuaJawaban: string[] = [];

export async function minta<T = any>(
  app: App,
  method: string,
  path: string,
  opsi: { token?: string | null; body?: unknown; mentah?: BodyInit; headers?: Record<string, string> } = {},
): Promise<Jawaban<T>> {
  const headers: Record<string, string> = { ...opsi.headers };
  if (opsi.token) headers.Authorization = `Bearer ${opsi.token}`;
  let body: BodyInit | undefined = opsi.mentah;
  if (opsi.body !== undefined) {
    body = JSON.stringify(opsi.body);
    headers['Content-Type'] ??= 'application/json';
  }
  const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
  const teks = await res.text();
  semuaJawaban.push(teks);
  let json: any = null;
  try {
    json = teks ? JSON.parse(teks) : null;
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, teks, json };
}

/** Asserts the JSON error shape `{ error: { code, message } }` (and optionally status/code). */
export function harapGalat(j: Jawaban, status?: number, code?: string): void {
  if (status !== undefined) expect(j.status, j.teks).toBe(status);
  expect(j.headers.get('content-type') ?? '').toContain('application/json');
  const p = errorBodySchema.safeParse(j.json);
  expect(p.success, `bukan bentuk galat JSON: ${j.teks.slice(0, 300)}`).toBe(true);
  expect(j.json.error.message.length).toBeGreaterThan(0);
  if (code !== undefined) expect(j.json.error.code).toBe(code);
}

export interface Sesi {
  token: string;
  user: { id: string; username: string; role: string; opdId: string | null; aktif: boolean };
}

export async function masuk(app: App, username: string, password = PASSWORD_DEMO): Promise<Sesi> {
  const j = await minta(app, 'POST', '/api/v1/auth/login', { body: { username, password } });
  if (j.status !== 200) throw new Error(`login ${username} gagal: ${j.status} ${j.teks}`);
  return { token: j.json.token, user: j.json.user };
}

export async function buatPengguna(
  app: App,
  tokenAdmin: string,
  u: { username: string; role: 'admin' | 'pimpinan' | 'operator' | 'viewer'; opdId?: string | null; password?: string; nama?: string },
): Promise<Sesi['user']> {
  const j = await minta(app, 'POST', '/api/v1/users', {
    token: tokenAdmin,
    body: { username: u.username, nama: u.nama ?? `Pengguna ${u.username}`, role: u.role, opdId: u.opdId ?? null, password: u.password ?? PASSWORD_DEMO },
  });
  if (j.status !== 201) throw new Error(`buat pengguna ${u.username} gagal: ${j.status} ${j.teks}`);
  return j.json.user;
}

/**
 * Stores an OPD record `id` (pushed by the admin) so users can be linked to it: the users API
 * refuses an `opdId` that names no OPD (docs/sync-protocol.md "Users (admin only)").
 * Its kode and singkatan come from the id, so OPDs made this way never clash.
 */
export async function buatOpd(app: App, tokenAdmin: string, id: string = randomUUID(), nama = 'OPD Uji'): Promise<string> {
  const kode = `U.${id.slice(0, 8)}`;
  const h = await new Klien(app, tokenAdmin).push(
    put('opd', id, { kode, nama, singkatan: kode, jenis: 'dinas', kepala: { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' } }),
  );
  if (h.status !== 200 || h.results[0]?.status !== 'applied') throw new Error(`buat OPD ${id} gagal: ${JSON.stringify(h.json)}`);
  return id;
}

// ------------------------------------------------------------------ sync

export type MutasiBaru = Omit<Mutation, 'seq' | 'id' | 'at' | 'fields' | 'baseRev'> & {
  fields?: Record<string, unknown>;
  baseRev?: number;
  at?: string;
};

// ------------------------------------------------------------------ ids

/** Tables whose record id must be the UUIDv5 of the natural key (`idAlami`); the server rejects any other id. */
export const TABEL_ALAMI = [
  'realisasi',
  'realisasiAnggaran',
  'laporan',
  'kunciPeriode',
  'evaluasiPejabat',
  'evaluasiPj',
  'rakor',
  'tindakLanjutArahan',
] as const satisfies readonly NamaTabel[];
export type TabelAlami = (typeof TABEL_ALAMI)[number];
export const adaIdAlami = (t: NamaTabel | string): t is TabelAlami => (TABEL_ALAMI as readonly string[]).includes(t);

const PERIODE_SEMUA: readonly string[] = [...PERIODE_TRIWULAN, ...PERIODE_MILESTONE];

function ambilBagianId(table: string, f: Record<string, unknown>, nama: string, jenis: 'uuid' | 'int' | 'periode'): any {
  const v = f[nama];
  const ok =
    jenis === 'uuid'
      ? typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v)
      : jenis === 'int'
        ? Number.isInteger(v)
        : typeof v === 'string' && PERIODE_SEMUA.includes(v);
  if (!ok) throw new Error(`idUntuk(${table}): field kunci alami ${nama} tidak ada atau tidak valid (${JSON.stringify(v)})`);
  return v;
}

/**
 * The id a new record of `table` with these fields must carry: the natural-key id (`idAlami`) for
 * realisasi (indikatorId, periode), realisasiAnggaran (programId, triwulan), laporan (opdId, tahun,
 * triwulan), kunciPeriode (tahun, triwulan), evaluasiPejabat (pejabatId, tahun, tahap) and evaluasiPj (pejabatId, ke); a random UUID for every
 * other table. Throws when a natural-key field is missing or malformed (a fixture bug, not a test).
 */
export function idUntuk(table: NamaTabel, f: Record<string, unknown>): string {
  const k = (nama: string, jenis: 'uuid' | 'int' | 'periode') => ambilBagianId(table, f, nama, jenis);
  switch (table) {
    case 'realisasi':
      return idAlami.realisasi(k('indikatorId', 'uuid'), k('periode', 'periode') as Periode);
    case 'realisasiAnggaran':
      return idAlami.realisasiAnggaran(k('programId', 'uuid'), k('triwulan', 'int'));
    case 'laporan':
      return idAlami.laporan(k('opdId', 'uuid'), k('tahun', 'int'), k('triwulan', 'int'));
    case 'kunciPeriode':
      return idAlami.kunciPeriode(k('tahun', 'int'), k('triwulan', 'int'));
    case 'evaluasiPejabat':
      return idAlami.evaluasiPejabat(k('pejabatId', 'uuid'), k('tahun', 'int'), f.tahap === 'akhir-perbaikan' ? 'akhir-perbaikan' : 'tahunan');
    case 'evaluasiPj':
      return idAlami.evaluasiPj(k('pejabatId', 'uuid'), k('ke', 'int'));
    case 'rakor':
      return idAlami.rakor(k('tahun', 'int'), k('triwulan', 'int'));
    case 'tindakLanjutArahan':
      return idAlami.tindakLanjutArahan(k('arahanId', 'uuid'), k('opdId', 'uuid'));
    default:
      return randomUUID();
  }
}

/** The reason the server gives for a natural-key record under another id (`expected`: the id it must have). */
export const alasanIdAlami = (table: TabelAlami, expected?: string): RegExp =>
  new RegExp(`^ID ${table} harus diturunkan dari kunci alaminya \\(${expected ?? '[0-9a-f-]{36}'}\\)`);

/**
 * Rakor have a natural key (tahun, triwulan). Suites that use rakor as an ordinary record to create
 * many of take their ids from `keyRakor()`: each id stands for a quarter of its own (2040–2100 and
 * 2000–2014, clear of the years fixtures use), and `put` fills that quarter into a full rakor record (one with
 * `tempat` and `pimpinan`) that does not name its own tahun/triwulan.
 */
const SLOT_RAKOR = new Map<string, { tahun: number; triwulan: number }>();
let nRakor = 0;
export function keyRakor(): string {
  const n = nRakor++;
  // 2040–2100, then 2000–2014: clear of the demo's and the fixtures' years (2015–2039).
  const i = Math.floor(n / 4);
  const slot = { tahun: i <= 60 ? 2040 + i : 2000 + (i - 61), triwulan: (n % 4) + 1 };
  if (i > 75) throw new Error('keyRakor: kuartal uji habis');
  const key = idAlami.rakor(slot.tahun, slot.triwulan);
  SLOT_RAKOR.set(key, slot);
  return key;
}
/** Starts the quarters again at 2040 Q1: call it when a suite opens a fresh database. */
export function ulangKeyRakor(): void {
  nRakor = 0;
}
const isiRakor = (table: NamaTabel, key: string, fields: Record<string, unknown>): Record<string, unknown> =>
  table === 'rakor' && SLOT_RAKOR.has(key) && 'tempat' in fields && 'pimpinan' in fields ? { ...SLOT_RAKOR.get(key), ...fields } : fields;

export const put = (table: NamaTabel, key: string, fields: Record<string, unknown>, baseRev = 0): MutasiBaru => ({
  table,
  key,
  op: 'put',
  fields: isiRakor(table, key, fields),
  baseRev,
});
/** The rev a push gave a record: its result must carry one (else the test fails here, saying what came). */
export const revHasil = (r: { status: string; rev?: number } | undefined): number => {
  if (!r || typeof r.rev !== 'number') throw new Error(`hasil tanpa rev: ${JSON.stringify(r)}`);
  return r.rev;
};
/** A put creating a new record with the id its table requires (see `idUntuk`). */
export const putBaru = (table: NamaTabel, fields: Record<string, unknown>): MutasiBaru => put(table, idUntuk(table, fields), fields);
export const hapus = (table: NamaTabel, key: string, baseRev = 0): MutasiBaru => ({ table, key, op: 'delete', baseRev });

export interface HasilPush {
  status: number;
  json: any;
  results: MutationResult[];
  body: unknown;
}

/** One tablet: a clientId and its seq counter, signed in as one user. */
export class Klien {
  seq = 0;
  readonly clientId: string;
  constructor(
    readonly app: App,
    public token: string,
    clientId: string = randomUUID(),
  ) {
    this.clientId = clientId;
  }

  /** Builds the push body for these mutations with the next seqs (does not advance the counter). */
  batch(ms: MutasiBaru[], mulai = this.seq + 1): { clientId: string; schemaVersion: number; mutations: Mutation[] } {
    return {
      clientId: this.clientId,
      schemaVersion: SCHEMA_VERSION,
      mutations: ms.map((m, i) => ({
        id: randomUUID(),
        seq: mulai + i,
        table: m.table,
        key: m.key,
        op: m.op,
        fields: m.fields ?? {},
        baseRev: m.baseRev ?? 0,
        at: m.at ?? '2026-11-23T09:00:00+07:00',
      })),
    };
  }

  async kirim(body: unknown, headers: Record<string, string> = {}): Promise<HasilPush> {
    const j = await minta(this.app, 'POST', '/api/v1/sync/push', { token: this.token, body, headers });
    return { status: j.status, json: j.json, results: j.json?.results ?? [], body };
  }

  /** Pushes the mutations with the next seqs; advances the counter on 200. */
  async push(...ms: MutasiBaru[]): Promise<HasilPush> {
    const body = this.batch(ms);
    const h = await this.kirim(body);
    if (h.status === 200) this.seq = h.json.lastSeq;
    return h;
  }

  /** Like push, but fails the test unless the answer is 200. */
  async pushOk(...ms: MutasiBaru[]): Promise<MutationResult[]> {
    const h = await this.push(...ms);
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    return h.results;
  }
}

export const gzip = (x: unknown): Uint8Array<ArrayBuffer> => new Uint8Array(gzipSync(Buffer.from(typeof x === 'string' ? x : JSON.stringify(x))));

export async function tarik(app: App, token: string, since = 0, limit?: number): Promise<{ changes: Change[]; next: number; more: boolean }> {
  const q = `since=${since}${limit !== undefined ? `&limit=${limit}` : ''}`;
  const j = await minta(app, 'GET', `/api/v1/sync/pull?${q}`, { token });
  if (j.status !== 200) throw new Error(`pull gagal: ${j.status} ${j.teks}`);
  // The page only; the server's identity (epoch, rev, schemaVersion) is checked in epoch.test.ts.
  const { changes, next, more } = j.json;
  return { changes, next, more };
}

/** Follows `next` until `more` is false. */
export async function tarikSemua(app: App, token: string, since = 0, limit = 5000): Promise<Change[]> {
  const semua: Change[] = [];
  let cursor = since;
  for (;;) {
    const p = await tarik(app, token, cursor, limit);
    semua.push(...p.changes);
    cursor = p.next;
    if (!p.more) return semua;
  }
}

export async function ambilRecord(app: App, token: string, table: NamaTabel, id: string): Promise<Record<string, any> | null> {
  const j = await minta(app, 'GET', `/api/v1/records/${table}/${id}`, { token });
  if (j.status === 404) return null;
  if (j.status !== 200) throw new Error(`record gagal: ${j.status} ${j.teks}`);
  return j.json.record;
}

export async function revServer(db: Db): Promise<number> {
  const [r] = await db.query('SELECT rev FROM sync_state WHERE id = 1');
  return Number(r?.rev ?? 0);
}

/** A fingerprint of everything a push may change (records, counter, clients). */
export async function sidikData(db: Db): Promise<string> {
  const [r] = await db.query(
    `SELECT (SELECT count(*) FROM records) AS n,
            (SELECT coalesce(sum(rev), 0) FROM records) AS s,
            (SELECT md5(coalesce(string_agg(tbl || id::text || rev::text || deleted::text || md5(data::text), ',' ORDER BY tbl, id), '')) FROM records) AS h,
            (SELECT rev FROM sync_state WHERE id = 1) AS rev,
            (SELECT count(*) FROM clients) AS c,
            (SELECT coalesce(sum(last_seq), 0) FROM clients) AS q,
            (SELECT count(*) FROM client_results) AS cr`,
  );
  return JSON.stringify(Object.fromEntries(Object.entries(r ?? {}).map(([k, v]) => [k, String(v)])));
}

/** `[{ seq, status: 'applied', rev }]` → 'applied'. */
export const status = (r: MutationResult | undefined): string | undefined => r?.status;

/**
 * A valid basis of a PP 11/2017 pasal 142 evaluation (evaluasiPejabat.dasar), for fixtures:
 * docs/domain/pejabat.md §Pasal 142.
 */
export const DASAR_EVALUASI_UJI = {
  aturan: 'PP 11/2017 pasal 142',
  pkId: '00000000-0000-4000-8000-000000000142',
  pkVersi: 1,
  pkDitandatanganiPada: null,
  periodeMulai: '2027-01-01',
  periodeSelesai: '2027-12-31',
  triwulan: 4,
  tanggalEvaluasi: '2028-01-15',
  ambang: 76,
  batasAtas: 100,
  capaian: 90,
  jumlahIndikator: 1,
  jumlahDinilai: 1,
  // Every field as the schema stores it (defaults included), so a stored record equals its fixture.
  indikator: [
    {
      indikatorId: '00000000-0000-4000-8000-000000000143',
      uraian: 'Indikator uji',
      satuan: 'persen',
      target: 90,
      jenisTarget: 'tahunan',
      realisasi: 81,
      capaian: 90,
      status: 'nilai',
      alasan: '',
    },
  ],
};
/** A valid evaluasiPejabat without its natural key (add pejabatId and tahun). */
export const evaluasiPejabatUji = (opdId: string) => ({ opdId, hasil: 'memenuhi', dasar: DASAR_EVALUASI_UJI });
