/**
 * Service-worker updates (docs/offline.md §2; nothing typed is ever lost). A new version installs
 * its COMPLETE offline copy, then waits until the user taps "Muat ulang", and even then the page is
 * only reloaded when no form is dirty and no field is being edited. Forms report their dirty state
 * through `formKotor`. Until the reload the tab keeps its own build: the worker keeps the previous
 * build's files (sw.ts). When another tab activated the new version, this tab is told too.
 */
import { untrack } from 'svelte';
import { kaitGagalMuat } from './muat-lambat.ts';
import { kesiapanLuring } from './luring.svelte.ts';

/** Version marker of this build (vite.config.ts `define`, env PANTAU_VERSI at build time). */
export const VERSI_APLIKASI: string = typeof __VERSI_APLIKASI__ === 'string' ? __VERSI_APLIKASI__ : 'dev';

/** Registry of forms with unsaved input (ids chosen by each form). */
class FormKotor {
  #ids = $state<string[]>([]);

  get ada(): boolean {
    return this.#ids.length > 0;
  }

  /**
   * Marks form `id` dirty or clean. Called from `$effect`s: the list is read untracked, so an effect
   * (and its cleanup, which unmarks) never re-runs because of its own mark — that loop used to throw
   * effect_update_depth_exceeded as soon as the pemda form was typed in.
   */
  tandai(id: string, kotor: boolean): void {
    // Entirely untracked: even `push`/`splice` read the array's length through the proxy.
    untrack(() => {
      const i = this.#ids.indexOf(id);
      if (kotor && i < 0) this.#ids.push(id);
      if (!kotor && i >= 0) this.#ids.splice(i, 1);
    });
  }
}

export const formKotor = new FormKotor();

/** Is the user typing in a field right now? */
export function sedangMengetik(): boolean {
  const el = typeof document !== 'undefined' ? document.activeElement : null;
  if (!el) return false;
  if (el instanceof HTMLTextAreaElement) return true;
  if (el instanceof HTMLInputElement) return !['button', 'submit', 'checkbox', 'radio', 'reset'].includes(el.type);
  return el instanceof HTMLElement && el.isContentEditable;
}

class Pembaruan {
  #tersedia = $state(false);
  #terapkan: (() => Promise<void>) | null = null;

  /** A new version is installed and waiting. */
  get tersedia(): boolean {
    return this.#tersedia;
  }

  /** Registers /sw.js (production builds only). */
  async daftar(): Promise<void> {
    if (!('serviceWorker' in navigator) || import.meta.env.DEV) return;
    const { Workbox } = await import('workbox-window');
    const wb = new Workbox('/sw.js');
    const awal = navigator.serviceWorker.controller;
    /** Another tab (or this one) already switched the worker: only a reload is left to do. */
    let berganti = false;
    navigator.serviceWorker.addEventListener('controllerchange', () => {
      // The very first worker taking over a fresh page is not an update.
      if (!awal) return;
      berganti = true;
      this.#tersedia = true;
      this.#terapkan = async () => location.reload();
    });
    wb.addEventListener('waiting', () => {
      this.#tersedia = true;
      this.#terapkan = async () => {
        if (berganti) return location.reload();
        wb.addEventListener('controlling', () => location.reload());
        wb.messageSkipWaiting();
      };
    });
    kesiapanLuring.ikuti();
    // A chunk that fails to load while online usually means a deploy: look for the new version now.
    kaitGagalMuat.diperbarui = () => void wb.update().catch(() => undefined);
    await wb.register();
    // Tablets stay open for days: look for a new version every hour.
    setInterval(() => void wb.update().catch(() => undefined), 60 * 60 * 1000);
  }

  /**
   * Switch to the new version. Returns an Indonesian reason when it must wait (unsaved input),
   * null when the reload is under way.
   */
  muatUlang(): string | null {
    if (formKotor.ada || sedangMengetik()) return 'Masih ada isian yang belum tersimpan. Simpan atau selesaikan isian dulu, lalu muat ulang.';
    if (!this.#terapkan) return null;
    void this.#terapkan();
    return null;
  }
}

export const pembaruan = new Pembaruan();
