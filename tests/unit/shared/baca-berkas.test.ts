/**
 * The read rule of evidence files on its own (`bolehBacaBerkas` in src/shared/izin.ts;
 * docs/bukti-dukung.md "Hak baca"): an operator reads what its OPD holds, or what an account able
 * to read it attached to a record of its OPD; nothing follows from a hash an operator named, nor
 * from a chain of attachments. The server's side is tests/server/berkas-lampiran.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { bolehBacaBerkas, type PemegangIzin } from '../../../src/shared/izin.ts';

const X = '01900000-0000-7000-8000-00000000000a';
const Y = '01900000-0000-7000-8000-00000000000b';
const Z = '01900000-0000-7000-8000-00000000000c';
const op = (opdId: string): PemegangIzin => ({ role: 'operator', opdId });
const admin: PemegangIzin = { role: 'admin', opdId: null };

describe('bolehBacaBerkas', () => {
  it('admin, pimpinan and viewer read every file; an operator reads what its OPD holds', () => {
    for (const role of ['admin', 'pimpinan', 'viewer'] as const) expect(bolehBacaBerkas({ role, opdId: null }, [])).toBe(true);
    expect(bolehBacaBerkas(op(X), [X])).toBe(true);
    expect(bolehBacaBerkas(op(X), [Y, null])).toBe(false);
    expect(bolehBacaBerkas({ role: 'operator', opdId: null }, [null])).toBe(false);
  });

  it("an attachment to a record of the operator's OPD counts when its writer could read the file", () => {
    expect(bolehBacaBerkas(op(X), [Y], [{ opdRecord: X, penulis: admin }])).toBe(true);
    expect(bolehBacaBerkas(op(X), [Y], [{ opdRecord: X, penulis: { role: 'viewer', opdId: null } }])).toBe(true);
    // An operator of Y (which holds it) is a writer who could read it.
    expect(bolehBacaBerkas(op(X), [Y], [{ opdRecord: X, penulis: op(Y) }])).toBe(true);
    // The operator itself naming a hash its OPD does not hold, or an operator of another non-holder.
    expect(bolehBacaBerkas(op(X), [Y], [{ opdRecord: X, penulis: op(X) }])).toBe(false);
    expect(bolehBacaBerkas(op(X), [Y], [{ opdRecord: X, penulis: op(Z) }])).toBe(false);
    // Attached to another OPD's record, to no live record, or by nobody known.
    expect(bolehBacaBerkas(op(X), [Y], [{ opdRecord: Z, penulis: admin }])).toBe(false);
    expect(bolehBacaBerkas(op(X), [Y], [{ opdRecord: null, penulis: admin }])).toBe(false);
    expect(bolehBacaBerkas(op(X), [Y], [{ opdRecord: X, penulis: null }])).toBe(false);
  });

  it('no chain: an operator granted by an attachment does not grant others by attaching', () => {
    // Z's operator attached it to a Z record; Z holds nothing, so its own right came from an attachment only.
    expect(bolehBacaBerkas(op(Z), [Y], [{ opdRecord: Z, penulis: admin }])).toBe(true);
    expect(
      bolehBacaBerkas(
        op(X),
        [Y],
        [
          { opdRecord: Z, penulis: admin },
          { opdRecord: X, penulis: op(Z) },
        ],
      ),
    ).toBe(false);
  });
});
