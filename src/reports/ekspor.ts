/**
 * Rows for the XLSX/CSV exports (pure), one sheet per view of the rakor (issue 11 point 6;
 * docs/domain/rakor.md §Ekspor): Ringkasan (every OPD with state, completeness, score), Indikator
 * (every indicator with target, realisasi, capaian, predikat and how it entered the score),
 * Anggaran (every programme) and Arahan (every arahan with each addressee's follow-up). All rows:
 * filtering is the user's job. Numbers stay numbers; in XLSX they carry a number format that an
 * Indonesian spreadsheet shows as 54.420.250.000 / 75,97 (the format code is locale-neutral).
 */
import { LABEL_KEADAAN, LABEL_PERLAKUAN, type DataPemda, type Ringkasan } from '../domain/ringkasan.ts';
import { deviasiFisik, predikat, rencanaFisik, serapan } from '../domain/capaian.ts';
import { keadaanArahan } from '../domain/arahan.ts';
import { pkBerlaku, type Triwulan } from '../domain/periode.ts';
import type { Arahan, Opd, Rakor, TindakLanjutArahan } from '../domain/schemas.ts';
import type { SelTulis } from './spreadsheet.ts';
import { namaTriwulan } from '../lib/format.ts';
import type { TargetNilai } from '../domain/schemas.ts';
import { formatTarget } from '../domain/target.ts';
import { LABEL_STATUS_ARAHAN, arahanLewat, penanggungJawab } from './arahan.ts';

/** XLSX number formats (Excel codes; the grouping and decimal marks follow the reader's locale). */
export const FORMAT = { rupiah: '#,##0', persen: '#,##0.00', angka: '#,##0.####', bulat: '0' } as const;

const r2 = (n: number | null): number | null => (n === null || !Number.isFinite(n) ? null : Math.round(n * 100) / 100);
/** A number cell with its format; null stays an empty cell. */
const sel = (n: number | null | undefined, format: string): SelTulis => (n === null || n === undefined || !Number.isFinite(n) ? null : { nilai: n, format });
const persen = (n: number | null) => sel(r2(n), FORMAT.persen);
const rupiah = (n: number) => sel(Math.round(n), FORMAT.rupiah);
const bulat = (n: number) => sel(n, FORMAT.bulat);
const teksTarget = (t: TargetNilai | null): SelTulis => (t === null ? null : typeof t === 'number' ? sel(t, FORMAT.angka) : formatTarget(t));

export function barisEksporRingkasan(r: Ringkasan): SelTulis[][] {
  return [
    [
      'No',
      'Perangkat Daerah',
      'Singkatan',
      'Keadaan',
      'Terisi',
      'Jatuh Tempo',
      'Capaian (%)',
      'Predikat',
      'Indikator',
      'TDI',
      'Kosong (= 0)',
      'Pagu (Rp)',
      'Realisasi Keuangan (Rp)',
      'Serapan (%)',
      'Fisik (%)',
      'Rencana Fisik (%)',
      'Deviasi Fisik (poin)',
      'Arahan Terbuka',
      'Arahan Lewat',
    ],
    ...r.opd.map((o, i) => [
      bulat(i + 1),
      o.nama,
      o.singkatan,
      LABEL_KEADAAN[o.keadaan],
      bulat(o.jumlahTerisi),
      bulat(o.jumlahJatuhTempo),
      persen(o.capaian),
      o.predikat.label,
      bulat(o.jumlahIndikator),
      bulat(o.jumlahTdi),
      bulat(o.jumlahBelumDiisi),
      rupiah(o.pagu),
      rupiah(o.realisasiKeuangan),
      persen(o.serapan),
      persen(o.fisik),
      persen(o.targetFisik),
      persen(o.deviasiFisik),
      bulat(o.arahanTerbuka),
      bulat(o.arahanLewat),
    ]),
    [
      '',
      'Total / rata-rata',
      '',
      '',
      bulat(r.total.jumlahTerisi),
      bulat(r.total.jumlahJatuhTempo),
      persen(r.total.rataCapaian),
      r.total.predikat.label,
      bulat(r.total.jumlahIndikator),
      bulat(r.total.jumlahTdi),
      bulat(r.total.jumlahBelumDiisi),
      rupiah(r.total.pagu),
      rupiah(r.total.realisasiKeuangan),
      persen(r.total.serapan),
      persen(r.total.fisik),
      null,
      null,
      bulat(r.total.arahanTerbuka),
      bulat(r.total.arahanLewat),
    ],
  ];
}

/**
 * Every indicator of every OPD for the summary's quarter: target, value per quarter, realisasi s.d.
 * the quarter, capaian, predikat of that capaian, and its treatment in the score (status).
 */
export function barisEksporIndikator(r: Ringkasan, d: Pick<DataPemda, 'realisasi'>): SelTulis[][] {
  const perKey = new Map(d.realisasi.filter((x) => !x.deleted && x.tahun === r.tahun).map((x) => [`${x.indikatorId}:${x.periode}`, x]));
  const out: SelTulis[][] = [
    [
      'Perangkat Daerah',
      'Indikator',
      'Satuan',
      'Jenis Target',
      'Target',
      'TW I',
      'TW II',
      'TW III',
      'TW IV',
      `Realisasi s.d. ${namaTriwulan(r.triwulan)}`,
      'Capaian (%)',
      'Masuk Skor (%)',
      'Predikat',
      'Status',
      'Keterangan',
      'Masalah',
      'Solusi',
    ],
  ];
  for (const o of r.opd) {
    for (const b of o.caraHitung) {
      const tw = [1, 2, 3, 4].map((n) => {
        const x = perKey.get(`${b.indikatorId}:TW${n}`);
        return x?.tdi ? 'TDI' : sel(x?.nilai ?? null, FORMAT.angka);
      });
      const kini = perKey.get(`${b.indikatorId}:TW${r.triwulan}`);
      out.push([
        o.singkatan,
        b.uraian,
        b.satuan,
        b.jenisTarget === 'triwulan' ? 'Triwulan' : b.jenisTarget === 'tahunan' ? 'Tahunan' : '',
        teksTarget(b.target),
        ...tw,
        sel(b.realisasi, FORMAT.angka),
        persen(b.capaian),
        persen(b.nilaiSkor),
        b.capaian === null ? '' : predikat(r2(b.capaian)).label,
        LABEL_PERLAKUAN[b.perlakuan],
        b.keterangan,
        kini?.masalah ?? '',
        kini?.solusi ?? '',
      ]);
    }
  }
  return out;
}

/** Every programme of the PKs in force: pagu, keuangan and fisik s.d. the quarter, serapan, plan, deviasi, status pengadaan. */
export function barisEksporAnggaran(r: Ringkasan, d: Pick<DataPemda, 'opd' | 'pk' | 'program' | 'realisasiAnggaran'>): SelTulis[][] {
  const out: SelTulis[][] = [
    [
      'Perangkat Daerah',
      'Kode',
      'Program / Kegiatan',
      'Pagu (Rp)',
      `Keuangan s.d. ${namaTriwulan(r.triwulan)} (Rp)`,
      'Serapan (%)',
      'Target Fisik (%)',
      'Rencana Fisik s.d. Triwulan (%)',
      'Fisik (%)',
      'Deviasi Fisik (poin)',
      'Status Pengadaan',
    ],
  ];
  const tw = r.triwulan as Triwulan;
  for (const o of r.opd) {
    const pk = pkBerlaku(d.pk, o.opdId, r.tahun, tw);
    if (!pk) continue;
    for (const p of d.program.filter((x) => !x.deleted && x.pkId === pk.id).sort((a, b) => a.urutan - b.urutan)) {
      const ra = d.realisasiAnggaran
        .filter((x) => !x.deleted && x.programId === p.id && x.tahun === r.tahun && x.triwulan <= tw)
        .reduce<(typeof d.realisasiAnggaran)[number] | null>((a, x) => (a === null || x.triwulan > a.triwulan ? x : a), null);
      const rencana = rencanaFisik(p.targetFisik, tw);
      out.push([
        o.singkatan,
        p.kode,
        p.nama,
        rupiah(p.pagu),
        rupiah(ra?.keuangan ?? 0),
        persen(serapan(ra?.keuangan ?? 0, p.pagu)),
        persen(p.targetFisik),
        persen(rencana),
        persen(ra?.fisik ?? null),
        persen(ra ? deviasiFisik(rencana, ra.fisik) : null),
        p.statusPengadaan,
      ]);
    }
  }
  return out;
}

/** Every live arahan of every rakor with its derived status and each addressee's follow-up. */
export function barisEksporArahan(
  d: { rakor: Rakor[]; arahan: Arahan[]; opd: Opd[]; tindakLanjutArahan?: TindakLanjutArahan[] },
  hariIni: string,
): SelTulis[][] {
  const opdById = new Map(d.opd.map((o) => [o.id, o]));
  const rakorById = new Map(d.rakor.map((x) => [x.id, x]));
  const out: SelTulis[][] = [['Rakor', 'Arahan', 'Penanggung Jawab', 'Batas Waktu', 'Status', 'Lewat Batas', 'Selesai / Penerima', 'Tindak Lanjut']];
  const tl = d.tindakLanjutArahan ?? [];
  for (const a of d.arahan.filter((x) => !x.deleted && !x.dibatalkan)) {
    const rk = rakorById.get(a.rakorId);
    const k = keadaanArahan(a, d.opd, tl);
    out.push([
      rk ? `${namaTriwulan(rk.triwulan)} ${rk.tahun}` : '',
      a.uraian,
      penanggungJawab(a, opdById),
      a.batasWaktu,
      LABEL_STATUS_ARAHAN[k.status],
      arahanLewat(a, hariIni, k.status) ? 'Ya' : '',
      `${k.per.length - k.terbuka.length}/${k.per.length}`,
      k.per
        .filter((p) => p.uraian)
        .map((p) => `${opdById.get(p.opdId)?.singkatan ?? '?'}: ${p.uraian}`)
        .join('; '),
    ]);
  }
  return out;
}
