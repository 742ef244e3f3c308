/**
 * History scope (issue 17 §2; docs/sync-protocol.md "History scope"): a pull with `tahunMin` skips
 * the records of older years unless the device names them in `tahun`, while the cursor moves past
 * them; tables without `tahun` always come; GET /sync/tahun pages one year's records with the
 * pull's read rules; once the device names a year, later edits of it arrive through pull.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { idAlami } from '../../src/domain/schemas.ts';
import { pullResponseSchema } from '../../src/shared/protocol.ts';
import {
  buatPengguna,
  evaluasiPejabatUji,
  harapGalat,
  JENIS,
  Klien,
  masuk,
  minta,
  PASSWORD_ADMIN,
  put,
  putBaru,
  revServer,
  serverBaru,
  type Server,
  type Sesi,
} from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const rakor = (tahun: number, triwulan: number, notulen = '') =>
  put('rakor', idAlami.rakor(tahun, triwulan), { tahun, triwulan, tanggal: `${tahun}-0${triwulan * 3}-20`, tempat: 'Aula', pimpinan: PEJABAT, notulen });

describe.each(JENIS)('history scope (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let operator: Sesi;
  let k: Klien;
  const opdId = randomUUID();

  beforeAll(async () => {
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    k = new Klien(s.app, admin.token);
    await k.pushOk(put('opd', opdId, { kode: '9.1', nama: 'OPD Uji', singkatan: 'U1', jenis: 'dinas', kepala: PEJABAT, urutan: 1 }));
    await k.pushOk(rakor(2021, 1), rakor(2021, 2), rakor(2023, 1), rakor(2025, 1), rakor(2026, 1));
    const ev = await k.pushOk(putBaru('evaluasiPejabat', { ...evaluasiPejabatUji(opdId), pejabatId: randomUUID(), tahun: 2021 }));
    expect(ev[0]?.status).toBe('applied');
    await buatPengguna(s.app, admin.token, { username: 'op-lingkup', role: 'operator', opdId });
    operator = await masuk(s.app, 'op-lingkup');
  });
  afterAll(async () => {
    await s?.tutup();
  });

  async function get(path: string, token = admin.token) {
    const j = await minta(s.app, 'GET', `/api/v1${path}`, { token });
    expect(j.status, j.teks).toBe(200);
    return pullResponseSchema.parse(j.json);
  }
  const tahunRakor = (p: { changes: { table: string; record: Record<string, unknown> | null }[] }) =>
    p.changes.filter((c) => c.table === 'rakor').map((c) => `${String(c.record?.tahun)}/${String(c.record?.triwulan)}`);

  it('the default pull skips older years; tables without tahun come; the cursor passes the skipped records', async () => {
    const kepala = await revServer(s.db);
    const p = await get('/sync/pull?since=0&tahunMin=2025');
    expect(tahunRakor(p)).toEqual(['2025/1', '2026/1']);
    expect(p.changes.some((c) => c.table === 'opd' && c.key === opdId)).toBe(true);
    expect(p.changes.some((c) => c.table === 'evaluasiPejabat')).toBe(false);
    // The last rev is a skipped evaluasiPejabat of 2021: the cursor moves to it anyway.
    expect(p).toMatchObject({ next: kepala, more: false });
    // Without tahunMin (an older client) everything comes.
    expect(tahunRakor(await get('/sync/pull?since=0'))).toEqual(['2021/1', '2021/2', '2023/1', '2025/1', '2026/1']);
    // Named years join the scope.
    expect(tahunRakor(await get('/sync/pull?since=0&tahunMin=2025&tahun=2023'))).toEqual(['2023/1', '2025/1', '2026/1']);
  });

  it('paging a scoped pull by count walks every in-scope record once and ends at the head', async () => {
    const revs: number[] = [];
    let since = 0;
    for (;;) {
      const p = await get(`/sync/pull?since=${since}&limit=1&tahunMin=2025`);
      revs.push(...p.changes.map((c) => c.rev));
      since = p.next;
      if (!p.more) break;
    }
    const semua = await get('/sync/pull?since=0&tahunMin=2025');
    expect(revs).toEqual(semua.changes.map((c) => c.rev));
    expect(since).toBe(await revServer(s.db));
  });

  it('GET /sync/tahun: one year only, tombstones included, paged, with the read rules of pull', async () => {
    const p = await get('/sync/tahun?tahun=2021');
    expect(tahunRakor(p)).toEqual(['2021/1', '2021/2']);
    expect(p.changes.every((c) => c.record?.tahun === 2021)).toBe(true);
    expect(p.changes.some((c) => c.table === 'evaluasiPejabat')).toBe(true);
    expect(p.changes.some((c) => c.table === 'opd')).toBe(false);
    // An operator may not read evaluasiPejabat (docs/security.md §Hak baca): left out here as in pull.
    const op = await get('/sync/tahun?tahun=2021', operator.token);
    expect(tahunRakor(op)).toEqual(['2021/1', '2021/2']);
    expect(op.changes.some((c) => c.table === 'evaluasiPejabat')).toBe(false);
    // Paged: one record per page, next/more as in pull.
    const a = await get('/sync/tahun?tahun=2021&limit=1');
    expect(a.changes).toHaveLength(1);
    expect(a.more).toBe(true);
    const b = await get(`/sync/tahun?tahun=2021&limit=1&since=${a.next}`);
    expect(b.changes[0]!.rev).toBeGreaterThan(a.next);
    // A deleted record of the year travels as its tombstone, as in pull (the device's catch-up
    // fetch from a rev must see deletions too).
    await k.pushOk({ ...rakor(2023, 1), op: 'delete', baseRev: (await get('/sync/tahun?tahun=2023')).changes[0]!.rev });
    expect((await get('/sync/tahun?tahun=2023')).changes.map((c) => [c.deleted, c.record?.tahun])).toEqual([[true, 2023]]);
    expect((await get('/sync/tahun?tahun=2019')).changes).toEqual([]);
  });

  it('a year the device names arrives through pull when edited later; one it does not name never does', async () => {
    const kursor = (await get('/sync/pull?since=0&tahunMin=2025')).next;
    const lama = (await get('/sync/tahun?tahun=2021')).changes.find((c) => c.table === 'rakor' && c.record?.triwulan === 1)!;
    await k.pushOk({ ...rakor(2021, 1, 'notulen baru'), baseRev: lama.rev });
    const tanpa = await get(`/sync/pull?since=${kursor}&tahunMin=2025`);
    expect(tanpa.changes).toEqual([]);
    expect(tanpa.next).toBeGreaterThan(kursor);
    const dengan = await get(`/sync/pull?since=${kursor}&tahunMin=2025&tahun=2021`);
    expect(dengan.changes.map((c) => c.record?.notulen)).toEqual(['notulen baru']);
  });

  it('a scoped page cut by the byte budget ends at its last record: paging never passes an in-scope record', async () => {
    // ~90 KB in scope (notulen of 15 000 characters), more than one page of MIN_BYTE_PULL, with old years between.
    const besar = [2, 3, 4].flatMap((tw) => [rakor(2025, tw, 'a'.repeat(15_000)), rakor(2021, tw + 0, 'b'.repeat(100)), rakor(2026, tw, 'c'.repeat(15_000))]);
    await k.pushOk(...besar.filter((m) => !(m.key === idAlami.rakor(2021, 2))));
    const dalam = (await get('/sync/pull?since=0&limit=5000')).changes.filter((c) => typeof c.record?.tahun !== 'number' || (c.record.tahun as number) >= 2025);
    const revs: number[] = [];
    let since = 0;
    let halaman = 0;
    for (;;) {
      const p = await get(`/sync/pull?since=${since}&maksByte=1&tahunMin=2025`);
      revs.push(...p.changes.map((c) => c.rev));
      halaman++;
      since = p.next;
      if (!p.more) break;
    }
    expect(halaman).toBeGreaterThanOrEqual(2);
    expect(revs).toEqual(dalam.map((c) => c.rev));
    expect(since).toBe(await revServer(s.db));
  });

  describe("indikator, sasaran and program follow their PK's year (issue 17 §2)", () => {
    const pkLama = randomUUID();
    const pkBaru = randomUUID();
    const anak = (pk: string) => ({ sasaran: randomUUID(), indikator: randomUUID(), program: randomUUID(), pk });
    const lama = anak(pkLama);
    const baru = anak(pkBaru);
    const yatim = anak(randomUUID()); // its PK is not on the server
    const pkMut = (id: string, tahun: number) =>
      put('pk', id, { opdId, tahun, versi: 1, tanggal: `${tahun}-01-05`, tanggalMulai: `${tahun}-01-02`, pihakPertama: PEJABAT, pihakKedua: PEJABAT });
    const anakMut = (a: ReturnType<typeof anak>) => [
      put('sasaran', a.sasaran, { pkId: a.pk, opdId, uraian: 'Sasaran' }),
      put('indikator', a.indikator, {
        sasaranId: a.sasaran,
        pkId: a.pk,
        opdId,
        uraian: 'Indikator',
        satuan: 'persen',
        polaritas: 'naik',
        agregasi: 'akhir',
        targetTahunan: 80,
      }),
      put('program', a.program, { pkId: a.pk, opdId, nama: 'Program', pagu: 1_000_000 }),
    ];
    const ids = (a: ReturnType<typeof anak>) => [a.sasaran, a.indikator, a.program];
    const kunci = (p: { changes: { key: string }[] }) => new Set(p.changes.map((c) => c.key));
    let kursor = 0;

    beforeAll(async () => {
      const r = await k.pushOk(pkMut(pkLama, 2021), ...anakMut(lama), pkMut(pkBaru, 2026), ...anakMut(baru), ...anakMut(yatim));
      expect(r.map((x) => x.status)).toEqual(r.map(() => 'applied'));
    });

    it("an old year's are not in the default pull but are in GET /sync/tahun; the current year's and orphans are", async () => {
      const p = await get('/sync/pull?since=0&limit=5000&tahunMin=2025');
      const ada = kunci(p);
      for (const id of [pkLama, ...ids(lama)]) expect(ada.has(id), id).toBe(false);
      for (const id of [pkBaru, ...ids(baru), ...ids(yatim)]) expect(ada.has(id), id).toBe(true);
      expect(p.next).toBe(await revServer(s.db));
      kursor = p.next;
      // Named, the old year comes whole.
      const dengan = kunci(await get('/sync/pull?since=0&limit=5000&tahunMin=2025&tahun=2021'));
      for (const id of [pkLama, ...ids(lama)]) expect(dengan.has(id), id).toBe(true);
      // GET /sync/tahun: the year's PK and its children; not another year's, not orphans (they come by pull).
      const t = kunci(await get('/sync/tahun?tahun=2021&limit=5000'));
      for (const id of [pkLama, ...ids(lama)]) expect(t.has(id), id).toBe(true);
      for (const id of [pkBaru, ...ids(baru), ...ids(yatim)]) expect(t.has(id), id).toBe(false);
      const t26 = kunci(await get('/sync/tahun?tahun=2026&limit=5000'));
      for (const id of [pkBaru, ...ids(baru)]) expect(t26.has(id), id).toBe(true);
    });

    it("a later edit of a held old year's indikator arrives; unheld, the cursor passes it", async () => {
      const rev = (await get('/sync/tahun?tahun=2021&limit=5000')).changes.find((c) => c.key === lama.indikator)!.rev;
      await k.pushOk(put('indikator', lama.indikator, { uraian: 'Indikator diubah' }, rev));
      const tanpa = await get(`/sync/pull?since=${kursor}&tahunMin=2025`);
      expect(tanpa.changes).toEqual([]);
      expect(tanpa.next).toBe(await revServer(s.db));
      const dengan = await get(`/sync/pull?since=${kursor}&tahunMin=2025&tahun=2021`);
      expect(dengan.changes.map((c) => [c.key, c.record?.uraian])).toEqual([[lama.indikator, 'Indikator diubah']]);
      kursor = tanpa.next;
    });

    it("a deletion tombstone keeps pkId and follows its record's scope", async () => {
      const semua = await get('/sync/pull?since=0&limit=5000');
      const rev = (id: string) => semua.changes.find((c) => c.key === id)!.rev;
      await k.pushOk(
        { ...put('program', lama.program, {}), op: 'delete', baseRev: rev(lama.program) },
        { ...put('program', baru.program, {}), op: 'delete', baseRev: rev(baru.program) },
      );
      const p = await get(`/sync/pull?since=${kursor}&tahunMin=2025`);
      expect(p.changes.map((c) => [c.key, c.deleted, c.record?.pkId])).toEqual([[baru.program, true, pkBaru]]);
      const dengan = await get(`/sync/pull?since=${kursor}&tahunMin=2025&tahun=2021`);
      expect(dengan.changes.map((c) => [c.key, c.deleted, c.record?.pkId])).toEqual([
        [lama.program, true, pkLama],
        [baru.program, true, pkBaru],
      ]);
      const t = (await get(`/sync/tahun?tahun=2021&since=${kursor}`)).changes;
      expect(t.map((c) => [c.key, c.deleted])).toEqual([[lama.program, true]]);
      kursor = p.next;
    });

    it('a deleted PK keeps its year for its children', async () => {
      const semua = await get('/sync/pull?since=0&limit=5000');
      const rev = (id: string) => semua.changes.find((c) => c.key === id)!.rev;
      const r = await k.pushOk(
        { ...put('sasaran', lama.sasaran, {}), op: 'delete', baseRev: rev(lama.sasaran) },
        { ...put('indikator', lama.indikator, {}), op: 'delete', baseRev: rev(lama.indikator) },
        { ...put('pk', pkLama, {}), op: 'delete', baseRev: rev(pkLama) },
      );
      expect(r.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
      expect((await get(`/sync/pull?since=${kursor}&tahunMin=2025`)).changes).toEqual([]);
      const t = (await get(`/sync/tahun?tahun=2021&since=${kursor}`)).changes;
      expect(t.map((c) => [c.key, c.deleted]).sort()).toEqual([lama.sasaran, lama.indikator, pkLama].map((k) => [k, true]).sort());
    });
  });

  it.each([
    ['/sync/pull?tahunMin=abc', /tahunMin/],
    ['/sync/pull?tahunMin=1999', /Tahun tidak valid/],
    ['/sync/pull?tahunMin=2025&tahun=2020,x', /tahun/],
    ['/sync/pull?tahun=2020', /tahunMin/],
    ['/sync/tahun', /tahun/],
    ['/sync/tahun?tahun=3000', /Tahun tidak valid/],
  ])('%s → 400 tidak_valid in Indonesian', async (path, pesan) => {
    const j = await minta(s.app, 'GET', `/api/v1${path}`, { token: admin.token });
    harapGalat(j, 400, 'tidak_valid');
    expect(j.teks).toMatch(pesan);
  });

  it('a stored year that is not a whole number (a hand-made row, a restore) never fails a pull: it counts as no year', async () => {
    // Not reachable through push (the schemas want an integer year); written straight into the table.
    const aneh = [2020.5, 1e12].map((tahun) => ({ id: randomUUID(), tahun }));
    for (const a of aneh) {
      const [r] = await s.db.query<{ rev: string }>('UPDATE sync_state SET rev = rev + 1 WHERE id = 1 RETURNING rev');
      const rev = Number(r!.rev);
      await s.db.query(`INSERT INTO records (tbl, id, rev, deleted, data, field_revs) VALUES ('rakor', $1, $2, false, $3::jsonb, '{}'::jsonb)`, [
        a.id,
        rev,
        JSON.stringify({ id: a.id, rev, tahun: a.tahun, triwulan: 1, tanggal: '2020-03-20', tempat: 'Aula', pimpinan: PEJABAT, notulen: '' }),
      ]);
    }
    const kunci = (p: { changes: { key: string }[] }) => p.changes.map((c) => c.key);
    const lingkup = await get('/sync/pull?since=0&limit=5000&tahunMin=2025&tahun=2021');
    expect(kunci(lingkup)).toEqual(expect.arrayContaining(aneh.map((a) => a.id)));
    expect(lingkup.next).toBe(await revServer(s.db));
    expect(kunci(await get('/sync/pull?since=0&limit=5000'))).toEqual(expect.arrayContaining(aneh.map((a) => a.id)));
    // No year: not one of any year's.
    expect(kunci(await get('/sync/tahun?tahun=2020&since=0'))).not.toEqual(expect.arrayContaining([aneh[0]!.id]));
  });

  it('GET /sync/tahun needs a token', async () => {
    harapGalat(await minta(s.app, 'GET', '/api/v1/sync/tahun?tahun=2021'), 401, 'unauthorized');
  });
});
