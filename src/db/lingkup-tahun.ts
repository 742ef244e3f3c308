/**
 * Which years this device holds in full (issue 17 §2; docs/offline.md "Tahun di perangkat",
 * docs/sync-protocol.md "History scope"). By default the current and the previous year; older years
 * only when the user opens one (online) or keeps one for offline work. Summaries of every year come
 * from the server (GET /ringkasan), so history does not have to live on every tablet.
 *
 * Kept in `meta` (KEY_LINGKUP): `tahunMin`, the first default year when last synced, and `tahun`,
 * the older years held as well; `sementara` are those among them opened but not kept for offline
 * (released at the next start, see `lepasTahunSementara`). Every pull names them (`tahunMin`,
 * `tahun`), so a held year's later edits arrive like any other.
 */
import { tahunIni } from '../domain/waktu.ts';
import type { NamaTabel } from '../domain/schemas.ts';
import type { PantauDB } from './database.ts';
import { kursorPull } from './tarik.ts';

export const KEY_LINGKUP = 'lingkupTahun';

/** Tables whose records carry `tahun` (the server scopes exactly these: a record with a numeric `tahun`). */
export const TABEL_BERTAHUN = [
  'pk',
  'realisasi',
  'realisasiAnggaran',
  'laporan',
  'rakor',
  'kunciPeriode',
  'evaluasiPejabat',
] as const satisfies readonly NamaTabel[];

export interface LingkupTahun {
  tahunMin: number;
  /** Older years held in full, ascending. */
  tahun: number[];
  /** Those of `tahun` opened on demand and not (yet) kept for offline. */
  sementara: number[];
}

/** The first year held by default at `now`: the previous one (issue 17 §2). */
export const tahunMinBawaan = (now: Date): number => tahunIni(now) - 1;

const urut = (xs: Iterable<number>) => [...new Set(xs)].sort((a, b) => a - b);

async function baca(db: PantauDB): Promise<LingkupTahun | null> {
  const v = (await db.meta.get(KEY_LINGKUP))?.value as Partial<LingkupTahun> | undefined;
  if (!v || typeof v.tahunMin !== 'number') return null;
  return { tahunMin: v.tahunMin, tahun: urut(v.tahun ?? []), sementara: urut(v.sementara ?? []) };
}

/**
 * The scope to pull with now, saved. A new year moves `tahunMin` up; the years it leaves behind
 * stay held (they are on the device: dropping them from the pull would let them go stale) until
 * the user releases them. A device that synced before scopes existed holds every year it has:
 * those found in its small year-bearing tables become its held years.
 */
export async function lingkupPull(db: PantauDB, now: Date): Promise<LingkupTahun> {
  return db.transaction('rw', [db.meta, db.pk, db.rakor, db.kunciPeriode, db.laporan], async () => {
    const bawaan = tahunMinBawaan(now);
    let l = await baca(db);
    if (!l) {
      const lama: number[] = [];
      if ((await kursorPull(db)) > 0) {
        for (const t of [db.pk, db.rakor, db.kunciPeriode, db.laporan] as const) {
          await t.each((r: { tahun?: unknown }) => {
            if (typeof r.tahun === 'number' && r.tahun < bawaan) lama.push(r.tahun);
          });
        }
      }
      l = { tahunMin: bawaan, tahun: urut(lama), sementara: [] };
    } else if (l.tahunMin < bawaan) {
      const tertinggal = Array.from({ length: bawaan - l.tahunMin }, (_, i) => l!.tahunMin + i);
      l = { ...l, tahunMin: bawaan, tahun: urut([...l.tahun, ...tertinggal]) };
    } else if (l.tahunMin > bawaan) {
      // The device clock went back: hold from the earlier year again (the pull brings it).
      l = { ...l, tahunMin: bawaan };
    }
    l = { ...l, tahun: l.tahun.filter((t) => t < l!.tahunMin), sementara: l.sementara.filter((t) => t < l!.tahunMin) };
    await db.meta.put({ key: KEY_LINGKUP, value: l });
    return l;
  });
}

/** The saved scope, or null before the first pull (for a live query on it). */
export function bacaLingkup(db: PantauDB): Promise<LingkupTahun | null> {
  return baca(db);
}

/** Is `tahun` held in full on this device? (Before the first sync: the default years.) */
export async function tahunDiPerangkat(db: PantauDB, tahun: number, now: Date): Promise<KeadaanTahun> {
  return keadaanTahun(await baca(db), tahun, now);
}

export type KeadaanTahun = 'bawaan' | 'disimpan' | 'sementara' | 'tidak';

/** `tahunDiPerangkat` on a scope already read. */
export function keadaanTahun(l: LingkupTahun | null, tahun: number, now: Date): KeadaanTahun {
  const min = l ? Math.min(l.tahunMin, tahunMinBawaan(now)) : tahunMinBawaan(now);
  if (tahun >= min) return 'bawaan';
  if (l?.sementara.includes(tahun)) return 'sementara';
  if (l?.tahun.includes(tahun)) return 'disimpan';
  return 'tidak';
}

/** Add an older year to the scope (before its records are fetched, so no pull passes its edits). */
export async function tambahTahun(db: PantauDB, tahun: number, opsi: { sementara: boolean }, now: Date): Promise<void> {
  await lingkupPull(db, now);
  await db.transaction('rw', db.meta, async () => {
    const l = (await baca(db))!;
    if (tahun >= l.tahunMin) return;
    const sudah = l.tahun.includes(tahun) && !l.sementara.includes(tahun);
    const sementara = opsi.sementara && !sudah ? urut([...l.sementara, tahun]) : l.sementara.filter((t) => t !== tahun);
    await db.meta.put({ key: KEY_LINGKUP, value: { ...l, tahun: urut([...l.tahun, tahun]), sementara } });
  });
}

/** "Simpan tahun ini untuk luring": an opened year stays on the device. */
export async function simpanTahunLuring(db: PantauDB, tahun: number, now: Date): Promise<void> {
  await tambahTahun(db, tahun, { sementara: false }, now);
}

/**
 * Release an older year: out of the scope, and its records leave the device — except records with
 * work still waiting (outbox or rejection), which stay until it is sent or dropped. The default
 * years cannot be released. Returns the records removed.
 */
export async function lepasTahun(db: PantauDB, tahun: number, now: Date): Promise<number> {
  const tabel = TABEL_BERTAHUN.map((t) => db.table(t));
  return db.transaction('rw', [...tabel, db.meta, db.outbox, db.penolakan], async () => {
    const l = await baca(db);
    if (!l || tahun >= Math.min(l.tahunMin, tahunMinBawaan(now))) return 0;
    await db.meta.put({ key: KEY_LINGKUP, value: { ...l, tahun: l.tahun.filter((t) => t !== tahun), sementara: l.sementara.filter((t) => t !== tahun) } });
    const tertunda = new Set<string>(await db.penolakan.toCollection().primaryKeys());
    for (const k of await db.outbox.orderBy('[table+key]').uniqueKeys()) {
      const [table, key] = k as unknown as [string, string];
      tertunda.add(`${table}:${key}`);
    }
    let n = 0;
    for (const t of tabel) {
      const keys = (await t.filter((r: { tahun?: unknown; id: string }) => r.tahun === tahun).primaryKeys()) as string[];
      const hapus = keys.filter((k) => !tertunda.has(`${t.name}:${k}`));
      await t.bulkDelete(hapus);
      n += hapus.length;
    }
    return n;
  });
}

/** At start: years opened but not kept for offline leave the device (their contract: online only). */
export async function lepasTahunSementara(db: PantauDB, now: Date): Promise<void> {
  const l = await baca(db);
  for (const t of l?.sementara ?? []) await lepasTahun(db, t, now);
}
