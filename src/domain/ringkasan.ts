/**
 * The rakor summary (docs/domain/README.md "Rakor summary (ringkasan)"): per OPD and in total, for one year and quarter, computed from
 * plain records. Used by the Layar screen, the rakor PDF and GET /api/v1/ringkasan, so every
 * consumer shows the same numbers. Deleted records (tombstones) are ignored.
 *
 * Every OPD and kecamatan of the pemda is listed, with its state (belum ada PK, PK draf, belum
 * mengisi, lengkap) and completeness; each score carries its own "cara hitung" and is rounded to
 * the figure that is printed before it is graded (docs/domain/rakor.md §Skor).
 */
import { denganZona, zonaPemda } from './waktu.ts';
import type {
  Arahan,
  BuktiDukung,
  Indikator,
  Opd,
  Pemda,
  Pk,
  Program,
  Rakor,
  Realisasi,
  RealisasiAnggaran,
  Sasaran,
  TargetNilai,
  TindakLanjutArahan,
} from './schemas.ts';
import { idAlami } from './schemas.ts';
import { PREDIKAT, deviasiFisik, predikat, rencanaFisik, serapan, skorOpd, type KodePredikat, type Predikat } from './capaian.ts';
import { evaluasiTriwulan, keyRealisasi, rantaiIndikator, realisasiPerTriwulan, type EvaluasiIndikator } from './indikator.ts';
import { pkBerlaku, tanggalHariIni, type Triwulan } from './periode.ts';
import { arahanBerlaku, indeksTindakLanjut, keadaanArahan, penerimaArahan, statusTertutup, statusUntuk } from './arahan.ts';

/** Decimals of every printed score; the predikat grades the score rounded to these (docs/domain/rakor.md §Skor). */
export const SKOR_DESIMAL = 1;

/** A score as printed: rounded half away from zero to `SKOR_DESIMAL` decimals. */
export function bulatSkor(c: number | null): number | null {
  if (c === null || !Number.isFinite(c)) return null;
  const f = 10 ** SKOR_DESIMAL;
  return Math.round(c * f + Number.EPSILON * f) / f;
}

/** State of an OPD in a summary (issue 11 point 1; docs/domain/rakor.md §Keadaan). */
export type KeadaanOpd = 'belum-ada-pk' | 'pk-draf' | 'belum-mengisi' | 'lengkap';
export const LABEL_KEADAAN: Record<KeadaanOpd, string> = {
  'belum-ada-pk': 'Belum ada PK',
  'pk-draf': 'PK draf',
  'belum-mengisi': 'Belum mengisi',
  lengkap: 'Lengkap',
};

/** How one indicator enters its OPD's score (docs/domain/rakor.md §Skor). */
export type Perlakuan = 'dinilai' | 'dibatasi' | 'tdi' | 'kosong' | 'dikecualikan' | 'belum-jatuh-tempo' | 'tidak-terhitung';
export const LABEL_PERLAKUAN: Record<Perlakuan, string> = {
  dinilai: 'Dinilai',
  dibatasi: 'Dibatasi',
  tdi: 'TDI = 0',
  kosong: 'Kosong = 0',
  dikecualikan: 'Dikecualikan',
  'belum-jatuh-tempo': 'Belum jatuh tempo',
  'tidak-terhitung': 'Tidak terhitung',
};

/** One row of an OPD's "cara hitung": what each indicator contributes and why. */
export interface BarisCaraHitung {
  indikatorId: string;
  uraian: string;
  satuan: string;
  target: TargetNilai | null;
  jenisTarget: EvaluasiIndikator['jenisTarget'];
  realisasi: number | null;
  /** Uncapped capaian (%), null unless a value was graded. */
  capaian: number | null;
  /** What enters the mean (capped capaian, 0, or null = left out). */
  nilaiSkor: number | null;
  perlakuan: Perlakuan;
  keterangan: string;
}

/** The pemda's scoring rules, printed as the legend of every score. */
export interface AturanSkor {
  batasAtas: number;
  /** TDI reasons (phrases) excluded from the score by pemda rule. */
  alasanDikecualikan: string[];
}

/** One line explaining every score (Layar legend, PDF note, Rakor screen). */
export function teksAturanSkor(a: AturanSkor): string {
  const kecuali = a.alasanDikecualikan.length ? ` TDI dengan alasan ${a.alasanDikecualikan.map((x) => `"${x}"`).join(', ')} dikecualikan (aturan pemda).` : '';
  return (
    `Skor = rata-rata capaian indikator yang sudah jatuh tempo, tiap indikator dibatasi ${a.batasAtas} %; ` +
    `TDI dan indikator kosong lewat jatuh tempo dihitung 0.${kecuali} ` +
    `Predikat (Permendagri 86/2017) menurut skor yang tercetak (${SKOR_DESIMAL} desimal). Kelengkapan = terisi / jatuh tempo.`
  );
}

/**
 * How an evaluated indicator enters the score. Blank past its due date counts 0, the same as an
 * honest TDI (issue 12 point 3): not reporting never scores better than reporting. A TDI whose
 * reason contains a phrase of the pemda rule (e.g. "belum rilis") is left out, visibly.
 */
export function perlakuanSkor(
  e: Pick<EvaluasiIndikator, 'status' | 'capaian' | 'alasan'>,
  aturan: AturanSkor,
): { nilaiSkor: number | null; perlakuan: Perlakuan; keterangan: string } {
  switch (e.status) {
    case 'nilai': {
      const c = e.capaian ?? 0;
      if (c > aturan.batasAtas)
        return { nilaiSkor: aturan.batasAtas, perlakuan: 'dibatasi', keterangan: `Capaian di atas ${aturan.batasAtas} % dihitung ${aturan.batasAtas} %` };
      return { nilaiSkor: Math.max(0, c), perlakuan: 'dinilai', keterangan: '' };
    }
    case 'tdi': {
      const alasan = e.alasan.toLocaleLowerCase('id');
      const aturanKena = aturan.alasanDikecualikan.find((x) => x.trim() !== '' && alasan.includes(x.trim().toLocaleLowerCase('id')));
      if (aturanKena)
        return { nilaiSkor: null, perlakuan: 'dikecualikan', keterangan: `TDI "${e.alasan}" dikecualikan menurut aturan pemda ("${aturanKena}")` };
      return { nilaiSkor: 0, perlakuan: 'tdi', keterangan: `TDI: ${e.alasan}` };
    }
    case 'belum-diisi':
      return { nilaiSkor: 0, perlakuan: 'kosong', keterangan: 'Belum diisi setelah jatuh tempo: dihitung 0 seperti TDI' };
    case 'tidak-terhitung':
      return { nilaiSkor: null, perlakuan: 'tidak-terhitung', keterangan: e.alasan };
    default:
      return { nilaiSkor: null, perlakuan: 'belum-jatuh-tempo', keterangan: 'Target belum jatuh tempo' };
  }
}

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
  /** Follow-up per addressee (absent in old callers: then the arahan's own status counts). */
  tindakLanjutArahan?: TindakLanjutArahan[];
  /** Evidence records (issue 15; absent in old callers: no realisasi counts as evidenced). */
  buktiDukung?: BuktiDukung[];
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
  /** Which target the figure is measured against and its label (docs/domain/target-capaian.md §Triwulan). */
  jenisTarget?: EvaluasiIndikator['jenisTarget'];
  labelTarget?: string;
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
  /** The PK in force, null when the OPD has none for the period. */
  pk: { id: string; versi: number; status: Pk['status'] } | null;
  keadaan: KeadaanOpd;
  jumlahIndikator: number;
  /** Indicators that count in the score (value, TDI or blank past due). */
  jumlahDinilai: number;
  /** Due but not reported yet (counted 0 in the score, like TDI). */
  jumlahBelumDiisi: number;
  /** Indicators whose target is due by the quarter (completeness denominator). */
  jumlahJatuhTempo: number;
  /** Of those, reported (value or TDI). */
  jumlahTerisi: number;
  /** Mean of capped indicator capaian (TDI and blank past due = 0), rounded to SKOR_DESIMAL; null when nothing is scored yet. */
  capaian: number | null;
  /** Every indicator with its treatment, in PK order. */
  caraHitung: BarisCaraHitung[];
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
  /** Open arahan (this OPD's part still baru/proses) addressed to it or to every OPD. */
  arahanTerbuka: number;
  /** Of those, past their batasWaktu. */
  arahanLewat: number;
  /**
   * The quarter's realisasi (of the PK in force, reported) with at least one piece of evidence
   * Bappeda accepted (docs/bukti-dukung.md "Verifikasi"): verified-ready for the rakor.
   */
  jumlahBerbukti: number;
}

export interface RingkasanTotal {
  /** Mean of the printed OPD scores (kepala-daerah PK excluded), rounded to SKOR_DESIMAL. */
  rataCapaian: number | null;
  predikat: Predikat;
  jumlahPerPredikat: Record<KodePredikat, number>;
  jumlahPerKeadaan: Record<KeadaanOpd, number>;
  /** Perangkat daerah and kecamatan listed (kepala-daerah entry not counted). */
  jumlahOpd: number;
  /** The kepala-daerah entries listed beside them (so a table of n + 1 rows is explained). */
  jumlahKepalaDaerah: number;
  jumlahJatuhTempo: number;
  jumlahTerisi: number;
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
  jumlahBerbukti: number;
}

export interface Ringkasan {
  tahun: number;
  triwulan: Triwulan;
  /** "Today" (YYYY-MM-DD, WIB) the summary was computed for. */
  tanggal: string;
  batasAtas: number;
  aturan: AturanSkor;
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
    target.push({ bobot: p.pagu, nilai: rencanaFisik(p.targetFisik, tw) });
  }
  const f = rataTertimbang(fisik);
  const t = rataTertimbang(target);
  return { pagu, keuangan, fisik: f, targetFisik: t, deviasi: f === null || t === null ? null : deviasiFisik(t, f) };
}

/**
 * The summary for (tahun, triwulan). One entry per OPD and kecamatan of the pemda (active ones, and
 * inactive ones that still have a PK in force), ordered by opd.urutan then name, each with its
 * state; an OPD without a PK is listed as "belum ada PK" with no score. The kepala-daerah PK is
 * listed (jenis 'kepala-daerah') but left out of `total`, which describes the perangkat daerah.
 */
export function hitungRingkasan(data: DataPemda, tahun: number, triwulan: Triwulan, now: Date): Ringkasan {
  // Dates (today, due quarters, overdue arahan) in the pemda's own zone, on the server too.
  return denganZona(zonaPemda(data.pemda), () => hitungRingkasanDiZona(data, tahun, triwulan, now));
}

function hitungRingkasanDiZona(data: DataPemda, tahun: number, triwulan: Triwulan, now: Date): Ringkasan {
  const hariIni = tanggalHariIni(now);
  const batasAtas = data.pemda?.pengaturan.batasAtas ?? 100;
  const aturan: AturanSkor = { batasAtas, alasanDikecualikan: [...(data.pemda?.pengaturan.alasanDikecualikan ?? [])] };
  const pk = hidup(data.pk);
  const indikator = hidup(data.indikator);
  const indikatorById = new Map(indikator.map((i) => [i.id, i]));
  const indikatorPerPk = kelompokkan(indikator, (i) => i.pkId);
  const programPerPk = kelompokkan(hidup(data.program), (p) => p.pkId);
  const raPerProgram = kelompokkan(
    hidup(data.realisasiAnggaran).filter((r) => r.tahun === tahun),
    (r) => r.programId,
  );
  const realisasiByKey = new Map(
    hidup(data.realisasi)
      .filter((r) => r.tahun === tahun)
      .map((r) => [keyRealisasi(r.indikatorId, r.periode), r]),
  );
  const sasaranUrutan = new Map(hidup(data.sasaran).map((s) => [s.id, s.urutan]));
  const semuaOpd = hidup(data.opd);
  const tl = hidup(data.tindakLanjutArahan ?? []);
  const idxTl = indeksTindakLanjut(tl);
  const arahan = hidup(data.arahan).filter(arahanBerlaku);
  // Open parts per addressee: an arahan to every OPD is open for each OPD that has not closed it.
  const arahanPerOpd = new Map<string, Arahan[]>();
  for (const a of arahan) {
    for (const opdId of penerimaArahan(a, semuaOpd, tl)) {
      if (statusTertutup(statusUntuk(a, opdId, idxTl))) continue;
      const d = arahanPerOpd.get(opdId);
      if (d) d.push(a);
      else arahanPerOpd.set(opdId, [a]);
    }
  }
  const arahanTerbuka = arahan.filter((a) => !statusTertutup(keadaanArahan(a, semuaOpd, tl).status));

  const opdUrut = semuaOpd.sort((a, b) => a.urutan - b.urutan || a.nama.localeCompare(b.nama, 'id'));
  // Realisasi with evidence Bappeda accepted (issue 15 point 5; docs/bukti-dukung.md "Verifikasi").
  const buktiDiterima = new Set(
    (data.buktiDukung ?? []).filter((b) => !b.deleted && b.tabel === 'realisasi' && b.status === 'diterima').map((b) => b.recordId),
  );
  const hasil: RingkasanOpd[] = [];
  for (const opd of opdUrut) {
    const pkKini = pkBerlaku(pk, opd.id, tahun, triwulan);
    if (!pkKini && opd.aktif === false) continue;
    const daftarInd = pkKini
      ? (indikatorPerPk.get(pkKini.id) ?? []).sort(
          (a, b) =>
            (sasaranUrutan.get(a.sasaranId) ?? 0) - (sasaranUrutan.get(b.sasaranId) ?? 0) || a.urutan - b.urutan || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
        )
      : [];
    const skor: number[] = [];
    const tdi: TdiRingkas[] = [];
    const dibawah: IndikatorRingkas[] = [];
    const masalah: MasalahRingkas[] = [];
    const caraHitung: BarisCaraHitung[] = [];
    let belumDiisi = 0;
    let jatuhTempo = 0;
    let terisi = 0;
    let berbukti = 0;
    for (const ind of daftarInd) {
      const perTw = realisasiPerTriwulan(rantaiIndikator(ind.id, indikatorById), realisasiByKey);
      const e = evaluasiTriwulan(ind, perTw, tahun, triwulan, now);
      const p = perlakuanSkor(e, aturan);
      if (p.nilaiSkor !== null) skor.push(p.nilaiSkor);
      if (e.status !== 'belum-jatuh-tempo') jatuhTempo++;
      // Filled = a value or TDI (docs/domain/rakor.md §Keadaan). A progress value ('progres': a
      // point-in-time indicator before its annual target applies) was reported although it is not
      // graded; leaving it out made an OPD that reported everything "Belum mengisi".
      if (e.status === 'nilai' || e.status === 'progres' || e.status === 'tdi' || e.status === 'tidak-terhitung') terisi++;
      if (e.status === 'belum-diisi') belumDiisi++;
      if ((e.status === 'nilai' || e.status === 'tdi') && buktiDiterima.has(idAlami.realisasi(ind.id, `TW${triwulan}`))) berbukti++;
      if (e.status === 'tdi') tdi.push({ indikatorId: ind.id, uraian: ind.uraian, alasan: e.alasan });
      if (e.status === 'nilai' && e.capaian !== null && e.capaian < 100) {
        dibawah.push({
          indikatorId: ind.id,
          uraian: ind.uraian,
          satuan: ind.satuan,
          target: e.target,
          realisasi: e.realisasi,
          capaian: e.capaian,
          jenisTarget: e.jenisTarget,
          labelTarget: e.labelTarget,
        });
      }
      caraHitung.push({
        indikatorId: ind.id,
        uraian: ind.uraian,
        satuan: ind.satuan,
        target: e.target,
        jenisTarget: e.jenisTarget,
        realisasi: e.realisasi,
        capaian: e.capaian,
        ...p,
      });
      const kini = perTw[triwulan - 1];
      if (kini && kini.masalah.trim() !== '') {
        masalah.push({ indikatorId: ind.id, indikator: ind.uraian, masalah: kini.masalah, solusi: kini.solusi, tindakLanjut: kini.tindakLanjut });
      }
    }
    dibawah.sort((a, b) => (a.capaian ?? 0) - (b.capaian ?? 0));
    const capaian = bulatSkor(skorOpd(skor, batasAtas));
    const ang = anggaranPk(pkKini ? (programPerPk.get(pkKini.id) ?? []) : [], raPerProgram, triwulan);
    const arahanOpd = arahanPerOpd.get(opd.id) ?? [];
    const keadaan: KeadaanOpd = !pkKini ? 'belum-ada-pk' : pkKini.status !== 'ditandatangani' ? 'pk-draf' : terisi < jatuhTempo ? 'belum-mengisi' : 'lengkap';
    hasil.push({
      opdId: opd.id,
      nama: opd.nama,
      singkatan: opd.singkatan,
      jenis: opd.jenis,
      pk: pkKini ? { id: pkKini.id, versi: pkKini.versi, status: pkKini.status } : null,
      keadaan,
      jumlahIndikator: daftarInd.length,
      jumlahDinilai: skor.length,
      jumlahBelumDiisi: belumDiisi,
      jumlahJatuhTempo: jatuhTempo,
      jumlahTerisi: terisi,
      capaian,
      caraHitung,
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
      jumlahBerbukti: berbukti,
    });
  }
  return { tahun, triwulan, tanggal: hariIni, batasAtas, aturan, opd: hasil, total: hitungTotal(hasil, arahanTerbuka, hariIni) };
}

function hitungTotal(semua: readonly RingkasanOpd[], arahan: readonly Arahan[], hariIni: string): RingkasanTotal {
  const opd = semua.filter((o) => o.jenis !== 'kepala-daerah');
  const skor = opd.map((o) => o.capaian).filter((c): c is number => c !== null);
  const rataCapaian = bulatSkor(skor.length ? skor.reduce((s, c) => s + c, 0) / skor.length : null);
  const jumlahPerPredikat = Object.fromEntries(PREDIKAT.map((p) => [p.kode, 0])) as Record<KodePredikat, number>;
  for (const o of opd) jumlahPerPredikat[o.predikat.kode]++;
  const jumlahPerKeadaan = { 'belum-ada-pk': 0, 'pk-draf': 0, 'belum-mengisi': 0, lengkap: 0 } as Record<KeadaanOpd, number>;
  for (const o of opd) jumlahPerKeadaan[o.keadaan]++;
  const jumlah = (f: (o: RingkasanOpd) => number) => opd.reduce((s, o) => s + f(o), 0);
  const pagu = jumlah((o) => o.pagu);
  const keuangan = jumlah((o) => o.realisasiKeuangan);
  const fisik = rataTertimbang(opd.filter((o) => o.fisik !== null).map((o) => ({ bobot: o.pagu, nilai: o.fisik ?? 0 })));
  return {
    rataCapaian,
    predikat: predikat(rataCapaian),
    jumlahPerPredikat,
    jumlahPerKeadaan,
    jumlahOpd: opd.length,
    jumlahKepalaDaerah: semua.length - opd.length,
    jumlahJatuhTempo: jumlah((o) => o.jumlahJatuhTempo),
    jumlahTerisi: jumlah((o) => o.jumlahTerisi),
    jumlahIndikator: jumlah((o) => o.jumlahIndikator),
    jumlahTdi: jumlah((o) => o.jumlahTdi),
    jumlahBelumDiisi: jumlah((o) => o.jumlahBelumDiisi),
    pagu,
    realisasiKeuangan: keuangan,
    serapan: serapan(keuangan, pagu),
    fisik,
    arahanTerbuka: arahan.length,
    arahanLewat: arahan.filter((a) => a.batasWaktu < hariIni).length,
    jumlahBerbukti: jumlah((o) => o.jumlahBerbukti),
  };
}
