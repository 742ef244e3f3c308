/**
 * Pure helpers behind the data-entry grids (Realisasi, Anggaran): keyboard movement between cells,
 * spreadsheet paste, the target of a period, the route query.
 * Plain data in, plain data out; unit-tested in tests/unit/views/grid.test.ts.
 */
import { PERIODE_MILESTONE, type Indikator, type Periode, type PeriodeMilestone, type TargetNilai } from '../../domain/schemas.ts';
import type { Triwulan } from '../../domain/periode.ts';
import { namaTingkat, peringkat } from '../../domain/target.ts';
import { parseAngkaId } from '../../lib/format.ts';

// ---------------------------------------------------------------- keyboard movement

export interface Posisi {
  baris: number;
  kolom: number;
}

/** A key that moves between cells, or null when the key is not a movement key. */
export type Arah = 'kanan' | 'kiri' | 'bawah' | 'atas';

export function arahDariTombol(e: { key: string; shiftKey: boolean; altKey?: boolean; ctrlKey?: boolean; metaKey?: boolean }): Arah | null {
  if (e.altKey || e.ctrlKey || e.metaKey) return null;
  if (e.key === 'Tab') return e.shiftKey ? 'kiri' : 'kanan';
  if (e.key === 'Enter') return e.shiftKey ? 'atas' : 'bawah';
  if (e.key === 'ArrowDown') return 'bawah';
  if (e.key === 'ArrowUp') return 'atas';
  return null;
}

/**
 * The cell reached from `dari` in direction `arah` on a grid of `jumlahBaris` × `jumlahKolom`
 * editable cells. Tab (kanan/kiri) runs row-major and wraps to the next/previous row; Enter
 * (bawah/atas) stays in its column. Returns null at the grid's edge (focus may then leave the grid).
 * `bisaDiisi` skips cells that are read-only (e.g. a TDI row's value).
 */
export function selBerikut(
  dari: Posisi,
  arah: Arah,
  jumlahBaris: number,
  jumlahKolom: number,
  bisaDiisi: (p: Posisi) => boolean = () => true,
): Posisi | null {
  if (jumlahBaris <= 0 || jumlahKolom <= 0) return null;
  let { baris, kolom } = dari;
  for (let langkah = 0; langkah < jumlahBaris * jumlahKolom; langkah++) {
    if (arah === 'bawah') baris++;
    else if (arah === 'atas') baris--;
    else if (arah === 'kanan') {
      kolom++;
      if (kolom >= jumlahKolom) { kolom = 0; baris++; }
    } else {
      kolom--;
      if (kolom < 0) { kolom = jumlahKolom - 1; baris--; }
    }
    if (baris < 0 || baris >= jumlahBaris) return null;
    if (bisaDiisi({ baris, kolom })) return { baris, kolom };
  }
  return null;
}

// ---------------------------------------------------------------- paste

/**
 * Clipboard text from a spreadsheet → rows of cells. Lines split on CR/LF, cells on tabs; the
 * trailing empty line spreadsheets add is dropped. Single-line single-cell text returns null: a
 * plain paste into one cell is left to the browser.
 */
export function pecahTempelan(teks: string): string[][] | null {
  const baris = teks.replace(/\r\n?/g, '\n').split('\n');
  while (baris.length > 0 && baris[baris.length - 1]!.trim() === '') baris.pop();
  const sel = baris.map((b) => b.split('\t').map((s) => s.trim()));
  if (sel.length === 0) return null;
  if (sel.length === 1 && sel[0]!.length === 1) return null;
  return sel;
}

/**
 * Where each pasted cell lands: starting at `mulai`, rows go down the grid, columns go right;
 * cells falling outside the grid are counted in `terpotong` (the UI says how many were left out).
 */
export function petakanTempelan(
  sel: string[][],
  mulai: Posisi,
  jumlahBaris: number,
  jumlahKolom: number,
): { isi: { posisi: Posisi; teks: string }[]; terpotong: number } {
  const isi: { posisi: Posisi; teks: string }[] = [];
  let terpotong = 0;
  sel.forEach((cols, i) => {
    cols.forEach((teks, j) => {
      const posisi = { baris: mulai.baris + i, kolom: mulai.kolom + j };
      if (posisi.baris < jumlahBaris && posisi.kolom < jumlahKolom) isi.push({ posisi, teks });
      else terpotong++;
    });
  });
  return { isi, terpotong };
}

// ---------------------------------------------------------------- typed and pasted values

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

// ---------------------------------------------------------------- periods and targets

/** Target of an indicator for a period: the quarter's target s.d. TWn, else the annual one. */
export function targetPeriode(ind: Pick<Indikator, 'targetTahunan' | 'targetTriwulan' | 'targetMilestone'>, periode: Periode): TargetNilai | null {
  if (periode === '100H' || periode === '6B' || periode === '1T') return ind.targetMilestone?.[periode] ?? null;
  const n = Number(periode.slice(2));
  return ind.targetTriwulan?.[n - 1] ?? ind.targetTahunan;
}

/** Does the indicator carry a milestone target for this period? */
export function punyaMilestone(ind: Pick<Indikator, 'targetMilestone'>, periode: Periode): boolean {
  if (periode !== '100H' && periode !== '6B' && periode !== '1T') return false;
  const t = ind.targetMilestone?.[periode];
  return t !== null && t !== undefined;
}

// ---------------------------------------------------------------- route query

/** `#/realisasi?opd=ID&tahun=2026&tw=3` → the query as a map (empty when none). */
export function queryHash(hash: string): URLSearchParams {
  const i = hash.indexOf('?');
  return new URLSearchParams(i < 0 ? '' : hash.slice(i + 1));
}

/** Integer query parameter within [min, max], else the fallback. */
export function angkaQuery(q: URLSearchParams, nama: string, min: number, max: number, cadangan: number): number {
  const v = Number(q.get(nama));
  return Number.isInteger(v) && v >= min && v <= max ? v : cadangan;
}

// ---------------------------------------------------------------- the Realisasi screen's period

/**
 * A milestone (100H/6B/1T) picked on the Realisasi screen, with the quarter that was active when it
 * was picked. The quarter itself lives in the shared periodeAktif (the header picker), so the screen
 * and the header can never disagree; choosing another quarter in the header leaves the milestone.
 */
export interface PilihanMilestone {
  kode: PeriodeMilestone;
  triwulan: Triwulan;
}

/** The period the grid shows: the picked milestone while its quarter is active, else that quarter. */
export function periodeTampil(triwulan: Triwulan, milestone: PilihanMilestone | null): Periode {
  return milestone && milestone.triwulan === triwulan ? milestone.kode : `TW${triwulan}`;
}

/**
 * What a Realisasi link asks for (`opd`, `tahun`, `tw` or `periode`), falling back to the active
 * period for whatever it leaves out. A `periode=TWn` link counts as `tw=n`.
 */
export function konteksDariQuery(
  q: URLSearchParams,
  aktif: { tahun: number; triwulan: Triwulan },
): { opdId: string | null; tahun: number; triwulan: Triwulan; milestone: PeriodeMilestone | null } {
  const periode = q.get('periode') ?? '';
  const twPeriode = /^TW([1-4])$/.exec(periode)?.[1];
  const milestone = (PERIODE_MILESTONE as readonly string[]).includes(periode) ? (periode as PeriodeMilestone) : null;
  return {
    opdId: q.get('opd') || null,
    tahun: angkaQuery(q, 'tahun', 2000, 2100, aktif.tahun),
    triwulan: angkaQuery(q, 'tw', 1, 4, twPeriode ? Number(twPeriode) : aktif.triwulan) as Triwulan,
    milestone,
  };
}

/** The link of what the Realisasi screen shows: `#/realisasi?opd=ID&tahun=2026&tw=4` (or `&periode=100H`). */
export function hashRealisasi(opdId: string, tahun: number, periode: Periode): string {
  const q = new URLSearchParams();
  if (opdId) q.set('opd', opdId);
  q.set('tahun', String(tahun));
  if (periode.startsWith('TW')) q.set('tw', periode.slice(2));
  else q.set('periode', periode);
  return `#/realisasi?${q}`;
}
