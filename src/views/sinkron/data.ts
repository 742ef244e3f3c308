/**
 * Sinkron screen data: open konflik and rejected mutations, each with a readable label of the
 * record it concerns and a link to the screen where it is edited. Reads the local database only.
 */
import type { PantauDB, Penolakan } from '../../db/database.ts';
import type { Konflik, NamaTabel } from '../../domain/schemas.ts';
import { formatAngka, namaPeriode, namaTriwulan } from '../../lib/format.ts';
import { bolehSelesaikan } from '../../db/konflik.ts';
import type { PemegangIzin } from '../../shared/izin.ts';
import { tautan } from '../../lib/router.svelte.ts';

export interface Sasaran {
  label: string;
  /** Hash link to the screen where the record is edited. */
  tautan: string;
  opdId: string | null;
}

/** `boleh`: this account may resolve it (the server's rule, src/shared/izin.ts; issue 9 §2). */
export interface ItemKonflik {
  konflik: Konflik;
  sasaran: Sasaran;
  boleh: boolean;
}
export interface ItemPenolakan {
  penolakan: Penolakan;
  sasaran: Sasaran;
}

const NAMA_TABEL: Record<string, string> = {
  pemda: 'Pemerintah daerah',
  opd: 'Perangkat daerah',
  pk: 'Perjanjian Kinerja',
  sasaran: 'Sasaran',
  indikator: 'Indikator',
  program: 'Program',
  realisasi: 'Realisasi',
  realisasiAnggaran: 'Realisasi anggaran',
  laporan: 'Laporan triwulan',
  rakor: 'Rakor',
  arahan: 'Arahan',
  tindakLanjutArahan: 'Tindak lanjut arahan',
  kunciPeriode: 'Kunci periode',
  evaluasiPejabat: 'Evaluasi pejabat',
  konflik: 'Konflik',
  pejabat: 'Pejabat',
  evaluasiPj: 'Evaluasi Penjabat kepala daerah',
  tugasPj: 'Bahan evaluasi Penjabat',
  buktiDukung: 'Bukti dukung',
};

const NAMA_FIELD: Record<string, string> = {
  nilai: 'Nilai realisasi',
  tdi: 'TDI',
  alasanTdi: 'Alasan TDI',
  catatan: 'Catatan',
  masalah: 'Masalah',
  solusi: 'Solusi',
  tindakLanjut: 'Tindak lanjut',
  keuangan: 'Realisasi keuangan',
  fisik: 'Realisasi fisik',
  uraian: 'Uraian',
  status: 'Status',
  faktorPendorong: 'Faktor pendorong',
  faktorPenghambat: 'Faktor penghambat',
  batasWaktu: 'Batas waktu',
  nama: 'Nama',
  pagu: 'Pagu',
  targetTahunan: 'Target tahunan',
  satuan: 'Satuan',
  terkunci: 'Terkunci',
  _deleted: 'Data dihapus di server',
  penyelesaian: 'Pilihan penyelesaian',
  diselesaikanOleh: 'Diselesaikan oleh',
};

export function namaTabel(t: string): string {
  return NAMA_TABEL[t] ?? t;
}

export function namaField(f: string): string {
  return NAMA_FIELD[f] ?? f;
}

/** A value as the user reads it: numbers id-ID, booleans Ya/Tidak, empty as "(kosong)". */
export function tampilNilai(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(kosong)';
  if (typeof v === 'number') return formatAngka(v);
  if (typeof v === 'boolean') return v ? 'Ya' : 'Tidak';
  if (typeof v === 'string') return v;
  return JSON.stringify(v);
}

type Rec = Record<string, unknown> & { id: string };

export async function sasaranRecord(db: PantauDB, tabel: string, id: string): Promise<Sasaran> {
  const rec = (await db
    .table(tabel)
    .get(id)
    .catch(() => undefined)) as Rec | undefined;
  const opdId = typeof rec?.opdId === 'string' ? rec.opdId : tabel === 'opd' ? id : null;
  const opd = opdId ? await db.opd.get(opdId) : undefined;
  const dariOpd = opd ? ` · ${opd.singkatan}` : '';
  switch (tabel as NamaTabel) {
    case 'realisasi': {
      const ind = rec && typeof rec.indikatorId === 'string' ? await db.indikator.get(rec.indikatorId) : undefined;
      const periode = String(rec?.periode ?? '');
      const tw = /^TW([1-4])$/.exec(periode)?.[1];
      return {
        label: `${ind?.uraian ?? 'Indikator'} — ${namaPeriode(periode)} ${rec?.tahun ?? ''}${dariOpd}`,
        tautan: tautan('realisasi', { opd: opdId ?? undefined, tahun: rec?.tahun as number | undefined, ...(tw ? { tw } : { periode }) }),
        opdId,
      };
    }
    case 'realisasiAnggaran': {
      const prog = rec && typeof rec.programId === 'string' ? await db.program.get(rec.programId) : undefined;
      return {
        label: `${prog?.nama ?? 'Program'} — ${namaTriwulan(Number(rec?.triwulan))} ${rec?.tahun ?? ''}${dariOpd}`,
        tautan: tautan('anggaran', { opd: opdId ?? undefined, tahun: rec?.tahun as number | undefined, tw: rec?.triwulan as number | undefined }),
        opdId,
      };
    }
    case 'laporan':
      return {
        label: `Laporan triwulan ${rec?.triwulan ?? ''} ${rec?.tahun ?? ''}${dariOpd}`,
        tautan: tautan('laporan', { opd: opdId ?? undefined, tahun: rec?.tahun as number | undefined, tw: rec?.triwulan as number | undefined }),
        opdId,
      };
    case 'pk':
    case 'sasaran':
    case 'indikator':
    case 'program':
      return {
        label: `${namaTabel(tabel)}: ${String(rec?.uraian ?? rec?.nama ?? rec?.tahun ?? '')}${dariOpd}`,
        tautan: tautan('pk', { opd: opdId ?? undefined }),
        opdId,
      };
    case 'rakor':
    case 'arahan':
    case 'tindakLanjutArahan':
      return { label: `${namaTabel(tabel)}: ${String(rec?.uraian ?? rec?.tempat ?? '')}`, tautan: tautan('rakor'), opdId };
    case 'opd':
      return { label: `Perangkat daerah: ${String(rec?.nama ?? '')}`, tautan: tautan('opd'), opdId };
    case 'konflik': {
      // Two devices resolved the same konflik differently: name the record the konflik was about.
      const dalam =
        rec && typeof rec.tabel === 'string' && rec.tabel !== 'konflik' && typeof rec.recordId === 'string'
          ? await sasaranRecord(db, rec.tabel, rec.recordId)
          : null;
      return dalam
        ? { ...dalam, label: `Penyelesaian konflik ${namaField(String(rec?.field ?? '')).toLowerCase()}: ${dalam.label}` }
        : { label: 'Penyelesaian konflik', tautan: '#/sinkron', opdId };
    }
    case 'kunciPeriode':
      return { label: `Kunci periode ${namaTriwulan(Number(rec?.triwulan))} ${rec?.tahun ?? ''}`, tautan: '#/pengaturan', opdId: null };
    default:
      return { label: namaTabel(tabel), tautan: '#/', opdId };
  }
}

export async function muatSinkron(db: PantauDB, user: PemegangIzin | null): Promise<{ konflik: ItemKonflik[]; penolakan: ItemPenolakan[] }> {
  const [konflik, penolakan] = await Promise.all([
    db.konflik
      .where('status')
      .equals('terbuka')
      .filter((k) => !k.deleted)
      .toArray(),
    db.penolakan.toArray(),
  ]);
  return {
    konflik: await Promise.all(
      konflik.map(async (k) => ({
        konflik: k,
        sasaran: await sasaranRecord(db, k.tabel, k.recordId),
        boleh: user !== null && (await bolehSelesaikan(db, user, k)),
      })),
    ),
    penolakan: await Promise.all(
      penolakan.sort((a, b) => b.at.localeCompare(a.at)).map(async (p) => ({ penolakan: p, sasaran: await sasaranRecord(db, p.table, p.key) })),
    ),
  };
}
