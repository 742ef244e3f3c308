/**
 * `npm start` (through scripts/start.mjs): open the storage (PostgreSQL when DATABASE_URL is set,
 * else PGlite in DATA_DIR), apply migrations, create the admin (and the demo on request), then
 * serve the PWA and the API on one port.
 */
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from './app.ts';
import { bukaPglite, bukaPostgres, migrasi } from './db.ts';
import { bacaEnv } from './env.ts';
import { bacaProxyTepercaya } from './alamat.ts';
import { PASSWORD_DEMO, siapkan } from './setup.ts';

async function utama(): Promise<void> {
  const env = bacaEnv(process.env, process.argv.slice(2));
  let db;
  if (env.DATABASE_URL) db = await bukaPostgres(env.DATABASE_URL);
  else {
    mkdirSync(env.DATA_DIR, { recursive: true });
    db = await bukaPglite(resolve(env.DATA_DIR));
  }
  const versi = await migrasi(db);
  const awal = await siapkan(db, { adminPassword: env.PANTAU_ADMIN_PASSWORD, demo: env.demo });
  const app = createApp({ db, distDir: env.DIST_DIR, migrasi: versi, proxy: bacaProxyTepercaya(env.TRUST_PROXY) });

  console.log(`Penyimpanan: ${db.kind === 'postgres' ? 'PostgreSQL' : `PGlite di ${resolve(env.DATA_DIR)}`} (migrasi ${versi})`);
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
  const server = serve({ fetch: app.fetch, port: env.PORT }, (info) => console.log(`Pantau Kinerja berjalan di http://localhost:${info.port}`));
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(e.code === 'EADDRINUSE' ? `Port ${env.PORT} sudah dipakai program lain; hentikan program itu atau jalankan dengan PORT=… npm start` : `Server gagal berjalan: ${e.message}`);
    void db.close().finally(() => process.exit(1));
  });

  let berhenti = false;
  const tutup = () => {
    if (berhenti) return;
    berhenti = true;
    server.close();
    void db.close().finally(() => process.exit(0));
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.on('SIGINT', tutup);
  process.on('SIGTERM', tutup);
}

utama().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
