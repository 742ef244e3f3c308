/**
 * Attempts to break the push without the counter lock at its start (src/server/sync.store.ts
 * header; docs/sync-protocol.md "Cursor and locks"), on real PostgreSQL: races the existing
 * tests (kunci-baris, konkurensi, kunci-singkat) do not cover.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { idAlami } from '../../src/domain/schemas.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import { ambilRecord, DATABASE_URL, Klien, minta, put, hapus } from './bantu.ts';
import { buatDunia, PEJABAT, type Dunia } from './dunia-push.ts';
const TABLET = 8;

const revDari = (r: MutationResult | undefined): number => (r && 'rev' in r ? r.rev : NaN);

describe.skipIf(!DATABASE_URL)('serang: push races (postgres)', () => {
  let d: Dunia;
  beforeAll(async () => {
    d = await buatDunia();
  });
  afterAll(async () => {
    await d?.dbu.tutup();
  });

  it('a period locked for the first time (no kunciPeriode row yet) while 8 tablets push: no applied realisasi of that quarter has a rev after the lock', async () => {
    let sesudah: { rev: number; status: string }[] = [];
    let revKunci = 0;
    // Each round uses a quarter never locked before (the phantom: nothing to lock FOR SHARE).
    for (let tw = 1; tw <= 4 && !sesudah.length; tw++) {
      const kunciId = idAlami.kunciPeriode(2031, tw);
      const periode = `TW${tw}`;
      const admin = new Klien(d.app, d.token);
      const ind = await Promise.all(Array.from({ length: TABLET }, () => d.indikator()));
      const dijawab: { rev: number; status: string }[] = [];
      await Promise.all([
        ...ind.map(async (indikatorId) => {
          const k = new Klien(d.app, d.token);
          for (let i = 0; i < 15; i++) {
            const h = await k.push(
              put('realisasi', idAlami.realisasi(indikatorId, periode as 'TW1'), { indikatorId, opdId: d.opdId, tahun: 2031, periode, nilai: i }),
            );
            expect(h.status).toBe(200);
            const r = h.results[0]!;
            dijawab.push({ rev: revDari(r), status: r.status === 'rejected' ? r.kode : r.status });
          }
        }),
        (async () => {
          await new Promise((r) => setTimeout(r, 30));
          const [r] = await admin.pushOk(put('kunciPeriode', kunciId, { tahun: 2031, triwulan: tw, terkunci: true, oleh: 'admin' }));
          revKunci = revDari(r);
        })(),
      ]);
      expect(revKunci).toBeGreaterThan(0);
      sesudah = dijawab.filter((x) => x.status === 'applied' && x.rev > revKunci);
    }
    expect(sesudah).toEqual([]);
  });

  it('an edit whose key is an upper-case UUID of a stored record is merged, not answered 503 sibuk forever', async () => {
    const id = randomUUID();
    const k = new Klien(d.app, d.token);
    const isi = { sasaranId: d.sasaranId, pkId: d.pkId, opdId: d.opdId, uraian: 'A', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 1 };
    const [a] = await k.pushOk(put('indikator', id.toUpperCase(), isi));
    expect(a?.status).toBe('applied');
    // The whole record again, one field changed (an edit from the tablet that created it).
    const h = await k.push(put('indikator', id.toUpperCase(), { ...isi, uraian: 'B' }, revDari(a)));
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    expect(h.results[0]?.status, JSON.stringify(h.results)).toBe('applied');
    expect((await ambilRecord(d.app, d.token, 'indikator', id))?.uraian).toBe('B');
  });
  /** A realisasi of a fresh indikator with a konflik on `nilai`: 10 stored by A, 99 kept from B. */
  async function denganKonflik(): Promise<{ key: string; konflikId: string; indikatorId: string; rev: number }> {
    const indikatorId = await d.indikator();
    const key = idAlami.realisasi(indikatorId, 'TW1');
    const isi = { indikatorId, opdId: d.opdId, tahun: 2027, periode: 'TW1', nilai: 10 };
    const [a] = await new Klien(d.app, d.token).pushOk(put('realisasi', key, isi));
    const [b] = await new Klien(d.app, d.token).pushOk(put('realisasi', key, { ...isi, nilai: 99 }, 0));
    expect(b?.status, JSON.stringify(b)).toBe('conflict');
    const konflikId = (b as { konflikIds: string[] }).konflikIds[0]!;
    return { key, konflikId, indikatorId, rev: revDari(a) };
  }

  it('two tablets resolve one konflik at once (server vs masuk): one stands, the other is refused, the record follows the one that stood', async () => {
    const masalah: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { key, konflikId } = await denganKonflik();
      const [hs, hm] = await Promise.all([
        new Klien(d.app, d.token).push(put('konflik', konflikId, { status: 'selesai', penyelesaian: 'server' })),
        new Klien(d.app, d.token).push(put('konflik', konflikId, { status: 'selesai', penyelesaian: 'masuk' })),
      ]);
      if (hs.status !== 200 || hm.status !== 200) masalah.push(`status ${hs.status}/${hm.status}`);
      const s = hs.results[0]?.status;
      const m = hm.results[0]?.status;
      if ([s, m].filter((x) => x === 'applied').length !== 1) masalah.push(`server ${s}, masuk ${m}`);
      const rec = await ambilRecord(d.app, d.token, 'realisasi', key);
      const k = await ambilRecord(d.app, d.token, 'konflik', konflikId);
      if (rec?.nilai !== (k?.penyelesaian === 'masuk' ? 99 : 10)) masalah.push(`nilai ${rec?.nilai} dengan penyelesaian ${k?.penyelesaian}`);
    }
    expect(masalah).toEqual([]);
  });

  it("a 'masuk' resolution racing an edit of the same field: the stored value is the one with the highest rev that was answered applied", async () => {
    const masalah: string[] = [];
    for (let i = 0; i < 8; i++) {
      const { key, konflikId, indikatorId, rev } = await denganKonflik();
      const [hr, he] = await Promise.all([
        new Klien(d.app, d.token).push(put('konflik', konflikId, { status: 'selesai', penyelesaian: 'masuk' })),
        new Klien(d.app, d.token).push(put('realisasi', key, { indikatorId, opdId: d.opdId, tahun: 2027, periode: 'TW1', nilai: 50 }, rev)),
      ]);
      if (hr.status !== 200 || he.status !== 200) {
        masalah.push(`status ${hr.status}/${he.status}`);
        continue;
      }
      const rec = await ambilRecord(d.app, d.token, 'realisasi', key);
      const r = hr.results[0]!;
      const e = he.results[0]!;
      const calon: { nilai: number; rev: number }[] = [];
      if (r.status === 'applied') calon.push({ nilai: 99, rev: revDari(r) - 1 }); // the record's rev is the one before the konflik's
      if (e.status === 'applied') calon.push({ nilai: 50, rev: revDari(e) });
      calon.sort((a, b) => b.rev - a.rev);
      if (calon.length && rec?.nilai !== calon[0]!.nilai) masalah.push(`nilai ${rec?.nilai}; jawaban ${JSON.stringify([r, e])}`);
      if (rec && rec.rev <= 0) masalah.push(`rev ${rec.rev}`);
    }
    expect(masalah).toEqual([]);
  });

  it('a record deleted by one tablet while another edits it: the tombstone stands, an edit answered applied came before the delete, none lost', async () => {
    const masalah: string[] = [];
    for (let i = 0; i < 8; i++) {
      const indikatorId = await d.indikator();
      const key = idAlami.realisasi(indikatorId, 'TW1');
      const isi = { indikatorId, opdId: d.opdId, tahun: 2027, periode: 'TW1', nilai: 1 };
      const [a] = await new Klien(d.app, d.token).pushOk(put('realisasi', key, isi));
      const [hd, he] = await Promise.all([
        new Klien(d.app, d.token).push(hapus('realisasi', key, revDari(a))),
        new Klien(d.app, d.token).push(put('realisasi', key, { ...isi, nilai: 2 }, revDari(a))),
      ]);
      if (hd.status !== 200 || he.status !== 200) {
        masalah.push(JSON.stringify([hd.json, he.json]));
        masalah.push(`status ${hd.status}/${he.status}`);
        continue;
      }
      const del = hd.results[0]!;
      const ed = he.results[0]!;
      const [row] = await d.dbu.db.query<{ rev: string; deleted: boolean }>("SELECT rev, deleted FROM records WHERE tbl = 'realisasi' AND id = $1", [key]);
      if (!row?.deleted) masalah.push('tidak terhapus');
      if (Number(row?.rev) !== revDari(del)) masalah.push(`rev nisan ${row?.rev} ≠ jawaban hapus ${revDari(del)}`);
      if (ed.status === 'applied' && revDari(ed) >= revDari(del)) masalah.push(`edit applied sesudah hapus ${JSON.stringify([del, ed])}`);
      if (ed.status === 'conflict' && !(await ambilRecord(d.app, d.token, 'konflik', (ed as { konflikIds: string[] }).konflikIds[0]!)))
        masalah.push('konflik hilang');
    }
    expect(masalah).toEqual([]);
  });

  it('one batch that creates a record, edits it twice, deletes another it created and conflicts on a third: every rev real, in (revAwal, rev], stored revs match, a retry answers the same', async () => {
    const ind = await d.indikator();
    const ind2 = await d.indikator();
    const ind3 = await d.indikator();
    const k3 = idAlami.realisasi(ind3, 'TW1');
    const isi3 = { indikatorId: ind3, opdId: d.opdId, tahun: 2027, periode: 'TW1', nilai: 1 };
    const [pertama] = await new Klien(d.app, d.token).pushOk(put('realisasi', k3, isi3));
    const [lain] = await new Klien(d.app, d.token).pushOk(put('realisasi', k3, { ...isi3, nilai: 3 }, revDari(pertama)));
    expect(lain?.status).toBe('applied');
    const k1 = idAlami.realisasi(ind, 'TW1');
    const k2 = idAlami.realisasi(ind2, 'TW1');
    const isi1 = { indikatorId: ind, opdId: d.opdId, tahun: 2027, periode: 'TW1', nilai: 1 };
    const isi2 = { indikatorId: ind2, opdId: d.opdId, tahun: 2027, periode: 'TW1', nilai: 7 };
    const k = new Klien(d.app, d.token);
    const body = k.batch([
      put('realisasi', k1, isi1),
      put('realisasi', k1, { ...isi1, nilai: 2, catatan: 'dua' }),
      put('realisasi', k1, { ...isi1, nilai: 3, catatan: 'dua' }),
      put('realisasi', k2, isi2),
      hapus('realisasi', k2),
      hapus('realisasi', k2),
      put('realisasi', k2, { ...isi2, nilai: 8 }),
      put('realisasi', k3, { ...isi3, nilai: 5 }, revDari(pertama)),
    ]);
    const h1 = await k.kirim(body);
    expect(h1.status, JSON.stringify(h1.json)).toBe(200);
    const { revAwal, rev } = h1.json as { revAwal: number; rev: number };
    const masalah: string[] = [];
    for (const r of h1.results) {
      const rv = revDari(r);
      // A konflik that applied nothing carries the record's stored rev (older); every other answer here wrote.
      const ok = r.status === 'conflict' ? rv > 0 && rv <= rev : rv > revAwal && rv <= rev;
      if (!ok) masalah.push(`seq ${r.seq} rev ${rv} di luar (${revAwal}, ${rev}]: ${JSON.stringify(r)}`);
    }
    const rows = await d.dbu.db.query<{ tbl: string; id: string; rev: string; data: Record<string, unknown>; field_revs: Record<string, { rev: number }> }>(
      'SELECT tbl, id, rev, data, field_revs FROM records WHERE rev > $1',
      [revAwal],
    );
    for (const row of rows) {
      if (Number(row.rev) !== row.data.rev) masalah.push(`${row.tbl} ${row.id}: data.rev ${row.data.rev} ≠ ${row.rev}`);
      if (Number(row.rev) > rev) masalah.push(`${row.tbl} rev ${row.rev} > ${rev}`);
      for (const [f, m] of Object.entries(row.field_revs ?? {}))
        if (!(m.rev > 0 && m.rev <= Number(row.rev))) masalah.push(`${row.tbl}.${f} field rev ${m.rev}`);
    }
    const [tersimpan] = await d.dbu.db.query<{ n: string }>('SELECT count(*) AS n FROM records WHERE rev > $1 AND rev <= $2', [revAwal, rev]);
    const hasil = await d.dbu.db.query<{ result: MutationResult }>('SELECT result FROM client_results WHERE client_id = $1 ORDER BY seq', [k.clientId]);
    expect(hasil.map((x) => x.result)).toEqual(h1.results);
    // The same batch again (the answer was lost): the same answers.
    const h2 = await k.kirim(body);
    expect(h2.status).toBe(200);
    expect(h2.results).toEqual(h1.results);
    expect(masalah).toEqual([]);
    expect(Number(tersimpan?.n)).toBeGreaterThan(0);
  });

  it('a pull page is valid JSON equal, change by change, to the stored rows (escapes, unicode, odd numbers, tombstones, konflik)', async () => {
    const aneh = 'a"b\\c\n\t\r\u0001\u001f\u007f\u2028\u2029 😀 é ünï </script> \\u0041 {"x":1}';
    const indikatorId = await d.indikator();
    const key = idAlami.realisasi(indikatorId, 'TW2');
    const k = new Klien(d.app, d.token);
    const [a] = await k.pushOk(put('realisasi', key, { indikatorId, opdId: d.opdId, tahun: 2027, periode: 'TW2', nilai: 0.1 + 0.2, catatan: aneh }));
    await new Klien(d.app, d.token).pushOk(
      put('realisasi', key, { indikatorId, opdId: d.opdId, tahun: 2027, periode: 'TW2', nilai: 1e-7, catatan: aneh + '2' }, 0),
    );
    await k.pushOk(put('indikator', indikatorId, { uraian: aneh, targetTahunan: 123456789.123456789 }, revDari(a)));
    const hapusId = await d.indikator();
    await k.pushOk(hapus('indikator', hapusId));
    const j = await minta(d.app, 'GET', '/api/v1/sync/pull?since=0&limit=1000', { token: d.token });
    expect(j.status).toBe(200);
    expect(() => JSON.parse(j.teks)).not.toThrow();
    const rows = await d.dbu.db.query<{ tbl: string; id: string; rev: string; deleted: boolean; data: Record<string, unknown> }>(
      'SELECT tbl, id, rev, deleted, data FROM records ORDER BY rev LIMIT 1000',
    );
    const lama = rows.map((r) => ({ table: r.tbl, key: String(r.id), rev: Number(r.rev), deleted: Boolean(r.deleted), record: r.data }));
    expect(j.json.changes).toEqual(lama);
    expect(lama.some((c) => c.deleted)).toBe(true);
    expect(lama.some((c) => c.table === 'konflik')).toBe(true);
    expect(j.json.changes.find((c: { key: string }) => c.key === indikatorId)?.record.uraian).toBe(aneh);
  });

  it('8 tablets each push one batch creating the same 30 new realisasi (in different orders): every push answered 200, none 503 sibuk or 500', async () => {
    const ind = await Promise.all(Array.from({ length: 30 }, () => d.indikator()));
    const status: number[] = [];
    for (let ronde = 0; ronde < 3; ronde++) {
      const periode = ['TW3', 'TW4', 'TW2'][ronde]!;
      const jawaban = await Promise.all(
        Array.from({ length: TABLET }, (_, t) => {
          const urut = [...ind].sort(() => Math.random() - 0.5);
          return new Klien(d.app, d.token).push(
            ...urut.map((indikatorId) =>
              put('realisasi', idAlami.realisasi(indikatorId, periode as 'TW3'), { indikatorId, opdId: d.opdId, tahun: 2027, periode, nilai: t }),
            ),
          );
        }),
      );
      status.push(...jawaban.map((j) => j.status));
    }
    expect(status.filter((s) => s !== 200)).toEqual([]);
  });

  it('a PK signed while 8 tablets edit and create its indikator: none applied with a rev after the signature', async () => {
    const pkId = randomUUID();
    const sasaranId = randomUUID();
    const admin = new Klien(d.app, d.token);
    const [pk] = await admin.pushOk(
      put('pk', pkId, { opdId: d.opdId, tahun: 2029, versi: 1, tanggal: '2029-01-05', tanggalMulai: '2029-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('sasaran', sasaranId, { pkId, opdId: d.opdId, uraian: 'Sasaran' }),
    );
    const isi = { sasaranId, pkId, opdId: d.opdId, uraian: 'x', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 1 };
    const ind = await Promise.all(
      Array.from({ length: TABLET }, async () => {
        const id = randomUUID();
        const [r] = await new Klien(d.app, d.token).pushOk(put('indikator', id, isi));
        return { id, rev: revDari(r) };
      }),
    );
    let revTeken = 0;
    let ditandatangani = false;
    const dijawab: { rev: number; status: string }[] = [];
    await Promise.all([
      ...ind.map(async ({ id, rev }) => {
        const k = new Klien(d.app, d.token);
        let base = rev;
        // Back to back, without pause, racing the signature; once it is answered, three more each,
        // which must be refused (so the test never passes with a signature that landed after every
        // push). The signer is queued before pushes that come to read the PK after it (the PK's
        // advisory lock, src/server/sync.store.ts header), so it is answered while they push; at
        // most 60 pushes each, in case it were not (tests/server/induk-push.test.ts shows it is).
        let sesudah = 0;
        for (let i = 0; i < 60 && sesudah < 3; i++) {
          const sudah = ditandatangani;
          const h = await k.push(put('indikator', id, { uraian: `u${i}` }, base), put('indikator', randomUUID(), isi));
          expect(h.status, JSON.stringify(h.json)).toBe(200);
          for (const r of h.results) dijawab.push({ rev: revDari(r), status: r.status === 'rejected' ? r.kode : r.status });
          if (h.results[0]?.status === 'applied') base = revDari(h.results[0]);
          if (sudah) sesudah++;
        }
        expect(sesudah).toBe(3);
      }),
      (async () => {
        // Signed once every tablet has pushed about once: mid-way.
        while (dijawab.length < TABLET * 2) await new Promise((r) => setTimeout(r, 2));
        const [r] = await admin.pushOk(put('pk', pkId, { status: 'ditandatangani', ditandatanganiPada: '2029-01-05T03:00:00.000Z' }, revDari(pk)));
        expect(r?.status).toBe('applied');
        revTeken = revDari(r);
        ditandatangani = true;
      })(),
    ]);
    expect(dijawab.filter((x) => x.status === 'beku').length).toBeGreaterThan(0);
    expect(dijawab.filter((x) => x.status === 'applied' && x.rev > revTeken)).toEqual([]);
  });
});
