/**
 * A server restart between push and pull (docs/architecture.md "Server"): data, tokens, client seqs and stored answers
 * survive; migrating again is a no-op; a retried batch after the restart is still idempotent.
 * PGlite in a temporary DATA_DIR; PostgreSQL by closing the pool and opening a new one on the schema.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/server/app.ts';
import { bukaPglite, daftarMigrasi, migrasi, type Db } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { dbBaru, JENIS, Jam, Klien, masuk, minta, PASSWORD_ADMIN, put, revServer, sidikData, tarik, type DbUji, type JenisDb, keyRakor } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const rakor = (tempat: string) => ({ tanggal: '2026-12-20', tempat, pimpinan: PEJABAT });

/** Opens the same storage again after a close. */
interface Penyimpanan {
  buka: () => Promise<Db>;
  hapus: () => Promise<void>;
}

async function penyimpanan(jenis: JenisDb): Promise<Penyimpanan> {
  if (jenis === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-uji-'));
    return { buka: () => bukaPglite(dir), hapus: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const dbu: DbUji = await dbBaru('postgres', { tanpaMigrasi: true });
  await dbu.db.close();
  return { buka: () => dbu.bukaLagi!(), hapus: () => dbu.tutup() };
}

describe.each(JENIS)('restart between push and pull (%s)', (jenis) => {
  let p: Penyimpanan;
  afterAll(async () => {
    await p?.hapus();
  });

  it('push, close, reopen + migrate (no-op), pull shows the change; the retry stays idempotent', async () => {
    p = await penyimpanan(jenis);
    const jam = new Jam();

    // First run.
    let db = await p.buka();
    const versi = await migrasi(db);
    expect(versi).toBe(Math.max(...daftarMigrasi().map((m) => m.versi)));
    const awal = await siapkan(db, { adminPassword: PASSWORD_ADMIN });
    expect(awal.adminPasswordBaru).toBeNull(); // the password was given
    let app = createApp({ db, now: jam.now, migrasi: versi });
    const { token } = await masuk(app, 'admin', PASSWORD_ADMIN);
    const k = new Klien(app, token);
    const keys = [keyRakor(), keyRakor()];
    const body = k.batch([put('rakor', keys[0]!, rakor('Sebelum restart')), put('rakor', keys[1]!, rakor('Juga sebelum'))]);
    const pertama = await k.kirim(body);
    expect(pertama.status).toBe(200);
    const migrasiSebelum = await db.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version');
    const sidik = await sidikData(db);
    const rev = await revServer(db);
    await db.close();

    // Second run on the same storage.
    db = await p.buka();
    expect(await migrasi(db)).toBe(versi);
    expect(await db.query('SELECT version, name, applied_at FROM schema_migrations ORDER BY version')).toEqual(migrasiSebelum);
    const lagi = await siapkan(db, { adminPassword: 'sandi-lain-yang-diabaikan' });
    expect(lagi.adminPasswordBaru).toBeNull();
    expect(await sidikData(db)).toBe(sidik);
    app = createApp({ db, now: jam.now, migrasi: versi });

    // The token survived; the pull shows the change.
    const pull = await tarik(app, token, 0);
    expect(pull.changes.map((c) => [c.key, c.rev])).toEqual([
      [keys[0], rev - 1],
      [keys[1], rev],
    ]);
    expect(pull.changes[0]!.record).toMatchObject({ tempat: 'Sebelum restart' });
    // The admin password is still the first one (setup did not reset it).
    expect((await masuk(app, 'admin', PASSWORD_ADMIN)).token).toBeTruthy();

    // The retry (the answer was lost when the server went down) is still idempotent.
    const k2 = new Klien(app, token, k.clientId);
    const ulang = await k2.kirim(body);
    expect(ulang.status).toBe(200);
    // The same answer, except that the retry wrote nothing: its rev range is empty (revAwal = rev)
    // and it stamps no time (docs/sync-protocol.md "POST /sync/push").
    const { revAwal: _ra, updatedAt: _ua, ...inti } = pertama.json as Record<string, unknown>;
    expect(ulang.json).toEqual({ ...inti, revAwal: (pertama.json as { rev: number }).rev });
    expect(await sidikData(db)).toBe(sidik);
    // And the client continues from its seq.
    k2.seq = 2;
    const [r3] = await k2.pushOk(put('rakor', keyRakor(), rakor('Setelah restart')));
    expect(r3).toMatchObject({ seq: 3, status: 'applied', rev: rev + 1 });
    const h = await minta(app, 'GET', '/api/v1/health');
    expect(h.json).toMatchObject({ storage: jenis, migration: versi, rev: rev + 1 });
    await db.close();
  });

  it('a first start on an empty database without a password generates a one-time admin password', async () => {
    const dbu = await dbBaru(jenis);
    try {
      const h = await siapkan(dbu.db, {});
      expect(h.adminPasswordBaru).toMatch(/^[A-Za-z0-9_-]{12,}$/);
      const app = createApp({ db: dbu.db, migrasi: dbu.versi });
      expect((await masuk(app, 'admin', h.adminPasswordBaru!)).user.role).toBe('admin');
      expect((await siapkan(dbu.db, {})).adminPasswordBaru).toBeNull();
    } finally {
      await dbu.tutup();
    }
  });
});
