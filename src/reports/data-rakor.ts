/**
 * The Ringkasan Rakor Monev report as plain data (tables of strings, colours, headings): pure, so
 * the numbers and wording are unit-tested in node; pdf-rakor.ts only draws what this returns.
 */
import type { Arahan, Opd, Pemda, Rakor } from '../domain/schemas.ts';
import type { Ringkasan } from '../domain/ringkasan.ts';
import { predikatKode, type KodePredikat } from '../domain/capaian.ts';
import { formatAngka, formatPersen, formatRupiah, formatTanggal, namaTriwulan } from '../lib/format.ts';
import { LABEL_STATUS_ARAHAN, arahanLewat, arahanRakor, penanggungJawab } from './arahan.ts';
import { namaPemda } from './data-pk.ts';

export interface DataRakorMasuk {
  pemda: Pemda | null;
  rakor: Rakor;
  ringkasan: Ringkasan;
  opd: Opd[];
  /** All arahan (of every rakor); the report picks this meeting's and the previous one's. */
  arahan: Arahan[];
  rakorSebelumnya: Rakor | null;
  /** Today, YYYY-MM-DD (decides which arahan are overdue). */
  hariIni: string;
}

export interface BarisOpdPdf {
  sel: [no: string, opd: string, capaian: string, predikat: string, serapan: string, fisik: string, tdi: string];
  warna: string;
  warnaTeks: string;
}

export interface BlokMasalah {
  opd: string;
  capaian: string;
  butir: { indikator: string; masalah: string; solusi: string }[];
  dibawahTarget: string[];
  tdi: string[];
}

export interface LaporanRakor {
  judul: string[];
  fakta: [string, string][];
  ikhtisar: [string, string][];
  barisOpd: BarisOpdPdf[];
  masalah: BlokMasalah[];
  /** [No, Arahan, Penanggung jawab, Batas waktu, Status] */
  arahan: string[][];
  /** [No, Arahan, PJ, Batas waktu, Status, Tindak lanjut]; `lewat` rows are highlighted. */
  tindakLanjut: { sel: string[]; lewat: boolean }[];
  judulTindakLanjut: string;
  /** [No, Perangkat daerah, Kehadiran, Wakil] */
  kehadiran: string[][];
  ringkasHadir: string;
  tandaTangan: { atas: string[]; nama: string; nip: string };
  tempatTanggal: string;
  kaki: string;
}

export const persenAtauStrip = (n: number | null) => (n === null ? '-' : formatPersen(n));

/** Maps the summary and the meeting's records to the report's text and tables. */
export function laporanRakor(d: DataRakorMasuk): LaporanRakor {
  const { rakor, ringkasan: r, pemda } = d;
  const opdById = new Map(d.opd.map((o) => [o.id, o]));
  const tw = namaTriwulan(rakor.triwulan);
  const t = r.total;
  const perPredikat = Object.entries(t.jumlahPerPredikat)
    .filter(([, n]) => n > 0)
    .map(([kode, n]) => `${predikatKode(kode as KodePredikat).label} ${n}`)
    .join(', ');

  const barisOpd: BarisOpdPdf[] = r.opd.map((o, i) => ({
    sel: [
      String(i + 1),
      o.nama,
      persenAtauStrip(o.capaian),
      o.predikat.label,
      persenAtauStrip(o.serapan),
      persenAtauStrip(o.fisik),
      String(o.jumlahTdi),
    ],
    warna: o.predikat.warna,
    warnaTeks: o.predikat.warnaTeks,
  }));

  const masalah: BlokMasalah[] = r.opd
    .filter((o) => o.masalah.length > 0 || o.tdi.length > 0)
    .map((o) => ({
      opd: o.nama,
      capaian: `${persenAtauStrip(o.capaian)} (${o.predikat.label})`,
      butir: o.masalah.map((m) => ({ indikator: m.indikator, masalah: m.masalah, solusi: m.solusi || '-' })),
      dibawahTarget: o.dibawahTarget.slice(0, 5).map((x) => `${x.uraian}: ${persenAtauStrip(x.capaian)}${x.labelTarget ? ` (${x.labelTarget})` : ''}`),
      tdi: o.tdi.map((x) => `${x.uraian} (TDI: ${x.alasan})`),
    }));

  const arahanIni = arahanRakor(d.arahan, rakor.id, d.hariIni);
  const arahan = arahanIni.map((a, i) => [
    String(i + 1),
    a.uraian,
    penanggungJawab(a, opdById),
    formatTanggal(a.batasWaktu),
    LABEL_STATUS_ARAHAN[a.status],
  ]);
  const sebelumnya = d.rakorSebelumnya ? arahanRakor(d.arahan, d.rakorSebelumnya.id, d.hariIni) : [];
  const tindakLanjut = sebelumnya.map((a, i) => {
    const lewat = arahanLewat(a, d.hariIni);
    return {
      sel: [
        String(i + 1),
        a.uraian,
        penanggungJawab(a, opdById),
        formatTanggal(a.batasWaktu),
        lewat ? `${LABEL_STATUS_ARAHAN[a.status]} (LEWAT BATAS)` : LABEL_STATUS_ARAHAN[a.status],
        a.tindakLanjut || '-',
      ],
      lewat,
    };
  });

  const hadir = rakor.peserta.filter((p) => p.hadir).length;
  // A meeting not yet marked as held with nobody ticked present has no attendance yet: listing
  // every OPD as "Tidak hadir" would misreport it.
  const dicatat = rakor.peserta.length > 0 && (hadir > 0 || rakor.status === 'selesai');
  const peserta = dicatat ? rakor.peserta : [];
  const kehadiran = peserta.map((p, i) => [
    String(i + 1),
    opdById.get(p.opdId)?.nama ?? 'Perangkat daerah tidak dikenal',
    p.hadir ? 'Hadir' : 'Tidak hadir',
    p.namaWakil || '-',
  ]);

  const pemdaNama = namaPemda(pemda);
  const kota = pemda?.ibukota || pemdaNama.replace(/^(Kabupaten|Kota)\s+/i, '');
  return {
    judul: [
      'RINGKASAN RAPAT KOORDINASI MONITORING DAN EVALUASI',
      `CAPAIAN KINERJA ${tw.toUpperCase()} TAHUN ${rakor.tahun}`,
      pemdaNama.toUpperCase(),
    ],
    fakta: [
      ...(rakor.nomor ? [['Nomor', rakor.nomor] as [string, string]] : []),
      ['Hari/Tanggal', hariTanggal(rakor.tanggal)],
      ['Tempat', rakor.tempat],
      ['Pimpinan rapat', `${rakor.pimpinan.nama}, ${rakor.pimpinan.jabatan}`],
      ['Periode dibahas', `${tw} Tahun ${rakor.tahun}`],
      ['Kehadiran', dicatat ? `${hadir} dari ${peserta.length} perangkat daerah hadir` : 'Belum dicatat'],
    ],
    ikhtisar: [
      ['Rata-rata capaian kinerja', `${persenAtauStrip(t.rataCapaian)} (${t.predikat.label})`],
      ['Sebaran predikat', perPredikat || '-'],
      ['Perangkat daerah / indikator', `${formatAngka(t.jumlahOpd)} perangkat daerah, ${formatAngka(t.jumlahIndikator)} indikator`],
      ['Indikator TDI', formatAngka(t.jumlahTdi)],
      ['Serapan anggaran', `${persenAtauStrip(t.serapan)} (${formatRupiah(t.realisasiKeuangan)} dari ${formatRupiah(t.pagu)})`],
      ['Realisasi fisik', persenAtauStrip(t.fisik)],
      ['Arahan terbuka / lewat batas waktu', `${formatAngka(t.arahanTerbuka)} / ${formatAngka(t.arahanLewat)}`],
    ],
    barisOpd,
    masalah,
    arahan,
    tindakLanjut,
    judulTindakLanjut: d.rakorSebelumnya
      ? `Tindak lanjut arahan rakor ${namaTriwulan(d.rakorSebelumnya.triwulan)} ${d.rakorSebelumnya.tahun} (${formatTanggal(d.rakorSebelumnya.tanggal)})`
      : 'Tindak lanjut arahan rakor sebelumnya',
    kehadiran,
    ringkasHadir: dicatat ? `${hadir} dari ${peserta.length} hadir` : 'belum dicatat',
    tandaTangan: {
      atas: ['Pimpinan Rapat,', rakor.pimpinan.jabatan],
      nama: rakor.pimpinan.nama,
      nip: rakor.pimpinan.nip,
    },
    tempatTanggal: `${kota}, ${formatTanggal(rakor.tanggal)}`,
    kaki: `Ringkasan Rakor Monev ${tw} ${rakor.tahun} — ${pemdaNama}`,
  };
}

const HARI = ['Minggu', 'Senin', 'Selasa', 'Rabu', 'Kamis', 'Jumat', 'Sabtu'];

/** "Senin, 23 November 2026" (the weekday of a calendar date, independent of time zones). */
export function hariTanggal(tanggal: string): string {
  const [y, m, d] = tanggal.split('-').map(Number) as [number, number, number];
  const hari = HARI[new Date(Date.UTC(y, m - 1, d)).getUTCDay()];
  return `${hari}, ${formatTanggal(tanggal)}`;
}
