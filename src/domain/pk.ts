/**
 * The frozen snapshot a PK carries once signed (docs/domain/README.md "PK signing and amendment"): a copy of its sasaran, indikator
 * and program without the sync fields, so later edits (or amendments) cannot change what was
 * signed. Pure; the repository decides when to call it.
 */
import type { Indikator, Program, Sasaran } from './schemas.ts';

type TanpaSinkron<T> = Omit<T, 'rev' | 'updatedAt' | 'updatedBy' | 'deleted'>;

export interface SnapshotPk {
  versi: 1;
  sasaran: TanpaSinkron<Sasaran>[];
  indikator: TanpaSinkron<Indikator>[];
  program: TanpaSinkron<Program>[];
}

function tanpaSinkron<T extends { rev: number; updatedAt: string; updatedBy: string; deleted: boolean }>(r: T): TanpaSinkron<T> {
  const { rev: _rev, updatedAt: _u, updatedBy: _b, deleted: _d, ...isi } = r;
  return isi;
}

/** Snapshot of the live (non-deleted) children of one PK, in their display order. */
export function snapshotPk(pkId: string, sasaran: readonly Sasaran[], indikator: readonly Indikator[], program: readonly Program[]): SnapshotPk {
  const milik = <T extends { pkId: string; deleted: boolean; urutan: number }>(rows: readonly T[]) =>
    rows.filter((r) => r.pkId === pkId && !r.deleted).sort((a, b) => a.urutan - b.urutan);
  return {
    versi: 1,
    sasaran: milik(sasaran).map(tanpaSinkron),
    indikator: milik(indikator).map(tanpaSinkron),
    program: milik(program).map(tanpaSinkron),
  };
}
