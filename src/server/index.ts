/**
 * The server process (docs/deployment.md): open the storage (PostgreSQL when DATABASE_URL is set,
 * else PGlite in DATA_DIR, for trial use), bring a new database's schema up (an existing one with
 * pending migrations is upgraded by `npm run migrate`, which backs up first, unless
 * MIGRASI_OTOMATIS=1), create the admin (and the demo on request), then serve the PWA and the API on
 * HOST:PORT (default 127.0.0.1:8080), logging every request as JSON. SIGTERM/SIGINT close it cleanly.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { BERKAS_PID, cadangkan, serverPgliteBerjalan, sudahBerisi } from './cadangan.ts';
import { bukaPglite, bukaPostgres, migrasi, migrasiTertunda, type Db } from './db.ts';
import { bacaEnv, opsiS3Dari } from './env.ts';
import { bersihkanBerkas, folderBerkas, folderUnggah } from './berkas.ts';
import { gudangLokal, gudangS3 } from './gudang-berkas.ts';
import { PusatPoke } from './events.ts';
import { buatLogger } from './log.ts';
import { jembatanPokePg, type JembatanPoke } from './poke-pg.ts';
import { bacaProxyTepercaya } from './alamat.ts';
import { PASSWORD_DEMO, siapkan } from './setup.ts';
import { SyncStore } from './sync.store.ts';
import { VERSI_APLIKASI } from './versi.ts';

const PANDUAN = 'docs/deployment.md';
const MB = 1024 * 1024;

async function utama(): Promise<void> {
  const env = bacaEnv(process.env, process.argv.slice(2));
  const log = buatLogger({ level: process.env.LOG_LEVEL });
  let db: Db;
  let berkasPid: string | null = null;
  if (env.DATABASE_URL)
    db = await bukaPostgres(env.DATABASE_URL, { max: env.PG_POOL_MAX, pullParalel: env.PULL_PARALEL, jagaTerbuka: true, peringatan: (p) => log.warn(p) });
  else {
    const dir = resolve(env.DATA_DIR);
    mkdirSync(dir, { recursive: true });
    const lain = serverPgliteBerjalan(dir);
    if (lain)
      throw new Error(
        `Server lain (pid ${lain}) sudah memakai ${dir}; PGlite hanya boleh dibuka satu proses. Untuk beberapa proses pakai PostgreSQL (${PANDUAN}).`,
      );
    db = await bukaPglite(dir);
    berkasPid = join(dir, BERKAS_PID);
    writeFileSync(berkasPid, String(process.pid));
  }

  // Upgrades (docs/deployment.md §"Pembaruan"): a fresh database is set up here; an existing one is
  // migrated only after a backup, by `npm run migrate` (or here when MIGRASI_OTOMATIS=1).
  const tertunda = await migrasiTertunda(db);
  if (tertunda.length && (await sudahBerisi(db))) {
    if (process.env.MIGRASI_OTOMATIS !== '1') {
      throw new Error(
        `Basis data perlu diperbarui (migrasi ${tertunda.map((m) => m.versi).join(', ')}). Hentikan server, jalankan \`npm run migrate\` ` +
          `(membuat cadangan lalu memperbarui dalam satu transaksi), lalu jalankan server lagi. Lihat ${PANDUAN} §"Pembaruan".`,
      );
    }
    if (db.kind === 'pglite') {
      await db.close();
      console.log(
        `Cadangan sebelum migrasi: ${await cadangkan({ jenis: 'pglite', dataDir: resolve(env.DATA_DIR) }, resolve(process.env.BACKUP_DIR || './cadangan'))}`,
      );
      db = await bukaPglite(resolve(env.DATA_DIR));
      writeFileSync(berkasPid!, String(process.pid));
    } else {
      console.log(
        `Cadangan sebelum migrasi: ${await cadangkan({ jenis: 'postgres', url: env.DATABASE_URL! }, resolve(process.env.BACKUP_DIR || './cadangan'))}`,
      );
    }
  }
  const versi = await migrasi(db);
  const awal = await siapkan(db, { adminPassword: env.PANTAU_ADMIN_PASSWORD, demo: env.demo, demoKali: env.DEMO_KALI });
  const poke = new PusatPoke();
  let jembatan: JembatanPoke | null = null;
  if (env.DATABASE_URL) {
    const store = new SyncStore(db);
    jembatan = jembatanPokePg(poke, { url: env.DATABASE_URL, revTerbaru: () => store.revTerbaru(), log: (pesan) => log.warn(pesan) });
    await jembatan.siap;
  }
  // Bukti dukung files live under DATA_DIR/berkas with either database, or in an S3-compatible
  // bucket when BERKAS_S3_BUCKET is set (docs/bukti-dukung.md "Penyimpanan").
  const dirBerkas = folderBerkas(env.DATA_DIR);
  const s3 = opsiS3Dari(env, folderUnggah(dirBerkas));
  const gudang = s3 ? await gudangS3(s3) : gudangLokal(dirBerkas);
  const berkas = { dir: dirBerkas, maksByte: Math.round(env.BERKAS_MAKS_MB * MB), kuotaOpdByte: Math.round(env.KUOTA_OPD_MB * MB), gudang };
  const app = createApp({ db, distDir: env.DIST_DIR, migrasi: versi, poke, log, proxy: bacaProxyTepercaya(env.TRUST_PROXY), berkas });
  // The files' retention rule, at start and once a day (docs/bukti-dukung.md "Retensi").
  const sapu = () =>
    void bersihkanBerkas(db, berkas.dir, new Date(), env.BERKAS_SIMPAN_HARI, gudang).then(
      (h) => {
        if (h.length) log.info({ dihapus: h.length }, 'berkas bukti dukung lewat masa simpan dihapus');
      },
      (e: unknown) => log.warn({ err: e }, 'pembersihan berkas gagal'),
    );
  sapu();
  const timerSapu = setInterval(sapu, 24 * 3600 * 1000);
  timerSapu.unref();

  console.log(
    `Pantau Kinerja ${VERSI_APLIKASI}. Penyimpanan: ${db.kind === 'postgres' ? 'PostgreSQL' : `PGlite di ${resolve(env.DATA_DIR)}`} (migrasi ${versi}); berkas bukti dukung: ${gudang.uraian}`,
  );
  if (db.kind === 'pglite') {
    console.log(
      `PERHATIAN: PGlite hanya untuk uji coba dan demo (satu proses, tanpa cadangan daring). ` +
        `Untuk pemakaian sungguhan di kabupaten/kota pakai PostgreSQL: lihat ${PANDUAN}.`,
    );
  }
  if (awal.adminPasswordBaru) {
    console.log('\nAkun admin dibuat. Catat kata sandi sekali pakai ini; aplikasi meminta menggantinya saat masuk pertama:');
    console.log(`  nama pengguna: admin\n  kata sandi:    ${awal.adminPasswordBaru}\n`);
  }
  if (awal.akunDemo.length) {
    console.log(`Data demo dimuat (${awal.jumlahRecordDemo} record). Akun demo, kata sandi "${PASSWORD_DEMO}":`);
    const op = awal.akunDemo.filter((a) => a.role === 'operator');
    for (const a of awal.akunDemo.filter((a) => a.role !== 'operator')) console.log(`  ${a.username.padEnd(16)} ${a.role}`);
    console.log(`  operator per perangkat daerah: ${op.map((a) => a.username).join(', ')}`);
  }
  const host = env.HOST;
  const lokal = host === '127.0.0.1' || host === 'localhost' || host === '::1';
  const server = serve({ fetch: app.fetch, port: env.PORT, hostname: host }, (info) => {
    console.log(
      lokal
        ? `Pantau Kinerja berjalan di http://localhost:${info.port} (hanya dari komputer ini; tablet lewat HTTPS, lihat ${PANDUAN})`
        : `Pantau Kinerja berjalan di http://localhost:${info.port} (mendengarkan di ${host}:${info.port})`,
    );
  });
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(
      e.code === 'EADDRINUSE'
        ? `Port ${env.PORT} sudah dipakai program lain; hentikan program itu atau jalankan dengan PORT=… npm start`
        : `Server gagal berjalan: ${e.message}`,
    );
    void tutupSemua().finally(() => process.exit(1));
  });

  const tutupSemua = async () => {
    await jembatan?.tutup().catch(() => undefined);
    await db.close().catch(() => undefined);
    if (berkasPid) rmSync(berkasPid, { force: true });
    log.flush();
  };
  let berhenti = false;
  const tutup = (sinyal: string) => {
    if (berhenti) return;
    berhenti = true;
    console.log(`Menerima ${sinyal}; server berhenti.`);
    server.close();
    // Open SSE streams would keep close() waiting: end them.
    (server as unknown as { closeAllConnections?: () => void }).closeAllConnections?.();
    void tutupSemua().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', () => tutup('SIGINT'));
  process.on('SIGTERM', () => tutup('SIGTERM'));
}

utama().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
