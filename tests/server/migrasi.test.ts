/**
 * The migration runner (docs/deployment.md §"Pembaruan"): statements with dollar-quoted bodies
 * ($$ … $$, $tag$ … $tag$), quoted semicolons and comments are split correctly, and all pending
 * migrations apply in ONE transaction: a failing later migration leaves the earlier ones unapplied.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { daftarMigrasi, migrasi, migrasiTertunda, pisahPernyataan } from '../../src/server/db.ts';
import { dbTanpaMigrasi, JENIS } from './bantu.ts';

describe('pisahPernyataan', () => {
  it('keeps $$ bodies, $tag$ bodies, quoted semicolons and comments whole', () => {
    const sql = `-- a comment; with a semicolon
CREATE TABLE a (x text DEFAULT 'satu; dua');
CREATE FUNCTION f() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  PERFORM 1; -- inner ; statement
  RETURN 2;
END;
$$;
DO $body$ BEGIN RAISE NOTICE 'x;y'; END $body$;
/* block ; comment */
SELECT "kolom;aneh" FROM a;
-- trailing comment only`;
    const s = pisahPernyataan(sql);
    expect(s).toHaveLength(4);
    expect(s[0]).toContain(`'satu; dua'`);
    expect(s[1]).toMatch(/^CREATE FUNCTION[\s\S]*RETURN 2;\nEND;\n\$\$$/);
    expect(s[2]).toBe(`DO $body$ BEGIN RAISE NOTICE 'x;y'; END $body$`);
    expect(s[3]).toContain('"kolom;aneh"');
  });

  it('splits every shipped migration into statements that each start with a keyword', () => {
    for (const m of daftarMigrasi()) for (const st of pisahPernyataan(m.sql)) expect(st.replace(/^(--[^\n]*\n|\s)+/, '')).toMatch(/^[A-Z]/);
  });
});

describe.each(JENIS)('migrasi (%s)', (jenis) => {
  const buka = dbTanpaMigrasi(jenis, 'pantau-migrasi-');

  it('applies a $$ function and a DO block; a failing migration rolls back every pending one', async () => {
    const { dbu, dir } = await buka();
    writeFileSync(
      join(dir, '001_a.sql'),
      `CREATE TABLE IF NOT EXISTS uji_a (x int);
CREATE OR REPLACE FUNCTION uji_dua() RETURNS int LANGUAGE plpgsql AS $$
BEGIN
  RETURN 2; -- a semicolon inside
END;
$$;
DO $$ BEGIN INSERT INTO uji_a VALUES (uji_dua()); END $$;
`,
    );
    expect(await migrasi(dbu.db, dir)).toBe(1);
    expect(await dbu.db.query('SELECT x FROM uji_a')).toEqual([{ x: 2 }]);

    writeFileSync(join(dir, '002_b.sql'), 'CREATE TABLE uji_b (y int);\nINSERT INTO uji_b VALUES (1);');
    writeFileSync(join(dir, '003_rusak.sql'), 'INSERT INTO tabel_tidak_ada VALUES (1);');
    expect((await migrasiTertunda(dbu.db, dir)).map((m) => m.versi)).toEqual([2, 3]);
    await expect(migrasi(dbu.db, dir)).rejects.toThrow();
    // 002 rolled back with 003: the database is exactly as before the attempt.
    expect((await migrasiTertunda(dbu.db, dir)).map((m) => m.versi)).toEqual([2, 3]);
    const [t] = await dbu.db.query<{ t: string | null }>(`SELECT to_regclass('uji_b')::text AS t`);
    expect(t!.t).toBeNull();

    rmSync(join(dir, '003_rusak.sql'));
    expect(await migrasi(dbu.db, dir)).toBe(2);
    expect(await migrasiTertunda(dbu.db, dir)).toEqual([]);
  });
});

describe('PGlite durability (docs/deployment.md §"Penyimpanan")', () => {
  it('a commit in a data folder reaches the disk through fsync; PGlite runs without -F', { timeout: 240_000 }, async () => {
    const { bukaPglite, PARAMETER_PGLITE_FSYNC } = await import('../../src/server/db.ts');
    expect(PARAMETER_PGLITE_FSYNC).not.toContain('-F');
    const dir = mkdtempSync(join(tmpdir(), 'pantau-fsync-'));
    try {
      const db = (await bukaPglite(dir)) as Awaited<ReturnType<typeof bukaPglite>> & { jumlahFsync: () => number };
      await db.query('CREATE TABLE t (x int)');
      const sebelum = db.jumlahFsync();
      await db.query('INSERT INTO t VALUES (1)');
      expect(db.jumlahFsync()).toBeGreaterThan(sebelum);
      await db.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
