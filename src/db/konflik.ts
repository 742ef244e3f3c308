/**
 * Resolving a same-field conflict kept by the server (docs/architecture.md "Conflicts and rejections"): one tap picks the server value
 * or the incoming one. Offline: the choice is a local write (record + konflik status in one
 * transaction), pushed later; the other tablet sees the konflik closed after its next pull.
 */
import type { NamaTabel } from '../domain/schemas.ts';
import { NAMA_TABEL } from '../domain/schemas.ts';
import type { PantauDB } from './database.ts';
import { simpanBanyak, type Tulisan } from './repo.ts';

export async function selesaikanKonflik(db: PantauDB, konflikId: string, pilihan: 'server' | 'masuk', oleh: string, now: Date = new Date()): Promise<void> {
  const k = await db.konflik.get(konflikId);
  if (!k || k.deleted) throw new Error('Konflik tidak ditemukan.');
  if (k.status === 'selesai') throw new Error('Konflik ini sudah diselesaikan.');
  const writes: Tulisan[] = [];
  if (pilihan === 'masuk') {
    if (k.field === '_deleted') throw new Error('Data ini sudah dihapus di server; nilai yang masuk tidak dapat dipulihkan ke data yang terhapus. Buat data baru bila masih diperlukan.');
    if (!(NAMA_TABEL as string[]).includes(k.tabel)) throw new Error('Tabel konflik tidak dikenal.');
    const tabel = k.tabel as NamaTabel;
    const rec = await db.table(tabel).get(k.recordId);
    if (!rec || rec.deleted) throw new Error('Data yang berkonflik tidak ada lagi di perangkat ini.');
    writes.push({ table: tabel, id: k.recordId, fields: { [k.field]: k.nilaiMasuk } } as Tulisan);
  }
  writes.push({ table: 'konflik', id: k.id, fields: { status: 'selesai', penyelesaian: pilihan, diselesaikanOleh: oleh } });
  await simpanBanyak(db, writes, oleh, now);
}
