/**
 * Live pokes across server processes (docs/deployment.md §"Lebih dari satu proses"): with
 * PostgreSQL, every push that changed data is announced with `NOTIFY pantau_poke` and every process
 * LISTENs, so an SSE client of process B learns of a push through process A. Each process delivers
 * its own pokes at once and ignores its own notifications (by a random process id in the payload).
 *
 * One dedicated connection LISTENs (a pooled one would lose the subscription when released); when it
 * drops, it reconnects with backoff, and after a reconnect every local stream is poked with the
 * newest rev, so nothing said while it was down is missed (a poke only says "pull now").
 * PGlite has one process and keeps PusatPoke in-process.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { PusatPoke } from './events.ts';

export const SALURAN_POKE = 'pantau_poke';

export interface JembatanPoke {
  /** Resolves once the LISTEN is in place (the first time). */
  siap: Promise<void>;
  tutup(): Promise<void>;
}

/**
 * Connects `poke` to the other processes on the same database. `url`/`schema` as for bukaPostgres:
 * the channel name includes the schema so test schemas (and two pemda on one server) stay apart.
 * `revTerbaru` gives the newest rev after a reconnect.
 */
export function jembatanPokePg(
  poke: PusatPoke,
  opsi: { url: string; schema?: string; revTerbaru: () => Promise<number>; log?: (pesan: string) => void },
): JembatanPoke {
  const asal = randomUUID();
  const saluran = opsi.schema ? `${SALURAN_POKE}_${opsi.schema}` : SALURAN_POKE;
  let klien: pg.Client | null = null;
  let tutup = false;
  let gagal = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pertama = true;
  let siapSelesai!: () => void;
  const siap = new Promise<void>((r) => (siapSelesai = r));

  // Notify through a short-lived pool (never the LISTEN connection: it may be reconnecting).
  const pool = new pg.Pool({ connectionString: opsi.url, max: 2, application_name: 'pantau-kinerja' });
  pool.on('error', () => undefined);
  let antre: Promise<unknown> = Promise.resolve();
  poke.teruskan = (rev) => {
    antre = antre
      .then(() => pool.query('SELECT pg_notify($1, $2)', [saluran, JSON.stringify({ rev, asal })]))
      .catch((e: Error) => opsi.log?.(`NOTIFY gagal: ${e.message}`));
  };

  const sambung = async (): Promise<void> => {
    if (tutup) return;
    const c = new pg.Client({ connectionString: opsi.url, application_name: 'pantau-kinerja' });
    c.on('error', () => undefined);
    c.on('end', () => {
      if (klien !== c || tutup) return;
      klien = null;
      opsi.log?.('Koneksi LISTEN terputus; menyambung ulang');
      jadwal();
    });
    c.on('notification', (n) => {
      if (n.channel !== saluran || !n.payload) return;
      try {
        const p = JSON.parse(n.payload) as { rev?: unknown; asal?: unknown };
        if (p.asal !== asal && typeof p.rev === 'number') poke.terima(p.rev);
      } catch {
        // not ours
      }
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${saluran}`);
    } catch (e) {
      await c.end().catch(() => undefined);
      opsi.log?.(`LISTEN gagal: ${(e as Error).message}`);
      jadwal();
      return;
    }
    if (tutup) {
      await c.end().catch(() => undefined);
      return;
    }
    klien = c;
    gagal = 0;
    if (pertama) {
      pertama = false;
      siapSelesai();
    } else {
      poke.terima(await opsi.revTerbaru().catch(() => 0));
    }
  };
  const jadwal = () => {
    if (tutup || timer) return;
    gagal++;
    timer = setTimeout(
      () => {
        timer = null;
        void sambung();
      },
      Math.min(30_000, 500 * 2 ** Math.min(gagal, 6)),
    );
    timer.unref();
  };
  void sambung();

  return {
    siap,
    async tutup() {
      tutup = true;
      if (timer) clearTimeout(timer);
      poke.teruskan = null;
      await antre;
      const c = klien;
      klien = null;
      await Promise.all([c?.end().catch(() => undefined), pool.end().catch(() => undefined)]);
    },
  };
}
