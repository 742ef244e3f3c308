import { describe, expect, it } from 'vitest';
import { dbBaru, pohonPk } from '../db/bantu.ts';
import { sasaranRecord } from '../../../src/views/sinkron/data.ts';
import { idAlami, type Konflik } from '../../../src/domain/schemas.ts';

describe('Sinkron screen labels', () => {
  it('a konflik about a konflik (resolved differently on two devices) names the record it was about', async () => {
    const db = dbBaru();
    const { indikator, opd } = await pohonPk(db, 'a', 1);
    const idReal = idAlami.realisasi(indikator[0]!.id, 'TW4');
    await db.realisasi.put({
      id: idReal,
      rev: 10,
      updatedAt: '2026-11-23T10:00:00.000Z',
      updatedBy: 'a',
      deleted: false,
      indikatorId: indikator[0]!.id,
      opdId: opd.id,
      tahun: 2026,
      periode: 'TW4',
      nilai: 55,
      tdi: false,
      alasanTdi: '',
      masalah: '',
      solusi: '',
      tindakLanjut: '',
      catatan: '',
    } as never);
    const dalam: Konflik = {
      id: idAlami.konflik('realisasi', idReal, 'nilai', 'klien-a:11'),
      rev: 11,
      updatedAt: '2026-11-23T10:00:00.000Z',
      updatedBy: 'server',
      deleted: false,
      tabel: 'realisasi',
      recordId: idReal,
      field: 'nilai',
      nilaiServer: 55,
      nilaiMasuk: 66,
      olehServer: 'a',
      olehMasuk: 'b',
      padaMasuk: '',
      status: 'selesai',
      penyelesaian: 'masuk',
      diselesaikanOleh: 'a',
    };
    await db.konflik.put(dalam);
    const s = await sasaranRecord(db, 'konflik', dalam.id);
    expect(s.label).toBe('Penyelesaian konflik nilai realisasi: Indikator 1 — Triwulan IV 2026 · Disdik');
    expect(s.opdId).toBe(opd.id);
    expect(s.tautan).toContain('#/realisasi?');
    expect((await sasaranRecord(db, 'konflik', idAlami.konflik('x', idReal, 'y', 'klien-a:1'))).label).toBe('Penyelesaian konflik');
  });
});
