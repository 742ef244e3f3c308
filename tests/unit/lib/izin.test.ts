import { describe, expect, it } from 'vitest';
import { alasanHanyaBaca, bolehIsiOpd, opdTetap } from '../../../src/lib/izin.ts';
import { kunciPeriodeSchema } from '../../../src/domain/schemas.ts';

const A = '01900000-0000-7000-8000-000000000001';
const B = '01900000-0000-7000-8000-000000000002';
const kunci = kunciPeriodeSchema.parse({ id: A, tahun: 2026, triwulan: 3, terkunci: true, oleh: 'admin', updatedAt: '2026-10-01T00:00:00Z' });

describe('izin', () => {
  it('mirrors the server roles', () => {
    expect(bolehIsiOpd({ role: 'admin', opdId: null }, A)).toBe(true);
    expect(bolehIsiOpd({ role: 'operator', opdId: A }, A)).toBe(true);
    expect(bolehIsiOpd({ role: 'operator', opdId: A }, B)).toBe(false);
    expect(bolehIsiOpd({ role: 'pimpinan', opdId: null }, A)).toBe(false);
    expect(bolehIsiOpd({ role: 'viewer', opdId: null }, A)).toBe(false);
    expect(bolehIsiOpd(null, A)).toBe(false);
  });
  it('a locked period is read-only for every role, admin included', () => {
    expect(alasanHanyaBaca({ role: 'admin', opdId: null }, A, kunci)).toBe('terkunci');
    expect(alasanHanyaBaca({ role: 'admin', opdId: null }, A, { ...kunci, terkunci: false })).toBeNull();
    expect(alasanHanyaBaca({ role: 'viewer', opdId: null }, A, null)).toBe('peran');
  });
  it('operators are tied to their OPD', () => {
    expect(opdTetap({ role: 'operator', opdId: A })).toBe(A);
    expect(opdTetap({ role: 'admin', opdId: null })).toBeNull();
  });
});
