/**
 * GET /ringkasan reads one year, not all history (issue 17 §6; docs/sync-protocol.md
 * "GET /ringkasan"): the answer equals hitungRingkasan over the old full read of every live record,
 * for every year and quarter of the demo data at K = 1 and K = 4; the year's queries can use the
 * indexes of migration 006; and the summary is remembered until the data (rev, epoch) or the day
 * changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hitungRingkasan, type DataPemda } from '../../src/domain/ringkasan.ts';
import type { Triwulan } from '../../src/domain/periode.ts';
import { bacaDataRingkasan, RingkasanServer, TABEL_RINGKASAN } from '../../src/server/ringkasan.ts';
import type { Kueri } from '../../src/server/db.ts';
import { SyncStore } from '../../src/server/sync.store.ts';
import { JENIS, masuk, minta, serverBaru, type Server } from './bantu.ts';

/** The summary as GET /ringkasan computed it before issue 17: from every live record of every year. */
async function dariSemua(s: Server, tahun: number, tw: Triwulan): Promise<unknown> {
  const semua = await new SyncStore(s.db).semua(TABEL_RINGKASAN);
  const data = { ...semua, pemda: semua.pemda?.[0] ?? null } as unknown as DataPemda;
  return JSON.parse(JSON.stringify(hitungRingkasan(data, tahun, tw, s.jam.now())));
}

const TW = [1, 2, 3, 4] as const;

/** Moves the change counter as a push does; the rows a test changes get this rev. */
async function revBaru(tx: Kueri): Promise<number> {
  const [r] = await tx.query<{ rev: number }>('UPDATE sync_state SET rev = rev + 1 WHERE id = 1 RETURNING rev');
  return Number(r!.rev);
}

describe.each(JENIS.flatMap((j) => [1, 4].map((k) => [j, k] as const)))('ringkasan of one year equals the full read (%s, K=%i)', (jenis, kali) => {
  let s: Server;
  let token: string;
  const tahunDemo = kali === 1 ? [2025, 2026] : [2023, 2024, 2025, 2026];

  beforeAll(async () => {
    s = await serverBaru(jenis, { demo: true, kali });
    token = (await masuk(s.app, 'viewer')).token;
  }, 180_000);
  afterAll(async () => {
    await s?.tutup();
  });

  it.each(tahunDemo)('%i, every quarter', async (tahun) => {
    for (const tw of TW) {
      const j = await minta(s.app, 'GET', `/api/v1/ringkasan?tahun=${tahun}&triwulan=${tw}`, { token });
      expect(j.status).toBe(200);
      const harap = await dariSemua(s, tahun, tw);
      expect(j.json, `${tahun} TW${tw}`).toEqual(harap);
      expect(
        j.json.opd.some((o: { pk: unknown }) => o.pk !== null),
        `${tahun} TW${tw} has PKs`,
      ).toBe(true);
    }
  });

  it('a year without data gives the same empty summary as the full read', async () => {
    const j = await minta(s.app, 'GET', '/api/v1/ringkasan?tahun=2030&triwulan=1', { token });
    expect(j.json).toEqual(await dariSemua(s, 2030, 1));
    expect(j.json.opd.every((o: { keadaan: string }) => o.keadaan === 'belum-ada-pk')).toBe(true);
  });

  it('reads only that year: no pk, realisasi or realisasiAnggaran of another year, no PK snapshot', async () => {
    const d = await bacaDataRingkasan(s.db, 2026);
    expect(d.pk.length).toBeGreaterThan(0);
    expect(d.pk.every((p) => p.tahun === 2026 && !('snapshot' in p))).toBe(true);
    expect(d.realisasi.every((r) => r.tahun === 2026)).toBe(true);
    expect(d.realisasiAnggaran.every((r) => r.tahun === 2026)).toBe(true);
    const pkIds = new Set(d.pk.map((p) => p.id));
    expect(d.indikator.every((i) => pkIds.has(i.pkId))).toBe(true);
    expect(d.program.every((p) => pkIds.has(p.pkId))).toBe(true);
    const [n] = await s.db.query(`SELECT count(*) AS n FROM records WHERE tbl = 'indikator' AND NOT deleted`);
    expect(d.indikator.length).toBeLessThan(Number(n!.n) / (kali === 1 ? 1.5 : 3));
  });
});

describe.each(JENIS)('ringkasan: indexes, lineage across PKs, cache (%s)', (jenis) => {
  let s: Server;
  let token: string;

  beforeAll(async () => {
    s = await serverBaru(jenis, { demo: true });
    token = (await masuk(s.app, 'viewer')).token;
  }, 120_000);
  afterAll(async () => {
    await s?.tutup();
  });

  it('the per-year and per-PK queries can use the indexes of migration 006', async () => {
    const rencana = async (sql: string, p: unknown[]) =>
      s.db.transaction(async (tx) => {
        await tx.query('SET LOCAL enable_seqscan = off');
        const rows = await tx.query(`EXPLAIN ${sql}`, p);
        return rows.map((r) => String(Object.values(r)[0])).join('\n');
      });
    expect(
      await rencana(`SELECT data FROM records WHERE NOT deleted AND tbl = ANY($1::text[]) AND data->>'tahun' = $2`, [['pk', 'realisasi'], '2026']),
    ).toMatch(/records_tahun/);
    expect(
      await rencana(`SELECT data FROM records WHERE NOT deleted AND tbl = ANY($1::text[]) AND data->>'pkId' = ANY($2::text[])`, [['indikator'], ['x']]),
    ).toMatch(/records_pk/);
  });

  it('an indicator whose lineage or sasaran lies in another PK is summarised as the full read does', async () => {
    // A 2026 indicator made to descend (two steps) from 2025 ones, the older of which carries a 2026
    // TW1 value, and to sit under a 2025 sasaran of urutan > 0: only the lookups by id outside the
    // year's PKs find them (rantaiIndikator names one step without a lookup, not two).
    const [ind] = await s.db.query<{ id: string; data: Record<string, unknown> }>(
      `SELECT id::text AS id, data FROM records r WHERE tbl = 'indikator' AND NOT deleted AND data->>'indikatorAsalId' IS NULL
         AND data->>'pkId' IN (SELECT id::text FROM records WHERE tbl = 'pk' AND data->>'tahun' = '2026' AND data->>'versi' = '1' AND data->>'pkIndukId' IS NULL)
       LIMIT 1`,
    );
    expect(ind).toBeDefined();
    if (!ind) return;
    const sebelum = await dariSemua(s, 2026, 3);
    const [lama, lebihLama] = await s.db.query<{ id: string; sasaran: string }>(
      `SELECT i.id::text AS id, i.data->>'sasaranId' AS sasaran FROM records i JOIN records s ON s.tbl = 'sasaran' AND s.id::text = i.data->>'sasaranId'
         WHERE i.tbl = 'indikator' AND NOT i.deleted AND (s.data->>'urutan')::int > 0
         AND i.data->>'pkId' IN (SELECT id::text FROM records WHERE tbl = 'pk' AND data->>'tahun' = '2025') LIMIT 2`,
    );
    const realisasi = {
      ...(await s.db.query<{ data: Record<string, unknown> }>(`SELECT data FROM records WHERE tbl = 'realisasi' AND data->>'tahun' = '2026' LIMIT 1`))[0]!.data,
      id: crypto.randomUUID(),
      indikatorId: lebihLama!.id,
      opdId: ind.data.opdId,
      periode: 'TW1',
      nilai: 1,
      tdi: false,
      masalah: 'Masalah dari versi lama',
      solusi: 'Solusi',
    };
    await s.db.transaction(async (tx) => {
      const rev = await revBaru(tx);
      // Its own TW1 value goes (a tombstone), so the one inherited from the older version shows.
      await tx.query(
        `UPDATE records SET rev = $2, deleted = true, data = data || '{"deleted": true}'::jsonb WHERE tbl = 'realisasi' AND data->>'indikatorId' = $1 AND data->>'periode' = 'TW1'`,
        [ind.id, rev],
      );
      await tx.query(`UPDATE records SET rev = $3, data = data || $2::jsonb WHERE tbl = 'indikator' AND id = $1::uuid`, [
        ind.id,
        JSON.stringify({ indikatorAsalId: lama!.id, sasaranId: lama!.sasaran }),
        rev,
      ]);
      await tx.query(`UPDATE records SET rev = $3, data = data || $2::jsonb WHERE tbl = 'indikator' AND id = $1::uuid`, [
        lama!.id,
        JSON.stringify({ indikatorAsalId: lebihLama!.id }),
        rev,
      ]);
    });
    await new SyncStore(s.db).muat({ realisasi: [realisasi] });
    const harap = await dariSemua(s, 2026, 3);
    expect(harap).not.toEqual(sebelum);
    for (const tw of TW) {
      const j = await minta(s.app, 'GET', `/api/v1/ringkasan?tahun=2026&triwulan=${tw}`, { token });
      expect(j.json, `TW${tw}`).toEqual(await dariSemua(s, 2026, tw));
    }
  });

  it('remembers the summary until a change, another day, or another period', async () => {
    const r = new RingkasanServer(s.db);
    const now = new Date(s.jam.now());
    const a = await r.json(2026, 3, now);
    expect(await r.json(2026, 3, now)).toBe(a);
    expect(r.dihitung).toBe(1);
    // Another period is its own entry; the first stays remembered.
    expect(await r.json(2026, 2, now)).not.toBe(a);
    expect(await r.json(2026, 3, now)).toBe(a);
    expect(r.dihitung).toBe(2);
    // Tomorrow (in the pemda's zone) the due quarters and overdue arahan may differ: computed again.
    const besok = new Date(now.getTime() + 24 * 3600 * 1000);
    expect(JSON.parse(await r.json(2026, 3, besok))).toEqual(JSON.parse(JSON.stringify(hitungRingkasan(await bacaDataRingkasan(s.db, 2026), 2026, 3, besok))));
    expect(r.dihitung).toBe(3);
    // A pushed change moves the rev: the next request sees it.
    const opd = (await s.db.query<{ id: string }>(`SELECT id::text AS id FROM records WHERE tbl = 'opd' AND data->>'jenis' = 'dinas' LIMIT 1`))[0]!;
    await s.db.transaction(async (tx) => {
      const rev = await revBaru(tx);
      await tx.query(`UPDATE records SET rev = $2, data = jsonb_set(data, '{nama}', '"Dinas Yang Baru Dinamai"') WHERE tbl = 'opd' AND id = $1::uuid`, [
        opd.id,
        rev,
      ]);
    });
    const b = await r.json(2026, 3, now);
    expect(r.dihitung).toBe(4);
    expect(b).toContain('Dinas Yang Baru Dinamai');
    expect(a).not.toContain('Dinas Yang Baru Dinamai');
    // A restore gives the database a new epoch: nothing remembered from before is served.
    await s.db.query(`UPDATE sync_state SET epoch = gen_random_uuid() WHERE id = 1`);
    await r.json(2026, 3, now);
    expect(r.dihitung).toBe(5);
  });

  it('keeps at most `maks` summaries', async () => {
    const r = new RingkasanServer(s.db, 2);
    const now = s.jam.now();
    await r.json(2026, 1, now);
    await r.json(2026, 2, now);
    await r.json(2026, 3, now);
    expect(r.dihitung).toBe(3);
    await r.json(2026, 3, now);
    await r.json(2026, 2, now);
    expect(r.dihitung).toBe(3);
    await r.json(2026, 1, now); // the oldest was dropped
    expect(r.dihitung).toBe(4);
  });
});

describe.each(JENIS)('ringkasan: after a change only the changed rows are read (%s)', (jenis) => {
  let s: Server;

  beforeAll(async () => {
    s = await serverBaru(jenis, { demo: true });
  }, 120_000);
  afterAll(async () => {
    await s?.tutup();
  });

  it('after changes it reads only the changed rows, and still equals the full read; a new PK of the year reads the year again', async () => {
    const r = new RingkasanServer(s.db);
    const now = s.jam.now();
    const sama = async (tw: Triwulan) => expect(JSON.parse(await r.json(2026, tw, now)), `TW${tw}`).toEqual(await dariSemua(s, 2026, tw));
    await sama(3);
    expect(r.dibacaPenuh).toBe(1);
    // As pushes would: a 2026 value changed, a 2026 value deleted, a 2025 value changed, an arahan
    // closed, an OPD renamed, a 2026 programme's pagu changed — each row stamped with a new rev.
    const ubah = async (sql: string, p: unknown[]) =>
      s.db.transaction(async (tx) => {
        const rev = await revBaru(tx);
        await tx.query(sql.replace('SET ', 'SET rev = $1, '), [rev, ...p]);
      });
    const ambil = async (tbl: string, where: string) =>
      (await s.db.query<{ id: string }>(`SELECT id::text AS id FROM records WHERE tbl = '${tbl}' AND NOT deleted AND ${where} LIMIT 1`))[0]!.id;
    const r26 = await ambil('realisasi', `data->>'tahun' = '2026' AND data->>'periode' = 'TW3' AND data->>'nilai' IS NOT NULL`);
    const r26b = await ambil('realisasi', `data->>'tahun' = '2026' AND data->>'periode' = 'TW3' AND id::text <> '${r26}'`);
    const r25 = await ambil('realisasi', `data->>'tahun' = '2025'`);
    const arahan = await ambil('arahan', `data->>'status' <> 'selesai'`);
    const opd = await ambil('opd', `data->>'jenis' = 'dinas'`);
    const program = await ambil('program', `data->>'pkId' IN (SELECT id::text FROM records WHERE tbl = 'pk' AND data->>'tahun' = '2026')`);
    await ubah(`UPDATE records SET data = data || '{"nilai": 0, "masalah": "Belum tercapai"}'::jsonb WHERE tbl = 'realisasi' AND id = $2::uuid`, [r26]);
    await ubah(`UPDATE records SET deleted = true, data = data || '{"deleted": true}'::jsonb WHERE tbl = 'realisasi' AND id = $2::uuid`, [r26b]);
    await ubah(`UPDATE records SET data = data || '{"nilai": 1}'::jsonb WHERE tbl = 'realisasi' AND id = $2::uuid`, [r25]);
    await ubah(`UPDATE records SET data = data || '{"status": "selesai"}'::jsonb WHERE tbl = 'arahan' AND id = $2::uuid`, [arahan]);
    await ubah(`UPDATE records SET data = data || '{"nama": "Dinas Baru"}'::jsonb WHERE tbl = 'opd' AND id = $2::uuid`, [opd]);
    await ubah(`UPDATE records SET data = data || '{"pagu": 1000000}'::jsonb WHERE tbl = 'program' AND id = $2::uuid`, [program]);
    for (const tw of TW) await sama(tw);
    expect(r.dibacaPenuh).toBe(1);
    // A 2025 PK moved into 2026: the year's set of PKs changed, so the year is read whole again.
    const pk25 = await ambil('pk', `data->>'tahun' = '2025' AND data->>'pkIndukId' IS NULL`);
    await ubah(`UPDATE records SET data = data || '{"tahun": 2026, "versi": 9}'::jsonb WHERE tbl = 'pk' AND id = $2::uuid`, [pk25]);
    await sama(3);
    expect(r.dibacaPenuh).toBe(2);
    await sama(2);
    expect(r.dibacaPenuh).toBe(2);
  });
});
