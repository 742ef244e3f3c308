// `npm test`: type-check, unit + server suites (server suites run against PGlite always and also
// against PostgreSQL when DATABASE_URL is set), then build the app and run the Chromium end-to-end suite.
import { spawnSync } from 'node:child_process';

const steps = [
  ['npx', ['vitest', 'run', '--project', 'unit', '--project', 'server']],
  ['npx', ['vite', 'build', '--logLevel', 'warn']],
  ['npx', ['vitest', 'run', '--project', 'e2e', '--passWithNoTests']],
];
for (const [cmd, args] of steps) {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
