import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PantauDB } from '../../../src/db/database.ts';
import { ValidasiError } from '../../../src/db/repo.ts';
import { idAlami, idBaru } from '../../../src/domain/schemas.ts';
import { ajukan, kembalikanKeDraf, simpanIsian, verifikasi } from '../../../src/views/laporan/aksi.ts';
import { bacaDraf, hapusDraf, tulisDraf, type PenyimpanTeks } from '../../../src/lib/draf-lokal.ts';

const OPD = idBaru();
let db: PantauDB;
beforeEach(async () => {
  db = new PantauDB(`uji-${idBaru()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

describe('laporan writes', () => {
  it('saves texts, submits, verifies and returns to draft on one natural key', async () => {
    const id = idAlami.laporan(OPD, 2026, 3);
    await simpanIsian(db, OPD, 2026, 3, { faktorPendorong: 'Dukungan DAK' }, 'op');
    await simpanIsian(db, OPD, 2026, 3, { faktorPenghambat: 'Lelang gagal' }, 'op');
    expect(await db.laporan.get(id)).toMatchObject({ faktorPendorong: 'Dukungan DAK', faktorPenghambat: 'Lelang gagal', status: 'draft' });
    await ajukan(db, OPD, 2026, 3, 'op', new Date('2026-10-05T02:00:00Z'));
    expect(await db.laporan.get(id)).toMatchObject({ status: 'diajukan', diajukanPada: '2026-10-05T02:00:00.000Z' });
    await verifikasi(db, OPD, 2026, 3, 'Lengkap', 'admin');
    expect(await db.laporan.get(id)).toMatchObject({ status: 'diverifikasi', catatanVerifikasi: 'Lengkap' });
    await kembalikanKeDraf(db, OPD, 2026, 3, 'Perbaiki tindak lanjut', 'admin');
    expect(await db.laporan.get(id)).toMatchObject({ status: 'draft', catatanVerifikasi: 'Perbaiki tindak lanjut', faktorPendorong: 'Dukungan DAK' });
  });
  it('refuses over-long text with a message and keeps the stored text', async () => {
    await simpanIsian(db, OPD, 2026, 1, { tindakLanjut: 'ok' }, 'op');
    await expect(simpanIsian(db, OPD, 2026, 1, { tindakLanjut: 'x'.repeat(4001) }, 'op')).rejects.toBeInstanceOf(ValidasiError);
    expect((await db.laporan.get(idAlami.laporan(OPD, 2026, 1)))?.tindakLanjut).toBe('ok');
  });
});

describe('draf lokal', () => {
  const mem = (): PenyimpanTeks & { m: Map<string, string> } => {
    const m = new Map<string, string>();
    return { m, getItem: (k) => m.get(k) ?? null, setItem: (k, v) => void m.set(k, v), removeItem: (k) => void m.delete(k) };
  };
  it('restores an unsaved copy and drops one equal to the stored text', () => {
    const s = mem();
    tulisDraf(s, 'r1', 'faktorPendorong', 'setengah diketik');
    expect(bacaDraf(s, 'r1', 'faktorPendorong', '')).toBe('setengah diketik');
    expect(bacaDraf(s, 'r1', 'faktorPendorong', 'setengah diketik')).toBeNull();
    expect(s.m.size).toBe(0);
    tulisDraf(s, 'r1', 'x', 'a');
    hapusDraf(s, 'r1', 'x');
    expect(bacaDraf(s, 'r1', 'x', '')).toBeNull();
  });
  it('survives a storage that throws', () => {
    const rusak: PenyimpanTeks = {
      getItem: () => null,
      setItem: () => {
        throw new Error('QuotaExceededError');
      },
      removeItem: () => {},
    };
    expect(() => tulisDraf(rusak, 'r', 'f', 't')).not.toThrow();
    expect(bacaDraf(null, 'r', 'f', '')).toBeNull();
  });
});
