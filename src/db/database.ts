/**
 * The local database (docs/architecture.md "Local storage"): one Dexie database per signed-in user, holding a full copy of
 * what that user may read, the outbox of unsent mutations, and sync bookkeeping.
 *
 * Schema versions are append-only. Every new version keeps the outbox (tests/unit/db/migrations.test.ts
 * opens a database written by each earlier version with unsynced mutations in it).
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Mutation } from '../shared/protocol.ts';
import type { KodePenolakan } from '../shared/penolakan.ts';
import type {
  Arahan,
  EvaluasiPejabat,
  EvaluasiPj,
  TindakLanjutArahan,
  Indikator,
  Konflik,
  KunciPeriode,
  Laporan,
  NamaTabel,
  Opd,
  PejabatRecord,
  Pemda,
  Pk,
  Program,
  Rakor,
  Realisasi,
  RealisasiAnggaran,
  Sasaran,
  TugasPj,
  BuktiDukung,
} from '../domain/schemas.ts';

/** A mutation waiting to be pushed. `seq` is contiguous per client (the server checks for gaps). */
/** An outbox entry always has its id locally (the wire may omit it). */
export type OutboxEntry = Mutation & { id: string };

/** The server refused a mutation: kept so the user sees why and can fix or discard it. */
export interface Penolakan {
  /** `${table}:${key}` */
  id: string;
  table: NamaTabel;
  key: string;
  reason: string;
  /** Why, as the server's machine code (src/shared/penolakan.ts); absent in rejections stored before codes. */
  kode?: KodePenolakan;
  fields: Record<string, unknown>;
  at: string;
}

export interface Meta {
  key: string;
  value: unknown;
}

/** Index definitions per version. Only ever add a new version below; never edit an old one. */
export const SCHEMA_V1 = {
  pemda: 'id',
  opd: 'id, kode, urutan',
  pk: 'id, opdId, tahun, [opdId+tahun]',
  sasaran: 'id, pkId',
  indikator: 'id, pkId, sasaranId, opdId',
  program: 'id, pkId, opdId',
  realisasi: 'id, indikatorId, opdId, [tahun+periode], [opdId+tahun]',
  realisasiAnggaran: 'id, programId, opdId, [tahun+triwulan]',
  laporan: 'id, opdId, [tahun+triwulan]',
  rakor: 'id, [tahun+triwulan], tanggal',
  arahan: 'id, rakorId, opdId, batasWaktu',
  kunciPeriode: 'id, [tahun+triwulan]',
  evaluasiPejabat: 'id, opdId, tahun',
  konflik: 'id, recordId, status',
  outbox: 'seq, [table+key]',
  penolakan: 'id, [table+key]',
  meta: 'key',
} as const;

/**
 * Version 2 (issue 13, docs/domain/pejabat.md): officials as records (`pejabat`), pasal 142
 * evaluations keyed per official (`evaluasiPejabat` gains a pejabatId index), and the Penjabat
 * kepala daerah evaluation (`evaluasiPj`, `tugasPj`). Only stores/indexes are added.
 */
export const SCHEMA_V2 = {
  pejabat: 'id, opdId, nip',
  evaluasiPejabat: 'id, pejabatId, opdId, tahun',
  evaluasiPj: 'id, pejabatId',
  tugasPj: 'id, evaluasiPjId, opdId, batasWaktu',
} as const;
/** v3: follow-up per addressee of an arahan (issue 9 point 5, docs/domain/rakor.md §Tindak lanjut). */
export const SCHEMA_V3 = { tindakLanjutArahan: 'id, arahanId, opdId' } as const;
/**
 * v4: bukti dukung (issue 15, docs/bukti-dukung.md): the synced records naming files by hash, and
 * the files themselves on this device (`berkasLokal`, a Blob per content hash with its upload state).
 * Only stores are added.
 */
export const SCHEMA_V4 = { buktiDukung: 'id, [tabel+recordId], opdId, hash', berkasLokal: 'hash, status' } as const;

/**
 * v5 (issue 15 point 4; docs/bukti-dukung.md "Pratinjau di tablet"): thumbnails pulled from the
 * server (`pratinjauLokal`, per content hash) and full files the person marked "Simpan untuk
 * luring" (`berkasLuring`). Only stores are added.
 */
export const SCHEMA_V5 = { pratinjauLokal: 'hash', berkasLuring: 'hash' } as const;

/**
 * A thumbnail of an evidence image kept on this device (docs/bukti-dukung.md "Pratinjau di tablet"):
 * the server's 320 px WebP, or `blob` null when the server has none for it (a document, an image it
 * cannot decode, a file this account may not read), so it is not asked again — except a refusal
 * (`ditolak`), asked again once more records name the file or a day has passed.
 */
export interface PratinjauLokal {
  hash: string;
  blob: Blob | null;
  /** ISO time of the answer. */
  diambilPada: string;
  /**
   * Set when the server refused it (403: this account may not read the file): how many live
   * `buktiDukung` records on this device named the file then. A new attachment of the same file
   * to a record of the account's OPD is what grants the right (src/shared/izin.ts `bolehBacaBerkas`).
   */
  ditolak?: { lampiran: number };
}

/** A full evidence file kept for offline use because the person marked it (docs/bukti-dukung.md "Simpan untuk luring"). */
export interface BerkasLuring {
  hash: string;
  blob: Blob;
  nama: string;
  mime: string;
  ukuran: number;
  disimpanPada: string;
}

/**
 * Upload state of a file on this device (docs/bukti-dukung.md "Status berkas"): `lokal` saved here
 * and waiting, `mengunggah` bytes going out (`terkirimByte` of `ukuran`), `terkirim` on the server,
 * `ditolak` refused by the server with its Indonesian `alasan` (never retried by itself).
 */
export type StatusBerkas = 'lokal' | 'mengunggah' | 'terkirim' | 'ditolak';

/** A file attached on this device, kept as a Blob under its sha256 (one copy per content). */
export interface BerkasLokal {
  hash: string;
  blob: Blob;
  nama: string;
  mime: string;
  /** Bytes of `blob` (after compression). */
  ukuran: number;
  /** The record it was first attached to (sent as the upload's metadata: the server's quota and rights). */
  tabel: string;
  recordId: string;
  opdId: string;
  status: StatusBerkas;
  terkirimByte: number;
  alasan: string;
  /** The tus upload's address once created, so a cut upload resumes from the server's offset. */
  urlUnggah: string | null;
  dibuatPada: string;
}

export class PantauDB extends Dexie {
  pemda!: EntityTable<Pemda, 'id'>;
  opd!: EntityTable<Opd, 'id'>;
  pk!: EntityTable<Pk, 'id'>;
  sasaran!: EntityTable<Sasaran, 'id'>;
  indikator!: EntityTable<Indikator, 'id'>;
  program!: EntityTable<Program, 'id'>;
  realisasi!: EntityTable<Realisasi, 'id'>;
  realisasiAnggaran!: EntityTable<RealisasiAnggaran, 'id'>;
  laporan!: EntityTable<Laporan, 'id'>;
  rakor!: EntityTable<Rakor, 'id'>;
  arahan!: EntityTable<Arahan, 'id'>;
  tindakLanjutArahan!: EntityTable<TindakLanjutArahan, 'id'>;
  kunciPeriode!: EntityTable<KunciPeriode, 'id'>;
  evaluasiPejabat!: EntityTable<EvaluasiPejabat, 'id'>;
  konflik!: EntityTable<Konflik, 'id'>;
  pejabat!: EntityTable<PejabatRecord, 'id'>;
  evaluasiPj!: EntityTable<EvaluasiPj, 'id'>;
  tugasPj!: EntityTable<TugasPj, 'id'>;
  buktiDukung!: EntityTable<BuktiDukung, 'id'>;
  berkasLokal!: EntityTable<BerkasLokal, 'hash'>;
  pratinjauLokal!: EntityTable<PratinjauLokal, 'hash'>;
  berkasLuring!: EntityTable<BerkasLuring, 'hash'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  penolakan!: EntityTable<Penolakan, 'id'>;
  meta!: EntityTable<Meta, 'key'>;

  constructor(name: string) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
    // Records written before version 2 get the new fields' defaults, as the server's schema fills them.
    this.version(2)
      .stores(SCHEMA_V2)
      .upgrade(async (tx) => {
        await tx
          .table('pk')
          .toCollection()
          .modify((p: Record<string, unknown>) => {
            for (const f of ['pihakPertamaId', 'pihakKeduaId', 'pkIndukId']) if (!(f in p)) p[f] = null;
          });
        await tx
          .table('indikator')
          .toCollection()
          .modify((i: Record<string, unknown>) => {
            if (!('mendukungId' in i)) i.mendukungId = null;
          });
      });
    this.version(3).stores(SCHEMA_V3);
    this.version(4).stores(SCHEMA_V4);
    this.version(5).stores(SCHEMA_V5);
  }
}

/**
 * meta key: the highest outbox seq ever handed to a push request (written with the batch's read,
 * before the request; src/db/outbox.ts `ambilBatch`). An entry at or below it may have reached the
 * server (its answer lost), so no later edit is merged into it (issue 17 §4).
 */
export const KEY_SEQ_TERKIRIM = 'seqTerkirim';

/** One database per user: two officers sharing a tablet never see each other's unsent work. */
export const namaDatabase = (userId: string) => `pantau-kinerja-${userId}`;
