/**
 * Per-value sync status (DESIGN.md §4: "saved locally / synced / conflict / rejected"), computed from
 * the local database only, so it works offline and inside `langsung(...)` (it re-runs on every write
 * to the tables it reads).
 */
import type { NamaTabel } from '../domain/schemas.ts';
import type { PantauDB } from './database.ts';

export type StatusNilai = 'lokal' | 'tersinkron' | 'konflik' | 'ditolak';

export interface InfoStatus {
  status: StatusNilai;
  alasan?: string;
}

/**
 * Status of every record of `table`, by id. Precedence: rejected > conflict > pending in the outbox
 * (or never synced) > synced. Deleted records are left out.
 */
export async function statusPerRecord(db: PantauDB, table: NamaTabel): Promise<Map<string, InfoStatus>> {
  const [records, tertunda, ditolak, konflik] = await Promise.all([
    db.table(table).toArray() as Promise<Array<{ id: string; rev?: number; deleted?: boolean }>>,
    db.outbox.where('[table+key]').between([table, ''], [table, '\uffff']).toArray(),
    db.penolakan.where('[table+key]').between([table, ''], [table, '\uffff']).toArray(),
    db.konflik.where('status').equals('terbuka').filter((k) => !k.deleted && k.tabel === table).toArray(),
  ]);
  const out = new Map<string, InfoStatus>();
  for (const r of records) {
    if (r.deleted) continue;
    out.set(r.id, { status: (r.rev ?? 0) > 0 ? 'tersinkron' : 'lokal' });
  }
  for (const m of tertunda) if (out.has(m.key)) out.set(m.key, { status: 'lokal' });
  for (const k of konflik) {
    if (out.has(k.recordId)) out.set(k.recordId, { status: 'konflik', alasan: `Nilai berbeda pada ${k.field} (oleh ${k.olehMasuk || 'pengguna lain'})` });
  }
  for (const p of ditolak) if (out.has(p.key)) out.set(p.key, { status: 'ditolak', alasan: p.reason });
  return out;
}
