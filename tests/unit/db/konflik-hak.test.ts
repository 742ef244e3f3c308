/**
 * The Sinkron screen offers a konflik's resolution only to whoever may write that field of that
 * record (issue 9 §2): `bolehSelesaikan` asks the server's own rule (src/shared/izin.ts) about the
 * copy on this device. Seen before: a pimpinan was offered "Pakai nilai masuk" on a realisasi it may
 * not write; the konflik closed while the value was never written.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { bolehSelesaikan } from '../../../src/db/konflik.ts';
import { idAlami, idBaru } from '../../../src/domain/schemas.ts';
import { simpan } from '../../../src/db/repo.ts';
import { dbBaru, pohonPk } from './bantu.ts';

describe('who is offered a konflik resolution', () => {
  it('admin and the owning OPD operator for realisasi; not a pimpinan, a viewer or another OPD', async () => {
    const db = dbBaru();
    const { opd, indikator } = await pohonPk(db, 'admin', 1);
    const key = idAlami.realisasi(indikator[0]!.id, 'TW1');
    await simpan(db, 'realisasi', key, { indikatorId: indikator[0]!.id, opdId: opd.id, tahun: 2026, periode: 'TW1', nilai: 33 }, 'admin');
    const k = { tabel: 'realisasi', recordId: key, field: 'nilai' };
    expect(await bolehSelesaikan(db, { role: 'admin', opdId: null }, k)).toBe(true);
    expect(await bolehSelesaikan(db, { role: 'operator', opdId: opd.id }, k)).toBe(true);
    expect(await bolehSelesaikan(db, { role: 'operator', opdId: idBaru() }, k)).toBe(false);
    expect(await bolehSelesaikan(db, { role: 'pimpinan', opdId: null }, k)).toBe(false);
    expect(await bolehSelesaikan(db, { role: 'viewer', opdId: null }, k)).toBe(false);
  });

  it('a pimpinan resolves konflik on rakor and arahan; an operator only the follow-up fields of an arahan', async () => {
    const db = dbBaru();
    const rakorId = idBaru();
    const arahanId = idBaru();
    const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };
    await simpan(db, 'rakor', rakorId, { tahun: 2026, triwulan: 3, tanggal: '2026-10-20', tempat: 'Aula', pimpinan: PEJABAT }, 'admin');
    await simpan(db, 'arahan', arahanId, { rakorId, opdId: null, uraian: 'Percepat realisasi', batasWaktu: '2026-11-30' }, 'admin');
    const opdId = idBaru();
    expect(await bolehSelesaikan(db, { role: 'pimpinan', opdId: null }, { tabel: 'rakor', recordId: rakorId, field: 'tempat' })).toBe(true);
    expect(await bolehSelesaikan(db, { role: 'operator', opdId }, { tabel: 'arahan', recordId: arahanId, field: 'tindakLanjut' })).toBe(true);
    expect(await bolehSelesaikan(db, { role: 'operator', opdId }, { tabel: 'arahan', recordId: arahanId, field: 'uraian' })).toBe(false);
    // A konflik about a konflik does not exist; nobody is offered one.
    expect(await bolehSelesaikan(db, { role: 'admin', opdId: null }, { tabel: 'konflik', recordId: idBaru(), field: 'status' })).toBe(false);
  });
});
