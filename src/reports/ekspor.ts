/**
 * Rows for the XLSX/CSV exports (pure). Numbers stay numbers (rounded to 2 decimals) so a
 * spreadsheet can compute with them; the CSV writer turns the decimal point into a comma.
 */
import type { Ringkasan } from '../domain/ringkasan.ts';
import type { DataPemda } from '../domain/ringkasan.ts';
import type { SelTulis } from './spreadsheet.ts';
import { namaPeriode } from '../lib/format.ts';
import type { TargetNilai } from '../domain/schemas.ts';
import { formatTarget } from '../domain/target.ts';

const r2 = (n: number | null): number | null => (n === null || !Number.isFinite(n) ? null : Math.round(n * 100) / 100);
const teksTarget = (t: TargetNilai | null): SelTulis => (t === null ? null : typeof t === 'number' ? t : formatTarget(t));

export function barisEksporRingkasan(r: Ringkasan): SelTulis[][] {
  return [
    ['No', 'Perangkat Daerah', 'Singkatan', 'Capaian (%)', 'Predikat', 'Indikator', 'TDI', 'Pagu (Rp)', 'Realisasi Keuangan (Rp)', 'Serapan (%)', 'Fisik (%)', 'Arahan Lewat'],
    ...r.opd.map((o, i) => [
      i + 1, o.nama, o.singkatan, r2(o.capaian), o.predikat.label, o.jumlahIndikator, o.jumlahTdi,
      Math.round(o.pagu), Math.round(o.realisasiKeuangan), r2(o.serapan), r2(o.fisik), o.arahanLewat,
    ]),
    ['', 'Total / rata-rata', '', r2(r.total.rataCapaian), r.total.predikat.label, r.total.jumlahIndikator, r.total.jumlahTdi,
      Math.round(r.total.pagu), Math.round(r.total.realisasiKeuangan), r2(r.total.serapan), r2(r.total.fisik), r.total.arahanLewat],
  ];
}

export function barisEksporDibawahTarget(r: Ringkasan): SelTulis[][] {
  const out: SelTulis[][] = [['Perangkat Daerah', 'Indikator', 'Satuan', 'Target', 'Realisasi', 'Capaian (%)']];
  for (const o of r.opd) for (const i of o.dibawahTarget) out.push([o.singkatan, i.uraian, i.satuan, teksTarget(i.target), r2(i.realisasi), r2(i.capaian)]);
  return out;
}

/** Every realisasi of a year as stored (one row per indicator and period), OPD and indicator named. */
export function barisEksporRealisasi(d: Pick<DataPemda, 'opd' | 'indikator' | 'realisasi'>, tahun: number): SelTulis[][] {
  const opd = new Map(d.opd.map((o) => [o.id, o]));
  const ind = new Map(d.indikator.map((i) => [i.id, i]));
  const out: SelTulis[][] = [['Perangkat Daerah', 'Indikator', 'Satuan', 'Periode', 'Realisasi', 'TDI', 'Alasan TDI', 'Masalah', 'Solusi', 'Tindak Lanjut']];
  const rows = d.realisasi
    .filter((r) => !r.deleted && r.tahun === tahun)
    .map((r) => ({ r, o: opd.get(r.opdId), i: ind.get(r.indikatorId) }))
    .sort((a, b) => (a.o?.urutan ?? 0) - (b.o?.urutan ?? 0) || (a.i?.urutan ?? 0) - (b.i?.urutan ?? 0) || a.r.periode.localeCompare(b.r.periode));
  for (const { r, o, i } of rows) {
    out.push([o?.singkatan ?? '', i?.uraian ?? '', i?.satuan ?? '', namaPeriode(r.periode), r2(r.nilai), r.tdi ? 'Ya' : '', r.alasanTdi, r.masalah, r.solusi, r.tindakLanjut]);
  }
  return out;
}
