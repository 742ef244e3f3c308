/**
 * Every reference to a Markdown file in src/ and tests/ points at a file that exists and, when it
 * names sections (`docs/architecture.md "Routing"`, `docs/domain/README.md "Capaian", "TDI"`), at
 * headings that exist in it (docs/README.md). References to the retired design notes ("DESIGN.md §n",
 * "STYLE.md habit n", "interface I7") are refused: the design lives in docs/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const akar = fileURLToPath(new URL('../../../', import.meta.url));

function berkasKode(dir: string): string[] {
  const out: string[] = [];
  for (const nama of readdirSync(dir)) {
    if (nama === 'node_modules' || nama.startsWith('.')) continue;
    const p = join(dir, nama);
    if (statSync(p).isDirectory()) out.push(...berkasKode(p));
    else if (/\.(ts|svelte|sql|mjs|js)$/.test(nama)) out.push(p);
  }
  return out;
}

/** Headings of a Markdown file, without `#`s, backticks and numbering ("## 6. Cadangan" → "Cadangan"). */
function judul(md: string): Set<string> {
  return new Set(
    md
      .split('\n')
      .filter((l) => /^#{1,6} /.test(l))
      .map((l) =>
        l
          .replace(/^#+ /, '')
          .replace(/`/g, '')
          .replace(/^\d+(\.\d+)*\.?\s+/, '')
          .trim(),
      ),
  );
}

/** A cited section is a heading (numbering left out) or its leading words ("HOST dan PORT" for "HOST dan PORT, firewall"). */
function adaJudul(semua: Set<string>, s: string): boolean {
  return [...semua].some((j) => j === s || (j.startsWith(s) && /^[\s:,(?–-]/.test(j.slice(s.length))));
}

const POLA_RUJUKAN = /((?:[\w.-]+\/)*[\w.-]+\.md)\b((?:,?\s*§?\s*"[^"\n]+")*)/g;
const POLA_USANG = /DESIGN(?:\.md)?\s*§|STYLE\.md|\binterfaces?\s+I\d+\b|\(I\d+\)/;

/** The problems of one source text: missing files, missing sections, retired references. */
export function periksaRujukan(teks: string, berkas: string): string[] {
  const masalah: string[] = [];
  const lokasi = relative(akar, berkas);
  if (POLA_USANG.test(teks)) masalah.push(`${lokasi}: cites a retired design note (${POLA_USANG.exec(teks)?.[0]}); cite a docs/ file and section`);
  for (const m of teks.matchAll(POLA_RUJUKAN)) {
    const jalur = m[1]!;
    const calon = [join(akar, jalur), join(dirname(berkas), jalur), join(akar, 'docs', jalur)];
    const md = calon.find((c) => existsSync(c));
    if (!md) {
      masalah.push(`${lokasi}: ${jalur} does not exist`);
      continue;
    }
    const ada = judul(readFileSync(md, 'utf8'));
    for (const s of (m[2] ?? '').matchAll(/"([^"\n]+)"/g)) {
      if (!adaJudul(ada, s[1]!)) masalah.push(`${lokasi}: ${jalur} has no section "${s[1]}"`);
    }
  }
  return masalah;
}

describe('references to documentation', () => {
  const semua = [...berkasKode(join(akar, 'src')), ...berkasKode(join(akar, 'tests'))].filter((f) => !f.endsWith('rujukan.test.ts'));

  it('every *.md file and section cited in src/ and tests/ exists', () => {
    const masalah = semua.flatMap((f) => periksaRujukan(readFileSync(f, 'utf8'), f));
    expect(masalah).toEqual([]);
  });

  it('the code does cite docs/ (the scan finds the references)', () => {
    const jumlah = semua.reduce((n, f) => n + [...readFileSync(f, 'utf8').matchAll(POLA_RUJUKAN)].length, 0);
    expect(jumlah).toBeGreaterThan(40);
  });

  it('a missing file, a missing section and a retired note are each reported', () => {
    const f = join(akar, 'src/contoh.ts');
    expect(periksaRujukan('// see docs/tidak-ada.md', f)).toEqual(['src/contoh.ts: docs/tidak-ada.md does not exist']);
    expect(periksaRujukan('// see docs/architecture.md "Routing", "Tidak Ada"', f)).toEqual(['src/contoh.ts: docs/architecture.md has no section "Tidak Ada"']);
    expect(periksaRujukan('// see docs/architecture.md "Rout"', f)).toEqual(['src/contoh.ts: docs/architecture.md has no section "Rout"']);
    expect(periksaRujukan('// see docs/architecture.md "Records and"', f)).toEqual([]);
    expect(periksaRujukan('// (DESIGN.md §4)', f)[0]).toMatch(/retired design note/);
    expect(periksaRujukan('// who may write (I7)', f)[0]).toMatch(/retired design note/);
  });
});
