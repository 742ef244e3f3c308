/** Engine test helpers: clients (own database + engine + status) talking to one server. */
import { dbBaru } from '../db/bantu.ts';
import { simpan } from '../../../src/db/repo.ts';
import { idAlami } from '../../../src/domain/schemas.ts';
import { MesinSinkron, type OpsiMesin } from '../../../src/sync/engine.ts';
import { StatusSinkron } from '../../../src/sync/status.svelte.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import { KEY_SEQ_TERKIRIM, type PantauDB } from '../../../src/db/database.ts';
import { createApp } from '../../../src/server/app.ts';
import { bukaPglite, migrasi, type Db } from '../../../src/server/db.ts';
import { siapkan } from '../../../src/server/setup.ts';

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
    db,
    baseUrl: 'http://uji',
    getToken: () => t.nilai,
    fetch,
    status,
    buatSumberPeristiwa: null,
    intervalMs: 0,
    acak: () => 0.5,
    ...opsi,
  });
  return { db, mesin, status, token: t };
}

export const PASSWORD_ADMIN_UJI = 'rahasia-admin-uji';

/** The real server in process (PGlite in memory, migrated, admin created) and an admin token. */
export async function serverUji(): Promise<{ db: Db; app: ReturnType<typeof createApp>; token: string }> {
  const db = await bukaPglite();
  const versi = await migrasi(db);
  await siapkan(db, { adminPassword: PASSWORD_ADMIN_UJI });
  const app = createApp({ db, migrasi: versi });
  const res = await app.request('/api/v1/auth/login', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD_ADMIN_UJI }),
  });
  return { db, app, token: ((await res.json()) as { token: string }).token };
}

/**
 * Turns off the merging of queued edits (src/db/repo.ts `entriGabungan`) on this database: every edit
 * is then its own queued mutation, as edits typed while their record is on its way are (tests of
 * multi-batch pushes). The mark says every seq was handed to a push.
 */
export async function tanpaGabung(db: PantauDB): Promise<void> {
  await db.meta.put({ key: KEY_SEQ_TERKIRIM, value: Number.MAX_SAFE_INTEGER });
}

/**
 * `n` edits of `nilai` cycling over the TW1 realisasi of `pohon`'s indikator (edit i sets nilai i on
 * indikator i mod their count), each its own queued mutation: merging is turned off first
 * (`tanpaGabung`), so a test gets pushes of several batches.
 */
export async function isiBerputar(db: PantauDB, pohon: { opd: { id: string }; indikator: readonly { id: string }[] }, n: number): Promise<void> {
  await tanpaGabung(db);
  for (let i = 0; i < n; i++) {
    const ind = pohon.indikator[i % pohon.indikator.length]!;
    await simpan(
      db,
      'realisasi',
      idAlami.realisasi(ind.id, 'TW1'),
      { indikatorId: ind.id, opdId: pohon.opd.id, tahun: 2026, periode: 'TW1', nilai: i },
      'admin',
    );
  }
}
