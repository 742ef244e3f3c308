/**
 * Upgrade with unsynced work (docs/architecture.md "Local storage", issue 6 part 4): for EVERY Dexie schema version
 * declared in src/db/database.ts (read from its source, so a new version is picked up by itself),
 * a tablet database is written exactly as the app of that version left it — created with raw Dexie
 * and that version's stores, holding synced records, a pull cursor, an earlier rejection and
 * unsynced outbox mutations (edits that merge, an edit that conflicts, creates, a delete, a create
 * in a locked quarter) — then opened with the current PantauDB and synced by the current engine
 * to the real server (createApp on in-memory PGlite). Every mutation must arrive exactly once with
 * the answer the contract gives it, and nothing the user typed may be lost: values on the server,
 * a konflik for the race, the rejection kept on the tablet.
 *
 * While there is only version 1 this opens a v1 database written by the v1 code (the same schema)
 * and syncs it; when a version is added, give BENTUK_LAMA how that version stored a record.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Dexie } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as modulDb from '../../../src/db/database.ts';
import { PantauDB } from '../../../src/db/database.ts';
import { MesinSinkron } from '../../../src/sync/engine.ts';
import { StatusSinkron } from '../../../src/sync/status.svelte.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import type { createApp } from '../../../src/server/app.ts';
import type { Db } from '../../../src/server/db.ts';
import { idAlami, NAMA_TABEL, recordSchemas, type NamaTabel } from '../../../src/domain/schemas.ts';
import { SCHEMA_VERSION, type Change, type MutationResult } from '../../../src/shared/protocol.ts';
import { serverUji } from '../sync/bantu-sync.ts';

type Rec = Record<string, unknown>;

/** Every `this.version(n).stores(X)` of PantauDB, in order, with X resolved from the module's exports. */
function versiTerdeklarasi(): { versi: number; nama: string; stores: Record<string, string> }[] {
  const sumber = readFileSync(new URL('../../../src/db/database.ts', import.meta.url), 'utf8');
  const hasil = [...sumber.matchAll(/\.version\(\s*(\d+)\s*\)\s*\.stores\(\s*([A-Za-z_$][\w$]*)\s*\)/g)].map((m) => {
    const nama = m[2]!;
    const stores = (modulDb as Record<string, unknown>)[nama];
    if (!stores || typeof stores !== 'object')
      throw new Error(`src/db/database.ts: stores "${nama}" of version ${m[1]} must be an exported constant (this test writes databases of every version)`);
    return { versi: Number(m[1]), nama, stores: stores as Record<string, string> };
  });
  return hasil.sort((a, b) => a.versi - b.versi);
}

/**
 * How each version stored a record, from a record of today's shape. Version 1 is today's shape.
 * A version that changes a record's shape must say here how its records looked.
 */
const BENTUK_LAMA: Record<number, (table: NamaTabel, rec: Rec) => Rec> = {
  // Version 1 had no pejabat references, cascade or pohon kinerja links (issue 13).
  1: (t, rec) => {
    const { pihakPertamaId: _a, pihakKeduaId: _b, pkIndukId: _c, mendukungId: _d, ...lama } = rec;
    return t === 'pk' || t === 'indikator' ? lama : rec;
  },
  2: (_t, rec) => rec,
  // Version 3 only adds the tindakLanjutArahan store (issue 9 point 5); new fields such as opd.aktif and
  // arahan.riwayat have defaults, and screens read a missing `aktif` as active.
  3: (_t, rec) => rec,
  // Version 4 only adds the buktiDukung and berkasLokal stores (issue 15).
  4: (_t, rec) => rec,
  // Version 5 only adds the pratinjauLokal and berkasLuring stores (issue 15 point 4).
  5: (_t, rec) => rec,
};

const VERSI = versiTerdeklarasi();
const AT = '2026-11-20T09:00:00+07:00';

let db: Db;
let app: ReturnType<typeof createApp>;
let token: string;
const fetchApp: FetchFn = async (input, init) => app.request(String(input instanceof Request ? input.url : input), init);

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await app.request(`/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const teks = await res.text();
  if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${teks}`);
  return teks ? JSON.parse(teks) : null;
}

async function tarikSemua(): Promise<Change[]> {
  const out: Change[] = [];
  let since = 0;
  for (;;) {
    const p = await api('GET', `/sync/pull?since=${since}&limit=5000`);
    out.push(...p.changes);
    since = p.next;
    if (!p.more) return out;
  }
}

beforeAll(async () => {
  ({ db, app, token } = await serverUji());
}, 120_000);
afterAll(async () => {
  await db?.close();
});

describe('upgrade: a database written by each declared schema version, with unsynced mutations, syncs with the current code', () => {
  it('finds every version PantauDB declares', () => {
    expect(VERSI.length).toBeGreaterThan(0);
    expect(VERSI.map((v) => v.versi)).toEqual(VERSI.map((_, i) => i + 1));
    expect(Math.max(...VERSI.map((v) => v.versi))).toBe(new PantauDB(`hitung-${randomUUID()}`).verno);
    for (const v of VERSI) expect(BENTUK_LAMA[v.versi], `BENTUK_LAMA tidak tahu bentuk record versi ${v.versi}`).toBeDefined();
  });

  for (const { versi } of VERSI) {
    it(`version ${versi}: every outbox mutation arrives once, nothing typed is lost`, async () => {
      // ---- the tablet's earlier life: it pushed the structure as client C (seqs 1..k) and pulled.
      const C = randomUUID();
      const opdId = randomUUID();
      const pkId = randomUUID();
      const sasaranId = randomUUID();
      const indId = randomUUID();
      const progTetap = randomUUID();
      const progHapus = randomUUID();
      const tw1 = idAlami.realisasi(indId, 'TW1');
      const kepala = { nama: 'Drs. Kepala', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
      const awal: [NamaTabel, string, Rec][] = [
        ['opd', opdId, { kode: `1.${versi}`, nama: `Dinas Uji ${versi}`, singkatan: `DU${versi}`, jenis: 'dinas', kepala }],
        ['pk', pkId, { opdId, tahun: 2026, versi: 1, tanggal: '2026-01-15', tanggalMulai: '2026-01-01', pihakPertama: kepala, pihakKedua: kepala }],
        ['sasaran', sasaranId, { pkId, opdId, uraian: 'Meningkatnya derajat kesehatan' }],
        ['indikator', indId, { pkId, sasaranId, opdId, uraian: 'Cakupan imunisasi', satuan: '%', polaritas: 'naik', agregasi: 'kumulatif', targetTahunan: 95 }],
        ['realisasi', tw1, { indikatorId: indId, opdId, tahun: 2026, periode: 'TW1', nilai: 10 }],
        ['program', progTetap, { pkId, opdId, nama: 'Program Pemenuhan Upaya Kesehatan', pagu: 1_000_000 }],
        ['program', progHapus, { pkId, opdId, nama: 'Program yang akan dihapus', pagu: 5_000 }],
      ];
      const k = awal.length;
      const j = await api('POST', '/sync/push', {
        clientId: C,
        schemaVersion: SCHEMA_VERSION,
        mutations: awal.map(([table, key, fields], i) => ({ id: randomUUID(), seq: i + 1, table, key, op: 'put', fields, baseRev: 0, at: AT })),
      });
      expect(j.results.map((r: MutationResult) => r.status)).toEqual(awal.map(() => 'applied'));
      const sebelum = await tarikSemua();
      const revTarik = Math.max(...sebelum.map((c) => c.rev));

      // ---- meanwhile, on the server: another tablet changes nilai and pagu; the admin locks TW3.
      const lain = randomUUID();
      const revOf = (key: string) => sebelum.find((c) => c.key === key)!.rev;
      await api('POST', '/sync/push', {
        clientId: lain,
        schemaVersion: SCHEMA_VERSION,
        mutations: [
          { id: randomUUID(), seq: 1, table: 'realisasi', key: tw1, op: 'put', fields: { nilai: 20 }, baseRev: revOf(tw1), at: AT },
          { id: randomUUID(), seq: 2, table: 'program', key: progTetap, op: 'put', fields: { pagu: 2_000_000 }, baseRev: revOf(progTetap), at: AT },
          {
            id: randomUUID(),
            seq: 3,
            table: 'kunciPeriode',
            key: idAlami.kunciPeriode(2026, 3),
            op: 'put',
            fields: { tahun: 2026, triwulan: 3, terkunci: true },
            baseRev: 0,
            at: AT,
          },
        ],
      });

      // ---- the database as version `versi` wrote it: synced records, cursor, an old rejection,
      // and offline work (record + outbox entry together, as every write of the app does).
      const nama = `upgrade-v${versi}-${randomUUID()}`;
      const lama = new Dexie(nama);
      for (const v of VERSI.filter((x) => x.versi <= versi)) lama.version(v.versi).stores(v.stores);
      await lama.open();
      const bentuk = BENTUK_LAMA[versi]!;
      for (const c of sebelum) await lama.table(c.table).put(bentuk(c.table, { ...c.record, id: c.key, rev: c.rev, deleted: c.deleted }));
      const rec = (t: NamaTabel, id: string) => sebelum.find((c) => c.table === t && c.key === id)!.record as Rec;
      const tw2 = idAlami.realisasi(indId, 'TW2');
      const tw3 = idAlami.realisasi(indId, 'TW3');
      const progBaru = randomUUID();
      const offline: { table: NamaTabel; key: string; op: 'put' | 'delete'; fields: Rec; baseRev: number; harap: MutationResult['status'] }[] = [
        { table: 'realisasi', key: tw1, op: 'put', fields: { nilai: 11 }, baseRev: revOf(tw1), harap: 'conflict' },
        { table: 'realisasi', key: tw1, op: 'put', fields: { catatan: 'Diisi di aula tanpa sinyal' }, baseRev: revOf(tw1), harap: 'merged' },
        {
          table: 'realisasi',
          key: tw2,
          op: 'put',
          fields: {
            indikatorId: indId,
            opdId,
            tahun: 2026,
            periode: 'TW2',
            nilai: 47.5,
            tdi: false,
            alasanTdi: '',
            catatan: '',
            masalah: 'Vaksin terlambat',
            solusi: '',
            tindakLanjut: '',
          },
          baseRev: 0,
          harap: 'applied',
        },
        { table: 'program', key: progTetap, op: 'put', fields: { keterangan: 'Tender ulang' }, baseRev: revOf(progTetap), harap: 'merged' },
        {
          table: 'program',
          key: progBaru,
          op: 'put',
          fields: {
            pkId,
            opdId,
            kode: '',
            nama: 'Program baru di lapangan',
            pagu: 250_000,
            targetFisik: 100,
            statusPengadaan: 'belum',
            keterangan: '',
            urutan: 2,
          },
          baseRev: 0,
          harap: 'applied',
        },
        { table: 'program', key: progHapus, op: 'delete', fields: {}, baseRev: revOf(progHapus), harap: 'applied' },
        {
          table: 'realisasi',
          key: tw3,
          op: 'put',
          fields: {
            indikatorId: indId,
            opdId,
            tahun: 2026,
            periode: 'TW3',
            nilai: 60,
            tdi: false,
            alasanTdi: '',
            catatan: '',
            masalah: '',
            solusi: '',
            tindakLanjut: '',
          },
          baseRev: 0,
          harap: 'rejected',
        },
      ];
      const lokal = new Map<string, Rec>();
      const ambilLokal = (t: NamaTabel, id: string): Rec | null =>
        lokal.get(`${t}:${id}`) ?? (sebelum.some((c) => c.table === t && c.key === id) ? { ...rec(t, id) } : null);
      const now = '2026-11-20T02:00:00.000Z';
      const outbox = offline.map((m, i) => {
        const r = ambilLokal(m.table, m.key);
        const baru =
          m.op === 'delete'
            ? { ...r!, deleted: true, updatedAt: now, updatedBy: 'admin' }
            : (recordSchemas[m.table].parse({ ...(r ?? { id: m.key, rev: 0 }), ...m.fields, updatedAt: now, updatedBy: 'admin' }) as Rec);
        lokal.set(`${m.table}:${m.key}`, baru);
        return { id: randomUUID(), seq: k + 1 + i, table: m.table, key: m.key, op: m.op, fields: m.fields, baseRev: m.baseRev, at: AT };
      });
      for (const r of lokal.entries()) {
        const [t] = r[0].split(':') as [NamaTabel];
        await lama.table(t).put(bentuk(t, r[1]));
      }
      await lama.table('outbox').bulkAdd(outbox);
      const ditolakDulu = {
        id: `sasaran:${sasaranId}`,
        table: 'sasaran',
        key: sasaranId,
        reason: 'PK sudah ditandatangani (contoh penolakan lama)',
        fields: { uraian: 'Teks yang dulu ditolak' },
        at: AT,
      };
      await lama.table('penolakan').put(ditolakDulu);
      await lama.table('meta').bulkPut([
        { key: 'clientId', value: C },
        { key: 'lastSeq', value: k + offline.length },
        { key: 'pullRev', value: revTarik },
        { key: 'terakhirSinkron', value: '2026-11-19T08:00:00.000Z' },
      ]);
      lama.close();

      // ---- today's app opens it and syncs.
      const baru = new PantauDB(nama);
      await baru.open();
      expect(baru.verno).toBe(Math.max(...VERSI.map((v) => v.versi)));
      expect(await baru.outbox.orderBy('seq').toArray()).toEqual(outbox);
      const status = new StatusSinkron();
      const mesin = new MesinSinkron({
        db: baru,
        baseUrl: 'http://uji',
        getToken: () => token,
        fetch: fetchApp,
        status,
        buatSumberPeristiwa: null,
        intervalMs: 0,
      });
      await mesin.sinkronSekarang();
      await mesin.sinkronSekarang();
      expect(status.current.galat).toBeNull();

      // Every mutation arrived exactly once, under the same client, with the contract's answer.
      expect((await baru.meta.get('clientId'))?.value).toBe(C);
      expect(await baru.outbox.count()).toBe(0);
      const [klien] = await db.query('SELECT last_seq FROM clients WHERE client_id = $1', [C]);
      expect(Number(klien?.last_seq)).toBe(k + offline.length);
      const hasil = await db.query('SELECT seq, result FROM client_results WHERE client_id = $1 AND seq > $2 ORDER BY seq', [C, k]);
      expect(hasil.map((r) => Number(r.seq))).toEqual(outbox.map((m) => m.seq));
      expect(hasil.map((r) => (r.result as MutationResult).status)).toEqual(offline.map((m) => m.harap));

      // Nothing typed is lost: values on the server, the race as a konflik, the rejection kept.
      const server = new Map((await tarikSemua()).map((c) => [`${c.table}:${c.key}`, { ...c.record, id: c.key, rev: c.rev, deleted: c.deleted } as Rec]));
      expect(server.get(`realisasi:${tw1}`)).toMatchObject({ nilai: 20, catatan: 'Diisi di aula tanpa sinyal' });
      const konflik = [...server.values()].filter((r) => r.recordId === tw1);
      expect(konflik).toEqual([
        expect.objectContaining({ tabel: 'realisasi', field: 'nilai', nilaiServer: 20, nilaiMasuk: 11, olehMasuk: 'admin', status: 'terbuka' }),
      ]);
      expect(server.get(`realisasi:${tw2}`)).toMatchObject({ nilai: 47.5, masalah: 'Vaksin terlambat' });
      expect(server.get(`program:${progTetap}`)).toMatchObject({ pagu: 2_000_000, keterangan: 'Tender ulang' });
      expect(server.get(`program:${progBaru}`)).toMatchObject({ nama: 'Program baru di lapangan', pagu: 250_000 });
      expect(server.get(`program:${progHapus}`)).toMatchObject({ deleted: true });
      expect(server.has(`realisasi:${tw3}`)).toBe(false);
      expect(await baru.penolakan.get(`realisasi:${tw3}`)).toMatchObject({
        reason: expect.stringMatching(/dikunci/),
        fields: expect.objectContaining({ nilai: 60 }),
      });
      expect((await baru.realisasi.get(tw3))?.nilai).toBe(60);
      expect(await baru.penolakan.get(`sasaran:${sasaranId}`)).toEqual(ditolakDulu);

      // And the tablet now holds the server's copy of everything it has no pending rejection for.
      const ditahan = new Set((await baru.penolakan.toArray()).map((p) => p.id));
      for (const t of NAMA_TABEL) {
        for (const r of (await baru.table(t).toArray()) as Rec[]) {
          const kunci = `${t}:${String(r.id)}`;
          if (ditahan.has(kunci)) continue;
          expect(r, kunci).toEqual(server.get(kunci));
        }
      }
      for (const kunci of server.keys()) if (!ditahan.has(kunci)) expect(await baru.table(kunci.split(':')[0]!).get(kunci.split(':')[1]!), kunci).toBeDefined();
      baru.close();
    }, 60_000);
  }
});
