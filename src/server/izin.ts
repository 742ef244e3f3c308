/**
 * Who may write what (docs/architecture.md "Roles and permissions"). Deny by default: a table or role not listed
 * here cannot be written. Reads are not filtered (everyone signed in reads everything).
 */
import type { NamaTabel } from '../domain/schemas.ts';
import type { UserDb } from './auth.ts';
import { AWALAN_IZIN } from '../shared/penolakan.ts';

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
  if (user.role === 'admin') return null;
  if (user.role === 'pimpinan') {
    return table === 'rakor' || table === 'arahan' || table === 'konflik' ? null : `${TOLAK}: pimpinan hanya menulis rakor dan arahan`;
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
  if (table === 'arahan') {
    if (k.op !== 'put' || !k.lama) return `${TOLAK}: operator hanya mengisi tindak lanjut arahan`;
    if (k.lama.opdId !== null && k.lama.opdId !== opd) return `${TOLAK}: arahan untuk perangkat daerah lain`;
    const lain = k.berubah.filter((f) => f !== 'tindakLanjut' && f !== 'status');
    return lain.length ? `${TOLAK}: operator hanya mengubah tindak lanjut dan status arahan` : null;
  }
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
