import { describe, expect, it } from 'vitest';
import { dbBaru, pohonPk } from '../db/bantu.ts';
import { statusPerRecord, uraianKonflik } from '../../../src/lib/status-nilai.ts';
import { idAlami, type Konflik } from '../../../src/domain/schemas.ts';

function konflik(recordId: string, field: string, nilaiServer: unknown, olehServer: string, nilaiMasuk: unknown, olehMasuk: string, rev: number): Konflik {
  return {
    id: idAlami.konflik('realisasi', recordId, field, `uji:${rev}`),
    rev,
    updatedAt: '2026-11-23T10:00:00.000Z',
    updatedBy: 'server',
    deleted: false,
    tabel: 'realisasi',
    recordId,
    field,
    nilaiServer,
    nilaiMasuk,
    olehServer,
    olehMasuk,
    padaMasuk: '',
    status: 'terbuka',
    penyelesaian: null,
    diselesaikanOleh: '',
  };
}

describe('konflik shown next to a value', () => {
  it('names both values and both authors with readable field names (not "Nilai berbeda pada nilai")', () => {
    expect(uraianKonflik({ field: 'nilai', nilaiServer: 55, olehServer: 'op-dinkes', nilaiMasuk: 66.5, olehMasuk: 'admin' })).toBe(
      'Nilai tersimpan 55 (op-dinkes), masuk 66,5 (admin)',
    );
    expect(uraianKonflik({ field: 'masalah', nilaiServer: '', olehServer: '', nilaiMasuk: 'Dana terlambat', olehMasuk: '' })).toBe(
      'Masalah tersimpan (kosong) (server), masuk “Dana terlambat” (perangkat lain)',
    );
    expect(uraianKonflik({ field: 'tdi', nilaiServer: false, olehServer: 'a', nilaiMasuk: true, olehMasuk: 'b' })).toBe(
      'TDI tersimpan tidak (a), masuk ya (b)',
    );
    expect(uraianKonflik({ field: '_deleted', nilaiServer: true, olehServer: 'admin', nilaiMasuk: { nilai: 3 }, olehMasuk: 'op-dinkes' })).toMatch(
      /dihapus di server oleh admin/,
    );
  });

  it('statusPerRecord lists every open konflik of a record, skipping resolved ones', async () => {
    const db = dbBaru();
    const { indikator, opd } = await pohonPk(db, 'a', 1);
    const id = idAlami.realisasi(indikator[0]!.id, 'TW4');
    await db.realisasi.put({
      id,
      rev: 10,
      updatedAt: '2026-11-23T10:00:00.000Z',
      updatedBy: 'op-dinkes',
      deleted: false,
      indikatorId: indikator[0]!.id,
      opdId: opd.id,
      tahun: 2026,
      periode: 'TW4',
      nilai: 55,
      tdi: false,
      alasanTdi: '',
      masalah: 'A',
      solusi: '',
      tindakLanjut: '',
      catatan: '',
    } as never);
    await db.konflik.bulkPut([
      konflik(id, 'nilai', 55, 'op-dinkes', 66.5, 'admin', 11),
      konflik(id, 'masalah', 'A', 'op-dinkes', 'B', 'admin', 12),
      { ...konflik(id, 'solusi', 'x', 'op-dinkes', 'y', 'admin', 13), status: 'selesai' },
    ]);
    const s = (await statusPerRecord(db, 'realisasi')).get(id);
    expect(s?.status).toBe('konflik');
    expect(s?.alasan).toBe('Nilai tersimpan 55 (op-dinkes), masuk 66,5 (admin); Masalah tersimpan “A” (op-dinkes), masuk “B” (admin)');
  });
});
