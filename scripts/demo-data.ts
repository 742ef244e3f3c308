/**
 * Writes the demo kabupaten as JSON: `npm run demo:data -- [file] [--seed N] [--kali K]` (stdout
 * without a file; `--kali` scales it, issue 17 §7). The output maps each table name to its records,
 * exactly what buatDemo() returns.
 */
import { writeFileSync } from 'node:fs';
import { buatDemo } from '../src/demo/generate.ts';

const args = process.argv.slice(2);
const opsi = (nama: string): number | undefined => {
  const i = args.indexOf(nama);
  if (i < 0) return undefined;
  const v = Number(args[i + 1]);
  if (!Number.isInteger(v)) {
    console.error(`${nama} harus bilangan bulat, contoh: ${nama} 4`);
    process.exit(2);
  }
  args.splice(i, 2);
  return v;
};
const seed = opsi('--seed');
const kali = opsi('--kali');
const file = args[0];
const json = JSON.stringify(buatDemo({ ...(seed === undefined ? {} : { seed }), ...(kali === undefined ? {} : { kali }) }), null, file ? 1 : 0);
if (file) {
  writeFileSync(file, json);
  console.error(`Data demo ditulis ke ${file} (${(json.length / 1024 / 1024).toFixed(1)} MB)`);
} else {
  process.stdout.write(json + '\n');
}
