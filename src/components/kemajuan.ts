/**
 * The sync badge's progress text for pulls under way or a first sync not finished yet (issue 17
 * point 1; src/components/LencanaSinkron.svelte), in id-ID.
 */
import { formatAngka } from '../lib/format.ts';
import type { KemajuanTarik } from '../sync/status.svelte.ts';

/** "850 KB", "4,8 MB": bytes received, one decimal from 1 MB. */
export function teksUkuran(byte: number): string {
  if (byte < 1024 * 1024) return `${formatAngka(Math.max(1, Math.round(byte / 1024)))} KB`;
  return `${formatAngka(byte / (1024 * 1024), 1)} MB`;
}

/** "± 40 detik", "± 3 menit", "± 1 jam 20 menit": time left, rounded as a person would say it. */
export function teksSisa(ms: number): string {
  const detik = Math.max(1, Math.round(ms / 1000));
  if (detik < 60) return `± ${detik < 10 ? detik : Math.round(detik / 5) * 5} detik`;
  const menit = Math.round(detik / 60);
  if (menit < 60) return `± ${menit} menit`;
  const jam = Math.floor(menit / 60);
  return `± ${jam} jam${menit % 60 ? ` ${menit % 60} menit` : ''}`;
}

/**
 * "12.500 data diterima (4,8 MB), sisa ± 3 menit"; empty when nothing arrived yet. The time left
 * shows once the engine can estimate it (issue 17 §1), and not when it is zero (the last page is in).
 */
export function teksKemajuan(k: KemajuanTarik | null): string {
  if (!k || k.diterima === 0) return '';
  const sisa = k.sisaMs ? `, sisa ${teksSisa(k.sisaMs)}` : '';
  return `${formatAngka(k.diterima)} data diterima (${teksUkuran(k.byte)})${sisa}`;
}
