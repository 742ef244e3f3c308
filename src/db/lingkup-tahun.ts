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
import { TABEL_IKUT_PK, type NamaTabel } from '../domain/schemas.ts';
import type { PantauDB } from './database.ts';
import { kursorPull } from './tarik.ts';

export const KEY_LINGKUP = 'lingkupTahun';

/** Tables whose records carry `tahun` (the server scopes a record with a numeric `tahun`; and TABEL_IKUT_PK by their PK's). */
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
 * Release an older year: out of the scope, and its records leave the device — those with `tahun`
 * and the indikator, sasaran and program of its PKs (`TABEL_IKUT_PK`, issue 17 §2) — except records
 * with work still waiting (outbox or rejection), which stay until it is sent or dropped. A PK
 * leaves only with its whole tree: if it or any of its indikator, sasaran or program has waiting
 * work, all of them stay, so whatever shows them (views read a PK's indikator by `pkId`) finds
 * them whole and no child is left without its PK (a later release takes the tree once sent).
 * Children whose PK is not on the device stay (their year is unknown here; the server sends them
 * in every scope). The default years cannot be released. Returns the records removed.
 */
export async function lepasTahun(db: PantauDB, tahun: number, now: Date): Promise<number> {
  const tabel = TABEL_BERTAHUN.map((t) => db.table(t));
  const anak = TABEL_IKUT_PK.map((t) => db.table(t));
  return db.transaction('rw', [...tabel, ...anak, db.meta, db.outbox, db.penolakan], async () => {
    const l = await baca(db);
    if (!l || tahun >= Math.min(l.tahunMin, tahunMinBawaan(now))) return 0;
    await db.meta.put({ key: KEY_LINGKUP, value: { ...l, tahun: l.tahun.filter((t) => t !== tahun), sementara: l.sementara.filter((t) => t !== tahun) } });
    const tertunda = new Set<string>(await db.penolakan.toCollection().primaryKeys());
    for (const k of await db.outbox.orderBy('[table+key]').uniqueKeys()) {
      const [table, key] = k as unknown as [string, string];
      tertunda.add(`${table}:${key}`);
    }
    // The year's PKs leave as whole trees (PK, sasaran, indikator, program): a tree with waiting
    // work anywhere in it stays whole, so nothing on the device is left without its PK.
    const pkTahun = (await db.pk.where('tahun').equals(tahun).primaryKeys()) as string[];
    const anakPer = new Map<string, { tabel: string; key: string }[]>(pkTahun.map((k) => [k, []]));
    for (const t of anak) {
      if (!pkTahun.length) break;
      for (const r of (await t.where('pkId').anyOf(pkTahun).toArray()) as { id: string; pkId: string }[])
        anakPer.get(r.pkId)?.push({ tabel: t.name, key: r.id });
    }
    const pkTetap = new Set(pkTahun.filter((k) => tertunda.has(`pk:${k}`) || anakPer.get(k)!.some((x) => tertunda.has(`${x.tabel}:${x.key}`))));
    let n = 0;
    for (const t of anak) {
      const hapus = pkTahun
        .filter((k) => !pkTetap.has(k))
        .flatMap((k) =>
          anakPer
            .get(k)!
            .filter((x) => x.tabel === t.name)
            .map((x) => x.key),
        );
      await t.bulkDelete(hapus);
      n += hapus.length;
    }
    for (const t of tabel) {
      const keys = (await t.filter((r: { tahun?: unknown; id: string }) => r.tahun === tahun).primaryKeys()) as string[];
      const hapus = keys.filter((k) => !tertunda.has(`${t.name}:${k}`) && !(t.name === 'pk' && pkTetap.has(k)));
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
