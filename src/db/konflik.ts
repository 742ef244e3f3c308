/**
 * Resolving a same-field conflict kept by the server (issue 9 §2; docs/sync-protocol.md "Resolving a
 * konflik"): one tap picks the server value or the incoming one.
 *
 * The resolution is ONE mutation, a put on the konflik `{ status: 'selesai', penyelesaian }`: the
 * server writes the chosen value into the record and closes the konflik in one transaction, and
 * refuses both when this account may not write that record. So the record itself gets no outbox
 * entry here. Offline: the choice is queued and applied at push time; meanwhile the local copy
 * already shows the chosen value, and whatever the server answers, its record is fetched again
 * (src/db/outbox.ts), so a refused choice never leaves the screen showing a value the server lacks.
 */
import { NAMA_TABEL, recordSchemas, type NamaTabel } from '../domain/schemas.ts';
import { periksaIzin, type PemegangIzin } from '../shared/izin.ts';
import type { PantauDB } from './database.ts';
import { pesanPerField, simpan, tabelTulis, ValidasiError } from './repo.ts';

/**
 * Queue the resolution of konflik `konflikId` and show its outcome locally (one rw transaction).
 * Throws an Indonesian Error when the konflik is unknown or closed, when the incoming value cannot
 * be restored (a deleted record), or a ValidasiError when that value no longer fits the record.
 */
export async function selesaikanKonflik(db: PantauDB, konflikId: string, pilihan: 'server' | 'masuk', oleh: string, now: Date = new Date()): Promise<void> {
  await db.transaction('rw', tabelTulis(db), async () => {
    const k = await db.konflik.get(konflikId);
    if (!k || k.deleted) throw new Error('Konflik tidak ditemukan.');
    if (k.status === 'selesai') throw new Error('Konflik ini sudah diselesaikan.');
    if (pilihan === 'masuk') {
      if (k.field === '_deleted')
        throw new Error(
          'Data ini sudah dihapus di server; nilai yang masuk tidak dapat dipulihkan ke data yang terhapus. Buat data baru bila masih diperlukan.',
        );
      if (!(NAMA_TABEL as string[]).includes(k.tabel)) throw new Error('Tabel konflik tidak dikenal.');
      const tabel = k.tabel as NamaTabel;
      const rec = (await db.table(tabel).get(k.recordId)) as Record<string, unknown> | undefined;
      if (!rec || rec.deleted) throw new Error('Data yang berkonflik tidak ada lagi di perangkat ini.');
      const p = recordSchemas[tabel].safeParse({ ...rec, [k.field]: k.nilaiMasuk ?? null });
      if (!p.success) throw new ValidasiError(pesanPerField(p.error));
      // Shown at once; the server writes the same value when it applies the resolution.
      await db.table(tabel).put(p.data);
    }
    await simpan(db, 'konflik', k.id, { status: 'selesai', penyelesaian: pilihan, diselesaikanOleh: oleh }, oleh, now);
  });
}

/**
 * Whether this account may resolve konflik `k`: the server's own rule (src/shared/izin.ts), asked
 * about writing the konflik's field of its record as stored on this device. The Sinkron screen
 * offers the choice only when this is true.
 */
export async function bolehSelesaikan(db: PantauDB, user: PemegangIzin, k: { tabel: string; recordId: string; field: string }): Promise<boolean> {
  if (!(NAMA_TABEL as string[]).includes(k.tabel) || k.tabel === 'konflik') return false;
  const tabel = k.tabel as NamaTabel;
  const rec = ((await db.table(tabel).get(k.recordId)) as Record<string, unknown> | undefined) ?? null;
  if (!rec) return user.role === 'admin';
  const opdInduk = async (t: NamaTabel, id: unknown): Promise<string | null> => {
    if (typeof id !== 'string') return null;
    if (t === 'opd') return id;
    const r = (await db.table(t).get(id)) as { opdId?: unknown } | undefined;
    return typeof r?.opdId === 'string' ? r.opdId : null;
  };
  return (await periksaIzin({ user, table: tabel, op: 'put', lama: rec, baru: rec, berubah: [k.field], opdInduk })) === null;
}
