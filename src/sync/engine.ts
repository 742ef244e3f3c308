/**
 * The sync engine (docs/architecture.md "Sync engine"): decides WHEN to sync and runs push-then-pull.
 * Triggers: start, the browser's `online` event, an SSE `change` poke, local writes (debounced),
 * a timer. One run at a time (a trigger during a run schedules exactly one more). Network and 5xx
 * failures back off exponentially with jitter; 401 pauses sync (the outbox stays) until the session
 * signs in again and calls `lanjutkan()`.
 */
import { PutaranTunggal } from './putaran.ts';
import { liveQuery, type Subscription } from 'dexie';
import { MAKS_PULL_LIMIT, SCHEMA_VERSION, pokeSchema } from '../shared/protocol.ts';
import type { PantauDB } from '../db/database.ts';
import { ambilBatch, clientIdDari, hitungAntrean, pulihkanCelah, terapkanHasilPush } from '../db/outbox.ts';
import { kursorPull, lupakanPerluAmbil, perluAmbilSiap, terapkanRecordServer } from '../db/tarik.ts';
import { epochTersimpan, mulaiTarikUlang, periksaIdentitas, selesaiTarikUlang, seqMundur, tarikUlangBerjalan, type IdentitasServer } from '../db/tarik.ts';
import { cadanganTidakDiServer, PESAN_CADANGAN_TIDAK_DI_SERVER } from '../db/cadangan.ts';
import { PenyimpananPenuhError } from '../db/repo.ts';
import { lepasTahun, lepasTahunSementara, lingkupPull, tahunDiPerangkat, tambahTahun } from '../db/lingkup-tahun.ts';
import { GalatBatasWaktu, GalatJaringan, GalatOtorisasi, GalatServer, KlienSinkron, type FetchFn, type OpsiHalaman } from './client.ts';
import { statusSinkron as statusGlobal, type StatusSinkron } from './status.svelte.ts';
import { PengunggahBerkas } from './unggah.ts';
import { UkuranHalaman } from './ukuran-halaman.ts';
import { perkiraanSisaMs } from './perkiraan.ts';
import { AntreanTarik } from './antrean-tarik.ts';
import { remLangsung } from './rem-langsung.ts';
import { PenarikUtas, type HalamanTarik, type LingkupTarik, type Penarik } from './penarik.ts';
import { buatPenarikPekerja } from './penarik-pekerja.ts';

/** The part of EventSource the engine uses (lets tests inject a fake). */
export interface SumberPeristiwa {
  /** 2 = CLOSED (EventSource semantics). */
  readonly readyState?: number;
  addEventListener(type: string, listener: (e: MessageEvent) => void): void;
  close(): void;
}

export interface OpsiMesin {
  db: PantauDB;
  /** '' for same origin (the browser), 'http://host' otherwise. */
  baseUrl: string;
  getToken: () => string | null;
  fetch?: FetchFn;
  /** Called once when the server answers 401 (token expired or revoked). */
  onTokenKedaluwarsa?: () => void;
  /** Where the visible state goes (default: the app-wide `statusSinkron`). */
  status?: StatusSinkron;
  /** Debounce after local writes (default 1000 ms). */
  jedaTulisMs?: number;
  /** Periodic sync (default 60 000 ms). */
  intervalMs?: number;
  /** SSE factory; default the platform EventSource when present, null disables SSE. */
  buatSumberPeristiwa?: ((url: string) => SumberPeristiwa) | null;
  /** Random source for the jitter (tests pass a fixed one). */
  acak?: () => number;
  /** Page size of pull (default BATAS_PULL). */
  batasPull?: number;
  /** Deadline of every request (default BATAS_WAKTU_MS of client.ts; issue 9 §4). */
  batasWaktuMs?: number;
  /** First byte budget of a pull page (default AWAL_BYTE_PULL; issue 17 §1, src/sync/ukuran-halaman.ts). */
  awalBytePull?: number;
  /** Clock in ms for page timing and the time-left estimate (default performance.now / Date.now). */
  jam?: () => number;
  /**
   * Where pull pages are fetched, parsed and stored (src/sync/penarik.ts). Default: a dedicated
   * worker where the platform has one and no `fetch` was injected (issue 17 §5), else this thread.
   */
  penarik?: Penarik;
}

const BACKOFF_AWAL_MS = 2000;
const BACKOFF_MAKS_MS = 5 * 60_000;
/** A run never loops forever on a misbehaving server. */
const MAKS_PUTARAN = 10_000;
const JEDA_SSE_MS = 30_000;
/** Records fetched one by one after a push (see #ambilUlang), this many at a time. */
const SEJAJAR_AMBIL = 6;
/**
 * Pull page size. The initial pull of a whole kabupaten is thousands of records: every page costs a
 * round trip on a slow network, a transaction and a refresh of the open screen, so pages are large.
 * Not the largest the server allows (MAKS_PULL_LIMIT): a page is one rw transaction, and local
 * writes typed meanwhile wait for it, so it should stay well under a second on a tablet.
 */
export const BATAS_PULL = Math.min(MAKS_PULL_LIMIT, 2500);

/** Delay of the n-th consecutive failure (n ≥ 1): exponential, capped, with "equal jitter". */
export function jedaBackoff(n: number, acak: () => number = Math.random): number {
  const dasar = Math.min(BACKOFF_MAKS_MS, BACKOFF_AWAL_MS * 2 ** Math.max(0, n - 1));
  return Math.round(dasar / 2 + (acak() * dasar) / 2);
}

/**
 * The User Timing mark set when a pull run has stored its last page (docs/architecture.md "Sync
 * engine"): `detail.kursor` is the pull cursor it reached. It shows in the DevTools Performance
 * panel, and the benches time a first sync by it instead of reading IndexedDB while the pull writes
 * (tests/bench/initial-pull.ts). Only the latest is kept, so a tablet syncing all day holds one.
 */
export const TANDA_TARIK_SELESAI = 'pantau:tarik-selesai';

function tandaiTarikSelesai(kursor: number): void {
  if (typeof performance === 'undefined' || typeof performance.mark !== 'function') return;
  performance.clearMarks(TANDA_TARIK_SELESAI);
  performance.mark(TANDA_TARIK_SELESAI, { detail: { kursor } });
}

/** What the sync badge's progress counts of a stored pull page. */
type HalamanKemajuan = { jumlah: number; ukuranByte?: number; next: number; rev?: number | undefined; more: boolean };

/**
 * Whether a pull page needs the server-identity check (`periksaIdentitas`: another epoch, or a rev
 * behind the cursor, means the server was restored; docs/deployment.md §"Cadangan dan pemulihan")
 * and the device-backup check (`cadanganTidakDiServer`, §"Cadangan perangkat"). Checked on a run's
 * first page, on its last (so a run never ends synced without it), and on any page that says
 * something new: another epoch than the page last checked, or a server rev behind `since` (the
 * cursor the page is applied on). In between a check would read the same `meta` keys, find the
 * same answer and write nothing, at the cost of two IndexedDB transactions per page waiting behind
 * the page's own (issue 17 §5: a first sync is dozens of pages).
 */
export function perluPeriksaHalaman(
  diperiksa: { epoch: string | undefined } | null,
  page: { epoch?: string | undefined; rev?: number | undefined },
  since: number,
  lanjut: boolean,
): boolean {
  return diperiksa === null || !lanjut || page.epoch !== diperiksa.epoch || (page.rev !== undefined && page.rev < since);
}

/**
 * The run was cut because the engine stopped (the session ended: sign-out, another user on the
 * tablet, src/lib/sesi.svelte.ts). Not an error to show: the pull resumes from the last stored page
 * when the engine starts again. `bukaTahun` rejects with it (its Indonesian message) when stopped.
 */
export class SinkronDihentikan extends Error {
  constructor() {
    super('Sinkronisasi dihentikan.');
    this.name = 'SinkronDihentikan';
  }
}

export class MesinSinkron {
  readonly klien: KlienSinkron;
  /** Evidence files' uploads (docs/bukti-dukung.md), poked after every run, never awaited. */
  readonly unggah: PengunggahBerkas;
  readonly #db: PantauDB;
  readonly #status: StatusSinkron;
  readonly #opsi: OpsiMesin;
  #aktif = false;
  /**
   * `stop()` was called and no `start()` since: the pull requests no further page (a run that was
   * never started, as in tests calling `sinkronSekarang` alone, is not stopped).
   */
  #dihentikan = false;
  #dijeda = false;
  readonly #jadwal = new PutaranTunggal(
    () => this.#satuPutaran(),
    () => !this.#dijeda && !this.#dihentikan,
  );
  #gagalBeruntun = 0;
  #timerBackoff: ReturnType<typeof setTimeout> | null = null;
  #timerJeda: ReturnType<typeof setTimeout> | null = null;
  #timerInterval: ReturnType<typeof setInterval> | null = null;
  #langganan: Subscription | null = null;
  #sse: SumberPeristiwa | null = null;
  #tertundaSebelum = 0;
  #lepasOnline: (() => void) | null = null;
  #timerSse: ReturnType<typeof setTimeout> | null = null;
  /** Byte budget of pull pages, kept across runs so a cut link's retry asks for less (issue 17 §1). */
  readonly #ukuran: UkuranHalaman;
  /** When the last pull page's body arrived (`#jam`), for the next page's time on the link. */
  #akhirHalamanTerakhir = 0;
  /**
   * Whether pull pages' headers may start the next request (AntreanTarik): off for the rest of the
   * session once one named another page than its body (a proxy rewriting it would otherwise cost
   * wasted pages in every run).
   */
  readonly #kepercayaanKepala = { kepala: true };
  /**
   * The link dropped a pull page since the last pull run that reached the end: pages are then asked
   * for one at a time (after the body of the one before), not on its headers. On a link that keeps
   * dropping, two or three pages in flight at each drop cost more bytes than the round trips the
   * early requests save (flapping bench K=1: 1.43× the data's bytes against 1.20×).
   */
  #linkPutus = false;
  readonly #jam: () => number;
  readonly #penarik: Penarik;
  /** When the progress now shown began, and from which cursor (for the time-left estimate). */
  #awalKemajuan: { ms: number; rev: number } | null = null;
  /** Years opened last session but not kept for offline leave at start (issue 17 §2); pulls wait for it. */
  #lepasSementara: Promise<void> = Promise.resolve();
  /**
   * Full re-pulls completed (`selesaiTarikUlang`). A re-pull's scope is read when its run starts,
   * so it removes the records of a year `bukaTahun` stored meanwhile; `bukaTahun` fetches the year
   * again from the start when this moved while it ran.
   */
  #tarikUlangSelesai = 0;

  constructor(opsi: OpsiMesin) {
    this.#opsi = opsi;
    this.#db = opsi.db;
    this.#status = opsi.status ?? statusGlobal;
    this.klien = new KlienSinkron({ baseUrl: opsi.baseUrl, getToken: opsi.getToken, fetch: opsi.fetch, batasWaktuMs: opsi.batasWaktuMs });
    this.#ukuran = new UkuranHalaman(opsi.awalBytePull);
    this.#jam = opsi.jam ?? (() => Date.now());
    const utas = new PenarikUtas(this.klien, opsi.db);
    this.#penarik =
      opsi.penarik ??
      (opsi.fetch === undefined
        ? buatPenarikPekerja({ namaDb: opsi.db.name, baseUrl: opsi.baseUrl, getToken: opsi.getToken, batasWaktuMs: opsi.batasWaktuMs, cadangan: utas })
        : null) ??
      utas;
    this.unggah = new PengunggahBerkas({ db: opsi.db, baseUrl: opsi.baseUrl, getToken: opsi.getToken, ...(opsi.fetch ? { fetch: opsi.fetch } : {}) });
  }

  /** The byte budget the next pull page asks for (issue 17 §1). */
  get bytePull(): number {
    return this.#ukuran.byte;
  }

  get dijeda(): boolean {
    return this.#dijeda;
  }

  /** Begin syncing: run now, then on every trigger until `stop()`. */
  start(): void {
    if (this.#aktif) return;
    this.#aktif = true;
    this.#dihentikan = false;
    this.#lepasSementara = lepasTahunSementara(this.#db, new Date()).catch((e: unknown) => console.error('Melepas tahun sementara gagal', e));
    this.#amatiAntrean();
    this.#amatiOnline();
    this.#bukaSse();
    const interval = this.#opsi.intervalMs ?? 60_000;
    if (interval > 0) this.#timerInterval = setInterval(() => void this.sinkronSekarang(), interval);
    void this.sinkronSekarang();
  }

  /**
   * Stop every trigger. A run in progress ends soon (`selesai()` says when): its push finishes, its
   * pull stores the page it has in hand and requests no other (a first sync is dozens of pages; the
   * session closes the database only after this, src/lib/sesi.svelte.ts), and `bukaTahun` stops
   * between pages (SinkronDihentikan). The cursor stays at the last stored page.
   */
  stop(): void {
    this.#aktif = false;
    this.#dihentikan = true;
    this.#langganan?.unsubscribe();
    this.#langganan = null;
    this.#lepasOnline?.();
    this.#lepasOnline = null;
    this.#tutupSse();
    for (const t of [this.#timerBackoff, this.#timerJeda]) if (t) clearTimeout(t);
    if (this.#timerInterval) clearInterval(this.#timerInterval);
    this.#timerBackoff = this.#timerJeda = this.#timerInterval = null;
    this.unggah.stop();
    // The pull worker ends (with its database connection) once the run in progress is over; a
    // later start begins another.
    void this.#jadwal.selesai().then(() => {
      if (!this.#aktif) this.#penarik.tutup();
    });
  }

  /** After signing in again: leave the 401 pause and sync at once. */
  lanjutkan(): void {
    this.#dijeda = false;
    this.#gagalBeruntun = 0;
    this.#status.perbarui({ perluMasukLagi: false, galat: null });
    if (this.#aktif) this.#bukaSse();
    void this.sinkronSekarang();
  }

  /** Wait for the run in progress (if any). */
  async selesai(): Promise<void> {
    await this.#jadwal.selesai();
  }

  /**
   * Sync now (push, then pull). Never throws: the outcome is in the status (`galat`,
   * `terakhirSinkron`). If a run is in progress, one more run follows it and this resolves after it.
   */
  sinkronSekarang(): Promise<void> {
    return this.#jadwal.picu();
  }

  /** Two tabs of the same user share one database: the Web Locks API keeps their runs apart. */
  async #satuPutaran(): Promise<void> {
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    if (locks?.request) {
      await locks.request(`pantau-sinkron:${this.#db.name}`, () => this.#putaran());
    } else {
      await this.#putaran();
    }
  }

  async #putaran(): Promise<void> {
    if (this.#dijeda || !this.#opsi.getToken()) return;
    this.#status.perbarui({ berjalan: true });
    try {
      await this.#push();
      await this.#pull();
      await this.#ambilUlang();
      this.#gagalBeruntun = 0;
      if (this.#timerBackoff) clearTimeout(this.#timerBackoff);
      this.#timerBackoff = null;
      const kini = new Date().toISOString();
      await this.#db.meta.put({ key: 'terakhirSinkron', value: kini });
      this.#awalKemajuan = null;
      this.#status.perbarui({ online: true, galat: null, terakhirSinkron: kini, perluMasukLagi: false, kemajuan: null });
    } catch (e) {
      this.#tanganiGalat(e);
    } finally {
      // A later sync that failed half way starts counting afresh next time; an unfinished first sync keeps its count.
      // A stopped run has no time left to estimate: the count stays, the estimate goes.
      const k = this.#status.current.kemajuan;
      const kemajuan = this.#status.current.terakhirSinkron ? { kemajuan: null } : k ? { kemajuan: { ...k, sisaMs: null } } : {};
      if (this.#status.current.terakhirSinkron) this.#awalKemajuan = null;
      this.#status.perbarui({ berjalan: false, ...kemajuan, ...(await hitungAntrean(this.#db).catch(() => ({}))) });
      // Evidence files go after every run, on their own: the record sync never waits for them.
      if (this.#aktif && !this.#dijeda) void this.unggah.picu();
    }
  }

  #tanganiGalat(e: unknown): void {
    // Stopped on purpose: nothing to show, nothing to retry (start() pulls on from the stored page).
    if (e instanceof SinkronDihentikan) return;
    if (e instanceof GalatOtorisasi) {
      this.#dijeda = true;
      this.#tutupSse();
      this.#status.perbarui({ perluMasukLagi: true, galat: e.message });
      this.#opsi.onTokenKedaluwarsa?.();
      return;
    }
    if (e instanceof GalatServer && e.kode === 'versi_skema') this.#status.perbarui({ perluMuatUlang: true });
    const dapatDiulang = e instanceof GalatJaringan || (e instanceof GalatServer && e.dapatDiulang);
    const err = e as { name?: string; inner?: { name?: string } } | null;
    const penuh = err?.name === 'QuotaExceededError' || err?.inner?.name === 'QuotaExceededError';
    const pesan = penuh ? new PenyimpananPenuhError().message : e instanceof Error ? e.message : 'Sinkronisasi gagal.';
    // A server that is slow to answer is reachable: only an unreachable one means "offline".
    this.#status.perbarui({ galat: pesan, ...(e instanceof GalatJaringan && !(e instanceof GalatBatasWaktu) ? { online: false } : {}) });
    if (!(e instanceof GalatJaringan) && !(e instanceof GalatServer)) console.error('Sinkronisasi gagal', e);
    if (dapatDiulang && this.#aktif) {
      this.#gagalBeruntun++;
      if (this.#timerBackoff) clearTimeout(this.#timerBackoff);
      this.#timerBackoff = setTimeout(
        () => {
          this.#timerBackoff = null;
          void this.sinkronSekarang();
        },
        jedaBackoff(this.#gagalBeruntun, this.#opsi.acak),
      );
    }
  }

  /**
   * Push the outbox in batches. Pipelined (issue 17 §4): as soon as a batch is answered, the next
   * one is sent while the answer is applied in Dexie (answers are still applied one after the
   * other, in order; an entry leaves the outbox only with its answer). The next batch and the epoch
   * are read before that apply starts, so the reads never wait behind its write transaction.
   */
  async #push(): Promise<void> {
    const clientId = await clientIdDari(this.#db);
    // Records this run held back for their own queued edits (terapkanHasilPush `ditahan`).
    const ditahan = new Set<string>();
    /** The previous batch's answer being applied (its outbox entries leave when it resolves). */
    let berjalan: Promise<void> | null = null;
    const tunggu = async (): Promise<void> => {
      const p = berjalan;
      berjalan = null;
      if (p) await p;
    };
    try {
      let batch = await ambilBatch(this.#db);
      let epoch = await epochTersimpan(this.#db);
      for (let i = 0; i < MAKS_PUTARAN; i++) {
        if (batch.length === 0) return;
        // The epoch this push names: an answer to it leaves the epoch out, being this one (docs/sync-protocol.md "POST /sync/push").
        const epochDikirim = epoch;
        const hasil = await this.klien.push({
          clientId,
          schemaVersion: SCHEMA_VERSION,
          mutations: batch.map(({ id: _id, ...m }) => m),
          ...(epochDikirim ? { epoch: epochDikirim } : {}),
        });
        // The previous answer is applied before this one is looked at (a failure there ends the run).
        await tunggu();
        if (hasil.jenis === 'epoch' || hasil.jenis === 'celah') {
          if (hasil.jenis === 'epoch') {
            // The server was restored: re-base the pending edits, then push them (the pull re-fetches all).
            await this.#cadanganDiServer({ epoch: hasil.epoch, rev: hasil.epochRev });
            await mulaiTarikUlang(this.#db, hasil.epoch, hasil.epochRev);
          } else {
            // Seqs the server had acknowledged are gone: it was restored (docs/deployment.md §"Cadangan dan pemulihan").
            if (await seqMundur(this.#db, hasil.lastSeq)) await mulaiTarikUlang(this.#db, epoch, hasil.rev ?? 0);
            await pulihkanCelah(this.#db, hasil.lastSeq);
          }
          batch = await ambilBatch(this.#db);
          epoch = await epochTersimpan(this.#db);
          continue;
        }
        const { results, lastSeq, revAwal, rev, updatedAt, epoch: epochJawaban } = hasil.respons;
        const dijawab = batch;
        // The next batch (the entries after this one) and the epoch, read before the apply's write transaction starts.
        batch = await ambilBatch(this.#db, undefined, dijawab.at(-1)!.seq);
        epoch = await epochTersimpan(this.#db);
        // The pushed records' revs come from the answer; the pull then skips them when nobody else wrote between (issue 17 §4).
        const terapkan = terapkanHasilPush(
          this.#db,
          dijawab,
          results,
          lastSeq,
          new Date(),
          { revAwal, rev, updatedAt, epoch: epochJawaban ?? epochDikirim ?? undefined },
          ditahan,
        ).then(async (keluar) => {
          if (keluar === 0) throw new GalatServer(500, 'push_macet', 'Server tidak memproses kiriman; dicoba lagi nanti.');
          this.#status.perbarui(await hitungAntrean(this.#db));
        });
        // Handled where it is awaited; never an unhandled rejection meanwhile.
        terapkan.catch(() => undefined);
        berjalan = terapkan;
      }
    } finally {
      // A push that failed (network, server) still lets the previous answer land; its own failure is thrown.
      if (berjalan) await tunggu();
    }
  }

  /**
   * Pull every page. Pages are requested ahead of the writer (AntreanTarik: the next one as soon as
   * the previous one's headers name it, or once it arrived after a drop), so the network and
   * IndexedDB overlap; they are still applied one after the other, in order, and a failure drops the
   * pages fetched ahead (the cursor only moves with an applied page).
   */
  async #pull(): Promise<void> {
    const batas = this.#opsi.batasPull ?? BATAS_PULL;
    // A re-pull after a restore always starts from 0 and sees every page (see #identitasServer).
    let ulang = await tarikUlangBerjalan(this.#db);
    const dilihat = new Set<string>();
    let since = ulang ? 0 : await kursorPull(this.#db);
    // The years this device holds (issue 17 §2); read once per run: a year added meanwhile is
    // caught up by bukaTahun after this run.
    await this.#lepasSementara;
    const { tahunMin, tahun } = await lingkupPull(this.#db, new Date());
    const lingkup = { tahunMin, tahun };
    this.#awalKemajuan ??= { ms: this.#jam(), rev: since };
    // A full re-pull counts the keys it saw (selesaiTarikUlang); they come with its pages only.
    const antrean = (dari: number) =>
      new AntreanTarik(
        dari,
        // Once stopped, no further page is asked for, not even one a page's headers named.
        // On a link that dropped, one page at a time: each page asked for early is one more cut half way.
        (s, diKepala, sinyal) =>
          this.#dihentikan
            ? Promise.reject(new SinkronDihentikan())
            : this.#tarikHalaman(s, batas, lingkup, ulang, { diKepala: this.#linkPutus ? undefined : diKepala, sinyal }),
        undefined,
        (h) => h.buang(),
        this.#kepercayaanKepala,
      );
    if (this.#dihentikan) throw new SinkronDihentikan();
    let halaman = antrean(since);
    // The page taken last: dropped if the run ends before it is stored (in the worker it holds megabytes).
    let diambil: HalamanTarik | null = null;
    // Live queries answer at most once a second while more pages follow (lib/live.svelte.ts).
    let lepasRem: (() => void) | null = null;
    // The epoch of the last page whose identity and backup mark were checked in this run.
    let diperiksa: { epoch: string | undefined } | null = null;
    // The page whose transaction is open and not yet awaited: the next page's transaction is
    // opened behind it, so IndexedDB starts it the moment this one commits (issue 17 §5).
    let berjalan: { selesai: Promise<unknown>; page: HalamanKemajuan; since: number } | null = null;
    const tuntaskan = async () => {
      if (!berjalan) return;
      const b = berjalan;
      berjalan = null;
      await b.selesai;
      // A page stored is progress: the next failure of this flapping link backs off from the start
      // again, not from where a run of earlier failures left it (issue 17 §1).
      this.#gagalBeruntun = 0;
      this.#catatKemajuan(b.page, b.since);
    };
    try {
      for (let i = 0; i < MAKS_PUTARAN; i++) {
        // A stopped engine takes no further page; the one in flight is stored (finally) and counts.
        if (this.#dihentikan) throw new SinkronDihentikan();
        const page = await halaman.ambil().catch(async (e: unknown) => {
          // The link failed this page: the retry asks for half (once per failed run: the pages asked
          // for after it, cut by the same drop, are not counted again).
          if (e instanceof GalatJaringan) {
            this.#ukuran.gagal();
            this.#linkPutus = true;
          }
          // A page that failed to store says more (a full device) than the next one's failed request.
          await tuntaskan();
          throw e;
        });
        diambil = page;
        const lanjut = page.more && page.next > since;
        if (perluPeriksaHalaman(diperiksa, page, since, lanjut)) {
          // The checks read what the pages before wrote.
          await tuntaskan();
          await this.#cadanganDiServer(page);
          if (!ulang && (await this.#identitasServer(page))) {
            ulang = true;
            since = 0;
            diperiksa = null;
            page.buang();
            halaman.hentikan();
            halaman = antrean(0);
            continue;
          }
          diperiksa = { epoch: page.epoch };
        }
        this.#periksaVersiSkema(page.schemaVersion);
        if (lanjut) lepasRem ??= remLangsung();
        if (ulang) for (const k of page.kunci ?? []) dilihat.add(k);
        const selesai = page.terapkan({ timpa: ulang, dari: since });
        // Its failure is thrown by `tuntaskan`, after the page before it was awaited.
        selesai.catch(() => undefined);
        await tuntaskan();
        berjalan = { selesai, page, since };
        if (!lanjut) {
          await tuntaskan();
          this.#linkPutus = false;
          if (ulang) {
            await selesaiTarikUlang(this.#db, dilihat);
            this.#tarikUlangSelesai++;
          }
          tandaiTarikSelesai(page.next);
          return;
        }
        since = page.next;
      }
    } finally {
      halaman.hentikan();
      diambil?.buang();
      // A page already handed to IndexedDB when the run failed still counts once it is stored.
      await tuntaskan().catch(() => undefined);
      lepasRem?.();
    }
  }

  /**
   * Open an older year on this device (issue 17 §2; docs/offline.md "Tahun di perangkat"): the year
   * joins the pull scope first, then its records are paged from GET /sync/tahun and applied like
   * pull pages (never over pending work, never back to an older rev; the cursor does not move).
   * A run that began before the year joined may pass its newer edits, so once that run is over the
   * year is fetched again from the rev the first fetch began at. `sementara`: opened, not kept for
   * offline. Needs the network (errors are the client's Indonesian ones). Returns records applied.
   */
  async bukaTahun(tahun: number, opsi: { sementara: boolean }): Promise<number> {
    const sebelum = await tahunDiPerangkat(this.#db, tahun, new Date());
    const tarikUlangSebelum = this.#tarikUlangSelesai;
    await tambahTahun(this.#db, tahun, opsi, new Date());
    const ambil = async (dari: number): Promise<{ n: number; rev: number }> => {
      let since = dari;
      let n = 0;
      let rev = 0;
      for (let i = 0; i < MAKS_PUTARAN; i++) {
        // Not after stop(): the session may have closed this database (and the pull worker with it).
        if (this.#dihentikan) throw new SinkronDihentikan();
        const page = await this.#penarik.ambil({ tahun, since, jumlah: this.#opsi.batasPull ?? BATAS_PULL, byte: this.#ukuran.byte, kunci: false });
        if (i === 0) rev = page.rev ?? 0;
        n += (await page.terapkan({ timpa: false })).diterapkan;
        if (!page.more || page.next <= since) break;
        since = page.next;
      }
      return { n, rev };
    };
    try {
      const pertama = await ambil(0);
      await this.#jadwal.selesai();
      // A full re-pull that ended meanwhile removed what the first fetch stored (its scope was read
      // before the year joined): the whole year again.
      if (this.#tarikUlangSelesai !== tarikUlangSebelum) return (await ambil(0)).n;
      const susulan = await ambil(pertama.rev);
      return pertama.n + susulan.n;
    } catch (e) {
      // A year that was not here and did not arrive whole leaves the scope again: half a year must
      // not pass for one on the device (its older records would never come by pull).
      if (sebelum === 'tidak') await lepasTahun(this.#db, tahun, new Date()).catch(() => undefined);
      throw e;
    }
  }

  /**
   * One pull page at the byte budget the link allows now (issue 17 §1): timed from request to the
   * last byte, which sizes the next one; a failure (cut, refused, timed out) halves the budget, so
   * the retry of a page cut half way asks for a smaller one. Only network failures count: a server
   * error says nothing about the link.
   */
  #tarikHalaman(since: number, batas: number, lingkup: LingkupTarik, kunci: boolean, opsi: OpsiHalaman): Promise<HalamanTarik> {
    const t0 = this.#jam();
    // As many records as the budget holds at the last page's record size (the server reads that many rows).
    const jumlah = this.#ukuran.jumlah(batas);
    return this.#penarik.ambil({ since, jumlah, byte: this.#ukuran.byte, lingkup, kunci }, opsi).then((page) => {
      const kini = this.#jam();
      // Asked for on the headers of the page before, this page shared the link with that page's
      // body until it ended: its own time starts there (else a slow link looks twice as slow).
      const mulai = Math.max(t0, this.#akhirHalamanTerakhir);
      this.#akhirHalamanTerakhir = kini;
      // Cut by the byte budget: more records wait, yet fewer than the count asked for came.
      this.#ukuran.berhasil({ ms: kini - mulai, byte: page.ukuranByte, penuh: page.more && page.jumlah < jumlah, jumlah: page.jumlah });
      return page;
    });
  }

  /**
   * After an applied page (issue 17 point 1): the device now holds data, so the badge never says
   * "Belum pernah sinkron" again, and the received count and bytes grow. Kept across runs until a
   * run completes, so a first sync cut half way still shows how far it got.
   */
  #catatKemajuan(page: HalamanKemajuan, since: number): void {
    const k = this.#status.current.kemajuan;
    const kini = this.#jam();
    // The estimate runs from the first pull this progress counts (cut runs included: their waits are
    // part of how long the link takes), over the revs still ahead of the cursor.
    this.#awalKemajuan ??= { ms: kini, rev: since };
    const sisaMs = page.more
      ? perkiraanSisaMs({ mulaiMs: this.#awalKemajuan.ms, kiniMs: kini, revAwal: this.#awalKemajuan.rev, revKini: page.next, revTujuan: page.rev ?? page.next })
      : 0;
    this.#status.perbarui({
      ...(page.jumlah && !this.#status.current.adaDataLokal ? { adaDataLokal: true } : {}),
      kemajuan: {
        diterima: (k?.diterima ?? 0) + page.jumlah,
        byte: (k?.byte ?? 0) + (page.ukuranByte ?? 0),
        sisaMs,
      },
    });
  }

  /**
   * docs/deployment.md §"Cadangan dan pemulihan": a pull answer from another epoch, or with a server
   * rev behind our cursor, means the server was restored. Returns true when a full re-pull must start
   * (pending edits are kept, re-based and pushed on the next run).
   */
  async #identitasServer(page: { epoch?: string | undefined; epochRev?: number | undefined; rev?: number | undefined }): Promise<boolean> {
    return periksaIdentitas(this.#db, page);
  }

  /**
   * docs/deployment.md §"Cadangan perangkat": records restored from a device backup that the server
   * lacks are one device's copy. Sync stops there (nothing deleted, nothing pushed, never shown as
   * synced) until the user sends them or drops them on the Sinkron page.
   */
  async #cadanganDiServer(id: IdentitasServer): Promise<void> {
    if (!(await cadanganTidakDiServer(this.#db, id))) {
      if (this.#status.current.cadanganTidakDiServer) this.#status.perbarui({ cadanganTidakDiServer: false });
      return;
    }
    this.#status.perbarui({ cadanganTidakDiServer: true });
    throw new GalatServer(409, 'cadangan_tidak_di_server', PESAN_CADANGAN_TIDAK_DI_SERVER);
  }

  /** docs/deployment.md §"Pembaruan": a server on another schema version needs the matching app. */
  #periksaVersiSkema(versi: number | undefined): void {
    if (versi === undefined || versi === SCHEMA_VERSION) return;
    this.#status.perbarui({ perluMuatUlang: true });
    throw new GalatServer(
      409,
      'versi_skema',
      'Server memakai versi data yang berbeda; muat ulang aplikasi untuk memperbarui. Data yang belum terkirim tetap aman di perangkat.',
    );
  }

  /**
   * Records a pull held back (local work was pending) or a push answered with `conflict`: once
   * nothing is pending for them, fetch the server's current version and apply it. The pull cursor
   * has moved past them, and when the server's rev did not move (conflict, applied without change)
   * no later pull brings them again. A record edited again meanwhile stays remembered.
   */
  async #ambilUlang(): Promise<void> {
    const daftar = await perluAmbilSiap(this.#db);
    for (let i = 0; i < daftar.length; i += SEJAJAR_AMBIL) {
      await Promise.all(
        daftar.slice(i, i + SEJAJAR_AMBIL).map(async ({ table, key }) => {
          let server: Record<string, unknown> | null;
          try {
            server = await this.klien.ambilRecord(table, key);
          } catch (e) {
            // The server will never answer for it (e.g. 400/403): stop asking; retryable ones stay.
            if (e instanceof GalatServer && !e.dapatDiulang) {
              await lupakanPerluAmbil(this.#db, table, key);
              return;
            }
            throw e;
          }
          await terapkanRecordServer(this.#db, table, key, server);
        }),
      );
    }
  }

  /** Outbox/konflik/penolakan counts → status; a growing outbox schedules a debounced sync. */
  #amatiAntrean(): void {
    this.#langganan = liveQuery(() => hitungAntrean(this.#db)).subscribe({
      next: (n) => {
        this.#status.perbarui(n);
        if (n.tertunda > this.#tertundaSebelum) this.#jadwalkanSetelahTulis();
        this.#tertundaSebelum = n.tertunda;
      },
      error: (e: unknown) => console.error('Gagal membaca antrean', e),
    });
  }

  #jadwalkanSetelahTulis(): void {
    if (!this.#aktif) return;
    if (this.#timerJeda) clearTimeout(this.#timerJeda);
    this.#timerJeda = setTimeout(() => {
      this.#timerJeda = null;
      void this.sinkronSekarang();
    }, this.#opsi.jedaTulisMs ?? 1000);
  }

  #amatiOnline(): void {
    if (typeof window === 'undefined' || typeof window.addEventListener !== 'function') return;
    const online = () => {
      this.#status.perbarui({ online: true });
      this.#gagalBeruntun = 0;
      void this.sinkronSekarang();
    };
    const offline = () => this.#status.perbarui({ online: false });
    window.addEventListener('online', online);
    window.addEventListener('offline', offline);
    this.#lepasOnline = () => {
      window.removeEventListener('online', online);
      window.removeEventListener('offline', offline);
    };
  }

  #bukaSse(): void {
    this.#tutupSse();
    const buat =
      this.#opsi.buatSumberPeristiwa === undefined
        ? typeof EventSource !== 'undefined'
          ? (url: string) => new EventSource(url)
          : null
        : this.#opsi.buatSumberPeristiwa;
    if (!buat) return;
    // The stream opens with a one-time ticket (never the token in the URL: docs/security.md), so
    // getting its URL is a request; a stop or a newer open meanwhile wins.
    const giliran = ++this.#giliranSse;
    this.klien.urlEvents().then(
      (url) => {
        if (url && giliran === this.#giliranSse && this.#aktif && !this.#dijeda) this.#pasangSse(buat(url));
      },
      () => {
        if (giliran !== this.#giliranSse || !this.#aktif || this.#dijeda) return;
        // Offline or refused: try again later; sync itself still runs on the timer meanwhile.
        this.#timerSse = setTimeout(() => {
          this.#timerSse = null;
          if (this.#aktif && !this.#dijeda && giliran === this.#giliranSse) this.#bukaSse();
        }, JEDA_SSE_MS);
      },
    );
  }

  #giliranSse = 0;

  #pasangSse(sse: SumberPeristiwa): void {
    sse.addEventListener('change', (e: MessageEvent) => {
      let rev: number | null = null;
      try {
        const p = pokeSchema.safeParse(JSON.parse(String(e.data)));
        rev = p.success ? p.data.rev : null;
      } catch {
        rev = null;
      }
      void (async () => {
        // Our own push pokes us too: only pull when the server is ahead of us.
        if (rev !== null && rev <= (await kursorPull(this.#db))) return;
        await this.sinkronSekarang();
      })();
    });
    sse.addEventListener('error', () => {
      // A refused stream (e.g. 401) is closed for good by the browser; retry later while running.
      // Sync itself still runs on the timer and on local writes meanwhile.
      if ((sse as { readyState?: number }).readyState !== 2 || !this.#aktif || this.#dijeda) return;
      if (this.#timerSse) clearTimeout(this.#timerSse);
      this.#timerSse = setTimeout(() => {
        this.#timerSse = null;
        if (this.#aktif && !this.#dijeda && this.#sse === sse) this.#bukaSse();
      }, JEDA_SSE_MS);
    });
    this.#sse = sse;
  }

  #tutupSse(): void {
    this.#giliranSse++;
    if (this.#timerSse) clearTimeout(this.#timerSse);
    this.#timerSse = null;
    this.#sse?.close();
    this.#sse = null;
  }
}
