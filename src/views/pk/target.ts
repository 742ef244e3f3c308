/**
 * Target inputs of the PK editor (pure): a target is typed as text (id-ID numbers) into one box,
 * or two boxes (lower and upper bound) for a `rentang` indicator.
 */
import type { Polaritas, TargetNilai } from '../../domain/schemas.ts';
import { parseAngka } from '../../lib/format.ts';

export interface TeksTarget {
  a: string;
  b: string;
}

const teksAngka = (n: number) => String(n).replace('.', ',');

export function keTeks(t: TargetNilai | null | undefined): TeksTarget {
  if (t === null || t === undefined) return { a: '', b: '' };
  return Array.isArray(t) ? { a: teksAngka(t[0]), b: teksAngka(t[1]) } : { a: teksAngka(t), b: '' };
}

export type HasilTarget = { ok: true; nilai: TargetNilai | null } | { ok: false; pesan: string };

/** Text → target. Empty → null (allowed unless `wajib`); a band needs both bounds, lower ≤ upper. */
export function dariTeks(polaritas: Polaritas, t: TeksTarget, wajib = false): HasilTarget {
  const a = t.a.trim();
  const b = t.b.trim();
  if (polaritas === 'rentang') {
    if (a === '' && b === '') return wajib ? { ok: false, pesan: 'Target wajib diisi' } : { ok: true, nilai: null };
    if (a === '' || b === '') return { ok: false, pesan: 'Isi batas bawah dan batas atas' };
    const na = parseAngka(a);
    const nb = parseAngka(b);
    if (na === null || nb === null) return { ok: false, pesan: 'Batas harus berupa angka, mis. 1.234,5' };
    if (na > nb) return { ok: false, pesan: 'Batas bawah harus ≤ batas atas' };
    return { ok: true, nilai: [na, nb] };
  }
  if (a === '') return wajib ? { ok: false, pesan: 'Target wajib diisi' } : { ok: true, nilai: null };
  const n = parseAngka(a);
  if (n === null) return { ok: false, pesan: `“${a}” bukan angka, mis. 1.234,5` };
  return { ok: true, nilai: n };
}
