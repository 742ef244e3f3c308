/**
 * Pohon kinerja (cascading): the kepala daerah's sasaran and indicators with the OPD indicators
 * that support them (indikator.mendukungId → a kepala daerah sasaran or indikator), each with its
 * capaian s.d. the quarter. The same rule as the summary picks the PK versions in force
 * (`pkBerlaku`), and links survive amendments through the indicator lineage on both sides.
 * Pure; docs/domain/pejabat.md §Cascading. Used by the Rakor screen and the Layar.
 */
import type { Indikator, Opd, Pk, Realisasi, Sasaran, TargetNilai } from './schemas.ts';
import { evaluasiTriwulan, keyRealisasi, rantaiIndikator, realisasiPerTriwulan, type StatusIndikator } from './indikator.ts';
import { pkBerlaku, type Triwulan } from './periode.ts';

export interface SimpulIndikator {
  indikatorId: string;
  uraian: string;
  satuan: string;
  target: TargetNilai | null;
  realisasi: number | null;
  capaian: number | null;
  status: StatusIndikator;
}

export interface DukunganOpd extends SimpulIndikator {
  opdId: string;
  opd: string;
}

export interface CabangIndikator extends SimpulIndikator {
  dukungan: DukunganOpd[];
}

export interface CabangSasaran {
  sasaranId: string;
  uraian: string;
  indikator: CabangIndikator[];
  /** OPD indicators linked to the sasaran itself rather than one of its indicators. */
  dukungan: DukunganOpd[];
}

export interface PohonKinerja {
  tahun: number;
  triwulan: Triwulan;
  sasaran: CabangSasaran[];
  /** OPD indicators (of PKs in force) that support nothing: the gaps of the cascade. */
  jumlahTanpaInduk: number;
  jumlahTerhubung: number;
}

export interface DataPohon {
  opd: Opd[];
  pk: Pk[];
  sasaran: Sasaran[];
  indikator: Indikator[];
  realisasi: Realisasi[];
}

const hidup = <T extends { deleted: boolean }>(xs: readonly T[]) => xs.filter((x) => !x.deleted);

/**
 * The tree for (tahun, triwulan), or null when the kepala daerah has no PK in force. Supporting
 * indicators come from every other OPD's PK in force; within a node they are ordered by OPD.
 */
export function pohonKinerja(data: DataPohon, tahun: number, triwulan: Triwulan, now: Date): PohonKinerja | null {
  const opd = hidup(data.opd).sort((a, b) => a.urutan - b.urutan);
  const kd = opd.find((o) => o.jenis === 'kepala-daerah');
  if (!kd) return null;
  const pk = hidup(data.pk);
  const pkKd = pkBerlaku(pk, kd.id, tahun, triwulan);
  if (!pkKd) return null;
  const indikator = hidup(data.indikator);
  const byId = new Map(indikator.map((i) => [i.id, i]));
  const realisasi = new Map(
    hidup(data.realisasi)
      .filter((r) => r.tahun === tahun)
      .map((r) => [keyRealisasi(r.indikatorId, r.periode), r]),
  );
  const simpul = (i: Indikator): SimpulIndikator => {
    const e = evaluasiTriwulan(i, realisasiPerTriwulan(rantaiIndikator(i.id, byId), realisasi), tahun, triwulan, now);
    return { indikatorId: i.id, uraian: i.uraian, satuan: i.satuan, target: e.target, realisasi: e.realisasi, capaian: e.capaian, status: e.status };
  };

  // Every id a link may point at → the node it lands on (indicator lineage: a link to an older version counts).
  const sasaranKd = hidup(data.sasaran)
    .filter((s) => s.pkId === pkKd.id)
    .sort((a, b) => a.urutan - b.urutan);
  const indKd = indikator.filter((i) => i.pkId === pkKd.id).sort((a, b) => a.urutan - b.urutan);
  const cabang: CabangSasaran[] = sasaranKd.map((s) => ({ sasaranId: s.id, uraian: s.uraian, indikator: [], dukungan: [] }));
  const keCabangInd = new Map<string, CabangIndikator>();
  const keSasaran = new Map<string, CabangSasaran>(cabang.map((c) => [c.sasaranId, c]));
  for (const i of indKd) {
    const c = cabang.find((x) => x.sasaranId === i.sasaranId);
    if (!c) continue;
    const node: CabangIndikator = { ...simpul(i), dukungan: [] };
    c.indikator.push(node);
    for (const id of rantaiIndikator(i.id, byId)) keCabangInd.set(id, node);
  }
  // Sasaran of earlier KD versions map by text onto this version's sasaran (amendments copy them).
  for (const s of hidup(data.sasaran)) {
    const p = pk.find((x) => x.id === s.pkId);
    if (p && p.opdId === kd.id && p.tahun === tahun && !keSasaran.has(s.id)) {
      const sama = cabang.find((c) => c.uraian === s.uraian);
      if (sama) keSasaran.set(s.id, sama);
    }
  }

  let tanpaInduk = 0;
  let terhubung = 0;
  for (const o of opd) {
    if (o.id === kd.id) continue;
    const p = pkBerlaku(pk, o.id, tahun, triwulan);
    if (!p) continue;
    for (const i of indikator.filter((x) => x.pkId === p.id).sort((a, b) => a.urutan - b.urutan)) {
      const target = i.mendukungId ? (keCabangInd.get(i.mendukungId) ?? keSasaran.get(i.mendukungId) ?? null) : null;
      if (!target) {
        tanpaInduk++;
        continue;
      }
      terhubung++;
      target.dukungan.push({ ...simpul(i), opdId: o.id, opd: o.singkatan });
    }
  }
  return { tahun, triwulan, sasaran: cabang, jumlahTanpaInduk: tanpaInduk, jumlahTerhubung: terhubung };
}

/** What an OPD indicator may support: the kepala daerah's sasaran and indicators of the year (latest version first). */
export function pilihanInduk(
  data: Pick<DataPohon, 'opd' | 'pk' | 'sasaran' | 'indikator'>,
  tahun: number,
): { id: string; label: string; jenis: 'sasaran' | 'indikator' }[] {
  const kd = hidup(data.opd).find((o) => o.jenis === 'kepala-daerah');
  if (!kd) return [];
  const pkKd = pkBerlaku(hidup(data.pk), kd.id, tahun, 4);
  if (!pkKd) return [];
  const hasil: { id: string; label: string; jenis: 'sasaran' | 'indikator' }[] = [];
  for (const s of hidup(data.sasaran)
    .filter((x) => x.pkId === pkKd.id)
    .sort((a, b) => a.urutan - b.urutan)) {
    hasil.push({ id: s.id, label: `Sasaran: ${s.uraian}`, jenis: 'sasaran' });
    for (const i of hidup(data.indikator)
      .filter((x) => x.sasaranId === s.id)
      .sort((a, b) => a.urutan - b.urutan)) {
      hasil.push({ id: i.id, label: `— ${i.uraian}`, jenis: 'indikator' });
    }
  }
  return hasil;
}
