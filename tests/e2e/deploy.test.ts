/**
 * docs/deployment.md followed on this machine (issue 14): a fresh folder built as the guide says
 * (npm run build, npm prune --omit=dev), PostgreSQL, two server processes started as the systemd
 * unit starts them, Caddy with its internal CA on a test host name mapped to 127.0.0.1, and the
 * Caddy root installed for Chromium the way a tablet gets it (an NSS database; no certificate
 * errors are ignored, so the secure context is real). Then:
 *
 * 1. a tablet over HTTPS is in a secure context, signs in, goes offline, reloads (the service worker
 *    answers) and works;
 * 2. backup → more pushes → the tablet edits offline → restore (`npm run restore`, processes
 *    stopped) → the tablet re-syncs: it drops what the restore lost and its pending edit arrives
 *    exactly once;
 * 3. two processes behind Caddy keep one Layar live: a push through either process reaches the
 *    Layar tablet within seconds (LISTEN/NOTIFY, src/server/poke-pg.ts);
 * 4. `npm start` in production runs the compiled server with only runtime dependencies and stops
 *    with npm (SIGTERM) or when npm is killed.
 *
 * Screenshots: /tmp/deploy-*.png.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import {
  alat,
  basisDataBaru,
  bersihkan,
  envServer,
  mulai,
  mulaiCaddy,
  mulaiServer,
  NAMA_HOST,
  pasangAplikasi,
  portBebas,
  prasyaratKurang,
  rumahDenganRoot,
  type Proses,
} from '../deploy/panduan.ts';
import { HalamanRealisasi } from './pages/realisasi.ts';
import { KlienApi, masukLewatForm } from './pages/rakor.ts';
import { aturJaringan, bacaLokal, LencanaSinkron, tungguServiceWorker } from './pages/sinkron.ts';
import { idAlami } from '../../src/domain/schemas.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { daftarMigrasi } from '../../src/server/db.ts';

const kurang = prasyaratKurang();
if (kurang && process.env.CI) throw new Error(`Uji panduan pemasangan: ${kurang}`);
const SANDI_ADMIN = 'admin-deploy-rahasia';
const SABAR = { timeout: 60_000, interval: 250 };

let app: string;
let db: Awaited<ReturnType<typeof basisDataBaru>>;
const port: number[] = [];
const proses: (Proses | null)[] = [null, null];
let caddy: Awaited<ReturnType<typeof mulaiCaddy>>;
let home: string;
const konteks: BrowserContext[] = [];
/** What the tablets' pages said (printed when a story fails). */
const catatan: string[] = [];

const env = (i: number, tambahan: NodeJS.ProcessEnv = {}) => envServer(app, db.url, port[i]!, tambahan);
const langsung = (i: number) => `http://127.0.0.1:${port[i]}`;

async function tablet(viewport = { width: 1280, height: 800 }): Promise<{ context: BrowserContext; page: Page }> {
  const profil = mkdtempSync(join(tmpdir(), 'pantau-deploy-profil-'));
  const context = await chromium.launchPersistentContext(profil, {
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    viewport,
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    // The tablet's trust store holds the Caddy root (guide §4); the name resolves like the kabupaten's DNS would.
    env: { ...process.env, HOME: home },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--host-resolver-rules=MAP ${NAMA_HOST} 127.0.0.1`,
    ],
  });
  context.setDefaultTimeout(60_000);
  konteks.push(context);
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => catatan.push(`console ${m.type()}: ${m.text().slice(0, 300)}`));
  context.on('weberror', (e) => catatan.push(`weberror: ${e.error().message}`));
  context.on('requestfailed', (r) => catatan.push(`requestfailed: ${r.url()} ${r.failure()?.errorText ?? ''}`));
  return { context, page };
}

/** The tablet's cursor has reached the server's rev and nothing waits in its outbox. */
async function tungguSelaras(page: Page): Promise<void> {
  await expect
    .poll(async () => {
      const h = (await (await fetch(`${langsung(0)}/api/v1/health`)).json()) as { rev: number };
      const meta = await bacaLokal(page, 'meta');
      const kursor = meta.find((m) => m.key === 'pullRev')?.value;
      const outbox = await bacaLokal(page, 'outbox');
      return typeof kursor === 'number' && kursor >= h.rev && outbox.length === 0;
    }, SABAR)
    .toBe(true);
}

/** Realisasi values an admin may still change: numeric, in a quarter no kunciPeriode locks. */
function realisasiTerbuka(semua: Record<string, Record<string, unknown>[]>): Record<string, unknown>[] {
  const terkunci = new Set((semua.kunciPeriode ?? []).filter((k) => k.terkunci === true).map((k) => `${k.tahun}-${k.triwulan}`));
  return (semua.realisasi ?? []).filter(
    (x) => typeof x.nilai === 'number' && /^TW[1-4]$/.test(String(x.periode)) && !terkunci.has(`${x.tahun}-${String(x.periode).slice(2)}`),
  );
}

async function ubahRealisasi(klien: KlienApi, rec: Record<string, unknown>, nilai: number, clientId: string, seq: number): Promise<void> {
  const h = await klien.push({
    clientId,
    schemaVersion: SCHEMA_VERSION,
    mutations: [{ seq, table: 'realisasi', key: rec.id, op: 'put', fields: { nilai }, baseRev: rec.rev, at: new Date().toISOString() }],
  });
  expect(h.results[0]!.status).toMatch(/applied|merged/);
}

describe.skipIf(kurang !== null)(`docs/deployment.md on this machine${kurang ? ` (dilewati: ${kurang})` : ''}`, { timeout: 600_000 }, () => {
  beforeAll(async () => {
    app = pasangAplikasi();
    // The production install holds no build toolchain.
    for (const dev of ['vite', 'tsx', 'svelte', 'esbuild', 'typescript']) expect(existsSync(join(app, 'node_modules', dev)), dev).toBe(false);
    db = await basisDataBaru();
    port.push(await portBebas(), await portBebas());
    proses[0] = await mulaiServer(app, env(0, { DEMO: '1', PANTAU_ADMIN_PASSWORD: SANDI_ADMIN }));
    proses[1] = await mulaiServer(app, env(1));
    caddy = await mulaiCaddy(app, port);
    home = rumahDenganRoot(caddy.root);
  }, 900_000);
  afterAll(async () => {
    for (const c of konteks) await c.close().catch(() => undefined);
    for (const p of proses) await p?.berhenti();
    await caddy?.proses.berhenti();
    db?.hapus();
    bersihkan(app ? join(app, '..') : undefined, home);
  });

  it('the server logs JSON request lines, binds loopback only, and says PostgreSQL', async () => {
    expect(proses[0]!.log()).toMatch(/Penyimpanan: PostgreSQL/);
    expect(proses[0]!.log()).not.toMatch(/PGlite hanya untuk uji coba/);
    // HOST=127.0.0.1: another address of this machine does not reach the app (only Caddy does).
    const luar = Object.values(networkInterfaces())
      .flat()
      .find((a) => a && a.family === 'IPv4' && !a.internal);
    if (luar)
      expect(
        await fetch(`http://${luar.address}:${port[0]}/api/v1/health`).then(
          () => 'terbuka',
          () => 'tertutup',
        ),
      ).toBe('tertutup');
    const health = (await (await fetch(`${langsung(1)}/api/v1/health`)).json()) as Record<string, unknown>;
    expect(health).toMatchObject({ ok: true, storage: 'postgres', migration: Math.max(...daftarMigrasi().map((m) => m.versi)) });
  });

  it('a tablet over HTTPS: secure context, signs in, offline reload works', async () => {
    const { context, page } = await tablet();
    await masukLewatForm(page, caddy.url, 'op-dinkes', 'demo12345');
    expect(await page.evaluate(() => window.isSecureContext)).toBe(true);
    expect(page.url()).toMatch(/^https:\/\/pantau\.test:\d+\//);
    // A busy CI machine needs a while to precache the app in the service worker.
    await tungguServiceWorker(page, 180_000).catch(async (e: unknown) => {
      const sw = await page.evaluate(async () =>
        (await navigator.serviceWorker.getRegistrations()).map((r) => [r.scope, r.active?.state, r.installing?.state, r.waiting?.state]),
      );
      throw new Error(`${(e as Error).message}\nregistrasi: ${JSON.stringify(sw)}\n${catatan.join('\n')}`);
    });
    await tungguSelaras(page);

    await aturJaringan(context, false);
    const jawab = await page.reload();
    expect(jawab?.fromServiceWorker()).toBe(true);
    const lencana = new LencanaSinkron(page);
    await expect.poll(() => lencana.koneksi(), SABAR).toBe('Luring');
    const r = new HalamanRealisasi(page, caddy.url);
    await r.buka({ tahun: 2026, tw: 4 });
    expect(await r.jumlahBaris()).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/deploy-1-luring-https.png' });
    await aturJaringan(context, true);
    await expect.poll(() => lencana.koneksi(), SABAR).toBe('Daring');
  });

  it('backup → more pushes → offline edit → restore: the tablet re-syncs and its edit arrives once', async () => {
    const [{ context, page }] = konteks.length ? [{ context: konteks[0]!, page: konteks[0]!.pages()[0]! }] : [await tablet()];
    const admin = await KlienApi.masuk(langsung(0), 'admin', SANDI_ADMIN);
    const berkas = alat(app, env(0), 'backup');
    expect(berkas).toMatch(/Cadangan PostgreSQL dibuat: .*\.dump/);

    // More pushes after the backup (through process B): the tablet sees them live.
    const semua = await admin.tarikSemua();
    const lain = realisasiTerbuka(semua)[0]!;
    await ubahRealisasi(new KlienApi(langsung(1), admin.token), lain, 4321, crypto.randomUUID(), 1);
    await expect.poll(async () => (await bacaLokal(page, 'realisasi')).find((x) => x.id === lain.id)?.nilai, SABAR).toBe(4321);

    // Offline, the operator types a Triwulan IV value: a plausible one, its quarter's target (an
    // unusual value would wait for confirmation instead of being stored, docs/domain/kewajaran.md).
    await aturJaringan(context, false);
    const r = new HalamanRealisasi(page, caddy.url);
    await r.buka({ tahun: 2026, tw: 4 });
    const indikator = await r.indikatorId(0);
    const kunci = idAlami.realisasi(indikator, 'TW4');
    expect(semua.realisasi!.find((x) => x.id === kunci)).toBeUndefined();
    const ind = semua.indikator!.find((x) => x.id === indikator)!;
    const target = (ind.targetTriwulan as unknown[] | null)?.[3] ?? ind.targetTahunan;
    expect(typeof target).toBe('number');
    const nilai = target as number;
    await r.isiBerurutan(0, [new Intl.NumberFormat('id-ID', { maximumFractionDigits: 6 }).format(nilai)]);
    expect(await r.galat(0)).toBe('');
    expect(await r.baris(0).locator('[data-uji="peringatan"]').allInnerTexts()).toEqual([]);
    await r.tungguTersimpan(0, ['lokal']);
    const lencana = new LencanaSinkron(page);
    await expect.poll(() => lencana.tertunda(), SABAR).toBe(1);

    // The runbook: stop every process, restore, start again.
    for (const i of [0, 1]) expect(await proses[i]!.berhenti()).toBe(0);
    const pulih = alat(app, env(0), 'restore', [berkas.match(/(\S+\.dump)/)![1]!]);
    expect(pulih).toMatch(/epoch/);
    proses[0] = await mulaiServer(app, env(0));
    proses[1] = await mulaiServer(app, env(1));
    expect((await admin.tarikSemua()).realisasi!.find((x) => x.id === lain.id)!.nilai).toBe(lain.nilai);

    await aturJaringan(context, true);
    await lencana.sinkronkan().catch(() => undefined);
    await tungguSelaras(page);
    const server = (await admin.tarikSemua()).realisasi!.find((x) => x.id === kunci);
    expect(server?.nilai).toBe(nilai);
    // What the restore lost is gone from the tablet too.
    expect((await bacaLokal(page, 'realisasi')).find((x) => x.id === lain.id)?.nilai).toBe(lain.nilai);
    // Exactly once: one applied answer for this tablet's client on the restored server.
    const clientId = (await bacaLokal(page, 'meta')).find((m) => m.key === 'clientId')?.value as string;
    const { spawnSync } = await import('node:child_process');
    const n = spawnSync(
      'psql',
      [db.url, '-tAc', `SELECT count(*) FROM client_results WHERE client_id = '${clientId}' AND result->>'status' IN ('applied','merged')`],
      { encoding: 'utf8' },
    );
    expect(n.stdout.trim()).toBe('1');
    await expect.poll(() => lencana.teks(), SABAR).toMatch(/Tersinkron/);
    await page.screenshot({ path: '/tmp/deploy-2-setelah-pulih.png' });
  });

  it('two processes behind Caddy keep one Layar live', async () => {
    const { page } = await tablet({ width: 1920, height: 1080 });
    const admin = await KlienApi.masuk(langsung(0), 'admin', SANDI_ADMIN);
    await masukLewatForm(page, caddy.url, 'pimpinan', 'demo12345');
    await tungguSelaras(page);
    await page.goto(`${caddy.url}/#/layar?tahun=2026&tw=3`);
    await page.getByTestId('nilai-rata-capaian').waitFor();
    const semua = await admin.tarikSemua();
    const pilih = realisasiTerbuka(semua).slice(1, 3);
    expect(pilih).toHaveLength(2);
    for (const [i, rec] of pilih.entries()) {
      // Process A, then process B: whichever one holds the Layar's stream, the other one is tested.
      await ubahRealisasi(new KlienApi(langsung(i), admin.token), rec, 1000 + i, crypto.randomUUID(), 1);
      // Well inside the tablet's 60 s sync interval: only the live poke can bring it this fast.
      const mulaiT = Date.now();
      await expect
        .poll(async () => (await bacaLokal(page, 'realisasi')).find((x) => x.id === rec.id)?.nilai, { timeout: 10_000, interval: 100 })
        .toBe(1000 + i);
      console.log(`Layar menerima perubahan lewat proses ${i === 0 ? 'A' : 'B'} ${Date.now() - mulaiT} ms setelah kiriman diterima`);
    }
    await page.screenshot({ path: '/tmp/deploy-3-layar.png' });
  });

  it('npm start in production runs only dist-server and stops with npm (SIGTERM) or when npm is killed', async () => {
    const p = await portBebas();
    for (const sinyal of ['SIGTERM', 'SIGKILL'] as const) {
      const npm = await mulai('npm', ['start'], { cwd: app, env: envServer(app, db.url, p), siap: /berjalan di http:\/\/localhost:\d+/ });
      expect(npm.log()).not.toMatch(/Membangun aplikasi/);
      const h = await fetch(`http://127.0.0.1:${p}/api/v1/health`);
      expect(h.ok).toBe(true);
      npm.proses.kill(sinyal);
      // The server process (npm's child) must be gone: the port is free again.
      await expect
        .poll(
          async () =>
            fetch(`http://127.0.0.1:${p}/api/v1/health`).then(
              () => 'hidup',
              () => 'mati',
            ),
          { timeout: 15_000, interval: 250 },
        )
        .toBe('mati');
    }
    expect(readdirSync(join(app, '..', 'cadangan')).some((f) => f.endsWith('.dump'))).toBe(true);
  });
});
