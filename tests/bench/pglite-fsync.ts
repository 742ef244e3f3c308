/**
 * What a real fsync costs the trial storage (docs/deployment.md §"Penyimpanan"): PGlite in a data
 * folder opened as the server opens it (fsync on: src/server/db.ts NodeFsTahanLama, no `-F`) and
 * as PGlite ships (fsync off), each: open + migrate, then single-mutation pushes (one commit each,
 * the tablets' usual case), through the real SyncStore.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { bukaPglite, migrasi } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { SyncStore } from '../../src/server/sync.store.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import type { UserDb } from '../../src/server/auth.ts';
import { round, median, type Benchmark } from './lib/bench.ts';

const PUSH = 60;

async function ukur(fsync: boolean): Promise<{ bukaMs: number; pushMs: number[] }> {
  const dir = mkdtempSync(join(tmpdir(), `pantau-bench-fsync-${fsync ? 'on' : 'off'}-`));
  try {
    const t0 = performance.now();
    const db = await bukaPglite(dir, { fsync });
    await migrasi(db);
    await siapkan(db, { adminPassword: 'rahasia-bench' });
    const bukaMs = performance.now() - t0;
    const [u] = await db.query('SELECT id, username, nama, role, opd_id, aktif FROM users LIMIT 1');
    const user = { id: String(u!.id), username: String(u!.username), nama: String(u!.nama), role: 'admin', opdId: null, aktif: true } as unknown as UserDb;
    const store = new SyncStore(db);
    const clientId = randomUUID();
    const pushMs: number[] = [];
    for (let i = 1; i <= PUSH; i++) {
      const t = performance.now();
      const h = await store.push(
        user,
        {
          clientId,
          schemaVersion: SCHEMA_VERSION,
          mutations: [
            {
              seq: i,
              table: 'rakor',
              // A rakor's id is its natural key (tahun, triwulan): one quarter per push.
              key: idAlami.rakor(2000 + Math.floor((i - 1) / 4), ((i - 1) % 4) + 1),
              op: 'put',
              baseRev: 0,
              at: new Date().toISOString(),
              fields: {
                tahun: 2000 + Math.floor((i - 1) / 4),
                triwulan: ((i - 1) % 4) + 1,
                tanggal: '2026-12-20',
                tempat: `Aula ${i}`,
                pimpinan: { nama: 'Siti', nip: '', jabatan: 'Sekda', pangkat: '' },
              },
            },
          ],
        },
        new Date(),
      );
      pushMs.push(performance.now() - t);
      // A refused push would time the rejection path, not a durable write.
      if (h.jenis !== 'ok' || h.results[0]?.status !== 'applied') throw new Error(`push ${i} tidak diterapkan: ${JSON.stringify(h)}`);
    }
    await db.close();
    return { bukaMs, pushMs };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const bench: Benchmark = {
  name: 'pglite-fsync',
  title: 'PGlite in a data folder: fsync on (as the server runs it) vs off (PGlite default)',
  async run(ctx) {
    const on = await ukur(true);
    const off = await ukur(false);
    const mOn = median(on.pushMs);
    const mOff = median(off.pushMs);
    ctx.line({
      name: 'push, fsync on',
      value: round(mOn, 2),
      unit: 'ms',
      budget: null,
      note: `median of ${PUSH} one-mutation pushes`,
      detail: on.pushMs.map((x) => round(x, 2)),
    });
    ctx.line({
      name: 'push, fsync off',
      value: round(mOff, 2),
      unit: 'ms',
      budget: null,
      note: `median of ${PUSH}`,
      detail: off.pushMs.map((x) => round(x, 2)),
    });
    ctx.line({ name: 'fsync cost per push', value: round(mOn - mOff, 2), unit: 'ms', budget: null });
    ctx.line({ name: 'open+migrate, fsync on', value: round(on.bukaMs / 1000, 2), unit: 's', budget: null, note: `off: ${round(off.bukaMs / 1000, 2)} s` });
  },
};
export default bench;
