/**
 * Fault injection (issue 6 part 2, docs/sync-protocol.md): many simulated tablets, each with its own Dexie
 * database (fake-indexeddb) and the REAL sync engine (MesinSinkron + KlienSinkron), edit through
 * the same write functions the screens use and sync at random, against the real server (createApp
 * on PGlite in a temp DATA_DIR, and on PostgreSQL when DATABASE_URL is set) through a seeded fault
 * proxy (the engine's injected fetch) that drops requests, drops answers after the server
 * committed, duplicates, delays and reorders requests, delivers some late (after the tablet already
 * gave up on them), cuts answer bodies, and restarts the server now and then.
 *
 * At the end, with the faults off, every tablet syncs until quiescent and the suite checks:
 * - every tablet's local records equal the server's (pull from 0), every outbox is empty;
 * - per tablet the server's last_seq and client_results match the mutations the tablet made
 *   (none lost, none applied twice), and every version the server ever stored of any record (an
 *   audit trigger keeps them) is explained by exactly one mutation;
 * - an oracle written from docs/sync-protocol.md replays every mutation against the version it met: a field
 *   someone else changed after the mutation's baseRev must be a konflik (with the incoming value),
 *   anything else must be stored with the tablet's value (so nothing is silently overwritten);
 *   every rejected mutation is still visible as a rejection on its tablet.
 * One summary line is printed per storage kind. SEED=n reproduces a seed (timing still varies).
 */
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import { bukaPglite, bukaPostgres, migrasi, type Db } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { PantauDB, type OutboxEntry } from '../../src/db/database.ts';
import { simpan, ValidasiError } from '../../src/db/repo.ts';
import { selesaikanKonflik } from '../../src/db/konflik.ts';
import { buangPerubahanDitolak } from '../../src/db/penolakan.ts';
import { kursorPull } from '../../src/db/tarik.ts';
import { MesinSinkron } from '../../src/sync/engine.ts';
import { KlienSinkron, type FetchFn } from '../../src/sync/client.ts';
import { StatusSinkron } from '../../src/sync/status.svelte.ts';
import { aturTdi, simpanNilai, simpanRincian, type FieldRincian } from '../../src/views/realisasi/aksi.ts';
import { buatPk, hapusRecord, simpanIndikator, simpanProgram, tambahSasaran } from '../../src/views/pk/aksi.ts';
import { aturKunci } from '../../src/views/pengaturan/aksi.ts';
import { FIELD_NISAN, idAlami, NAMA_TABEL, SERVER_FIELDS, type Indikator, type Periode } from '../../src/domain/schemas.ts';
import type { Change, MutationResult } from '../../src/shared/protocol.ts';
import { denganPg } from './bantu.ts';

const DATABASE_URL = process.env.DATABASE_URL || undefined;
const JENIS = DATABASE_URL ? (['pglite', 'postgres'] as const) : (['pglite'] as const);
type JenisDb = (typeof JENIS)[number];

const SEED = Number(process.env.SEED ?? 20261123);
/** How long the tablets edit and sync with faults on, per storage kind (the whole test stays < 60 s). */
const DETIK_ACAK = Number(process.env.TAHAN_DETIK ?? 14);
const MAKS_LANGKAH = 90;
const PASSWORD_ADMIN = 'rahasia-admin-uji';
const PASSWORD = 'tablet-uji-123';
const TAHUN = 2026;
const BASE = 'http://pantau.uji';

type Rec = Record<string, unknown>;
/** Structural equality (jsonb does not keep key order, so JSON text alone would not do). */
const kanonik = (x: unknown): unknown =>
  Array.isArray(x)
    ? x.map(kanonik)
    : x && typeof x === 'object'
      ? Object.fromEntries(
          Object.keys(x)
            .sort()
            .map((k) => [k, kanonik((x as Rec)[k])]),
        )
      : x;
const sama = (a: unknown, b: unknown): boolean => JSON.stringify(kanonik(a)) === JSON.stringify(kanonik(b));
const tidur = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** mulberry32: small, seeded, good enough to pick faults and edits. */
function acakBenih(benih: number): () => number {
  let a = benih >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pilih = <T>(acak: () => number, xs: readonly T[]): T => xs[Math.floor(acak() * xs.length)]!;

// ------------------------------------------------------------------ storage that survives a restart

interface Penyimpanan {
  buka(): Promise<Db>;
  bersihkan(): Promise<void>;
}

async function penyimpananBaru(jenis: JenisDb): Promise<Penyimpanan> {
  if (jenis === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-gangguan-'));
    return { buka: () => bukaPglite(dir), bersihkan: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const schema = `uji_gangguan_${randomBytes(5).toString('hex')}`;
  await denganPg((c) => c.query(`CREATE SCHEMA ${schema}`));
  return {
    buka: () => bukaPostgres(DATABASE_URL!, { schema, max: 10 }),
    bersihkan: () => denganPg((c) => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`)).then(() => undefined),
  };
}

/**
 * The server's committed history, recorded by triggers in the same transactions (a rolled-back
 * push leaves nothing): every record version written, every answer stored for a client seq, and
 * the rev range each transaction took — all tagged with the transaction id, so the oracle can
 * replay each push transaction exactly, however the server buffers its writes inside it.
 */
async function pasangAudit(db: Db): Promise<void> {
  await db.query('CREATE TABLE IF NOT EXISTS uji_riwayat (tx text, tbl text, id uuid, rev bigint, deleted boolean, data jsonb, field_revs jsonb)');
  await db.query('CREATE TABLE IF NOT EXISTS uji_hasil (tx text, client_id uuid, seq bigint, result jsonb)');
  await db.query('CREATE TABLE IF NOT EXISTS uji_rev (tx text, lama bigint, baru bigint)');
  const pemicu: [string, string, string, string][] = [
    [
      'uji_catat_record',
      'records',
      'AFTER INSERT OR UPDATE',
      'INSERT INTO uji_riwayat VALUES (txid_current()::text, NEW.tbl, NEW.id, NEW.rev, NEW.deleted, NEW.data, NEW.field_revs)',
    ],
    ['uji_catat_hasil', 'client_results', 'AFTER INSERT', 'INSERT INTO uji_hasil VALUES (txid_current()::text, NEW.client_id, NEW.seq, NEW.result)'],
    ['uji_catat_rev', 'sync_state', 'AFTER UPDATE', 'INSERT INTO uji_rev VALUES (txid_current()::text, OLD.rev, NEW.rev)'],
  ];
  for (const [nama, tabel, kapan, isi] of pemicu) {
    await db.query(`CREATE OR REPLACE FUNCTION ${nama}() RETURNS trigger AS $$ BEGIN ${isi}; RETURN NEW; END $$ LANGUAGE plpgsql`);
    await db.query(`DROP TRIGGER IF EXISTS ${nama} ON ${tabel}`);
    await db.query(`CREATE TRIGGER ${nama} ${kapan} ON ${tabel} FOR EACH ROW EXECUTE FUNCTION ${nama}()`);
  }
}

/** The server process: storage + migrations + setup + app; `restart` closes everything and starts again. */
class ServerHidup {
  db!: Db;
  app!: ReturnType<typeof createApp>;
  restart = 0;
  constructor(readonly penyimpanan: Penyimpanan) {}
  async mulai(): Promise<void> {
    this.db = await this.penyimpanan.buka();
    const versi = await migrasi(this.db);
    await siapkan(this.db, { adminPassword: PASSWORD_ADMIN });
    this.app = createApp({ db: this.db, migrasi: versi });
  }
  async mulaiUlang(): Promise<void> {
    await this.db.close();
    this.restart++;
    await this.mulai();
  }
}

// ------------------------------------------------------------------ the fault proxy

const JENIS_GANGGUAN = ['putusMinta', 'putusJawaban', 'ganda', 'tunda', 'terlambat', 'potong', 'restart', 'ditolakSaatRestart'] as const;
type JenisGangguan = (typeof JENIS_GANGGUAN)[number];

interface Jawaban {
  status: number;
  headers: Headers;
  teks: string;
}

class Proksi {
  aktif = false;
  readonly hitung = Object.fromEntries(JENIS_GANGGUAN.map((j) => [j, 0])) as Record<JenisGangguan, number>;
  permintaan = 0;
  readonly galat5xx: string[] = [];
  jumlah409 = 0;
  #restart = false;
  readonly #dalamJalan = new Set<Promise<unknown>>();

  constructor(
    readonly server: ServerHidup,
    readonly acak: () => number,
  ) {}

  /** Delivers one request to whatever server is running now and reads the whole answer (the server has committed). */
  #antar(url: string, method: string, headers: Headers, body: Uint8Array | undefined, tunda = 0): Promise<Jawaban> {
    const p = (async () => {
      if (tunda > 0) await tidur(tunda);
      // The old process is going away: whatever was not inside it yet finds the port closed.
      if (this.#restart) this.#putus('ditolakSaatRestart');
      const res = await this.server.app.request(url, { method, headers, ...(body ? { body: body as Uint8Array<ArrayBuffer> } : {}) });
      const teks = await res.text();
      if (res.status >= 500) this.galat5xx.push(`${method} ${url} → ${res.status} ${teks.slice(0, 200)}`);
      if (res.status === 409) this.jumlah409++;
      return { status: res.status, headers: res.headers, teks };
    })();
    this.#dalamJalan.add(p);
    void p.catch(() => undefined).finally(() => this.#dalamJalan.delete(p));
    return p;
  }

  #putus(jenis: JenisGangguan): never {
    this.hitung[jenis]++;
    throw new TypeError(`fetch failed (${jenis})`);
  }

  fetch: FetchFn = async (input, init) => {
    const req = input instanceof Request ? input : new Request(String(input), init);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : new Uint8Array(await req.arrayBuffer());
    const { url, method, headers } = req;
    this.permintaan++;
    if (this.#restart) this.#putus('ditolakSaatRestart');
    let j: Jawaban;
    if (!this.aktif) j = await this.#antar(url, method, headers, body);
    else {
      const a = this.acak;
      if (a() < 0.05) this.#putus('putusMinta');
      if (a() < 0.04) {
        // Stuck in the network: the tablet gives up now, the server gets it later (after newer requests).
        void this.#antar(url, method, headers, body, 20 + a() * 200).catch(() => undefined);
        this.#putus('terlambat');
      }
      if (a() < 0.25) {
        this.hitung.tunda++;
        await tidur(a() * 30);
      }
      if (a() < 0.06) {
        this.hitung.ganda++;
        void this.#antar(url, method, headers, body, a() * 60).catch(() => undefined);
      }
      j = await this.#antar(url, method, headers, body);
      if (a() < 0.06) this.#putus('putusJawaban');
      if (j.status === 200 && j.teks.length > 2 && a() < 0.03) {
        this.hitung.potong++;
        return new Response(j.teks.slice(0, Math.floor(j.teks.length / 2)), { status: j.status, headers: j.headers });
      }
      if (a() < 0.15) {
        this.hitung.tunda++;
        await tidur(a() * 30);
      }
    }
    return new Response(j.status === 204 ? null : j.teks, { status: j.status, headers: j.headers });
  };

  /** Waits until no request (late or duplicated ones included) is inside the network or the server. */
  async tenang(): Promise<void> {
    while (this.#dalamJalan.size) await Promise.allSettled([...this.#dalamJalan]);
  }

  /** Refuses new connections, lets the requests inside finish (their answers still reach nobody
   * if the tablet gave up), closes the database and starts a fresh server process on the same storage. */
  async mulaiUlang(): Promise<void> {
    this.#restart = true;
    try {
      await this.tenang();
      await this.server.mulaiUlang();
      this.hitung.restart++;
    } finally {
      this.#restart = false;
    }
  }
}

// ------------------------------------------------------------------ tablets

interface Pengguna {
  username: string;
  role: 'admin' | 'pimpinan' | 'operator' | 'viewer';
  opd: 'A' | 'B' | null;
}

interface Tablet {
  nama: string;
  pengguna: Pengguna;
  opdId: string | null;
  db: PantauDB;
  mesin: MesinSinkron;
  status: StatusSinkron;
  acak: () => number;
  /** Every outbox entry a committed local transaction created, by mutation id (seq as last renumbered). */
  mutasi: Map<string, OutboxEntry>;
  renomor: number;
  token: string;
  latar: Promise<void>[];
  /** `table:key` of the rejections the tablet kept at the end (before they are discarded). */
  penolakanAkhir: Set<string>;
  tolakLokal: number;
  runs: number;
}

let nDb = 0;
function bukaTablet(nama: string, pengguna: Pengguna, opdId: string | null, token: string, fetch: FetchFn, acak: () => number): Tablet {
  const db = new PantauDB(`gangguan-${process.pid}-${++nDb}-${nama}-${randomBytes(3).toString('hex')}`);
  const mutasi = new Map<string, OutboxEntry>();
  const t: Tablet = {
    nama,
    pengguna,
    opdId,
    db,
    mutasi,
    token,
    acak,
    renomor: 0,
    latar: [],
    penolakanAkhir: new Set(),
    tolakLokal: 0,
    runs: 0,
    status: new StatusSinkron(),
    mesin: undefined as unknown as MesinSinkron,
  };
  // Record each outbox entry once its transaction commits (an aborted write made no mutation).
  db.outbox.hook('creating', (_k, obj, trans) => {
    const salinan = structuredClone(obj) as OutboxEntry;
    trans.idbtrans.addEventListener('complete', () => {
      if (mutasi.has(salinan.id)) t.renomor++;
      mutasi.set(salinan.id, salinan);
    });
  });
  // A later edit merged into a queued entry (src/db/repo.ts entriGabungan), or a re-based one: the
  // entry as it now stands is what a push sends (no entry changes once handed to a push).
  db.outbox.hook('updating', (mods, _k, obj, trans) => {
    const salinan = structuredClone(obj) as OutboxEntry;
    for (const [jalur, nilai] of Object.entries(mods)) Dexie.setByKeyPath(salinan, jalur, nilai === undefined ? undefined : structuredClone(nilai));
    trans.idbtrans.addEventListener('complete', () => {
      mutasi.set(salinan.id, salinan);
    });
  });
  t.mesin = new MesinSinkron({
    db,
    baseUrl: BASE,
    getToken: () => t.token,
    fetch,
    status: t.status,
    buatSumberPeristiwa: null,
    intervalMs: 0,
    acak: () => 0.5,
  });
  return t;
}

async function jsonApp(server: ServerHidup, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await server.app.request(`${BASE}/api/v1${path}`, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  const teks = await res.text();
  return { status: res.status, json: teks ? JSON.parse(teks) : null };
}

async function tarikSemua(server: ServerHidup, token: string): Promise<Change[]> {
  const out: Change[] = [];
  let since = 0;
  for (;;) {
    const j = await jsonApp(server, 'GET', `/sync/pull?since=${since}&limit=5000`, token);
    if (j.status !== 200) throw new Error(`pull ${j.status}`);
    out.push(...j.json.changes);
    since = j.json.next;
    if (!j.json.more) return out;
  }
}

// ------------------------------------------------------------------ what tablets do

interface Dunia {
  opd: Record<'A' | 'B', string>;
  indikator: Record<'A' | 'B', Pick<Indikator, 'id' | 'opdId'>[]>;
  pk: Record<'A' | 'B', { id: string; opdId: string }>;
  unik: number;
}

const PERIODE_BERSAMA: Periode[] = ['TW1', 'TW2'];
const PERIODE_BARU: Periode[] = ['TW3', 'TW4', '100H', '6B', '1T'];
const FIELD_RINCIAN: FieldRincian[] = ['masalah', 'solusi', 'catatan', 'tindakLanjut'];

/** One user action through the screens' write functions. Local validation failures are what the UI would prevent. */
async function satuTindakan(t: Tablet, d: Dunia): Promise<void> {
  const a = t.acak;
  const u = t.pengguna.username;
  const milik: 'A' | 'B' = t.pengguna.opd ?? (a() < 0.5 ? 'A' : 'B');
  const lain: 'A' | 'B' = milik === 'A' ? 'B' : 'A';
  // Operators now and then type into another OPD's row (the server must refuse it).
  const opd = t.pengguna.role === 'operator' && a() < 0.04 ? lain : milik;
  const ind = pilih(a, d.indikator[opd]);
  const r = a();
  try {
    if (t.pengguna.role === 'pimpinan' || t.pengguna.role === 'viewer') {
      if (r < 0.6) return await selesaikanAcak(t);
      return void (await simpanNilai(t.db, ind, TAHUN, pilih(a, PERIODE_BERSAMA), ++d.unik, u));
    }
    if (t.pengguna.role === 'admin' && r < 0.05) {
      const kunci = await t.db.kunciPeriode.get(idAlami.kunciPeriode(TAHUN, 2));
      return void (await aturKunci(t.db, TAHUN, 2, !(kunci?.terkunci ?? false), u));
    }
    if (r < 0.4) return void (await simpanNilai(t.db, ind, TAHUN, pilih(a, PERIODE_BERSAMA), ++d.unik, u));
    if (r < 0.55) return void (await simpanRincian(t.db, ind, TAHUN, pilih(a, PERIODE_BERSAMA), pilih(a, FIELD_RINCIAN), `${u} catatan ${++d.unik}`, u));
    if (r < 0.6) return void (await aturTdi(t.db, ind, TAHUN, pilih(a, PERIODE_BERSAMA), a() < 0.5 ? null : `Data BPS belum terbit (${++d.unik})`, u));
    if (r < 0.7) return void (await simpanNilai(t.db, ind, TAHUN, pilih(a, PERIODE_BARU), ++d.unik, u));
    if (r < 0.85) {
      const program = (await t.db.program.where('opdId').equals(d.opd[opd]).toArray()).filter((p) => !p.deleted);
      const q = a();
      if (q < 0.25 || program.length === 0) {
        return void (await simpanProgram(t.db, null, { pkId: d.pk[opd].id, opdId: d.opd[opd], nama: `Program ${++d.unik}`, pagu: d.unik * 1000 }, u));
      }
      const p = pilih(a, program);
      if (q < 0.4) return await hapusRecord(t.db, 'program', p.id, u);
      if (q < 0.75) return void (await simpanProgram(t.db, p.id, { pagu: ++d.unik * 1000 }, u));
      return void (await simpanProgram(t.db, p.id, { keterangan: `${u} ket ${++d.unik}` }, u));
    }
    return await selesaikanAcak(t);
  } catch (e) {
    if (e instanceof ValidasiError || (e instanceof Error && /Konflik|konflik|dihapus|tidak ada lagi/.test(e.message))) {
      t.tolakLokal++;
      return;
    }
    throw e;
  }
}

async function selesaikanAcak(t: Tablet): Promise<void> {
  const terbuka = await t.db.konflik
    .where('status')
    .equals('terbuka')
    .filter((k) => !k.deleted)
    .toArray();
  if (!terbuka.length) return;
  const k = pilih(t.acak, terbuka);
  await selesaikanKonflik(t.db, k.id, k.field === '_deleted' || t.acak() < 0.5 ? 'server' : 'masuk', t.pengguna.username);
}

async function sinkronSampaiTenang(tablet: Tablet[], server: ServerHidup): Promise<number> {
  const rev = async () => Number((await server.db.query('SELECT rev FROM sync_state WHERE id = 1'))[0]?.rev ?? 0);
  for (let putaran = 1; putaran <= 25; putaran++) {
    const awal = await rev();
    for (const t of tablet) {
      await t.mesin.sinkronSekarang();
      t.runs++;
    }
    const akhir = await rev();
    const outbox = await Promise.all(tablet.map((t) => t.db.outbox.count()));
    const kursor = await Promise.all(tablet.map((t) => kursorPull(t.db)));
    if (putaran > 1 && awal === akhir && outbox.every((n) => n === 0) && kursor.every((k) => k === akhir)) return putaran;
  }
  return -1;
}

async function isiLokal(db: PantauDB): Promise<Map<string, Rec>> {
  const out = new Map<string, Rec>();
  for (const t of NAMA_TABEL) for (const r of (await db.table(t).toArray()) as Rec[]) out.set(`${t}:${String(r.id)}`, r);
  return out;
}

// ------------------------------------------------------------------ the oracle (docs/sync-protocol.md "POST /sync/push")

interface MetaField {
  rev: number;
  client: string;
  oleh: string;
}
interface Versi {
  tx: string;
  kunci: string;
  rev: number;
  deleted: boolean;
  data: Rec;
  fieldRevs: Record<string, MetaField>;
}
interface MutasiTercatat {
  tablet: Tablet;
  clientId: string;
  m: OutboxEntry;
  hasil: MutationResult | undefined;
}
interface Riwayat {
  versi: Versi[];
  hasil: { tx: string; clientId: string; seq: number; result: MutationResult }[];
  rev: { tx: string; lama: number; baru: number }[];
}

interface HasilOracle {
  pelanggaran: string[];
  status: Record<string, number>;
  konflikDiharapkan: number;
  transaksi: number;
}

/**
 * Replays every push transaction the server committed, mutation by mutation in seq order, with the
 * rules of docs/sync-protocol.md, starting from the records as the previous transactions left them:
 * - a field someone else (another client) changed after the mutation's baseRev is a konflik with
 *   the incoming value (the server value stays); any other changed field is stored with the
 *   tablet's value; a put on a deleted record is a konflik on `_deleted`; a delete tombstones;
 * - a konflik record is resolved once (the first resolution stands; the same choice again is an
 *   acknowledgement, another choice a rejection) and never itself raises a konflik;
 * - rejections change nothing (whether a rejection was right is the permission suites' job; here
 *   it only has to stay visible on its tablet);
 * then compares the answers, the konflik records, the revs the transaction took (exactly one per
 * change, none skipped, none twice) and the records it wrote with what the server did.
 */
function periksaOracle(semua: MutasiTercatat[], r: Riwayat): HasilOracle {
  const pelanggaran: string[] = [];
  const status: Record<string, number> = { applied: 0, merged: 0, conflict: 0, rejected: 0, tanpaHasil: 0 };
  let konflikDiharapkan = 0;
  const salah = (x: string) => {
    if (pelanggaran.length < 40) pelanggaran.push(x);
    else if (pelanggaran.length === 40) pelanggaran.push('…');
  };

  const mutasi = new Map(semua.map((x) => [`${x.clientId}:${x.m.seq}`, x]));
  for (const x of semua) {
    if (!x.hasil) {
      status.tanpaHasil!++;
      salah(`${x.tablet.nama} seq ${x.m.seq} (${x.m.table}:${x.m.key}) tidak punya jawaban di server: hilang`);
    } else status[x.hasil.status] = (status[x.hasil.status] ?? 0) + 1;
  }

  // Group the history by transaction.
  const tx = new Map<string, { versi: Versi[]; hasil: MutasiTercatat[]; rev?: { lama: number; baru: number } }>();
  const dapat = (id: string) => {
    let t = tx.get(id);
    if (!t) tx.set(id, (t = { versi: [], hasil: [] }));
    return t;
  };
  for (const v of r.versi) dapat(v.tx).versi.push(v);
  for (const h of r.hasil) {
    const x = mutasi.get(`${h.clientId}:${h.seq}`);
    if (!x) salah(`server menyimpan jawaban untuk ${h.clientId} seq ${h.seq}, mutasi yang tidak pernah dibuat tablet`);
    else if (!sama(x.hasil, h.result)) salah(`${x.tablet.nama} seq ${h.seq}: jawaban tersimpan berubah`);
    else dapat(h.tx).hasil.push(x);
  }
  for (const q of r.rev) {
    const t = dapat(q.tx);
    if (t.rev) salah(`transaksi ${q.tx} menaikkan rev dua kali`);
    t.rev = { lama: q.lama, baru: q.baru };
  }
  const versiPerRev = new Map(r.versi.map((v) => [`${v.kunci}@${v.rev}`, v]));

  const tetap = new Map<string, Versi>();
  const urut = [...tx.entries()].filter(([, t]) => t.rev).sort((a, b) => a[1].rev!.baru - b[1].rev!.baru);
  let revSebelum = 0;
  for (const [id, t] of urut) {
    if (t.rev!.lama !== revSebelum) salah(`transaksi ${id}: rev mulai dari ${t.rev!.lama}, transaksi sebelumnya berakhir di ${revSebelum}`);
    revSebelum = t.rev!.baru;
    if (!t.hasil.length) {
      salah(`transaksi ${id} menulis ${t.versi.map((v) => v.kunci).join(', ')} tanpa mutasi mana pun`);
      for (const v of t.versi) tetap.set(v.kunci, v);
      continue;
    }
    t.hasil.sort((a, b) => a.m.seq - b.m.seq);
    const kerja = new Map<string, Versi | null>();
    const dibuat = new Map<string, Versi>(t.versi.map((v) => [v.kunci, v]));
    const konflikDibuat = new Set<string>();
    const alokasi: number[] = [];
    const keadaan = (k: string) => (kerja.has(k) ? kerja.get(k)! : (tetap.get(k) ?? null));
    for (const x of t.hasil) {
      const h = x.hasil!;
      const { m, tablet } = x;
      const kunci = `${m.table}:${m.key}`;
      const label = `${tablet.nama} seq ${m.seq} ${m.op} ${kunci} ${JSON.stringify(m.fields).slice(0, 100)} baseRev ${m.baseRev}`;
      if (h.status === 'rejected') continue;
      const pre = keadaan(kunci);
      const fields = Object.entries(m.fields).filter(([f]) => !(SERVER_FIELDS as readonly string[]).includes(f));
      const meta = (rev: number): MetaField => ({ rev, client: x.clientId, oleh: tablet.pengguna.username });
      let harap: MutationResult['status'] = 'applied';
      let harapKonflik: string[] = [];
      let baru: Versi | null = null;
      if (m.op === 'delete') {
        // A tombstone keeps only what identifies the record (FIELD_NISAN), not its data.
        const nisan = Object.fromEntries(FIELD_NISAN.filter((f) => pre && f in pre.data).map((f) => [f, pre!.data[f]]));
        if (pre && !pre.deleted)
          baru = { ...pre, tx: id, rev: h.rev, deleted: true, data: { ...nisan, deleted: true }, fieldRevs: { ...pre.fieldRevs, _deleted: meta(h.rev) } };
      } else if (pre?.deleted) {
        harap = 'conflict';
        harapKonflik = ['_deleted'];
      } else if (!pre) {
        baru = {
          tx: id,
          kunci,
          rev: h.rev,
          deleted: false,
          data: Object.fromEntries(fields),
          fieldRevs: Object.fromEntries(fields.map(([f]) => [f, meta(h.rev)])),
        };
      } else {
        const diubah = fields.filter(([f, v]) => !sama(v, pre.data[f]));
        const terap: [string, unknown][] = [];
        if (m.table === 'konflik' && pre.data.status === 'selesai') {
          if (diubah.some(([f]) => f !== 'diselesaikanOleh'))
            salah(`${label}: konflik yang sudah diselesaikan dengan pilihan lain seharusnya ditolak, server menjawab ${h.status}`);
        } else if (m.table === 'konflik') {
          // The first resolution: for 'masuk' the incoming value is written into the record's field in
          // the same transaction, at the rev just before the konflik's own (a value already there takes
          // no rev); the konflik closes with its field revs untouched (docs/sync-protocol.md
          // "Resolving a konflik"). A resolution the server refuses is a rejection, skipped above.
          const sasaran = `${String(pre.data.tabel)}:${String(pre.data.recordId)}`;
          const rec = keadaan(sasaran);
          const f = String(pre.data.field);
          if (m.fields.penyelesaian === 'masuk' && rec && !rec.deleted && !sama(rec.data[f], pre.data.nilaiMasuk ?? null)) {
            const revRec = h.rev - 1;
            alokasi.push(revRec);
            kerja.set(sasaran, {
              ...rec,
              tx: id,
              rev: revRec,
              data: { ...rec.data, [f]: pre.data.nilaiMasuk ?? null },
              fieldRevs: { ...rec.fieldRevs, [f]: meta(revRec) },
            });
          }
          baru = {
            ...pre,
            tx: id,
            rev: h.rev,
            data: { ...pre.data, status: 'selesai', penyelesaian: m.fields.penyelesaian, diselesaikanOleh: tablet.pengguna.username },
          };
        } else {
          for (const [f, v] of diubah) {
            const mf = pre.fieldRevs[f];
            if (mf && mf.rev > m.baseRev && mf.client !== x.clientId) harapKonflik.push(f);
            else terap.push([f, v]);
          }
        }
        const lain = Object.entries(pre.fieldRevs).some(([f, mf]) => !fields.some(([g]) => g === f) && mf.rev > m.baseRev && mf.client !== x.clientId);
        harap = m.table === 'konflik' ? 'applied' : harapKonflik.length ? 'conflict' : lain ? 'merged' : 'applied';
        if (terap.length && m.table !== 'konflik') {
          baru = {
            ...pre,
            tx: id,
            rev: h.rev,
            data: { ...pre.data, ...Object.fromEntries(terap) },
            fieldRevs: { ...pre.fieldRevs, ...Object.fromEntries(terap.map(([f]) => [f, meta(h.rev)])) },
          };
        }
      }
      konflikDiharapkan += harapKonflik.length;
      if (h.status !== harap)
        salah(
          `${label}: server menjawab ${h.status}, menurut kontrak ${harap} (konflik ${harapKonflik.join(',') || '-'}; record ${pre ? `@${pre.rev}` : 'belum ada'})`,
        );
      if (baru) {
        alokasi.push(h.rev);
        kerja.set(kunci, baru);
      } else if (pre && h.rev !== pre.rev) {
        salah(`${label}: tidak ada yang berubah, tetapi jawabannya rev ${h.rev} (record @${pre.rev})`);
      }
      if (h.status === 'conflict') {
        const medan: string[] = [];
        for (const kid of h.konflikIds) {
          const k = dibuat.get(`konflik:${kid}`);
          if (!k) {
            salah(`${label}: konflik ${kid} tidak ditulis dalam transaksi yang sama`);
            continue;
          }
          konflikDibuat.add(k.kunci);
          alokasi.push(k.rev);
          const f = String(k.data.field);
          medan.push(f);
          const masuk = f === '_deleted' ? Object.fromEntries(fields) : m.fields[f];
          if (k.data.recordId !== m.key || k.data.tabel !== m.table) salah(`${label}: konflik ${kid} menunjuk record lain`);
          if (!sama(k.data.nilaiMasuk, masuk ?? null))
            salah(`${label}: konflik ${kid} nilaiMasuk ${JSON.stringify(k.data.nilaiMasuk)} ≠ ${JSON.stringify(masuk)}`);
          if (k.data.olehMasuk !== tablet.pengguna.username) salah(`${label}: konflik ${kid} olehMasuk ${String(k.data.olehMasuk)}`);
          if (pre && f !== '_deleted' && !sama(k.data.nilaiServer, pre.data[f] ?? null))
            salah(`${label}: konflik ${kid} nilaiServer ${JSON.stringify(k.data.nilaiServer)} ≠ ${JSON.stringify(pre.data[f])}`);
          if (k.data.status !== 'terbuka') salah(`${label}: konflik ${kid} lahir dengan status ${String(k.data.status)}`);
        }
        if (!sama([...medan].sort(), [...harapKonflik].sort()))
          salah(`${label}: konflik pada ${medan.join(',') || '-'}, menurut kontrak ${harapKonflik.join(',') || '-'}`);
      }
    }
    // The transaction took exactly one rev per change, contiguous, and wrote exactly what the replay says.
    // (in processing order: seq order within the batch is rev order)
    const rentang = Array.from({ length: t.rev!.baru - t.rev!.lama }, (_, i) => t.rev!.lama + 1 + i);
    if (!sama(alokasi, rentang))
      salah(
        `transaksi ${id} (${t.hasil[0]!.tablet.nama} seq ${t.hasil[0]!.m.seq}…): rev yang dipakai berurutan ${alokasi.join(',')}, rentang transaksi ${rentang.join(',')}`,
      );
    for (const [kunci, harap] of kerja) {
      const v = dibuat.get(kunci);
      if (!harap) continue;
      if (!v) {
        salah(`transaksi ${id}: ${kunci} seharusnya tersimpan @${harap.rev}, tetapi tidak ditulis`);
        continue;
      }
      if (v.rev !== harap.rev || v.deleted !== harap.deleted)
        salah(`transaksi ${id}: ${kunci} tersimpan @${v.rev} deleted=${v.deleted}, seharusnya @${harap.rev} deleted=${harap.deleted}`);
      const pre = tetap.get(kunci);
      const periksa = pre ? new Set([...Object.keys(harap.data), ...Object.keys(v.data)]) : new Set(Object.keys(harap.data));
      for (const f of periksa) {
        if ((SERVER_FIELDS as readonly string[]).includes(f)) continue;
        if (!sama(v.data[f], harap.data[f]))
          salah(`transaksi ${id}: ${kunci}.${f} tersimpan ${JSON.stringify(v.data[f])}, seharusnya ${JSON.stringify(harap.data[f])}`);
      }
      for (const [f, mf] of Object.entries(harap.fieldRevs))
        if (!sama(v.fieldRevs[f], mf)) salah(`transaksi ${id}: ${kunci} field_revs.${f} ${JSON.stringify(v.fieldRevs[f])}, seharusnya ${JSON.stringify(mf)}`);
    }
    for (const v of t.versi) {
      if (!kerja.get(v.kunci) && !konflikDibuat.has(v.kunci)) salah(`transaksi ${id}: ${v.kunci}@${v.rev} ditulis tanpa mutasi yang memintanya`);
      tetap.set(v.kunci, v);
    }
  }

  // Transactions that wrote no record: every answer there must be a rejection or an acknowledgement
  // of a mutation that changes nothing at the rev it names.
  for (const [id, t] of tx) {
    if (t.rev) continue;
    if (t.versi.length) salah(`transaksi ${id} menulis record tanpa menaikkan rev`);
    for (const x of t.hasil) {
      const h = x.hasil!;
      if (h.status === 'rejected') continue;
      const label = `${x.tablet.nama} seq ${x.m.seq} ${x.m.op} ${x.m.table}:${x.m.key} ${JSON.stringify(x.m.fields).slice(0, 100)}`;
      if (h.status === 'conflict') {
        salah(`${label}: konflik tanpa record konflik yang tersimpan`);
        continue;
      }
      const v = versiPerRev.get(`${x.m.table}:${x.m.key}@${h.rev}`);
      if (x.m.op === 'delete') {
        if (v && !v.deleted) salah(`${label}: hapus dijawab ${h.status} tetapi record @${h.rev} tidak terhapus`);
        continue;
      }
      if (!v) {
        salah(`${label}: dijawab ${h.status}@${h.rev} tanpa perubahan, tetapi record itu tidak pernah @${h.rev}`);
        continue;
      }
      const fields = Object.entries(x.m.fields).filter(([f]) => !(SERVER_FIELDS as readonly string[]).includes(f));
      const beda = fields.filter(([f, val]) => !sama(val, v.data[f]) && !(x.m.table === 'konflik' && f === 'diselesaikanOleh'));
      if (beda.length) salah(`${label}: dijawab ${h.status} tanpa menyimpan ${beda.map(([f]) => f).join(',')}`);
    }
  }
  return { pelanggaran, status, konflikDiharapkan, transaksi: tx.size };
}

// ------------------------------------------------------------------ the run

const dibersihkan: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const f of dibersihkan.splice(0).reverse()) await f().catch(() => undefined);
});

async function siapkanDunia(server: ServerHidup, proksi: Proksi) {
  const masuk = (username: string, password: string) =>
    new KlienSinkron({ baseUrl: BASE, getToken: () => null, fetch: proksi.fetch }).masuk(username, password);
  const admin = await masuk('admin', PASSWORD_ADMIN);

  // The admin's first tablet enters the pemda's structure through the PK screen's functions.
  const pengguna: Pengguna[] = [
    { username: 'admin', role: 'admin', opd: null },
    { username: 'admin', role: 'admin', opd: null },
    { username: 'op-a1', role: 'operator', opd: 'A' },
    { username: 'op-a1', role: 'operator', opd: 'A' },
    { username: 'op-a2', role: 'operator', opd: 'A' },
    { username: 'op-a3', role: 'operator', opd: 'A' },
    { username: 'op-b1', role: 'operator', opd: 'B' },
    { username: 'op-b2', role: 'operator', opd: 'B' },
    { username: 'pimpinan', role: 'pimpinan', opd: null },
    { username: 'viewer', role: 'viewer', opd: null },
  ];
  const seed = bukaTablet('seed-admin', pengguna[0]!, null, admin.token, proksi.fetch, acakBenih(SEED));
  const kepala = { nama: 'Drs. Kepala', nip: '', jabatan: 'Kepala', pangkat: '' };
  const opdA = await simpan(seed.db, 'opd', null, { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala }, 'admin');
  const opdB = await simpan(
    seed.db,
    'opd',
    null,
    { kode: '7.01', nama: 'Kecamatan Sukamaju', singkatan: 'Kec. Sukamaju', jenis: 'kecamatan', kepala },
    'admin',
  );
  const d: Dunia = { opd: { A: opdA.id, B: opdB.id }, indikator: { A: [], B: [] }, pk: {} as Dunia['pk'], unik: 0 };
  for (const [x, opd] of [
    ['A', opdA],
    ['B', opdB],
  ] as const) {
    const pk = await buatPk(seed.db, opd, null, TAHUN, 'admin');
    d.pk[x] = { id: pk.id, opdId: opd.id };
    const sasaran = await tambahSasaran(seed.db, pk, `Sasaran ${x}`, 0, 'admin');
    for (let i = 0; i < 3; i++) {
      const ind = await simpanIndikator(
        seed.db,
        null,
        {
          pkId: pk.id,
          sasaranId: sasaran.id,
          opdId: opd.id,
          uraian: `Indikator ${x}${i + 1}`,
          satuan: '%',
          polaritas: 'naik',
          agregasi: 'kumulatif',
          targetTahunan: 100,
          urutan: i,
        },
        'admin',
      );
      d.indikator[x].push({ id: ind.id, opdId: ind.opdId });
      for (const p of PERIODE_BERSAMA) await simpanNilai(seed.db, ind, TAHUN, p, ++d.unik, 'admin');
    }
    for (let i = 0; i < 2; i++)
      await simpanProgram(seed.db, null, { pkId: pk.id, opdId: opd.id, nama: `Program ${x}${i + 1}`, pagu: 1_000_000 * (i + 1) }, 'admin');
  }
  await seed.mesin.sinkronSekarang();
  expect(await seed.db.outbox.count()).toBe(0);

  for (const p of pengguna) {
    if (p.username === 'admin') continue;
    const j = await jsonApp(server, 'POST', '/users', admin.token, {
      username: p.username,
      nama: `Pengguna ${p.username}`,
      role: p.role,
      opdId: p.opd ? d.opd[p.opd] : null,
      password: PASSWORD,
    });
    if (j.status !== 201 && j.status !== 409) throw new Error(`buat pengguna ${p.username}: ${j.status} ${JSON.stringify(j.json)}`);
  }
  const tablet: Tablet[] = [seed];
  for (const [i, p] of pengguna.entries()) {
    if (i === 0) continue;
    const s = await masuk(p.username, p.username === 'admin' ? PASSWORD_ADMIN : PASSWORD);
    const t = bukaTablet(`${p.username}#${i}`, p, p.opd ? d.opd[p.opd] : null, s.token, proksi.fetch, acakBenih(SEED + i * 7919));
    tablet.push(t);
  }
  seed.nama = 'admin#0';
  for (const t of tablet) await t.mesin.sinkronSekarang();
  return { d, tablet, adminToken: admin.token };
}

describe.each(JENIS)('tahan gangguan (%s)', (jenis) => {
  it('tablets on a faulty network converge with the server; nothing is lost, nothing applied twice, every same-field race is a konflik', async () => {
    const mulai = Date.now();
    const penyimpanan = await penyimpananBaru(jenis);
    dibersihkan.push(() => penyimpanan.bersihkan());
    const server = new ServerHidup(penyimpanan);
    await server.mulai();
    await pasangAudit(server.db);
    dibersihkan.push(() => server.db.close());
    const proksi = new Proksi(server, acakBenih(SEED ^ 0x5eed));
    const { d, tablet, adminToken } = await siapkanDunia(server, proksi);
    dibersihkan.push(async () => {
      for (const t of tablet) t.db.close();
    });
    const siap = Date.now();

    // ---- random phase: faults on, every tablet edits and syncs concurrently, the server restarts.
    proksi.aktif = true;
    const batas = Date.now() + DETIK_ACAK * 1000;
    const aktor = tablet.map(async (t) => {
      for (let langkah = 0; langkah < MAKS_LANGKAH && Date.now() < batas; langkah++) {
        const r = t.acak();
        if (r < 0.14) {
          // In the background, like the engine's debounced run after a write: the user keeps typing.
          t.latar.push(t.mesin.sinkronSekarang());
          t.runs++;
        } else if (r < 0.2) {
          await t.mesin.sinkronSekarang();
          t.runs++;
        } else await satuTindakan(t, d);
        await tidur(t.acak() * 25);
      }
      await Promise.all(t.latar);
      await t.mesin.selesai();
    });
    const kacau = (async () => {
      const a = acakBenih(SEED ^ 0xdead);
      while (Date.now() < batas - 1500) {
        await tidur(2500 + a() * 2500);
        if (Date.now() >= batas - 1500) break;
        await proksi.mulaiUlang();
      }
    })();
    await Promise.all([...aktor, kacau]);
    proksi.aktif = false;
    await proksi.tenang();
    const akhirAcak = Date.now();

    // ---- faults off: everyone syncs until nothing moves.
    const putaran = await sinkronSampaiTenang(tablet, server);
    expect.soft(putaran, 'sinkronisasi tidak pernah tenang').toBeGreaterThan(0);
    for (const t of tablet) {
      expect.soft(t.status.current.galat, `${t.nama}: galat setelah gangguan dimatikan`).toBeNull();
      expect.soft(await t.db.outbox.count(), `${t.nama}: outbox tidak kosong`).toBe(0);
      t.penolakanAkhir = new Set((await t.db.penolakan.toArray()).map((p) => p.id));
    }

    // ---- per tablet: the server applied exactly the mutations the tablet made, once each.
    const db = server.db;
    const clients = new Map((await db.query('SELECT client_id, last_seq FROM clients')).map((r) => [String(r.client_id), Number(r.last_seq)]));
    const hasil = new Map<string, MutationResult>();
    for (const r of await db.query('SELECT client_id, seq, result FROM client_results'))
      hasil.set(`${String(r.client_id)}:${Number(r.seq)}`, r.result as MutationResult);
    const semua: MutasiTercatat[] = [];
    for (const t of tablet) {
      const clientId = String((await t.db.meta.get('clientId'))?.value);
      const ms = [...t.mutasi.values()].sort((a, b) => a.seq - b.seq);
      expect
        .soft(
          ms.map((m) => m.seq),
          `${t.nama}: seq lokal tidak berurutan`,
        )
        .toEqual(ms.map((_, i) => i + 1));
      expect.soft(clients.get(clientId) ?? 0, `${t.nama}: last_seq server ≠ jumlah mutasi tablet`).toBe(ms.length);
      const diServer = [...hasil.keys()].filter((k) => k.startsWith(`${clientId}:`)).length;
      expect.soft(diServer, `${t.nama}: jumlah client_results ≠ jumlah mutasi`).toBe(ms.length);
      for (const m of ms) semua.push({ tablet: t, clientId, m, hasil: hasil.get(`${clientId}:${m.seq}`) });
    }

    // ---- the oracle over the server's whole history.
    const riwayat: Riwayat = {
      versi: (await db.query('SELECT tx, tbl, id, rev, deleted, data, field_revs FROM uji_riwayat ORDER BY rev')).map((r) => ({
        tx: String(r.tx),
        kunci: `${String(r.tbl)}:${String(r.id)}`,
        rev: Number(r.rev),
        deleted: Boolean(r.deleted),
        data: r.data as Rec,
        fieldRevs: (r.field_revs ?? {}) as Record<string, MetaField>,
      })),
      hasil: (await db.query('SELECT tx, client_id, seq, result FROM uji_hasil')).map((r) => ({
        tx: String(r.tx),
        clientId: String(r.client_id),
        seq: Number(r.seq),
        result: r.result as MutationResult,
      })),
      rev: (await db.query('SELECT tx, lama, baru FROM uji_rev')).map((r) => ({ tx: String(r.tx), lama: Number(r.lama), baru: Number(r.baru) })),
    };
    const oracle = periksaOracle(semua, riwayat);
    expect.soft(oracle.pelanggaran, 'pelanggaran kontrak sinkronisasi').toEqual([]);
    // Every rejected mutation is still visible on its tablet (kept, or resent by a later edit of the record).
    const tolakHilang: string[] = [];
    for (const x of semua) {
      if (x.hasil?.status !== 'rejected') continue;
      const kunci = `${x.m.table}:${x.m.key}`;
      const berikut = semua.some((y) => y.clientId === x.clientId && y.m.seq > x.m.seq && `${y.m.table}:${y.m.key}` === kunci);
      if (!berikut && !x.tablet.penolakanAkhir.has(kunci)) tolakHilang.push(`${x.tablet.nama} seq ${x.m.seq} ${kunci}: ${x.hasil.reason}`);
    }
    expect.soft(tolakHilang.slice(0, 10), 'penolakan yang tidak terlihat lagi di tablet').toEqual([]);

    // ---- the user discards each kept rejection (the server value comes back), then all converge.
    for (const t of tablet) {
      for (const p of await t.db.penolakan.toArray()) await buangPerubahanDitolak(t.db, p.table, p.key, (tb, k) => t.mesin.klien.ambilRecord(tb, k));
    }
    const putaran2 = await sinkronSampaiTenang(tablet, server);
    expect.soft(putaran2, 'sinkronisasi kedua tidak pernah tenang').toBeGreaterThan(0);
    // Known to fail now and then (src/db/tarik.ts, see the first deterministic case below): a change
    // pulled while the tablet had an edit of the same record pending is skipped for good.
    const serverAkhir = new Map(
      (await tarikSemua(server, adminToken)).map((c) => [`${c.table}:${c.key}`, { ...c.record, id: c.key, rev: c.rev, deleted: c.deleted } as Rec]),
    );
    for (const t of tablet) {
      const lokal = await isiLokal(t.db);
      const beda: string[] = [];
      for (const k of new Set([...lokal.keys(), ...serverAkhir.keys()])) {
        const l = lokal.get(k);
        const s = serverAkhir.get(k);
        if (!l || !s) {
          beda.push(`${k}: ${l ? `hanya di tablet @${String(l.rev)}` : `tidak ada di tablet (server @${String(s!.rev)})`}`);
        } else if (!sama(l, s)) {
          const medan = [...new Set([...Object.keys(l), ...Object.keys(s)])].filter((f) => !sama(l[f], s[f]));
          const konflikNya = [...serverAkhir.values()]
            .filter((x) => x.recordId === s.id)
            .map((x) => `${String(x.field)}: server ${JSON.stringify(x.nilaiServer)}, masuk ${JSON.stringify(x.nilaiMasuk)} oleh ${String(x.olehMasuk)}`);
          beda.push(
            `${k}: ${medan.map((f) => `${f} lokal ${JSON.stringify(l[f])} / server ${JSON.stringify(s[f])}`).join('; ')}${konflikNya.length ? ` [konflik: ${konflikNya.join(' | ')}]` : ''}`,
          );
        }
      }
      expect.soft(beda.slice(0, 10), `${t.nama}: ${beda.length} record lokal berbeda dari server`).toEqual([]);
      expect.soft(await t.db.outbox.count(), `${t.nama}: outbox`).toBe(0);
      expect.soft(await t.db.penolakan.count(), `${t.nama}: penolakan`).toBe(0);
    }
    expect.soft(proksi.galat5xx, 'jawaban 5xx dari server').toEqual([]);
    expect.soft(proksi.jumlah409, 'celah seq (409) berarti server kehilangan mutasi yang sudah diakui').toBe(0);
    const konflik = [...serverAkhir.keys()].filter((k) => k.startsWith('konflik:')).length;
    expect.soft(konflik).toBeGreaterThanOrEqual(oracle.konflikDiharapkan);

    const g = proksi.hitung;
    console.log(
      `[tahan-gangguan ${jenis}] seed=${SEED} sesi=${tablet.length} tablet (${new Set(tablet.map((t) => t.pengguna.username)).size} pengguna), ` +
        `${tablet.reduce((n, t) => n + t.runs, 0)} putaran sinkron, ${proksi.permintaan} permintaan; ` +
        `mutasi=${semua.length} (applied ${oracle.status.applied}, merged ${oracle.status.merged}, conflict ${oracle.status.conflict}, rejected ${oracle.status.rejected}), ` +
        `ditolak lokal ${tablet.reduce((n, t) => n + t.tolakLokal, 0)}; ` +
        `gangguan: putusMinta ${g.putusMinta}, putusJawaban ${g.putusJawaban}, ganda ${g.ganda}, tunda ${g.tunda}, terlambat ${g.terlambat}, potong ${g.potong}, ` +
        `restart ${g.restart} (ditolak saat restart ${g.ditolakSaatRestart}), total ${JENIS_GANGGUAN.reduce((n, j) => n + (j === 'ditolakSaatRestart' ? 0 : g[j]), 0)}; ` +
        `seq dinomori ulang ${tablet.reduce((n, t) => n + t.renomor, 0)}, 409 ${proksi.jumlah409}, 5xx ${proksi.galat5xx.length}; ` +
        `konflik=${konflik} (diharapkan oracle ${oracle.konflikDiharapkan}); ${oracle.transaksi} transaksi, ${riwayat.versi.length} versi tersimpan; ` +
        `waktu: siap ${((siap - mulai) / 1000).toFixed(1)} s, acak ${((akhirAcak - siap) / 1000).toFixed(1)} s, akhir ${((Date.now() - akhirAcak) / 1000).toFixed(1)} s`,
    );
  }, 150_000);
});

// ------------------------------------------------------------------ deterministic cases the random run can hit only rarely

describe('tahan gangguan: races found while writing the fault suite', () => {
  let bersama: Promise<ServerHidup> | null = null;
  const serverBersama = () =>
    (bersama ??= (async () => {
      const db = await bukaPglite();
      dibersihkan.push(() => db.close());
      const versi = await migrasi(db);
      await siapkan(db, { adminPassword: PASSWORD_ADMIN });
      return { db, app: createApp({ db, migrasi: versi }) } as ServerHidup;
    })());

  let nomorOpd = 0;
  async function duaTablet() {
    const server = await serverBersama();
    let sisipan: (() => Promise<void>) | null = null;
    const fetch: FetchFn = async (input, init) => {
      const url = String(input instanceof Request ? input.url : input);
      if (sisipan && url.includes('/sync/pull')) {
        const f = sisipan;
        sisipan = null;
        await f();
      }
      return server.app.request(url, init);
    };
    const { token } = await new KlienSinkron({ baseUrl: BASE, getToken: () => null, fetch }).masuk('admin', PASSWORD_ADMIN);
    const admin: Pengguna = { username: 'admin', role: 'admin', opd: null };
    const a = bukaTablet('A', admin, null, token, fetch, acakBenih(1));
    const b = bukaTablet('B', admin, null, token, fetch, acakBenih(2));
    dibersihkan.push(async () => {
      a.db.close();
      b.db.close();
    });
    const kepala = { nama: 'Drs. Kepala', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
    // OPD kode and singkatan are unique per pemda (docs/domain/rakor.md): one of each per call on the shared server.
    nomorOpd++;
    const opd = await simpan(
      a.db,
      'opd',
      null,
      { kode: `1.${90 + nomorOpd}`, nama: 'Dinas Kesehatan', singkatan: `Dinkes${nomorOpd}`, jenis: 'dinas', kepala },
      'admin',
    );
    const pk = await buatPk(a.db, opd, null, TAHUN, 'admin');
    const sas = await tambahSasaran(a.db, pk, 'Sasaran', 0, 'admin');
    const ind = await simpanIndikator(
      a.db,
      null,
      { pkId: pk.id, sasaranId: sas.id, opdId: opd.id, uraian: 'Indikator', satuan: '%', polaritas: 'naik', agregasi: 'kumulatif', targetTahunan: 100 },
      'admin',
    );
    await simpanNilai(a.db, ind, TAHUN, 'TW1', 1, 'admin');
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    const sisipkan = (f: () => Promise<void>) => {
      sisipan = f;
    };
    return { server, a, b, opd, ind, sisipkan, token };
  }

  // BUG (src/db/tarik.ts terapkanHalaman): a pulled change of a record with pending outbox entries is
  // skipped, yet the pull cursor moves past it. When the pending edit then comes back as `conflict`
  // (or as an unchanged `applied`), the record's rev does not move, so no later pull brings the
  // server version back: the tablet keeps showing its own value as synced while the server keeps
  // the other one. Left failing on purpose.
  it('an edit typed while a pull is on the wire does not leave the tablet on a value the server does not have', async () => {
    const { server, a, b, ind, sisipkan, token } = await duaTablet();
    const id = idAlami.realisasi(ind.id, 'TW1');
    await simpanNilai(b.db, ind, TAHUN, 'TW1', 2, 'admin');
    await b.mesin.sinkronSekarang();
    // A syncs; while its pull is on the wire the user types a new value into the same cell.
    sisipkan(async () => void (await simpanNilai(a.db, ind, TAHUN, 'TW1', 3, 'admin')));
    await a.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    await a.mesin.sinkronSekarang();
    const srv = (await jsonApp(server, 'GET', `/records/realisasi/${id}`, token)).json.record;
    expect(srv.nilai).toBe(2);
    expect(await a.db.outbox.count()).toBe(0);
    // The race is kept as a konflik (that part works)…
    expect((await a.db.konflik.toArray()).map((k) => [k.field, k.nilaiServer, k.nilaiMasuk])).toEqual([['nilai', 2, 3]]);
    // …but the tablet must show the server's value and rev, as every other tablet does.
    const lokal = await a.db.realisasi.get(id);
    expect({ nilai: lokal?.nilai, rev: lokal?.rev }).toEqual({ nilai: srv.nilai, rev: srv.rev });
  });

  // BUG (src/db/repo.ts `berbeda` and src/server/sync.store.ts `sama`): both compare values by
  // JSON text, but PostgreSQL/PGlite jsonb does not keep object key order. A pulled object field
  // (opd.kepala, pk.pihakPertama, …) therefore looks "changed" after any local edit of the record
  // and travels in the mutation with its stale value; when another tablet did change it, the server
  // reports a same-field konflik the user never made (and otherwise rewrites it). Left failing.
  it('editing one field of a record does not resend (and conflict on) an untouched object field', async () => {
    const { a, b, opd } = await duaTablet();
    await simpan(b.db, 'opd', opd.id, { kepala: { nama: 'dr. Pengganti', nip: '', jabatan: 'Plt. Kepala Dinas', pangkat: '' } }, 'admin');
    await b.mesin.sinkronSekarang();
    await simpan(a.db, 'opd', opd.id, { nama: 'Dinas Kesehatan dan KB' }, 'admin');
    const [m] = await a.db.outbox.toArray();
    await a.mesin.sinkronSekarang();
    // The server is shared with the tests above: only konflik on this record count.
    expect
      .soft(
        (await a.db.konflik.toArray()).filter((k) => k.recordId === opd.id).map((k) => `${k.field}: ${JSON.stringify(k.nilaiMasuk)}`),
        'konflik yang tidak pernah dibuat pengguna',
      )
      .toEqual([]);
    expect.soft(await a.db.opd.get(opd.id)).toMatchObject({ nama: 'Dinas Kesehatan dan KB', kepala: { nama: 'dr. Pengganti' } });
    expect.soft(Object.keys(m?.fields ?? {}), 'field yang dikirim').toEqual(['nama']);
  });
});
