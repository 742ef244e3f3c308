/**
 * The active period (tahun + triwulan) picked on Beranda or in the header and shared by every
 * screen (docs/architecture.md "Active period"). Remembered in localStorage so a reload keeps the choice.
 */
import type { Triwulan } from '../domain/periode.ts';

export interface PeriodeAktif {
  tahun: number;
  triwulan: Triwulan;
}

const KEY_PENYIMPANAN = 'pantau-kinerja.periode';

/**
 * The quarter being reported on a given day: the last quarter that has ended (reporting happens
 * after the quarter closes). In January–March that is TW4 of the previous year.
 */
export function periodeBawaan(now: Date): PeriodeAktif {
  const bulan = now.getMonth(); // 0..11
  const tw = Math.floor(bulan / 3); // quarters fully ended this year
  if (tw === 0) return { tahun: now.getFullYear() - 1, triwulan: 4 };
  return { tahun: now.getFullYear(), triwulan: tw as Triwulan };
}

/**
 * The quarter a rakor held `now` normally discusses: the latest quarter that has ended, by the WIB
 * (UTC+7) calendar (Rakor and Layar). Unlike `periodeBawaan` it does not use the device time zone.
 */
export function periodeRakorBawaan(now: Date): { tahun: number; triwulan: 1 | 2 | 3 | 4 } {
  // WIB (UTC+7) calendar month.
  const wib = new Date(now.getTime() + 7 * 3600_000);
  const bulan = wib.getUTCMonth(); // 0..11
  const tw = Math.floor(bulan / 3); // quarters fully ended: 0..3
  if (tw === 0) return { tahun: wib.getUTCFullYear() - 1, triwulan: 4 };
  return { tahun: wib.getUTCFullYear(), triwulan: tw as 1 | 2 | 3 };
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
