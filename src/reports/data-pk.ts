/**
 * The Perjanjian Kinerja document (Permenpan-RB 53/2014 forms: PK Pemda and the two-party PK) as plain data: the statement text,
 * the attachment tables and the signature block. Pure; pdf-pk.ts only draws what this returns, so
 * the wording and the numbers are unit-tested in node without a PDF.
 */
import {
  PERIODE_MILESTONE,
  type Indikator,
  type Opd,
  type Pejabat,
  type Pemda,
  type Pk,
  type Program,
  type Sasaran,
  type TargetNilai,
} from '../domain/schemas.ts';
import { formatRupiah, formatTanggal } from '../lib/format.ts';
import { formatTarget } from '../domain/target.ts';
import { bentukPk, formatNip } from '../domain/pejabat.ts';
import type { SnapshotPk } from '../domain/pk.ts';

export interface DataPkMasuk {
  pemda: Pemda | null;
  opd: Opd;
  pk: Pk;
  sasaran: Sasaran[];
  indikator: Indikator[];
  program: Program[];
}

export interface BarisSasaran {
  /** Numbering and sasaran text only on the first row of each sasaran (`rentang` = rows it spans). */
  no: string;
  sasaran: string;
  rentang: number;
  indikator: string;
  target: string;
  /** Milestone targets (100 hari, 6 bulan, 1 tahun from the PK's start), '-' when none; empty when the PK has none at all. */
  target100H: string;
  target6B: string;
  target1T: string;
}

export interface BarisProgram {
  no: string;
  program: string;
  anggaran: string;
  /** As entered (sumber dana, catatan); never a default. */
  keterangan: string;
}

export interface Penandatangan {
  /** 'PIHAK KEDUA'/'PIHAK PERTAMA' in the two-party form; null for the kepala daerah's own statement. */
  peran: 'PIHAK KEDUA' | 'PIHAK PERTAMA' | null;
  /** As printed above the name: "Plt. Kepala Dinas Sosial", "BUPATI SUKAMAJU". */
  jabatan: string;
  nama: string;
  pangkat: string;
  /** Printed form "19700101 199803 1 005", '' without NIP (an elected kepala daerah). */
  nip: string;
}

export interface DokumenPk {
  /** Permenpan-RB 53/2014: the kepala daerah's one-signatory statement, or the two-party form. */
  bentuk: 'pemda' | 'dua-pihak';
  perubahan: boolean;
  /** Not signed yet: printed with a "DRAF" watermark. */
  draf: boolean;
  judul: string[];
  nomor: string;
  pembuka: string;
  pihak: { nama: string; jabatan: string; sebutan: string }[];
  janji: string[];
  alasanPerubahan: string;
  tempatTanggal: string;
  /** One (pemda) or two (pihak kedua, pihak pertama) signature blocks. */
  tandaTangan: Penandatangan[];
  judulLampiran: string[];
  /** Whether the lampiran carries the milestone columns. */
  adaMilestone: boolean;
  barisSasaran: BarisSasaran[];
  barisProgram: BarisProgram[];
  totalAnggaran: string;
}

/** "85 %", "0,822 indeks", "10 – 20 hari", "≥ 85 %", "WTP": every digit as entered (docs/domain/target-capaian.md §Presisi); empty "-". */
export function teksTarget(t: TargetNilai | null | undefined, satuan: string): string {
  if (t === null || t === undefined) return '-';
  const nilai = formatTarget(t);
  return satuan ? `${nilai} ${satuan}` : nilai;
}

/** A record as the snapshot keeps it (no sync fields) or as stored. */
type Isi<T> = Omit<T, 'rev' | 'updatedAt' | 'updatedBy' | 'deleted'> & { deleted?: boolean };
const hidup = <T extends { deleted?: boolean }>(xs: readonly T[]) => xs.filter((x) => !x.deleted);
const urut = <T extends { urutan: number }>(xs: T[]) => [...xs].sort((a, b) => a.urutan - b.urutan);

export function namaPemda(pemda: Pemda | null): string {
  return pemda?.nama ?? 'Pemerintah Daerah';
}

function tempat(pemda: Pemda | null): string {
  if (pemda?.ibukota) return pemda.ibukota;
  return pemda?.nama.replace(/^(Kabupaten|Kota)\s+/i, '') ?? '';
}

/** "Pj. Bupati Sukamaju" → "Pj. BUPATI SUKAMAJU": the position in capitals, the Plt./Plh./Pj. prefix as written. */
export function jabatanKapital(jabatan: string): string {
  const m = /^((?:Plt|Plh|Pj)\.)\s*(.*)$/i.exec(jabatan);
  return m ? `${m[1]} ${m[2]!.toUpperCase()}` : jabatan.toUpperCase();
}

/** "PEMERINTAH KABUPATEN SUKAMAJU" from "Kabupaten Sukamaju". */
function pemerintah(pemda: Pemda | null): string {
  return `PEMERINTAH ${namaPemda(pemda)}`.toUpperCase().replace(/^PEMERINTAH PEMERINTAH /, 'PEMERINTAH ');
}

/**
 * Maps a PK and its children to the document (Permenpan-RB 53/2014 forms; docs/domain/pejabat.md §PK).
 * - The PK of the kepala daerah (OPD jenis 'kepala-daerah') is the PK Pemda: the kepala daerah's
 *   own statement with one signatory and no superior; an elected kepala daerah has no NIP line.
 * - Every other PK is the two-party form: pihak pertama and the superior as pihak kedua.
 * - Titles carry Plt./Plh./Pj. as stored on the parties; signature blocks print nama, pangkat and
 *   the NIP in its spaced form; an unsigned PK is a draft (watermarked); the lampiran carries the
 *   milestone targets when any indicator has them; keterangan prints as entered (else the sumber dana).
 * A signed PK prints from its frozen snapshot. Only the PK's own, non-deleted children are used.
 */
export function dokumenPk(d: DataPkMasuk): DokumenPk {
  const { pk, opd, pemda } = d;
  const bentuk = bentukPk(opd.jenis);
  const perubahan = pk.versi > 1;
  const draf = pk.status !== 'ditandatangani';
  const pemdaNama = namaPemda(pemda).toUpperCase();
  const judulPk = `${perubahan ? 'PERUBAHAN ' : ''}PERJANJIAN KINERJA TAHUN ${pk.tahun}`;
  const p1 = pk.pihakPertama;
  const p2 = pk.pihakKedua;
  const bawahan = Boolean(pk.pkIndukId);
  const judul =
    bentuk === 'pemda' ? [judulPk, pemerintah(pemda)] : [judulPk, ...(bawahan ? [p1.jabatan.toUpperCase()] : []), opd.nama.toUpperCase(), pemdaNama];

  const snap = pk.status === 'ditandatangani' ? (pk.snapshot as SnapshotPk | null) : null;
  const sumberSasaran: readonly Isi<Sasaran>[] = snap?.sasaran ?? d.sasaran;
  const sumberIndikator: readonly Isi<Indikator>[] = snap?.indikator ?? d.indikator;
  const sumberProgram: readonly Isi<Program>[] = snap?.program ?? d.program;
  const sasaran = urut(hidup(sumberSasaran).filter((s) => s.pkId === pk.id));
  const indikator = hidup(sumberIndikator).filter((i) => i.pkId === pk.id);
  const adaMilestone = indikator.some(
    (i) => i.targetMilestone && PERIODE_MILESTONE.some((m) => i.targetMilestone?.[m] !== null && i.targetMilestone?.[m] !== undefined),
  );
  const ms = (i: Isi<Indikator>, m: (typeof PERIODE_MILESTONE)[number]) => (adaMilestone ? teksTarget(i.targetMilestone?.[m] ?? null, i.satuan) : '');
  const barisSasaran: BarisSasaran[] = [];
  sasaran.forEach((s, si) => {
    const milik = urut(indikator.filter((i) => i.sasaranId === s.id));
    if (milik.length === 0) {
      const kosong = adaMilestone ? '-' : '';
      barisSasaran.push({
        no: String(si + 1),
        sasaran: s.uraian,
        rentang: 1,
        indikator: '-',
        target: '-',
        target100H: kosong,
        target6B: kosong,
        target1T: kosong,
      });
      return;
    }
    milik.forEach((ind, ii) => {
      barisSasaran.push({
        no: ii === 0 ? String(si + 1) : '',
        sasaran: ii === 0 ? s.uraian : '',
        rentang: ii === 0 ? milik.length : 0,
        indikator: ind.uraian,
        target: teksTarget(ind.targetTahunan, ind.satuan),
        target100H: ms(ind, '100H'),
        target6B: ms(ind, '6B'),
        target1T: ms(ind, '1T'),
      });
    });
  });
  const program = urut(hidup(sumberProgram).filter((p) => p.pkId === pk.id));
  const barisProgram = program.map((p, i) => ({
    no: String(i + 1),
    program: p.kode ? `${p.kode} ${p.nama}` : p.nama,
    anggaran: formatRupiah(p.pagu),
    // As entered: the keterangan, else the sumber dana the programme was imported with (never a default).
    keterangan: p.keterangan.trim() || p.sumberDana.trim(),
  }));
  const total = program.reduce((s, p) => s + p.pagu, 0);
  const ttd = (p: Pejabat, peran: Penandatangan['peran']): Penandatangan => ({
    peran,
    jabatan: p.jabatan,
    nama: p.nama,
    pangkat: p.pangkat,
    nip: p.nip ? formatNip(p.nip) : '',
  });

  const dasar = {
    bentuk,
    perubahan,
    draf,
    judul,
    nomor: pk.nomorDokumen,
    alasanPerubahan: perubahan
      ? `Perjanjian kinerja ini merupakan perubahan (versi ${pk.versi}) yang berlaku mulai Triwulan ${['I', 'II', 'III', 'IV'][pk.berlakuMulaiTriwulan - 1]} Tahun ${pk.tahun}, dengan alasan: ${pk.alasanPerubahan || '-'}`
      : '',
    tempatTanggal: `${tempat(pemda)}, ${formatTanggal(pk.tanggal)}`,
    adaMilestone,
    barisSasaran,
    barisProgram,
    totalAnggaran: formatRupiah(total),
  };
  if (bentuk === 'pemda') {
    return {
      ...dasar,
      pembuka:
        'Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta berorientasi pada hasil, yang bertanda tangan di bawah ini:',
      pihak: [{ nama: p1.nama, jabatan: p1.jabatan, sebutan: '' }],
      janji: [
        'berjanji akan mewujudkan target kinerja tahunan sesuai lampiran perjanjian ini dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab saya.',
      ],
      tandaTangan: [{ ...ttd(p1, null), jabatan: `${jabatanKapital(p1.jabatan)},` }],
      judulLampiran: [judulPk, pemerintah(pemda)],
    };
  }
  return {
    ...dasar,
    pembuka:
      'Dalam rangka mewujudkan manajemen pemerintahan yang efektif, transparan, dan akuntabel serta berorientasi pada hasil, kami yang bertanda tangan di bawah ini:',
    pihak: [
      { nama: p1.nama, jabatan: p1.jabatan, sebutan: 'selanjutnya disebut pihak pertama.' },
      { nama: p2.nama, jabatan: p2.jabatan, sebutan: 'selaku atasan pihak pertama, selanjutnya disebut pihak kedua.' },
    ],
    janji: [
      `Pihak pertama berjanji akan mewujudkan target kinerja yang seharusnya sesuai lampiran perjanjian ini, dalam rangka mencapai target kinerja jangka menengah seperti yang telah ditetapkan dalam dokumen perencanaan. Keberhasilan dan kegagalan pencapaian target kinerja tersebut menjadi tanggung jawab kami.`,
      `Pihak kedua akan melakukan supervisi yang diperlukan serta akan melakukan evaluasi terhadap capaian kinerja dari perjanjian ini dan mengambil tindakan yang diperlukan dalam rangka pemberian penghargaan dan sanksi.`,
    ],
    tandaTangan: [ttd(p2, 'PIHAK KEDUA'), ttd(p1, 'PIHAK PERTAMA')],
    judulLampiran: [judulPk, ...(bawahan ? [p1.jabatan.toUpperCase()] : []), opd.nama.toUpperCase()],
  };
}

/** "19700101 199803 1 005" → "NIP. 19700101 199803 1 005"; officials without NIP (an elected Bupati) get no NIP line. */
export function barisNip(nip: string): string {
  return nip ? `NIP. ${formatNip(nip)}` : '';
}
