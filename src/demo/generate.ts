/**
 * The demo kabupaten (docs/architecture.md "Demo data"): a realistic, deterministic data set for trying the app, for
 * the server's demo mode and for tests. Two years: last year complete (TW1–TW4, signed PKs, locked
 * periods, official evaluations) and this year with every quarter already due reported, two
 * Perubahan PK from TW3, rakor with arahan and the next rakor planned.
 *
 * Scale (issue 17 §7, docs/architecture.md "Demo data"): `kali` K multiplies the data about K times
 * for the benchmarks: K = 1 is the kabupaten above (byte-identical whatever else changes), K > 1 a
 * larger kota with more history — `tahunDemo(K)` years (the older ones fully reported, signed and
 * locked, with their rakor) and `salinanDemo(K)` copies of the OPD list (unique kode and singkatan),
 * each OPD with the predecessors who headed it in the older years.
 *
 * Every record is parsed by its Zod schema here, so what leaves this module is valid by
 * construction (rev 0). Ids: UUIDv5 of a stable label (deterministic per seed), idAlami for
 * natural keys.
 */
import { v5 as uuidv5 } from 'uuid';
import {
  idAlami,
  NAMA_TABEL,
  recordSchemas,
  type Agregasi,
  type Indikator,
  type NamaTabel,
  type Opd,
  type Pejabat,
  type Periode,
  type PeriodeMilestone,
  type PejabatRecord,
  type Pk,
  type Polaritas,
  type Program,
  type RecordOf,
  type Sasaran,
  type TargetNilai,
} from '../domain/schemas.ts';
import { akhirTriwulan, jatuhTempoMilestone, tambahTanggal, tanggalHariIni, triwulanJatuhTempo, TRIWULAN, type Triwulan } from '../domain/periode.ts';
import { evaluasiTahunan, kepalaOpdPada, salinanPejabat } from '../domain/pejabat.ts';
import { batasLaporanBawaan, batasTugasBawaan, indikatorPjBawaan, periodePj } from '../domain/penjabat.ts';
import { keyRealisasi } from '../domain/indikator.ts';
import { snapshotPk } from '../domain/pk.ts';
import { Acak } from './acak.ts';
import {
  ALASAN_TDI,
  GELAR_BELAKANG,
  INDIKATOR_BIDANG,
  INDIKATOR_KEPALA_DAERAH,
  INDIKATOR_UMUM,
  KATALOG_OPD,
  MASALAH,
  NAMA_BELAKANG,
  NAMA_DEPAN,
  NAMA_KECAMATAN,
  PANGKAT,
  PROGRAM_BIDANG,
  PROGRAM_UMUM,
  SASARAN_BIDANG,
  type KatalogOpd,
} from './katalog.ts';

export type DataDemo = { [T in NamaTabel]: RecordOf<T>[] };

export const DEMO_NOW = new Date('2026-11-23T10:00:00+07:00');
const NS_DEMO = 'a4c1e0d2-7b3f-4e5a-9c8d-1f2e3d4c5b6a';
const NAMA_PEMDA = 'Sukamaju';
const OLEH = 'demo';

type Bidang = KatalogOpd['bidang'] | 'kecamatan' | 'kepala-daerah';
interface OpdDemo {
  opd: Opd;
  bidang: Bidang;
  jumlah: [number, number];
  paguMiliar: [number, number];
  /** Performance factor of this OPD (~0.6 weak … ~1.1 strong). */
  kinerja: number;
  /** Budget absorption factor. */
  serap: number;
}

interface Template {
  uraian: string;
  satuan: string;
  polaritas: Polaritas;
  agregasi: Agregasi;
  /** Demo catalogue targets are numbers or bands only. */
  target: TargetDemo;
}

function bacaTemplate(s: string): Template {
  const [uraian = '', satuan = '', p = 'n', a = 'a', t = '0'] = s.split('|');
  const polaritas: Polaritas = p === 't' ? 'turun' : p === 'r' ? 'rentang' : 'naik';
  const agregasi: Agregasi = a === 'k' ? 'kumulatif' : a === 'r' ? 'rata-rata' : 'akhir';
  const target: TargetDemo = t.includes('~') ? (t.split('~').map(Number) as [number, number]) : Number(t);
  return { uraian, satuan, polaritas, agregasi, target };
}

const bulatkan = (n: number, bulat: boolean) => (bulat ? Math.round(n) : Math.round(n * 100) / 100);
const waktu = (tanggal: string, jam = '09:00') => `${tanggal}T${jam}:00+07:00`;

class Pembangun {
  readonly acak: Acak;
  /** A second stream for the officials' history, so the older demo numbers stay as they were. */
  readonly acakPejabat: Acak;
  readonly data: DataDemo;
  private readonly seed: number;
  /** The kepala daerah's indicators per year (OPD indicators point at them: pohon kinerja). */
  readonly indikatorKd = new Map<number, Indikator[]>();
  tahunIni = 0;

  constructor(seed: number) {
    this.seed = seed;
    this.acak = new Acak(seed);
    this.acakPejabat = new Acak(seed + 13);
    this.data = Object.fromEntries(NAMA_TABEL.map((t) => [t, []])) as unknown as DataDemo;
  }

  id(label: string): string {
    return uuidv5(`demo:${this.seed}:${label}`, NS_DEMO);
  }

  /** Validates with the shared schema and stores; returns the parsed record. */
  tambah<T extends NamaTabel>(tabel: T, isi: Record<string, unknown>): RecordOf<T> {
    const rec = recordSchemas[tabel].parse({ rev: 0, updatedBy: OLEH, deleted: false, ...isi }) as RecordOf<T>;
    (this.data[tabel] as RecordOf<T>[]).push(rec);
    return rec;
  }

  orang(jabatan: string, pangkat = true): Pejabat {
    const a = this.acak;
    const depan = a.pilih(['', '', '', 'Dr. ', 'Ir. ', 'H. ']);
    const nama = `${depan}${a.pilih(NAMA_DEPAN)} ${a.pilih(NAMA_BELAKANG)}, ${a.pilih(GELAR_BELAKANG)}`;
    const lahir = `${a.int(1968, 1982)}${String(a.int(1, 12)).padStart(2, '0')}${String(a.int(1, 28)).padStart(2, '0')}`;
    const cpns = `${Number(lahir.slice(0, 4)) + a.int(23, 28)}${String(a.pilih([1, 3, 4, 12])).padStart(2, '0')}`;
    const nip = `${lahir}${cpns}${a.int(1, 2)}${String(a.int(1, 9)).padStart(3, '0')}`;
    return { nama, nip, jabatan, pangkat: pangkat ? a.pilih(PANGKAT) : '' };
  }
}

/** Years of data at scale K (issue 17 §7): 2 up to K = 3, 4 up to K = 15, 8 from K = 16. */
export const tahunDemo = (kali: number): number => (kali < 4 ? 2 : kali < 16 ? 4 : 8);
/** Copies of the OPD list at scale K: enough that years × copies ≈ 2K (K=4: 4 years × 2, K=16: 8 × 4). */
export const salinanDemo = (kali: number): number => Math.ceil((2 * kali) / tahunDemo(kali));

/**
 * Builds the demo data set. Same seed, `now` and `kali` → identical output. `kali` (default 1, an
 * integer ≥ 1) scales it for the benchmarks (issue 17 §7; see the module comment).
 */
export function buatDemo(opts: { seed?: number; now?: Date; kali?: number } = {}): DataDemo {
  const seed = opts.seed ?? 2026;
  const now = opts.now ?? DEMO_NOW;
  const kali = opts.kali ?? 1;
  if (!Number.isInteger(kali) || kali < 1) throw new Error(`buatDemo: kali harus bilangan bulat ≥ 1 (${String(kali)})`);
  const b = new Pembangun(seed);
  const hariIni = tanggalHariIni(now);
  const tahunIni = Number(hariIni.slice(0, 4));
  const tahunLalu = tahunIni - 1;
  const tahunAwal = tahunIni - tahunDemo(kali) + 1;
  const twIni = TRIWULAN.filter((tw) => triwulanJatuhTempo(tahunIni, tw, now));
  b.tahunIni = tahunIni;

  // An elected Bupati is not a civil servant: no NIP, no pangkat (docs/domain/pejabat.md §NIP).
  const bupati = { ...b.orang(`Bupati ${NAMA_PEMDA}`, false), nip: '' };
  const sekda = b.orang('Sekretaris Daerah');
  const pemda = b.tambah('pemda', {
    id: b.id('pemda'),
    updatedAt: waktu(`${tahunLalu}-01-02`),
    nama: `Kabupaten ${NAMA_PEMDA}`,
    jenis: 'kabupaten',
    ibukota: NAMA_PEMDA,
    kepalaDaerah: bupati,
    // The demo pemda's Perbup sets the pasal 142 threshold at 80 (a pemda policy; default 76).
    pengaturan: { batasAtas: 100, ambangPejabat: 80 },
  });

  const daftarOpd = buatOpd(b, bupati, sekda, tahunLalu);
  // K > 1 only, so K = 1 draws the same random numbers as ever.
  if (kali > 1) daftarOpd.push(...salinOpd(b, daftarOpd, salinanDemo(kali), tahunLalu));
  const pejabat = buatPejabat(b, daftarOpd, bupati, tahunLalu, tahunIni);
  if (kali > 1) pejabat.push(...buatPendahulu(b, daftarOpd, pejabat, tahunAwal, tahunLalu));
  const kd = daftarOpd.find((o) => o.bidang === 'kepala-daerah')!;

  // Older years (K > 1): reported in full, signed, locked, each quarter with its rakor. The kepala
  // daerah comes first in daftarOpd, so the OPD indicators find the year's kepala daerah indicators.
  for (let tahun = tahunAwal; tahun < tahunLalu; tahun++) {
    for (const o of daftarOpd) buatTahun(b, o, tahun, [1, 2, 3, 4], now, pejabat, kd.opd.id);
    buatRakorLama(b, daftarOpd, tahun, hariIni, sekda);
    buatKunci(b, tahun);
  }

  // Last year: everything reported, signed, locked.
  for (const o of daftarOpd) buatTahun(b, o, tahunLalu, [1, 2, 3, 4], now, pejabat, kd.opd.id);
  // This year: the quarters already due; two OPDs amended their PK from TW3.
  const diubah = new Set(pilihPerubahan(b, daftarOpd));
  for (const o of daftarOpd) buatTahun(b, o, tahunIni, twIni, now, pejabat, kd.opd.id, diubah.has(o.opd.id));
  buatPkBawahan(b, daftarOpd, pejabat, tahunIni);

  buatRakor(b, daftarOpd, tahunLalu, tahunIni, twIni, hariIni, sekda);
  buatKunci(b, tahunLalu);
  buatEvaluasiPejabat(b, pemda.pengaturan.ambangPejabat, pemda.pengaturan.batasAtas, tahunLalu, now, bupati.nama);
  buatEvaluasiPj(b, pejabat, daftarOpd, now);
  return b.data;
}

/** A closed year's four periods, locked by the admin in February of the next year. */
function buatKunci(b: Pembangun, tahun: number): void {
  for (const tw of TRIWULAN) {
    b.tambah('kunciPeriode', {
      id: idAlami.kunciPeriode(tahun, tw),
      updatedAt: waktu(`${tahun + 1}-02-15`),
      tahun,
      triwulan: tw,
      terkunci: true,
      oleh: 'admin',
      pada: waktu(`${tahun + 1}-02-15`),
    });
  }
}

const ARAH = ['Utara', 'Selatan', 'Timur', 'Barat', 'Tengah'] as const;

/**
 * Copies 2…n of the OPD list (K > 1; the kepala daerah is not copied): the catalogue's OPDs again
 * as "… Wilayah n", the kecamatan as "Kecamatan X Utara" and so on. Kode and singkatan stay
 * unique (the server refuses duplicates, sync.store.ts #alasanOpdKembar): the last kode segment
 * moves up by 20 per copy (catalogue segments are 01–02, kecamatan 01–15).
 */
function salinOpd(b: Pembangun, asli: readonly OpdDemo[], salinan: number, tahunLalu: number): OpdDemo[] {
  const a = b.acak;
  const hasil: OpdDemo[] = [];
  for (let c = 1; c < salinan; c++) {
    const arah = ARAH[c - 1] ?? `${c + 1}`;
    for (const o of asli) {
      if (o.bidang === 'kepala-daerah') continue;
      const [k1, k2, k3 = '0'] = o.opd.kode.split('.');
      const kode = `${k1}.${k2}.${String(Number(k3) + 20 * c).padStart(2, '0')}`;
      const kec = o.bidang === 'kecamatan';
      const nama = kec ? `${o.opd.nama} ${arah}` : `${o.opd.nama} Wilayah ${c + 1}`;
      const singkatan = kec ? `${o.opd.singkatan} ${arah}` : `${o.opd.singkatan} W${c + 1}`;
      const jabatan = kec ? `Camat ${nama.replace(/^Kecamatan /, '')}` : o.opd.jenis === 'rsud' ? `Direktur ${nama}` : `Kepala ${nama}`;
      const opd = b.tambah('opd', {
        id: b.id(`opd:${kode}`),
        updatedAt: waktu(`${tahunLalu}-01-02`),
        kode,
        nama,
        singkatan,
        jenis: o.opd.jenis,
        kepala: b.orang(jabatan),
        urutan: o.opd.urutan + 200 * c,
      });
      const kinerja = Math.min(1.12, Math.max(0.58, 0.93 + (a.next() + a.next() + a.next() - 1.5) * 0.22));
      hasil.push({ opd, bidang: o.bidang, jumlah: o.jumlah, paguMiliar: o.paguMiliar, kinerja, serap: a.antara(0.72, 1.04) });
    }
  }
  return hasil;
}

/**
 * Who headed each OPD before its earliest head in `pejabat`, back to 1 January of `tahunAwal`
 * (K > 1), so every older PK finds its parties with kepalaOpdPada (docs/domain/pejabat.md §PK):
 * definitif heads of three to five years each, and elected Bupati of five-year terms before the
 * Penjabat.
 */
function buatPendahulu(b: Pembangun, daftar: readonly OpdDemo[], pejabat: readonly PejabatRecord[], tahunAwal: number, tahunLalu: number): PejabatRecord[] {
  const a = b.acakPejabat;
  const hasil: PejabatRecord[] = [];
  const awal = `${tahunAwal}-01-01`;
  for (const o of daftar) {
    const kepala = kepalaOpdPada(pejabat, o.opd.id, `${tahunLalu}-12-31`);
    if (!kepala) continue;
    const sejawat = pejabat.filter((p) => p.opdId === o.opd.id && p.level === kepala.level);
    let mulai = sejawat.reduce((m, p) => (p.tmt < m ? p.tmt : m), kepala.tmt);
    for (let n = 1; mulai > awal; n++) {
      const kd = o.bidang === 'kepala-daerah';
      const tahun = Number(mulai.slice(0, 4)) - (kd ? 5 : a.int(3, 5));
      const tmt = kd ? `${tahun}-${mulai.slice(5)}` : `${tahun}-${String(a.int(1, 12)).padStart(2, '0')}-0${a.int(1, 9)}`;
      const orang = kd
        ? { ...orangBaru(a, ''), nip: '' }
        : orangBaru(a, kepala.level === 'administrator' ? 'Penata Tingkat I (III/d)' : 'Pembina Utama Muda (IV/c)');
      const r = b.tambah('pejabat', {
        ...orang,
        id: b.id(`pejabat:${o.opd.kode}:pendahulu:${n}`),
        updatedAt: waktu(`${tahunLalu}-01-02`),
        jabatan: kepala.jabatan,
        level: kepala.level,
        penugasan: 'definitif',
        opdId: o.opd.id,
        tmt,
        selesai: tambahTanggal(mulai, { hari: -1 }),
      }) as PejabatRecord;
      hasil.push(r);
      mulai = tmt;
    }
  }
  return hasil;
}

/** An older year's four rakor (K > 1), all held, their arahan closed. */
function buatRakorLama(b: Pembangun, daftar: readonly OpdDemo[], tahun: number, hariIni: string, sekda: Pejabat): void {
  const a = b.acak;
  const opdBiasa = daftar.filter((o) => o.bidang !== 'kepala-daerah');
  for (const tw of TRIWULAN) {
    const tanggal = tambahTanggal(akhirTriwulan(tahun, tw), { hari: a.int(18, 26) });
    const rakor = b.tambah('rakor', {
      id: idAlami.rakor(tahun, tw),
      updatedAt: waktu(tanggal, '16:00'),
      tahun,
      triwulan: tw,
      nomor: `005/${a.int(100, 900)}/Bappeda/${tanggal.slice(0, 4)}`,
      tanggal,
      tempat: a.pilih(['Ruang Rapat Utama Setda', 'Aula Bappeda', 'Pendopo Kabupaten']),
      pimpinan: sekda,
      peserta: opdBiasa.map((o) => ({ opdId: o.opd.id, hadir: a.peluang(0.93), namaWakil: '' })),
      agenda: ['Pemaparan capaian kinerja dan realisasi anggaran', 'Permasalahan dan solusi per perangkat daerah', 'Arahan pimpinan'],
      status: 'selesai',
      notulen: 'Rapat dibuka oleh Sekretaris Daerah. Perangkat daerah dengan capaian rendah diminta menyampaikan rencana percepatan.',
    });
    buatArahan(b, rakor.id, opdBiasa, tanggal, hariIni, false);
  }
}

function buatOpd(b: Pembangun, bupati: Pejabat, sekda: Pejabat, tahunLalu: number): OpdDemo[] {
  const a = b.acak;
  const hasil: OpdDemo[] = [];
  const tambahOpd = (
    kode: string,
    nama: string,
    singkatan: string,
    jenis: Opd['jenis'],
    kepala: Pejabat,
    urutan: number,
    bidang: Bidang,
    jumlah: [number, number],
    pagu: [number, number],
  ) => {
    const opd = b.tambah('opd', { id: b.id(`opd:${kode}`), updatedAt: waktu(`${tahunLalu}-01-02`), kode, nama, singkatan, jenis, kepala, urutan });
    const kinerja = Math.min(1.12, Math.max(0.58, 0.93 + (a.next() + a.next() + a.next() - 1.5) * 0.22));
    hasil.push({ opd, bidang, jumlah, paguMiliar: pagu, kinerja, serap: a.antara(0.72, 1.04) });
  };
  tambahOpd('0.00.00', `Bupati ${NAMA_PEMDA}`, 'Bupati', 'kepala-daerah', bupati, 0, 'kepala-daerah', [10, 10], [0, 0]);
  KATALOG_OPD.forEach((k, i) => {
    const jabatan =
      k.singkatan === 'Setda'
        ? 'Sekretaris Daerah'
        : k.singkatan === 'Setwan'
          ? 'Sekretaris DPRD'
          : k.jenis === 'inspektorat'
            ? 'Inspektur Daerah'
            : k.jenis === 'rsud'
              ? `Direktur ${k.nama}`
              : `Kepala ${k.nama}`;
    const kepala = k.singkatan === 'Setda' ? sekda : b.orang(jabatan);
    tambahOpd(k.kode, k.nama, k.singkatan, k.jenis, kepala, i + 1, k.bidang, k.jumlah, k.paguMiliar);
  });
  NAMA_KECAMATAN.forEach((nama, i) => {
    const kode = `7.01.${String(i + 1).padStart(2, '0')}`;
    tambahOpd(kode, `Kecamatan ${nama}`, `Kec. ${nama}`, 'kecamatan', b.orang(`Camat ${nama}`), 100 + i, 'kecamatan', [15, 18], [0.4, 1.6]);
  });
  return hasil;
}

/** Two non-kecamatan OPDs with programmes get a Perubahan PK this year. */
function pilihPerubahan(b: Pembangun, daftar: readonly OpdDemo[]): string[] {
  const calon = daftar.filter((o) => o.bidang !== 'kepala-daerah' && o.bidang !== 'kecamatan');
  return b.acak
    .acakUrutan(calon)
    .slice(0, 2)
    .map((o) => o.opd.id);
}

function templateUntuk(b: Pembangun, o: OpdDemo): Template[] {
  if (o.bidang === 'kepala-daerah') return INDIKATOR_KEPALA_DAERAH.map(bacaTemplate);
  const khusus = INDIKATOR_BIDANG[o.bidang].map(bacaTemplate);
  const umum = b.acak.acakUrutan(INDIKATOR_UMUM).map(bacaTemplate);
  const n = Math.min(b.acak.int(o.jumlah[0], o.jumlah[1]), khusus.length + umum.length);
  return [...khusus, ...umum].slice(0, n);
}

/** Target of year `tahun` from the template: targets improve a little every year. */
type TargetDemo = number | [number, number];

function targetTahun(t: Template, langkah: number): TargetDemo {
  if (Array.isArray(t.target)) return t.target;
  const bulat = Number.isInteger(t.target) && t.target >= 10;
  const faktor = t.polaritas === 'turun' ? 0.97 ** langkah : 1.03 ** langkah;
  let v = bulatkan(t.target * faktor, bulat);
  if (t.satuan === 'persen' && t.polaritas === 'naik') v = Math.min(v, 100);
  return v;
}

function targetTriwulanDari(t: Template, target: TargetDemo): Indikator['targetTriwulan'] {
  if (Array.isArray(target)) return [target, target, target, target];
  const bulat = Number.isInteger(target) && target >= 10;
  const kali = (f: readonly number[]) => f.map((x) => bulatkan(target * x, bulat)) as [number, number, number, number];
  if (t.agregasi === 'kumulatif') return kali([0.2, 0.45, 0.7, 1]);
  if (t.agregasi === 'rata-rata') return [target, target, target, target];
  return t.polaritas === 'turun' ? kali([1.08, 1.05, 1.02, 1]) : kali([0.88, 0.92, 0.96, 1]);
}

interface IndikatorDemo {
  ind: Indikator;
  t: Template;
  /** Performance of this indicator (OPD performance × own spread). */
  f: number;
}

function buatTahun(
  b: Pembangun,
  o: OpdDemo,
  tahun: number,
  tws: readonly Triwulan[],
  now: Date,
  pejabat: readonly PejabatRecord[],
  kdOpdId: string,
  perubahan = false,
): void {
  const a = b.acak;
  const lalu = tahun < Number(tanggalHariIni(now).slice(0, 4));
  const label = `${o.opd.kode}:${tahun}`;
  const tanggalPk = `${tahun}-02-0${a.int(2, 9)}`;
  // Every PK's parties are the pejabat serving on its date (docs/domain/pejabat.md §PK).
  const p1 = kepalaOpdPada(pejabat, o.opd.id, tanggalPk)!;
  const p2 = o.bidang === 'kepala-daerah' ? null : kepalaOpdPada(pejabat, kdOpdId, tanggalPk)!;
  const pk1 = {
    id: b.id(`pk:${label}:1`),
    updatedAt: waktu(tanggalPk, '10:00'),
    opdId: o.opd.id,
    tahun,
    versi: 1,
    nomorDokumen: `800/${a.int(10, 480)}/PK/${o.opd.singkatan.replace(/[^A-Za-z]/g, '')}/${tahun}`,
    tanggal: tanggalPk,
    tanggalMulai: `${tahun}-01-02`,
    berlakuMulaiTriwulan: 1,
    status: 'ditandatangani',
    pihakPertama: salinanPejabat(p1),
    // The PK Pemda has one signatory; the field keeps the same person and is not printed.
    pihakKedua: salinanPejabat(p2 ?? p1),
    pihakPertamaId: p1.id,
    pihakKeduaId: p2?.id ?? null,
    ditandatanganiPada: waktu(tanggalPk, '10:00'),
  };
  const templates = templateUntuk(b, o);
  const { sasaran, indikator } = buatIndikator(b, o, `${label}:1`, pk1.id, templates, tahun);
  const program = buatProgram(b, o, `${label}:1`, pk1.id, lalu);
  const pkV1 = b.tambah('pk', {
    ...pk1,
    snapshot: snapshotPk(
      pk1.id,
      sasaran,
      indikator.map((x) => x.ind),
      program,
    ),
  });

  let v2: { pk: Pk; indikator: IndikatorDemo[]; program: Program[] } | null = null;
  if (perubahan && tws.length >= 3) v2 = buatPerubahan(b, o, pkV1, sasaran, indikator, program, tahun, pejabat, kdOpdId);

  // Realisasi: quarters before the amendment on version 1, from TW3 on version 2 (lineage kept).
  const lemah = !lalu && a.peluang(0.2); // some OPDs have not finished entering the last quarter
  for (const tw of tws) {
    const daftar = v2 && tw >= v2.pk.berlakuMulaiTriwulan ? v2.indikator : indikator;
    const terakhir = tw === tws[tws.length - 1];
    for (const x of daftar) {
      if (!lalu && terakhir && lemah && a.peluang(0.5)) continue;
      buatRealisasi(b, o, x, tahun, tw);
    }
  }
  if (o.bidang === 'kepala-daerah') {
    for (const x of indikator) {
      for (const m of ['100H', '6B', '1T'] as const) {
        if (jatuhTempoMilestone(pkV1.tanggalMulai, m) <= tanggalHariIni(now)) buatRealisasiMilestone(b, o, x, tahun, m);
      }
    }
  }
  // Budget (cumulative s.d. each quarter): version-1 programmes before the amendment, version 2 after.
  for (const tw of tws) {
    const daftar = v2 && tw >= v2.pk.berlakuMulaiTriwulan ? v2.program : program;
    for (const p of daftar) buatRealisasiAnggaran(b, o, p, tahun, tw);
  }
  for (const tw of tws) buatLaporan(b, o, tahun, tw, lalu || tw < (tws[tws.length - 1] ?? 4));
}

function buatIndikator(b: Pembangun, o: OpdDemo, label: string, pkId: string, templates: readonly Template[], tahun: number) {
  const a = b.acak;
  const pool = SASARAN_BIDANG[o.bidang];
  const jumlahSasaran = Math.min(pool.length, templates.length >= 20 ? 3 : 2);
  const sasaran: Sasaran[] = pool
    .slice(0, jumlahSasaran)
    .map((uraian, i) =>
      b.tambah('sasaran', { id: b.id(`sasaran:${label}:${i}`), updatedAt: waktu(`${tahun}-01-20`), pkId, opdId: o.opd.id, uraian, urutan: i }),
    );
  const indikator: IndikatorDemo[] = templates.map((t, i) => {
    const s = sasaran[i % sasaran.length] as Sasaran;
    const target = targetTahun(t, tahun - 2025);
    // Quarterly targets everywhere in the OPDs whose part-year or masa perbaikan the demo evaluates.
    const kuartal = a.peluang(0.5) || o.opd.singkatan === 'Dinsos' || o.opd.singkatan === 'Kesbangpol';
    const milestone =
      o.bidang === 'kepala-daerah' && !Array.isArray(target)
        ? { '100H': targetMilestone(t, target, 0.3), '6B': targetMilestone(t, target, 0.55), '1T': target }
        : null;
    const ind = b.tambah('indikator', {
      id: b.id(`indikator:${label}:${i}`),
      updatedAt: waktu(`${tahun}-01-20`),
      sasaranId: s.id,
      pkId,
      opdId: o.opd.id,
      uraian: t.uraian,
      satuan: t.satuan,
      jenis: i < 4 ? 'IKU' : a.peluang(0.6) ? 'IKK' : 'lainnya',
      polaritas: t.polaritas,
      agregasi: t.agregasi,
      targetTahunan: target,
      targetTriwulan: kuartal ? targetTriwulanDari(t, target) : null,
      targetMilestone: milestone,
      sumberData: a.pilih([
        'Laporan internal perangkat daerah',
        `BPS Kabupaten ${NAMA_PEMDA}`,
        'Aplikasi SIPD',
        'Aplikasi e-Kinerja',
        'Aplikasi sektoral kementerian',
      ]),
      urutan: i,
      mendukungId: i < 2 && o.bidang !== 'kepala-daerah' ? (b.indikatorKd.get(tahun)?.[DUKUNG_KD[o.bidang] ?? 7]?.id ?? null) : null,
    });
    return { ind, t, f: Math.max(0.4, o.kinerja * a.antara(0.86, 1.12)) };
  });
  if (o.bidang === 'kepala-daerah' && !b.indikatorKd.has(tahun))
    b.indikatorKd.set(
      tahun,
      indikator.map((x) => x.ind),
    );
  return { sasaran, indikator };
}

/**
 * Pohon kinerja of the demo: which kepala daerah indicator (index in INDIKATOR_KEPALA_DAERAH) the
 * first two indicators of an OPD support.
 */
const DUKUNG_KD: Record<string, number> = {
  pendidikan: 0,
  kesehatan: 4,
  rsud: 0,
  pu: 1,
  perkim: 2,
  trantib: 6,
  sosial: 2,
  dukcapil: 6,
  desa: 2,
  kb: 4,
  perhubungan: 1,
  kominfo: 6,
  lh: 0,
  pertanian: 1,
  ekonomi: 1,
  investasi: 3,
  umum: 6,
  pengawasan: 7,
  perencanaan: 7,
  keuangan: 8,
  kepegawaian: 6,
  bencana: 0,
  kecamatan: 4,
};

function targetMilestone(t: Template, target: number, porsi: number): number {
  const bulat = Number.isInteger(target) && target >= 10;
  if (t.agregasi === 'kumulatif') return bulatkan(target * porsi, bulat);
  return target;
}

function buatProgram(b: Pembangun, o: OpdDemo, label: string, pkId: string, lalu: boolean): Program[] {
  if (o.bidang === 'kepala-daerah') return [];
  const a = b.acak;
  const nama = [...PROGRAM_UMUM, ...PROGRAM_BIDANG[o.bidang]];
  return nama.map((n, i) => {
    const miliar = i === 0 ? a.antara(0.3, 2.5) : a.antara(o.paguMiliar[0], o.paguMiliar[1]);
    const status = lalu
      ? a.pilih(['selesai', 'selesai', 'swakelola'] as const)
      : a.pilih(['kontrak', 'kontrak', 'kontrak', 'tender', 'tender', 'persiapan', 'swakelola', 'belum'] as const);
    return b.tambah('program', {
      id: b.id(`program:${label}:${i}`),
      updatedAt: waktu(`${label.split(':')[1]}-01-20`),
      pkId,
      opdId: o.opd.id,
      kode: `${o.opd.kode}.${String(i + 1).padStart(2, '0')}`,
      nama: n,
      pagu: Math.round(miliar * 1000) * 1_000_000,
      targetFisik: 100,
      statusPengadaan: i === 0 ? 'swakelola' : status,
      urutan: i,
    });
  });
}

function buatPerubahan(
  b: Pembangun,
  o: OpdDemo,
  pkV1: Pk,
  sasaran: readonly Sasaran[],
  indikator: readonly IndikatorDemo[],
  program: readonly Program[],
  tahun: number,
  pejabat: readonly PejabatRecord[],
  kdOpdId: string,
) {
  const a = b.acak;
  const label = `${o.opd.kode}:${tahun}:2`;
  const tanggal = `${tahun}-07-1${a.int(0, 9)}`;
  const p1 = kepalaOpdPada(pejabat, o.opd.id, tanggal)!;
  const p2 = kepalaOpdPada(pejabat, kdOpdId, tanggal)!;
  const pkId = b.id(`pk:${label}`);
  const petaSasaran = new Map<string, string>();
  const sasaranBaru = sasaran.map((s, i) => {
    const baru = b.tambah('sasaran', { ...s, id: b.id(`sasaran:${label}:${i}`), pkId, updatedAt: waktu(tanggal) });
    petaSasaran.set(s.id, baru.id);
    return baru;
  });
  const indikatorBaru: IndikatorDemo[] = indikator.map((x, i) => {
    // Refocusing: about a third of the targets are lowered.
    const turunkan = a.peluang(0.35) && typeof x.ind.targetTahunan === 'number';
    const target = turunkan ? sesuaikan(x.ind, x.t) : x.ind.targetTahunan;
    const ind = b.tambah('indikator', {
      ...x.ind,
      id: b.id(`indikator:${label}:${i}`),
      updatedAt: waktu(tanggal),
      pkId,
      sasaranId: petaSasaran.get(x.ind.sasaranId),
      targetTahunan: target,
      targetTriwulan: x.ind.targetTriwulan && target !== null ? targetTriwulanDari(x.t, target as TargetDemo) : null,
      indikatorAsalId: x.ind.id,
    });
    return { ...x, ind };
  });
  const programBaru = program.map((p, i) =>
    b.tambah('program', {
      ...p,
      id: b.id(`program:${label}:${i}`),
      pkId,
      updatedAt: waktu(tanggal),
      pagu: Math.round((p.pagu * a.antara(0.82, 1)) / 1_000_000) * 1_000_000,
    }),
  );
  const pk = b.tambah('pk', {
    ...pkV1,
    id: pkId,
    updatedAt: waktu(tanggal, '10:00'),
    versi: 2,
    pkSebelumnyaId: pkV1.id,
    alasanPerubahan: 'Penyesuaian target kinerja dan pagu akibat refocusing anggaran pada Perubahan APBD',
    nomorDokumen: `800/${a.int(481, 900)}/PK-P/${o.opd.singkatan.replace(/[^A-Za-z]/g, '')}/${tahun}`,
    tanggal,
    berlakuMulaiTriwulan: 3,
    pihakPertama: salinanPejabat(p1),
    pihakKedua: salinanPejabat(p2),
    pihakPertamaId: p1.id,
    pihakKeduaId: p2.id,
    ditandatanganiPada: waktu(tanggal, '10:00'),
    snapshot: snapshotPk(
      pkId,
      sasaranBaru,
      indikatorBaru.map((x) => x.ind),
      programBaru,
    ),
  });
  return { pk, indikator: indikatorBaru, program: programBaru };
}

function sesuaikan(ind: Indikator, t: Template): TargetNilai | null {
  const v = ind.targetTahunan;
  if (typeof v !== 'number' || v === 0) return v;
  const bulat = Number.isInteger(v) && v >= 10;
  return bulatkan(t.polaritas === 'turun' ? v * 1.08 : v * 0.9, bulat);
}

/** A plausible quarterly value for an indicator with performance `f`. */
function nilaiTriwulan(a: Acak, x: IndikatorDemo, tw: Triwulan): number {
  const target = x.ind.targetTahunan as TargetDemo | null;
  const derau = a.antara(0.93, 1.07);
  if (Array.isArray(target)) {
    const [lo, hi] = target;
    const tengah = (lo + hi) / 2;
    const lebar = (hi - lo) / 2 || Math.abs(tengah) * 0.1;
    return Math.round((tengah + lebar * a.antara(-1, 1) * (x.f < 0.85 ? 1.7 : 0.9)) * 100) / 100;
  }
  const t = target ?? 0;
  const bulat = Number.isInteger(t) && Math.abs(t) >= 10;
  let v: number;
  if (x.t.polaritas === 'turun') {
    if (t === 0) return x.f >= 0.9 ? 0 : a.int(1, 3);
    v = x.t.agregasi === 'kumulatif' ? (t / 4) * (2 - x.f) * derau : t * (2 - x.f) * derau;
    return Math.max(0, bulatkan(v, bulat));
  }
  if (x.t.agregasi === 'kumulatif') v = t * [0.2, 0.25, 0.26, 0.29][tw - 1]! * x.f * derau;
  else if (x.t.agregasi === 'rata-rata') v = t * x.f * derau;
  else v = t * x.f * (0.88 + 0.04 * tw) * derau;
  if (x.t.satuan === 'persen') v = Math.min(v, 100);
  return Math.max(0, bulatkan(v, bulat));
}

function buatRealisasi(b: Pembangun, o: OpdDemo, x: IndikatorDemo, tahun: number, tw: Triwulan): void {
  const a = b.acak;
  const periode: Periode = `TW${tw}`;
  // No TDI in a closed year's TW4 (its annual value is what pasal 142 reads), nor at Kesbangpol,
  // whose masa perbaikan the demo follows up on complete data.
  const tdi = o.bidang !== 'kepala-daerah' && a.peluang(0.03) && !(tahun < b.tahunIni && tw === 4) && o.opd.singkatan !== 'Kesbangpol';
  const lemah = x.f < 0.85;
  const [masalah, solusi] = (lemah && a.peluang(0.6)) || a.peluang(0.04) ? a.pilih(MASALAH) : ['', ''];
  b.tambah('realisasi', {
    id: idAlami.realisasi(x.ind.id, periode),
    updatedAt: waktu(
      tambahTanggal(akhirTriwulan(tahun, tw), { hari: a.int(5, 14) }),
      `${String(a.int(8, 16)).padStart(2, '0')}:${a.pilih(['05', '20', '35', '50'])}`,
    ),
    indikatorId: x.ind.id,
    opdId: o.opd.id,
    tahun,
    periode,
    nilai: tdi ? null : nilaiTriwulan(a, x, tw),
    tdi,
    alasanTdi: tdi ? a.pilih(ALASAN_TDI) : '',
    catatan: '',
    masalah,
    solusi,
    tindakLanjut: masalah && tw < 3 ? 'Telah dikoordinasikan dalam rakor monev triwulan berikutnya' : '',
  });
}

function buatRealisasiMilestone(b: Pembangun, o: OpdDemo, x: IndikatorDemo, tahun: number, m: PeriodeMilestone): void {
  const a = b.acak;
  const tw: Triwulan = m === '100H' ? 2 : m === '6B' ? 3 : 4;
  b.tambah('realisasi', {
    id: idAlami.realisasi(x.ind.id, m),
    updatedAt: waktu(tambahTanggal(jatuhTempoMilestone(`${tahun}-01-02`, m), { hari: 7 })),
    indikatorId: x.ind.id,
    opdId: o.opd.id,
    tahun,
    periode: m,
    nilai: x.t.agregasi === 'kumulatif' ? nilaiTriwulan(a, x, 1) * (tw - 1) : nilaiTriwulan(a, x, tw),
  });
}

/** Cumulative s.d. the quarter: the share of pagu spent grows through the year. */
function buatRealisasiAnggaran(b: Pembangun, o: OpdDemo, p: Program, tahun: number, tw: Triwulan): void {
  const a = b.acak;
  const porsi = Math.min(1, [0.14, 0.37, 0.61, 0.95][tw - 1]! * o.serap * a.antara(0.9, 1.08));
  const fisik = Math.min(100, Math.round(porsi * 100 * a.antara(0.95, 1.12) * 100) / 100);
  b.tambah('realisasiAnggaran', {
    id: idAlami.realisasiAnggaran(p.id, tw),
    updatedAt: waktu(tambahTanggal(akhirTriwulan(tahun, tw), { hari: a.int(5, 12) })),
    programId: p.id,
    opdId: o.opd.id,
    tahun,
    triwulan: tw,
    keuangan: Math.round((p.pagu * porsi) / 1000) * 1000,
    fisik,
  });
}

function buatLaporan(b: Pembangun, o: OpdDemo, tahun: number, tw: Triwulan, selesai: boolean): void {
  const a = b.acak;
  const status = selesai ? 'diverifikasi' : a.pilih(['diajukan', 'diajukan', 'diajukan', 'draft', 'draft'] as const);
  const [penghambat, tindak] = a.pilih(MASALAH);
  const tanggal = tambahTanggal(akhirTriwulan(tahun, tw), { hari: a.int(8, 15) });
  b.tambah('laporan', {
    id: idAlami.laporan(o.opd.id, tahun, tw),
    updatedAt: waktu(tanggal),
    opdId: o.opd.id,
    tahun,
    triwulan: tw,
    faktorPendorong: a.pilih([
      'Dukungan pimpinan dan koordinasi lintas perangkat daerah yang baik',
      'Ketersediaan anggaran sesuai jadwal dan pengadaan dimulai lebih awal',
      'Partisipasi aktif masyarakat dan pemerintah desa',
      'Pemanfaatan aplikasi untuk pemantauan kegiatan secara berkala',
    ]),
    faktorPenghambat: penghambat,
    tindakLanjut: tindak,
    status,
    diajukanPada: status === 'draft' ? null : waktu(tanggal, '15:00'),
    catatanVerifikasi: status === 'diverifikasi' ? 'Sesuai; data dukung lengkap' : '',
  });
}

function buatRakor(
  b: Pembangun,
  daftar: readonly OpdDemo[],
  tahunLalu: number,
  tahunIni: number,
  twIni: readonly Triwulan[],
  hariIni: string,
  sekda: Pejabat,
): void {
  const a = b.acak;
  const opdBiasa = daftar.filter((o) => o.bidang !== 'kepala-daerah');
  const jadwal: { tahun: number; tw: Triwulan; tanggal: string; status: 'selesai' | 'rencana' }[] = [
    { tahun: tahunLalu, tw: 4, tanggal: `${tahunIni}-01-2${a.int(0, 8)}`, status: 'selesai' },
  ];
  twIni.forEach((tw, i) => {
    const terakhir = i === twIni.length - 1;
    const tanggal = terakhir ? tambahTanggal(hariIni, { hari: 3 }) : tambahTanggal(akhirTriwulan(tahunIni, tw), { hari: a.int(18, 26) });
    jadwal.push({ tahun: tahunIni, tw, tanggal, status: terakhir ? 'rencana' : 'selesai' });
  });
  jadwal.forEach((j, n) => {
    const rakor = b.tambah('rakor', {
      id: idAlami.rakor(j.tahun, j.tw),
      updatedAt: waktu(j.status === 'rencana' ? hariIni : j.tanggal, '16:00'),
      tahun: j.tahun,
      triwulan: j.tw,
      nomor: `005/${a.int(100, 900)}/Bappeda/${j.tanggal.slice(0, 4)}`,
      tanggal: j.tanggal,
      tempat: a.pilih(['Ruang Rapat Utama Setda', 'Aula Bappeda', 'Pendopo Kabupaten']),
      pimpinan: sekda,
      peserta: opdBiasa.map((o) => ({ opdId: o.opd.id, hadir: j.status === 'selesai' && a.peluang(0.93), namaWakil: '' })),
      agenda: [
        'Pemaparan capaian kinerja dan realisasi anggaran',
        'Permasalahan dan solusi per perangkat daerah',
        'Tindak lanjut arahan rakor sebelumnya',
        'Arahan pimpinan',
      ],
      status: j.status,
      notulen:
        j.status === 'selesai' ? 'Rapat dibuka oleh Sekretaris Daerah. Perangkat daerah dengan capaian rendah diminta menyampaikan rencana percepatan.' : '',
    });
    if (j.status === 'selesai') buatArahan(b, rakor.id, opdBiasa, j.tanggal, hariIni, n === jadwal.length - 2);
  });
}

const URAIAN_ARAHAN = [
  'Percepat proses tender paket pekerjaan fisik agar kontrak ditandatangani bulan ini',
  'Mutakhirkan data realisasi kinerja dan unggah data dukung sebelum rakor berikutnya',
  'Koordinasikan penanganan stunting lintas perangkat daerah dengan kecamatan',
  'Tindak lanjuti rekomendasi BPK yang belum selesai',
  'Tingkatkan serapan anggaran; laporkan kendala kepada BPKPD',
  'Siapkan rencana aksi perbaikan untuk indikator dengan capaian di bawah 66 %',
  'Perbaiki kualitas layanan pengaduan LAPOR! agar diselesaikan paling lama 5 hari kerja',
] as const;

/**
 * Arahan of a rakor. The latest held rakor gets a mix (done, overdue, not yet due, one for every
 * OPD); older ones are all closed.
 */
function buatArahan(b: Pembangun, rakorId: string, opd: readonly OpdDemo[], tanggalRakor: string, hariIni: string, terbaru: boolean): void {
  const a = b.acak;
  const sasaran = a.acakUrutan(opd).slice(0, terbaru ? 8 : 4);
  const isi: { opdId: string | null; batas: string; status: string; tindak: string }[] = sasaran.map((o, i) => {
    if (!terbaru)
      return {
        opdId: o.opd.id,
        batas: tambahTanggal(tanggalRakor, { bulan: 1 }),
        status: a.peluang(0.85) ? 'selesai' : 'tidak-selesai',
        tindak: 'Sudah dilaksanakan',
      };
    const pola = [
      { batas: tambahTanggal(tanggalRakor, { bulan: 1 }), status: 'selesai', tindak: 'Sudah dilaksanakan dan dilaporkan' },
      { batas: tambahTanggal(tanggalRakor, { bulan: 1 }), status: 'selesai', tindak: 'Kontrak telah ditandatangani' },
      { batas: tambahTanggal(tanggalRakor, { bulan: 2 }), status: 'proses', tindak: 'Sedang berproses di UKPBJ' },
      { batas: tambahTanggal(tanggalRakor, { bulan: 2 }), status: 'baru', tindak: '' },
      { batas: tambahTanggal(hariIni, { hari: 20 }), status: 'proses', tindak: 'Rapat koordinasi teknis telah dijadwalkan' },
      { batas: tambahTanggal(hariIni, { hari: 30 }), status: 'baru', tindak: '' },
    ][i % 6]!;
    return { opdId: o.opd.id, ...pola };
  });
  if (terbaru) isi.push({ opdId: null, batas: tambahTanggal(tanggalRakor, { bulan: 2 }), status: 'proses', tindak: '' });
  isi.forEach((x, i) => {
    b.tambah('arahan', {
      id: b.id(`arahan:${rakorId}:${i}`),
      updatedAt: waktu(tanggalRakor, '16:30'),
      rakorId,
      opdId: x.opdId,
      uraian:
        x.opdId === null ? 'Seluruh perangkat daerah menyampaikan laporan triwulan tepat waktu melalui aplikasi' : URAIAN_ARAHAN[i % URAIAN_ARAHAN.length],
      batasWaktu: x.batas,
      status: x.status,
      tindakLanjut: x.tindak,
    });
  });
}

/** A person for a record of the officials' history (second random stream). */
function orangBaru(a: Acak, pangkat: string): { nama: string; nip: string; pangkat: string } {
  const depan = a.pilih(['', '', 'Drs. ', 'Ir. ', 'H. ', 'Hj. ']);
  const nama = `${depan}${a.pilih(NAMA_DEPAN)} ${a.pilih(NAMA_BELAKANG)}, ${a.pilih(GELAR_BELAKANG)}`;
  const lahir = `${a.int(1967, 1983)}${String(a.int(1, 12)).padStart(2, '0')}${String(a.int(1, 28)).padStart(2, '0')}`;
  const cpns = `${Number(lahir.slice(0, 4)) + a.int(23, 28)}${String(a.pilih([1, 3, 4, 12])).padStart(2, '0')}`;
  return { nama, nip: `${lahir}${cpns}${a.int(1, 2)}${String(a.int(1, 9)).padStart(3, '0')}`, pangkat };
}

/**
 * The officials over time (docs/domain/pejabat.md §Data): the kepala daerah (a Penjabat until the
 * elected Bupati took office in February of last year), a head per OPD with its TMT, and the cases
 * the rules must get right: a head who started mid-year (DLH), a long Plt after a head retired in
 * March (Diskominfo), a head change this year with a Plt in between (Dinsos), and an administrator
 * and a pengawas of Dinkes with their own PKs down the cascade.
 */
function buatPejabat(b: Pembangun, daftar: readonly OpdDemo[], bupati: Pejabat, tahunLalu: number, tahunIni: number): PejabatRecord[] {
  const a = b.acakPejabat;
  const hasil: PejabatRecord[] = [];
  const tambah = (label: string, isi: Record<string, unknown>) => {
    const r = b.tambah('pejabat', {
      id: b.id(`pejabat:${label}`),
      updatedAt: waktu(`${tahunLalu}-01-02`),
      penugasan: 'definitif',
      selesai: null,
      ...isi,
    }) as PejabatRecord;
    hasil.push(r);
    return r;
  };
  const tmtAcak = () => `${a.int(2019, 2023)}-${String(a.int(1, 12)).padStart(2, '0')}-0${a.int(1, 9)}`;
  for (const o of daftar) {
    const k = o.opd.kepala;
    const kode = o.opd.kode;
    if (o.bidang === 'kepala-daerah') {
      const pj = orangBaru(a, 'Pembina Utama Madya (IV/d)');
      tambah(`${kode}:pj`, {
        ...pj,
        jabatan: `Bupati ${NAMA_PEMDA}`,
        level: 'kepala-daerah',
        penugasan: 'pj',
        opdId: o.opd.id,
        tmt: `${tahunLalu - 1}-09-24`,
        selesai: `${tahunLalu}-02-19`,
        dasarPenugasan: `Keputusan Menteri Dalam Negeri Nomor 100.2.1.3-${a.int(4100, 4900)} Tahun ${tahunLalu - 1}`,
      });
      tambah(`${kode}:bupati`, {
        nama: bupati.nama,
        nip: '',
        pangkat: '',
        jabatan: `Bupati ${NAMA_PEMDA}`,
        level: 'kepala-daerah',
        opdId: o.opd.id,
        tmt: `${tahunLalu}-02-20`,
      });
      continue;
    }
    const level = o.bidang === 'kecamatan' ? 'administrator' : 'jpt-pratama';
    const jabatan = k.jabatan.replace(/^Plt\.\s*/, '');
    const dasar = { level, opdId: o.opd.id, jabatan };
    if (o.opd.singkatan === 'DLH') {
      tambah(`${kode}:lama`, { ...orangBaru(a, 'Pembina Utama Muda (IV/c)'), ...dasar, tmt: tmtAcak(), selesai: `${tahunLalu}-05-31` });
      tambah(`${kode}:kepala`, { ...k, ...dasar, tmt: `${tahunLalu}-06-02` });
    } else if (o.opd.singkatan === 'Diskominfo') {
      tambah(`${kode}:lama`, { ...orangBaru(a, 'Pembina Utama Muda (IV/c)'), ...dasar, tmt: tmtAcak(), selesai: `${tahunLalu}-03-02` });
      const plt = tambah(`${kode}:plt`, {
        ...k,
        pangkat: 'Pembina (IV/a)',
        ...dasar,
        penugasan: 'plt',
        tmt: `${tahunLalu}-03-03`,
        dasarPenugasan: `Surat Perintah Bupati Nomor 800.1.3/${a.int(100, 400)}/BKPSDM/${tahunLalu}`,
      });
      o.opd.kepala = salinanPejabat(plt);
    } else if (o.opd.singkatan === 'Dinsos') {
      tambah(`${kode}:kepala`, { ...k, ...dasar, tmt: tmtAcak(), selesai: `${tahunIni}-06-30` });
      tambah(`${kode}:plt`, {
        ...orangBaru(a, 'Pembina (IV/a)'),
        ...dasar,
        penugasan: 'plt',
        tmt: `${tahunIni}-07-01`,
        selesai: `${tahunIni}-09-30`,
        dasarPenugasan: `Surat Perintah Bupati Nomor 800.1.3/${a.int(401, 700)}/BKPSDM/${tahunIni}`,
      });
      const baru = tambah(`${kode}:baru`, {
        ...orangBaru(a, 'Pembina Tingkat I (IV/b)'),
        ...dasar,
        tmt: `${tahunIni}-10-01`,
        dasarPenugasan: `Keputusan Bupati Nomor 821.2/${a.int(100, 900)}/BKPSDM/${tahunIni}`,
      });
      o.opd.kepala = salinanPejabat(baru);
    } else {
      tambah(`${kode}:kepala`, {
        ...k,
        pangkat: k.pangkat || (level === 'administrator' ? 'Penata Tingkat I (III/d)' : 'Pembina (IV/a)'),
        ...dasar,
        tmt: tmtAcak(),
      });
    }
    if (o.opd.singkatan === 'Dinkes') {
      tambah(`${kode}:kabid`, {
        ...orangBaru(a, 'Pembina (IV/a)'),
        jabatan: 'Kepala Bidang Kesehatan Masyarakat',
        level: 'administrator',
        opdId: o.opd.id,
        tmt: '2023-03-01',
      });
      tambah(`${kode}:kasi`, {
        ...orangBaru(a, 'Penata Tingkat I (III/d)'),
        jabatan: 'Kepala Seksi Kesehatan Keluarga dan Gizi',
        level: 'pengawas',
        opdId: o.opd.id,
        tmt: '2022-07-01',
      });
    }
  }
  return hasil;
}

/**
 * Down the cascade (docs/domain/pejabat.md §PK): this year's PKs of the Kepala Bidang (with the
 * Kepala Dinas) and of the Kepala Seksi (with the Kepala Bidang) of Dinkes, each indicator
 * supporting one of the superior's.
 */
function buatPkBawahan(b: Pembangun, daftar: readonly OpdDemo[], pejabat: readonly PejabatRecord[], tahun: number): void {
  const o = daftar.find((x) => x.opd.singkatan === 'Dinkes');
  if (!o) return;
  const tanggal = `${tahun}-02-12`;
  const induk = b.data.pk.find((p) => p.opdId === o.opd.id && p.tahun === tahun && p.versi === 1);
  const kadis = kepalaOpdPada(pejabat, o.opd.id, tanggal);
  const kabid = pejabat.find((p) => p.opdId === o.opd.id && p.level === 'administrator');
  const kasi = pejabat.find((p) => p.opdId === o.opd.id && p.level === 'pengawas');
  if (!induk || !kadis || !kabid || !kasi) return;
  const indukInd = b.data.indikator.filter((i) => i.pkId === induk.id).slice(0, 3);
  const buat = (label: string, p1: PejabatRecord, p2: PejabatRecord, pkInduk: Pk, dukung: readonly Indikator[], uraian: string) => {
    const pkId = b.id(`pk:${o.opd.kode}:${tahun}:${label}`);
    const s = b.tambah('sasaran', { id: b.id(`sasaran:${label}:${tahun}`), updatedAt: waktu(tanggal), pkId, opdId: o.opd.id, uraian, urutan: 0 }) as Sasaran;
    const ind = dukung.map(
      (d, i) =>
        b.tambah('indikator', {
          ...d,
          id: b.id(`indikator:${label}:${tahun}:${i}`),
          updatedAt: waktu(tanggal),
          pkId,
          sasaranId: s.id,
          indikatorAsalId: null,
          urutan: i,
          mendukungId: d.id,
        }) as Indikator,
    );
    return b.tambah('pk', {
      id: pkId,
      updatedAt: waktu(tanggal, '10:00'),
      opdId: o.opd.id,
      tahun,
      versi: 1,
      nomorDokumen: `800/${label.toUpperCase()}/Dinkes/${tahun}`,
      tanggal,
      tanggalMulai: `${tahun}-01-02`,
      berlakuMulaiTriwulan: 1,
      status: 'ditandatangani',
      pihakPertama: salinanPejabat(p1),
      pihakKedua: salinanPejabat(p2),
      pihakPertamaId: p1.id,
      pihakKeduaId: p2.id,
      pkIndukId: pkInduk.id,
      ditandatanganiPada: waktu(tanggal, '10:00'),
      snapshot: snapshotPk(pkId, [s], ind, []),
    }) as Pk;
  };
  const pkKabid = buat('kabid-kesmas', kabid, kadis, induk, indukInd, 'Meningkatnya derajat kesehatan masyarakat melalui upaya promotif dan preventif');
  const indKabid = b.data.indikator.filter((i) => i.pkId === pkKabid.id).slice(0, 2);
  buat('kasi-kesga', kasi, kabid, pkKabid, indKabid, 'Meningkatnya pelayanan kesehatan keluarga dan perbaikan gizi');
}

/**
 * PP 11/2017 pasal 142 for last year, from the data (docs/domain/pejabat.md): only JPT definitif
 * with a signed PK are evaluated. Each result below the threshold is a proposal; for all but one
 * the PPK's decision (masa perbaikan, with decree number, date and who) has been recorded, the
 * last one still waits. Officials who met their PK or whose data is incomplete get no record.
 */
function buatEvaluasiPejabat(b: Pembangun, ambang: number, batasAtas: number, tahun: number, now: Date, namaBupati: string): void {
  const d = b.data;
  const indikatorById = new Map(d.indikator.map((i) => [i.id, i]));
  const realisasiByKey = new Map(d.realisasi.filter((r) => r.tahun === tahun).map((r) => [keyRealisasi(r.indikatorId, r.periode), r]));
  const usulan = d.pejabat
    .map((p) => ({ p, e: evaluasiTahunan({ pejabat: p, tahun, now, ambang, batasAtas, pk: d.pk, indikatorById, realisasiByKey }) }))
    .filter((x) => x.e.status === 'tidak-memenuhi' && x.e.dasar);
  usulan.forEach(({ p, e }, n) => {
    if (n === usulan.length - 1) return; // still a proposal: nobody decided yet
    const tanggal = `${tahun + 1}-02-${String(10 + n).padStart(2, '0')}`;
    b.tambah('evaluasiPejabat', {
      id: idAlami.evaluasiPejabat(p.id, tahun, 'tahunan'),
      updatedAt: waktu(tanggal, '14:00'),
      pejabatId: p.id,
      opdId: p.opdId,
      tahun,
      tahap: 'tahunan',
      hasil: e.status,
      usulan: e.usulan,
      dasar: e.dasar,
      keputusan: 'masa-perbaikan',
      nomorKeputusan: `800.1.6.4/${110 + n}/BKPSDM/${tahun + 1}`,
      tanggalKeputusan: tanggal,
      ditetapkanOleh: `Bupati ${NAMA_PEMDA} (${namaBupati})`,
      dicatatOleh: 'admin',
      dicatatPada: waktu(tanggal, '14:00'),
      catatan: 'Diberikan kesempatan memperbaiki kinerja selama 6 bulan; rencana aksi perbaikan disampaikan kepada BKPSDM.',
    });
  });
}

/**
 * Permendagri 4/2023: the Penjabat Bupati's quarterly evaluations over the term (docs/domain/
 * docs/domain/pejabat.md §Penjabat), each with the default indicator set, a task per indicator for its OPD,
 * the bahan accepted, and the report sent before its deadline.
 */
function buatEvaluasiPj(b: Pembangun, pejabat: readonly PejabatRecord[], daftar: readonly OpdDemo[], now: Date): void {
  const pj = pejabat.find((p) => p.penugasan === 'pj');
  if (!pj) return;
  const opd = daftar.map((o) => o.opd);
  for (const per of periodePj(pj, tanggalHariIni(now))) {
    const batasLaporan = batasLaporanBawaan(per.selesai);
    const indikator = indikatorPjBawaan(opd).map((i) => ({ ...i, capaian: `${i.uraian}: capaian periode ${per.ke} sesuai bahan perangkat daerah.` }));
    const e = b.tambah('evaluasiPj', {
      id: idAlami.evaluasiPj(pj.id, per.ke),
      updatedAt: waktu(batasLaporan),
      pejabatId: pj.id,
      ke: per.ke,
      mulai: per.mulai,
      selesai: per.selesai,
      batasLaporan,
      suratDasar: 'Surat Mendagri Nomor 800.1.14/575/IJ tanggal 27 Maret 2023 hal Penajaman Indikator Penilaian Penjabat Kepala Daerah',
      indikator,
      ringkasan: 'Realisasi APBD sesuai rencana kas; inflasi terkendali dalam rentang sasaran; prevalensi stunting menurun; tidak ada konflik sosial menonjol.',
      status: 'dilaporkan',
      dilaporkanPada: tambahTanggal(batasLaporan, { hari: -1 }),
    });
    for (const i of indikator) {
      if (!i.opdId) continue;
      b.tambah('tugasPj', {
        id: b.id(`tugasPj:${per.ke}:${i.kode}`),
        updatedAt: waktu(batasTugasBawaan(batasLaporan)),
        evaluasiPjId: e.id,
        opdId: i.opdId,
        kodeIndikator: i.kode,
        uraian: `Bahan evaluasi: ${i.uraian}`,
        batasWaktu: batasTugasBawaan(batasLaporan),
        status: 'diterima',
        bahan: `Data dan uraian capaian ${i.uraian.toLocaleLowerCase('id')} periode ${per.ke}, dengan data dukung.`,
        dikirimPada: waktu(tambahTanggal(batasTugasBawaan(batasLaporan), { hari: -1 })),
      });
    }
  }
}
