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

/** One year's records as read for the summary, up to `rev` of `epoch`, per table by id. */
interface DataTahun {
  epoch: string;
  rev: number;
  tabel: Map<string, Map<string, Rec>>;
}

const KECIL = new Set<string>(TABEL_KECIL);
const PER_TAHUN = new Set<string>(TABEL_TAHUN);
const PER_PK = new Set<string>(TABEL_PER_PK);

const keTabel = (d: DataPemda): Map<string, Map<string, Rec>> =>
  new Map(
    TABEL_RINGKASAN.map((t) => {
      const v = t === 'pemda' ? (d.pemda ? [d.pemda] : []) : ((d as unknown as Record<string, Rec[]>)[t] ?? []);
      return [t, new Map(v.map((r) => [String(r.id), r]))];
    }),
  );

const keData = (tabel: Map<string, Map<string, Rec>>): DataPemda => {
  const out = Object.fromEntries(TABEL_RINGKASAN.map((t) => [t, [...(tabel.get(t)?.values() ?? [])]])) as Record<string, Rec[]>;
  return { ...out, pemda: (out.pemda?.[0] ?? null) as DataPemda['pemda'] } as unknown as DataPemda;
};

/**
 * Applies the changes with rev in (d.rev, rev] to one year's records (issue 17 §6: after a push only
 * what changed is read, through records_rev). Relies on what /sync/pull relies on: a rev visible in
 * sync_state means every record up to it is committed. Returns false when the delta cannot be
 * applied exactly — the year's set of PKs changed, or an indikator lineage or sasaran points outside
 * the year's PKs — and the year must be read whole again.
 */
async function terapkanPerubahan(db: Kueri, d: DataTahun, tahun: number, rev: number): Promise<boolean> {
  const rows = await db.query<{ tbl: string; id: string; deleted: boolean; data: Rec }>(
    `SELECT tbl, id::text AS id, deleted, ${DATA} FROM records WHERE rev > $1 AND rev <= $2 AND tbl = ANY($3::text[]) ORDER BY rev`,
    [d.rev, rev, TABEL_RINGKASAN],
  );
  const pk = d.tabel.get('pk')!;
  for (const r of rows) {
    if (r.tbl !== 'pk') continue;
    const masuk = !r.deleted && String(r.data.tahun) === String(tahun);
    if (masuk !== pk.has(r.id)) return false; // a PK joined or left the year: its children are elsewhere
    if (masuk) pk.set(r.id, r.data);
  }
  for (const r of rows) {
    if (r.tbl === 'pk') continue;
    const t = d.tabel.get(r.tbl)!;
    const masuk =
      !r.deleted &&
      (KECIL.has(r.tbl) ||
        (PER_TAHUN.has(r.tbl) && String(r.data.tahun) === String(tahun)) ||
        (PER_PK.has(r.tbl) && pk.has(String(r.data.pkId))) ||
        (r.tbl === 'buktiDukung' && r.data.tabel === 'realisasi' && r.data.status === 'diterima'));
    if (masuk) t.set(r.id, r.data);
    else t.delete(r.id);
  }
  d.rev = rev;
  // Every lineage and sasaran still inside the year's PKs (else the full read fetches them by id).
  const indikator = d.tabel.get('indikator')!;
  const sasaran = d.tabel.get('sasaran')!;
  for (const m of [indikator, sasaran, d.tabel.get('program')!]) for (const x of m.values()) if (!pk.has(String(x.pkId))) return false;
  for (const i of indikator.values()) {
    if (typeof i.indikatorAsalId === 'string' && !indikator.has(i.indikatorAsalId)) return false;
    if (typeof i.sasaranId === 'string' && !sasaran.has(i.sasaranId)) return false;
  }
  return true;
}

/**
 * The summary as JSON text, remembered per (epoch, rev, tahun, triwulan) — every change to a record
 * moves the rev, a restore the epoch — and per calendar day in the pemda's zone (the due quarters
 * and overdue arahan depend on today). A state read while a push commits is not remembered (the
 * rev is read again after the records). Keeps the last `maks` summaries.
 *
 * The records of the last years asked are kept too (`DataTahun`): after a push the next request reads
 * only the changed rows (`terapkanPerubahan`) instead of the whole year again.
 */
export class RingkasanServer {
  readonly #simpanan = new Map<string, Simpanan>();
  readonly #dataTahun = new Map<number, DataTahun>();
  /** How many summaries were computed (for the tests: a cache hit computes none). */
  dihitung = 0;
  /** How many times a year was read whole (for the tests: a delta reads none). */
  dibacaPenuh = 0;

  constructor(
    private readonly db: Db,
    private readonly maks = 16,
  ) {}

  async #bacaKeadaan(): Promise<{ epoch: string; rev: number }> {
    const [s] = await this.db.query('SELECT rev, epoch::text AS epoch FROM sync_state WHERE id = 1');
    return { epoch: String(s?.epoch ?? ''), rev: angkaDb(s?.rev) };
  }

  async #keadaan(): Promise<string> {
    const s = await this.#bacaKeadaan();
    return `${s.epoch}:${s.rev}`;
  }

  /** The year's records at (epoch, rev): the kept ones brought up to date, or a whole read. */
  async #data(tahun: number, epoch: string, rev: number): Promise<DataPemda> {
    const ada = this.#dataTahun.get(tahun);
    if (ada && ada.epoch === epoch && ada.rev <= rev && (ada.rev === rev || (await terapkanPerubahan(this.db, ada, tahun, rev)))) {
      return keData(ada.tabel);
    }
    this.#dataTahun.delete(tahun);
    const data = await bacaDataRingkasan(this.db, tahun);
    this.dibacaPenuh++;
    this.#dataTahun.set(tahun, { epoch, rev, tabel: keTabel(data) });
    while (this.#dataTahun.size > 3) this.#dataTahun.delete(this.#dataTahun.keys().next().value!);
    return data;
  }

  async json(tahun: number, triwulan: Triwulan, now: Date): Promise<string> {
    const s = await this.#bacaKeadaan();
    const keadaan = `${s.epoch}:${s.rev}`;
    const kunci = `${keadaan}:${tahun}:${triwulan}`;
    const ada = this.#simpanan.get(kunci);
    if (ada && denganZona(ada.zona, () => tanggalHariIni(now)) === ada.hariIni) return ada.json;
    const data = await this.#data(tahun, s.epoch, s.rev);
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
