/**
 * The browser's views read what they show (issue 17 §5/§6; docs/architecture.md "Live queries"):
 * Layar/Rakor (`bacaDataPemda(db, tahun)`) and Beranda (`bacaDataBeranda`) read the shown year's
 * rows through indexes — the rows they touch are that year's, the summary equals the one over every
 * year, and a pulled record of another year does not wake their live query — and the summary is
 * computed once per data, period and day (`ingatPerHari`).
 */
import 'fake-indexeddb/auto';
import type { DBCoreCursor } from 'dexie';
import { beforeAll, describe, expect, it } from 'vitest';
import type { PantauDB } from '../../../src/db/database.ts';
import { buatDemo, DEMO_NOW } from '../../../src/demo/generate.ts';
import { pohonKinerja } from '../../../src/domain/pohon.ts';
import { hitungRingkasan } from '../../../src/domain/ringkasan.ts';
import { ikutiQuery } from '../../../src/lib/live.svelte.ts';
import { bacaDataPemda, ingatPerHari, type DataLayar } from '../../../src/reports/data-pemda.ts';
import { bacaDataBeranda, tugasBeranda } from '../../../src/views/beranda/tugas.ts';
import { NAMA_TABEL } from '../../../src/domain/schemas.ts';
import { dbBaru } from '../db/bantu.ts';

/** Rows handed out per table by Dexie's core (queries, cursors, gets): what a read touches. */
function hitungBaris(db: PantauDB): Map<string, number> {
  const n = new Map<string, number>();
  const tambah = (t: string, k: number) => n.set(t, (n.get(t) ?? 0) + k);
  db.use({
    stack: 'dbcore',
    name: 'hitung-baris',
    create: (down) => ({
      ...down,
      table: (nama) => {
        const t = down.table(nama);
        return {
          ...t,
          query: async (req) => {
            const r = await t.query(req);
            tambah(nama, r.result.length);
            return r;
          },
          getMany: async (req) => {
            const r = await t.getMany(req);
            tambah(nama, r.filter((x) => x !== undefined).length);
            return r;
          },
          openCursor: async (req) => {
            const c = await t.openCursor(req);
            if (!c) return c;
            const bungkus: DBCoreCursor = Object.create(c);
            bungkus.start = (onNext) =>
              c.start(() => {
                tambah(nama, 1);
                onNext();
              });
            return bungkus;
          },
        };
      },
    }),
  });
  return n;
}

const demo = buatDemo();
let db: PantauDB;
let dibaca: Map<string, number>;

beforeAll(async () => {
  db = dbBaru();
  dibaca = hitungBaris(db);
  await db.open();
  await db.transaction('rw', NAMA_TABEL as unknown as string[], async () => {
    for (const t of NAMA_TABEL) await db.table(t).bulkPut(demo[t]);
  });
});

const pkTahun = (tahun: number) => new Set(demo.pk.filter((p) => p.tahun === tahun).map((p) => p.id));

describe('bacaDataPemda(db, tahun): one year, through indexes', () => {
  it('touches only that year’s pk, indikator, sasaran, program, realisasi and anggaran rows', async () => {
    dibaca.clear();
    const d = await bacaDataPemda(db, 2026);
    const pk = pkTahun(2026);
    const harap = {
      pk: pk.size,
      indikator: demo.indikator.filter((i) => pk.has(i.pkId)).length,
      sasaran: demo.sasaran.filter((s) => pk.has(s.pkId)).length,
      program: demo.program.filter((p) => pk.has(p.pkId)).length,
      realisasi: demo.realisasi.filter((r) => r.tahun === 2026).length,
      realisasiAnggaran: demo.realisasiAnggaran.filter((r) => r.tahun === 2026).length,
    };
    for (const [t, n] of Object.entries(harap)) {
      expect(dibaca.get(t), t).toBe(n);
      expect(n, `${t}: well below all years`).toBeLessThan(demo[t as keyof typeof harap].length * 0.7);
    }
    expect(d.cakupan).toBe(2026);
    expect(d.realisasi.every((r) => r.tahun === 2026)).toBe(true);
  });

  it.each([2025, 2026])('%i: the summary and the pohon equal those over every year, every quarter', async (tahun) => {
    const satu = await bacaDataPemda(db, tahun);
    const semua = await bacaDataPemda(db);
    expect(semua.cakupan).toBe('semua');
    for (const tw of [1, 2, 3, 4] as const) {
      expect(hitungRingkasan(satu, tahun, tw, DEMO_NOW)).toEqual(hitungRingkasan(semua, tahun, tw, DEMO_NOW));
      expect(pohonKinerja(satu, tahun, tw, DEMO_NOW)).toEqual(pohonKinerja(semua, tahun, tw, DEMO_NOW));
    }
  });

  it('null (year not known yet) reads the small tables only', async () => {
    dibaca.clear();
    const d = await bacaDataPemda(db, null);
    expect(d.cakupan).toBeNull();
    expect(d.rakor.length).toBe(demo.rakor.length);
    expect(d.pk).toEqual([]);
    for (const t of ['pk', 'indikator', 'realisasi', 'realisasiAnggaran', 'sasaran', 'program']) expect(dibaca.get(t) ?? 0, t).toBe(0);
  });

  it('another year’s pulled record does not wake the live query; the shown year’s does', async () => {
    // Counted: how often Dexie re-ran the query (woken), and the answers. A second live query on
    // the other year's rows is the witness that their writes were announced to live queries.
    let dijalankan = 0;
    const jawaban: DataLayar[] = [];
    const henti = ikutiQuery(
      () => {
        dijalankan++;
        return bacaDataPemda(db, 2026);
      },
      (v) => jawaban.push(v),
      () => undefined,
    );
    const saksi: number[] = [];
    const hentiSaksi = ikutiQuery(
      () => db.realisasi.where('[tahun+periode]').equals([2025, 'TW2']).count(),
      (v) => saksi.push(v),
      () => undefined,
    );
    const lama = demo.realisasi.find((r) => r.tahun === 2025 && r.periode === 'TW2')!;
    const kini = demo.realisasi.find((r) => r.tahun === 2026 && r.periode === 'TW2' && r.nilai !== null)!;
    const indLama = demo.indikator.find((i) => pkTahun(2025).has(i.pkId))!;
    // No timing in the assertion: each answer is awaited however long the (fake) IndexedDB takes.
    const tunggu = { timeout: 30_000 };
    try {
      await expect.poll(() => jawaban.length, tunggu).toBe(1);
      await expect.poll(() => saksi.length, tunggu).toBe(1);
      await db.transaction('rw', db.realisasi, db.indikator, async () => {
        await db.realisasi.put({ ...lama, catatan: 'ditarik', rev: 9001 });
        await db.indikator.put({ ...indLama, rev: 9002 });
      });
      // The witness answered again: the 2025 writes were announced (a woken query re-runs at the
      // announcement, before any answer that needs IndexedDB), and ours was not woken.
      await expect.poll(() => saksi.length, tunggu).toBe(2);
      expect(dijalankan).toBe(1);
      await db.realisasi.put({ ...kini, nilai: 1, rev: 9003 });
      await expect.poll(() => jawaban.length, tunggu).toBe(2);
      expect(dijalankan).toBe(2);
      expect(jawaban[1]!.realisasi.find((r) => r.id === kini.id)?.nilai).toBe(1);
    } finally {
      henti();
      hentiSaksi();
      await db.realisasi.bulkPut([kini, lama]);
      await db.indikator.put(indLama);
    }
  }, 60_000);
});

describe('bacaDataBeranda: the active quarter through indexes', () => {
  it('reads only the year’s PKs’ indicators and the quarter’s realisasi; Beranda’s tasks are unchanged', async () => {
    dibaca.clear();
    const d = await bacaDataBeranda(db, 2026, 3);
    const pk = pkTahun(2026);
    expect(dibaca.get('indikator')).toBe(demo.indikator.filter((i) => pk.has(i.pkId)).length);
    expect(dibaca.get('indikator')).toBeLessThan(demo.indikator.length * 0.7);
    expect(dibaca.get('realisasi')).toBe(demo.realisasi.filter((r) => r.tahun === 2026 && r.periode === 'TW3').length);
    // Beranda's query before issue 17: every indikator of every year, every evidence record.
    const [opd, pkSemua, indikator, realisasi, laporan, arahan, rakor, tindakLanjutArahan, buktiDukung] = await Promise.all([
      db.opd.toArray(),
      db.pk.where('tahun').equals(2026).toArray(),
      db.indikator.toArray(),
      db.realisasi.where('[tahun+periode]').equals([2026, 'TW3']).toArray(),
      db.laporan.where('[tahun+triwulan]').equals([2026, 3]).toArray(),
      db.arahan.toArray(),
      db.rakor.toArray(),
      db.tindakLanjutArahan.toArray(),
      db.buktiDukung.toArray(),
    ]);
    const semua = { opd, pk: pkSemua, indikator, realisasi, laporan, arahan, rakor, tindakLanjutArahan, buktiDukung };
    expect(tugasBeranda(d, 2026, 3, DEMO_NOW, null)).toEqual(tugasBeranda(semua, 2026, 3, DEMO_NOW, null));
  });
});

describe('ingatPerHari', () => {
  it('computes once per data, period and day in the pemda’s zone', async () => {
    const d = await bacaDataPemda(db, 2026);
    const f = ingatPerHari(hitungRingkasan);
    const a = f(d, 2026, 3, DEMO_NOW);
    expect(f(d, 2026, 3, new Date(DEMO_NOW.getTime() + 60_000))).toBe(a); // the clock ticks, same day
    expect(f.dihitung).toBe(1);
    expect(f(d, 2026, 2, DEMO_NOW)).not.toBe(a);
    expect(f.dihitung).toBe(2);
    // 23:59 WIB on 23 Nov is still the same day; 00:01 WIB on 24 Nov is the next.
    const a3 = f(d, 2026, 3, new Date('2026-11-23T23:59:00+07:00'));
    expect(f.dihitung).toBe(3);
    expect(f(d, 2026, 3, new Date('2026-11-23T12:00:00+07:00'))).toBe(a3);
    f(d, 2026, 3, new Date('2026-11-24T00:01:00+07:00'));
    expect(f.dihitung).toBe(4);
    // New data (the live query answered again): computed again, equal if nothing changed.
    const d2 = await bacaDataPemda(db, 2026);
    expect(f(d2, 2026, 3, new Date('2026-11-24T00:01:00+07:00'))).toEqual(f(d, 2026, 3, new Date('2026-11-24T00:01:00+07:00')));
    expect(f.dihitung).toBe(6);
  });
});
