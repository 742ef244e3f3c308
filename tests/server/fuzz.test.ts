/**
 * fast-check fuzz of the push endpoint (issue #3): thousands of random bodies — arbitrary JSON, raw
 * text, gzip, near-valid push requests with random tables, ops, fields, seqs and tokens — against one
 * app. Never a 5xx; a 4xx stores nothing; a 200 answers one valid result per mutation; and whatever got
 * in, every stored record still passes its Zod schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { NAMA_TABEL, nisanSchema, recordSchemas, type NamaTabel } from '../../src/domain/schemas.ts';
import { errorBodySchema, mutationResultSchema, SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import {
  adaIdAlami,
  buatPengguna,
  evaluasiPejabatUji,
  gzip,
  idUntuk,
  JENIS,
  Klien,
  masuk,
  minta,
  PASSWORD_ADMIN,
  put,
  serverBaru,
  tarikSemua,
  type Jawaban,
  type Server,
} from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala', pangkat: '' };
/** Soft time budget per property, so a slow machine shortens the run instead of timing out. */
const BATAS_MS = 15_000;
/** Stand-in key: replaced by the natural-key id derived from the mutation's fields (random when they have none). */
const ALAMI = 'kunci-alami';

type Satuan = 'grapheme-ascii' | fc.Arbitrary<string>;
/** One character, often one that storage engines dislike (NUL, lone surrogates, BOM, quotes, emoji). */
const UNIT_ANEH = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('\u0000', '\ud800', '\udc00', '\u2028', '\ufeff', "'", '"', '\\', '😀', 'é', '\u202e') },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }) },
);
/** Mostly `ok`, sometimes `rusak`: keeps most requests deep enough to reach the store. */
const kadang = <T, U>(ok: fc.Arbitrary<T>, rusak: fc.Arbitrary<U>, peluangRusak = 25): fc.Arbitrary<T | U> =>
  fc.oneof({ weight: peluangRusak, arbitrary: ok }, { weight: 1, arbitrary: rusak });

describe.each(JENIS)('fuzz of POST /sync/push (%s)', (jenis) => {
  let s: Server;
  const token: Record<'admin' | 'operator' | 'viewer', string> = { admin: '', operator: '', viewer: '' };
  const opdId = randomUUID();
  const pkId = randomUUID();
  const sasaranId = randomUUID();
  const indikatorId = randomUUID();
  const programId = randomUUID();
  const kunci: { table: NamaTabel; key: string }[] = [];
  /** clientId → owner and last known seq (kept up to date from the answers). */
  const klien: { id: string; pemilik: keyof typeof token }[] = [];
  const lastSeq = new Map<string, number>();
  let jumlah = { total: 0, ok: 0, tolak: 0, c4xx: 0, alami: 0 };

  /** Cheap fingerprint of everything a push may change. */
  async function sidik(): Promise<string> {
    const [r] = await s.db.query(
      `SELECT (SELECT count(*) FROM records) AS n, (SELECT coalesce(sum(rev), 0) FROM records) AS s, (SELECT coalesce(sum(length(data::text)), 0) FROM records) AS l,
              (SELECT rev FROM sync_state WHERE id = 1) AS rev, (SELECT count(*) FROM clients) AS c, (SELECT coalesce(sum(last_seq), 0) FROM clients) AS q,
              (SELECT count(*) FROM client_results) AS cr`,
    );
    return JSON.stringify(Object.values(r ?? {}).map(String));
  }

  beforeAll(async () => {
    s = await serverBaru(jenis);
    token.admin = (await masuk(s.app, 'admin', PASSWORD_ADMIN)).token;
    const a = new Klien(s.app, token.admin);
    const awal: [NamaTabel, string, Record<string, unknown>][] = [
      ['opd', opdId, { kode: '1', nama: 'OPD Fuzz', singkatan: 'F', jenis: 'dinas', kepala: PEJABAT }],
      ['pk', pkId, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }],
      ['rakor', idUntuk('rakor', { tahun: 2027, triwulan: 1 }), { tahun: 2027, triwulan: 1, tanggal: '2027-04-20', tempat: 'Aula', pimpinan: PEJABAT }],
      ['laporan', idUntuk('laporan', { opdId, tahun: 2027, triwulan: 1 }), { opdId, tahun: 2027, triwulan: 1 }],
      ['sasaran', sasaranId, { pkId, opdId, uraian: 'Sasaran' }],
      ['indikator', indikatorId, { sasaranId, pkId, opdId, uraian: 'Indikator', satuan: 'persen', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 80 }],
      ['program', programId, { pkId, opdId, nama: 'Program', pagu: 1000 }],
      ['realisasi', idUntuk('realisasi', { indikatorId, periode: 'TW1' }), { indikatorId, opdId, tahun: 2027, periode: 'TW1', nilai: 10 }],
    ];
    const r = await a.pushOk(...awal.map(([t, k, f]) => put(t, k, f)));
    expect(r.every((x) => x.status === 'applied')).toBe(true);
    // Users after their OPD: the users API refuses an opdId with no OPD record.
    await buatPengguna(s.app, token.admin, { username: 'op-fuzz', role: 'operator', opdId });
    await buatPengguna(s.app, token.admin, { username: 'lihat-fuzz', role: 'viewer' });
    token.operator = (await masuk(s.app, 'op-fuzz')).token;
    token.viewer = (await masuk(s.app, 'lihat-fuzz')).token;
    for (const [table, key] of awal) kunci.push({ table, key });
    for (const pemilik of ['admin', 'admin', 'operator', 'viewer'] as const) klien.push({ id: randomUUID(), pemilik });
    jumlah = { total: 0, ok: 0, tolak: 0, c4xx: 0, alami: 0 };
  });
  afterAll(async () => {
    await s?.tutup();
  });

  /** Sends one request and checks the invariants; throws on a violation. */
  async function kirimDanPeriksa(body: BodyInit, headers: Record<string, string>, tok: string | null, jumlahMutasi: number | null): Promise<void> {
    const sebelum = await sidik();
    const j: Jawaban = await minta(s.app, 'POST', '/api/v1/sync/push', {
      token: tok,
      mentah: body,
      headers: { 'Content-Type': 'application/json', ...headers },
    });
    jumlah.total++;
    if (j.status >= 500) throw new Error(`5xx: ${j.status} ${j.teks.slice(0, 300)}`);
    if (j.status >= 400) {
      jumlah.c4xx++;
      if (!errorBodySchema.safeParse(j.json).success) throw new Error(`bentuk galat salah: ${j.teks.slice(0, 300)}`);
      const sesudah = await sidik();
      if (sesudah !== sebelum) throw new Error(`4xx (${j.status} ${j.json?.error?.code}) mengubah data: ${sebelum} → ${sesudah}`);
      return;
    }
    if (j.status !== 200) throw new Error(`status tak terduga ${j.status}`);
    jumlah.ok++;
    const res = j.json?.results;
    if (!Array.isArray(res)) throw new Error(`200 tanpa results: ${j.teks.slice(0, 200)}`);
    if (jumlahMutasi !== null && res.length !== jumlahMutasi) throw new Error(`jumlah hasil ${res.length} ≠ mutasi ${jumlahMutasi}`);
    for (const r of res) {
      if (!mutationResultSchema.safeParse(r).success) throw new Error(`hasil tidak valid: ${JSON.stringify(r)}`);
      if (r.status === 'rejected') jumlah.tolak++;
    }
  }

  const ikutiSeq = (clientId: string, j: { status: number; json: any }) => {
    if ((j.status === 200 || j.status === 409) && typeof j.json?.lastSeq === 'number') lastSeq.set(clientId, j.json.lastSeq);
  };

  async function semuaRecordValid(): Promise<void> {
    const changes = await tarikSemua(s.app, token.admin, 0, 2000);
    for (const c of changes) {
      const p = (c.deleted ? nisanSchema : recordSchemas[c.table]).safeParse(c.record);
      expect(p.success, `${c.table}/${c.key}: ${JSON.stringify(c.record).slice(0, 300)}`).toBe(true);
    }
  }

  const cukup = (mulai: number) => Date.now() - mulai > BATAS_MS;

  it('arbitrary JSON values and raw text (plain or gzip): never a 5xx, a 4xx stores nothing', async () => {
    const mulai = Date.now();
    const badan = fc.oneof(
      { weight: 3, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
      { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }) },
      { weight: 1, arbitrary: fc.jsonValue({ stringUnit: 'binary' }).map((v) => JSON.stringify(v)) },
      {
        weight: 1,
        arbitrary: fc
          .record({ clientId: fc.oneof(fc.uuid(), fc.string()), schemaVersion: fc.jsonValue(), mutations: fc.jsonValue() })
          .map((v) => JSON.stringify(v)),
      },
    );
    await fc.assert(
      fc.asyncProperty(badan, fc.boolean(), async (teks, pakaiGzip) => {
        if (cukup(mulai)) return;
        await kirimDanPeriksa(pakaiGzip ? gzip(teks) : teks, pakaiGzip ? { 'Content-Encoding': 'gzip' } : {}, token.admin, null);
      }),
      { numRuns: 400 },
    );
    await semuaRecordValid();
  });

  /** A near-valid push: mostly well-formed, with random tables, ops, fields, seqs, clients and tokens. */
  function pushHampirValid(stringUnit: Satuan) {
    const nilai = fc.jsonValue({ maxDepth: 3, stringUnit });
    const teksBebas = fc.string({ maxLength: 30, unit: stringUnit });
    const templat = (t: NamaTabel): Record<string, unknown> => {
      switch (t) {
        case 'rakor':
          return { tahun: 2027, triwulan: 2, tanggal: '2027-07-20', tempat: 'Aula', pimpinan: PEJABAT };
        case 'laporan':
          return { opdId, tahun: 2027, triwulan: 2 };
        case 'realisasi':
          return { indikatorId, opdId, tahun: 2027, periode: 'TW2' };
        case 'realisasiAnggaran':
          return { programId, opdId, tahun: 2027, triwulan: 2, keuangan: 1, fisik: 1 };
        case 'evaluasiPejabat':
          return { ...evaluasiPejabatUji(opdId), pejabatId: opdId, tahun: 2027 };
        case 'sasaran':
          return { pkId, opdId, uraian: 'Sasaran fuzz' };
        case 'program':
          return { pkId, opdId, nama: 'Program fuzz', pagu: 1000 };
        case 'opd':
          return { kode: '2', nama: 'OPD', singkatan: 'O', jenis: 'dinas', kepala: PEJABAT };
        case 'kunciPeriode':
          return { tahun: 2035, triwulan: 1, terkunci: false };
        default:
          return {};
      }
    };
    const fields = (t: NamaTabel | string) =>
      fc.oneof(
        {
          weight: 4,
          arbitrary: fc.tuple(fc.string({ maxLength: 12, unit: stringUnit }), fc.oneof(teksBebas, nilai), fc.boolean()).map(([f, v, ganti]) => {
            const dasar = templat(t as NamaTabel);
            const keyDasar = Object.keys(dasar);
            const nama = ganti && keyDasar.length ? keyDasar[f.length % keyDasar.length]! : f;
            return { ...dasar, [nama]: v };
          }),
        },
        { weight: 2, arbitrary: fc.dictionary(fc.string({ maxLength: 15, unit: stringUnit }), nilai, { maxKeys: 4 }) },
        { weight: 1, arbitrary: fc.oneof(fc.constant(null), fc.array(nilai), fc.string(), fc.integer()) },
      );
    const tabel = kadang(fc.constantFrom<string>(...NAMA_TABEL), fc.constantFrom('users', 'Rakor', '', 'records', '__proto__'), 40);
    const mutasi = tabel.chain((table) =>
      fc.record({
        id: kadang(fc.uuid(), fc.string()),
        langkah: kadang(fc.constant(1), fc.constantFrom(0, 2, -1), 30),
        table: fc.constant(table),
        key: kadang(fc.oneof(fc.constantFrom(...kunci.map((x) => x.key)), fc.uuid(), fc.constant(ALAMI)), fc.string({ maxLength: 40 })),
        op: kadang(fc.constantFrom('put', 'put', 'put', 'delete'), fc.string({ maxLength: 8 })),
        fields: fields(table),
        baseRev: kadang(fc.nat(60), fc.integer({ min: -5, max: -1 })),
        at: kadang(fc.string({ maxLength: 40, unit: stringUnit }), fc.string({ minLength: 41, maxLength: 60 })),
      }),
    );
    return fc.record({
      klien: fc.nat(klien.length), // == length: a brand-new clientId
      awal: kadang(fc.constant(0), fc.constantFrom(-1, 1, -3, 4), 12),
      schemaVersion: kadang(fc.constant<unknown>(SCHEMA_VERSION), fc.jsonValue()),
      mutasi: fc.array(mutasi, { maxLength: 5 }),
      token: kadang(fc.constant('pemilik' as const), fc.constantFrom('lain' as const, 'kosong' as const, 'palsu' as const), 20),
      gzip: fc.constantFrom(false, false, false, true),
      buangKey: kadang(fc.constant(null), fc.constantFrom('clientId', 'mutations', 'seq', 'fields'), 25),
    });
  }

  /** The natural-key id of these fields, or a random UUID (no natural key, or fields that do not make one). */
  function idAlamiAtauAcak(table: string, fields: unknown): string {
    try {
      return idUntuk(table as NamaTabel, fields as Record<string, unknown>);
    } catch {
      return randomUUID();
    }
  }

  async function jalankanHampirValid(stringUnit: Satuan, label: string, numRuns: number): Promise<void> {
    const mulai = Date.now();
    await fc.assert(
      fc.asyncProperty(pushHampirValid(stringUnit), async (x) => {
        if (cukup(mulai)) return;
        const k = klien[x.klien] ?? { id: randomUUID(), pemilik: 'admin' as const };
        let seq = (lastSeq.get(k.id) ?? 0) + 1 + x.awal;
        const mutations = x.mutasi.map((m, i) => {
          if (i > 0) seq += m.langkah;
          const { langkah: _, ...rest } = m;
          return { ...rest, key: m.key === ALAMI ? idAlamiAtauAcak(m.table, m.fields) : m.key, seq };
        });
        const body: Record<string, unknown> = { clientId: k.id, schemaVersion: x.schemaVersion, mutations };
        if (x.buangKey === 'clientId' || x.buangKey === 'mutations') delete body[x.buangKey];
        if ((x.buangKey === 'seq' || x.buangKey === 'fields') && mutations[0]) delete (mutations[0] as Record<string, unknown>)[x.buangKey];
        const tok =
          x.token === 'pemilik'
            ? token[k.pemilik]
            : x.token === 'lain'
              ? token[k.pemilik === 'admin' ? 'viewer' : 'admin']
              : x.token === 'palsu'
                ? 'token-palsu'
                : null;
        const teks = JSON.stringify(body);
        const sebelum = await sidik();
        const j = await minta(s.app, 'POST', '/api/v1/sync/push', {
          token: tok,
          mentah: x.gzip ? gzip(teks) : teks,
          headers: { 'Content-Type': 'application/json', ...(x.gzip ? { 'Content-Encoding': 'gzip' } : {}) },
        });
        jumlah.total++;
        if (j.status >= 500) throw new Error(`5xx: ${j.status} ${j.teks.slice(0, 300)}`);
        if (j.status >= 400) {
          jumlah.c4xx++;
          if (!errorBodySchema.safeParse(j.json).success) throw new Error(`bentuk galat salah: ${j.teks.slice(0, 300)}`);
          const sesudah = await sidik();
          if (sesudah !== sebelum) throw new Error(`4xx (${j.status} ${j.json?.error?.code}) mengubah data: ${sebelum} → ${sesudah}`);
        } else {
          expect(j.status).toBe(200);
          jumlah.ok++;
          expect(j.json.results).toHaveLength(mutations.length);
          j.json.results.forEach((r: unknown, i: number) => {
            const p = mutationResultSchema.safeParse(r);
            if (!p.success) throw new Error(`hasil tidak valid: ${JSON.stringify(r)}`);
            expect(p.data.seq).toBe(mutations[i]!.seq);
            if (p.data.status === 'rejected') jumlah.tolak++;
          });
          // A new key that got applied becomes a target of later mutations.
          for (const [i, r] of (j.json.results as { status: string }[]).entries()) {
            const m = mutations[i]!;
            if (r.status !== 'rejected' && m.op === 'put' && adaIdAlami(m.table)) jumlah.alami++;
            if (r.status === 'applied' && m.op === 'put' && kunci.length < 60 && !kunci.some((x2) => x2.key === m.key))
              kunci.push({ table: m.table as NamaTabel, key: m.key });
          }
        }
        ikutiSeq(k.id, j);
      }),
      { numRuns },
    );
    console.info(`fuzz ${jenis} ${label}: ${JSON.stringify(jumlah)}`);
  }

  it('near-valid push requests (ASCII strings): never a 5xx, a 4xx stores nothing, a 200 answers every mutation', async () => {
    await jalankanHampirValid('grapheme-ascii', 'ascii', 1200);
    expect(jumlah.ok).toBeGreaterThan(20); // the fuzz reached the store, not only the parser
    expect(jumlah.alami).toBeGreaterThan(0); // and stored natural-key records under their natural ids
    await semuaRecordValid();
  });

  it('near-valid push requests with any Unicode (NUL, lone surrogates, …): never a 5xx', async () => {
    await jalankanHampirValid(UNIT_ANEH, 'unicode', 400);
    await semuaRecordValid();
  });

  it('random pull parameters: 200 or 400, never a 5xx', async () => {
    const param = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.integer().map(String),
      fc.double().map(String),
      fc.constantFrom('', '0x10', '1e3', ' 5', '5 ', '-0', 'Infinity', 'NaN', '9007199254740993'),
    );
    await fc.assert(
      fc.asyncProperty(param, param, async (since, limit) => {
        const j = await minta(s.app, 'GET', `/api/v1/sync/pull?since=${encodeURIComponent(since)}&limit=${encodeURIComponent(limit)}`, { token: token.viewer });
        expect([200, 400], `${since} ${limit} → ${j.status} ${j.teks.slice(0, 200)}`).toContain(j.status);
        if (j.status === 400) expect(errorBodySchema.safeParse(j.json).success).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('the fuzz exercised every kind of answer', () => {
    expect(jumlah.total).toBeGreaterThan(200);
    expect(jumlah.c4xx).toBeGreaterThan(50);
  });
});
