/**
 * More than one server process on one PostgreSQL (docs/deployment.md §"Lebih dari satu proses";
 * src/server/poke-pg.ts): a push through process A reaches the SSE clients of process B within 2 s
 * through LISTEN/NOTIFY, and B's own pushes still poke its own clients. Each "process" here has its
 * own pool, its own PusatPoke and its own LISTEN connection, exactly as two `node` processes would;
 * tests/deploy/ runs two real processes behind Caddy.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.ts';
import type { Db } from '../../src/server/db.ts';
import { PusatPoke } from '../../src/server/events.ts';
import { jembatanPokePg, type JembatanPoke } from '../../src/server/poke-pg.ts';
import { SyncStore } from '../../src/server/sync.store.ts';
import { DATABASE_URL, Klien, masuk, minta, PASSWORD_ADMIN, put, serverBaru, type App, type Server, keyRakor } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const rakor = (tempat: string) => ({ tanggal: '2026-12-20', tempat, pimpinan: PEJABAT });

/** Collects `change` revs from an SSE response. */
function dengarkan(res: Response): { revs: number[]; tunggu: (rev: number, ms: number) => Promise<number>; tutup: () => void } {
  const revs: number[] = [];
  const reader = res.body!.getReader();
  const dek = new TextDecoder();
  let sisa = '';
  let hidup = true;
  void (async () => {
    while (hidup) {
      const { value, done } = await reader.read().catch(() => ({ value: undefined, done: true }));
      if (done) return;
      sisa += dek.decode(value, { stream: true });
      let i;
      while ((i = sisa.indexOf('\n\n')) >= 0) {
        const blok = sisa.slice(0, i);
        sisa = sisa.slice(i + 2);
        if (/^event: change$/m.test(blok)) revs.push(JSON.parse(/^data: (.*)$/m.exec(blok)![1]!).rev);
      }
    }
  })();
  return {
    revs,
    async tunggu(rev, ms) {
      const mulai = Date.now();
      while (Date.now() - mulai < ms) {
        if (revs.some((r) => r >= rev)) return Date.now() - mulai;
        await new Promise((r) => setTimeout(r, 20));
      }
      throw new Error(`rev ${rev} tidak tiba dalam ${ms} ms; diterima ${JSON.stringify(revs)}`);
    },
    tutup() {
      hidup = false;
      void reader.cancel().catch(() => undefined);
    },
  };
}

describe.skipIf(!DATABASE_URL)('two server processes on one PostgreSQL (postgres)', () => {
  let s: Server;
  let dbB: Db;
  let appB: App;
  const jembatan: JembatanPoke[] = [];
  beforeAll(async () => {
    s = await serverBaru('postgres');
    const pokeA = new PusatPoke();
    const pokeB = new PusatPoke();
    dbB = await s.dbu.bukaLagi!();
    for (const [poke, db] of [
      [pokeA, s.db],
      [pokeB, dbB],
    ] as const) {
      const j = jembatanPokePg(poke, { url: DATABASE_URL!, schema: s.dbu.schema!, revTerbaru: () => new SyncStore(db).revTerbaru() });
      jembatan.push(j);
      await j.siap;
    }
    s.app = createApp({ db: s.db, now: s.jam.now, migrasi: s.dbu.versi, heartbeatMs: 60_000, poke: pokeA });
    appB = createApp({ db: dbB, now: s.jam.now, migrasi: s.dbu.versi, heartbeatMs: 60_000, poke: pokeB });
  });
  afterAll(async () => {
    for (const j of jembatan) await j.tutup();
    await dbB?.close();
    await s?.tutup();
  });

  it('a push through A reaches an SSE client of B within 2 s, and the other way round', async () => {
    const admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    // The stream opens with a one-time ticket (POST /auth/tiket), asked of either process.
    const tiket = async (app: App) => (await minta(app, 'POST', '/api/v1/auth/tiket', { token: admin.token })).json.tiket as string;
    const sseB = dengarkan(await appB.request(`/api/v1/events?tiket=${await tiket(s.app)}`));
    const sseA = dengarkan(await s.app.request(`/api/v1/events?tiket=${await tiket(appB)}`));
    await sseB.tunggu(0, 2000); // the greeting

    const lewatA = new Klien(s.app, admin.token);
    const [r] = await lewatA.pushOk(put('rakor', keyRakor(), rakor('Aula A')));
    expect(r!.status).toBe('applied');
    const rev = (r as { rev: number }).rev;
    expect(await sseB.tunggu(rev, 2000)).toBeLessThan(2000);
    await sseA.tunggu(rev, 2000);

    const lewatB = new Klien(appB, admin.token);
    const [r2] = await lewatB.pushOk(put('rakor', keyRakor(), rakor('Aula B')));
    await sseA.tunggu((r2 as { rev: number }).rev, 2000);
    await sseB.tunggu((r2 as { rev: number }).rev, 2000);
    sseA.tutup();
    sseB.tutup();
  });
});
