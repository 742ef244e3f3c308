/**
 * Per-value sync status (docs/architecture.md "Per-value sync status"), computed from
 * the local database only, so it works offline and inside `langsung(...)` (it re-runs on every write
 * to the tables it reads).
 */
import type { Konflik, NamaTabel } from '../domain/schemas.ts';
import { formatAngka } from './format.ts';
import type { PantauDB } from '../db/database.ts';
import type { KodePenolakan } from '../shared/penolakan.ts';

export type StatusNilai = 'lokal' | 'tersinkron' | 'konflik' | 'ditolak';

export interface InfoStatus {
  status: StatusNilai;
  alasan?: string;
  /** A rejection's machine code (src/shared/penolakan.ts): the UI decides by it, never by `alasan`. */
  kode?: KodePenolakan;
}

/** Field names as the user reads them next to a value (the grids' columns and detail panel). */
const LABEL_FIELD: Record<string, string> = {
  nilai: 'Nilai',
  tdi: 'TDI',
  alasanTdi: 'Alasan TDI',
  masalah: 'Masalah',
  solusi: 'Solusi',
  tindakLanjut: 'Tindak lanjut',
  catatan: 'Catatan',
  keuangan: 'Realisasi keuangan',
  fisik: 'Realisasi fisik',
  _deleted: 'Data',
};

function tampil(v: unknown): string {
  if (v === null || v === undefined || v === '') return '(kosong)';
  if (typeof v === 'number') return formatAngka(v);
  if (typeof v === 'boolean') return v ? 'ya' : 'tidak';
  if (typeof v === 'string') return v.length > 40 ? `“${v.slice(0, 40)}…”` : `“${v}”`;
  return '(diubah)';
}

/**
 * One line per open konflik that names both values and who wrote them, e.g.
 * "Nilai tersimpan 55 (op-dinkes), masuk 66,5 (admin)": nothing is lost, and the user sees what to pick.
 */
export function uraianKonflik(k: Pick<Konflik, 'field' | 'nilaiServer' | 'olehServer' | 'nilaiMasuk' | 'olehMasuk'>): string {
  if (k.field === '_deleted')
    return `Data sudah dihapus di server${k.olehServer ? ` oleh ${k.olehServer}` : ''}; perubahan ${k.olehMasuk || 'dari perangkat lain'} disimpan`;
  const label = LABEL_FIELD[k.field] ?? k.field;
  return `${label} tersimpan ${tampil(k.nilaiServer)} (${k.olehServer || 'server'}), masuk ${tampil(k.nilaiMasuk)} (${k.olehMasuk || 'perangkat lain'})`;
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
    db.konflik
      .where('status')
      .equals('terbuka')
      .filter((k) => !k.deleted && k.tabel === table)
      .toArray(),
  ]);
  const out = new Map<string, InfoStatus>();
  for (const r of records) {
    if (r.deleted) continue;
    out.set(r.id, { status: (r.rev ?? 0) > 0 ? 'tersinkron' : 'lokal' });
  }
  for (const m of tertunda) if (out.has(m.key)) out.set(m.key, { status: 'lokal' });
  for (const k of konflik.sort((a, b) => a.rev - b.rev)) {
    if (!out.has(k.recordId)) continue;
    const lain = out.get(k.recordId);
    const alasan = uraianKonflik(k);
    out.set(k.recordId, { status: 'konflik', alasan: lain?.status === 'konflik' && lain.alasan ? `${lain.alasan}; ${alasan}` : alasan });
  }
  for (const p of ditolak) if (out.has(p.key)) out.set(p.key, { status: 'ditolak', alasan: p.reason, ...(p.kode ? { kode: p.kode } : {}) });
  return out;
}
