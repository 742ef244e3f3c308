/**
 * The compiled report of one quarterly evaluation period of a Penjabat kepala daerah
 * (Permendagri 4/2023; PP 6/2005 pasal 132 ayat (5)–(6): reported to the Minister at least every
 * three months) as plain data: identity of the Pj, the period and deadline, the letter that set
 * the indicators, per aspect each indicator with its key point and the bahan the OPDs supplied, the
 * summary, and what is still missing. Pure; pdf-pj.ts only draws it. docs/domain/pejabat.md §Penjabat.
 */
import type { EvaluasiPj, Opd, PejabatRecord, Pemda, TugasPj } from '../domain/schemas.ts';
import { LABEL_ASPEK, rekapPj } from '../domain/penjabat.ts';
import { formatNip, sebutanJabatan } from '../domain/pejabat.ts';
import { formatTanggal } from '../lib/format.ts';

export interface DataPjMasuk {
  pemda: Pemda | null;
  pj: PejabatRecord;
  evaluasi: EvaluasiPj;
  tugas: TugasPj[];
  opd: Opd[];
}

export interface BarisIndikatorPj {
  kode: string;
  uraian: string;
  opd: string;
  capaian: string;
  bahan: string;
  status: string;
}

export interface DokumenPj {
  judul: string[];
  identitas: [string, string][];
  dasar: string[];
  aspek: { judul: string; baris: BarisIndikatorPj[] }[];
  ringkasan: string;
  belumLengkap: string[];
  tempatTanggal: string;
  penandatangan: { jabatan: string; nama: string; pangkat: string; nip: string };
}

const LABEL_STATUS: Record<TugasPj['status'], string> = {
  baru: 'Belum dikirim',
  dikirim: 'Dikirim, belum diterima',
  diterima: 'Diterima',
  dikembalikan: 'Dikembalikan',
};

export function dokumenPj(d: DataPjMasuk, now: Date): DokumenPj {
  const { pj, evaluasi: e, pemda } = d;
  const opdById = new Map(d.opd.map((o) => [o.id, o]));
  const tugas = d.tugas.filter((t) => !t.deleted && t.evaluasiPjId === e.id);
  const rekap = rekapPj(e, d.tugas, now);
  const jabatan = sebutanJabatan(pj);
  const aspek = (['pemerintahan', 'pembangunan', 'kemasyarakatan'] as const)
    .map((a) => ({
      judul: LABEL_ASPEK[a],
      baris: e.indikator
        .filter((i) => i.aspek === a)
        .map((i) => {
          const milik = tugas.filter((t) => t.kodeIndikator === i.kode);
          const terbaik = milik.find((t) => t.status === 'diterima') ?? milik.find((t) => t.status === 'dikirim') ?? milik[0] ?? null;
          return {
            kode: i.kode,
            uraian: i.uraian,
            opd: (i.opdId && opdById.get(i.opdId)?.singkatan) || '-',
            capaian: i.capaian || '-',
            bahan: terbaik?.bahan || '-',
            status: terbaik ? LABEL_STATUS[terbaik.status] : 'Belum ada tugas',
          };
        }),
    }))
    .filter((a) => a.baris.length > 0);
  const tempat = pemda?.ibukota || pemda?.nama.replace(/^(Kabupaten|Kota)\s+/i, '') || '';
  return {
    judul: [
      'LAPORAN PELAKSANAAN TUGAS',
      jabatan.toUpperCase().replace(/^PJ\./, 'PENJABAT'),
      `PERIODE KE-${e.ke} (${formatTanggal(e.mulai).toUpperCase()} – ${formatTanggal(e.selesai).toUpperCase()})`,
    ],
    identitas: [
      ['Nama', pj.nama],
      ['NIP', pj.nip ? formatNip(pj.nip) : '-'],
      ['Pangkat/golongan', pj.pangkat || '-'],
      ['Jabatan', jabatan],
      ['Masa jabatan', `${formatTanggal(pj.tmt)} s.d. ${pj.selesai ? formatTanggal(pj.selesai) : 'sekarang'}`],
      ['Dasar penugasan', pj.dasarPenugasan || '-'],
      ['Batas penyampaian laporan', formatTanggal(e.batasLaporan)],
    ],
    dasar: [
      'Peraturan Pemerintah Nomor 6 Tahun 2005 pasal 132 ayat (5) dan (6)',
      'Peraturan Menteri Dalam Negeri Nomor 4 Tahun 2023 tentang Penjabat Gubernur, Penjabat Bupati, dan Penjabat Wali Kota',
      ...(e.suratDasar ? [e.suratDasar] : []),
    ],
    aspek,
    ringkasan: e.ringkasan,
    belumLengkap: rekap.indikatorTanpaBahan.map((k) => {
      const i = e.indikator.find((x) => x.kode === k);
      return `${k} ${i?.uraian ?? ''}`.trim();
    }),
    tempatTanggal: `${tempat}, ${formatTanggal(e.dilaporkanPada ?? e.batasLaporan)}`,
    penandatangan: {
      jabatan: `${jabatan.replace(/^Pj\.\s*/, 'Pj. ').replace(/(Pj\. )?(.*)/, (_m, a: string | undefined, b: string) => `${a ?? ''}${b.toUpperCase()}`)},`,
      nama: pj.nama,
      pangkat: pj.pangkat,
      nip: pj.nip ? formatNip(pj.nip) : '',
    },
  };
}
