// `npm run build` (second half): the server compiled to plain JavaScript in dist-server/ with
// esbuild, so production runs `node dist-server/server.js` with only the runtime dependencies
// (`npm ci --omit=dev`): no tsx, no vite, no build at boot. npm packages stay external (installed
// by npm); the SQL migrations are copied next to the bundle (src/server/db.ts looks for them there).
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

rmSync('dist-server', { recursive: true, force: true });
await build({
  entryPoints: { server: 'src/server/index.ts', alat: 'src/server/alat.ts' },
  outdir: 'dist-server',
  bundle: true,
  splitting: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});
cpSync('src/server/migrations', 'dist-server/migrations', { recursive: true });
console.log('Server dibangun di dist-server/ (jalankan: NODE_ENV=production npm start)');
