/** Small hand-made records for the report tests (each one passes its Zod schema). */
import {
  arahanSchema,
  indikatorSchema,
  opdSchema,
  pemdaSchema,
  pkSchema,
  programSchema,
  rakorSchema,
  sasaranSchema,
  type Arahan,
  type Indikator,
  type Opd,
  type Pemda,
  type Pk,
  type Program,
  type Rakor,
  type Sasaran,
} from '../../../src/domain/schemas.ts';

const T = '2026-11-23T01:00:00.000Z';
let n = 0;
/** Deterministic UUIDs. */
export const id = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

export function pemda(): Pemda {
  return pemdaSchema.parse({
    id: id(),
    updatedAt: T,
    nama: 'Kabupaten Sukamaju',
    jenis: 'kabupaten',
    ibukota: 'Sukamaju Kota',
    kepalaDaerah: { nama: 'H. Ahmad Fauzi, S.H.', jabatan: 'Bupati Sukamaju' },
  });
}

export function opd(nama = 'Dinas Kesehatan', singkatan = 'Dinkes'): Opd {
  return opdSchema.parse({
    id: id(),
    updatedAt: T,
    kode: '1.02',
    nama,
    singkatan,
    jenis: 'dinas',
    kepala: { nama: 'dr. Siti Rahma, M.Kes.', nip: '197001012000032001', jabatan: `Kepala ${nama}` },
  });
}

export function pk(o: Opd, extra: Partial<Pk> = {}): Pk {
  return pkSchema.parse({
    id: id(),
    updatedAt: T,
    opdId: o.id,
    tahun: 2026,
    versi: 1,
    tanggal: '2026-01-05',
    tanggalMulai: '2026-01-01',
    pihakPertama: { nama: o.kepala.nama, nip: o.kepala.nip, jabatan: o.kepala.jabatan },
    pihakKedua: { nama: 'H. Ahmad Fauzi, S.H.', jabatan: 'Bupati Sukamaju' },
    ...extra,
  });
}

export function sasaran(p: Pk, uraian: string, urutan = 0): Sasaran {
  return sasaranSchema.parse({ id: id(), updatedAt: T, pkId: p.id, opdId: p.opdId, uraian, urutan });
}

export function indikator(s: Sasaran, uraian: string, target: Indikator['targetTahunan'], extra: Partial<Indikator> = {}): Indikator {
  return indikatorSchema.parse({
    id: id(),
    updatedAt: T,
    sasaranId: s.id,
    pkId: s.pkId,
    opdId: s.opdId,
    uraian,
    satuan: '%',
    // Explicit quarterly targets (the annual one each quarter) so a TW III report grades these
    // point-in-time indicators; without them TW I–III show progress only (docs/domain/target-capaian.md §Triwulan).
    polaritas: 'naik',
    agregasi: 'akhir',
    targetTahunan: target,
    targetTriwulan: target === null ? null : [target, target, target, target],
    ...extra,
  });
}

export function program(p: Pk, nama: string, pagu: number, extra: Partial<Program> = {}): Program {
  return programSchema.parse({ id: id(), updatedAt: T, pkId: p.id, opdId: p.opdId, nama, pagu, ...extra });
}

export function rakor(extra: Partial<Rakor> = {}): Rakor {
  return rakorSchema.parse({
    id: id(),
    updatedAt: T,
    tahun: 2026,
    triwulan: 3,
    tanggal: '2026-11-23',
    tempat: 'Aula Bappeda',
    pimpinan: { nama: 'Drs. Bambang Sutrisno, M.Si.', nip: '196805121990031004', jabatan: 'Sekretaris Daerah' },
    ...extra,
  });
}

export function arahan(r: Rakor, uraian: string, extra: Partial<Arahan> = {}): Arahan {
  return arahanSchema.parse({ id: id(), updatedAt: T, rakorId: r.id, opdId: null, uraian, batasWaktu: '2026-12-15', ...extra });
}

import { realisasiSchema, realisasiAnggaranSchema, idAlami, type Realisasi, type RealisasiAnggaran, type Periode } from '../../../src/domain/schemas.ts';

export function realisasi(ind: Indikator, periode: Periode, nilai: number | null, extra: Partial<Realisasi> = {}): Realisasi {
  return realisasiSchema.parse({
    id: idAlami.realisasi(ind.id, periode),
    updatedAt: T,
    indikatorId: ind.id,
    opdId: ind.opdId,
    tahun: 2026,
    periode,
    nilai,
    ...extra,
  });
}

export function realisasiAnggaran(p: Program, triwulan: number, keuangan: number, fisik: number): RealisasiAnggaran {
  return realisasiAnggaranSchema.parse({
    id: idAlami.realisasiAnggaran(p.id, triwulan),
    updatedAt: T,
    programId: p.id,
    opdId: p.opdId,
    tahun: 2026,
    triwulan,
    keuangan,
    fisik,
  });
}
