/**
 * Bad input never hurts (issue #3 point 6): malformed JSON, wrong types, unknown tables, size limits,
 * gzip bombs, unsupported encodings, huge strings, SQL-looking strings stored verbatim; every error is
 * `{ error: { code, message } }` and nothing is stored by a refused request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { SCHEMA_VERSION, type MutationResult } from '../../src/shared/protocol.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import {
  alasanIdAlami,
  ambilRecord,
  gzip,
  hapus,
  harapGalat,
  idUntuk,
  JENIS,
  Klien,
  masuk,
  minta,
  PASSWORD_ADMIN,
  put,
  putBaru,
  revServer,
  sidikData,
  serverBaru,
  evaluasiPejabatUji,
  TABEL_ALAMI,
  type Jawaban,
  type Server,
  type TabelAlami,
  keyRakor,
  ulangKeyRakor,
} from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const RAKOR = { tanggal: '2026-12-20', tempat: 'Aula', pimpinan: PEJABAT };
const MiB = 1024 * 1024;
const KARAKTER = 'Teks mengandung karakter yang tidak diizinkan';
const alasan = (r: MutationResult | undefined): string => (r?.status === 'rejected' ? r.reason : `(${r?.status})`);

describe.each(JENIS)('bad input (%s)', (jenis) => {
  let s: Server;
  let token: string;
  let k: Klien;

  beforeAll(async () => {
    ulangKeyRakor(); // a fresh database: its quarters are all free again
    s = await serverBaru(jenis);
    token = (await masuk(s.app, 'admin', PASSWORD_ADMIN)).token;
    k = new Klien(s.app, token);
    await k.pushOk(put('rakor', keyRakor(), RAKOR));
  });
  afterAll(async () => {
    await s?.tutup();
  });

  const pushMentah = (body: BodyInit, headers: Record<string, string> = {}): Promise<Jawaban> =>
    minta(s.app, 'POST', '/api/v1/sync/push', { token, mentah: body, headers: { 'Content-Type': 'application/json', ...headers } });

  /** The request is refused with `status` (and `code`), and nothing changed. */
  async function ditolak(kirim: () => Promise<Jawaban>, status: number, code?: string): Promise<Jawaban> {
    const sebelum = await sidikData(s.db);
    const j = await kirim();
    harapGalat(j, status, code);
    expect(await sidikData(s.db)).toBe(sebelum);
    return j;
  }

  const mutasi = (over: Record<string, unknown> = {}) => ({
    ...put('rakor', typeof over.key === 'string' ? over.key : keyRakor(), RAKOR),
    id: randomUUID(),
    seq: k.seq + 1,
    at: '2026-11-23T09:00:00+07:00',
    ...over,
  });
  const badan = (over: Record<string, unknown> = {}, m: Record<string, unknown> = {}) => ({
    clientId: k.clientId,
    schemaVersion: SCHEMA_VERSION,
    mutations: [mutasi(m)],
    ...over,
  });

  it.each([
    ['truncated JSON', '{"clientId": "'],
    ['not JSON at all', 'hello'],
    ['empty body', ''],
    ['trailing garbage', `${JSON.stringify({ clientId: randomUUID(), schemaVersion: 1, mutations: [] })}xyz`],
    ['invalid UTF-8', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])],
  ])('malformed JSON (%s) → 400 json_tidak_valid', async (_, body) => {
    await ditolak(() => pushMentah(body as BodyInit), 400, 'json_tidak_valid');
  });

  it.each([
    ['a JSON array', []],
    ['a JSON string', 'push'],
    ['null', null],
    ['mutations not an array', { clientId: randomUUID(), schemaVersion: 1, mutations: {} }],
    ['clientId not a uuid', { clientId: 'klien-1', schemaVersion: 1, mutations: [] }],
    ['schemaVersion a string', { clientId: randomUUID(), schemaVersion: '1', mutations: [] }],
    ['seq a string', 'seq:"1"'],
    ['seq zero', 'seq:0'],
    ['seq fractional', 'seq:1.5'],
    ['baseRev negative', 'baseRev:-1'],
    ['op unknown', 'op:"upsert"'],
    ['key not a uuid', 'key:"1; DROP TABLE records"'],
    ['fields an array', 'fields:[]'],
    ['at too long', `at:"${'9'.repeat(41)}"`],
    ['field name over 100 chars', 'fields:{"' + 'f'.repeat(101) + '":1}'],
  ])('wrong types (%s) → 400 tidak_valid', async (_, isi) => {
    let body: unknown = isi;
    if (typeof isi === 'string' && /^[a-zA-Z]+:/.test(isi)) {
      const [f, ...v] = isi.split(':');
      body = badan({}, { [f!]: JSON.parse(v.join(':')) });
    }
    await ditolak(() => minta(s.app, 'POST', '/api/v1/sync/push', { token, body }), 400, 'tidak_valid');
  });

  it('an unknown table → 400 with an Indonesian message', async () => {
    const j = await ditolak(() => minta(s.app, 'POST', '/api/v1/sync/push', { token, body: badan({}, { table: 'users' }) }), 400, 'tidak_valid');
    expect(j.json.error.message).toMatch(/Tabel tidak dikenal/);
    await ditolak(() => minta(s.app, 'POST', '/api/v1/sync/push', { token, body: badan({}, { table: 'records; --' }) }), 400, 'tidak_valid');
    await ditolak(() => minta(s.app, 'POST', '/api/v1/sync/push', { token, body: badan({}, { table: '__proto__' }) }), 400, 'tidak_valid');
  });

  it('more than 200 mutations in one batch → 400', async () => {
    const ms = Array.from({ length: 201 }, (_, i) => mutasi({ seq: k.seq + 1 + i }));
    await ditolak(
      () => minta(s.app, 'POST', '/api/v1/sync/push', { token, body: { clientId: k.clientId, schemaVersion: SCHEMA_VERSION, mutations: ms } }),
      400,
    );
  });

  it('another schemaVersion → 400 versi_skema', async () => {
    await ditolak(() => minta(s.app, 'POST', '/api/v1/sync/push', { token, body: badan({ schemaVersion: SCHEMA_VERSION + 1 }) }), 400, 'versi_skema');
  });

  it('a body over 1 MiB → 413 (with and without Content-Length, even before auth)', async () => {
    const besar = JSON.stringify(badan({}, { fields: { ...RAKOR, notulen: 'x'.repeat(MiB + 100 * 1024) } }));
    await ditolak(() => pushMentah(besar), 413, 'terlalu_besar');
    await ditolak(() => pushMentah(besar, { 'Content-Length': String(Buffer.byteLength(besar)) }), 413, 'terlalu_besar');
    // A stream without a length is counted as it arrives.
    const aliran = () =>
      new ReadableStream({
        start(c) {
          for (let i = 0; i < 20; i++) c.enqueue(new TextEncoder().encode('x'.repeat(100 * 1024)));
          c.close();
        },
      });
    await ditolak(
      () =>
        Promise.resolve(
          s.app.request('/api/v1/sync/push', { method: 'POST', body: aliran(), headers: { Authorization: `Bearer ${token}` }, duplex: 'half' } as RequestInit),
        ).then(keJawaban),
      413,
      'terlalu_besar',
    );
    await ditolak(() => minta(s.app, 'POST', '/api/v1/sync/push', { mentah: besar, headers: { 'Content-Type': 'application/json' } }), 413);
  });

  it('a gzip bomb (expanding past 4 MiB) → 413', async () => {
    const bom = new Uint8Array(gzipSync(Buffer.alloc(8 * MiB, 0x20)));
    expect(bom.length).toBeLessThan(64 * 1024);
    await ditolak(() => pushMentah(bom, { 'Content-Encoding': 'gzip' }), 413, 'terlalu_besar');
    // A valid JSON body that expands past the limit, too.
    const json = gzip(badan({}, { fields: { ...RAKOR, notulen: ' '.repeat(5 * MiB) } }));
    await ditolak(() => pushMentah(json, { 'Content-Encoding': 'gzip' }), 413, 'terlalu_besar');
  });

  it('gzip that is valid is accepted; broken gzip is 400', async () => {
    const key = keyRakor();
    const body = badan({}, { key });
    const j = await pushMentah(gzip(body), { 'Content-Encoding': 'gzip' });
    expect(j.status, j.teks).toBe(200);
    k.seq = j.json.lastSeq;
    expect(await ambilRecord(s.app, token, 'rakor', key)).toMatchObject({ tempat: 'Aula' });
    await ditolak(() => pushMentah(new TextEncoder().encode('bukan gzip sama sekali'), { 'Content-Encoding': 'gzip' }), 400, 'gzip_tidak_valid');
    await ditolak(() => pushMentah(gzip(badan()).subarray(0, 20), { 'Content-Encoding': 'gzip' }), 400);
    await ditolak(() => pushMentah(gzip('{"clientId":'), { 'Content-Encoding': 'gzip' }), 400, 'json_tidak_valid');
  });

  it.each(['br', 'deflate', 'compress', 'zstd', 'gzip, br'])('Content-Encoding %s → 415', async (enc) => {
    const j = await ditolak(() => pushMentah(JSON.stringify(badan()), { 'Content-Encoding': enc }), 415, 'encoding_tidak_didukung');
    expect(j.json.error.message).toMatch(/tidak didukung/);
  });

  it('huge strings are rejected per mutation with an Indonesian reason; the rest of the batch applies', async () => {
    const ok = keyRakor();
    const h = await k.push(
      put('rakor', keyRakor(), { ...RAKOR, tempat: 'x'.repeat(301) }),
      put('rakor', keyRakor(), { ...RAKOR, notulen: 'y'.repeat(20_001) }),
      put('rakor', keyRakor(), { ...RAKOR, tempat: '   ' }),
      put('rakor', ok, { ...RAKOR, notulen: 'z'.repeat(20_000) }),
    );
    expect(h.status).toBe(200);
    expect(h.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'applied']);
    expect(h.results[0]).toMatchObject({ reason: 'tempat: Maksimal 300 karakter' });
    expect(h.results[1]).toMatchObject({ reason: 'notulen: Maksimal 20000 karakter' });
    expect(h.results[2]).toMatchObject({ reason: 'tempat: Wajib diisi' });
    expect((await ambilRecord(s.app, token, 'rakor', ok))!.notulen).toHaveLength(20_000);
  });

  it('invalid values are rejected per mutation with the field and an Indonesian message', async () => {
    const h = await k.push(
      put('rakor', keyRakor(), { ...RAKOR, tahun: 'dua ribu' }),
      put('rakor', keyRakor(), { ...RAKOR, triwulan: 5 }),
      put('rakor', keyRakor(), { ...RAKOR, tanggal: '20-12-2026' }),
      put('rakor', keyRakor(), { tempat: 'tanpa field lain' }),
      put('program', randomUUID(), { pkId: randomUUID(), opdId: randomUUID(), nama: 'P', pagu: -5 }),
    );
    expect(h.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    const alasan = h.results.map((r) => (r.status === 'rejected' ? r.reason : ''));
    expect(alasan[0]).toMatch(/^tahun: Tahun harus bilangan bulat/);
    expect(alasan[1]).toMatch(/^triwulan: Triwulan harus 1–4/);
    expect(alasan[2]).toMatch(/^tanggal: Tanggal tidak valid/);
    expect(alasan[3]).toMatch(/Wajib diisi|Harus|tidak valid/);
    expect(alasan[4]).toMatch(/pagu: Tidak boleh negatif/);
  });

  it('an edit that makes a stored record invalid is rejected and the record stays', async () => {
    const key = keyRakor();
    const [r] = await k.pushOk(put('rakor', key, RAKOR));
    const sebelum = await ambilRecord(s.app, token, 'rakor', key);
    const [x] = await k.pushOk(put('rakor', key, { tempat: '' }, r && 'rev' in r ? r.rev : 0));
    expect(x?.status).toBe('rejected');
    expect(await ambilRecord(s.app, token, 'rakor', key)).toEqual(sebelum);
  });

  it('SQL-looking and other odd strings are stored verbatim and read back', async () => {
    const aneh = [
      "'); DROP TABLE records; --",
      "Robert'); DELETE FROM users WHERE ('1'='1",
      '$1 $2 \\x00 %s %n {{7*7}} ${process.env}',
      '"quoted" \\"escaped\\" \\\\ backslash',
      '<script>alert(1)</script>',
      '{"json": ["inside", "a", "string"]}',
      'Émoji 🏛️ dan aksara ꦗꦮ — “kutip” ‘tunggal’',
      '\u202Ebalik\u202C \t tab \n baris',
    ];
    const keys = aneh.map(() => keyRakor());
    const hasil = await k.pushOk(...aneh.map((t, i) => put('rakor', keys[i]!, { ...RAKOR, tempat: `Aula ${i}`, notulen: t, agenda: [t.trim() || 'x'] })));
    expect(hasil.map((r) => r.status)).toEqual(aneh.map(() => 'applied'));
    for (const [i, t] of aneh.entries()) {
      const rec = await ambilRecord(s.app, token, 'rakor', keys[i]!);
      expect(rec!.notulen).toBe(t);
    }
    // The tables are all still there.
    expect((await s.db.query('SELECT count(*) AS n FROM users')).length).toBe(1);
    expect(Number((await s.db.query('SELECT count(*) AS n FROM records'))[0]!.n)).toBeGreaterThan(8);
  });

  it.each([
    ['a NUL character', 'a\u0000b'],
    ['a lone surrogate', 'a\ud800b'],
    ['a lone low surrogate', '\udc00'],
    ['a reversed surrogate pair', '\ude00\ud83d'],
  ])('a string with %s is rejected per mutation with an Indonesian reason (never stored, never a 500); the rest of the batch applies', async (_, t) => {
    const key = keyRakor();
    const after = keyRakor();
    const rev = await revServer(s.db);
    const h = await k.push(
      put('rakor', key, { ...RAKOR, notulen: t }),
      put('rakor', keyRakor(), { ...RAKOR, agenda: ['ok', t] }),
      put('rakor', keyRakor(), { ...RAKOR, pimpinan: { ...PEJABAT, nama: t } }),
      put('rakor', after, RAKOR),
    );
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    expect(h.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'applied']);
    for (const r of h.results.slice(0, 3)) expect(alasan(r)).toBe(KARAKTER);
    expect(await ambilRecord(s.app, token, 'rakor', key)).toBeNull();
    expect(await revServer(s.db)).toBe(rev + 1);
  });

  it('a string with a NUL character in an edit of a stored record (or a free-form field) is rejected and the record stays', async () => {
    const key = keyRakor();
    const [r] = await k.pushOk(put('rakor', key, RAKOR));
    const sebelum = await ambilRecord(s.app, token, 'rakor', key);
    const rev = await revServer(s.db);
    const pk = { opdId: randomUUID(), tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT };
    const h = await k.push(
      put('rakor', key, { tempat: 'Aula\u0000' }, r && 'rev' in r ? r.rev : 0),
      put('pk', randomUUID(), { ...pk, snapshot: { indikator: [{ uraian: 'x\u0000' }] } }),
      put('pk', randomUUID(), { ...pk, snapshot: { 'kunci\ud800': 1 } }),
    );
    expect(h.results.map(alasan)).toEqual([KARAKTER, KARAKTER, KARAKTER]);
    expect(await ambilRecord(s.app, token, 'rakor', key)).toEqual(sebelum);
    expect(await revServer(s.db)).toBe(rev);
  });

  it.each([
    ['a NUL character', '2026-11-23T09:00:00\u0000'],
    ['a lone surrogate', '2026-11-23T09:00:00\ud800'],
  ])('a device time (at) with %s in a clashing mutation is answered per mutation, never a 500 that blocks the queue', async (_, at) => {
    // `at` is kept as the konflik's padaMasuk when the mutation clashes: a same-field clash and an edit of a deleted record.
    const [hidup, mati, sesudah] = [keyRakor(), keyRakor(), keyRakor()];
    const dibuat = await k.pushOk(put('rakor', hidup, RAKOR), put('rakor', mati, RAKOR));
    expect(dibuat.map((r) => r.status)).toEqual(['applied', 'applied']);
    const lain = new Klien(s.app, token);
    await lain.pushOk(put('rakor', hidup, { tempat: 'Pendopo' }, dibuat[0]!.status === 'applied' ? dibuat[0]!.rev : 0), hapus('rakor', mati));
    const tablet = new Klien(s.app, token);
    const h = await tablet.push(
      { ...put('rakor', hidup, { tempat: 'Aula lain' }, 0), at },
      { ...put('rakor', mati, { tempat: 'Masih dipakai' }, 0), at },
      put('rakor', sesudah, RAKOR),
    );
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    expect(h.results[2]?.status).toBe('applied');
    for (const r of h.results.slice(0, 2)) {
      expect(['rejected', 'conflict']).toContain(r.status);
      if (r.status === 'rejected') expect(r.reason).toBe(KARAKTER);
      for (const id of r.status === 'conflict' ? r.konflikIds : []) {
        const kf = await ambilRecord(s.app, token, 'konflik', id);
        expect(kf!.padaMasuk.includes('\u0000') || !kf!.padaMasuk.isWellFormed()).toBe(false);
      }
    }
  });

  it('a field name with a NUL character is rejected per mutation, never a 500', async () => {
    const key = keyRakor();
    const h = await k.push(put('rakor', key, { ...RAKOR, 'x\u0000y': 1 }));
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    expect(alasan(h.results[0])).toBe(KARAKTER);
    expect(await ambilRecord(s.app, token, 'rakor', key)).toBeNull();
  });

  describe('natural-key ids', () => {
    /** A valid new record of each natural-key table (admin: parents need not exist). */
    const contoh = (t: TabelAlami): Record<string, unknown> => {
      const opdId = randomUUID();
      switch (t) {
        case 'realisasi':
          return { indikatorId: randomUUID(), opdId, tahun: 2027, periode: '6B', nilai: 12.5 };
        case 'realisasiAnggaran':
          return { programId: randomUUID(), opdId, tahun: 2027, triwulan: 2, keuangan: 5000, fisik: 20 };
        case 'laporan':
          return { opdId, tahun: 2027, triwulan: 3, faktorPendorong: 'ok' };
        case 'kunciPeriode':
          return { tahun: 2040 + TABEL_ALAMI.indexOf(t), triwulan: 4, terkunci: false };
        case 'evaluasiPejabat':
          return { ...evaluasiPejabatUji(opdId), pejabatId: randomUUID(), tahun: 2027 };
        case 'evaluasiPj':
          return { pejabatId: randomUUID(), ke: 2, mulai: '2027-01-01', selesai: '2027-03-31', batasLaporan: '2027-04-10' };
        case 'rakor':
          return { ...RAKOR, tahun: 2039, triwulan: 2 };
        case 'tindakLanjutArahan':
          return { arahanId: randomUUID(), opdId, uraian: 'Sedang dikerjakan', status: 'proses' };
      }
    };
    /** A change of one natural-key field and the id the record would then need. */
    const ubahKunci = (t: TabelAlami, f: Record<string, unknown>): [Record<string, unknown>, string] => {
      switch (t) {
        case 'realisasi':
          return [{ periode: 'TW4' }, idAlami.realisasi(f.indikatorId as string, 'TW4')];
        case 'realisasiAnggaran':
          return [{ triwulan: 3 }, idAlami.realisasiAnggaran(f.programId as string, 3)];
        case 'laporan':
          return [{ tahun: 2028 }, idAlami.laporan(f.opdId as string, 2028, 3)];
        case 'kunciPeriode':
          return [{ triwulan: 1 }, idAlami.kunciPeriode(f.tahun as number, 1)];
        case 'evaluasiPejabat': {
          const pejabatId = randomUUID();
          return [{ pejabatId }, idAlami.evaluasiPejabat(pejabatId, 2027)];
        }
        case 'evaluasiPj':
          return [{ ke: 3 }, idAlami.evaluasiPj(f.pejabatId as string, 3)];
        case 'rakor':
          return [{ triwulan: 3 }, idAlami.rakor(2039, 3)];
        case 'tindakLanjutArahan': {
          const opdId = randomUUID();
          return [{ opdId }, idAlami.tindakLanjutArahan(f.arahanId as string, opdId)];
        }
      }
    };

    it.each(TABEL_ALAMI.map((t) => [t] as const))(
      '%s under a random id is rejected with the reason naming its natural id, stores nothing, and does not block the batch',
      async (t) => {
        const f = contoh(t);
        const alami = idUntuk(t, f);
        const acak = randomUUID();
        const sebelum = await sidikData(s.db);
        const rev = await revServer(s.db);
        const ok = keyRakor();
        const h = await k.push(put(t, acak, f), put('rakor', ok, RAKOR));
        expect(h.status, JSON.stringify(h.json)).toBe(200);
        expect(h.results.map((r) => r.status)).toEqual(['rejected', 'applied']);
        expect(alasan(h.results[0])).toMatch(alasanIdAlami(t, alami));
        expect(alasan(h.results[0])).toBe(`ID ${t} harus diturunkan dari kunci alaminya (${alami}); perbarui aplikasi`);
        expect(await ambilRecord(s.app, token, t, acak)).toBeNull();
        expect(await ambilRecord(s.app, token, t, alami)).toBeNull();
        expect(await revServer(s.db)).toBe(rev + 1);
        const [n0, n1] = [JSON.parse(sebelum).n, JSON.parse(await sidikData(s.db)).n];
        expect(Number(n1)).toBe(Number(n0) + 1); // only the rakor
      },
    );

    it.each(TABEL_ALAMI.map((t) => [t] as const))(
      '%s under its natural id applies; changing a natural-key field later is rejected and the record stays',
      async (t) => {
        const m = putBaru(t, contoh(t));
        const [r] = await k.pushOk(m);
        expect(r?.status, JSON.stringify(r)).toBe('applied');
        const sebelum = await ambilRecord(s.app, token, t, m.key);
        expect(sebelum).toMatchObject({ ...m.fields, id: m.key, deleted: false });
        const [ubah, idBaru] = ubahKunci(t, sebelum!);
        const rev = await revServer(s.db);
        const [x] = await k.pushOk(put(t, m.key, ubah, sebelum!.rev));
        expect(alasan(x)).toMatch(alasanIdAlami(t, idBaru));
        expect(await ambilRecord(s.app, token, t, m.key)).toEqual(sebelum);
        expect(await ambilRecord(s.app, token, t, idBaru)).toBeNull();
        expect(await revServer(s.db)).toBe(rev);
        // A delete needs no natural-key check (the record is already where it belongs).
        const [d] = await k.pushOk({ table: t, key: m.key, op: 'delete', baseRev: sebelum!.rev });
        expect(d?.status).toBe('applied');
      },
    );

    it('a key field of the wrong type is a validation rejection, never a 500 and never stored', async () => {
      const ms = [
        put('realisasi', randomUUID(), { ...contoh('realisasi'), periode: 'TW9' }),
        put('laporan', randomUUID(), { ...contoh('laporan'), tahun: '2027' }),
        put('kunciPeriode', idAlami.kunciPeriode(2041, 4), { tahun: 2041, triwulan: 4.5, terkunci: true }),
        put('realisasiAnggaran', randomUUID(), { ...contoh('realisasiAnggaran'), programId: 'bukan-uuid' }),
      ];
      const rev = await revServer(s.db);
      const h = await k.push(...ms);
      expect(h.status, JSON.stringify(h.json)).toBe(200);
      expect(h.results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected', 'rejected']);
      expect(h.results.map(alasan)).toEqual([
        expect.stringMatching(/^periode: Periode tidak valid/),
        expect.stringMatching(/^tahun: /),
        expect.stringMatching(/^triwulan: /),
        expect.stringMatching(/^programId: ID tidak valid/),
      ]);
      for (const m of ms) expect(await ambilRecord(s.app, token, m.table, m.key)).toBeNull();
      expect(await revServer(s.db)).toBe(rev);
    });
  });

  it.each([
    ['an existing record field', 'rakor'],
    ['a free-form (unknown-typed) field: pk.snapshot', 'pk'],
  ])('deeply nested JSON (depth 10 000) in %s is a 4xx or a per-mutation rejection, never a 500', async (_, jenis) => {
    const key = keyRakor();
    let baseRev = 0;
    if (jenis === 'rakor') {
      const [r] = await k.pushOk(put('rakor', key, RAKOR));
      baseRev = r && 'rev' in r ? r.rev : 0;
    }
    const fields =
      jenis === 'rakor'
        ? { notulen: 'SISIPAN' }
        : {
            opdId: randomUUID(),
            tahun: 2027,
            versi: 1,
            tanggal: '2027-01-05',
            tanggalMulai: '2027-01-02',
            pihakPertama: PEJABAT,
            pihakKedua: PEJABAT,
            snapshot: 'SISIPAN',
          };
    const teks = JSON.stringify(k.batch([put(jenis as 'rakor', key, fields, baseRev)])).replace('"SISIPAN"', `${'['.repeat(10_000)}${']'.repeat(10_000)}`);
    const j = await pushMentah(teks);
    expect(j.status, j.teks).toBeLessThan(500);
    if (j.status === 200) k.seq = j.json.lastSeq;
    else harapGalat(j);
  });

  it.each([
    ['a NUL character in the name', { nama: 'a\u0000b' }],
    ['a lone surrogate in the name', { nama: 'a\ud800b' }],
    ['a NUL character in the password', { password: 'sandi-uji-\u0000-12345' }],
    ['a lone surrogate in the password', { password: 'sandi-\udc00-12345' }],
  ])('%s of a new user is a 400 (tidak_valid) and creates nobody', async (_, isi) => {
    const sebelum = await s.db.query('SELECT id FROM users');
    const j = await minta(s.app, 'POST', '/api/v1/users', {
      token,
      body: { username: 'karakter-uji', nama: 'Uji', role: 'viewer', opdId: null, password: 'sandi-uji-12345', ...isi },
    });
    harapGalat(j, 400, 'tidak_valid');
    expect(j.json.error.message).toMatch(/karakter yang tidak diizinkan/);
    expect(await s.db.query('SELECT id FROM users')).toEqual(sebelum);
  });

  it('a NUL character or a lone surrogate in a user update is a 400 and changes nothing', async () => {
    const u = await minta(s.app, 'POST', '/api/v1/users', {
      token,
      body: { username: 'ubah-karakter', nama: 'Asli', role: 'viewer', opdId: null, password: 'sandi-uji-12345' },
    });
    expect(u.status, u.teks).toBe(201);
    for (const body of [{ nama: 'x\u0000' }, { nama: '\ud800' }, { password: 'sandi-baru-\u0000' }]) {
      harapGalat(await minta(s.app, 'PATCH', `/api/v1/users/${u.json.user.id}`, { token, body }), 400, 'tidak_valid');
    }
    const semua = await minta(s.app, 'GET', '/api/v1/users', { token });
    expect(semua.json.users.find((x: { id: string }) => x.id === u.json.user.id)).toMatchObject({ nama: 'Asli' });
    expect((await masuk(s.app, 'ubah-karakter', 'sandi-uji-12345')).token).toBeTruthy();
  });

  it('every error answer of this suite has the JSON error shape (spot check of other routes)', async () => {
    harapGalat(await minta(s.app, 'POST', '/api/v1/sync/push', { body: badan() }), 401, 'unauthorized');
    harapGalat(await minta(s.app, 'GET', '/api/v1/ringkasan?tahun=2026&triwulan=5', { token }), 400);
    harapGalat(await minta(s.app, 'POST', '/api/v1/users', { token, mentah: '{', headers: { 'Content-Type': 'application/json' } }), 400, 'json_tidak_valid');
    harapGalat(await minta(s.app, 'DELETE', '/api/v1/sync/push', { token }), 404);
  });
});

async function keJawaban(res: Response): Promise<Jawaban> {
  const teks = await res.text();
  let json: unknown = null;
  try {
    json = JSON.parse(teks);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, teks, json };
}
