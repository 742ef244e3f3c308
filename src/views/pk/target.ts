/**
 * Target inputs of the PK editor (pure): a target is typed as text into one box — a number
 * ("0,822"), a comparison ("≥ 85"), a band ("80 - 90") or a level of the indicator's scale ("WTP") —
 * or two boxes (lower and upper bound) for a two-sided `rentang` indicator.
 * Rules: docs/domain/target-capaian.md §Menulis target; numbers id-ID first (docs/import.md §Angka).
 */
import type { Polaritas, Skala, TargetNilai } from '../../domain/schemas.ts';
import { bacaTeksTarget, cocokPolaritas, formatTarget } from '../../domain/target.ts';
import { parseAngkaId } from '../../lib/format.ts';

export interface TeksTarget {
  a: string;
  b: string;
}

/** A stored number as editable text with every digit ("1234,5", "0,822"; no grouping). */
const teksAngka = (n: number) => String(n).replace('.', ',');

export function keTeks(t: TargetNilai | null | undefined): TeksTarget {
  if (t === null || t === undefined) return { a: '', b: '' };
  if (typeof t === 'number') return { a: teksAngka(t), b: '' };
  if (Array.isArray(t)) return { a: teksAngka(t[0]), b: teksAngka(t[1]) };
  return { a: formatTarget(t).replace(/\./g, ''), b: '' };
}

export type HasilTarget = { ok: true; nilai: TargetNilai | null } | { ok: false; pesan: string };

/**
 * Text → target. Empty → null (allowed unless `wajib`); a two-sided band needs both bounds,
 * lower ≤ upper. A number in the other convention ("59.89") is refused with the id-ID spelling to
 * type instead; an ambiguous one ("1.234") is read id-ID (docs/import.md §Angka).
 */
export function dariTeks(polaritas: Polaritas, t: TeksTarget, wajib = false, skala: Skala | null = null): HasilTarget {
  const a = t.a.trim();
  const b = t.b.trim();
  if (polaritas === 'rentang') {
    if (a === '' && b === '') return wajib ? { ok: false, pesan: 'Target wajib diisi' } : { ok: true, nilai: null };
    if (b === '') {
      // A band typed in one box ("2 - 4").
      const r = bacaTeksTarget(a);
      if (r.ok && Array.isArray(r.nilai))
        return dariTeks(polaritas, { a: String(r.nilai[0]).replace('.', ','), b: String(r.nilai[1]).replace('.', ',') }, wajib);
    }
    if (a === '' || b === '') return { ok: false, pesan: 'Isi batas bawah dan batas atas' };
    const na = parseAngkaId(a);
    const nb = parseAngkaId(b);
    if (!na.ok) return { ok: false, pesan: na.pesan };
    if (!nb.ok) return { ok: false, pesan: nb.pesan };
    if (na.nilai === null || nb.nilai === null) return { ok: false, pesan: 'Batas harus berupa angka, mis. 1.234,5' };
    if (na.nilai > nb.nilai) return { ok: false, pesan: 'Batas bawah harus ≤ batas atas' };
    return { ok: true, nilai: [na.nilai, nb.nilai] };
  }
  if (a === '') return wajib ? { ok: false, pesan: 'Target wajib diisi' } : { ok: true, nilai: null };
  const r = bacaTeksTarget(a, skala);
  if (!r.ok) return r;
  const lain = r.ragu.find((x) => x.id === null);
  if (lain) return { ok: false, pesan: parseAngkaId(lain.teks).ok ? 'Angka tidak valid' : (parseAngkaId(lain.teks) as { pesan: string }).pesan };
  const salah = cocokPolaritas(r.nilai, polaritas, skala);
  if (salah) return { ok: false, pesan: salah };
  return { ok: true, nilai: r.nilai };
}
