/**
 * GET /ringkasan on the server (issue 17 §6; docs/sync-protocol.md "GET /ringkasan"): the rakor
 * summary of one (tahun, triwulan) from only the records it needs, read through the indexes of
 * migration 006, and remembered per database state so repeated requests between pushes cost one
 * tiny query.
 *
 * What `hitungRingkasan` (src/domain/ringkasan.ts) reads, and so what is fetched:
 * - every live pemda, opd, rakor, arahan and tindakLanjutArahan (small, not per year: an arahan
 *   stays open across years);
 * - pk, realisasi and realisasiAnggaran of `tahun` (it filters them by tahun itself);
 * - indikator, sasaran and program of that year's PKs (it only looks them up by the PK in force),
 *   plus, by id, any indikator up an `indikatorAsalId` lineage or sasaran an indikator names that
 *   belongs to another PK (none in well-formed data; fetched so the result stays exactly the same);
 * - accepted buktiDukung of realisasi.
 * A PK's `snapshot` (~12 KB of frozen contents) is left out: the summary never reads it.
 */
import { hitungRingkasan, type DataPemda } from '../domain/ringkasan.ts';
import type { Triwulan } from '../domain/periode.ts';
import type { NamaTabel } from '../domain/schemas.ts';
import { tanggalHariIni } from '../domain/periode.ts';
import { denganZona, zonaPemda, type ZonaWaktu } from '../domain/waktu.ts';
import { angkaDb, type Db, type Kueri } from './db.ts';

type Rec = Record<string, unknown>;

const TABEL_KECIL = ['pemda', 'opd', 'rakor', 'arahan', 'tindakLanjutArahan'] as const satisfies readonly NamaTabel[];
const TABEL_TAHUN = ['pk', 'realisasi', 'realisasiAnggaran'] as const satisfies readonly NamaTabel[];
const TABEL_PER_PK = ['indikator', 'sasaran', 'program'] as const satisfies readonly NamaTabel[];
/** Every table the summary reads (the full read GET /ringkasan used to do). */
export const TABEL_RINGKASAN = [...TABEL_KECIL, ...TABEL_TAHUN, ...TABEL_PER_PK, 'buktiDukung'] as const satisfies readonly NamaTabel[];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DATA = `CASE WHEN tbl = 'pk' THEN data - 'snapshot' ELSE data END AS data`;

/** The records `hitungRingkasan(…, tahun, …)` needs, grouped per table (see the module comment). */
export async function bacaDataRingkasan(db: Kueri, tahun: number): Promise<DataPemda> {
  const out: Record<string, Rec[]> = Object.fromEntries(TABEL_RINGKASAN.map((t) => [t, []]));
  const simpan = (rows: Rec[]) => {
    for (const r of rows) out[String(r.tbl)]!.push(r.data as Rec);
  };
  simpan(await db.query(`SELECT tbl, data FROM records WHERE NOT deleted AND tbl = ANY($1::text[])`, [TABEL_KECIL]));
  simpan(await db.query(`SELECT tbl, ${DATA} FROM records WHERE NOT deleted AND tbl = ANY($1::text[]) AND data->>'tahun' = $2`, [TABEL_TAHUN, String(tahun)]));
  const pkIds = out.pk!.map((p) => String(p.id));
  if (pkIds.length)
    simpan(
      await db.query(`SELECT tbl, data FROM records WHERE NOT deleted AND tbl = ANY($1::text[]) AND data->>'pkId' = ANY($2::text[])`, [TABEL_PER_PK, pkIds]),
    );
  simpan(
    await db.query(`SELECT tbl, data FROM records WHERE NOT deleted AND tbl = 'buktiDukung' AND data->>'tabel' = 'realisasi' AND data->>'status' = 'diterima'`),
  );
  // Lineages and sasaran outside the year's PKs, by primary key, until nothing is missing.
  const lengkapi = async (tbl: 'indikator' | 'sasaran', perlu: () => string[]) => {
    const sudah = new Set(out[tbl]!.map((r) => String(r.id)));
    const dicoba = new Set<string>();
    for (;;) {
      const kurang = perlu().filter((id) => !sudah.has(id) && !dicoba.has(id));
      if (!kurang.length) return;
      for (const id of kurang) dicoba.add(id);
      const uuid = kurang.filter((id) => UUID.test(id));
      const rows = uuid.length ? await db.query(`SELECT tbl, data FROM records WHERE NOT deleted AND tbl = $1 AND id = ANY($2::uuid[])`, [tbl, uuid]) : [];
      simpan(rows);
      for (const r of rows) sudah.add(String((r.data as Rec).id));
    }
  };
  const ids = (tbl: string, f: string) => out[tbl]!.map((r) => r[f]).filter((v): v is string => typeof v === 'string');
  await lengkapi('indikator', () => ids('indikator', 'indikatorAsalId'));
  await lengkapi('sasaran', () => ids('indikator', 'sasaranId'));
  return { ...out, pemda: (out.pemda?.[0] ?? null) as DataPemda['pemda'] } as unknown as DataPemda;
}

interface Simpanan {
  zona: ZonaWaktu;
  hariIni: string;
  json: string;
}

/**
 * The summary as JSON text, remembered per (epoch, rev, tahun, triwulan) — every change to a record
 * moves the rev, a restore the epoch — and per calendar day in the pemda's zone (the due quarters
 * and overdue arahan depend on today). A state read while a push commits is not remembered (the
 * rev is read again after the records). Keeps the last `maks` summaries.
 */
export class RingkasanServer {
  readonly #simpanan = new Map<string, Simpanan>();
  /** How many summaries were computed (for the tests: a cache hit computes none). */
  dihitung = 0;

  constructor(
    private readonly db: Db,
    private readonly maks = 16,
  ) {}

  async #keadaan(): Promise<string> {
    const [s] = await this.db.query('SELECT rev, epoch::text AS epoch FROM sync_state WHERE id = 1');
    return `${String(s?.epoch ?? '')}:${angkaDb(s?.rev)}`;
  }

  async json(tahun: number, triwulan: Triwulan, now: Date): Promise<string> {
    const keadaan = await this.#keadaan();
    const kunci = `${keadaan}:${tahun}:${triwulan}`;
    const ada = this.#simpanan.get(kunci);
    if (ada && denganZona(ada.zona, () => tanggalHariIni(now)) === ada.hariIni) return ada.json;
    const data = await bacaDataRingkasan(this.db, tahun);
    this.dihitung++;
    const zona = zonaPemda(data.pemda);
    const json = JSON.stringify(hitungRingkasan(data, tahun, triwulan, now));
    if ((await this.#keadaan()) === keadaan) {
      this.#simpanan.delete(kunci);
      this.#simpanan.set(kunci, { zona, hariIni: denganZona(zona, () => tanggalHariIni(now)), json });
      while (this.#simpanan.size > this.maks) this.#simpanan.delete(this.#simpanan.keys().next().value!);
    }
    return json;
  }
}
