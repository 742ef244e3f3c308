/**
 * Live pokes over Server-Sent Events (docs/sync-protocol.md "GET /events (Server-Sent Events)"): GET /events?tiket=… (one-time ticket) streams `change` events with
 * the newest rev after pushes from other clients, `ping` heartbeats, ends when the token dies, and
 * needs a valid token.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { PusatPoke } from '../../src/server/events.ts';
import { UMUR_TOKEN_MS } from '../../src/server/auth.ts';
import { pokeSchema } from '../../src/shared/protocol.ts';
import { buatPengguna, harapGalat, JENIS, Klien, masuk, minta, PASSWORD_ADMIN, put, revServer, serverBaru, type Server, type Sesi, keyRakor } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const rakor = (tempat: string) => ({ tanggal: '2026-12-20', tempat, pimpinan: PEJABAT });

interface Peristiwa {
  event: string;
  data: string;
}

/** Reads SSE events from a response body. */
class Aliran {
  readonly #reader: ReadableStreamDefaultReader<Uint8Array>;
  readonly #dekoder = new TextDecoder();
  #sisa = '';
  readonly antre: Peristiwa[] = [];
  selesai = false;

  constructor(res: Response) {
    this.#reader = res.body!.getReader();
  }

  /** The next event that matches, or an error after `ms`. */
  async tunggu(cocok: (p: Peristiwa) => boolean, ms = 5000): Promise<Peristiwa> {
    const batas = Date.now() + ms;
    for (;;) {
      const i = this.antre.findIndex(cocok);
      if (i >= 0) return this.antre.splice(0, i + 1).at(-1)!;
      if (this.selesai) throw new Error('aliran berakhir');
      const sisaWaktu = batas - Date.now();
      if (sisaWaktu <= 0) throw new Error(`tidak ada peristiwa yang cocok dalam ${ms} ms; diterima: ${JSON.stringify(this.antre.slice(-5))}`);
      await this.#baca(sisaWaktu);
    }
  }

  /** Resolves true when the stream ends within `ms`. */
  async berakhirDalam(ms: number): Promise<boolean> {
    const batas = Date.now() + ms;
    while (!this.selesai && Date.now() < batas) await this.#baca(batas - Date.now());
    return this.selesai;
  }

  #tertunda: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;

  async #baca(ms: number): Promise<void> {
    this.#tertunda ??= this.#reader.read();
    let waktuHabis: ReturnType<typeof setTimeout> | undefined;
    const habis = new Promise<'habis'>((r) => {
      waktuHabis = setTimeout(() => r('habis'), ms);
    });
    const hasil = await Promise.race([this.#tertunda, habis]);
    clearTimeout(waktuHabis);
    if (hasil === 'habis') return;
    this.#tertunda = null;
    if (hasil.done) {
      this.selesai = true;
      return;
    }
    this.#sisa += this.#dekoder.decode(hasil.value, { stream: true });
    let j: number;
    while ((j = this.#sisa.indexOf('\n\n')) >= 0) {
      const blok = this.#sisa.slice(0, j);
      this.#sisa = this.#sisa.slice(j + 2);
      const p: Peristiwa = { event: 'message', data: '' };
      for (const baris of blok.split('\n')) {
        if (baris.startsWith('event:')) p.event = baris.slice(6).trim();
        else if (baris.startsWith('data:')) p.data += baris.slice(5).trim();
      }
      this.antre.push(p);
    }
  }

  async tutup(): Promise<void> {
    await this.#reader.cancel().catch(() => undefined);
  }
}

describe.each(JENIS)('live events (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let pim: Sesi;
  const poke = new PusatPoke();
  const terbuka: Aliran[] = [];

  /** A one-time ticket for the stream (docs/security.md §Tanpa token di URL). */
  const tiket = async (token: string): Promise<string> => {
    const j = await minta(s.app, 'POST', '/api/v1/auth/tiket', { token });
    expect(j.status, j.teks).toBe(200);
    return j.json.tiket as string;
  };
  const buka = async (token: string, headers: Record<string, string> = {}) => {
    const res = await s.app.request(`/api/v1/events?tiket=${encodeURIComponent(await tiket(token))}`, { headers });
    expect(res.status).toBe(200);
    const a = new Aliran(res);
    terbuka.push(a);
    return { res, a };
  };
  const revDari = (p: Peristiwa) => pokeSchema.parse(JSON.parse(p.data)).rev;

  beforeAll(async () => {
    s = await serverBaru(jenis, { app: { poke, heartbeatMs: 50 } });
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    await buatPengguna(s.app, admin.token, { username: 'pimpinan', role: 'pimpinan' });
    pim = await masuk(s.app, 'pimpinan');
  });
  afterAll(async () => {
    for (const a of terbuka) await a.tutup();
    await s?.tutup();
  });

  it('text/event-stream, uncompressed; the first event is a change with the current rev', async () => {
    await new Klien(s.app, admin.token).pushOk(put('rakor', keyRakor(), rakor('Awal')));
    const { res, a } = await buka(pim.token, { 'Accept-Encoding': 'gzip, br' });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(res.headers.get('content-encoding')).toBeNull();
    expect(res.headers.get('cache-control')).toMatch(/no-cache|no-store/);
    const p = await a.tunggu(() => true);
    expect(p.event).toBe('change');
    expect(revDari(p)).toBe(await revServer(s.db));
    await a.tutup();
  });

  it('a push from another client brings a change event with the new rev', async () => {
    const { a } = await buka(pim.token);
    await a.tunggu((p) => p.event === 'change');
    const [r] = await new Klien(s.app, admin.token).pushOk(put('rakor', keyRakor(), rakor('Baru')));
    const rev = r && 'rev' in r ? r.rev : -1;
    const p = await a.tunggu((x) => x.event === 'change');
    expect(revDari(p)).toBe(rev);
    await a.tutup();
  });

  it('a push that changes nothing (only rejections) sends no change event', async () => {
    const { a } = await buka(pim.token);
    await a.tunggu((p) => p.event === 'change');
    const k = new Klien(s.app, pim.token);
    await k.pushOk(put('pk', randomUUID(), { tahun: 2026 })); // pimpinan may not write pk: rejected
    const [r] = await new Klien(s.app, admin.token).pushOk(put('rakor', keyRakor(), rakor('Sesudah')));
    const p = await a.tunggu((x) => x.event === 'change');
    expect(revDari(p)).toBe(r && 'rev' in r ? r.rev : -1);
    await a.tutup();
  });

  it('every open stream is poked; a burst ends at the newest rev', async () => {
    const s1 = (await buka(pim.token)).a;
    const s2 = (await buka(admin.token)).a;
    await s1.tunggu((p) => p.event === 'change');
    await s2.tunggu((p) => p.event === 'change');
    // Five tablets push at once.
    await Promise.all(Array.from({ length: 5 }, (_, i) => new Klien(s.app, admin.token).pushOk(put('rakor', keyRakor(), rakor(`Beruntun ${i}`)))));
    const akhir = await revServer(s.db);
    for (const a of [s1, s2]) expect(revDari(await a.tunggu((p) => p.event === 'change' && revDari(p) === akhir))).toBe(akhir);
    await s1.tutup();
    await s2.tutup();
  });

  it('heartbeat pings arrive', async () => {
    const { a } = await buka(pim.token);
    const p = await a.tunggu((x) => x.event === 'ping');
    expect(Number.isNaN(Date.parse(JSON.parse(p.data).t))).toBe(false);
    await a.tunggu((x) => x.event === 'ping');
    await a.tutup();
  });

  it('closing the stream removes its listener', async () => {
    const awal = poke.jumlah;
    const { a } = await buka(pim.token);
    await a.tunggu((p) => p.event === 'change');
    expect(poke.jumlah).toBe(awal + 1);
    await a.tutup();
    const batas = Date.now() + 2000;
    while (poke.jumlah > awal && Date.now() < batas) await new Promise((r) => setTimeout(r, 20));
    expect(poke.jumlah).toBe(awal);
  });

  it('issue 9 point 9: no token in any URL; a ticket opens the stream once and only for 60 seconds', async () => {
    // The 30-day session token is refused in the query string (it would sit in proxy logs) and in
    // the header too: the stream takes only a ticket.
    harapGalat(await minta(s.app, 'GET', `/api/v1/events?token=${encodeURIComponent(pim.token)}`), 401, 'unauthorized');
    harapGalat(await minta(s.app, 'GET', '/api/v1/events', { token: pim.token }), 401, 'unauthorized');
    const t = await tiket(pim.token);
    expect(t).not.toContain(pim.token);
    const res = await s.app.request(`/api/v1/events?tiket=${encodeURIComponent(t)}`);
    expect(res.status).toBe(200);
    const a = new Aliran(res);
    terbuka.push(a);
    expect((await a.tunggu(() => true)).event).toBe('change');
    await a.tutup();
    harapGalat(await minta(s.app, 'GET', `/api/v1/events?tiket=${encodeURIComponent(t)}`), 401, 'unauthorized');
    const lama = await tiket(pim.token);
    s.jam.maju(61_000);
    try {
      harapGalat(await minta(s.app, 'GET', `/api/v1/events?tiket=${encodeURIComponent(lama)}`), 401, 'unauthorized');
    } finally {
      s.jam.maju(-61_000);
    }
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/tiket'), 401, 'unauthorized');
  });

  it('without a ticket, or with a bad one: 401 JSON', async () => {
    harapGalat(await minta(s.app, 'GET', '/api/v1/events'), 401, 'unauthorized');
    harapGalat(await minta(s.app, 'GET', '/api/v1/events?tiket='), 401, 'unauthorized');
    harapGalat(await minta(s.app, 'GET', '/api/v1/events?tiket=palsu'), 401, 'unauthorized');
  });

  it('logout ends an open stream at the next heartbeat', async () => {
    const sesi = await masuk(s.app, 'pimpinan');
    const { a } = await buka(sesi.token);
    await a.tunggu((p) => p.event === 'change');
    expect((await minta(s.app, 'POST', '/api/v1/auth/logout', { token: sesi.token })).status).toBe(204);
    expect(await a.berakhirDalam(4000)).toBe(true);
    harapGalat(await minta(s.app, 'POST', '/api/v1/auth/tiket', { token: sesi.token }), 401);
  });

  it('a ticket of a session revoked before it is used opens nothing', async () => {
    const sesi = await masuk(s.app, 'pimpinan');
    const t = await tiket(sesi.token);
    expect((await minta(s.app, 'POST', '/api/v1/auth/logout', { token: sesi.token })).status).toBe(204);
    harapGalat(await minta(s.app, 'GET', `/api/v1/events?tiket=${encodeURIComponent(t)}`), 401, 'unauthorized');
  });

  it('an expiring token ends the stream too', async () => {
    const sesi = await masuk(s.app, 'pimpinan');
    const { a } = await buka(sesi.token);
    await a.tunggu((p) => p.event === 'ping');
    s.jam.maju(UMUR_TOKEN_MS + 1000);
    try {
      expect(await a.berakhirDalam(4000)).toBe(true);
      harapGalat(await minta(s.app, 'POST', '/api/v1/auth/tiket', { token: sesi.token }), 401, 'token_expired');
    } finally {
      s.jam.maju(-(UMUR_TOKEN_MS + 1000));
    }
  });
});
