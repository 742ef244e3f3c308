/** Engine test helpers: clients (own database + engine + status) talking to one server. */
import { dbBaru } from '../db/bantu.ts';
import { MesinSinkron, type OpsiMesin } from '../../../src/sync/engine.ts';
import { StatusSinkron } from '../../../src/sync/status.svelte.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import type { PantauDB } from '../../../src/db/database.ts';

export interface Klien {
  db: PantauDB;
  mesin: MesinSinkron;
  status: StatusSinkron;
  token: { nilai: string | null };
}

export function klienBaru(fetch: FetchFn, token: string, opsi: Partial<OpsiMesin> = {}): Klien {
  const db = dbBaru();
  const status = new StatusSinkron();
  const t = { nilai: token as string | null };
  const mesin = new MesinSinkron({
    db, baseUrl: 'http://uji', getToken: () => t.nilai, fetch, status, buatSumberPeristiwa: null, intervalMs: 0, acak: () => 0.5, ...opsi,
  });
  return { db, mesin, status, token: t };
}
