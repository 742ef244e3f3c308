/**
 * A realisasi value as typed or pasted into the Realisasi grid, and back as cell text (pure).
 * Rules: docs/import.md §Angka (id-ID first, never reread silently) and
 * docs/domain/target-capaian.md §Skala ordinal. Tests: tests/unit/domain/target-capaian.test.ts.
 */
import type { Indikator } from '../../domain/schemas.ts';
import { namaTingkat, peringkat } from '../../domain/target.ts';
import { parseAngkaId } from '../../lib/format.ts';

/**
 * A realisasi typed or pasted into the grid (docs/import.md §Angka, the same rule as the import):
 * id-ID first ("1.234,5", "0,822"); a value written in the other convention ("59.89",
 * "10,274,076") is NOT silently reread: it is refused with the id-ID spelling to type instead.
 * On an ordinal indicator the level name ("WTP", "Hijau") or its number on the scale is accepted
 * and stored as the 1-based level (docs/domain/target-capaian.md §Skala ordinal).
 * Empty → null.
 */
export function bacaNilaiRealisasi(teks: string, ind: Pick<Indikator, 'skala'>): { ok: true; nilai: number | null } | { ok: false; pesan: string } {
  const t = teks.trim();
  if (t === '') return { ok: true, nilai: null };
  if (ind.skala) {
    const p = peringkat(ind.skala, t);
    if (p !== null) return { ok: true, nilai: p };
    const n = Number(t);
    if (Number.isInteger(n) && n >= 1 && n <= ind.skala.tingkat.length) return { ok: true, nilai: n };
    return { ok: false, pesan: `“${t}” bukan tingkat skala ${ind.skala.nama}: ${ind.skala.tingkat.join(', ')}` };
  }
  const h = parseAngkaId(t);
  return h.ok ? h : { ok: false, pesan: h.pesan };
}

/** The stored realisasi as cell text: the level name on an ordinal indicator, else the number with every digit. */
export function teksNilaiRealisasi(n: number | null | undefined, ind: Pick<Indikator, 'skala'>, angka: (n: number | null | undefined) => string): string {
  if (ind.skala && n !== null && n !== undefined) return namaTingkat(ind.skala, n) ?? angka(n);
  return angka(n);
}
