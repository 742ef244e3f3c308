// `npm start`. Production (NODE_ENV=production, or after `npm ci --omit=dev`): runs only the
// compiled server in dist-server/ against the built dist/, nothing is built at boot. Development and
// the README's demo (`npm ci && npm start` on a fresh clone): builds the PWA when dist/ is missing or
// older than the sources, then runs the TypeScript server. The server runs in THIS process (no
// child), so a SIGTERM to npm or to this process stops it cleanly. Arguments pass through
// (e.g. `npm start -- --demo`).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { AKAR, jalankan } from './jalankan.mjs';

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'server') t = Math.max(t, newest(p));
    } else t = Math.max(t, statSync(p).mtimeMs);
  }
  return t;
}

process.chdir(AKAR);

// npm forwards SIGTERM/SIGINT to its child (the package.json script `exec`s, so that is this
// process). Should npm itself die without forwarding (SIGKILL), stop too instead of running orphaned.
const induk = process.ppid;
setInterval(() => {
  if (process.ppid !== induk) process.kill(process.pid, 'SIGTERM');
}, 1000).unref();
const produksi = process.env.NODE_ENV === 'production';
const indeks = 'dist/index.html';
if (produksi) {
  if (!existsSync(indeks)) {
    console.error('Aplikasi belum dibangun: jalankan `npm run build` sebelum NODE_ENV=production npm start (docs/deployment.md).');
    process.exit(1);
  }
} else {
  const built = existsSync(indeks) ? statSync(indeks).mtimeMs : 0;
  if (built < Math.max(newest('src'), newest('public'))) {
    if (!existsSync('node_modules/vite')) {
      if (!built) {
        console.error('dist/ tidak ada dan vite tidak terpasang: jalankan `npm ci && npm run build` dulu.');
        process.exit(1);
      }
    } else {
      console.log('Membangun aplikasi (vite build)…');
      // NODE_ENV=production: an inherited "development"/"test" would build an app without service worker.
      const r = spawnSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--logLevel', 'warn'], {
        stdio: 'inherit',
        env: { ...process.env, NODE_ENV: 'production' },
      });
      if (r.status !== 0) process.exit(r.status ?? 1);
    }
  }
}
await jalankan('server');
