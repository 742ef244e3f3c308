/**
 * The steps of docs/deployment.md, scripted for tests/e2e/deploy.test.ts: a fresh folder built as the
 * guide says, PostgreSQL, server processes started as the systemd unit starts them (systemd-less:
 * `node dist-server/server.js` with the env file's settings), Caddy with its internal CA, the root
 * certificate put into an NSS database for Chromium (as a tablet gets it installed), and the IT tools.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const AKAR = resolve(import.meta.dirname, '../..');
export const NAMA_HOST = 'pantau.test';

/** What the guide needs on the machine; null when all is there, else what is missing. */
export function prasyaratKurang(): string | null {
  const kurang = ['caddy', 'certutil', 'pg_dump', 'pg_restore'].filter((c) => spawnSync('sh', ['-c', `command -v ${c}`]).status !== 0);
  if (!process.env.DATABASE_URL) kurang.push('DATABASE_URL');
  if (!existsSync(process.env.CHROMIUM_PATH || '/usr/bin/chromium')) kurang.push('chromium');
  return kurang.length ? `belum terpasang: ${kurang.join(', ')} (.ci/run memasangnya)` : null;
}

export function portBebas(): Promise<number> {
  return new Promise((ok, gagal) => {
    const s = createServer();
    s.unref();
    s.on('error', gagal);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => ok(port));
    });
  });
}

function jalan(cmd: string, args: string[], opsi: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  const r = spawnSync(cmd, args, { cwd: opsi.cwd, env: opsi.env ?? process.env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} gagal (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return `${r.stdout}${r.stderr}`;
}

/**
 * Guide §1 "Pasang aplikasi": the repository's files in a fresh folder, `npm ci`, `npm run build`,
 * `npm prune --omit=dev`. `npm ci` is replaced by a hard-linked copy of this checkout's
 * node_modules (same lockfile, no download); the build and the prune are the guide's commands.
 */
export function pasangAplikasi(): string {
  const dir = mkdtempSync(join(tmpdir(), 'pantau-deploy-'));
  const app = join(dir, 'app');
  mkdirSync(app);
  const berkas = execFileSync('git', ['ls-files', '-co', '--exclude-standard', '-z'], { cwd: AKAR, encoding: 'utf8' }).split('\0').filter(Boolean);
  for (const f of berkas) {
    if (!existsSync(join(AKAR, f))) continue; // deleted in the work tree
    mkdirSync(join(app, f, '..'), { recursive: true });
    cpSync(join(AKAR, f), join(app, f));
  }
  execFileSync('cp', ['-al', join(AKAR, 'node_modules'), join(app, 'node_modules')]);
  jalan('npm', ['run', 'build'], { cwd: app });
  jalan('npm', ['prune', '--omit=dev', '--no-audit', '--no-fund'], { cwd: app });
  return app;
}

/** Guide §2: a database of its own (the guide makes a role and a database with createuser/createdb). */
export async function basisDataBaru(): Promise<{ url: string; hapus: () => void }> {
  const nama = `pantau_deploy_${randomBytes(4).toString('hex')}`;
  const admin = process.env.DATABASE_URL!;
  jalan('psql', [admin, '-qc', `CREATE DATABASE ${nama}`], { cwd: AKAR });
  const url = new URL(admin);
  url.pathname = `/${nama}`;
  return {
    url: url.toString(),
    hapus: () => {
      spawnSync('psql', [admin, '-qc', `DROP DATABASE IF EXISTS ${nama} WITH (FORCE)`]);
    },
  };
}

export interface Proses {
  proses: ChildProcess;
  log: () => string;
  berhenti: () => Promise<number | null>;
}

/** Starts a long-running command and waits until its output matches `siap`. */
export function mulai(cmd: string, args: string[], opsi: { cwd: string; env: NodeJS.ProcessEnv; siap: RegExp; batasMs?: number }): Promise<Proses> {
  return new Promise((ok, gagal) => {
    const proses = spawn(cmd, args, { cwd: opsi.cwd, env: opsi.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let log = '';
    let selesai = false;
    const henti = (): Promise<number | null> => {
      if (proses.exitCode !== null || proses.signalCode !== null) return Promise.resolve(proses.exitCode);
      return new Promise((r) => {
        const paksa = setTimeout(() => proses.kill('SIGKILL'), 15_000);
        proses.once('exit', (code) => {
          clearTimeout(paksa);
          r(code);
        });
        proses.kill('SIGTERM');
      });
    };
    const batas = setTimeout(() => {
      if (selesai) return;
      selesai = true;
      proses.kill('SIGKILL');
      gagal(new Error(`${cmd} tidak siap dalam ${opsi.batasMs ?? 120_000} ms:\n${log}`));
    }, opsi.batasMs ?? 120_000);
    const baca = (b: Buffer) => {
      log += b.toString('utf8');
      if (!selesai && opsi.siap.test(log)) {
        selesai = true;
        clearTimeout(batas);
        ok({ proses, log: () => log, berhenti: henti });
      }
    };
    proses.stdout!.on('data', baca);
    proses.stderr!.on('data', baca);
    proses.on('exit', (code) => {
      if (selesai) return;
      selesai = true;
      clearTimeout(batas);
      gagal(new Error(`${cmd} berhenti (kode ${code}) sebelum siap:\n${log}`));
    });
  });
}

/** The env file of guide §5 (deploy/pantau.env.example) for one process. */
export function envServer(app: string, dbUrl: string, port: number, tambahan: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    DATABASE_URL: dbUrl,
    TRUST_PROXY: '127.0.0.1,::1',
    BACKUP_DIR: join(app, '..', 'cadangan'),
    LOG_LEVEL: 'info',
    ...tambahan,
  };
  return env;
}

/** Guide §5 without systemd: what the unit's ExecStart runs. */
export function mulaiServer(app: string, env: NodeJS.ProcessEnv): Promise<Proses> {
  return mulai(process.execPath, ['dist-server/server.js'], { cwd: app, env, siap: /berjalan di http:\/\/localhost:\d+/ });
}

/** `npm run <alat> [-- args]` in the installed folder with the server's env (guide §6). */
export function alat(app: string, env: NodeJS.ProcessEnv, perintah: 'backup' | 'restore' | 'migrate', args: string[] = []): string {
  return jalan('npm', ['run', '--silent', perintah, ...(args.length ? ['--', ...args] : [])], { cwd: app, env: { ...env, INIT_CWD: app } });
}

/**
 * Guide §3–4: Caddy with deploy/Caddyfile.ca-internal in front of the given upstreams, its data
 * (the local CA) in a folder of its own. Resolves once HTTPS answers /api/v1/health through it.
 */
export async function mulaiCaddy(app: string, upstream: number[]): Promise<{ url: string; port: number; root: string; proses: Proses }> {
  const data = mkdtempSync(join(tmpdir(), 'pantau-caddy-'));
  const [https, http, adminPort] = [await portBebas(), await portBebas(), await portBebas()];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: data,
    XDG_DATA_HOME: join(data, 'data'),
    XDG_CONFIG_HOME: join(data, 'config'),
    PANTAU_DOMAIN: `${NAMA_HOST}:${https}`,
    PANTAU_HTTPS_PORT: String(https),
    PANTAU_HTTP_PORT: String(http),
    PANTAU_CADDY_ADMIN: `localhost:${adminPort}`,
    PANTAU_UPSTREAM: upstream.map((p) => `127.0.0.1:${p}`).join(' '),
  };
  const proses = await mulai('caddy', ['run', '--config', join(app, 'deploy/Caddyfile.ca-internal'), '--adapter', 'caddyfile'], {
    cwd: data,
    env,
    siap: /serving initial configuration/,
  });
  const root = join(data, 'data', 'caddy', 'pki', 'authorities', 'local', 'root.crt');
  const akhir = Date.now() + 30_000;
  while (!existsSync(root)) {
    if (Date.now() > akhir) throw new Error(`root CA Caddy tidak muncul di ${root}:\n${proses.log()}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { url: `https://${NAMA_HOST}:${https}`, port: https, root, proses };
}

/**
 * Guide §4 "Sertifikat di tablet", the Linux way: Chromium trusts the certificates of the NSS
 * database in $HOME/.pki/nssdb, so the Caddy root is added there (certutil from libnss3-tools), as
 * an Android or iPad gets it installed by hand. Returns the HOME to give Chromium.
 */
export function rumahDenganRoot(root: string): string {
  const home = mkdtempSync(join(tmpdir(), 'pantau-tablet-home-'));
  const nss = join(home, '.pki', 'nssdb');
  mkdirSync(nss, { recursive: true });
  jalan('certutil', ['-d', `sql:${nss}`, '-N', '--empty-password'], { cwd: home });
  jalan('certutil', ['-d', `sql:${nss}`, '-A', '-t', 'C,,', '-n', 'Pantau Kinerja CA internal', '-i', root], { cwd: home });
  return home;
}

export function bersihkan(...dirs: (string | undefined)[]): void {
  for (const d of dirs) if (d) rmSync(d, { recursive: true, force: true });
}

export const bacaBerkas = (p: string) => readFileSync(p, 'utf8');
export const tulisBerkas = (p: string, isi: string) => writeFileSync(p, isi);
