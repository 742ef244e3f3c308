/**
 * Service-worker updates (docs/architecture.md "Service worker and updates": nothing typed is ever lost). A new version waits until the
 * user taps "Muat ulang", and even then the page is only reloaded when no form is dirty and no
 * field is being edited. Forms report their dirty state through `formKotor`.
 */

/** Registry of forms with unsaved input (ids chosen by each form). */
class FormKotor {
  #ids = $state<string[]>([]);

  get ada(): boolean {
    return this.#ids.length > 0;
  }

  tandai(id: string, kotor: boolean): void {
    const i = this.#ids.indexOf(id);
    if (kotor && i < 0) this.#ids.push(id);
    if (!kotor && i >= 0) this.#ids.splice(i, 1);
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
    wb.addEventListener('waiting', () => {
      this.#tersedia = true;
      this.#terapkan = async () => {
        wb.addEventListener('controlling', () => location.reload());
        wb.messageSkipWaiting();
      };
    });
    await wb.register();
    // Tablets stay open for days: look for a new version every hour.
    setInterval(() => void wb.update(), 60 * 60 * 1000);
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
