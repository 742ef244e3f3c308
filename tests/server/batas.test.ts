/**
 * Limits (issue 9 §3; docs/sync-protocol.md "Limits"): per field and per record sizes from the schemas
 * are refused per mutation with code `ukuran`; pull pages are bounded by bytes as well as count;
 * tombstones carry no data; every request body is limited before it is parsed (413), /auth/login
 * included. Seen before: ~570 KiB of gzip uploads (pk.snapshot, unbounded) by one operator made every
 * later pull page answer 500 ("Invalid string length"), and deleting did not help.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { MAKS_BYTE_RECORD, MAKS_BYTE_SNAPSHOT } from '../../src/domain/schemas.ts';
import { MAKS_BYTE_PERMINTAAN, MAKS_BYTE_PULL, SCHEMA_VERSION, type MutationResult } from '../../src/shared/protocol.ts';
import { SyncStore } from '../../src/server/sync.store.ts';
import { migrasi } from '../../src/server/db.ts';
import {
  gzip,
  hapus,
  harapGalat,
  JENIS,
  Klien,
  masuk,
  minta,
  PASSWORD_ADMIN,
  put,
  tarik,
  tarikSemua,
  serverBaru,
  type Server,
  type Sesi,
  keyRakor,
} from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
const kode = (r: MutationResult | undefined) => (r?.status === 'rejected' ? r.kode : `(${r?.status})`);
const alasan = (r: MutationResult | undefined) => (r?.status === 'rejected' ? r.reason : '');

describe.each(JENIS)('limits (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let k: Klien;
  const opdId = randomUUID();
  const PK = (id: string) =>
    put('pk', id, { opdId, tahun: 2026, versi: 1, tanggal: '2026-01-05', tanggalMulai: '2026-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT });

  beforeAll(async () => {
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    k = new Klien(s.app, admin.token);
    await k.pushOk(put('opd', opdId, { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT }));
  });
  afterAll(async () => {
    await s?.tutup();
  });

  /** Pushes gzip-compressed (as the browser does): highly repetitive data passes the 1 MiB wire limit. */
  async function pushGzip(...ms: Parameters<Klien['batch']>[0]): Promise<MutationResult[]> {
    const body = k.batch(ms);
    const h = await minta(s.app, 'POST', '/api/v1/sync/push', {
      token: admin.token,
      mentah: gzip(body),
      headers: { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' },
    });
    expect(h.status, h.teks.slice(0, 300)).toBe(200);
    k.seq = h.json.lastSeq;
    return h.json.results;
  }

  it('an oversized pk.snapshot is refused per mutation with code ukuran; the mutations after it apply', async () => {
    const besar = { sasaran: [{ uraian: 'x'.repeat(MAKS_BYTE_SNAPSHOT) }] };
    const pkBesar = randomUUID();
    const rakor = keyRakor();
    const [r1, r2] = await pushGzip(
      { ...PK(pkBesar), fields: { ...PK(pkBesar).fields, snapshot: besar } },
      put('rakor', rakor, { tanggal: '2026-10-20', tempat: 'Aula', pimpinan: PEJABAT }),
    );
    expect(kode(r1)).toBe('ukuran');
    expect(alasan(r1)).toMatch(/Salinan PK terlalu besar \(maksimal 512 KiB\)/);
    expect(r2?.status).toBe('applied');
    // Every field within its own limit, the whole record beyond MAKS_BYTE_RECORD: a pemda logo of
    // 300 000 three-byte characters (~880 KiB) is refused as a whole.
    const [r3] = await pushGzip(put('pemda', randomUUID(), { nama: 'Kabupaten Uji', jenis: 'kabupaten', kepalaDaerah: PEJABAT, logo: '€'.repeat(300_000) }));
    expect(kode(r3)).toBe('ukuran');
    expect(alasan(r3)).toMatch(/^Data terlalu besar: \d+ KiB, maksimal 768 KiB/);
  });

  it('a text over its field limit is ukuran; a number out of range is validasi (another value fixes it)', async () => {
    const [r1, r2] = await k.pushOk(put('opd', opdId, { nama: 'n'.repeat(301) }, 1), put('opd', opdId, { urutan: -1 }, 1));
    expect(kode(r1)).toBe('ukuran');
    expect(alasan(r1)).toMatch(/Maksimal 300 karakter/);
    expect(kode(r2)).toBe('validasi');
  });

  it('an absurd number (1.7e308) is validasi with an Indonesian reason; a real pagu applies; protocol errors speak Indonesian', async () => {
    const pkId = randomUUID();
    await k.pushOk(PK(pkId));
    const program = (pagu: number) => put('program', randomUUID(), { pkId, opdId, nama: 'Program uji', pagu });
    const [r1, r2, r3] = await k.pushOk(program(1.7e308), program(-1.7e308), program(5_000_000_000_000));
    expect(kode(r1)).toBe('validasi');
    expect(alasan(r1)).toMatch(/Angka terlalu besar \(maksimal 1\.000\.000\.000\.000\.000\)/);
    expect(kode(r2)).toBe('validasi');
    expect(r3?.status).toBe('applied');
    // Zod's own messages are Indonesian too (src/domain/bahasa-zod.ts): 201 mutations, a missing password.
    const banyak = await minta(s.app, 'POST', '/api/v1/sync/push', {
      token: admin.token,
      body: {
        clientId: randomUUID(),
        schemaVersion: SCHEMA_VERSION,
        mutations: Array.from({ length: 201 }, (_, i) => ({ ...program(1), seq: i + 1, at: new Date().toISOString() })),
      },
    });
    expect(banyak.status).toBe(400);
    expect(banyak.teks).toMatch(/Maksimal 200 butir/);
    expect(banyak.teks).not.toMatch(/Too big|expected/);
    const masukKosong = await minta(s.app, 'POST', '/api/v1/auth/login', { body: { username: 'admin' } });
    expect(masukKosong.status).toBe(400);
    expect(masukKosong.teks).toMatch(/Wajib diisi/);
  });

  it('a pull page is bounded by bytes as well as count; following next still brings every change once', async () => {
    // 80 rakor of ~60 KiB each (notulen of 20 000 three-byte characters): ~4.7 MiB in all.
    const notulen = '€'.repeat(20_000);
    const ids: string[] = Array.from({ length: 80 }, () => keyRakor());
    for (let i = 0; i < ids.length; i += 20) {
      const hasil = await pushGzip(
        ...ids.slice(i, i + 20).map((id) => put('rakor', id, { tanggal: '2026-07-20', tempat: 'Aula', pimpinan: PEJABAT, notulen })),
      );
      expect(hasil.every((r) => r.status === 'applied')).toBe(true);
    }
    const j = await minta(s.app, 'GET', '/api/v1/sync/pull?since=0&limit=5000', { token: admin.token });
    expect(j.status).toBe(200);
    expect(j.json.more).toBe(true);
    // 4 MiB hold about 70 of them: the page stops at the byte budget, not at the 5000 asked for.
    expect(j.json.changes.length).toBeLessThan(ids.length);
    expect(j.json.changes.length).toBeGreaterThan(60);
    expect(Buffer.byteLength(j.teks)).toBeLessThanOrEqual(MAKS_BYTE_PULL + MAKS_BYTE_RECORD.rakor + 64 * 1024);
    const semua = await tarikSemua(s.app, admin.token, 0, 5000);
    expect(semua.filter((c) => c.table === 'rakor' && ids.includes(c.key))).toHaveLength(ids.length);
    expect(new Set(semua.map((c) => c.rev)).size).toBe(semua.length);
    // The store's own budget: a tiny one still returns one record per page and never skips one.
    const store = new SyncStore(s.db);
    const p1 = await store.pull(0, 5000, 1);
    expect(p1.changes).toHaveLength(1);
    expect(p1.more).toBe(true);
    const p2 = await store.pull(p1.next, 5000, 1);
    expect(p2.changes[0]!.rev).toBeGreaterThan(p1.next);
    expect(semua.map((c) => c.rev)[1]).toBe(p2.changes[0]!.rev);
  });

  it('a tombstone carries no data: deleting a large record frees its space', async () => {
    const id = keyRakor();
    const notulen = 'n'.repeat(19_000);
    const [r] = await k.pushOk(put('rakor', id, { tanggal: '2026-04-20', tempat: 'Aula', pimpinan: PEJABAT, notulen }));
    const [d] = await k.pushOk(hapus('rakor', id, r && 'rev' in r ? r.rev : 0));
    expect(d?.status).toBe('applied');
    const p = await tarik(s.app, admin.token, (d && 'rev' in d ? d.rev : 1) - 1);
    const nisan = p.changes.find((c) => c.key === id)!;
    expect(nisan.deleted).toBe(true);
    expect(nisan.record).not.toHaveProperty('notulen');
    expect(JSON.stringify(nisan.record).length).toBeLessThan(400);
    const [row] = await s.db.query(`SELECT octet_length(data::text) AS n FROM records WHERE tbl = 'rakor' AND id = $1`, [id]);
    expect(Number(row?.n)).toBeLessThan(400);
  });

  it('migration 004 strips the data of tombstones written before tombstones lost their data', async () => {
    const id = randomUUID();
    await s.db.query(`INSERT INTO records (tbl, id, rev, deleted, data) VALUES ('rakor', $1, 999999, true, $2::jsonb)`, [
      id,
      JSON.stringify({ id, rev: 999999, deleted: true, tahun: 2026, triwulan: 1, notulen: 'x'.repeat(10_000), tempat: 'Aula' }),
    ]);
    await s.db.query('DELETE FROM schema_migrations WHERE version = 4');
    await migrasi(s.db);
    const [row] = await s.db.query(`SELECT data FROM records WHERE tbl = 'rakor' AND id = $1`, [id]);
    expect(row?.data).toEqual({ id, rev: 999999, deleted: true, tahun: 2026, triwulan: 1 });
    await s.db.query('DELETE FROM records WHERE id = $1', [id]);
  });

  it('every request body is limited before it is parsed: /auth/login does not read 100 MB', async () => {
    let dibaca = 0;
    const potong = new Uint8Array(64 * 1024).fill(0x20);
    const seratusMb = new ReadableStream<Uint8Array>({
      pull(ctl) {
        if (dibaca >= 100 * 1024 * 1024) return ctl.close();
        dibaca += potong.byteLength;
        ctl.enqueue(potong);
      },
    });
    const res = await s.app.request('/api/v1/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: seratusMb,
      duplex: 'half',
    } as RequestInit);
    expect(res.status).toBe(413);
    const body = await res.json();
    expect(body.error.code).toBe('terlalu_besar');
    expect(dibaca).toBeLessThan(4 * MAKS_BYTE_PERMINTAAN);
    // With a Content-Length header it is refused without reading at all, on every route.
    for (const [method, path] of [
      ['POST', '/api/v1/auth/login'],
      ['POST', '/api/v1/users'],
      ['PATCH', `/api/v1/users/${randomUUID()}`],
      ['POST', '/api/v1/auth/logout'],
    ] as const) {
      const j = await minta(s.app, method, path, {
        token: admin.token,
        mentah: 'x'.repeat(MAKS_BYTE_PERMINTAAN + 1),
        headers: { 'Content-Type': 'application/json', 'Content-Length': String(MAKS_BYTE_PERMINTAAN + 1) },
      });
      harapGalat(j, 413, 'terlalu_besar');
    }
    // A push keeps its own, larger limit.
    const h = await k.kirim({ clientId: k.clientId, schemaVersion: SCHEMA_VERSION, mutations: [], pad: 'x'.repeat(200 * 1024) });
    expect(h.status).not.toBe(413);
  });
});
