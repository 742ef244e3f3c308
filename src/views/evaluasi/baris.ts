/**
 * Rows of the Evaluasi pejabat screen (pure): per official (pejabat record) and year, the PP 11/2017
 * pasal 142 evaluation of the PK they signed, what was decided and recorded, and the follow-up
 * after a masa perbaikan. Nothing is keyed on the OPD: a new head never inherits the previous
 * head's record. docs/domain/pejabat.md §Pasal 142.
 */
import type { EvaluasiPejabat, Opd, PejabatRecord, Pemda, Pk, Indikator, Realisasi } from '../../domain/schemas.ts';
import { idAlami } from '../../domain/schemas.ts';
import { dicakupPasal142, evaluasiAkhirPerbaikan, evaluasiTahunan, sebutanJabatan, type Evaluasi142 } from '../../domain/pejabat.ts';
import { keyRealisasi } from '../../domain/indikator.ts';

export const LABEL_HASIL: Record<Evaluasi142['status'], string> = {
  'tidak-dicakup': 'Tidak dicakup pasal 142',
  'belum-waktunya': 'Belum dapat dievaluasi',
  'tanpa-pk': 'Tanpa PK yang ditandatangani',
  'data-belum-lengkap': 'Data belum lengkap',
  memenuhi: 'Memenuhi',
  'tidak-memenuhi': 'Tidak memenuhi',
};
export const LABEL_USULAN: Record<NonNullable<Evaluasi142['usulan']>, string> = {
  'masa-perbaikan': 'Usulan: kesempatan perbaikan kinerja 6 bulan',
  'uji-kompetensi': 'Usulan: uji kompetensi kembali',
};
export const LABEL_KEPUTUSAN: Record<NonNullable<EvaluasiPejabat['keputusan']>, string> = {
  'masa-perbaikan': 'Masa perbaikan 6 bulan',
  'uji-kompetensi': 'Uji kompetensi kembali',
  'tidak-ditindaklanjuti': 'Tidak ditindaklanjuti',
  'selesai-perbaikan': 'Perbaikan kinerja diterima',
};

export interface BarisEvaluasi {
  pejabat: PejabatRecord;
  opd: Opd | null;
  jabatan: string;
  /** First stage (the year). */
  tahunan: Evaluasi142;
  /** The recorded first-stage decision for this official and year, if any. */
  tersimpan: EvaluasiPejabat | null;
  /** Follow-up after a decided masa perbaikan (null when there is none to follow). */
  lanjutan: (Evaluasi142 & { akhir: string | null }) | null;
  tersimpanLanjutan: EvaluasiPejabat | null;
  idTahunan: string;
  idLanjutan: string;
}

export interface DataEvaluasi {
  pemda: Pemda | null;
  opd: Opd[];
  pk: Pk[];
  indikator: Indikator[];
  realisasi: Realisasi[];
  pejabat: PejabatRecord[];
  evaluasiPejabat: EvaluasiPejabat[];
}

/** Officials who held a position at some point of the year (records without a pejabatId from older versions are ignored). */
function menjabatDalamTahun(p: PejabatRecord, tahun: number): boolean {
  return !p.deleted && p.tmt <= `${tahun}-12-31` && (p.selesai === null || p.selesai >= `${tahun}-01-01`);
}

/**
 * One row per official who served in `tahun`; by default only those pasal 142 covers (JPT
 * definitif), `semua` lists everyone with the reason they are not covered.
 */
export function susunEvaluasi(data: DataEvaluasi, tahun: number, now: Date, opsi: { semua?: boolean } = {}): BarisEvaluasi[] {
  const ambang = data.pemda?.pengaturan.ambangPejabat ?? 76;
  const batasAtas = data.pemda?.pengaturan.batasAtas ?? 100;
  const opdById = new Map(data.opd.filter((o) => !o.deleted).map((o) => [o.id, o]));
  const indikatorById = new Map(data.indikator.map((i) => [i.id, i]));
  const realisasiPerTahun = new Map<number, Map<string, Realisasi>>();
  const realisasiTahun = (t: number) => {
    let m = realisasiPerTahun.get(t);
    if (!m) {
      m = new Map(data.realisasi.filter((r) => !r.deleted && r.tahun === t).map((r) => [keyRealisasi(r.indikatorId, r.periode), r]));
      realisasiPerTahun.set(t, m);
    }
    return m;
  };
  const evaluasi = data.evaluasiPejabat.filter((e) => !e.deleted && typeof e.pejabatId === 'string');
  const cariEval = (id: string) => evaluasi.find((e) => e.id === id) ?? null;
  const baris: BarisEvaluasi[] = [];
  for (const p of data.pejabat) {
    if (!menjabatDalamTahun(p, tahun)) continue;
    if (!opsi.semua && !dicakupPasal142(p).ya) continue;
    const dasar = { pejabat: p, now, ambang, batasAtas, pk: data.pk, indikatorById };
    const tahunan = evaluasiTahunan({ ...dasar, tahun, realisasiByKey: realisasiTahun(tahun) });
    const idTahunan = idAlami.evaluasiPejabat(p.id, tahun, 'tahunan');
    const idLanjutan = idAlami.evaluasiPejabat(p.id, tahun, 'akhir-perbaikan');
    const tersimpan = cariEval(idTahunan);
    let lanjutan: BarisEvaluasi['lanjutan'] = null;
    if (tersimpan?.keputusan === 'masa-perbaikan' && tersimpan.tanggalKeputusan) {
      const akhirTahun = Number(tersimpan.tanggalKeputusan.slice(0, 4));
      const gabung = new Map([...realisasiTahun(akhirTahun - 1), ...realisasiTahun(akhirTahun), ...realisasiTahun(akhirTahun + 1)]);
      lanjutan = evaluasiAkhirPerbaikan({ ...dasar, realisasiByKey: gabung, keputusan: tersimpan });
    }
    baris.push({
      pejabat: p,
      opd: opdById.get(p.opdId) ?? null,
      jabatan: sebutanJabatan(p),
      tahunan,
      tersimpan,
      lanjutan,
      tersimpanLanjutan: cariEval(idLanjutan),
      idTahunan,
      idLanjutan,
    });
  }
  return baris.sort((a, b) => (a.opd?.urutan ?? 0) - (b.opd?.urutan ?? 0) || a.pejabat.tmt.localeCompare(b.pejabat.tmt));
}

export interface IsianKeputusan {
  keputusan: NonNullable<EvaluasiPejabat['keputusan']>;
  nomorKeputusan: string;
  tanggalKeputusan: string;
  ditetapkanOleh: string;
  catatan: string;
}

/**
 * The record an admin stores to confirm a proposal: the evaluation with its frozen basis and the
 * PPK's decision (decree number, date, who). Throws an Indonesian message when the evaluation has
 * nothing to decide on (no basis) or a field is missing. docs/domain/pejabat.md §Pasal 142 "Keputusan".
 */
export function recordKeputusan(b: BarisEvaluasi, tahap: 'tahunan' | 'akhir-perbaikan', isi: IsianKeputusan, tahun: number): Record<string, unknown> {
  const e = tahap === 'tahunan' ? b.tahunan : b.lanjutan;
  if (!e || !e.dasar || (e.status !== 'memenuhi' && e.status !== 'tidak-memenuhi')) throw new Error('Belum ada hasil evaluasi yang dapat ditetapkan.');
  if (!isi.nomorKeputusan.trim() || !isi.tanggalKeputusan || !isi.ditetapkanOleh.trim())
    throw new Error('Isi nomor keputusan, tanggal, dan pejabat yang menetapkan.');
  if (isi.keputusan === 'masa-perbaikan' && tahap !== 'tahunan') throw new Error('Masa perbaikan hanya dari evaluasi tahunan.');
  return {
    pejabatId: b.pejabat.id,
    opdId: b.pejabat.opdId,
    tahun,
    tahap,
    hasil: e.status,
    usulan: e.usulan,
    dasar: e.dasar,
    keputusan: isi.keputusan,
    nomorKeputusan: isi.nomorKeputusan.trim(),
    tanggalKeputusan: isi.tanggalKeputusan,
    ditetapkanOleh: isi.ditetapkanOleh.trim(),
    catatan: isi.catatan,
  };
}
