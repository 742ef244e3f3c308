/**
 * A pull page's change (src/shared/protocol.ts `changeSchema`; docs/sync-protocol.md "Wire
 * schemas"): its record must be a JSON object or null, and is kept as parsed, not copied key by key
 * (issue 17 §5: copying every record was a third of a page's validation on the tablet).
 */
import { describe, expect, it } from 'vitest';
import { pullResponseSchema } from '../../../src/shared/protocol.ts';

const KEY = '0191f2a0-0000-7000-8000-000000000001';
const halaman = (record: unknown) => ({ changes: [{ table: 'opd', key: KEY, rev: 1, deleted: false, record }], next: 1, more: false });

describe('changeSchema.record', () => {
  it('accepts an object or null (a purged tombstone)', () => {
    expect(pullResponseSchema.safeParse(halaman({ nama: 'Dinas Kesehatan' })).success).toBe(true);
    expect(pullResponseSchema.safeParse(halaman(null)).success).toBe(true);
  });

  it.each([[[]], ['Dinas'], [5], [true], [undefined]])('refuses %j', (record) => {
    const r = pullResponseSchema.safeParse(halaman(record));
    expect(r.success).toBe(false);
  });

  it('keeps the parsed record object itself, unknown fields included', () => {
    const record = { nama: 'Dinas Kesehatan', medanBaru: { a: 1 } };
    const r = pullResponseSchema.parse(halaman(record));
    expect(r.changes[0]!.record).toBe(record);
  });
});
