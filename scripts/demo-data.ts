/**
 * Writes the demo kabupaten as JSON: `npm run demo:data -- [file] [--seed N]` (stdout without a file).
 * The output maps each table name to its records, exactly what buatDemo() returns.
 */
import { writeFileSync } from 'node:fs';
import { buatDemo } from '../src/demo/generate.ts';

const args = process.argv.slice(2);
const iSeed = args.indexOf('--seed');
const seed = iSeed >= 0 ? Number(args[iSeed + 1]) : undefined;
if (seed !== undefined && !Number.isInteger(seed)) {
  console.error('Seed harus bilangan bulat, contoh: --seed 42');
  process.exit(2);
}
const file = args.filter((_, i) => iSeed < 0 || (i !== iSeed && i !== iSeed + 1))[0];
const json = JSON.stringify(buatDemo(seed === undefined ? {} : { seed }), null, file ? 1 : 0);
if (file) {
  writeFileSync(file, json);
  console.error(`Data demo ditulis ke ${file} (${(json.length / 1024 / 1024).toFixed(1)} MB)`);
} else {
  process.stdout.write(json + '\n');
}
