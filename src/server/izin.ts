/**
 * Who may write what (DESIGN.md §5, interfaces I7). Deny by default: a table or role not listed
 * here cannot be written. Reads are not filtered (everyone signed in reads everything).
 */
import type { NamaTabel } from '../domain/schemas.ts';
import type { UserDb } from './auth.ts';
import { AWALAN_IZIN } from '../shared/penolakan.ts';
import { samaNilai } from '../domain/sama.ts';

type Rec = Record<string, unknown>;

export interface KonteksIzin {
  user: UserDb;
  table: NamaTabel;
  op: 'put' | 'delete';
  /** The stored record (null when the put creates it). */
  lama: Rec | null;
  /** The record after the mutation (null for delete). */
  baru: Rec | null;
  /** Names of the fields whose value really changes. */
  berubah: string[];
  /** The OPD a parent record (pk/sasaran/indikator/program) belongs to, or of a konflik's record. */
  opdInduk: (table: NamaTabel, id: unknown) => Promise<string | null>;
  /** The stored (live) record `id` of `table`, or null. */
  baca: (table: NamaTabel, id: unknown) => Promise<Rec | null>;
}

/** Fields of an arahan whose change is a correction: it must add an entry to `riwayat` with a reason. */
const FIELD_KOREKSI = ['uraian', 'opdId', 'batasWaktu', 'dibatalkan'];

/**
 * Corrections of an arahan keep their history (docs/domain/rakor.md §Koreksi): an arahan is never
 * deleted (it is withdrawn, `dibatalkan`, with a reason) and a change of what was directed, to whom
 * or by when appends one entry to `riwayat`; earlier entries never change.
 */
function alasanKoreksiArahan(k: KonteksIzin): string | null {
  if (k.op === 'delete') return 'Arahan tidak dihapus; batalkan dengan alasan agar riwayatnya tetap tercatat';
  if (!k.lama || !k.baru) return null;
  const lama = (k.lama.riwayat as unknown[] | undefined) ?? [];
  const baru = (k.baru.riwayat as unknown[] | undefined) ?? [];
  if (baru.length < lama.length || lama.some((r, i) => !samaNilai(r, baru[i]))) return 'Riwayat koreksi arahan tidak dapat diubah atau dihapus';
  if (k.berubah.some((f) => FIELD_KOREKSI.includes(f)) && baru.length === lama.length) return 'Koreksi arahan wajib disertai alasan';
  return null;
}

const TOLAK = AWALAN_IZIN;
const MILIK_OPERATOR: readonly NamaTabel[] = ['pk', 'sasaran', 'indikator', 'program', 'realisasi', 'realisasiAnggaran', 'laporan'];
/** Parent references an operator's record must point into its own OPD. */
const INDUK: Partial<Record<NamaTabel, [string, NamaTabel][]>> = {
  sasaran: [['pkId', 'pk']],
  indikator: [['sasaranId', 'sasaran'], ['pkId', 'pk']],
  program: [['pkId', 'pk']],
  realisasi: [['indikatorId', 'indikator']],
  realisasiAnggaran: [['programId', 'program']],
};

/** null when allowed, else the Indonesian reason. */
export async function periksaIzin(k: KonteksIzin): Promise<string | null> {
  const { user, table } = k;
  if (table === 'arahan' && (user.role === 'admin' || user.role === 'pimpinan')) return alasanKoreksiArahan(k);
  if (table === 'opd' && k.op === 'delete') return 'Perangkat daerah tidak dihapus; nonaktifkan agar datanya tetap tercatat';
  if (user.role === 'admin') return null;
  if (user.role === 'pimpinan') {
    return table === 'rakor' || table === 'tindakLanjutArahan' || table === 'konflik' ? null : `${TOLAK}: pimpinan hanya menulis rakor dan arahan`;
  }
  if (user.role !== 'operator' || !user.opdId) return `${TOLAK}: akun ini hanya dapat membaca`;
  const opd = user.opdId;

  if (MILIK_OPERATOR.includes(table)) {
    for (const r of [k.lama, k.baru]) {
      if (r && r.opdId !== opd) return `${TOLAK}: data milik perangkat daerah lain`;
    }
    for (const [field, induk] of INDUK[table] ?? []) {
      const r = k.baru ?? k.lama;
      if (!r) continue;
      const pemilik = await k.opdInduk(induk, r[field]);
      if (pemilik === null) return `Data induk (${induk}) tidak ditemukan di server`;
      if (pemilik !== opd) return `${TOLAK}: data induk milik perangkat daerah lain`;
    }
    if (table === 'laporan' && k.berubah.includes('status') && (k.baru?.status === 'diverifikasi' || k.lama?.status === 'diverifikasi')) {
      return 'Hanya admin yang dapat memverifikasi laporan';
    }
    return null;
  }
  // Each addressee reports its own follow-up (issue 9 point 5): an operator writes only its OPD's
  // tindakLanjutArahan of an arahan addressed to it or to every OPD; closing as "tidak selesai"
  // stays with the chair.
  if (table === 'tindakLanjutArahan') {
    if (k.op !== 'put' || !k.baru) return `${TOLAK}: tindak lanjut tidak dihapus; ubah statusnya`;
    if (k.baru.opdId !== opd || (k.lama && k.lama.opdId !== opd)) return `${TOLAK}: tindak lanjut milik perangkat daerah lain`;
    const arahan = await k.baca('arahan', k.baru.arahanId);
    if (!arahan) return 'Data induk (arahan) tidak ditemukan di server';
    if (arahan.opdId !== null && arahan.opdId !== opd) return `${TOLAK}: arahan untuk perangkat daerah lain`;
    if (k.berubah.includes('status') && k.baru.status === 'tidak-selesai') return `${TOLAK}: hanya pimpinan rapat yang menyatakan arahan tidak selesai`;
    return null;
  }
  if (table === 'arahan') return `${TOLAK}: operator mengisi tindak lanjut arahan untuk perangkat daerahnya sendiri`;
  if (table === 'konflik') {
    if (k.op !== 'put' || !k.lama) return `${TOLAK}: konflik dibuat oleh server`;
    const lain = k.berubah.filter((f) => !['status', 'penyelesaian', 'diselesaikanOleh'].includes(f));
    if (lain.length) return `${TOLAK}: hanya status penyelesaian konflik yang dapat diubah`;
    const tabel = k.lama.tabel as NamaTabel;
    const pemilik = await k.opdInduk(tabel, k.lama.recordId);
    return pemilik === opd ? null : `${TOLAK}: konflik pada data perangkat daerah lain`;
  }
  return `${TOLAK}: operator tidak dapat mengubah ${table}`;
}
