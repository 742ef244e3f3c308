/**
 * Server backup, restore and upgrade (docs/deployment.md §"Cadangan dan pemulihan", §"Pembaruan";
 * src/server/cadangan.ts): a backup taken, more pushes, a restore brings the data back to the backup
 * with a NEW epoch that begins at the restored rev; restore and PGlite backup are refused while a
 * server uses the storage; `perbarui` (npm run migrate) backs up before applying pending migrations.
 * PGlite in a temporary folder; PostgreSQL in a throwaway database (pg_dump works per database).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../src/server/app.ts';
import { BERKAS_PID, cadangkan, GalatCadangan, perbarui, pulihkan, type Penyimpanan } from '../../src/server/cadangan.ts';
import { bukaPglite, bukaPostgres, migrasi, type Db } from '../../src/server/db.ts';
import { siapkan } from '../../src/server/setup.ts';
import { folderBerkas } from '../../src/server/berkas.ts';
import { pngKecil, sha, unggahUtuh } from './berkas-bantu.ts';
import { DATABASE_URL, denganPg, JENIS, Klien, masuk, PASSWORD_ADMIN, put, type JenisDb, keyRakor } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
const rakor = (tempat: string) => ({ tanggal: '2026-12-20', tempat, pimpinan: PEJABAT });
const sementara: string[] = [];
const basisData: string[] = [];
afterAll(async () => {
  for (const d of sementara) rmSync(d, { recursive: true, force: true });
  for (const n of basisData) await denganPg((c) => c.query(`DROP DATABASE IF EXISTS ${n}`));
});

async function penyimpanan(jenis: JenisDb): Promise<{ p: Penyimpanan; buka: () => Promise<Db> }> {
  if (jenis === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'pantau-cadangan-'));
    sementara.push(dir);
    const dataDir = join(dir, 'data');
    return { p: { jenis: 'pglite', dataDir }, buka: () => bukaPglite(dataDir) };
  }
  const nama = `pantau_uji_${randomBytes(5).toString('hex')}`;
  await denganPg((c) => c.query(`CREATE DATABASE ${nama}`));
  basisData.push(nama);
  const url = new URL(DATABASE_URL!);
  url.pathname = `/${nama}`;
  return { p: { jenis: 'postgres', url: url.toString() }, buka: () => bukaPostgres(url.toString()) };
}

async function tempat(db: Db): Promise<string[]> {
  return (await db.query(`SELECT data->>'tempat' AS t FROM records WHERE tbl = 'rakor' ORDER BY 1`)).map((r) => String(r.t));
}
async function identitas(db: Db): Promise<{ epoch: string; epochRev: number; rev: number }> {
  const [r] = await db.query('SELECT epoch::text AS epoch, epoch_rev, rev FROM sync_state');
  return { epoch: String(r!.epoch), epochRev: Number(r!.epoch_rev), rev: Number(r!.rev) };
}

describe.each(JENIS)('backup and restore (%s)', (jenis) => {
  it('restores the backed-up data with a new epoch beginning at the restored rev', { timeout: 240_000 }, async () => {
    const { p, buka } = await penyimpanan(jenis);
    const dirCadangan = mkdtempSync(join(tmpdir(), 'pantau-berkas-'));
    sementara.push(dirCadangan);
    let db = await buka();
    await migrasi(db);
    await siapkan(db, { adminPassword: PASSWORD_ADMIN });
    let app = createApp({ db });
    let admin = await masuk(app, 'admin', PASSWORD_ADMIN);
    const k = new Klien(app, admin.token);
    await k.pushOk(put('rakor', keyRakor(), rakor('Aula')));
    const sebelum = await identitas(db);
    if (jenis === 'pglite') await db.close(); // one process owns a PGlite folder
    const berkas = await cadangkan(p, dirCadangan);
    expect(existsSync(berkas)).toBe(true);

    if (jenis === 'pglite') {
      db = await buka();
      app = createApp({ db });
      admin = await masuk(app, 'admin', PASSWORD_ADMIN);
      k.token = admin.token;
      Object.assign(k, { app });
    }
    await k.pushOk(put('rakor', keyRakor(), rakor('Pendopo')));
    expect(await tempat(db)).toEqual(['Aula', 'Pendopo']);

    // A server still using the storage: refused, nothing changed.
    if (jenis === 'pglite') writeFileSync(join((p as { dataDir: string }).dataDir, BERKAS_PID), String(process.ppid));
    await expect(pulihkan(p, berkas)).rejects.toThrow(GalatCadangan);
    expect(await tempat(db)).toEqual(['Aula', 'Pendopo']);
    if (jenis === 'pglite') rmSync(join((p as { dataDir: string }).dataDir, BERKAS_PID));
    await db.close();

    const h = await pulihkan(p, berkas);
    db = await buka();
    expect(await tempat(db)).toEqual(['Aula']);
    const sesudah = await identitas(db);
    expect(sesudah.epoch).toBe(h.epoch);
    expect(sesudah.epoch).not.toBe(sebelum.epoch);
    expect(sesudah.rev).toBe(sebelum.rev);
    expect(sesudah.epochRev).toBe(sebelum.rev);
    if (jenis === 'pglite') expect(h.disimpanDi && existsSync(h.disimpanDi)).toBe(true);
    await db.close();
  });

  it('backup and restore carry the bukti dukung files (issue 15 "Tests")', { timeout: 240_000 }, async () => {
    const { p: p0, buka } = await penyimpanan(jenis);
    const dirCadangan = mkdtempSync(join(tmpdir(), 'pantau-cadangan-berkas-'));
    sementara.push(dirCadangan);
    // PostgreSQL keeps its files in DATA_DIR/berkas; PGlite in its own data folder's berkas/.
    const dataDirPg = mkdtempSync(join(tmpdir(), 'pantau-data-'));
    sementara.push(dataDirPg);
    const p: Penyimpanan = p0.jenis === 'postgres' ? { ...p0, berkasDir: folderBerkas(dataDirPg) } : p0;
    const dirBerkas = p.jenis === 'postgres' ? p.berkasDir! : folderBerkas(p.dataDir);
    const bukaApp = async () => {
      const db = await buka();
      return { db, app: createApp({ db, berkas: { dir: dirBerkas, maksByte: 1024 * 1024, kuotaOpdByte: 1024 * 1024 } }) };
    };
    let { db, app } = await bukaApp();
    await migrasi(db);
    await siapkan(db, { adminPassword: PASSWORD_ADMIN });
    const admin = await masuk(app, 'admin', PASSWORD_ADMIN);
    const isi = pngKecil(42);
    const meta = { tabel: 'realisasi', recordId: randomUUID(), opdId: randomUUID() };
    expect((await unggahUtuh(app, admin.token, isi, meta)).status).toBe(204);
    await db.close();
    const berkas = await cadangkan(p, dirCadangan);
    // The disk with the files is lost.
    rmSync(dirBerkas, { recursive: true, force: true });
    await pulihkan(p, berkas);
    ({ db, app } = await bukaApp());
    const token = (await masuk(app, 'admin', PASSWORD_ADMIN)).token;
    const g = await app.request(`/api/v1/berkas/${sha(isi)}`, { headers: { Authorization: `Bearer ${token}` } });
    expect(g.status).toBe(200);
    expect(Buffer.from(await g.arrayBuffer()).equals(isi)).toBe(true);
    await db.close();
  });

  it('a file that is not a backup is refused and the storage stays as it was', async () => {
    const { p, buka } = await penyimpanan(jenis);
    const db = await buka();
    await migrasi(db);
    await siapkan(db, { adminPassword: PASSWORD_ADMIN });
    await db.close();
    const dir = mkdtempSync(join(tmpdir(), 'pantau-rusak-'));
    sementara.push(dir);
    const palsu = join(dir, jenis === 'pglite' ? 'palsu.tar.gz' : 'palsu.dump');
    writeFileSync(palsu, 'bukan cadangan');
    await expect(pulihkan(p, palsu)).rejects.toThrow(GalatCadangan);
    const lagi = await buka();
    expect((await lagi.query('SELECT count(*)::int AS n FROM users'))[0]!.n).toBe(1);
    await lagi.close();
  });

  it('npm run migrate (perbarui) backs up a database with data before applying pending migrations', { timeout: 240_000 }, async () => {
    const { p, buka } = await penyimpanan(jenis);
    const dirCadangan = mkdtempSync(join(tmpdir(), 'pantau-berkas-'));
    sementara.push(dirCadangan);
    const db = await buka();
    await migrasi(db);
    await siapkan(db, { adminPassword: PASSWORD_ADMIN });
    // As an installation of the previous release: migration 003 not applied yet.
    await db.query('ALTER TABLE sync_state DROP COLUMN epoch, DROP COLUMN epoch_rev');
    await db.query('DELETE FROM schema_migrations WHERE version = 3');
    await db.close();
    const h = await perbarui(p, dirCadangan);
    expect(h.diterapkan).toEqual([3]);
    expect(h.cadangan && existsSync(h.cadangan)).toBe(true);
    expect(readdirSync(dirCadangan)).toHaveLength(1);
    const lagi = await buka();
    expect((await identitas(lagi)).epoch).toMatch(/^[0-9a-f-]{36}$/);
    await lagi.close();
    // Nothing pending: no new backup.
    expect((await perbarui(p, dirCadangan)).cadangan).toBeNull();
  });
});
