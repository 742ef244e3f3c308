/**
 * The layer rule (docs/architecture.md "Layers", eslint.config.js) fails a screen that imports
 * another screen's folder, and a lower layer that imports a higher one; the same imports from the
 * right place pass. Runs ESLint with the project's own config on fixture text placed at real paths.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const akar = fileURLToPath(new URL('../../../', import.meta.url));
const eslint = new ESLint({ cwd: akar });
const fixture = readFileSync(new URL('./fixture/LayarSilang.svelte', import.meta.url), 'utf8');

async function pesanLapisan(teks: string, berkas: string): Promise<string[]> {
  const [hasil] = await eslint.lintText(teks, { filePath: `${akar}${berkas}` });
  return (hasil?.messages ?? []).filter((m) => m.ruleId === 'boundaries/dependencies').map((m) => m.message);
}

describe('layer rule', () => {
  it('a screen under views/pk importing views/realisasi fails the check', async () => {
    const pesan = await pesanLapisan(fixture, 'src/views/pk/LayarSilang.svelte');
    expect(pesan).toHaveLength(1);
    expect(pesan[0]).toMatch(/layar="pk".*layar="realisasi"/);
  }, 60_000);

  it('the same screen inside views/realisasi passes (its own folder, and lib/)', async () => {
    expect(await pesanLapisan(fixture, 'src/views/realisasi/LayarSilang.svelte')).toEqual([]);
  }, 60_000);

  it('a lower layer importing a higher one fails: lib → views, domain → db, shared → lib', async () => {
    expect(await pesanLapisan("import { simpanNilai } from '../views/realisasi/aksi.ts';\nvoid simpanNilai;\n", 'src/lib/contoh.ts')).toHaveLength(1);
    expect(await pesanLapisan("import type { PantauDB } from '../db/database.ts';\nexport type X = PantauDB;\n", 'src/domain/contoh.ts')).toHaveLength(1);
    expect(await pesanLapisan("import { formatAngka } from '../lib/format.ts';\nvoid formatAngka;\n", 'src/shared/contoh.ts')).toHaveLength(1);
  }, 60_000);
});
