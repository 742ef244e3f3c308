/**
 * What a pull page costs follows what it sends (issue 17 §1/§3; docs/sync-protocol.md "GET /sync/pull",
 * src/server/sync.store.ts `pull`): the byte cut sums each record's stored size (`records.ukuran`,
 * migrations/009_ukuran_record.sql) plus its envelope, and the change's JSON text is made by
 * concatenation for the records kept only. Checked here:
 * - every change parses to exactly the stored record, and to what `json_build_object` made before,
 *   whatever its strings hold (quotes, backslashes, newlines, `</script>`, unicode), with numbers,
 *   nested arrays, nulls, a konflik and a tombstone; the answer passes `pullResponseSchema`;
 * - the budget counts the bytes the page sends, exactly: a page ends at the record that crosses it;
 * - the stored size follows every write (create, edit, delete, konflik);
 * - migration 009 on a database the earlier migrations made, with records in it, fills the size.
 * That the cost no longer grows with `limit` is measured, not asserted (it is a timing):
 * docs/sync-protocol.md "Cursor and locks" has the numbers.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { idAlami } from '../../src/domain/schemas.ts';
import { daftarMigrasi, migrasi, type Db } from '../../src/server/db.ts';
import { SyncStore, type LingkupTahun } from '../../src/server/sync.store.ts';
import { MIN_BYTE_PULL, pullResponseSchema } from '../../src/shared/protocol.ts';
import { dbTanpaMigrasi, hapus, JENIS, Klien, keyRakor, masuk, minta, PASSWORD_ADMIN, put, revServer, serverBaru, type Server, type Sesi } from './bantu.ts';

const PEJABAT = { nama: 'Siti "Ani" Aminah', nip: '', jabatan: 'Sekretaris\\Daerah', pangkat: '' };

/** A whole new rakor (the fields a put that creates one needs) with these fields. */
const rakorBaru = (fields: Record<string, unknown>) => ({ tanggal: '2026-07-20', tempat: 'Aula', pimpinan: PEJABAT, ...fields });

/** Pushes and expects every mutation applied; the results. */
async function terapkan(k: Klien, ...ms: Parameters<Klien['pushOk']>) {
  const r = await k.pushOk(...ms);
  for (const x of r) expect(x.status, JSON.stringify(x)).toBe('applied');
  return r;
}

/** Strings a hand-written JSON builder would get wrong. */
const ANEH = [
  'kutip " ganda dan \' tunggal',
  'garis miring terbalik \\ di tengah dan di akhir \\',
  '\\"sudah di-escape\\"',
  'baris\nbaru\r\ndan\ttab, \b \f \u0001 \u001f \u007f',
  '</script><script>alert("x")</script>',
  'é ñ ü — “kutip” 中文 😀 \u2028 \u2029 \ufeff',
  '{"table":"opd","key":"bukan-json-sungguhan"}',
];

/** The change as the page query before issue 17 §1/§3 made it, parsed. */
async function lama(db: Db): Promise<Map<string, unknown>> {
  const rows = await db.query<{ tbl: string; id: string; teks: string }>(
    `SELECT tbl, id::text AS id, json_build_object('table', tbl, 'key', id, 'rev', rev, 'deleted', deleted, 'record', data)::text AS teks FROM records`,
  );
  return new Map(rows.map((r) => [`${r.tbl}/${r.id}`, JSON.parse(r.teks)]));
}

/** The stored records as the driver reads them, as changes. */
async function tersimpan(db: Db): Promise<Map<string, unknown>> {
  const rows = await db.query<{ tbl: string; id: string; rev: unknown; deleted: boolean; data: unknown }>(
    'SELECT tbl, id::text AS id, rev, deleted, data FROM records',
  );
  return new Map(rows.map((r) => [`${r.tbl}/${r.id}`, { table: r.tbl, key: r.id, rev: Number(r.rev), deleted: r.deleted, record: r.data }]));
}

/** Every page from `since` (store level), following `next`. */
async function semuaHalaman(store: SyncStore, since: number, limit: number, maksByte: number, lingkup?: LingkupTahun) {
  const hal: Awaited<ReturnType<SyncStore['pull']>>[] = [];
  for (let i = 0; i < 1000; i++) {
    const p = await store.pull(since, limit, maksByte, lingkup);
    hal.push(p);
    if (!p.more) return hal;
    since = p.next;
  }
  throw new Error('tidak selesai');
}

/** A stored record whose size differs from the bytes of its JSON text (none, when the column is kept). */
const ukuranSalah = async (db: Db) =>
  (await db.query<{ id: string }>('SELECT id::text AS id FROM records WHERE ukuran IS DISTINCT FROM octet_length(data::text)')).map((r) => r.id);

describe.each(JENIS)('pull page text and byte budget (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let store: SyncStore;
  let konflikId = '';
  const pkId = randomUUID();
  const tombstone = keyRakor();

  beforeAll(async () => {
    s = await serverBaru(jenis);
    store = new SyncStore(s.db);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    const a = new Klien(s.app, admin.token);
    const b = new Klien(s.app, admin.token);
    const key = keyRakor();
    const [r] = await terapkan(a, put('rakor', key, rakorBaru({ tempat: ANEH[0], agenda: ANEH.map((x) => `${x}.`), notulen: ANEH.join(' | ') })));
    const rev0 = r && 'rev' in r ? r.rev : 0;
    // The same field from the same base by another tablet: a konflik holding both strange values.
    await terapkan(a, put('rakor', key, { notulen: ANEH.slice(2).join('\n') }, rev0));
    const [k] = await b.pushOk(put('rakor', key, { notulen: ANEH.slice().reverse().join('\\') }, rev0));
    expect(k?.status, JSON.stringify(k)).toBe('conflict');
    konflikId = k?.status === 'conflict' ? k.konflikIds[0]! : '';
    // A tombstone: its data is stripped to the fields that identify it.
    await terapkan(a, put('rakor', tombstone, rakorBaru({ notulen: 'dihapus' })));
    await terapkan(a, hapus('rakor', tombstone, await revServer(s.db)));
    // Any JSON a field may hold (pk.snapshot is free JSON): numbers, nested arrays, nulls, odd keys.
    const snapshot = {
      angka: [0, -1, 1.5, 2.5, -0.125, 1e-7, 1e21, 12345678901234567890, 2 ** 53 + 1],
      bersarang: [[1, [2, [3, null]]], [], {}, [{ a: [true, false, null] }]],
      kosong: null,
      'kunci "aneh" \\ \n': ANEH,
      '😀': { '</script>': '' },
    };
    await s.db.query(
      `WITH n AS (UPDATE sync_state SET rev = rev + 1 WHERE id = 1 RETURNING rev)
       INSERT INTO records (tbl, id, rev, deleted, data) SELECT 'pk', $1::uuid, n.rev, false, $2::jsonb || jsonb_build_object('rev', n.rev) FROM n`,
      [pkId, JSON.stringify({ id: pkId, tahun: 2026, versi: 1, status: 'ditandatangani', updatedAt: '2026-11-23T09:00:00+07:00', snapshot })],
    );
  });
  afterAll(async () => {
    await s?.tutup();
  });

  it('every change parses to the stored record, as json_build_object made it; the answer passes pullResponseSchema', async () => {
    const harap = await tersimpan(s.db);
    const dulu = await lama(s.db);
    const teksData = new Map(
      (await s.db.query<{ tbl: string; id: string; teks: string }>('SELECT tbl, id::text AS id, data::text AS teks FROM records')).map((r) => [
        `${r.tbl}/${r.id}`,
        r.teks,
      ]),
    );
    expect(harap.get(`konflik/${konflikId}`)).toBeDefined();
    expect(harap.get(`rakor/${tombstone}`)).toMatchObject({ deleted: true });
    expect(harap.get(`pk/${pkId}`)).toBeDefined();
    const lingkup: (LingkupTahun | undefined)[] = [undefined, { tahunMin: 2000, tahun: [] }, { tahunMin: 2100, tahun: [2026] }];
    for (const l of lingkup) {
      for (const [limit, maksByte] of [
        [5000, 4 << 20],
        [2, 4 << 20],
        [5000, 1],
      ] as const) {
        const dilihat = new Set<string>();
        for (const p of await semuaHalaman(store, 0, limit, maksByte, l)) {
          for (const ch of p.changes) {
            const c = JSON.parse(ch.json) as { table: string; key: string };
            const k = `${c.table}/${c.key}`;
            expect(c).toEqual(harap.get(k));
            expect(c).toEqual(dulu.get(k));
            expect(ch.tabelKonflik).toBe(c.table === 'konflik' ? 'rakor' : null);
            // Compact: no spaces around the envelope's colons; the record as PostgreSQL writes the jsonb.
            const { rev, deleted } = c as unknown as { rev: number; deleted: boolean };
            expect(ch.json).toBe(`{"table":"${c.table}","key":"${c.key}","rev":${rev},"deleted":${deleted},"record":${teksData.get(k)}}`);
            dilihat.add(k);
          }
        }
        if (!l) expect([...dilihat].sort()).toEqual([...harap.keys()].sort());
      }
    }
    const j = await minta(s.app, 'GET', '/api/v1/sync/pull?since=0&limit=5000', { token: admin.token });
    expect(j.status, j.teks).toBe(200);
    const p = pullResponseSchema.parse(j.json);
    expect(p.more).toBe(false);
    expect(new Map(p.changes.map((c) => [`${c.table}/${c.key}`, c]))).toEqual(harap);
    // The strange strings arrive as typed.
    const rakor = p.changes.find((c) => c.table === 'rakor' && !c.deleted)!.record!;
    expect(rakor.agenda).toEqual(ANEH.map((x) => `${x}.`));
    expect(rakor.pimpinan).toEqual(PEJABAT);
  });

  it('the budget counts the bytes the page sends: it ends at the record that crosses it; the first always comes', async () => {
    const since = await revServer(s.db);
    const a = new Klien(s.app, admin.token);
    // Six rakor of ~12 KB of JSON text each, with two-byte characters and escapes (bytes ≠ characters).
    for (let i = 0; i < 6; i++) await terapkan(a, put('rakor', keyRakor(), rakorBaru({ notulen: `${'é'.repeat(4000 + i)}${'"\\\n'.repeat(1000)}` })));
    const semua = await store.pull(since, 5000, 1 << 30);
    expect(semua.changes).toHaveLength(6);
    const ukuran = semua.changes.map((c) => Buffer.byteLength(c.json));
    for (const u of ukuran) expect(u).toBeGreaterThan(12_000);
    let jumlah = 0;
    for (let k = 1; k <= 6; k++) {
      jumlah += ukuran[k - 1]!;
      // The first k records are the budget exactly: the next one starts at it, so the page is k.
      const pas = await store.pull(since, 5000, jumlah);
      expect(pas.changes.map((c) => c.rev)).toEqual(semua.changes.slice(0, k).map((c) => c.rev));
      expect(pas.more).toBe(k < 6);
      expect(pas.next).toBe(semua.changes[k - 1]!.rev);
      // One byte more: the next record starts below it and goes, crossing it.
      const lebih = await store.pull(since, 5000, jumlah + 1);
      expect(lebih.changes).toHaveLength(Math.min(k + 1, 6));
      const teks = lebih.changes.reduce((n, c) => n + Buffer.byteLength(c.json), 0);
      expect(teks - Buffer.byteLength(lebih.changes.at(-1)!.json)).toBeLessThan(jumlah + 1);
    }
    const satu = await store.pull(since, 5000, 1);
    expect(satu.changes).toHaveLength(1);
    expect(satu.more).toBe(true);
    // Over HTTP at the smallest budget the client may ask: pages of whole records, each within the
    // budget plus its last record, every record once.
    let cursor = since;
    const revs: number[] = [];
    for (;;) {
      const j = await minta(s.app, 'GET', `/api/v1/sync/pull?since=${cursor}&limit=5000&maksByte=${MIN_BYTE_PULL}`, { token: admin.token });
      const p = pullResponseSchema.parse(j.json);
      const byte = p.changes.map((c) => ukuran[semua.changes.findIndex((x) => x.rev === c.rev)]!);
      expect(byte.slice(0, -1).reduce((x, y) => x + y, 0)).toBeLessThan(MIN_BYTE_PULL);
      if (p.more) expect(byte.reduce((x, y) => x + y, 0)).toBeGreaterThanOrEqual(MIN_BYTE_PULL);
      revs.push(...p.changes.map((c) => c.rev));
      cursor = p.next;
      if (!p.more) break;
    }
    expect(revs).toEqual(semua.changes.map((c) => c.rev));
  });

  it('the stored size follows every write: create, edit, konflik, delete, a hand-made insert', async () => {
    expect(await ukuranSalah(s.db)).toEqual([]);
    const [n] = await s.db.query<{ n: unknown }>('SELECT count(*) AS n FROM records WHERE ukuran > 0');
    expect(Number(n!.n)).toBeGreaterThan(8);
  });
});

describe.each(JENIS)('migration 009 on a database with records (%s)', (jenis) => {
  const buka = dbTanpaMigrasi(jenis, 'pantau-migrasi-009-');

  it('the earlier migrations, records written, then 009: every size is filled and the pages are whole', async () => {
    const { dbu, dir } = await buka();
    for (const m of daftarMigrasi().filter((m) => m.versi < 9))
      copyFileSync(join(import.meta.dirname, '../../src/server/migrations', m.nama), join(dir, m.nama));
    expect(await migrasi(dbu.db, dir)).toBe(8);
    const store = new SyncStore(dbu.db);
    // Through the demo loader (the write path of setup) on the old schema: a PK with a large
    // snapshot (compressed when stored: its stored size is far below its text), rakor, a tombstone.
    const besar = { baris: Array.from({ length: 400 }, (_, i) => ({ i, uraian: `Indikator "${i}" — ${ANEH[i % ANEH.length]}` })) };
    await store.muat({
      rakor: [0, 1, 2].map((i) => ({
        id: idAlami.rakor(2040, i + 1),
        tahun: 2040,
        triwulan: i + 1,
        tanggal: '2040-03-20',
        tempat: ANEH[i],
        pimpinan: PEJABAT,
        notulen: ANEH.join('\n'),
        updatedAt: '2026-11-23T09:00:00+07:00',
      })),
      pk: [
        {
          id: randomUUID(),
          opdId: randomUUID(),
          tahun: 2026,
          versi: 1,
          tanggal: '2026-01-02',
          tanggalMulai: '2026-01-02',
          status: 'ditandatangani',
          pihakPertama: PEJABAT,
          pihakKedua: PEJABAT,
          snapshot: besar,
          updatedAt: '2026-11-23T09:00:00+07:00',
        },
      ],
    });
    await dbu.db.query(
      `INSERT INTO records (tbl, id, rev, deleted, data) SELECT 'rakor', $1::uuid, rev + 1, true, jsonb_build_object('id', $1::text, 'rev', rev + 1, 'deleted', true) FROM sync_state WHERE id = 1`,
      [randomUUID()],
    );
    await dbu.db.query('UPDATE sync_state SET rev = rev + 1 WHERE id = 1');
    const [kolom] = await dbu.db.query<{ n: unknown }>(
      `SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'records' AND column_name = 'ukuran'`,
    );
    expect(Number(kolom!.n)).toBe(0);

    expect(await migrasi(dbu.db)).toBeGreaterThanOrEqual(9);
    expect(await ukuranSalah(dbu.db)).toEqual([]);
    const [pk] = await dbu.db.query<{ ukuran: number; simpan: number }>(`SELECT ukuran, pg_column_size(data) AS simpan FROM records WHERE tbl = 'pk'`);
    expect(pk!.ukuran).toBeGreaterThan(20_000);
    expect(Number(pk!.simpan)).toBeLessThan(pk!.ukuran);

    const harap = await tersimpan(dbu.db);
    expect(harap.size).toBe(5);
    const dilihat = new Map<string, unknown>();
    for (const p of await semuaHalaman(store, 0, 5000, 1)) {
      expect(p.changes).toHaveLength(1);
      for (const ch of p.changes) {
        const c = JSON.parse(ch.json) as { table: string; key: string };
        dilihat.set(`${c.table}/${c.key}`, c);
      }
    }
    expect(dilihat).toEqual(harap);
    // A write after the migration keeps it too.
    await store.muat({
      rakor: [
        {
          id: idAlami.rakor(2041, 1),
          tahun: 2041,
          triwulan: 1,
          tanggal: '2041-03-20',
          tempat: 'Aula',
          pimpinan: PEJABAT,
          updatedAt: '2026-11-23T09:00:00+07:00',
        },
      ],
    });
    expect(await ukuranSalah(dbu.db)).toEqual([]);
  });
});
