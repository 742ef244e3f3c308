/**
 * HTTP client of /api/v1 (docs/sync-protocol.md; docs/architecture.md "Reaching the server"): every response is parsed with the shared Zod schemas of
 * src/shared/protocol.ts, every failure becomes one of three Indonesian errors the engine can act on.
 */
import { z } from 'zod';
import {
  API,
  epochBerbedaSchema,
  HEADER_NEXT,
  errorBodySchema,
  loginResponseSchema,
  tiketResponseSchema,
  pullResponseSchema,
  pushResponseSchema,
  seqGapSchema,
  type LoginResponse,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  userCreateSchema,
  userUpdateSchema,
} from '../shared/protocol.ts';
import { userSchema, type NamaTabel, type User } from '../domain/schemas.ts';

/** A new account / an account change, as checked by the shared schemas. */
export type UserCreate = z.output<typeof userCreateSchema>;
export type UserUpdate = z.output<typeof userUpdateSchema>;

export type FetchFn = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** The server could not be reached (offline, DNS, dropped connection). Retried with backoff. */
export class GalatJaringan extends Error {
  constructor(sebab?: unknown) {
    super('Tidak dapat terhubung ke server. Data tetap tersimpan di perangkat dan akan dikirim saat koneksi kembali.');
    this.name = 'GalatJaringan';
    this.cause = sebab;
  }
}

/**
 * The server did not answer (or stopped sending its answer) within the request's deadline (issue 9
 * §4). A network failure like any other: retried with backoff, and a push retried this way is safe
 * because the server answers an already-applied seq with its original result (docs/sync-protocol.md "POST /sync/push").
 */
export class GalatBatasWaktu extends GalatJaringan {
  constructor(readonly detik: number) {
    super(new Error(`batas waktu ${detik} s`));
    this.message = `Server tidak menjawab dalam ${detik} detik. Data tetap tersimpan di perangkat dan dikirim lagi otomatis.`;
    this.name = 'GalatBatasWaktu';
  }
}

/** The server answered with an error (`{ error: { code, message } }`). 5xx is retried with backoff. */
export class GalatServer extends Error {
  constructor(
    public readonly status: number,
    public readonly kode: string,
    pesan: string,
  ) {
    super(pesan);
    this.name = 'GalatServer';
  }
  get dapatDiulang(): boolean {
    return this.status >= 500 || this.status === 429;
  }
}

/** 401: the token expired or was revoked. Sync pauses until the user signs in again. */
export class GalatOtorisasi extends Error {
  constructor(
    public readonly kode: string,
    pesan?: string,
  ) {
    super(pesan || 'Sesi berakhir. Masuk lagi untuk melanjutkan sinkronisasi; data di perangkat tetap aman.');
    this.name = 'GalatOtorisasi';
  }
}

/** Push answer: either the results, or a seq gap with the server's last applied seq. */
export type HasilPush =
  | { jenis: 'ok'; respons: PushResponse }
  | { jenis: 'celah'; lastSeq: number; rev?: number | undefined }
  /** The server was restored: another epoch (docs/deployment.md §"Cadangan dan pemulihan"). Nothing was applied. */
  | { jenis: 'epoch'; epoch: string; epochRev: number };

/**
 * Called when a pull page's headers arrive, before its body, with the `next` the server named in
 * HEADER_NEXT (a page with more after it): the caller may ask for that page at once (src/sync/antrean-tarik.ts).
 */
export type DiKepala = (next: number) => void;

/**
 * Options of fetching one pull page: `diKepala` (see DiKepala); `sinyal`, aborting it gives the
 * request up (src/sync/antrean-tarik.ts drops a page asked for ahead: its bytes stop crossing the
 * link), failing it as a GalatJaringan.
 */
export interface OpsiHalaman {
  diKepala?: DiKepala | undefined;
  sinyal?: AbortSignal | undefined;
}

/** HEADER_NEXT's value as a rev (a non-negative safe integer), else null: the caller waits for the body. */
export function bacaHeaderNext(nilai: string | null): number | null {
  if (nilai === null || !/^\d{1,15}$/.test(nilai)) return null;
  return Number(nilai);
}

/** Bodies above this size are gzip-compressed when the platform has CompressionStream (below it
 * gzip's own header costs more than it saves). */
export const AMBANG_GZIP = 200;

async function gzip(teks: string): Promise<Uint8Array | null> {
  if (typeof CompressionStream === 'undefined') return null;
  const stream = new Blob([teks]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Default deadline: for the answer's headers, and for each further piece of its body. */
export const BATAS_WAKTU_MS = 30_000;
/** Sending a body gets this much extra time per byte: 8 KiB/s, a poor 2G/EDGE uplink. */
const MS_PER_BYTE_KIRIM = 1000 / (8 * 1024);
/** Statuses whose Response may not carry a body. */
const TANPA_ISI = new Set([101, 204, 205, 304]);

export class KlienSinkron {
  readonly #baseUrl: string;
  readonly #getToken: () => string | null;
  readonly #fetch: FetchFn;
  readonly #batasWaktuMs: number;

  /** `batasWaktuMs`: the deadline of every request (default BATAS_WAKTU_MS; see `#kirim`). */
  constructor(opsi: { baseUrl: string; getToken: () => string | null; fetch?: FetchFn; batasWaktuMs?: number }) {
    this.#baseUrl = opsi.baseUrl.replace(/\/+$/, '');
    this.#getToken = opsi.getToken;
    this.#fetch = opsi.fetch ?? ((i, init) => globalThis.fetch(i, init));
    this.#batasWaktuMs = opsi.batasWaktuMs ?? BATAS_WAKTU_MS;
  }

  url(path: string): string {
    return `${this.#baseUrl}${API}${path}`;
  }

  /**
   * Every request has a deadline (issue 9 §4): its headers must arrive within the deadline (plus
   * time to send the body at 8 KiB/s), and then every piece of its body within the deadline of the
   * previous one. Past it the request is aborted (AbortController) and GalatBatasWaktu thrown, so a
   * lost answer never leaves the sync hanging. The body is read here in full; the Response returned
   * holds it in memory (pages are bounded by MAKS_BYTE_PULL). `init.signal` gives the request up
   * when it aborts (a GalatJaringan), as the deadline does. `padaKepala`: called with a
   * successful answer's headers the moment they arrive, before its body is read (the pull pages'
   * HEADER_NEXT).
   */
  async #kirim(path: string, init: RequestInit = {}, denganToken = true, padaKepala?: (h: Headers) => void): Promise<Response> {
    const headers = new Headers(init.headers);
    const token = this.#getToken();
    if (denganToken && token) headers.set('Authorization', `Bearer ${token}`);
    const ac = new AbortController();
    const luar = init.signal;
    if (luar?.aborted) throw new GalatJaringan(luar.reason);
    luar?.addEventListener('abort', () => ac.abort(luar.reason), { once: true });
    const ukuranKirim = typeof init.body === 'string' ? init.body.length : init.body instanceof Uint8Array ? init.body.byteLength : 0;
    const detik = (ms: number) => Math.max(1, Math.round(ms / 1000));
    let timer: ReturnType<typeof setTimeout> | undefined;
    /** Races `p` against a fresh deadline of `ms`; past it, aborts the request. */
    const tepatWaktu = <T>(p: Promise<T>, ms: number): Promise<T> =>
      Promise.race([
        p,
        new Promise<never>((_, gagal) => {
          timer = setTimeout(() => {
            // Settle first: aborting may reject the raced promise synchronously with a plain AbortError.
            gagal(new GalatBatasWaktu(detik(ms)));
            ac.abort();
          }, ms);
        }),
      ]).finally(() => clearTimeout(timer));
    try {
      const res = await tepatWaktu(this.#fetch(this.url(path), { ...init, headers, signal: ac.signal }), this.#batasWaktuMs + ukuranKirim * MS_PER_BYTE_KIRIM);
      if (res.ok) padaKepala?.(res.headers);
      let isi: Uint8Array | null = null;
      if (res.body) {
        const reader = res.body.getReader();
        const potongan: Uint8Array[] = [];
        try {
          for (;;) {
            const { done, value } = await tepatWaktu(reader.read(), this.#batasWaktuMs);
            if (done) break;
            potongan.push(value);
          }
        } catch (e) {
          void reader.cancel().catch(() => undefined);
          throw e;
        }
        const n = potongan.reduce((a, b) => a + b.byteLength, 0);
        isi = new Uint8Array(n);
        let i = 0;
        for (const b of potongan) {
          isi.set(b, i);
          i += b.byteLength;
        }
      }
      return new Response(TANPA_ISI.has(res.status) ? null : (isi as Uint8Array<ArrayBuffer> | null), {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
    } catch (e) {
      if (e instanceof GalatJaringan) throw e;
      throw new GalatJaringan(e);
    }
  }

  /** Turn a non-2xx answer into the matching error (the body is read here). */
  async #galat(res: Response): Promise<Error> {
    let body: unknown = null;
    try {
      body = await res.json();
    } catch {
      body = null;
    }
    const e = errorBodySchema.safeParse(body);
    const kode = e.success ? e.data.error.code : `http_${res.status}`;
    const pesan = e.success ? e.data.error.message : `Server menjawab ${res.status}${res.statusText ? ` (${res.statusText})` : ''}`;
    if (res.status === 401) return new GalatOtorisasi(kode, pesan);
    return new GalatServer(res.status, kode, pesan);
  }

  async #json<S extends z.ZodType>(res: Response, schema: S): Promise<z.infer<S>> {
    let body: unknown;
    try {
      body = await res.json();
    } catch (e) {
      // A connection dropped mid-body looks like a network failure: safe to retry.
      throw new GalatJaringan(e);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw new GalatServer(res.status, 'jawaban_tidak_valid', 'Jawaban server tidak dikenali. Perbarui aplikasi atau hubungi admin.');
    return parsed.data;
  }

  /** POST /auth/login (needs the network). */
  async masuk(username: string, password: string): Promise<LoginResponse> {
    const res = await this.#kirim(
      '/auth/login',
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ username, password }),
      },
      false,
    );
    if (!res.ok) throw await this.#galat(res);
    return this.#json(res, loginResponseSchema);
  }

  /** POST /auth/logout: revokes the token. Best effort (the caller ignores failures). */
  async keluar(): Promise<void> {
    const res = await this.#kirim('/auth/logout', { method: 'POST' });
    if (!res.ok && res.status !== 401) throw await this.#galat(res);
  }

  /** POST /sync/push, gzip-compressed above AMBANG_GZIP bytes. A 409 seq gap is a normal answer. */
  async push(req: PushRequest): Promise<HasilPush> {
    const teks = JSON.stringify(req);
    const headers: Record<string, string> = { 'Content-Type': 'application/json' };
    let body: BodyInit = teks;
    if (teks.length > AMBANG_GZIP) {
      const z = await gzip(teks);
      if (z) {
        body = z as Uint8Array<ArrayBuffer>;
        headers['Content-Encoding'] = 'gzip';
      }
    }
    const res = await this.#kirim('/sync/push', { method: 'POST', headers, body });
    if (res.status === 409) {
      const body: unknown = await res.json().catch(() => null);
      const e = epochBerbedaSchema.safeParse(body);
      if (e.success) return { jenis: 'epoch', epoch: e.data.epoch, epochRev: e.data.epochRev };
      const b = seqGapSchema.safeParse(body);
      if (b.success) return { jenis: 'celah', lastSeq: b.data.lastSeq, rev: b.data.rev };
      throw new GalatServer(409, 'konflik_http', 'Server menolak urutan kiriman.');
    }
    if (!res.ok) throw await this.#galat(res);
    return { jenis: 'ok', respons: await this.#json(res, pushResponseSchema) };
  }

  /**
   * GET /sync/pull?since&limit[&maksByte]. `maksByte`: the page's byte budget, sized to the link by
   * the engine (issue 17 §1; src/sync/ukuran-halaman.ts). `ukuranByte`: bytes of the answer's JSON
   * as received (after HTTP decompression), for that sizing and the progress of a first sync.
   */
  async pull(
    since: number,
    limit = 1000,
    maksByte?: number,
    lingkup?: { tahunMin: number; tahun: readonly number[] },
    opsi?: OpsiHalaman,
  ): Promise<PullResponse & { ukuranByte: number }> {
    const tahun = lingkup ? `&tahunMin=${lingkup.tahunMin}${lingkup.tahun.length ? `&tahun=${lingkup.tahun.join(',')}` : ''}` : '';
    return this.#halaman(`/sync/pull?since=${since}&limit=${limit}${maksByte ? `&maksByte=${Math.round(maksByte)}` : ''}${tahun}`, opsi);
  }

  /** GET /sync/tahun?tahun&since&limit&maksByte: one older year's records, paged like a pull (issue 17 §2). */
  async ambilTahun(tahun: number, since: number, limit = 1000, maksByte?: number, opsi?: OpsiHalaman): Promise<PullResponse & { ukuranByte: number }> {
    return this.#halaman(`/sync/tahun?tahun=${tahun}&since=${since}&limit=${limit}${maksByte ? `&maksByte=${Math.round(maksByte)}` : ''}`, opsi);
  }

  async #halaman(path: string, opsi: OpsiHalaman = {}): Promise<PullResponse & { ukuranByte: number }> {
    const res = await this.#kirim(path, opsi.sinyal ? { signal: opsi.sinyal } : {}, true, (h) => {
      const lanjut = bacaHeaderNext(h.get(HEADER_NEXT));
      if (lanjut !== null) opsi.diKepala?.(lanjut);
    });
    if (!res.ok) throw await this.#galat(res);
    let isi: ArrayBuffer;
    try {
      isi = await res.arrayBuffer();
    } catch (e) {
      throw new GalatJaringan(e);
    }
    const page = await this.#json(new Response(isi, { status: res.status }), pullResponseSchema);
    return { ...page, ukuranByte: isi.byteLength };
  }

  /** GET /records/:table/:id → the current server record, or null when the server has none. */
  async ambilRecord(table: NamaTabel, id: string): Promise<Record<string, unknown> | null> {
    const res = await this.#kirim(`/records/${encodeURIComponent(table)}/${encodeURIComponent(id)}`);
    if (res.status === 404) return null;
    if (!res.ok) throw await this.#galat(res);
    return (await this.#json(res, z.object({ record: z.record(z.string(), z.unknown()) }))).record;
  }

  /** GET /users (admin): every account. */
  async daftarPengguna(): Promise<User[]> {
    const res = await this.#kirim('/users');
    if (!res.ok) throw await this.#galat(res);
    const body = await this.#json(res, z.union([z.array(userSchema), z.object({ users: z.array(userSchema) })]));
    return Array.isArray(body) ? body : body.users;
  }

  /** POST /users (admin): a new account. The body is checked by the caller with userCreateSchema. */
  async buatPengguna(u: UserCreate): Promise<void> {
    const res = await this.#kirim('/users', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(u) });
    if (!res.ok) throw await this.#galat(res);
  }

  /** PATCH /users/:id (admin): role, OPD, password or active flag of an account. */
  async ubahPengguna(id: string, u: UserUpdate): Promise<void> {
    const res = await this.#kirim(`/users/${encodeURIComponent(id)}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(u),
    });
    if (!res.ok) throw await this.#galat(res);
  }

  /**
   * POST /auth/password: the signed-in user changes their own password (every role). Other
   * sessions of the account end; this one stays. Errors carry the server's Indonesian reason
   * (password_lama_salah, password_lemah: docs/security.md §Kata sandi).
   */
  async gantiPassword(passwordLama: string, passwordBaru: string): Promise<void> {
    const res = await this.#kirim('/auth/password', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ passwordLama, passwordBaru }),
    });
    if (!res.ok) throw await this.#galat(res);
  }

  /**
   * URL of the SSE stream, or null when signed out. EventSource cannot send headers, and the
   * session token must never ride in a URL (proxy logs): the URL carries a one-time ticket from
   * POST /auth/tiket, valid 60 s (docs/security.md §Tanpa token di URL). Needs the network.
   */
  async urlEvents(): Promise<string | null> {
    if (!this.#getToken()) return null;
    const res = await this.#kirim('/auth/tiket', { method: 'POST' });
    if (!res.ok) throw await this.#galat(res);
    const { tiket } = await this.#json(res, tiketResponseSchema);
    return `${this.url('/events')}?tiket=${encodeURIComponent(tiket)}`;
  }
}
