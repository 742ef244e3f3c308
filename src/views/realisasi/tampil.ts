/** Display helpers of the data-entry screens (id-ID). */
import type { TargetNilai } from '../../domain/schemas.ts';
import { formatAngka } from '../../lib/format.ts';

/** "1.234,5", a band "10 – 20", or "–" when no target is set. */
export function formatTarget(t: TargetNilai | null | undefined): string {
  if (t === null || t === undefined) return '–';
  return Array.isArray(t) ? `${formatAngka(t[0])} – ${formatAngka(t[1])}` : formatAngka(t);
}

const fmtSel = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 10 });

/** A stored number as editable cell text: id-ID grouping, full precision ("1.232.594.000", "86,64"). */
export function teksSel(n: number | null | undefined): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return '';
  return fmtSel.format(n).replace(/[\u00a0\u202f]/g, ' ');
}

export type StatusTampil = 'galat' | 'draf' | 'lokal' | 'tersinkron' | 'konflik' | 'ditolak' | null;

/**
 * What the status column shows for a cell: its own error first, then unsaved typing, then the
 * record's sync status (a stored record without sync info is local), nothing for an empty cell.
 */
export function statusSel(o: {
  galat: string | undefined;
  draf: string | undefined;
  teksTersimpan: string;
  adaRecord: boolean;
  sinkron: 'lokal' | 'tersinkron' | 'konflik' | 'ditolak' | undefined;
}): StatusTampil {
  if (o.galat) return 'galat';
  if (o.draf !== undefined && o.draf !== o.teksTersimpan) return 'draf';
  if (!o.adaRecord) return null;
  return o.sinkron ?? 'lokal';
}
