/**
 * Differences between two PK versions (pure), for the side-by-side view of a Perubahan PK:
 * indicators are matched through `indikatorAsalId` (the amendment's lineage), programmes by
 * kode or name. Only what the rakor cares about is compared: targets, satuan/polarity, pagu.
 */
import type { Indikator, Program, Sasaran, TargetNilai } from '../../domain/schemas.ts';
import { formatTarget } from '../../domain/target.ts';

export type JenisBeda = 'tetap' | 'berubah' | 'baru' | 'dihapus';

export interface BedaIndikator {
  jenis: JenisBeda;
  lama: Indikator | null;
  baru: Indikator | null;
  /** Names of the compared fields that differ. */
  field: string[];
}

export interface BedaProgram {
  jenis: JenisBeda;
  lama: Program | null;
  baru: Program | null;
  field: string[];
}

export interface IsiVersi {
  sasaran: Sasaran[];
  indikator: Indikator[];
  program: Program[];
}

const sama = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

const FIELD_INDIKATOR = ['uraian', 'satuan', 'polaritas', 'agregasi', 'targetTahunan', 'targetTriwulan', 'targetMilestone'] as const;
const FIELD_PROGRAM = ['nama', 'pagu', 'targetFisik'] as const;

function urutanSasaran(v: IsiVersi): Map<string, number> {
  return new Map([...v.sasaran].sort((a, b) => a.urutan - b.urutan).map((s, i) => [s.id, i]));
}

export function bandingkanIndikator(lama: IsiVersi, baru: IsiVersi): BedaIndikator[] {
  const sisaLama = new Map(lama.indikator.map((i) => [i.id, i]));
  const posisi = urutanSasaran(baru);
  const hasil: BedaIndikator[] = [];
  const urutBaru = [...baru.indikator].sort((a, b) => (posisi.get(a.sasaranId) ?? 0) - (posisi.get(b.sasaranId) ?? 0) || a.urutan - b.urutan);
  for (const b of urutBaru) {
    const l = b.indikatorAsalId ? sisaLama.get(b.indikatorAsalId) : undefined;
    if (!l) {
      hasil.push({ jenis: 'baru', lama: null, baru: b, field: [] });
      continue;
    }
    sisaLama.delete(l.id);
    const field = FIELD_INDIKATOR.filter((f) => !sama(l[f], b[f]));
    hasil.push({ jenis: field.length ? 'berubah' : 'tetap', lama: l, baru: b, field: [...field] });
  }
  for (const l of sisaLama.values()) hasil.push({ jenis: 'dihapus', lama: l, baru: null, field: [] });
  return hasil;
}

export function bandingkanProgram(lama: IsiVersi, baru: IsiVersi): BedaProgram[] {
  const key = (p: Program) => (p.kode.trim() ? `k:${p.kode.trim()}` : `n:${p.nama.trim().toLowerCase()}`);
  const sisaLama = new Map(lama.program.map((p) => [key(p), p]));
  const hasil: BedaProgram[] = [];
  for (const b of [...baru.program].sort((x, y) => x.urutan - y.urutan)) {
    const l = sisaLama.get(key(b));
    if (!l) {
      hasil.push({ jenis: 'baru', lama: null, baru: b, field: [] });
      continue;
    }
    sisaLama.delete(key(b));
    const field = FIELD_PROGRAM.filter((f) => !sama(l[f], b[f]));
    hasil.push({ jenis: field.length ? 'berubah' : 'tetap', lama: l, baru: b, field: [...field] });
  }
  for (const l of sisaLama.values()) hasil.push({ jenis: 'dihapus', lama: l, baru: null, field: [] });
  return hasil;
}

/** Target shown compactly: "100", "10 – 20", or quarterly "25 / 50 / 75 / 100". */
export function ringkasTarget(t: TargetNilai | null, fmt: (n: number) => string): string {
  if (t === null) return '–';
  if (typeof t === 'number') return fmt(t);
  if (Array.isArray(t)) return `${fmt(t[0])} – ${fmt(t[1])}`;
  return formatTarget(t);
}
