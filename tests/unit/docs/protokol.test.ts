/**
 * docs/sync-protocol.md against the code: every "Wire schemas" table lists exactly the fields of its
 * Zod schema in src/shared/protocol.ts (optional ones marked "?"), the result statuses match the
 * discriminated union, every error code the server can send is in "Error codes" (and no other), and
 * the limits quoted are the constants in force. A change to the protocol that forgets its document
 * fails here.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as protokol from '../../../src/shared/protocol.ts';
import { AMBANG_GZIP } from '../../../src/sync/client.ts';

const akar = fileURLToPath(new URL('../../../', import.meta.url));
const dok = readFileSync(join(akar, 'docs/sync-protocol.md'), 'utf8');

/** The section under `### … (`nameSchema`)`: its table's first column (backticked names). */
function tabelSkema(): Map<string, string[][]> {
  const out = new Map<string, string[][]>();
  const bagian = dok.split(/^### /m).slice(1);
  for (const b of bagian) {
    const nama = /^[^\n]*\(`(\w+Schema)`\)/.exec(b)?.[1];
    if (!nama) continue;
    const baris = b
      .split(/^## /m)[0]!
      .split('\n')
      .filter((l) => l.startsWith('| `'))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((s) => s.trim()),
      );
    out.set(nama, baris);
  }
  return out;
}

const tabel = tabelSkema();
type Bentuk = { shape: Record<string, z.ZodType> };
const skema = protokol as unknown as Record<string, unknown>;

describe('docs/sync-protocol.md "Wire schemas" = src/shared/protocol.ts', () => {
  it('documents every exported object schema of the protocol', () => {
    const objek = Object.entries(skema)
      .filter(([k, v]) => k.endsWith('Schema') && v && typeof v === 'object' && 'shape' in v)
      .map(([k]) => k)
      .filter((k) => !['userCreateSchema', 'userUpdateSchema'].includes(k)); // documented in prose under "Users (admin only)"
    expect(objek.length).toBeGreaterThan(8);
    for (const k of objek) expect([...tabel.keys()], `${k} has no table in docs/sync-protocol.md`).toContain(k);
  });

  for (const [nama, baris] of tabel) {
    if (nama === 'mutationResultSchema') continue;
    it(`${nama}: the documented fields are the schema's fields`, () => {
      const s = skema[nama] as Bentuk | undefined;
      expect(s, `${nama} is not exported by src/shared/protocol.ts`).toBeDefined();
      const didok = baris.map(([f]) => f!.replace(/`/g, ''));
      const diharap = Object.entries(s!.shape).map(([k, v]) => ((v as { def?: { type?: string } }).def?.type === 'optional' ? `${k}?` : k));
      expect(didok.sort()).toEqual(diharap.sort());
    });
  }

  it('the result statuses and their fields are the discriminated union', () => {
    const opsi = (protokol.mutationResultSchema as unknown as { options: Bentuk[] }).options;
    const kode = opsi.map((o) => [(o.shape.status as unknown as { value: string }).value, Object.keys(o.shape).sort().join(',')]);
    const didok = tabel.get('mutationResultSchema')!.map(([s, f]) => [
      s!.replace(/`/g, ''),
      f!
        .replace(/`/g, '')
        .split(',')
        .map((x) => x.trim())
        .sort()
        .join(','),
    ]);
    expect(didok.sort()).toEqual(kode.sort());
  });

  it('the limits quoted are the constants in force', () => {
    expect(dok).toContain(`≤ ${protokol.MAKS_MUTASI_PER_PUSH} mutations per push`);
    expect(dok).toContain(`\`limit\` ≤ ${protokol.MAKS_PULL_LIMIT}`);
    expect(dok).toContain(`longer than ${AMBANG_GZIP} characters`);
    expect(protokol.MAKS_BYTE_PUSH).toBe(1024 * 1024);
    expect(dok).toContain('a push body ≤ 1 MiB');
  });
});

describe('docs/sync-protocol.md "Error codes" = the codes the server sends', () => {
  function kodeServer(): Set<string> {
    const out = new Set<string>();
    const dir = join(akar, 'src/server');
    const berkas = [
      ...readdirSync(dir)
        .filter((f) => f.endsWith('.ts'))
        .map((f) => join(dir, f)),
      join(akar, 'src/shared/protocol.ts'),
    ];
    for (const f of berkas) {
      const teks = readFileSync(f, 'utf8');
      for (const m of teks.matchAll(/galat(?:Json)?\(\s*c,\s*[^,]+,\s*'([a-z_0-9]+)'/g)) out.add(m[1]!);
      // `code: 'custom'` is a Zod issue code (env.ts), not an answer of the API.
      for (const m of teks.matchAll(/code:\s*(?:z\.literal\()?'([a-z_0-9]+)'/g)) if (m[1] !== 'custom') out.add(m[1]!);
    }
    return out;
  }
  function kodeDok(): Set<string> {
    const bagian = dok.split(/^## Error codes$/m)[1] ?? '';
    return new Set([...bagian.matchAll(/^\| `([a-z_0-9]+)` \|/gm)].map((m) => m[1]!));
  }

  it('every code in the server is documented, and every documented code exists', () => {
    const server = kodeServer();
    expect(server.size).toBeGreaterThan(10);
    expect([...kodeDok()].sort()).toEqual([...server].sort());
  });
});
