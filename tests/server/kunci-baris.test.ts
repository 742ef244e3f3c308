/**
 * Issue 17 §3: pushes no longer take turns on the counter for their whole length, so what kept two
 * pushes of one record apart is now each record's own lock (src/server/sync.store.ts header). On
 * real PostgreSQL (PGlite's single connection never overlaps two pushes), many tablets write one
 * record at the same moment and the merge rules of docs/sync-protocol.md "Merging" must hold as if
 * they had come one after the other: exactly one value applied, every other kept as a konflik,
 * nothing lost. Each case is shown to fail when its lock is taken out (the `rusak` wrappers).
 *
 * Also: a period lock set while operators push leaves no applied realisasi of that quarter with a
 * rev after the lock's (the period lock is read FOR SHARE).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idAlami } from '../../src/domain/schemas.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import { ambilRecord, DATABASE_URL, Klien, put, tarikSemua } from './bantu.ts';
import { buatDunia, type Dunia } from './dunia-push.ts';
const TABLET = 8;

/**
 * The records' advisory locks of a push's first statement (src/server/sync.store.ts `kunciAwal`:
 * each record of the batch exclusive, the parents its fields name shared) taken by no push; the
 * period locks' key (always first) stays.
 */
const tanpaKunciRecord = (sql: string) => sql.replace(/, \('pantau:induk:[^']*', (?:true|false)\)/g, '');
/**
 * New records overwrite one created meanwhile instead of running the push again, and the records'
 * advisory locks (which put two pushes creating one record one after the other) are taken out.
 */
const tanpaTabrakan = (sql: string) =>
  tanpaKunciRecord(sql).replace(
    /WHERE baru ON CONFLICT \(tbl, id\) DO NOTHING/,
    'WHERE baru ON CONFLICT (tbl, id) DO UPDATE SET rev = EXCLUDED.rev, deleted = EXCLUDED.deleted, data = EXCLUDED.data, field_revs = EXCLUDED.field_revs',
  );
/** The batch's records read without their row locks, and without their advisory locks. */
const tanpaKunciBaris = (sql: string) => tanpaKunciRecord(sql).replace(/ORDER BY r\.tbl, r\.id FOR UPDATE/, 'ORDER BY r.tbl, r.id');
/**
 * The period locks read without FOR SHARE, and the advisory lock a push writing kunciPeriode holds
 * exclusively (the others shared; it covers a lock row created mid-push) only shared, like the others.
 */
const tanpaKunciPeriode = (sql: string) =>
  sql
    .replace(/WHERE tbl = 'kunciPeriode' ORDER BY id FOR SHARE/, "WHERE tbl = 'kunciPeriode' ORDER BY id")
    .replace(/\('pantau:kunci-periode', true\)/, "('pantau:kunci-periode', false)");

/** `TABLET` tablets each push one value of `nilai` for the same realisasi at once. */
async function serentak(d: Dunia, indikatorId: string, baseRev: number): Promise<{ hasil: MutationResult[]; status: number[] }> {
  const key = idAlami.realisasi(indikatorId, 'TW1');
  const tablet = Array.from({ length: TABLET }, () => new Klien(d.app, d.token));
  const jawaban = await Promise.all(
    tablet.map((k, i) => k.push(put('realisasi', key, { indikatorId, opdId: d.opdId, tahun: 2027, periode: 'TW1', nilai: 10 + i }, baseRev))),
  );
  return { hasil: jawaban.map((j) => j.results[0]!), status: jawaban.map((j) => j.status) };
}

/** What one record's concurrent writers must leave: one applied value, the rest konflik, none lost. */
async function periksaSatuNilai(d: Dunia, indikatorId: string, h: { hasil: MutationResult[]; status: number[] }): Promise<string[]> {
  const masalah: string[] = [];
  if (h.status.some((s) => s !== 200)) masalah.push(`status ${h.status.join(',')}`);
  const diterapkan = h.hasil.map((r, i) => ({ r, nilai: 10 + i })).filter((x) => x.r.status === 'applied');
  const konflik = h.hasil.filter((r) => r.status === 'conflict');
  if (diterapkan.length !== 1) masalah.push(`${diterapkan.length} nilai diterapkan (harus 1)`);
  if (konflik.length !== TABLET - 1) masalah.push(`${konflik.length} konflik (harus ${TABLET - 1})`);
  const rec = await ambilRecord(d.app, d.token, 'realisasi', idAlami.realisasi(indikatorId, 'TW1'));
  if (diterapkan.length === 1 && rec?.nilai !== diterapkan[0]!.nilai)
    masalah.push(`nilai tersimpan ${rec?.nilai} ≠ yang dijawab diterapkan ${diterapkan[0]!.nilai}`);
  const ks = (await tarikSemua(d.app, d.token, 0)).filter((c) => c.table === 'konflik' && c.record?.recordId === rec?.id);
  const dijaga = new Set([rec?.nilai, ...ks.map((c) => c.record?.nilaiMasuk)]);
  const hilang = h.hasil.map((_, i) => 10 + i).filter((n) => !dijaga.has(n));
  if (hilang.length) masalah.push(`nilai hilang tanpa jejak: ${hilang.join(', ')}`);
  return masalah;
}

/**
 * The admin locks TW1 2027 (an existing, open period lock) while `TABLET` tablets push realisasi of
 * that quarter. Returns how many were refused for the lock and the applied ones with a rev after it.
 */
async function kunciSaatMendorong(d: Dunia): Promise<{ ditolak: number; sesudahKunci: { rev: number; status: string }[] }> {
  const kunciId = idAlami.kunciPeriode(2027, 1);
  const admin = new Klien(d.app, d.token);
  await admin.pushOk(put('kunciPeriode', kunciId, { tahun: 2027, triwulan: 1, terkunci: false }));
  const ind = await Promise.all(Array.from({ length: TABLET }, () => d.indikator()));
  let revKunci = 0;
  const dijawab: { rev: number; status: string }[] = [];
  await Promise.all([
    ...ind.map(async (indikatorId) => {
      const k = new Klien(d.app, d.token);
      for (let i = 0; i < 15; i++) {
        const h = await k.push(put('realisasi', idAlami.realisasi(indikatorId, 'TW1'), { indikatorId, opdId: d.opdId, tahun: 2027, periode: 'TW1', nilai: i }));
        expect(h.status).toBe(200);
        const r = h.results[0]!;
        dijawab.push({ rev: 'rev' in r ? r.rev : 0, status: r.status === 'rejected' ? r.kode : r.status });
      }
    }),
    (async () => {
      await new Promise((r) => setTimeout(r, 30));
      const [r] = await admin.pushOk(put('kunciPeriode', kunciId, { terkunci: true, oleh: 'admin' }, 0));
      revKunci = (r as { rev: number }).rev;
    })(),
  ]);
  expect(revKunci).toBeGreaterThan(0);
  return { ditolak: dijawab.filter((x) => x.status === 'kunci').length, sesudahKunci: dijawab.filter((x) => x.status === 'applied' && x.rev > revKunci) };
}

// PostgreSQL only, on purpose: PGlite has a single connection, so two pushes never overlap.
describe.skipIf(!DATABASE_URL)('one record written by many tablets at once (postgres)', () => {
  let d: Dunia;
  beforeAll(async () => {
    d = await buatDunia();
  });
  afterAll(async () => {
    await d?.dbu.tutup();
  });

  it("a new realisasi created by 8 tablets at once: one value applied, 7 konflik (the record's advisory lock, or a collision, puts them one after the other)", async () => {
    const ind = await d.indikator();
    expect(await periksaSatuNilai(d, ind, await serentak(d, ind, 0))).toEqual([]);
  });

  it('an existing realisasi edited by 8 tablets from the same rev: one applied, 7 konflik', async () => {
    const ind = await d.indikator();
    const [r] = await new Klien(d.app, d.token).pushOk(
      put('realisasi', idAlami.realisasi(ind, 'TW1'), { indikatorId: ind, opdId: d.opdId, tahun: 2027, periode: 'TW1', catatan: 'awal' }),
    );
    const rev = (r as { rev: number }).rev;
    expect(await periksaSatuNilai(d, ind, await serentak(d, ind, rev))).toEqual([]);
  });

  it('a period locked while 8 tablets push: no applied realisasi of that quarter has a rev after the lock', async () => {
    const h = await kunciSaatMendorong(d);
    expect(h.ditolak).toBeGreaterThan(0); // the lock did land mid-way
    expect(h.sesudahKunci).toEqual([]);
  });
});

describe.skipIf(!DATABASE_URL)('the checks fail without the locks (postgres)', () => {
  it('without the collision check, several tablets are told their new value was applied', async () => {
    const d = await buatDunia(tanpaTabrakan);
    try {
      let masalah: string[] = [];
      for (let coba = 0; coba < 3 && !masalah.length; coba++) {
        const ind = await d.indikator();
        masalah = await periksaSatuNilai(d, ind, await serentak(d, ind, 0));
      }
      expect(masalah.join('\n')).toMatch(/nilai diterapkan \(harus 1\)|hilang/);
    } finally {
      await d.dbu.tutup();
    }
  });

  it('without the row locks, several edits from the same rev are applied', async () => {
    const d = await buatDunia(tanpaKunciBaris);
    try {
      let masalah: string[] = [];
      for (let coba = 0; coba < 3 && !masalah.length; coba++) {
        const ind = await d.indikator();
        const [r] = await new Klien(d.app, d.token).pushOk(
          put('realisasi', idAlami.realisasi(ind, 'TW1'), { indikatorId: ind, opdId: d.opdId, tahun: 2027, periode: 'TW1', catatan: 'awal' }),
        );
        masalah = await periksaSatuNilai(d, ind, await serentak(d, ind, (r as { rev: number }).rev));
      }
      expect(masalah.join('\n')).toMatch(/nilai diterapkan \(harus 1\)|hilang/);
    } finally {
      await d.dbu.tutup();
    }
  });

  it('without FOR SHARE on the period locks, realisasi are applied after the lock', async () => {
    const d = await buatDunia(tanpaKunciPeriode);
    try {
      let sesudah = 0;
      for (let coba = 0; coba < 3 && !sesudah; coba++) sesudah = (await kunciSaatMendorong(d)).sesudahKunci.length;
      expect(sesudah).toBeGreaterThan(0);
    } finally {
      await d.dbu.tutup();
    }
  });
});
