/**
 * Evaluation of a Penjabat (Pj) kepala daerah (Permendagri 4/2023 tentang Penjabat Gubernur,
 * Penjabat Bupati, dan Penjabat Wali Kota; PP 6/2005 pasal 132 ayat (5)–(6)): the Minister of Home
 * Affairs evaluates the Pj every three months on the aspects pemerintahan, pembangunan and
 * kemasyarakatan, on indicators the ministry sets and sharpens by letter (e.g. Surat Mendagri
 * 800.1.14/575/IJ of 27 March 2023; 800.1.14/440/IJ of 31 January 2024 added BUM Desa).
 * Pure functions; docs/domain/pejabat.md §Penjabat.
 */
import type { EvaluasiPj, IndikatorPj, PejabatRecord, TugasPj } from './schemas.ts';
import { tambahTanggal, tanggalHariIni } from './periode.ts';

export interface PeriodePj {
  ke: number;
  mulai: string;
  selesai: string;
}

/**
 * The quarterly evaluation periods over a Pj's term: three months each from the TMT
 * (TMT 24 Sep → 24 Sep–23 Dec, 24 Dec–23 Mar, …), the last one cut at the end of the term.
 * An open term (selesai null) runs up to the period containing `sampai`. At most 40 periods.
 */
export function periodePj(p: Pick<PejabatRecord, 'tmt' | 'selesai'>, sampai: string): PeriodePj[] {
  const akhir = p.selesai ?? sampai;
  const hasil: PeriodePj[] = [];
  for (let ke = 1; ke <= 40; ke++) {
    const mulai = tambahTanggal(p.tmt, { bulan: 3 * (ke - 1) });
    if (mulai > akhir) break;
    const batas = tambahTanggal(tambahTanggal(p.tmt, { bulan: 3 * ke }), { hari: -1 });
    hasil.push({ ke, mulai, selesai: p.selesai !== null && batas > p.selesai ? p.selesai : batas });
  }
  return hasil;
}

/** Days after a period's end by which the report is due, until the ministry's letter says otherwise. */
export const HARI_BATAS_LAPORAN = 10;

export function batasLaporanBawaan(selesai: string): string {
  return tambahTanggal(selesai, { hari: HARI_BATAS_LAPORAN });
}

/**
 * The indicator set of the Kemendagri guidance for Pj bupati/wali kota (about ten), grouped by
 * the three aspects. Editable per period: the ministry sharpens it by letter. `opd` names the
 * perangkat daerah (by singkatan) that usually supplies the bahan evaluasi.
 */
export const INDIKATOR_PJ_BAWAAN: readonly (Omit<IndikatorPj, 'opdId' | 'capaian'> & { opd: string })[] = [
  { kode: 'P1', aspek: 'pemerintahan', uraian: 'Realisasi pendapatan dan belanja APBD', opd: 'BPKPD' },
  { kode: 'P2', aspek: 'pemerintahan', uraian: 'Penggunaan produk dalam negeri dalam belanja daerah (P3DN)', opd: 'Setda' },
  { kode: 'P3', aspek: 'pemerintahan', uraian: 'Tindak lanjut pengaduan masyarakat (SP4N-LAPOR!)', opd: 'Diskominfo' },
  { kode: 'B1', aspek: 'pembangunan', uraian: 'Pengendalian inflasi daerah', opd: 'Diskopdag' },
  { kode: 'B2', aspek: 'pembangunan', uraian: 'Percepatan penurunan stunting', opd: 'Dinkes' },
  { kode: 'B3', aspek: 'pembangunan', uraian: 'Penghapusan kemiskinan ekstrem', opd: 'Dinsos' },
  { kode: 'B4', aspek: 'pembangunan', uraian: 'Realisasi investasi dan kemudahan perizinan berusaha', opd: 'DPMPTSP' },
  { kode: 'B5', aspek: 'pembangunan', uraian: 'BUM Desa/BUM Desa Bersama: pendaftaran nama, badan hukum, peringkat dan laba', opd: 'DPMD' },
  { kode: 'K1', aspek: 'kemasyarakatan', uraian: 'Ketenteraman, ketertiban umum dan penanganan konflik sosial', opd: 'Kesbangpol' },
  { kode: 'K2', aspek: 'kemasyarakatan', uraian: 'Dukungan penyelenggaraan Pemilu dan Pilkada serta netralitas ASN', opd: 'BKPSDM' },
  { kode: 'K3', aspek: 'kemasyarakatan', uraian: 'Hubungan kerja dengan DPRD dan Forkopimda', opd: 'Setwan' },
];

export const LABEL_ASPEK: Record<IndikatorPj['aspek'], string> = {
  pemerintahan: 'Aspek pemerintahan',
  pembangunan: 'Aspek pembangunan',
  kemasyarakatan: 'Aspek kemasyarakatan',
};

/** The default indicator set with OPDs resolved by singkatan (unknown → null). */
export function indikatorPjBawaan(opd: readonly { id: string; singkatan: string }[]): IndikatorPj[] {
  return INDIKATOR_PJ_BAWAAN.map(({ opd: s, ...i }) => ({ ...i, opdId: opd.find((o) => o.singkatan === s)?.id ?? null, capaian: '' }));
}

/** A task's deadline must come before the report's; by default 5 days before it. */
export function batasTugasBawaan(batasLaporan: string): string {
  return tambahTanggal(batasLaporan, { hari: -5 });
}

export type KeadaanTugas = 'selesai' | 'menunggu' | 'terlambat';

/** A task is done once its bahan is accepted; otherwise late after its deadline (WIB day). */
export function keadaanTugas(t: Pick<TugasPj, 'status' | 'batasWaktu'>, now: Date): KeadaanTugas {
  if (t.status === 'diterima') return 'selesai';
  return tanggalHariIni(now) > t.batasWaktu ? 'terlambat' : 'menunggu';
}

export interface RekapPj {
  jumlahTugas: number;
  diterima: number;
  dikirim: number;
  terlambat: number;
  /** Indicators without any task or accepted bahan. */
  indikatorTanpaBahan: string[];
  /** Whether the report can be compiled: every indicator has accepted bahan. */
  siapDikompilasi: boolean;
}

/** Progress of one period: tasks per state, and which indicators still lack accepted bahan. */
export function rekapPj(e: Pick<EvaluasiPj, 'id' | 'indikator'>, tugas: readonly TugasPj[], now: Date): RekapPj {
  const milik = tugas.filter((t) => !t.deleted && t.evaluasiPjId === e.id);
  const indikatorTanpaBahan = e.indikator.filter((i) => !milik.some((t) => t.kodeIndikator === i.kode && t.status === 'diterima')).map((i) => i.kode);
  return {
    jumlahTugas: milik.length,
    diterima: milik.filter((t) => t.status === 'diterima').length,
    dikirim: milik.filter((t) => t.status === 'dikirim').length,
    terlambat: milik.filter((t) => keadaanTugas(t, now) === 'terlambat').length,
    indikatorTanpaBahan,
    siapDikompilasi: e.indikator.length > 0 && indikatorTanpaBahan.length === 0,
  };
}
