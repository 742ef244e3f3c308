/**
 * Time zone of the pemda and every calendar date the app makes or compares (docs/domain/waktu.md).
 *
 * Indonesia has three legal time zones (Keppres 41/1987): WIB (UTC+7, Asia/Jakarta), WITA
 * (UTC+8, Asia/Makassar), WIT (UTC+9, Asia/Jayapura). A kabupaten works in its own zone: "today",
 * the date of a new PK or Perubahan PK, deadlines (arahan batas waktu, quarters, milestones),
 * period boundaries, the default period and the Layar clock are all its wall-clock dates — never
 * the UTC day (which is yesterday before 07:00 WIB / 08:00 WITA / 09:00 WIT) and never the device's
 * own zone (a laptop set to UTC or a tablet bought abroad).
 *
 * Instants (updatedAt, ditandatanganiPada, …) stay ISO UTC strings; only their CALENDAR reading
 * goes through here. The zone comes from the pemda profile (`pemda.pengaturan.zonaWaktu`); the
 * browser sets it as the active zone once the profile is read (`aturZonaAktif`), the server passes
 * it explicitly (`denganZona` around a computation). Every function works the same whatever the
 * process/device TZ is: dates are read with Intl in the given zone.
 */

export const ZONA_WAKTU = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'] as const;
export type ZonaWaktu = (typeof ZONA_WAKTU)[number];
export const ZONA_BAWAAN: ZonaWaktu = 'Asia/Jakarta';

/** Short Indonesian names (Keppres 41/1987). */
export const LABEL_ZONA: Record<ZonaWaktu, string> = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };
/** Longer labels for the pemda profile form. */
export const URAIAN_ZONA: Record<ZonaWaktu, string> = {
  'Asia/Jakarta': 'WIB (UTC+7) — Sumatra, Jawa, Kalimantan Barat & Tengah',
  'Asia/Makassar': 'WITA (UTC+8) — Bali, Nusa Tenggara, Kalimantan Selatan, Timur & Utara, Sulawesi',
  'Asia/Jayapura': 'WIT (UTC+9) — Maluku, Papua',
};

export function zonaValid(z: unknown): z is ZonaWaktu {
  return typeof z === 'string' && (ZONA_WAKTU as readonly string[]).includes(z);
}

let aktif: ZonaWaktu = ZONA_BAWAAN;

/** The zone used when a function is called without one (browser: the pemda's; server: WIB unless `denganZona`). */
export function zonaAktif(): ZonaWaktu {
  return aktif;
}

/** Sets the active zone (browser: from the pemda profile). Invalid values are ignored (keeps the current). */
export function aturZonaAktif(z: unknown): void {
  if (zonaValid(z)) aktif = z;
}

/** Runs the synchronous `f` with `zona` as the active zone (server computations for one pemda). */
export function denganZona<T>(zona: ZonaWaktu, f: () => T): T {
  const lama = aktif;
  aktif = zona;
  try {
    return f();
  } finally {
    aktif = lama;
  }
}

/** The pemda's zone (`pengaturan.zonaWaktu`), WIB when absent (profiles made before the field existed). */
export function zonaPemda(p: { pengaturan?: { zonaWaktu?: unknown } } | null | undefined): ZonaWaktu {
  const z = p?.pengaturan?.zonaWaktu;
  return zonaValid(z) ? z : ZONA_BAWAAN;
}

export interface BagianWaktu {
  tahun: number;
  /** 1..12 */
  bulan: number;
  hari: number;
  jam: number;
  menit: number;
}

const pemformat = new Map<ZonaWaktu, Intl.DateTimeFormat>();

/** Wall-clock parts of instant `now` in `zona`. */
export function bagianWaktu(now: Date, zona: ZonaWaktu = aktif): BagianWaktu {
  let f = pemformat.get(zona);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zona,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    pemformat.set(zona, f);
  }
  const b: Record<string, number> = {};
  for (const p of f.formatToParts(now)) if (p.type !== 'literal') b[p.type] = Number(p.value);
  return { tahun: b.year!, bulan: b.month!, hari: b.day!, jam: b.hour! % 24, menit: b.minute! };
}

const dua = (n: number) => String(n).padStart(2, '0');

/** The calendar day (YYYY-MM-DD) of `now` in `zona`: "today" for dates, deadlines and locks. */
export function tanggalHariIni(now: Date, zona: ZonaWaktu = aktif): string {
  const b = bagianWaktu(now, zona);
  return `${b.tahun}-${dua(b.bulan)}-${dua(b.hari)}`;
}

/** The calendar year of `now` in `zona`. */
export function tahunIni(now: Date, zona: ZonaWaktu = aktif): number {
  return bagianWaktu(now, zona).tahun;
}

/** The quarter (1..4) `now` falls in, in `zona`. */
export function triwulanBerjalan(now: Date, zona: ZonaWaktu = aktif): 1 | 2 | 3 | 4 {
  return (Math.floor((bagianWaktu(now, zona).bulan - 1) / 3) + 1) as 1 | 2 | 3 | 4;
}

/**
 * The period reported on at `now` (docs/domain/waktu.md §2): the last quarter that has ENDED in
 * the pemda's zone (reporting and the rakor follow the quarter's close). January–March → TW4 of
 * the previous year. The one rule behind every default period (header, Layar, Rakor).
 */
export function periodeBawaan(now: Date, zona: ZonaWaktu = aktif): { tahun: number; triwulan: 1 | 2 | 3 | 4 } {
  const b = bagianWaktu(now, zona);
  const selesai = Math.floor((b.bulan - 1) / 3); // quarters fully ended this year: 0..3
  if (selesai === 0) return { tahun: b.tahun - 1, triwulan: 4 };
  return { tahun: b.tahun, triwulan: selesai as 1 | 2 | 3 };
}

/** "14.05 WITA": the Layar clock (Indonesian time notation uses a dot). */
export function jamDinding(now: Date, zona: ZonaWaktu = aktif): string {
  const b = bagianWaktu(now, zona);
  return `${dua(b.jam)}.${dua(b.menit)} ${LABEL_ZONA[zona]}`;
}
