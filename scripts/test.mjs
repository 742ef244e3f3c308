// `npm test`: unit + server suites (server suites run against PGlite always and also against
// PostgreSQL when DATABASE_URL is set), then build the app and run the Chromium end-to-end suite.
// Ends with one plain line "tests: N passed, N failed" summed over every suite.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { resolve } from 'node:path';

// Absolute: vitest resolves a relative outputFile against its root (src/).
const DIR = resolve('test-results');
rmSync(DIR, { recursive: true, force: true });
mkdirSync(DIR, { recursive: true });

const vitest = (nama, projects) => [
  'npx',
  ['vitest', 'run', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${DIR}/${nama}.json`],
  nama,
];
const steps = [vitest('unit-server', ['unit', 'server']), ['npx', ['vite', 'build', '--logLevel', 'warn'], null], vitest('e2e', ['e2e'])];

let lulus = 0;
let gagal = 0;
let kode = 0;
for (const [cmd, args, hasil] of steps) {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit' });
  if (hasil) {
    try {
      const j = JSON.parse(readFileSync(`${DIR}/${hasil}.json`, 'utf8'));
      lulus += j.numPassedTests;
      gagal += j.numFailedTests;
    } catch {
      gagal += 1; // the suite crashed before reporting
    }
  }
  if (r.status !== 0) {
    kode = r.status ?? 1;
    break;
  }
}
console.log(`\ntests: ${lulus} passed, ${gagal} failed`);
process.exit(kode);
