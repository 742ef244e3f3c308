/**
 * The Layar's slide list and keyboard control as pure functions (unit-tested): the component only
 * renders the current slide and feeds key presses through `tekanTombol`.
 */
import type { Ringkasan, RingkasanOpd } from '../../domain/ringkasan.ts';
import { batangCapaian, potong, type BatangGrafik } from '../../reports/grafik.ts';
import { queryHash } from '../../lib/router.svelte.ts';

/** Bars per chart column; two columns per chart slide keep every label ≥ 24 px at 1080 p. */
export const BATANG_PER_KOLOM = 20;

export type Slide =
  | { jenis: 'ringkasan' }
  | { jenis: 'grafik'; kolom: BatangGrafik[][]; bagian: number; dari: number }
  | { jenis: 'arahan' }
  | { jenis: 'opd'; opd: RingkasanOpd; nomor: number };

/** Tiles, chart(s), previous arahan (if any), then one slide per OPD in summary order. */
export function susunSlide(r: Ringkasan, adaArahan: boolean): Slide[] {
  const batang = batangCapaian(r);
  const halaman = potong(batang, BATANG_PER_KOLOM * 2);
  const slides: Slide[] = [{ jenis: 'ringkasan' }];
  halaman.forEach((h, i) => slides.push({ jenis: 'grafik', kolom: potong(h, BATANG_PER_KOLOM), bagian: i + 1, dari: halaman.length }));
  if (adaArahan) slides.push({ jenis: 'arahan' });
  r.opd.forEach((o, i) => slides.push({ jenis: 'opd', opd: o, nomor: i + 1 }));
  return slides;
}

/** Stable identity of a slide, so a live data change keeps the audience on the same slide. */
export function keySlide(s: Slide): string {
  if (s.jenis === 'opd') return `opd:${s.opd.opdId}`;
  if (s.jenis === 'grafik') return `grafik:${s.bagian}`;
  return s.jenis;
}

export interface KeadaanLayar {
  indeks: number;
  jeda: boolean;
  /** Digits typed so far for a jump ("1", "12"). */
  ketikan: string;
}

export type AksiTombol = KeadaanLayar & { layarPenuh?: boolean; keluar?: boolean; lompatNanti?: boolean };

/**
 * Keyboard control: ←/→ (also PageUp/PageDown, a presenter remote), space pauses auto-advance,
 * F full screen, digits + Enter (or a short pause, see `lompatNanti`) jump to slide n, Home/End,
 * Escape leaves. Returns the new state plus side effects for the component to perform.
 */
export function tekanTombol(k: KeadaanLayar, tombol: string, jumlah: number): AksiTombol | null {
  const ke = (i: number) => ({ ...k, ketikan: '', indeks: Math.min(Math.max(i, 0), Math.max(jumlah - 1, 0)) });
  switch (tombol) {
    case 'ArrowRight':
    case 'PageDown':
      return ke(k.indeks + 1 >= jumlah ? 0 : k.indeks + 1);
    case 'ArrowLeft':
    case 'PageUp':
      return ke(k.indeks - 1 < 0 ? jumlah - 1 : k.indeks - 1);
    case 'Home':
      return ke(0);
    case 'End':
      return ke(jumlah - 1);
    case ' ':
    case 'Spacebar':
      return { ...k, ketikan: '', jeda: !k.jeda };
    case 'f':
    case 'F':
      return { ...k, layarPenuh: true };
    case 'Escape':
      return k.ketikan ? { ...k, ketikan: '' } : { ...k, keluar: true };
    case 'Enter':
      return k.ketikan ? lompat(k, jumlah) : null;
    default:
      if (/^[0-9]$/.test(tombol)) {
        const ketikan = (k.ketikan + tombol).replace(/^0+/, '').slice(0, 3);
        return { ...k, ketikan, lompatNanti: ketikan !== '' };
      }
      return null;
  }
}

/** Jumps to the typed slide number (1-based), clamped to the list. */
export function lompat(k: KeadaanLayar, jumlah: number): KeadaanLayar {
  const n = Number(k.ketikan);
  if (!k.ketikan || !Number.isFinite(n) || n < 1) return { ...k, ketikan: '' };
  return { ...k, ketikan: '', indeks: Math.min(n, jumlah) - 1 };
}

/** `#/layar?tahun=2026&tw=3` → the period asked for, or null. */
export function periodeDariHash(hash: string): { tahun: number; triwulan: 1 | 2 | 3 | 4 } | null {
  const q = queryHash(hash);
  const tahun = Number(q.get('tahun'));
  const tw = Number(q.get('tw'));
  if (!Number.isInteger(tahun) || tahun < 2000 || tahun > 2100 || ![1, 2, 3, 4].includes(tw)) return null;
  return { tahun, triwulan: tw as 1 | 2 | 3 | 4 };
}
