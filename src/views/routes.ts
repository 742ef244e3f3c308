/**
 * The screens of the app (DESIGN.md §6), each loaded lazily so the first load stays small.
 * `hash` is the URL fragment (#/realisasi); `menu` false hides a screen from the navigation.
 * Screens add themselves here; App.svelte renders whichever matches.
 */
import type { Component } from 'svelte';
import type { Role } from '../domain/schemas.ts';
import { muatLambat } from '../lib/muat-lambat.ts';

export interface Rute {
  hash: string;
  judul: string;
  /** Roles that see the screen in the menu (all when omitted). */
  peran?: readonly Role[];
  menu?: boolean;
  /** The screen covers the whole window (no header or menu), e.g. the projected Layar. */
  layarPenuh?: boolean;
  muat: () => Promise<{ default: Component<any> }>;
}

// Shell screens (UI-SHELL engineer). '' is Beranda, the start page.
export const RUTE: Rute[] = [
  { hash: '', judul: 'Beranda', muat: () => import('./beranda/Beranda.svelte') },
  { hash: 'opd', judul: 'Perangkat Daerah', muat: () => import('./opd/DaftarOpd.svelte') },
];
/** Shown at the end of the menu, after the other engineers' screens. */
const RUTE_AKHIR: Rute[] = [
  { hash: 'sinkron', judul: 'Sinkron', muat: () => import('./sinkron/Sinkron.svelte') },
  { hash: 'pengaturan', judul: 'Pengaturan', muat: () => import('./pengaturan/Pengaturan.svelte') },
];

// Rakor monev screens (RAKOR engineer). The Layar covers the whole window itself (no app chrome).
RUTE.push(
  { hash: 'rakor', judul: 'Rakor', muat: () => import('./rakor/Rakor.svelte') },
  { hash: 'layar', judul: 'Layar rakor', peran: ['admin', 'pimpinan', 'viewer'], layarPenuh: true, muat: () => import('./layar/Layar.svelte') },
  { hash: 'evaluasi', judul: 'Evaluasi pejabat', peran: ['admin', 'pimpinan', 'viewer'], muat: () => import('./evaluasi/Evaluasi.svelte') },
  { hash: 'pk-impor', judul: 'Impor & dokumen PK', peran: ['admin', 'operator', 'pimpinan', 'viewer'], muat: () => import('./pk-impor/PkImpor.svelte') },
);

// Data-entry screens (UI DATA-ENTRY engineer).
RUTE.push(
  { hash: 'pk', judul: 'Perjanjian Kinerja', muat: () => import('./pk/PerjanjianKinerja.svelte') },
  { hash: 'realisasi', judul: 'Realisasi', muat: () => import('./realisasi/Realisasi.svelte') },
  { hash: 'anggaran', judul: 'Anggaran', muat: () => import('./anggaran/Anggaran.svelte') },
  { hash: 'laporan', judul: 'Laporan triwulan', muat: () => import('./laporan/Laporan.svelte') },
);

RUTE.push(...RUTE_AKHIR);
// Every screen loads through the shared lazy loader (docs/offline.md §3): a failed load is retried.
for (const r of RUTE) r.muat = muatLambat(`layar ${r.judul}`, r.muat);

/** `#/realisasi?opd=X` → { hash: 'realisasi', query }. */
export function uraiHash(hash: string): { hash: string; query: URLSearchParams } {
  const isi = hash.replace(/^#\/?/, '');
  const i = isi.indexOf('?');
  return { hash: i < 0 ? isi : isi.slice(0, i), query: new URLSearchParams(i < 0 ? '' : isi.slice(i + 1)) };
}

export function cariRute(hash: string): Rute | null {
  return RUTE.find((r) => r.hash === hash) ?? null;
}
