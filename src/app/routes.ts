/**
 * The table of screens, in menu order, each loaded lazily so the first load stays small
 * (docs/architecture.md "Routing"). `hash` is the first segment of the address (#/realisasi);
 * `menu` false hides a screen from the navigation. A new screen adds one line here; the shell
 * (App.svelte, app/Bingkai.svelte) renders whichever matches `alamat.rute` (lib/router.svelte.ts).
 */
import type { Rute } from '../lib/router.svelte.ts';
import { muatLambat } from '../lib/muat-lambat.ts';

export type { Rute };

export const RUTE: Rute[] = [
  { hash: '', judul: 'Beranda', muat: () => import('../views/beranda/Beranda.svelte') },
  { hash: 'opd', judul: 'Perangkat Daerah', muat: () => import('../views/opd/DaftarOpd.svelte') },
  { hash: 'rakor', judul: 'Rakor', muat: () => import('../views/rakor/Rakor.svelte') },
  // The Layar covers the whole window itself (no app chrome).
  {
    hash: 'layar',
    judul: 'Layar rakor',
    peran: ['admin', 'pimpinan', 'viewer'],
    layarPenuh: true,
    muat: () => import('../views/layar/Layar.svelte'),
  },
  {
    hash: 'evaluasi',
    judul: 'Evaluasi pejabat',
    peran: ['admin', 'pimpinan'], // docs/security.md §Hak baca
    muat: () => import('../views/evaluasi/Evaluasi.svelte'),
  },
  // Officials over time and the Penjabat kepala daerah evaluation (docs/domain/pejabat.md).
  { hash: 'pejabat', judul: 'Pejabat', peran: ['admin', 'pimpinan', 'viewer'], muat: () => import('../views/pejabat/DaftarPejabat.svelte') },
  { hash: 'penjabat', judul: 'Evaluasi Penjabat', muat: () => import('../views/penjabat/EvaluasiPenjabat.svelte') },
  {
    hash: 'pk-impor',
    judul: 'Impor & dokumen PK',
    peran: ['admin', 'operator', 'pimpinan', 'viewer'],
    muat: () => import('../views/pk-impor/PkImpor.svelte'),
  },
  { hash: 'pk', judul: 'Perjanjian Kinerja', muat: () => import('../views/pk/PerjanjianKinerja.svelte') },
  { hash: 'realisasi', judul: 'Realisasi', muat: () => import('../views/realisasi/Realisasi.svelte') },
  { hash: 'anggaran', judul: 'Anggaran', muat: () => import('../views/anggaran/Anggaran.svelte') },
  { hash: 'laporan', judul: 'Laporan triwulan', muat: () => import('../views/laporan/Laporan.svelte') },
  { hash: 'sinkron', judul: 'Sinkron', muat: () => import('../views/sinkron/Sinkron.svelte') },
  { hash: 'pengaturan', judul: 'Pengaturan', muat: () => import('../views/pengaturan/Pengaturan.svelte') },
];

// Every screen loads through the shared lazy loader (docs/offline.md §3): a failed load is retried.
for (const r of RUTE) r.muat = muatLambat(`layar ${r.judul}`, r.muat);

export function cariRute(hash: string): Rute | null {
  return RUTE.find((r) => r.hash === hash) ?? null;
}
