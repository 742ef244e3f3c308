/**
 * Server backup, restore and upgrade (docs/deployment.md §"Cadangan dan pemulihan" and
 * §"Pembaruan"), used by `npm run backup`, `npm run restore` and `npm run migrate` (alat.ts).
 *
 * PostgreSQL: `pg_dump --format=custom` (a consistent snapshot, safe while the server runs) and
 * `pg_restore --clean --if-exists --single-transaction` (all or nothing; refused while a server
 * process is connected). PGlite: the data folder as a tarball through PGlite's `dumpDataDir`, made
 * with the server stopped (one process owns a PGlite folder), restored into a fresh folder while the
 * old one is kept beside it.
 *
 * Every restore gives the database a new epoch (migrations/003_epoch.sql) so that tablets notice
 * and re-sync (src/db/tarik.ts `periksaIdentitas`).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { bukaPglite, bukaPostgres, migrasi, migrasiTertunda, type Db } from './db.ts';

/**
 * Where the storage is: PostgreSQL (url; `berkasDir`, DATA_DIR/berkas, holds its bukti dukung files)
 * or a PGlite folder (its files are in DATA_DIR/berkas, inside the folder the tarball carries).
 */
export type Penyimpanan = { jenis: 'postgres'; url: string; berkasDir?: string } | { jenis: 'pglite'; dataDir: string };

/**
 * The files' archive beside a PostgreSQL dump (docs/bukti-dukung.md "Cadangan"): pg_dump carries the
 * `berkas` rows, this tar the bytes they name (`simpan/<hash>`; unfinished uploads are left out).
 */
export const arsipBerkas = (dump: string) => dump.replace(/\.dump$/, '.berkas.tar');

export const NAMA_APLIKASI_PG = 'pantau-kinerja';
/** The running server's pid in a PGlite folder (written by index.ts, checked before backup/restore). */
export const BERKAS_PID = 'pantau-server.pid';

export class GalatCadangan extends Error {}

function jalankan(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((ok, gagal) => {
    const p = spawn(cmd, args, { stdio: ['ignore', 'inherit', 'pipe'], env });
    let err = '';
    p.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    p.on('error', (e: NodeJS.ErrnoException) =>
      gagal(
        new GalatCadangan(
          e.code === 'ENOENT' ? `${cmd} tidak ditemukan: pasang paket postgresql-client (docs/deployment.md §"Cadangan dan pemulihan")` : e.message,
        ),
      ),
    );
    p.on('exit', (code) => (code === 0 ? ok() : gagal(new GalatCadangan(`${cmd} gagal (kode ${code}): ${err.trim()}`))));
  });
}

/** Is a server running on this PGlite folder? (its pid file names a live process) */
export function serverPgliteBerjalan(dataDir: string): number | null {
  const f = join(dataDir, BERKAS_PID);
  if (!existsSync(f)) return null;
  const pid = Number(readFileSync(f, 'utf8').trim());
  if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null; // a stale file after a crash
  }
}

/** Other server processes connected to this PostgreSQL database (they set application_name). */
export async function jumlahServerPg(url: string): Promise<number> {
  const db = await bukaPostgres(url, { max: 1, aplikasi: `${NAMA_APLIKASI_PG}-alat` });
  try {
    const [r] = await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1 AND pid <> pg_backend_pid()`,
      [NAMA_APLIKASI_PG],
    );
    return Number(r?.n ?? 0);
  } finally {
    await db.close();
  }
}

const stempel = (now: Date) => now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/**
 * Makes a backup file in `dir` (created if missing) and returns its path. PostgreSQL may be
 * running; a PGlite folder must not be in use by a server (GalatCadangan says so).
 */
export async function cadangkan(p: Penyimpanan, dir: string, now: Date = new Date()): Promise<string> {
  mkdirSync(dir, { recursive: true });
  if (p.jenis === 'postgres') {
    const berkas = resolve(dir, `pantau-postgres-${stempel(now)}.dump`);
    await jalankan('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${berkas}`, `--dbname=${p.url}`]);
    // Files are written once under their hash and never changed: a tar taken after the dump holds
    // every file the dumped rows name (and perhaps a few newer ones, harmless).
    if (p.berkasDir && existsSync(join(p.berkasDir, 'simpan'))) await jalankan('tar', ['-cf', arsipBerkas(berkas), '-C', p.berkasDir, 'simpan']);
    return berkas;
  }
  const pid = serverPgliteBerjalan(p.dataDir);
  if (pid) throw new GalatCadangan(`Server masih berjalan (pid ${pid}) di ${p.dataDir}. Hentikan server dulu: PGlite hanya boleh dibuka satu proses.`);
  if (!existsSync(join(p.dataDir, 'PG_VERSION'))) throw new GalatCadangan(`Tidak ada basis data PGlite di ${p.dataDir}`);
  const db = await bukaPglite(p.dataDir);
  try {
    const tar = await (db as Db & { pglite: PGlite }).pglite.dumpDataDir('gzip');
    const berkas = resolve(dir, `pantau-pglite-${stempel(now)}.tar.gz`);
    writeFileSync(berkas, Buffer.from(await tar.arrayBuffer()));
    return berkas;
  } finally {
    await db.close();
  }
}

/**
 * Restores a backup file over the storage, brings its schema up to date (in one transaction) and
 * gives the database a new epoch. Refused while a server uses the storage. PGlite: the current
 * folder is kept as `<DATA_DIR>.sebelum-pulih-<time>`. Returns the new epoch.
 */
export async function pulihkan(p: Penyimpanan, berkas: string, now: Date = new Date()): Promise<{ epoch: string; rev: number; disimpanDi?: string }> {
  if (!existsSync(berkas) || !statSync(berkas).isFile()) throw new GalatCadangan(`Berkas cadangan tidak ditemukan: ${berkas}`);
  let db: Db;
  let disimpanDi: string | undefined;
  if (p.jenis === 'postgres') {
    if (!/\.dump$/.test(berkas)) throw new GalatCadangan('Cadangan PostgreSQL berakhiran .dump (dibuat dengan npm run backup)');
    const n = await jumlahServerPg(p.url);
    if (n > 0)
      throw new GalatCadangan(
        `Masih ada ${n} koneksi server Pantau Kinerja ke basis data ini. Hentikan semua proses server dulu (systemctl stop pantau-kinerja).`,
      );
    await jalankan('pg_restore', ['--clean', '--if-exists', '--single-transaction', '--no-owner', '--no-privileges', `--dbname=${p.url}`, berkas]);
    // Content-addressed files: unpacking over the folder adds what is missing and rewrites equal bytes.
    if (p.berkasDir && existsSync(arsipBerkas(berkas))) {
      mkdirSync(p.berkasDir, { recursive: true });
      await jalankan('tar', ['-xf', arsipBerkas(berkas), '-C', p.berkasDir]);
    }
    db = await bukaPostgres(p.url, { max: 1, aplikasi: `${NAMA_APLIKASI_PG}-alat` });
  } else {
    if (!/\.tar\.gz$/.test(berkas)) throw new GalatCadangan('Cadangan PGlite berakhiran .tar.gz (dibuat dengan npm run backup)');
    const pid = serverPgliteBerjalan(p.dataDir);
    if (pid) throw new GalatCadangan(`Server masih berjalan (pid ${pid}) di ${p.dataDir}. Hentikan server dulu.`);
    const dataDir = resolve(p.dataDir);
    if (existsSync(dataDir)) {
      disimpanDi = `${dataDir}.sebelum-pulih-${stempel(now)}`;
      renameSync(dataDir, disimpanDi);
    }
    try {
      const tar = new Blob([readFileSync(berkas)]);
      const pgl = new PGlite({ dataDir, loadDataDir: tar });
      await pgl.waitReady;
      await pgl.close();
      db = await bukaPglite(dataDir);
    } catch (e) {
      // Put the old folder back: a failed restore changes nothing.
      rmSync(dataDir, { recursive: true, force: true });
      if (disimpanDi) renameSync(disimpanDi, dataDir);
      throw new GalatCadangan(`Berkas ${basename(berkas)} bukan cadangan PGlite yang valid: ${(e as Error).message}`);
    }
  }
  try {
    await migrasi(db);
    const [r] = await db.query<{ epoch: string; rev: string | number }>(
      'UPDATE sync_state SET epoch = gen_random_uuid(), epoch_rev = rev WHERE id = 1 RETURNING epoch::text AS epoch, rev',
    );
    return { epoch: String(r?.epoch), rev: Number(r?.rev ?? 0), ...(disimpanDi ? { disimpanDi } : {}) };
  } finally {
    await db.close();
  }
}

/**
 * The upgrade step (docs/deployment.md §"Pembaruan"): with the server stopped, back up first
 * (unless nothing is stored yet), then apply every pending migration in ONE transaction.
 * Returns the backup made (null when none was needed) and the schema version now.
 */
export async function perbarui(
  p: Penyimpanan,
  dirCadangan: string,
  opsi: { tanpaCadangan?: boolean } = {},
): Promise<{ cadangan: string | null; versi: number; diterapkan: number[] }> {
  if (p.jenis === 'pglite') {
    const pid = serverPgliteBerjalan(p.dataDir);
    if (pid) throw new GalatCadangan(`Server masih berjalan (pid ${pid}). Hentikan server dulu, lalu jalankan npm run migrate lagi.`);
  }
  const buka = () => (p.jenis === 'postgres' ? bukaPostgres(p.url, { max: 1, aplikasi: `${NAMA_APLIKASI_PG}-alat` }) : bukaPglite(p.dataDir));
  let db = await buka();
  const tertunda = (await migrasiTertunda(db)).map((m) => m.versi);
  const adaData = await sudahBerisi(db);
  let cadangan: string | null = null;
  if (tertunda.length && adaData && !opsi.tanpaCadangan) {
    if (p.jenis === 'pglite') await db.close(); // the backup opens the folder itself
    cadangan = await cadangkan(p, dirCadangan);
    if (p.jenis === 'pglite') db = await buka();
  }
  try {
    const versi = await migrasi(db);
    return { cadangan, versi, diterapkan: tertunda };
  } finally {
    await db.close();
  }
}

/** Has this database been set up before (a schema_migrations row exists)? */
export async function sudahBerisi(db: Db): Promise<boolean> {
  const [t] = await db.query<{ t: string | null }>(`SELECT to_regclass('schema_migrations')::text AS t`);
  if (!t?.t) return false;
  const [r] = await db.query<{ n: number }>('SELECT count(*)::int AS n FROM schema_migrations');
  return Number(r?.n ?? 0) > 0;
}
