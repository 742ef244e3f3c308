/**
 * The Perjanjian Kinerja document (Permenpan-RB 53/2014 form) as plain data: the statement text,
 * the attachment tables and the signature block. Pure; pdf-pk.ts only draws what this returns, so
 * the wording and the numbers are unit-tested in node without a PDF.
 */
import type { Indikator, Opd, Pemda, Pk, Program, Sasaran, TargetNilai } from '../domain/schemas.ts';
import { formatRupiah, formatTanggal } from '../lib/format.ts';
import { formatTarget } from '../domain/target.ts';

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
}

export interface BarisProgram {
  no: string;
  program: string;
  anggaran: string;
  keterangan: string;
}

export interface Penandatangan {
  peran: 'PIHAK KEDUA' | 'PIHAK PERTAMA';
  jabatan: string;
  nama: string;
  nip: string;
}

export interface DokumenPk {
  perubahan: boolean;
  judul: string[];
  nomor: string;
  pembuka: string;
  pihak: { nama: string; jabatan: string; sebutan: string }[];
  janji: string[];
  alasanPerubahan: string;
  tempatTanggal: string;
  tandaTangan: [Penandatangan, Penandatangan];
  judulLampiran: string[];
  barisSasaran: BarisSasaran[];
  barisProgram: BarisProgram[];
  totalAnggaran: string;
}

/**
 * "85 %", "0,822 indeks", "10 – 20 hari", "≥ 85 %", "WTP"; every digit as entered
 * (docs/domain/target-capaian.md §Presisi). An empty target shows as "-".
 */
export function teksTarget(t: TargetNilai | null, satuan: string): string {
  if (t === null) return '-';
  const nilai = formatTarget(t);
  return satuan ? `${nilai} ${satuan}` : nilai;
}

const hidup = <T extends { deleted: boolean }>(xs: readonly T[]) => xs.filter((x) => !x.deleted);
const urut = <T extends { urutan: number }>(xs: T[]) => [...xs].sort((a, b) => a.urutan - b.urutan);

export function namaPemda(pemda: Pemda | null): string {
  return pemda?.nama ?? 'Pemerintah Daerah';
}

function tempat(pemda: Pemda | null): string {
  if (pemda?.ibukota) return pemda.ibukota;
  return pemda?.nama.replace(/^(Kabupaten|Kota)\s+/i, '') ?? '';
}

/** Maps a PK and its children (only those of this PK, not deleted) to the document. */
export function dokumenPk(d: DataPkMasuk): DokumenPk {
  const { pk, opd, pemda } = d;
  const perubahan = pk.versi > 1;
  const pemdaNama = namaPemda(pemda).toUpperCase();
  const judul = [
    `${perubahan ? 'PERUBAHAN ' : ''}PERJANJIAN KINERJA TAHUN ${pk.tahun}`,
    opd.nama.toUpperCase(),
    pemdaNama,
  ];
  const sasaran = urut(hidup(d.sasaran).filter((s) => s.pkId === pk.id));
  const indikator = hidup(d.indikator).filter((i) => i.pkId === pk.id);
  const barisSasaran: BarisSasaran[] = [];
  sasaran.forEach((s, si) => {
    const milik = urut(indikator.filter((i) => i.sasaranId === s.id));
    if (milik.length === 0) {
      barisSasaran.push({ no: String(si + 1), sasaran: s.uraian, rentang: 1, indikator: '-', target: '-' });
      return;
    }
    milik.forEach((ind, ii) => {
      barisSasaran.push({
        no: ii === 0 ? String(si + 1) : '',
        sasaran: ii === 0 ? s.uraian : '',
        rentang: ii === 0 ? milik.length : 0,
        indikator: ind.uraian,
        target: teksTarget(ind.targetTahunan, ind.satuan),
      });
    });
  });
  const program = urut(hidup(d.program).filter((p) => p.pkId === pk.id));
  const barisProgram = program.map((p, i) => ({
    no: String(i + 1),
    program: p.kode ? `${p.kode} ${p.nama}` : p.nama,
    anggaran: formatRupiah(p.pagu),
    // Sumber dana as published ("APBD, DAK"; docs/import.md §Program), else the note, else APBD.
    keterangan: p.sumberDana || p.keterangan || 'APBD',
  }));
  const total = program.reduce((s, p) => s + p.pagu, 0);

  const p1 = pk.pihakPertama;
  const p2 = pk.pihakKedua;
  return {
    perubahan,
    judul,
    nomor: pk.nomorDokumen,
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
    alasanPerubahan: perubahan
      ? `Perjanjian kinerja ini merupakan perubahan (versi ${pk.versi}) yang berlaku mulai Triwulan ${['I', 'II', 'III', 'IV'][pk.berlakuMulaiTriwulan - 1]} Tahun ${pk.tahun}, dengan alasan: ${pk.alasanPerubahan || '-'}`
      : '',
    tempatTanggal: `${tempat(pemda)}, ${formatTanggal(pk.tanggal)}`,
    tandaTangan: [
      { peran: 'PIHAK KEDUA', jabatan: p2.jabatan, nama: p2.nama, nip: p2.nip },
      { peran: 'PIHAK PERTAMA', jabatan: p1.jabatan, nama: p1.nama, nip: p1.nip },
    ],
    judulLampiran: [
      `${perubahan ? 'PERUBAHAN ' : ''}PERJANJIAN KINERJA TAHUN ${pk.tahun}`,
      opd.nama.toUpperCase(),
    ],
    barisSasaran,
    barisProgram,
    totalAnggaran: formatRupiah(total),
  };
}

/** "1986…" → "NIP. 1986…"; officials without NIP (a Bupati) get no NIP line. */
export function barisNip(nip: string): string {
  return nip ? `NIP. ${nip}` : '';
}
