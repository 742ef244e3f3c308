// `npm run build` (docs/deployment.md §14): the PWA (vite build → dist/) and the compiled server
// (scripts/build-server.mjs → dist-server/). The PWA is always built with NODE_ENV=production:
// Vite keeps an inherited NODE_ENV (e.g. "test" under vitest, "development" in a shell profile),
// and such a build registers no service worker, so tablets would get no offline mode.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const akar = resolve(import.meta.dirname, '..');
const env = { ...process.env, NODE_ENV: 'production' };
for (const args of [[resolve(akar, 'node_modules/vite/bin/vite.js'), 'build'], [resolve(akar, 'scripts/build-server.mjs')]]) {
  const r = spawnSync(process.execPath, args, { cwd: akar, env, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
