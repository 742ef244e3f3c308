/**
 * Correction paths on the tablet (issue 11 point 5, issue 9 point 5; docs/domain/rakor.md §Koreksi,
 * §Tindak lanjut): each one stored locally with its outbox mutation, ready for the server's rules.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PantauDB } from '../../../src/db/database.ts';
import { idAlami, idBaru, type Opd } from '../../../src/domain/schemas.ts';
import { keadaanArahan } from '../../../src/domain/arahan.ts';
import { batalkanArahan, buatRakor, koreksiArahan, simpanTindakLanjut, tambahArahan } from '../../../src/views/rakor/aksi.ts';
import { opdKembar, simpanOpd, ubahAktifOpd } from '../../../src/views/opd/aksi.ts';
import { arahanRakor } from '../../../src/reports/arahan.ts';

const PEJABAT = { nama: 'Budi', nip: '', jabatan: 'Kepala', pangkat: '' };

describe('corrections on the tablet (IndexedDB)', () => {
  let db: PantauDB;
  beforeEach(async () => {
    db = new PantauDB(`uji-${idBaru()}`);
    await db.open();
  });
  afterEach(async () => {
    await db.delete();
  });

  it('a rakor gets its natural id (tahun, triwulan): creating the same quarter twice meets one record', async () => {
    const a = await buatRakor(db, 2026, 3, [], null, '2026-10-10', 'admin');
    const b = await buatRakor(db, 2026, 3, [], null, '2026-10-12', 'pimpinan');
    expect(a.id).toBe(idAlami.rakor(2026, 3));
    expect(b.id).toBe(a.id);
    expect(await db.rakor.count()).toBe(1);
  });

  it('an arahan is corrected and withdrawn with a reason; the history keeps what it was', async () => {
    const rakor = await buatRakor(db, 2026, 3, [], null, '2026-10-10', 'pimpinan');
    const dinkes = idBaru();
    const a = await tambahArahan(db, rakor.id, { opdId: dinkes, uraian: 'Percepat tender', batasWaktu: '2026-11-10' }, 'pimpinan');
    await expect(koreksiArahan(db, a.id, { uraian: 'x', opdId: null, batasWaktu: '2026-11-10' }, '  ', 'pimpinan')).rejects.toThrow(
      'Alasan koreksi wajib diisi.',
    );
    const k = await koreksiArahan(
      db,
      a.id,
      { uraian: 'Percepat tender semua paket', opdId: null, batasWaktu: '2026-11-30' },
      'Ditujukan ke semua OPD',
      'pimpinan',
      new Date('2026-10-11T02:00:00Z'),
    );
    expect(k).toMatchObject({ uraian: 'Percepat tender semua paket', opdId: null, batasWaktu: '2026-11-30' });
    expect(k.riwayat).toEqual([
      {
        jenis: 'ubah',
        pada: '2026-10-11T02:00:00.000Z',
        oleh: 'pimpinan',
        alasan: 'Ditujukan ke semua OPD',
        sebelum: { uraian: 'Percepat tender', opdId: dinkes, batasWaktu: '2026-11-10' },
      },
    ]);
    const outbox = await db.outbox.orderBy('seq').toArray();
    expect(outbox.at(-1)!.fields).toMatchObject({ opdId: null, riwayat: k.riwayat });
    const h = await batalkanArahan(db, a.id, 'Dobel dengan arahan lain', 'pimpinan');
    expect(h).toMatchObject({ dibatalkan: true, deleted: false });
    expect(h.riwayat.map((r) => r.jenis)).toEqual(['ubah', 'hapus']);
    // Withdrawn: gone from the meeting's list, kept in the database.
    expect(arahanRakor(await db.arahan.toArray(), rakor.id, '2026-10-12')).toEqual([]);
    expect(await db.arahan.count()).toBe(1);
  });

  it('each addressee keeps its own follow-up; the arahan to all closes only when every OPD has', async () => {
    const rakor = await buatRakor(db, 2026, 3, [], null, '2026-10-10', 'pimpinan');
    const opd = ['Dinkes', 'Disdik'].map((n) => ({ id: idBaru(), nama: n, singkatan: n, jenis: 'dinas', aktif: true, deleted: false }) as Opd);
    const a = await tambahArahan(db, rakor.id, { opdId: null, uraian: 'Lapor tepat waktu', batasWaktu: '2026-11-10' }, 'pimpinan');
    const t1 = await simpanTindakLanjut(db, a.id, opd[0]!.id, { uraian: 'Sudah', status: 'selesai' }, 'op-dinkes');
    expect(t1.id).toBe(idAlami.tindakLanjutArahan(a.id, opd[0]!.id));
    let tl = await db.tindakLanjutArahan.toArray();
    expect(keadaanArahan(a, opd, tl)).toMatchObject({ status: 'proses', terbuka: [opd[1]!.id] });
    await simpanTindakLanjut(db, a.id, opd[1]!.id, { uraian: 'Sudah juga', status: 'selesai' }, 'op-disdik');
    tl = await db.tindakLanjutArahan.toArray();
    expect(keadaanArahan(a, opd, tl)).toMatchObject({ status: 'selesai', terbuka: [] });
    // Disdik's follow-up did not overwrite Dinkes'.
    expect((await db.tindakLanjutArahan.get(t1.id))?.uraian).toBe('Sudah');
  });

  it('OPD kode and singkatan are unique per pemda; an OPD is deactivated, not deleted', async () => {
    const isi = { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas' as const, urutan: 1, kepala: PEJABAT };
    expect(await simpanOpd(db, null, isi, 'admin')).toBeNull();
    expect(await simpanOpd(db, null, { ...isi, nama: 'Dinas Lain', kode: ' 1.02 ', singkatan: 'dinkes' }, 'admin')).toEqual({
      kode: 'Kode sudah dipakai Dinas Kesehatan',
      singkatan: 'Singkatan sudah dipakai Dinas Kesehatan',
    });
    const [o] = await db.opd.toArray();
    // Editing the same OPD keeps its own kode.
    expect(opdKembar(await db.opd.toArray(), o!.id, isi)).toBeNull();
    await ubahAktifOpd(db, o!.id, false, 'admin');
    expect(await db.opd.get(o!.id)).toMatchObject({ aktif: false, deleted: false });
    expect((await db.outbox.orderBy('seq').toArray()).at(-1)).toMatchObject({ op: 'put', fields: { aktif: false } });
  });
});
