/**
 * Rows of the Evaluasi pejabat screen (pure): each OPD head's capaian for the year, the status the
 * PP 11/2017 pasal 142 rule proposes, what an admin confirmed, and the history of earlier years.
 */
import type { EvaluasiPejabat, Opd } from '../../domain/schemas.ts';
import { idAlami } from '../../domain/schemas.ts';
import { hitungRingkasan, type DataPemda } from '../../domain/ringkasan.ts';
import { usulStatusPejabat, peringkatOpd, type UsulanPejabat, type PeringkatOpd } from '../../domain/pejabat.ts';
import { tanggalHariIni, type Triwulan } from '../../domain/periode.ts';
import type { Predikat } from '../../domain/capaian.ts';

export const LABEL_STATUS_PEJABAT: Record<EvaluasiPejabat['statusUsulan'], string> = {
  memenuhi: 'Memenuhi',
  'masa-perbaikan': 'Masa perbaikan 6 bulan',
  'seleksi-ulang': 'Seleksi ulang / uji kompetensi',
};

export interface BarisEvaluasi {
  opd: Opd;
  capaian: number | null;
  predikat: Predikat;
  usulan: UsulanPejabat;
  tersimpan: EvaluasiPejabat | null;
  riwayat: EvaluasiPejabat[];
  idEvaluasi: string;
}

/** The quarter whose s.d. value stands for the year: TW4 for past years, the last ended one now. */
export function triwulanEvaluasi(tahun: number, now: Date): Triwulan {
  const hari = tanggalHariIni(now);
  const tahunKini = Number(hari.slice(0, 4));
  if (tahun < tahunKini) return 4;
  const bulan = Number(hari.slice(5, 7));
  return Math.max(1, Math.floor((bulan - 1) / 3)) as Triwulan;
}

export function susunEvaluasi(
  data: DataPemda & { evaluasiPejabat: EvaluasiPejabat[] },
  tahun: number,
  now: Date,
): { tw: Triwulan; baris: BarisEvaluasi[]; peringkat: PeringkatOpd[] } {
  const tw = triwulanEvaluasi(tahun, now);
  const r = hitungRingkasan(data, tahun, tw, now);
  const hariIni = tanggalHariIni(now);
  const tanggalEvaluasi = tahun < Number(hariIni.slice(0, 4)) ? `${tahun}-12-31` : hariIni;
  const ambang = data.pemda?.pengaturan.ambangPejabat ?? 100;
  const opdById = new Map(data.opd.map((o) => [o.id, o]));
  const evalPer = (opdId: string, t: number) => data.evaluasiPejabat.find((e) => !e.deleted && e.opdId === opdId && e.tahun === t) ?? null;
  const baris: BarisEvaluasi[] = [];
  for (const o of r.opd) {
    const opd = opdById.get(o.opdId);
    if (!opd) continue;
    baris.push({
      opd,
      capaian: o.capaian,
      predikat: o.predikat,
      usulan: usulStatusPejabat({ capaian: o.capaian, ambang, tanggalEvaluasi, sebelumnya: evalPer(o.opdId, tahun - 1) }),
      tersimpan: evalPer(o.opdId, tahun),
      riwayat: data.evaluasiPejabat.filter((e) => !e.deleted && e.opdId === o.opdId && e.tahun !== tahun).sort((a, b) => b.tahun - a.tahun),
      idEvaluasi: idAlami.evaluasiPejabat(o.opdId, tahun),
    });
  }
  const peringkat = peringkatOpd(r.opd.filter((o) => o.jenis !== 'kepala-daerah').map((o) => ({ opdId: o.opdId, capaian: o.capaian })));
  return { tw, baris, peringkat };
}
