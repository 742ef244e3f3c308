/**
 * The Ringkasan Rakor Monev report as plain data (tables of strings, colours, headings): pure, so
 * the numbers and wording are unit-tested in node; pdf-rakor.ts only draws what this returns.
 */
import type { Arahan, BuktiDukung, Opd, Pemda, Rakor, TindakLanjutArahan } from '../domain/schemas.ts';
import { idAlami } from '../domain/schemas.ts';
import { LABEL_KEADAAN, SKOR_DESIMAL, teksAturanSkor, type KeadaanOpd, type Ringkasan } from '../domain/ringkasan.ts';
import { LABEL_DEVIASI_FISIK, predikatKode, type KodePredikat } from '../domain/capaian.ts';
import { keadaanArahan } from '../domain/arahan.ts';
import { formatAngka, formatPersen, formatRupiah, formatTanggal, namaTriwulan } from '../lib/format.ts';
import { LABEL_STATUS_ARAHAN, arahanRakor, penanggungJawab, tindakLanjutSebelumnya } from './arahan.ts';
import { namaPemda } from './data-pk.ts';

export interface DataRakorMasuk {
  pemda: Pemda | null;
  rakor: Rakor;
  ringkasan: Ringkasan;
  opd: Opd[];
  /** All arahan (of every rakor); the report picks this meeting's and the open ones of earlier meetings. */
  arahan: Arahan[];
  /** Follow-up per addressee (derives each arahan's status); absent → the arahan's own status. */
  tindakLanjutArahan?: TindakLanjutArahan[];
  /** Every rakor (earlier meetings' open arahan are followed up); absent → only `rakorSebelumnya`. */
  semuaRakor?: Rakor[];
  rakorSebelumnya: Rakor | null;
  /** Today, YYYY-MM-DD (decides which arahan are overdue). */
  hariIni: string;
  /** Evidence records (issue 15): listed per indicator by name and status, never the images. */
  buktiDukung?: BuktiDukung[];
}

/** Printed words of a piece of evidence's verification (docs/bukti-dukung.md "Verifikasi"). */
export const LABEL_STATUS_BUKTI: Record<BuktiDukung['status'], string> = {
  menunggu: 'Menunggu verifikasi',
  diterima: 'Diterima',
  perbaikan: 'Perlu perbaikan',
};

/** The evidence of one OPD's realisasi of the quarter: [Indikator, Berkas, Status] rows. */
export interface BlokBukti {
  opd: string;
  ringkas: string;
  baris: [indikator: string, berkas: string, status: string][];
}

export interface BarisOpdPdf {
  sel: [no: string, opd: string, keadaan: string, kelengkapan: string, capaian: string, predikat: string, serapan: string, fisik: string, tdi: string];
  keadaan: KeadaanOpd;
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
  /** Evidence per OPD and indicator (names and status), OPDs without any left out. */
  bukti: BlokBukti[];
  /** [No, Arahan, Penanggung jawab, Batas waktu, Status] */
  arahan: string[][];
  /** [No, Arahan, PJ, Batas waktu, Status, Tindak lanjut]; `lewat` rows are highlighted. */
  tindakLanjut: { sel: string[]; lewat: boolean }[];
  judulTindakLanjut: string;
  /** The same, per earlier meeting with its counts (every still-open arahan, not only the last meeting's). */
  tindakLanjutPerRakor: { judul: string; ringkas: string; baris: { sel: string[]; lewat: boolean }[] }[];
  /** How every score is built (printed under the OPD table). */
  catatanSkor: string;
  agenda: string[];
  notulen: string;
  /** [No, Perangkat daerah, Kehadiran, Wakil] */
  kehadiran: string[][];
  ringkasHadir: string;
  tandaTangan: { atas: string[]; nama: string; nip: string };
  tempatTanggal: string;
  kaki: string;
}

export const persenAtauStrip = (n: number | null) => (n === null ? '-' : formatPersen(n));
/** A score exactly as graded: SKOR_DESIMAL decimals (docs/domain/rakor.md §Skor). */
export const skorAtauStrip = (n: number | null) => (n === null ? '-' : formatPersen(n, SKOR_DESIMAL));

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
      LABEL_KEADAAN[o.keadaan],
      o.pk ? `${formatAngka(o.jumlahTerisi)}/${formatAngka(o.jumlahJatuhTempo)}` : '-',
      skorAtauStrip(o.capaian),
      o.predikat.label,
      persenAtauStrip(o.serapan),
      persenAtauStrip(o.fisik),
      String(o.jumlahTdi),
    ],
    keadaan: o.keadaan,
    warna: o.predikat.warna,
    warnaTeks: o.predikat.warnaTeks,
  }));

  const masalah: BlokMasalah[] = r.opd
    .filter((o) => o.masalah.length > 0 || o.tdi.length > 0)
    .map((o) => ({
      opd: o.nama,
      capaian: `${skorAtauStrip(o.capaian)} (${o.predikat.label})`,
      butir: o.masalah.map((m) => ({ indikator: m.indikator, masalah: m.masalah, solusi: m.solusi || '-' })),
      dibawahTarget: o.dibawahTarget.slice(0, 5).map((x) => `${x.uraian}: ${persenAtauStrip(x.capaian)}${x.labelTarget ? ` (${x.labelTarget})` : ''}`),
      tdi: o.tdi.map((x) => `${x.uraian} (TDI: ${x.alasan})`),
    }));

  // Evidence of the quarter's realisasi, per indicator in PK order (issue 15 point 5).
  const buktiPerRecord = new Map<string, BuktiDukung[]>();
  for (const b of d.buktiDukung ?? []) {
    if (b.deleted || b.tabel !== 'realisasi') continue;
    buktiPerRecord.set(b.recordId, [...(buktiPerRecord.get(b.recordId) ?? []), b]);
  }
  const bukti: BlokBukti[] = r.opd
    .map((o) => ({
      opd: o.nama,
      ringkas: `${formatAngka(o.jumlahBerbukti)} dari ${formatAngka(o.jumlahTerisi)} realisasi terisi dengan bukti diterima`,
      baris: o.caraHitung.flatMap((c) =>
        (buktiPerRecord.get(idAlami.realisasi(c.indikatorId, `TW${rakor.triwulan}` as 'TW1')) ?? [])
          .sort((a, b) => a.nama.localeCompare(b.nama, 'id'))
          .map((b): [string, string, string] => [c.uraian, b.nama, `${LABEL_STATUS_BUKTI[b.status]}${b.catatanVerifikasi ? `: ${b.catatanVerifikasi}` : ''}`]),
      ),
    }))
    .filter((b) => b.baris.length > 0);

  const arahanIni = arahanRakor(d.arahan, rakor.id, d.hariIni);
  const arahan = arahanIni.map((a, i) => [String(i + 1), a.uraian, penanggungJawab(a, opdById), formatTanggal(a.batasWaktu), LABEL_STATUS_ARAHAN[a.status]]);
  const tl = d.tindakLanjutArahan ?? [];
  const keadaan = (a: Arahan) => keadaanArahan(a, d.opd, tl);
  const semuaRakor = d.semuaRakor ?? (d.rakorSebelumnya ? [d.rakorSebelumnya, rakor] : [rakor]);
  const kelompok = tindakLanjutSebelumnya(semuaRakor, rakor, d.arahan, d.hariIni, (a) => keadaan(a).status);
  /** Follow-up text: one line per addressee that reported, "SKPD: status — text". */
  const teksTl = (a: Arahan): string => {
    const k = keadaan(a);
    if (a.opdId !== null && k.per.length === 1) return k.per[0]!.uraian || '-';
    const ada = k.per.filter((p) => p.uraian || p.status !== 'baru');
    const belum = k.per.length - k.per.filter((p) => p.status === 'selesai' || p.status === 'tidak-selesai').length;
    const baris = ada.map((p) => `${opdById.get(p.opdId)?.singkatan ?? '?'}: ${LABEL_STATUS_ARAHAN[p.status]}${p.uraian ? ` - ${p.uraian}` : ''}`);
    return [...baris, `${belum} dari ${k.per.length} perangkat daerah belum selesai`].join('\n');
  };
  let no = 0;
  const tindakLanjutPerRakor = kelompok.map((k) => ({
    judul: `Rakor ${namaTriwulan(k.rakor.triwulan)} ${k.rakor.tahun} (${formatTanggal(k.rakor.tanggal)})`,
    ringkas: `${formatAngka(k.jumlah)} arahan: ${formatAngka(k.selesai)} selesai, ${formatAngka(k.terbuka)} terbuka, ${formatAngka(k.lewat)} lewat batas waktu`,
    baris: k.arahan.map((x) => ({
      sel: [
        String(++no),
        x.arahan.uraian,
        penanggungJawab(x.arahan, opdById),
        formatTanggal(x.arahan.batasWaktu),
        x.lewat ? `${LABEL_STATUS_ARAHAN[x.status]} (LEWAT BATAS)` : LABEL_STATUS_ARAHAN[x.status],
        teksTl(x.arahan),
      ],
      lewat: x.lewat,
    })),
  }));
  const tindakLanjut = tindakLanjutPerRakor.flatMap((k) => k.baris);

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
    judul: ['RINGKASAN RAPAT KOORDINASI MONITORING DAN EVALUASI', `CAPAIAN KINERJA ${tw.toUpperCase()} TAHUN ${rakor.tahun}`, pemdaNama.toUpperCase()],
    fakta: [
      ...(rakor.nomor ? [['Nomor', rakor.nomor] as [string, string]] : []),
      ['Hari/Tanggal', hariTanggal(rakor.tanggal)],
      ['Tempat', rakor.tempat],
      ['Pimpinan rapat', `${rakor.pimpinan.nama}, ${rakor.pimpinan.jabatan}`],
      ['Periode dibahas', `${tw} Tahun ${rakor.tahun}`],
      ['Kehadiran', dicatat ? `${hadir} dari ${peserta.length} perangkat daerah hadir` : 'Belum dicatat'],
    ],
    ikhtisar: [
      ['Rata-rata capaian kinerja', `${skorAtauStrip(t.rataCapaian)} (${t.predikat.label})`],
      ['Sebaran predikat', perPredikat || '-'],
      [
        'Perangkat daerah / indikator',
        `${formatAngka(t.jumlahOpd)} perangkat daerah dan kecamatan${t.jumlahKepalaDaerah ? ` + ${formatAngka(t.jumlahKepalaDaerah)} PK kepala daerah (${formatAngka(r.opd.length)} baris tabel)` : ''}, ${formatAngka(t.jumlahIndikator)} indikator`,
      ],
      ['Keadaan pengisian', (Object.keys(LABEL_KEADAAN) as KeadaanOpd[]).map((k) => `${LABEL_KEADAAN[k]} ${formatAngka(t.jumlahPerKeadaan[k])}`).join(', ')],
      ['Kelengkapan data', `${formatAngka(t.jumlahTerisi)} dari ${formatAngka(t.jumlahJatuhTempo)} indikator jatuh tempo terisi`],
      ['Indikator TDI', formatAngka(t.jumlahTdi)],
      ['Serapan anggaran', `${persenAtauStrip(t.serapan)} (${formatRupiah(t.realisasiKeuangan)} dari ${formatRupiah(t.pagu)})`],
      ['Realisasi fisik', persenAtauStrip(t.fisik)],
      ['Arahan rapat ini', formatAngka(arahanIni.length)],
      ...kelompok.map((k): [string, string] => [
        `Arahan rakor ${namaTriwulan(k.rakor.triwulan)} ${k.rakor.tahun}`,
        `${formatAngka(k.jumlah)} arahan: ${formatAngka(k.selesai)} selesai, ${formatAngka(k.terbuka)} terbuka, ${formatAngka(k.lewat)} lewat batas waktu`,
      ]),
      ['Seluruh arahan terbuka / lewat batas waktu', `${formatAngka(t.arahanTerbuka)} / ${formatAngka(t.arahanLewat)}`],
    ],
    barisOpd,
    masalah,
    bukti,
    arahan,
    tindakLanjut,
    judulTindakLanjut: 'Tindak lanjut arahan rakor sebelumnya',
    tindakLanjutPerRakor,
    catatanSkor: `${teksAturanSkor(r.aturan)} ${LABEL_DEVIASI_FISIK}; fisik = realisasi fisik s.d. triwulan, tertimbang pagu.`,
    agenda: rakor.agenda,
    notulen: rakor.notulen,
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
