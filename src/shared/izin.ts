/**
 * Who may write what (docs/architecture.md "Roles and permissions"). Deny by default: a table or role not listed
 * here cannot be written. Reads are not filtered (everyone signed in reads everything).
 *
 * Pure and shared: the server decides with it (src/server/sync.store.ts), and the browser asks the
 * same rules before offering an action it would refuse (the Sinkron screen's konflik resolution).
 * `konflik` records are never written through these rules: they are made and resolved by the
 * server only (sync.store.ts `#selesaikanKonflik`, docs/sync-protocol.md "Resolving a konflik").
 */
import type { NamaTabel, Role } from '../domain/schemas.ts';
import { AWALAN_IZIN, tolakan, type Penolakan } from './penolakan.ts';
import { samaNilai } from '../domain/sama.ts';

type Rec = Record<string, unknown>;

/** The part of an account the rules read. */
export interface PemegangIzin {
  role: Role;
  opdId: string | null;
}

export interface KonteksIzin {
  user: PemegangIzin;
  table: NamaTabel;
  op: 'put' | 'delete';
  /** The stored record (null when the put creates it). */
  lama: Rec | null;
  /** The record after the mutation (null for delete). */
  baru: Rec | null;
  /** Names of the fields whose value really changes. */
  berubah: string[];
  /** The OPD a parent record (pk/sasaran/indikator/program) belongs to (null: not found). */
  opdInduk: (table: NamaTabel, id: unknown) => Promise<string | null>;
  /** The stored (live) record `id` of `table`, or null (rules that read a parent's fields). */
  baca?: (table: NamaTabel, id: unknown) => Promise<Rec | null>;
}

/** Fields of an arahan whose change is a correction: it must add an entry to `riwayat` with a reason. */
const FIELD_KOREKSI = ['uraian', 'opdId', 'batasWaktu', 'dibatalkan'];

/**
 * Corrections of an arahan keep their history (docs/domain/rakor.md §Koreksi): an arahan is never
 * deleted (it is withdrawn, `dibatalkan`, with a reason) and a change of what was directed, to whom
 * or by when appends one entry to `riwayat`; earlier entries never change.
 */
function alasanKoreksiArahan(k: KonteksIzin): Penolakan | null {
  if (k.op === 'delete') return izin('Arahan tidak dihapus; batalkan dengan alasan agar riwayatnya tetap tercatat');
  if (!k.lama || !k.baru) return null;
  const lama = (k.lama.riwayat as unknown[] | undefined) ?? [];
  const baru = (k.baru.riwayat as unknown[] | undefined) ?? [];
  if (baru.length < lama.length || lama.some((r, i) => !samaNilai(r, baru[i])))
    return tolakan('validasi', 'Riwayat koreksi arahan tidak dapat diubah atau dihapus');
  if (k.berubah.some((f) => FIELD_KOREKSI.includes(f)) && baru.length === lama.length) return tolakan('validasi', 'Koreksi arahan wajib disertai alasan');
  return null;
}

const TOLAK = AWALAN_IZIN;
const izin = (alasan: string): Penolakan => tolakan('izin', alasan);
const MILIK_OPERATOR: readonly NamaTabel[] = ['pk', 'sasaran', 'indikator', 'program', 'realisasi', 'realisasiAnggaran', 'laporan'];
/** Parent references an operator's record must point into its own OPD (the server's push also locks these parents: src/server/sync.store.ts). */
export const INDUK: Partial<Record<NamaTabel, readonly (readonly [string, NamaTabel])[]>> = {
  sasaran: [['pkId', 'pk']],
  indikator: [
    ['sasaranId', 'sasaran'],
    ['pkId', 'pk'],
  ],
  program: [['pkId', 'pk']],
  realisasi: [['indikatorId', 'indikator']],
  realisasiAnggaran: [['programId', 'program']],
};

/**
 * null when allowed, else the refusal: code `izin` (or `induk` for a parent not on the server).
 * Writes of `pejabat`, `evaluasiPejabat` and `evaluasiPj` are the admin's (Bappeda/BKPSDM) only:
 * deny by default below (docs/domain/pejabat.md §Hak akses).
 */
export async function periksaIzin(k: KonteksIzin): Promise<Penolakan | null> {
  const { user, table } = k;
  if (table === 'konflik') return izin(`${TOLAK}: konflik hanya diselesaikan, tidak diubah langsung`);
  if (table === 'arahan' && (user.role === 'admin' || user.role === 'pimpinan')) return alasanKoreksiArahan(k);
  if (table === 'opd' && k.op === 'delete') return izin('Perangkat daerah tidak dihapus; nonaktifkan agar datanya tetap tercatat');
  if (user.role === 'admin') return null;
  if (user.role === 'pimpinan') {
    return table === 'rakor' || table === 'tindakLanjutArahan' ? null : izin(`${TOLAK}: pimpinan hanya menulis rakor dan arahan`);
  }
  if (user.role !== 'operator' || !user.opdId) return izin(`${TOLAK}: akun ini hanya dapat membaca`);
  const opd = user.opdId;

  if (MILIK_OPERATOR.includes(table)) {
    for (const r of [k.lama, k.baru]) {
      if (r && r.opdId !== opd) return izin(`${TOLAK}: data milik perangkat daerah lain`);
    }
    for (const [field, induk] of INDUK[table] ?? []) {
      const r = k.baru ?? k.lama;
      if (!r) continue;
      const pemilik = await k.opdInduk(induk, r[field]);
      if (pemilik === null) return tolakan('induk', `Data induk (${induk}) tidak ditemukan di server`);
      if (pemilik !== opd) return izin(`${TOLAK}: data induk milik perangkat daerah lain`);
    }
    if (table === 'laporan' && k.berubah.includes('status') && (k.baru?.status === 'diverifikasi' || k.lama?.status === 'diverifikasi')) {
      return izin('Hanya admin yang dapat memverifikasi laporan');
    }
    return null;
  }
  // Each addressee reports its own follow-up (issue 9 point 5; docs/domain/rakor.md §Tindak lanjut):
  // an operator writes only its OPD's tindakLanjutArahan of an arahan addressed to it or to every
  // OPD; closing as "tidak selesai" stays with the chair.
  if (table === 'tindakLanjutArahan') {
    if (k.op !== 'put') return izin(`${TOLAK}: tindak lanjut tidak dihapus; ubah statusnya`);
    // A put on a deleted record is judged on the stored one (baru null): may this user edit it?
    const r = k.baru ?? k.lama;
    if (!r) return izin(`${TOLAK}: tindak lanjut tidak ditemukan`);
    for (const x of [k.lama, k.baru]) if (x && x.opdId !== opd) return izin(`${TOLAK}: tindak lanjut milik perangkat daerah lain`);
    const arahan = k.baca ? await k.baca('arahan', r.arahanId) : null;
    if (!arahan) return tolakan('induk', 'Data induk (arahan) tidak ditemukan di server');
    if (arahan.opdId !== null && arahan.opdId !== opd) return izin(`${TOLAK}: arahan untuk perangkat daerah lain`);
    if (k.berubah.includes('status') && k.baru?.status === 'tidak-selesai') return izin(`${TOLAK}: hanya pimpinan rapat yang menyatakan arahan tidak selesai`);
    return null;
  }
  if (table === 'buktiDukung') return alasanBuktiDukung(k, opd);
  if (table === 'arahan') return izin(`${TOLAK}: operator mengisi tindak lanjut arahan untuk perangkat daerahnya sendiri`);
  if (table === 'tugasPj') {
    // Permendagri 4/2023 bahan evaluasi: the OPD asked supplies it; the admin sets the task up.
    if (k.op !== 'put' || !k.lama) return izin(`${TOLAK}: tugas bahan evaluasi dibuat oleh admin`);
    if (k.lama.opdId !== opd) return izin(`${TOLAK}: tugas untuk perangkat daerah lain`);
    const lain = k.berubah.filter((f) => !['bahan', 'status', 'dikirimPada'].includes(f));
    if (lain.length) return izin(`${TOLAK}: operator hanya mengisi bahan evaluasi dan mengirimnya`);
    if (k.berubah.includes('status') && !['baru', 'dikirim'].includes(String(k.baru?.status))) {
      return izin(`${TOLAK}: hanya admin yang menerima atau mengembalikan bahan`);
    }
    return null;
  }
  return izin(`${TOLAK}: operator tidak dapat mengubah ${table}`);
}

/** Fields of a bukti dukung only Bappeda (admin) sets: the verification (docs/bukti-dukung.md "Verifikasi"). */
const FIELD_VERIFIKASI_BUKTI = ['status', 'catatanVerifikasi'];

/**
 * An operator attaches, renames and removes evidence of its own OPD's records (the record it belongs
 * to must be on the server and of the same OPD); verifying it is the admin's (issue 15 point 5).
 */
async function alasanBuktiDukung(k: KonteksIzin, opd: string): Promise<Penolakan | null> {
  for (const r of [k.lama, k.baru]) if (r && r.opdId !== opd) return izin(`${TOLAK}: bukti dukung milik perangkat daerah lain`);
  // A new record counts by its values (a client may send the defaults), a stored one by what changes.
  const verifikasi = k.lama
    ? k.berubah.some((f) => FIELD_VERIFIKASI_BUKTI.includes(f))
    : k.baru !== null && ((k.baru.status ?? 'menunggu') !== 'menunggu' || (k.baru.catatanVerifikasi ?? '') !== '');
  if (verifikasi) return izin(`${TOLAK}: hanya Bappeda (admin) yang memverifikasi bukti dukung`);
  const r = k.baru ?? k.lama;
  if (!r) return null;
  const pemilik = k.baca ? await k.baca(r.tabel as NamaTabel, r.recordId) : null;
  if (!pemilik) return tolakan('induk', `Data induk (${String(r.tabel)}) tidak ditemukan di server`);
  if (pemilik.opdId !== opd) return izin(`${TOLAK}: data induk milik perangkat daerah lain`);
  return null;
}

/**
 * One attachment of a stored content, as the read rule needs it (docs/bukti-dukung.md "Hak baca"):
 * a live `buktiDukung` record naming the hash. `opdRecord` is the OPD of the record the file is
 * attached to (the realisasi, realisasiAnggaran, tindakLanjutArahan or laporan its `tabel` and
 * `recordId` name; never the `buktiDukung` record's own `opdId`, which its writer chose), null when
 * that record is not on the server or deleted. `penulis` is the account that last wrote the
 * record's `hash` field (the server's field rev, `field_revs.hash.oleh`) with its current role and
 * OPD, null when unknown.
 */
export interface LampiranBerkas {
  opdRecord: string | null;
  penulis: PemegangIzin | null;
}

/**
 * May this account download a file (docs/bukti-dukung.md "Hak baca"; issue 15 point 3 "served only
 * to users who may read the record it belongs to")? Evidence may hold personal data (faces,
 * letters): admin, pimpinan and viewer (Inspektorat) read every file; an operator reads a file
 *
 * - when its OPD holds the content (`pemegang`: the OPDs an upload delivered the bytes for, and the
 *   `berkas` row's first OPD), or
 * - when the file is attached to a record of its OPD by an account that could read the file itself
 *   (`lampiran`): the read right follows the record the file is attached to, as far as the
 *   attaching account's own right reaches. Bappeda (admin) attaching a file another OPD sent to an
 *   OPD's realisasi lets that OPD read it; an operator naming a hash it never held on its own
 *   record grants nothing (a hash is no secret: every operator pulls every record), and neither
 *   does changing the hash of a record someone else attached (the hash's writer is who counts).
 *
 * The writer's right is judged on `pemegang` only (no chain of attachments) and with the writer's
 * current role: an admin later made an operator no longer opens files for others.
 */
export function bolehBacaBerkas(user: PemegangIzin, pemegang: readonly (string | null)[], lampiran: readonly LampiranBerkas[] = []): boolean {
  if (user.role !== 'operator') return true;
  const opd = user.opdId;
  if (opd === null) return false;
  if (pemegang.includes(opd)) return true;
  return lampiran.some((l) => l.opdRecord === opd && l.penulis !== null && bolehBacaBerkas(l.penulis, pemegang));
}
