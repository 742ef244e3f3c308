/**
 * Officials (pejabat) as records over time, the parties of a PK, and the PP 11/2017 pasal 142
 * evaluation (as amended by PP 17/2020), per official and per year of a signed PK.
 * Pure: the current time is always an argument. The rules and their sources are written out in
 * docs/domain/pejabat.md; each function names the section it implements.
 *
 * The app only PROPOSES from the data; the PPK (Pejabat Pembina Kepegawaian, the kepala daerah)
 * decides, and an admin records the decision with its decree number, date and who decided
 * (evaluasiPejabat.keputusan). Nothing here ever decides on its own.
 */
import type { DasarEvaluasi, EvaluasiPejabat, Indikator, LevelPejabat, Pejabat, PejabatRecord, Penugasan, Pk } from './schemas.ts';
import { evaluasiTriwulan, rantaiIndikator, realisasiPerTriwulan, type NilaiRealisasi } from './indikator.ts';
import { skorOpd } from './capaian.ts';
import { akhirTriwulan, tambahTanggal, tanggalHariIni, type Triwulan } from './periode.ts';
import type { SnapshotPk } from './pk.ts';

// ---------------------------------------------------------------- NIP and titles

/**
 * The printed form of a NIP: "19700101 199803 1 005" (birth date, CPNS TMT year-month, sex,
 * serial), as BKN prints it on decrees and as PK signature blocks carry it. A value that is not
 * 18 digits is returned as it is (never silently changed). docs/domain/pejabat.md §NIP.
 */
export function formatNip(nip: string): string {
  const d = nip.replace(/[\s.]/g, '');
  if (!/^\d{18}$/.test(d)) return nip;
  return `${d.slice(0, 8)} ${d.slice(8, 14)} ${d.slice(14, 15)} ${d.slice(15)}`;
}

/** Prefix of the position title per assignment type (Plt. / Plh. / Pj.). docs/domain/pejabat.md §Penugasan. */
export const AWALAN_PENUGASAN: Record<Penugasan, string> = { definitif: '', plt: 'Plt. ', plh: 'Plh. ', pj: 'Pj. ' };
export const LABEL_PENUGASAN: Record<Penugasan, string> = {
  definitif: 'Definitif',
  plt: 'Pelaksana Tugas (Plt.)',
  plh: 'Pelaksana Harian (Plh.)',
  pj: 'Penjabat (Pj.)',
};
export const LABEL_LEVEL: Record<LevelPejabat, string> = {
  'kepala-daerah': 'Kepala daerah',
  'jpt-pratama': 'Jabatan pimpinan tinggi pratama',
  administrator: 'Jabatan administrator',
  pengawas: 'Jabatan pengawas',
};
const PERINGKAT_LEVEL: Record<LevelPejabat, number> = { 'kepala-daerah': 4, 'jpt-pratama': 3, administrator: 2, pengawas: 1 };
const PERINGKAT_PENUGASAN: Record<Penugasan, number> = { definitif: 4, pj: 3, plt: 2, plh: 1 };

/** "Plt. Kepala Dinas Sosial", "Pj. Bupati Sukamaju", "Kepala Dinas Kesehatan". */
export function sebutanJabatan(p: Pick<PejabatRecord, 'jabatan' | 'penugasan'>): string {
  const awal = AWALAN_PENUGASAN[p.penugasan];
  return awal && !p.jabatan.startsWith(awal.trim()) ? `${awal}${p.jabatan}` : p.jabatan;
}

/** The copy of an official a PK carries (frozen with the PK when signed). */
export function salinanPejabat(p: PejabatRecord): Pejabat {
  return { nama: p.nama, nip: p.nip, jabatan: sebutanJabatan(p), pangkat: p.pangkat };
}

/** Whether the assignment covers the calendar day `tanggal` (YYYY-MM-DD; TMT and selesai inclusive). */
export function menjabatPada(p: Pick<PejabatRecord, 'tmt' | 'selesai' | 'deleted'>, tanggal: string): boolean {
  return !p.deleted && p.tmt <= tanggal && (p.selesai === null || p.selesai >= tanggal);
}

/**
 * The officials of an OPD on a day, the head first: higher position level first, then definitif
 * before Pj, Plt and Plh (a Plh stands in only while the holder is away). docs/domain/pejabat.md §Data.
 */
export function pejabatOpdPada(daftar: readonly PejabatRecord[], opdId: string, tanggal: string): PejabatRecord[] {
  return daftar
    .filter((p) => p.opdId === opdId && menjabatPada(p, tanggal))
    .sort(
      (a, b) =>
        PERINGKAT_LEVEL[b.level] - PERINGKAT_LEVEL[a.level] ||
        PERINGKAT_PENUGASAN[b.penugasan] - PERINGKAT_PENUGASAN[a.penugasan] ||
        a.tmt.localeCompare(b.tmt),
    );
}

/** The head of an OPD on a day (see `pejabatOpdPada`), or null when the post is empty. */
export function kepalaOpdPada(daftar: readonly PejabatRecord[], opdId: string, tanggal: string): PejabatRecord | null {
  return pejabatOpdPada(daftar, opdId, tanggal)[0] ?? null;
}

// ---------------------------------------------------------------- PK parties

/**
 * Which official form a PK takes (Permenpan-RB 53/2014, docs/domain/pejabat.md §PK):
 * 'pemda' — the kepala daerah's own statement, one signatory, no superior;
 * 'dua-pihak' — pihak pertama with the superior (pihak kedua) for every other official.
 */
export function bentukPk(opdJenis: string, levelPihakPertama?: LevelPejabat | null): 'pemda' | 'dua-pihak' {
  return opdJenis === 'kepala-daerah' || levelPihakPertama === 'kepala-daerah' ? 'pemda' : 'dua-pihak';
}

/**
 * Why a PK cannot be signed as far as its parties go (null = fine): every PK's pihak pertama (and,
 * in the two-party form, pihak kedua) must be a pejabat record serving on the PK's date; pihak
 * pertama belongs to the PK's OPD; pihak kedua holds a higher position level.
 * docs/domain/pejabat.md §PK (Permenpan-RB 53/2014: PK between an official and the superior).
 */
export function periksaPihakPk(
  pk: Pick<Pk, 'opdId' | 'tanggal' | 'pihakPertamaId' | 'pihakKeduaId'>,
  opdJenis: string,
  pejabat: readonly PejabatRecord[],
): string | null {
  const cari = (id: string | null) => (id ? (pejabat.find((p) => p.id === id && !p.deleted) ?? null) : null);
  const p1 = cari(pk.pihakPertamaId);
  if (!pk.pihakPertamaId) return 'Pilih pihak pertama dari data pejabat';
  if (!p1) return 'Pihak pertama tidak ditemukan di data pejabat';
  if (p1.opdId !== pk.opdId) return `${p1.nama} bukan pejabat perangkat daerah ini`;
  if (!menjabatPada(p1, pk.tanggal)) return `${p1.nama} tidak menjabat pada tanggal PK (${pk.tanggal})`;
  if (bentukPk(opdJenis, p1.level) === 'pemda') return null;
  const p2 = cari(pk.pihakKeduaId);
  if (!pk.pihakKeduaId) return 'Pilih pihak kedua (atasan) dari data pejabat';
  if (!p2) return 'Pihak kedua tidak ditemukan di data pejabat';
  if (!menjabatPada(p2, pk.tanggal)) return `${p2.nama} tidak menjabat pada tanggal PK (${pk.tanggal})`;
  if (PERINGKAT_LEVEL[p2.level] <= PERINGKAT_LEVEL[p1.level])
    return `Pihak kedua harus atasan pihak pertama (${LABEL_LEVEL[p2.level]} bukan atasan ${LABEL_LEVEL[p1.level]})`;
  return null;
}

/** Whether a PK was made by this official: by record id, or (older PKs) by NIP within the same OPD. */
export function pkMilik(pk: Pick<Pk, 'pihakPertamaId' | 'pihakPertama' | 'opdId'>, p: PejabatRecord): boolean {
  if (pk.pihakPertamaId) return pk.pihakPertamaId === p.id;
  return p.nip !== '' && pk.pihakPertama.nip === p.nip && pk.opdId === p.opdId;
}

// ---------------------------------------------------------------- pasal 142

/** The rule as the app applies it (shown with every proposal). docs/domain/pejabat.md §Pasal 142. */
export const ATURAN_142 =
  'PP 11/2017 pasal 142 sebagaimana diubah PP 17/2020 (UU 5/2014 pasal 118): pejabat pimpinan tinggi yang tidak memenuhi kinerja yang diperjanjikan dalam waktu 1 (satu) tahun pada suatu jabatan diberikan kesempatan 6 (enam) bulan untuk memperbaiki kinerjanya; bila tidak menunjukkan perbaikan, mengikuti uji kompetensi kembali.';

export type StatusEvaluasi142 =
  /** Not a JPT in a definitive position (kepala daerah, Plt/Plh/Pj, administrator, pengawas). */
  | 'tidak-dicakup'
  /** The year (or the assignment) has not ended yet, or less than a year in the position. */
  | 'belum-waktunya'
  /** No PK signed by this official for the year. */
  | 'tanpa-pk'
  | 'data-belum-lengkap'
  | 'memenuhi'
  | 'tidak-memenuhi';

export interface Evaluasi142 {
  status: StatusEvaluasi142;
  /** Indonesian reason, always filled. */
  alasan: string;
  /** The proposal (only for 'tidak-memenuhi'): the first stage proposes a masa perbaikan, the follow-up an uji kompetensi. */
  usulan: 'masa-perbaikan' | 'uji-kompetensi' | null;
  /** What the result rests on (null when nothing was measured). */
  dasar: DasarEvaluasi | null;
}

/**
 * Who pasal 142 covers: pejabat pimpinan tinggi (here: JPT pratama, the kabupaten/kota level) in a
 * definitive position. Not the kepala daerah (elected, not a civil servant; a Pj is evaluated by
 * the Minister under Permendagri 4/2023), not Plt/Plh (a task assignment, not the position), not
 * administrator (e.g. camat) or pengawas. docs/domain/pejabat.md §Pasal 142 "Siapa".
 */
export function dicakupPasal142(p: Pick<PejabatRecord, 'level' | 'penugasan'>): { ya: boolean; alasan: string } {
  if (p.level !== 'jpt-pratama') return { ya: false, alasan: `${LABEL_LEVEL[p.level]} tidak dicakup pasal 142 (hanya pejabat pimpinan tinggi)` };
  if (p.penugasan !== 'definitif') return { ya: false, alasan: `${LABEL_PENUGASAN[p.penugasan]} tidak dicakup pasal 142 (hanya jabatan definitif)` };
  return { ya: true, alasan: 'Pejabat pimpinan tinggi pratama definitif' };
}

/** The last quarter of `tahun` that ends on or before `tanggal`, or null. */
function triwulanTerakhirSampai(tahun: number, tanggal: string): Triwulan | null {
  for (const tw of [4, 3, 2, 1] as const) if (akhirTriwulan(tahun, tw) <= tanggal) return tw;
  return null;
}

export interface PeriodeEvaluasi {
  siap: boolean;
  alasan: string;
  /** First and last day of the official's time in the position within the year. */
  mulai: string;
  selesai: string;
  /** Quarter whose values count: 4 for a full year, else the last full quarter before the assignment ended. */
  triwulan: Triwulan;
  /** Evaluated against the annual targets (a full year) or the signed targets of `triwulan`. */
  tahunan: boolean;
}

/**
 * When an official's year can be evaluated (docs/domain/pejabat.md §Pasal 142 "Kapan"):
 * - after the year has ended, if the official has then held the position for at least one year
 *   ("dalam waktu 1 (satu) tahun pada suatu jabatan"); measured against the annual targets;
 * - or, when the assignment ends within the year after lasting at least one year, after that end
 *   date, s.d. the last full quarter before it, against the signed targets of that quarter.
 */
export function periodeEvaluasi(p: Pick<PejabatRecord, 'tmt' | 'selesai'>, tahun: number, now: Date): PeriodeEvaluasi {
  const hariIni = tanggalHariIni(now);
  const awalTahun = `${tahun}-01-01`;
  const akhirTahun = `${tahun}-12-31`;
  const mulai = p.tmt > awalTahun ? p.tmt : awalTahun;
  const berakhirDalamTahun = p.selesai !== null && p.selesai < akhirTahun;
  const selesai = berakhirDalamTahun ? (p.selesai as string) : akhirTahun;
  const satuTahun = tambahTanggal(p.tmt, { tahun: 1 }); // the first day after a full year in the position
  const dasar = { mulai, selesai, triwulan: 4 as Triwulan, tahunan: true };
  if (p.tmt > akhirTahun || (p.selesai !== null && p.selesai < awalTahun)) return { ...dasar, siap: false, alasan: `Tidak menjabat pada tahun ${tahun}` };
  if (hariIni <= selesai) {
    return {
      ...dasar,
      siap: false,
      alasan: berakhirDalamTahun
        ? `Penugasan berakhir ${selesai}; evaluasi setelahnya`
        : `Tahun ${tahun} belum berakhir; evaluasi setelah 31 Desember ${tahun}`,
    };
  }
  if (satuTahun > tambahTanggal(selesai, { hari: 1 })) return { ...dasar, siap: false, alasan: `Belum 1 tahun pada jabatan (TMT ${p.tmt})` };
  if (!berakhirDalamTahun) return { ...dasar, siap: true, alasan: `Tahun ${tahun} telah berakhir` };
  const tw = triwulanTerakhirSampai(tahun, selesai);
  if (tw === null) return { ...dasar, siap: false, alasan: `Penugasan berakhir ${selesai}, sebelum triwulan pertama selesai` };
  return { mulai, selesai, triwulan: tw, tahunan: false, siap: true, alasan: `Penugasan (≥ 1 tahun) berakhir ${selesai}` };
}

export interface MasukEvaluasi142 {
  pejabat: PejabatRecord;
  tahun: number;
  now: Date;
  ambang: number;
  batasAtas: number;
  /** Every PK of the year (any OPD, any version); the official's signed one in force is picked here. */
  pk: readonly Pk[];
  /** Every indicator (for lineage across PK versions). */
  indikatorById: ReadonlyMap<string, Pick<Indikator, 'indikatorAsalId'>>;
  /** Realisasi keyed `${indikatorId}:${periode}` (see keyRealisasi), of the year. */
  realisasiByKey: ReadonlyMap<string, NilaiRealisasi>;
}

/** The official's signed PK version for (tahun, triwulan): highest versi in force, signed, made by them. */
export function pkDitandatanganiPejabat(pk: readonly Pk[], p: PejabatRecord, tahun: number, tw: Triwulan): Pk | null {
  return pk
    .filter((x) => !x.deleted && x.tahun === tahun && x.status === 'ditandatangani' && x.berlakuMulaiTriwulan <= tw && pkMilik(x, p))
    .reduce<Pk | null>((a, x) => (a === null || x.versi > a.versi ? x : a), null);
}

/**
 * Measures a signed PK's frozen snapshot s.d. quarter `tw` (annual targets when `tahunan`).
 * Every indicator must carry a value: a missing value, TDI or a capaian that cannot be computed
 * makes the data incomplete ("data belum lengkap" — never "memenuhi", never a proposal).
 * Per-indicator grading comes from domain/indikator.ts + capaian.ts (evaluasiTriwulan/hitungCapaian);
 * the score is `skorOpd` (mean of capped capaian). docs/domain/pejabat.md §Pasal 142 "Data".
 */
export function ukurPk(
  pk: Pk,
  tahun: number,
  tw: Triwulan,
  tahunan: boolean,
  m: Pick<MasukEvaluasi142, 'now' | 'ambang' | 'batasAtas' | 'indikatorById' | 'realisasiByKey'>,
  periode: { mulai: string; selesai: string },
): { lengkap: boolean; capaian: number | null; dasar: DasarEvaluasi } {
  const snap = pk.snapshot as SnapshotPk | null;
  const daftar = snap?.indikator ?? [];
  // Lineage through the snapshot's own copies first, then every live indicator (no map copy).
  const milikSnapshot = new Map<string, Pick<Indikator, 'indikatorAsalId'>>(daftar.map((i) => [i.id, i]));
  const byId = { get: (id: string) => milikSnapshot.get(id) ?? m.indikatorById.get(id) } as ReadonlyMap<string, Pick<Indikator, 'indikatorAsalId'>>;
  const baris: DasarEvaluasi['indikator'] = [];
  const nilai: number[] = [];
  let lengkap = daftar.length > 0;
  for (const ind of daftar) {
    const perTw = realisasiPerTriwulan(rantaiIndikator(ind.id, byId), m.realisasiByKey);
    const e0 = evaluasiTriwulan(ind, perTw, tahun, tw, m.now, { tahunan });
    // Part of a year is judged only against a target signed for that quarter, never against the
    // annual target (a cumulative indicator is not "behind" at mid-year). docs/domain/pejabat.md §Data.
    const e =
      !tahunan && e0.jenisTarget !== 'triwulan' && e0.status === 'nilai'
        ? { ...e0, status: 'tidak-terhitung' as const, capaian: null, alasan: `Tidak ada target triwulan ${tw} yang ditandatangani` }
        : e0;
    if (e.status === 'nilai' && e.capaian !== null) nilai.push(e.capaian);
    else lengkap = false;
    baris.push({
      indikatorId: ind.id,
      uraian: ind.uraian,
      satuan: ind.satuan,
      target: e.target,
      jenisTarget: e.jenisTarget === 'triwulan' || e.jenisTarget === 'tahunan' ? e.jenisTarget : null,
      realisasi: e.realisasi,
      capaian: e.capaian,
      // An annual evaluation (tahunan) never yields 'progres'; mapped for the type only.
      status: e.status === 'progres' ? 'nilai' : e.status,
      alasan: e.alasan,
    });
  }
  const capaian = lengkap ? skorOpd(nilai, m.batasAtas) : null;
  return {
    lengkap,
    capaian,
    dasar: {
      aturan: ATURAN_142,
      pkId: pk.id,
      pkVersi: pk.versi,
      pkDitandatanganiPada: pk.ditandatanganiPada,
      periodeMulai: periode.mulai,
      periodeSelesai: periode.selesai,
      triwulan: tw,
      tanggalEvaluasi: tanggalHariIni(m.now),
      ambang: m.ambang,
      batasAtas: m.batasAtas,
      capaian: capaian === null ? null : Math.round(capaian * 100) / 100,
      jumlahIndikator: daftar.length,
      jumlahDinilai: nilai.length,
      indikator: baris,
    },
  };
}

const persen = (n: number) => `${String(Math.round(n * 100) / 100).replace('.', ',')} %`;

/**
 * The first stage of pasal 142 for one official and one year: who is covered, when, which PK and
 * targets, completeness, and the result. A result below the threshold proposes a masa perbaikan;
 * it stays a proposal until the PPK's decision is recorded. docs/domain/pejabat.md §Pasal 142.
 */
export function evaluasiTahunan(m: MasukEvaluasi142): Evaluasi142 {
  const c = dicakupPasal142(m.pejabat);
  if (!c.ya) return { status: 'tidak-dicakup', alasan: c.alasan, usulan: null, dasar: null };
  const per = periodeEvaluasi(m.pejabat, m.tahun, m.now);
  if (!per.siap) return { status: 'belum-waktunya', alasan: per.alasan, usulan: null, dasar: null };
  const pk = pkDitandatanganiPejabat(m.pk, m.pejabat, m.tahun, per.triwulan);
  if (!pk) return { status: 'tanpa-pk', alasan: `Tidak ada PK ${m.tahun} yang ditandatangani ${m.pejabat.nama}`, usulan: null, dasar: null };
  if (!pk.snapshot) return { status: 'tanpa-pk', alasan: 'PK ditandatangani tanpa salinan beku; tidak dapat dievaluasi', usulan: null, dasar: null };
  const u = ukurPk(pk, m.tahun, per.triwulan, per.tahunan, m, per);
  if (!u.lengkap || u.capaian === null) {
    const kurang = u.dasar.jumlahIndikator - u.dasar.jumlahDinilai;
    return {
      status: 'data-belum-lengkap',
      alasan: `Data belum lengkap: ${kurang} dari ${u.dasar.jumlahIndikator} indikator tanpa nilai yang dapat dihitung`,
      usulan: null,
      dasar: u.dasar,
    };
  }
  if (u.capaian >= m.ambang) return { status: 'memenuhi', alasan: `Skor ${persen(u.capaian)} ≥ ambang ${persen(m.ambang)}`, usulan: null, dasar: u.dasar };
  return { status: 'tidak-memenuhi', alasan: `Skor ${persen(u.capaian)} di bawah ambang ${persen(m.ambang)}`, usulan: 'masa-perbaikan', dasar: u.dasar };
}

/** End of the 6-month masa perbaikan: six months from the day of the PPK's decision. docs/domain/pejabat.md §Pasal 142 ("Enam bulan"). */
export function akhirMasaPerbaikan(tanggalKeputusan: string): string {
  return tambahTanggal(tanggalKeputusan, { bulan: 6 });
}

/**
 * The follow-up after a masa perbaikan the PPK decided (a recorded `keputusan: 'masa-perbaikan'`
 * with its date). Only once the six months have passed; measured on the official's signed PK
 * s.d. the last quarter that ended within the period, against that quarter's signed targets.
 * Improved (score ≥ threshold) → no proposal; not improved → proposes uji kompetensi kembali;
 * incomplete → data belum lengkap. No decision recorded → nothing to follow up (a proposal
 * never escalates by itself). docs/domain/pejabat.md §Pasal 142 "Tindak lanjut".
 */
export function evaluasiAkhirPerbaikan(
  m: Omit<MasukEvaluasi142, 'tahun'> & { keputusan: Pick<EvaluasiPejabat, 'keputusan' | 'tanggalKeputusan'> },
): Evaluasi142 & { akhir: string | null } {
  const { keputusan } = m;
  if (keputusan.keputusan !== 'masa-perbaikan' || !keputusan.tanggalKeputusan) {
    return { status: 'belum-waktunya', alasan: 'Belum ada keputusan PPK tentang masa perbaikan', usulan: null, dasar: null, akhir: null };
  }
  const akhir = akhirMasaPerbaikan(keputusan.tanggalKeputusan);
  const hariIni = tanggalHariIni(m.now);
  if (hariIni <= akhir)
    return { status: 'belum-waktunya', alasan: `Masa perbaikan berjalan ${keputusan.tanggalKeputusan} s.d. ${akhir}`, usulan: null, dasar: null, akhir };
  if (!menjabatPada(m.pejabat, akhir))
    return { status: 'tidak-dicakup', alasan: 'Tidak lagi menduduki jabatan pada akhir masa perbaikan', usulan: null, dasar: null, akhir };
  const tahun = Number(akhir.slice(0, 4));
  let t = tahun;
  let tw = triwulanTerakhirSampai(tahun, akhir);
  if (tw === null) {
    t = tahun - 1;
    tw = 4;
  }
  const periode = { mulai: keputusan.tanggalKeputusan, selesai: akhir };
  const pk = pkDitandatanganiPejabat(m.pk, m.pejabat, t, tw);
  if (!pk || !pk.snapshot)
    return { status: 'tanpa-pk', alasan: `Tidak ada PK ${t} yang ditandatangani ${m.pejabat.nama} untuk masa perbaikan`, usulan: null, dasar: null, akhir };
  const u = ukurPk(pk, t, tw, false, m, periode);
  if (!u.lengkap || u.capaian === null)
    return { status: 'data-belum-lengkap', alasan: `Data s.d. triwulan ${tw} ${t} belum lengkap`, usulan: null, dasar: u.dasar, akhir };
  if (u.capaian >= m.ambang)
    return { status: 'memenuhi', alasan: `Menunjukkan perbaikan: skor ${persen(u.capaian)} ≥ ambang ${persen(m.ambang)}`, usulan: null, dasar: u.dasar, akhir };
  return {
    status: 'tidak-memenuhi',
    alasan: `Tidak menunjukkan perbaikan: skor ${persen(u.capaian)} di bawah ambang ${persen(m.ambang)}`,
    usulan: 'uji-kompetensi',
    dasar: u.dasar,
    akhir,
  };
}

// ---------------------------------------------------------------- ranking (reward and sanction)

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
