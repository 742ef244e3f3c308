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

/** "12.500 data diterima (4,8 MB)"; empty when nothing arrived yet. */
export function teksKemajuan(k: KemajuanTarik | null): string {
  if (!k || k.diterima === 0) return '';
  return `${formatAngka(k.diterima)} data diterima (${teksUkuran(k.byte)})`;
}
