/**
 * Migration harness (docs/architecture.md "Local storage"): a database written by each earlier schema version, holding
 * unsynced outbox entries, is opened with the current PantauDB class; nothing may be lost.
 * When a version is added to PantauDB, add its predecessor's writer to VERSI_LAMA below.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { Dexie } from 'dexie';
import { PantauDB, SCHEMA_V1 } from '../../../src/db/database.ts';
import { idBaru } from '../../../src/domain/schemas.ts';

const VERSI_LAMA: Array<{ versi: number; buka: (nama: string) => Dexie }> = [
  {
    versi: 1,
    buka: (nama) => {
      const d = new Dexie(nama);
      d.version(1).stores(SCHEMA_V1);
      return d;
    },
  },
];

describe('schema migrations keep the outbox', () => {
  for (const { versi, buka } of VERSI_LAMA) {
    it(`opens a version-${versi} database with pending mutations without losing anything`, async () => {
      const nama = `migrasi-${versi}-${idBaru()}`;
      const lama = buka(nama);
      const opdId = idBaru();
      const now = new Date().toISOString();
      await lama.table('opd').put({
        id: opdId,
        rev: 0,
        updatedAt: now,
        updatedBy: 'a',
        deleted: false,
        kode: '1',
        nama: 'Bappeda',
        singkatan: 'Bappeda',
        jenis: 'badan',
        kepala: { nama: 'X', nip: '', jabatan: 'Kepala', pangkat: '' },
        urutan: 0,
      });
      const mutasi = [1, 2, 3].map((seq) => ({
        id: idBaru(),
        seq,
        table: 'opd',
        key: opdId,
        op: 'put',
        fields: { nama: `Bappeda ${seq}` },
        baseRev: 0,
        at: now,
      }));
      await lama.table('outbox').bulkAdd(mutasi);
      await lama.table('meta').bulkPut([
        { key: 'lastSeq', value: 3 },
        { key: 'clientId', value: 'c-1' },
        { key: 'pullRev', value: 42 },
      ]);
      await lama.table('penolakan').put({ id: `opd:${opdId}`, table: 'opd', key: opdId, reason: 'x', fields: {}, at: now });
      lama.close();

      const baru = new PantauDB(nama);
      await baru.open();
      expect(baru.verno).toBeGreaterThanOrEqual(versi);
      expect(await baru.outbox.orderBy('seq').toArray()).toEqual(mutasi);
      expect((await baru.meta.get('lastSeq'))!.value).toBe(3);
      expect((await baru.meta.get('clientId'))!.value).toBe('c-1');
      expect((await baru.meta.get('pullRev'))!.value).toBe(42);
      expect((await baru.opd.get(opdId))!.nama).toBe('Bappeda');
      expect(await baru.penolakan.count()).toBe(1);
      // Indexes the engine relies on work after the upgrade.
      expect(await baru.outbox.where('[table+key]').equals(['opd', opdId]).count()).toBe(3);
      baru.close();
    });
  }
});
