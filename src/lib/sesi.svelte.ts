/**
 * The signed-in session (DESIGN.md §5 "a session survives offline"). Signing in needs the network
 * once; afterwards user, token and expiry live in localStorage and the app opens offline. Each user
 * has their own Dexie database; the sync engine starts and stops with the session. An expired token
 * only pauses sync (statusSinkron.perluMasukLagi) until the same user signs in again.
 */
import { loginResponseSchema } from '../shared/protocol.ts';
import type { NamaTabel, User } from '../domain/schemas.ts';
import { PantauDB, namaDatabase } from '../db/database.ts';
import { KlienSinkron, GalatJaringan, type FetchFn } from '../sync/client.ts';
import { MesinSinkron, type OpsiMesin } from '../sync/engine.ts';
import { statusSinkron as statusGlobal, type StatusSinkron } from '../sync/status.svelte.ts';

export interface SesiAktif {
  user: User;
  token: string;
  expiresAt: string;
  db: PantauDB;
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

export const KUNCI_SESI = 'pantau-kinerja.sesi';

export class Sesi {
  #current = $state.raw<SesiAktif | null>(null);
  #mesin: MesinSinkron | null = null;
  readonly #opsi: OpsiSesi;

  constructor(opsi: OpsiSesi = {}) {
    this.#opsi = opsi;
  }

  get current(): SesiAktif | null {
    return this.#current;
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

  #klien(token: string | null): KlienSinkron {
    return new KlienSinkron({ baseUrl: this.#opsi.baseUrl ?? '', getToken: () => token, fetch: this.#opsi.fetch });
  }

  /**
   * Sign in (needs the network). Signing in again as the same user after the token expired keeps
   * the database and resumes the paused sync. Throws Error with an Indonesian message.
   */
  async masuk(username: string, password: string): Promise<void> {
    let jawab;
    try {
      jawab = await this.#klien(null).masuk(username.trim(), password);
    } catch (e) {
      if (e instanceof GalatJaringan) throw new Error('Tidak dapat terhubung ke server. Masuk pertama kali memerlukan koneksi internet.');
      throw e instanceof Error ? e : new Error('Gagal masuk.');
    }
    const lama = this.#current;
    if (lama && lama.user.id === jawab.user.id) {
      this.#current = { ...lama, user: jawab.user, token: jawab.token, expiresAt: jawab.expiresAt };
      this.#simpanLokal();
      this.#status.perbarui({ perluMasukLagi: false, galat: null });
      if (this.#mesin) this.#mesin.lanjutkan();
      else this.#mulaiMesin();
      return;
    }
    await this.#tutup();
    this.#current = { user: jawab.user, token: jawab.token, expiresAt: jawab.expiresAt, db: new PantauDB(namaDatabase(jawab.user.id)) };
    this.#simpanLokal();
    this.#status.reset();
    this.#mulaiMesin();
  }

  /** On app start: restore the saved session without the network. Returns whether one was restored. */
  pulihkan(now: Date = new Date()): boolean {
    if (this.#current) return true;
    const mentah = this.#storage?.getItem(KUNCI_SESI);
    if (!mentah) return false;
    let data: unknown;
    try {
      data = JSON.parse(mentah);
    } catch {
      this.#storage?.removeItem(KUNCI_SESI);
      return false;
    }
    const p = loginResponseSchema.safeParse(data);
    if (!p.success) {
      this.#storage?.removeItem(KUNCI_SESI);
      return false;
    }
    this.#current = { ...p.data, db: new PantauDB(namaDatabase(p.data.user.id)) };
    this.#status.reset();
    const kedaluwarsa = Date.parse(p.data.expiresAt) <= now.getTime();
    if (kedaluwarsa) {
      // Data entry goes on offline; only sync waits for a new sign-in.
      this.#status.perbarui({ perluMasukLagi: true, galat: 'Sesi berakhir. Masuk lagi untuk melanjutkan sinkronisasi; data di perangkat tetap aman.' });
    } else {
      this.#mulaiMesin();
    }
    return true;
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
      await this.#klien(s.token).keluar();
    } catch {
      // Offline or already revoked: the token is forgotten locally either way.
    }
    await this.#tutup();
    this.#storage?.removeItem(KUNCI_SESI);
    this.#current = null;
    this.#status.reset();
  }

  /** The server's current copy of a record (for discarding a rejected edit); needs the network. */
  async ambilServer(table: NamaTabel, id: string): Promise<Record<string, unknown> | null> {
    const s = this.#current;
    if (!s) throw new Error('Belum masuk.');
    return this.#klien(s.token).ambilRecord(table, id);
  }

  #simpanLokal(): void {
    const s = this.#current;
    if (!s) return;
    this.#storage?.setItem(KUNCI_SESI, JSON.stringify({ user: s.user, token: s.token, expiresAt: s.expiresAt }));
  }

  #mulaiMesin(): void {
    const s = this.#current;
    if (!s || this.#opsi.sinkron === false) return;
    this.#mesin = new MesinSinkron({
      ...this.#opsi.mesin,
      db: s.db,
      baseUrl: this.#opsi.baseUrl ?? '',
      getToken: () => this.#current?.token ?? null,
      fetch: this.#opsi.fetch,
      status: this.#status,
    });
    void s.db.meta.get('terakhirSinkron').then((r) => {
      if (typeof r?.value === 'string' && !this.#status.current.terakhirSinkron) this.#status.perbarui({ terakhirSinkron: r.value });
    }).catch(() => undefined);
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
