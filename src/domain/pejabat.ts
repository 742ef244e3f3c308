/**
 * Evaluation of OPD heads (PP 11/2017 pasal 142) and the reward/sanction ranking. The app only
 * PROPOSES a status from the data; an admin confirms it (both are kept in evaluasiPejabat).
 */
import type { EvaluasiPejabat } from './schemas.ts';
import { tambahTanggal } from './periode.ts';

export type StatusPejabat = EvaluasiPejabat['statusUsulan'];

export interface UsulanPejabat {
  /** null when the annual capaian cannot be computed yet (no proposal is made). */
  status: StatusPejabat | null;
  /** End of the 6-month improvement period (YYYY-MM-DD) for 'masa-perbaikan'. */
  batasPerbaikan: string | null;
  alasan: string;
}

/** The previous evaluation of the same OPD head, if any (the confirmed status wins). */
export type EvaluasiSebelumnya = Pick<EvaluasiPejabat, 'statusUsulan' | 'statusDitetapkan' | 'batasPerbaikan'>;

/**
 * Proposes the status for an annual capaian:
 * - capaian ≥ ambang → 'memenuhi';
 * - below, and a previous masa perbaikan has ended (batasPerbaikan ≤ tanggalEvaluasi) →
 *   'seleksi-ulang' (seleksi ulang / uji kompetensi);
 * - below, and a previous masa perbaikan is still running → 'masa-perbaikan' with its due date;
 * - below otherwise → 'masa-perbaikan' ending 6 months after `tanggalEvaluasi`.
 */
export function usulStatusPejabat(input: {
  capaian: number | null;
  ambang: number;
  tanggalEvaluasi: string;
  sebelumnya?: EvaluasiSebelumnya | null;
}): UsulanPejabat {
  const { capaian, ambang, tanggalEvaluasi, sebelumnya } = input;
  if (capaian === null || !Number.isFinite(capaian)) {
    return { status: null, batasPerbaikan: null, alasan: 'Capaian tahunan belum dapat dihitung' };
  }
  if (capaian >= ambang) return { status: 'memenuhi', batasPerbaikan: null, alasan: `Capaian ${bulat(capaian)} ≥ ambang ${bulat(ambang)}` };
  const statusLalu = sebelumnya ? (sebelumnya.statusDitetapkan ?? sebelumnya.statusUsulan) : null;
  const batasLalu = sebelumnya?.batasPerbaikan ?? null;
  if (statusLalu === 'masa-perbaikan' && batasLalu !== null) {
    if (batasLalu <= tanggalEvaluasi) {
      return { status: 'seleksi-ulang', batasPerbaikan: null, alasan: `Masa perbaikan berakhir ${batasLalu} dan capaian masih di bawah ambang` };
    }
    return { status: 'masa-perbaikan', batasPerbaikan: batasLalu, alasan: 'Masa perbaikan masih berjalan' };
  }
  return {
    status: 'masa-perbaikan',
    batasPerbaikan: tambahTanggal(tanggalEvaluasi, { bulan: 6 }),
    alasan: `Capaian ${bulat(capaian)} di bawah ambang ${bulat(ambang)}: masa perbaikan 6 bulan`,
  };
}

const bulat = (n: number) => String(Math.round(n * 100) / 100).replace('.', ',');

export type KategoriPeringkat = 'penghargaan' | 'biasa' | 'sanksi';

export interface PeringkatOpd {
  opdId: string;
  capaian: number | null;
  /** Competition ranking (1, 2, 2, 4); null for OPDs without a capaian (listed last). */
  peringkat: number | null;
  kategori: KategoriPeringkat;
}

/**
 * Ranks OPDs by capaian for reward and sanction: the best `jumlahPenghargaan` ranks (ties
 * included) with capaian ≥ `ambangPenghargaan` get 'penghargaan'; capaian below `ambangSanksi`
 * gets 'sanksi' (pembinaan); OPDs without a capaian are unranked 'biasa'. Ties keep input order.
 */
export function peringkatOpd(
  daftar: readonly { opdId: string; capaian: number | null }[],
  opsi: { jumlahPenghargaan?: number; ambangPenghargaan?: number; ambangSanksi?: number } = {},
): PeringkatOpd[] {
  const { jumlahPenghargaan = 3, ambangPenghargaan = 91, ambangSanksi = 51 } = opsi;
  const bernilai = daftar.filter((d) => d.capaian !== null && Number.isFinite(d.capaian));
  const tanpa = daftar.filter((d) => d.capaian === null || !Number.isFinite(d.capaian));
  const urut = [...bernilai].sort((a, b) => (b.capaian ?? 0) - (a.capaian ?? 0));
  const hasil: PeringkatOpd[] = [];
  urut.forEach((d, i) => {
    const sebelum = hasil[i - 1];
    const peringkat = sebelum && sebelum.capaian === d.capaian ? (sebelum.peringkat ?? i + 1) : i + 1;
    const c = d.capaian ?? 0;
    const kategori: KategoriPeringkat = peringkat <= jumlahPenghargaan && c >= ambangPenghargaan ? 'penghargaan' : c < ambangSanksi ? 'sanksi' : 'biasa';
    hasil.push({ opdId: d.opdId, capaian: c, peringkat, kategori });
  });
  return [...hasil, ...tanpa.map((d) => ({ opdId: d.opdId, capaian: null, peringkat: null, kategori: 'biasa' as const }))];
}
