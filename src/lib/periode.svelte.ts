/**
 * The active period (tahun + triwulan) picked on Beranda or in the header and shared by every
 * screen (docs/architecture.md "Active period"). Remembered in localStorage so a reload keeps the choice.
 */
import type { Triwulan } from '../domain/periode.ts';
import { aturZonaAktif, periodeBawaan as periodeBawaanZona } from '../domain/waktu.ts';

export interface PeriodeAktif {
  tahun: number;
  triwulan: Triwulan;
}

const KEY_PENYIMPANAN = 'pantau-kinerja.periode';

/**
 * The quarter being reported on a given day: the last quarter that has ended, in the pemda's zone
 * (domain/waktu.ts `periodeBawaan`, the same rule the Layar and Rakor use).
 */
export function periodeBawaan(now: Date): PeriodeAktif {
  return periodeBawaanZona(now);
}

const KUNCI_ZONA = 'pantau-kinerja.zona';

/**
 * The pemda's time zone as the active zone of every date function (domain/waktu.ts), remembered
 * so the next start (before the local database opens) uses it too.
 */
export function aturZonaPemda(zona: unknown): void {
  aturZonaAktif(zona);
  try {
    if (typeof zona === 'string') localStorage.setItem(KUNCI_ZONA, zona);
  } catch {
    // Private mode: the zone is set again when the profile is read.
  }
}
try {
  if (typeof localStorage !== 'undefined') aturZonaAktif(localStorage.getItem(KUNCI_ZONA));
} catch {
  // No storage: WIB until the profile is read.
}

/**
 * The quarter a rakor held `now` normally discusses (Rakor and Layar). The same rule as
 * `periodeBawaan` — one function in domain/waktu.ts, the pemda's zone — so the two never disagree
 * (they did at a quarter boundary in WITA: issue 10).
 */
export function periodeRakorBawaan(now: Date): { tahun: number; triwulan: 1 | 2 | 3 | 4 } {
  return periodeBawaanZona(now);
}

function valid(p: unknown): p is PeriodeAktif {
  if (!p || typeof p !== 'object') return false;
  const { tahun, triwulan } = p as Record<string, unknown>;
  return Number.isInteger(tahun) && (tahun as number) >= 2000 && (tahun as number) <= 2100 && [1, 2, 3, 4].includes(triwulan as number);
}

function muat(): PeriodeAktif {
  try {
    const s = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY_PENYIMPANAN) : null;
    const p: unknown = s ? JSON.parse(s) : null;
    if (valid(p)) return { tahun: p.tahun, triwulan: p.triwulan };
  } catch {
    // A damaged entry falls back to today's quarter.
  }
  return periodeBawaan(new Date());
}

class Periode {
  #nilai = $state.raw<PeriodeAktif>(muat());

  get current(): PeriodeAktif {
    return this.#nilai;
  }

  set current(p: PeriodeAktif) {
    if (!valid(p)) return;
    if (p.tahun === this.#nilai.tahun && p.triwulan === this.#nilai.triwulan) return;
    this.#nilai = { tahun: p.tahun, triwulan: p.triwulan };
    try {
      localStorage.setItem(KEY_PENYIMPANAN, JSON.stringify(this.#nilai));
    } catch {
      // Private mode or full storage: the choice lasts for this visit only.
    }
  }
}

export const periodeAktif = new Periode();
