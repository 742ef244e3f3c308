/**
 * The signed-in session (docs/architecture.md "Session"). Signing in needs the network
 * once; afterwards user, token and expiry live in localStorage and the app opens offline. Each user
 * has their own Dexie database; the sync engine starts and stops with the session. An expired token
 * only pauses sync (statusSinkron.perluMasukLagi) until the same user signs in again.
 *
 * This module is in the first load, so it stays small: Dexie, the sync engine and Zod come with
 * sesi-mulai.ts, imported only when a session starts or is restored. Until then `current` is null;
 * `memulihkan` tells the shell that a stored session is being opened (not the sign-in page).
 */
import type { User } from '../domain/schemas.ts';
import type { PantauDB } from '../db/database.ts';
import type { FetchFn, KlienSinkron } from '../sync/client.ts';
import type { MesinSinkron, OpsiMesin } from '../sync/engine.ts';
import { statusSinkron as statusGlobal, type StatusSinkron } from '../sync/status.svelte.ts';

type ModulMulai = typeof import('./sesi-mulai.ts');

export interface SesiAktif {
  user: User;
  token: string;
  expiresAt: string;
  db: PantauDB;
  /**
   * Server clock minus device clock (ms) at sign-in: expiry is judged with the server's clock, so a
   * tablet whose clock runs ahead does not end a valid session (docs/security.md §Jam perangkat).
   */
  selisihJamMs: number;
  /** The account still uses the printed one-time password: nothing else opens until it is changed. */
  wajibGantiPassword: boolean;
}

/** Server clock − device clock in ms from a login answer's serverTime (0 when missing or unreadable). */
export function selisihJam(serverTime: string | undefined, lokalMs: number): number {
  const t = serverTime ? Date.parse(serverTime) : NaN;
  return Number.isFinite(t) ? t - lokalMs : 0;
}

/** `keluar()` refused: unsent changes would be left behind. `keluar({ paksa: true })` keeps them in this user's database. */
export class GalatKeluar extends Error {
  constructor(public readonly tertunda: number) {
    super(`Masih ada ${tertunda} perubahan yang belum terkirim ke server. Sambungkan ke internet dan tunggu sinkronisasi selesai sebelum keluar.`);
    this.name = 'GalatKeluar';
  }
}

export interface OpsiSesi {
  baseUrl?: string;
  fetch?: FetchFn;
  storage?: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;
  status?: StatusSinkron;
  /** Extra engine options (tests: SSE off, short timers). */
  mesin?: Partial<Omit<OpsiMesin, 'db' | 'baseUrl' | 'getToken' | 'fetch' | 'status'>>;
  /** Start the sync engine with the session (default true). */
  sinkron?: boolean;
}

export const KEY_SESI = 'pantau-kinerja.sesi';

/**
 * The first-paint check of a stored session: only whether it looks like one (the full Zod check
 * runs in sesi-mulai.ts before it is used). Decides between the sign-in page and "opening…".
 */
function bentukSesi(data: unknown): boolean {
  if (!data || typeof data !== 'object') return false;
  const { token, expiresAt, user } = data as Record<string, unknown>;
  if (typeof token !== 'string' || typeof expiresAt !== 'string' || !user || typeof user !== 'object') return false;
  const u = user as Record<string, unknown>;
  return typeof u.id === 'string' && typeof u.username === 'string' && typeof u.role === 'string';
}

export class Sesi {
  #current = $state.raw<SesiAktif | null>(null);
  #memulihkan = $state(false);
  #mesin: MesinSinkron | null = null;
  #modul: Promise<ModulMulai> | null = null;
  readonly #opsi: OpsiSesi;

  constructor(opsi: OpsiSesi = {}) {
    this.#opsi = opsi;
  }

  get current(): SesiAktif | null {
    return this.#current;
  }

  /** A stored session is being opened (its code and database are loading): show neither sign-in nor the app yet. */
  get memulihkan(): boolean {
    return this.#memulihkan;
  }

  /** The running engine (null when signed out or sync is off). */
  get mesin(): MesinSinkron | null {
    return this.#mesin;
  }

  get #status(): StatusSinkron {
    return this.#opsi.status ?? statusGlobal;
  }

  get #storage(): Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> | null {
    if (this.#opsi.storage) return this.#opsi.storage;
    return typeof localStorage !== 'undefined' ? localStorage : null;
  }

  get #sambungan() {
    return { baseUrl: this.#opsi.baseUrl ?? '', fetch: this.#opsi.fetch };
  }

  /** The session's heavy half, loaded once (offline it comes from the service worker's precache). */
  #muat(): Promise<ModulMulai> {
    this.#modul ??= import('./sesi-mulai.ts').catch((e: unknown) => {
      this.#modul = null; // let the next attempt try again
      throw e;
    });
    return this.#modul;
  }

  /**
   * Sign in (needs the network). Signing in again as the same user after the token expired keeps
   * the database and resumes the paused sync. Throws Error with an Indonesian message.
   */
  async masuk(username: string, password: string): Promise<void> {
    let m: ModulMulai;
    try {
      m = await this.#muat();
    } catch {
      throw new Error('Tidak dapat terhubung ke server. Masuk pertama kali memerlukan koneksi internet.');
    }
    const jawab = await m.masukKeServer(this.#sambungan, username.trim(), password);
    const waktu = { selisihJamMs: selisihJam(jawab.serverTime, Date.now()), wajibGantiPassword: jawab.wajibGantiPassword === true };
    const lama = this.#current;
    if (lama && lama.user.id === jawab.user.id) {
      this.#current = { ...lama, user: jawab.user, token: jawab.token, expiresAt: jawab.expiresAt, ...waktu };
      this.#simpanLokal();
      this.#status.perbarui({ perluMasukLagi: false, galat: null });
      if (this.#mesin) this.#mesin.lanjutkan();
      else this.#mulaiMesin(m);
      return;
    }
    await this.#tutup();
    this.#current = { user: jawab.user, token: jawab.token, expiresAt: jawab.expiresAt, db: m.bukaDatabase(jawab.user.id), ...waktu };
    this.#simpanLokal();
    this.#status.reset();
    this.#mulaiMesin(m);
  }

  /**
   * The signed-in user chose their own password (POST /auth/password, needs the network): the
   * "must change" mark of the printed one-time password is cleared and sync starts.
   */
  async gantiPassword(passwordLama: string, passwordBaru: string): Promise<void> {
    await (await this.server()).gantiPassword(passwordLama, passwordBaru);
    const s = this.#current;
    if (!s?.wajibGantiPassword) return;
    this.#current = { ...s, wajibGantiPassword: false };
    this.#simpanLokal();
    this.#mulaiMesin(await this.#muat());
  }

  /**
   * On app start: restore the saved session without the network. Resolves to whether one was
   * restored. Synchronously (before the first await) `memulihkan` turns true when a stored session
   * looks valid, so the first paint shows "opening…" instead of the sign-in page.
   */
  async pulihkan(now: Date = new Date()): Promise<boolean> {
    if (this.#current) return true;
    const mentah = this.#storage?.getItem(KEY_SESI);
    if (!mentah) return false;
    let data: unknown;
    try {
      data = JSON.parse(mentah);
    } catch {
      data = null;
    }
    if (!bentukSesi(data)) {
      this.#storage?.removeItem(KEY_SESI);
      return false;
    }
    this.#memulihkan = true;
    try {
      const m = await this.#muat();
      if (this.#current) return true;
      const sah = m.sesiTersimpanValid(data);
      if (!sah) {
        this.#storage?.removeItem(KEY_SESI);
        return false;
      }
      const selisihJamMs = typeof (data as { selisihJamMs?: unknown }).selisihJamMs === 'number' ? (data as { selisihJamMs: number }).selisihJamMs : 0;
      const wajibGantiPassword = (data as { wajibGantiPassword?: unknown }).wajibGantiPassword === true;
      this.#current = { user: sah.user, token: sah.token, expiresAt: sah.expiresAt, db: m.bukaDatabase(sah.user.id), selisihJamMs, wajibGantiPassword };
      this.#status.reset();
      // Judged with the server's clock (the offset kept at sign-in), not the device's.
      const kedaluwarsa = Date.parse(sah.expiresAt) <= now.getTime() + selisihJamMs;
      if (kedaluwarsa) {
        // Data entry goes on offline; only sync waits for a new sign-in. The engine still runs, so
        // the badge counts pending edits and shows the last sync; the server has the last word
        // (a 401 keeps it paused, a success clears "Masuk lagi").
        this.#status.perbarui({ perluMasukLagi: true, galat: 'Sesi berakhir. Masuk lagi untuk melanjutkan sinkronisasi; data di perangkat tetap aman.' });
      }
      this.#mulaiMesin(m);
      return true;
    } finally {
      this.#memulihkan = false;
    }
  }

  /**
   * Sign out. Refuses (throws GalatKeluar) while the outbox is not empty, unless `paksa`: then the
   * unsent changes stay in this user's database and are sent after the next sign-in. The local
   * database is never deleted here.
   */
  async keluar(opsi: { paksa?: boolean } = {}): Promise<void> {
    const s = this.#current;
    if (!s) return;
    const tertunda = await s.db.outbox.count();
    if (tertunda > 0 && !opsi.paksa) throw new GalatKeluar(tertunda);
    try {
      await (await this.#muat()).klien(this.#sambungan, () => s.token).keluar();
    } catch {
      // Offline or already revoked: the token is forgotten locally either way.
    }
    await this.#tutup();
    this.#storage?.removeItem(KEY_SESI);
    this.#current = null;
    this.#status.reset();
  }

  /**
   * The one way a screen reaches the server outside the sync engine (src/sync/client.ts): a client
   * carrying the signed-in user's token, e.g. `(await sesi.server()).ambilRecord(table, id)` to
   * discard a rejected edit, or the user-management calls. Every call needs the network.
   * Throws Error('Belum masuk.') when nobody is signed in.
   */
  async server(): Promise<KlienSinkron> {
    if (!this.#current) throw new Error('Belum masuk.');
    return (await this.#muat()).klien(this.#sambungan, () => this.#current?.token ?? null);
  }

  #simpanLokal(): void {
    const s = this.#current;
    if (!s) return;
    this.#storage?.setItem(
      KEY_SESI,
      JSON.stringify({
        user: s.user,
        token: s.token,
        expiresAt: s.expiresAt,
        selisihJamMs: s.selisihJamMs,
        ...(s.wajibGantiPassword ? { wajibGantiPassword: true } : {}),
      }),
    );
  }

  #mulaiMesin(m: ModulMulai): void {
    const s = this.#current;
    if (!s) return;
    // Whose database this is, for the next user of the device and for backup files (docs/offline.md).
    void s.db.meta.put({ key: 'pemilik', value: { id: s.user.id, username: s.user.username, nama: s.user.nama } }).catch(() => undefined);
    void m
      .adaDataLokal(s.db)
      .then((ada) => this.#status.perbarui({ adaDataLokal: ada }))
      .catch(() => undefined);
    // Copies pulled before the server limited who reads officials' evaluations are dropped on
    // devices of other roles (docs/security.md §Hak baca); the server no longer sends them.
    if (s.user.role !== 'admin' && s.user.role !== 'pimpinan') void s.db.evaluasiPejabat.clear().catch(() => undefined);
    // The server answers only /auth/* until the printed password is replaced: sync waits for it.
    if (this.#opsi.sinkron === false || s.wajibGantiPassword || this.#mesin) return;
    this.#mesin = m.buatMesin({
      ...this.#opsi.mesin,
      db: s.db,
      baseUrl: this.#opsi.baseUrl ?? '',
      getToken: () => this.#current?.token ?? null,
      fetch: this.#opsi.fetch,
      status: this.#status,
    });
    void s.db.meta
      .get('terakhirSinkron')
      .then((r) => {
        if (typeof r?.value === 'string' && !this.#status.current.terakhirSinkron) this.#status.perbarui({ terakhirSinkron: r.value });
      })
      .catch(() => undefined);
    this.#mesin.start();
  }

  /** Stop the engine, let a run in progress finish its transaction, then close the database. */
  async #tutup(): Promise<void> {
    const mesin = this.#mesin;
    this.#mesin = null;
    mesin?.stop();
    await mesin?.selesai();
    this.#current?.db.close();
  }
}

export const sesi = new Sesi();
