/**
 * The local database (docs/architecture.md "Local storage"): one Dexie database per signed-in user, holding a full copy of
 * what that user may read, the outbox of unsent mutations, and sync bookkeeping.
 *
 * Schema versions are append-only. Every new version keeps the outbox (tests/unit/db/migrations.test.ts
 * opens a database written by each earlier version with unsynced mutations in it).
 */
import { Dexie, type EntityTable } from 'dexie';
import type { Mutation } from '../shared/protocol.ts';
import type {
  Arahan, EvaluasiPejabat, Indikator, Konflik, KunciPeriode, Laporan, NamaTabel, Opd, Pemda, Pk,
  Program, Rakor, Realisasi, RealisasiAnggaran, Sasaran,
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
  kunciPeriode!: EntityTable<KunciPeriode, 'id'>;
  evaluasiPejabat!: EntityTable<EvaluasiPejabat, 'id'>;
  konflik!: EntityTable<Konflik, 'id'>;
  outbox!: EntityTable<OutboxEntry, 'seq'>;
  penolakan!: EntityTable<Penolakan, 'id'>;
  meta!: EntityTable<Meta, 'key'>;

  constructor(name: string) {
    super(name);
    this.version(1).stores(SCHEMA_V1);
  }
}

/** One database per user: two officers sharing a tablet never see each other's unsent work. */
export const namaDatabase = (userId: string) => `pantau-kinerja-${userId}`;
