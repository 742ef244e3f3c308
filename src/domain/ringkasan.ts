/**
 * The rakor summary (docs/domain/README.md "Rakor summary (ringkasan)"): per OPD and in total, for one year and quarter, computed from
 * plain records. Used by the Layar screen, the rakor PDF and GET /api/v1/ringkasan, so every
 * consumer shows the same numbers. Deleted records (tombstones) are ignored.
 */
import type { Arahan, Indikator, Opd, Pemda, Pk, Program, Rakor, Realisasi, RealisasiAnggaran, Sasaran, TargetNilai } from './schemas.ts';
import { PREDIKAT, deviasiFisik, predikat, serapan, skorOpd, type KodePredikat, type Predikat } from './capaian.ts';
import { evaluasiTriwulan, keyRealisasi, nilaiUntukSkor, rantaiIndikator, realisasiPerTriwulan } from './indikator.ts';
import { pkBerlaku, tanggalHariIni, type Triwulan } from './periode.ts';

export interface DataPemda {
  pemda: Pemda | null;
  opd: Opd[];
  pk: Pk[];
  sasaran: Sasaran[];
  indikator: Indikator[];
  program: Program[];
  realisasi: Realisasi[];
  realisasiAnggaran: RealisasiAnggaran[];
  rakor: Rakor[];
  arahan: Arahan[];
}

/** An indicator below 100 % (or otherwise worth a look) in the summary. */
export interface IndikatorRingkas {
  indikatorId: string;
  uraian: string;
  satuan: string;
  target: TargetNilai | null;
  /** Value s.d. the quarter. */
  realisasi: number | null;
  /** Uncapped capaian (%). */
  capaian: number | null;
}

export interface TdiRingkas {
  indikatorId: string;
  uraian: string;
  alasan: string;
}

export interface MasalahRingkas {
  indikatorId: string;
  indikator: string;
  masalah: string;
  solusi: string;
  tindakLanjut: string;
}

export interface RingkasanOpd {
  opdId: string;
  nama: string;
  singkatan: string;
  jenis: Opd['jenis'];
  pk: { id: string; versi: number; status: Pk['status'] };
  jumlahIndikator: number;
  /** Indicators that count in the score (value or TDI). */
  jumlahDinilai: number;
  /** Due but not reported yet (excluded from the score). */
  jumlahBelumDiisi: number;
  /** Mean of capped indicator capaian (TDI = 0); null when nothing is scored yet. */
  capaian: number | null;
  predikat: Predikat;
  jumlahTdi: number;
  tdi: TdiRingkas[];
  /** Scored indicators under 100 %, worst first. */
  dibawahTarget: IndikatorRingkas[];
  masalah: MasalahRingkas[];
  /** Sum of programme pagu (Rp). */
  pagu: number;
  /** Realisasi keuangan s.d. the quarter (Rp). */
  realisasiKeuangan: number;
  serapan: number | null;
  /** Pagu-weighted realisasi fisik (%), null without programmes. */
  fisik: number | null;
  /** Pagu-weighted target fisik s.d. the quarter (%), linear plan: targetFisik × n / 4. */
  targetFisik: number | null;
  deviasiFisik: number | null;
  /** Open arahan (baru/proses) addressed to this OPD. */
  arahanTerbuka: number;
  /** Of those, past their batasWaktu. */
  arahanLewat: number;
}

export interface RingkasanTotal {
  /** Mean of the OPD scores (kepala-daerah PK excluded, see `hitungRingkasan`). */
  rataCapaian: number | null;
  predikat: Predikat;
  jumlahPerPredikat: Record<KodePredikat, number>;
  jumlahOpd: number;
  jumlahIndikator: number;
  jumlahTdi: number;
  jumlahBelumDiisi: number;
  pagu: number;
  realisasiKeuangan: number;
  serapan: number | null;
  fisik: number | null;
  /** Every open arahan, including those addressed to all OPDs. */
  arahanTerbuka: number;
  arahanLewat: number;
}

export interface Ringkasan {
  tahun: number;
  triwulan: Triwulan;
  /** "Today" (YYYY-MM-DD, WIB) the summary was computed for. */
  tanggal: string;
  batasAtas: number;
  opd: RingkasanOpd[];
  total: RingkasanTotal;
}

const hidup = <T extends { deleted: boolean }>(rows: readonly T[]): T[] => rows.filter((r) => !r.deleted);

function kelompokkan<T, K>(rows: readonly T[], kunci: (r: T) => K): Map<K, T[]> {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = kunci(r);
    const daftar = m.get(k);
    if (daftar) daftar.push(r);
    else m.set(k, [r]);
  }
  return m;
}

const arahanTerbuka = (a: Pick<Arahan, 'status'>) => a.status === 'baru' || a.status === 'proses';

/** Pagu-weighted mean; plain mean when every pagu is 0; null for no items. */
function rataTertimbang(items: readonly { bobot: number; nilai: number }[]): number | null {
  if (items.length === 0) return null;
  const bobot = items.reduce((s, i) => s + i.bobot, 0);
  if (bobot <= 0) return items.reduce((s, i) => s + i.nilai, 0) / items.length;
  return items.reduce((s, i) => s + i.bobot * i.nilai, 0) / bobot;
}

/**
 * Budget of the programmes of one PK s.d. TWn. realisasiAnggaran values are CUMULATIVE up to
 * (s.d.) their quarter, so the latest record with triwulan ≤ n is the value to date (a quarter
 * not reported yet keeps the previous one); a programme with none counts as 0.
 */
function anggaranPk(program: readonly Program[], raPerProgram: ReadonlyMap<string, RealisasiAnggaran[]>, tw: Triwulan) {
  let pagu = 0;
  let keuangan = 0;
  const fisik: { bobot: number; nilai: number }[] = [];
  const target: { bobot: number; nilai: number }[] = [];
  for (const p of program) {
    const ra = (raPerProgram.get(p.id) ?? [])
      .filter((r) => r.triwulan <= tw)
      .reduce<RealisasiAnggaran | null>((a, r) => (a === null || r.triwulan > a.triwulan ? r : a), null);
    pagu += p.pagu;
    keuangan += ra?.keuangan ?? 0;
    fisik.push({ bobot: p.pagu, nilai: ra?.fisik ?? 0 });
    target.push({ bobot: p.pagu, nilai: (p.targetFisik * tw) / 4 });
  }
  const f = rataTertimbang(fisik);
  const t = rataTertimbang(target);
  return { pagu, keuangan, fisik: f, targetFisik: t, deviasi: f === null || t === null ? null : deviasiFisik(t, f) };
}

/**
 * The summary for (tahun, triwulan). One entry per OPD with a PK in force (see `pkBerlaku`),
 * ordered by opd.urutan then name. The kepala-daerah PK is listed (jenis 'kepala-daerah') but
 * left out of `total`, which describes the perangkat daerah.
 */
export function hitungRingkasan(data: DataPemda, tahun: number, triwulan: Triwulan, now: Date): Ringkasan {
  const hariIni = tanggalHariIni(now);
  const batasAtas = data.pemda?.pengaturan.batasAtas ?? 100;
  const pk = hidup(data.pk);
  const indikator = hidup(data.indikator);
  const indikatorById = new Map(indikator.map((i) => [i.id, i]));
  const indikatorPerPk = kelompokkan(indikator, (i) => i.pkId);
  const programPerPk = kelompokkan(hidup(data.program), (p) => p.pkId);
  const raPerProgram = kelompokkan(hidup(data.realisasiAnggaran).filter((r) => r.tahun === tahun), (r) => r.programId);
  const realisasiByKey = new Map(hidup(data.realisasi).filter((r) => r.tahun === tahun).map((r) => [keyRealisasi(r.indikatorId, r.periode), r]));
  const sasaranUrutan = new Map(hidup(data.sasaran).map((s) => [s.id, s.urutan]));
  const arahan = hidup(data.arahan).filter(arahanTerbuka);
  const arahanPerOpd = kelompokkan(arahan, (a) => a.opdId);

  const opdUrut = hidup(data.opd).sort((a, b) => a.urutan - b.urutan || a.nama.localeCompare(b.nama, 'id'));
  const hasil: RingkasanOpd[] = [];
  for (const opd of opdUrut) {
    const pkKini = pkBerlaku(pk, opd.id, tahun, triwulan);
    if (!pkKini) continue;
    const daftarInd = (indikatorPerPk.get(pkKini.id) ?? []).sort(
      (a, b) => (sasaranUrutan.get(a.sasaranId) ?? 0) - (sasaranUrutan.get(b.sasaranId) ?? 0) || a.urutan - b.urutan,
    );
    const skor: number[] = [];
    const tdi: TdiRingkas[] = [];
    const dibawah: IndikatorRingkas[] = [];
    const masalah: MasalahRingkas[] = [];
    let belumDiisi = 0;
    for (const ind of daftarInd) {
      const perTw = realisasiPerTriwulan(rantaiIndikator(ind.id, indikatorById), realisasiByKey);
      const e = evaluasiTriwulan(ind, perTw, tahun, triwulan, now);
      const s = nilaiUntukSkor(e);
      if (s !== null) skor.push(s);
      if (e.status === 'belum-diisi') belumDiisi++;
      if (e.status === 'tdi') tdi.push({ indikatorId: ind.id, uraian: ind.uraian, alasan: e.alasan });
      if (e.status === 'nilai' && e.capaian !== null && e.capaian < 100) {
        dibawah.push({ indikatorId: ind.id, uraian: ind.uraian, satuan: ind.satuan, target: e.target, realisasi: e.realisasi, capaian: e.capaian });
      }
      const kini = perTw[triwulan - 1];
      if (kini && kini.masalah.trim() !== '') {
        masalah.push({ indikatorId: ind.id, indikator: ind.uraian, masalah: kini.masalah, solusi: kini.solusi, tindakLanjut: kini.tindakLanjut });
      }
    }
    dibawah.sort((a, b) => (a.capaian ?? 0) - (b.capaian ?? 0));
    const capaian = skorOpd(skor, batasAtas);
    const ang = anggaranPk(programPerPk.get(pkKini.id) ?? [], raPerProgram, triwulan);
    const arahanOpd = arahanPerOpd.get(opd.id) ?? [];
    hasil.push({
      opdId: opd.id,
      nama: opd.nama,
      singkatan: opd.singkatan,
      jenis: opd.jenis,
      pk: { id: pkKini.id, versi: pkKini.versi, status: pkKini.status },
      jumlahIndikator: daftarInd.length,
      jumlahDinilai: skor.length,
      jumlahBelumDiisi: belumDiisi,
      capaian,
      predikat: predikat(capaian),
      jumlahTdi: tdi.length,
      tdi,
      dibawahTarget: dibawah,
      masalah,
      pagu: ang.pagu,
      realisasiKeuangan: ang.keuangan,
      serapan: serapan(ang.keuangan, ang.pagu),
      fisik: ang.fisik,
      targetFisik: ang.targetFisik,
      deviasiFisik: ang.deviasi,
      arahanTerbuka: arahanOpd.length,
      arahanLewat: arahanOpd.filter((a) => a.batasWaktu < hariIni).length,
    });
  }
  return { tahun, triwulan, tanggal: hariIni, batasAtas, opd: hasil, total: hitungTotal(hasil, arahan, hariIni) };
}

function hitungTotal(semua: readonly RingkasanOpd[], arahan: readonly Arahan[], hariIni: string): RingkasanTotal {
  const opd = semua.filter((o) => o.jenis !== 'kepala-daerah');
  const skor = opd.map((o) => o.capaian).filter((c): c is number => c !== null);
  const rataCapaian = skor.length ? skor.reduce((s, c) => s + c, 0) / skor.length : null;
  const jumlahPerPredikat = Object.fromEntries(PREDIKAT.map((p) => [p.kode, 0])) as Record<KodePredikat, number>;
  for (const o of opd) jumlahPerPredikat[o.predikat.kode]++;
  const jumlah = (f: (o: RingkasanOpd) => number) => opd.reduce((s, o) => s + f(o), 0);
  const pagu = jumlah((o) => o.pagu);
  const keuangan = jumlah((o) => o.realisasiKeuangan);
  const fisik = rataTertimbang(opd.filter((o) => o.fisik !== null).map((o) => ({ bobot: o.pagu, nilai: o.fisik ?? 0 })));
  return {
    rataCapaian,
    predikat: predikat(rataCapaian),
    jumlahPerPredikat,
    jumlahOpd: opd.length,
    jumlahIndikator: jumlah((o) => o.jumlahIndikator),
    jumlahTdi: jumlah((o) => o.jumlahTdi),
    jumlahBelumDiisi: jumlah((o) => o.jumlahBelumDiisi),
    pagu,
    realisasiKeuangan: keuangan,
    serapan: serapan(keuangan, pagu),
    fisik,
    arahanTerbuka: arahan.length,
    arahanLewat: arahan.filter((a) => a.batasWaktu < hariIni).length,
  };
}
