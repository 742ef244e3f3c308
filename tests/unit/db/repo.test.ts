import { describe, expect, it } from 'vitest';
import { dbBaru, pohonPk, PEJABAT } from './bantu.ts';
import { hapus, PenyimpananPenuhError, simpan, simpanBanyak, ValidasiError } from '../../../src/db/repo.ts';
import { statusPerRecord } from '../../../src/lib/status-nilai.ts';
import { idAlami } from '../../../src/domain/schemas.ts';

describe('simpan / hapus', () => {
  it('stores the record and its outbox mutation with contiguous seqs, only changed fields', async () => {
    const db = dbBaru();
    const opd = await simpan(db, 'opd', null, { kode: '1', nama: 'Bappeda', singkatan: 'Bappeda', jenis: 'badan', kepala: PEJABAT }, 'a');
    await simpan(db, 'opd', opd.id, { nama: 'Badan Perencanaan' }, 'a');
    await simpan(db, 'opd', opd.id, { nama: 'Badan Perencanaan' }, 'a'); // no change → no mutation
    const out = await db.outbox.orderBy('seq').toArray();
    expect(out.map((m) => m.seq)).toEqual([1, 2]);
    expect(out[1]!.fields).toEqual({ nama: 'Badan Perencanaan' });
    expect(out[0]!.fields).toMatchObject({ kode: '1', jenis: 'badan' });
    for (const f of ['id', 'rev', 'updatedAt', 'updatedBy', 'deleted']) expect(out[0]!.fields).not.toHaveProperty(f);
    await hapus(db, 'opd', opd.id, 'a');
    expect((await db.opd.get(opd.id))!.deleted).toBe(true);
    expect((await db.outbox.get(3))!.op).toBe('delete');
  });

  it('throws ValidasiError with Indonesian per-field messages and stores nothing', async () => {
    const db = dbBaru();
    const e = await simpan(db, 'opd', null, { kode: '', nama: 'X', singkatan: 'X', jenis: 'dinas', kepala: PEJABAT }, 'a').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidasiError);
    expect((e as ValidasiError).fields.kode).toBe('Wajib diisi');
    expect(await db.opd.count()).toBe(0);
    expect(await db.outbox.count()).toBe(0);
  });
});

describe('simpanBanyak', () => {
  it('writes all in one transaction, or nothing when one write is invalid', async () => {
    const db = dbBaru();
    const { opd, indikator } = await pohonPk(db);
    const sebelum = await db.outbox.count();
    const i0 = indikator[0]!;
    const bad = await simpanBanyak(
      db,
      [
        { table: 'realisasi', id: idAlami.realisasi(i0.id, 'TW1'), fields: { indikatorId: i0.id, opdId: opd.id, tahun: 2026, periode: 'TW1', nilai: 10 } },
        {
          table: 'realisasi',
          id: idAlami.realisasi(i0.id, 'TW2'),
          fields: { indikatorId: i0.id, opdId: opd.id, tahun: 2026, periode: 'TW2', tdi: true, alasanTdi: '' },
        },
      ],
      'a',
    ).catch((x: unknown) => x);
    expect(bad).toBeInstanceOf(ValidasiError);
    expect(Object.keys((bad as ValidasiError).fields)).toContain('1.alasanTdi');
    expect(await db.realisasi.count()).toBe(0);
    expect(await db.outbox.count()).toBe(sebelum);

    const ok = await simpanBanyak(
      db,
      [
        { table: 'realisasi', id: idAlami.realisasi(i0.id, 'TW1'), fields: { indikatorId: i0.id, opdId: opd.id, tahun: 2026, periode: 'TW1', nilai: 10 } },
        { table: 'indikator', id: indikator[1]!.id, hapus: true },
      ],
      'a',
    );
    expect(ok[1]).toBeNull();
    expect(await db.realisasi.count()).toBe(1);
    expect((await db.indikator.get(indikator[1]!.id))!.deleted).toBe(true);
    expect(await db.outbox.count()).toBe(sebelum + 2);
  });
});

describe('full disk', () => {
  it('reports QuotaExceededError as PenyimpananPenuhError and keeps what was saved', async () => {
    const db = dbBaru();
    const opd = await simpan(db, 'opd', null, { kode: '1', nama: 'Bappeda', singkatan: 'Bappeda', jenis: 'badan', kepala: PEJABAT }, 'a');
    const penuh = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
    db.outbox.hook('creating', penuh);
    const e = await simpan(db, 'opd', opd.id, { nama: 'Nama baru' }, 'a').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(PenyimpananPenuhError);
    expect((e as Error).message).toMatch(/Penyimpanan perangkat penuh/);
    db.outbox.hook('creating').unsubscribe(penuh);
    // The record was not half-written: the old value and its single outbox entry remain.
    expect((await db.opd.get(opd.id))!.nama).toBe('Bappeda');
    expect(await db.outbox.count()).toBe(1);
    const e2 = await simpanBanyak(db, [{ table: 'opd', id: opd.id, fields: { nama: 'B' } }], 'a').then(
      () => null,
      (x: unknown) => x,
    );
    expect(e2).toBeNull();
  });
});

describe('statusPerRecord', () => {
  it('reports lokal, tersinkron, konflik and ditolak per record', async () => {
    const db = dbBaru();
    const { indikator } = await pohonPk(db, 'a', 4);
    const [a, b, c, d] = indikator as [(typeof indikator)[0], (typeof indikator)[0], (typeof indikator)[0], (typeof indikator)[0]];
    await db.outbox.clear();
    await db.indikator.bulkPut([
      { ...a, rev: 5 },
      { ...b, rev: 6 },
      { ...c, rev: 7 },
    ]);
    await simpan(db, 'indikator', a.id, { uraian: 'Diubah' }, 'a');
    await db.penolakan.put({
      id: `indikator:${b.id}`,
      table: 'indikator',
      key: b.id,
      reason: 'Periode sudah dikunci',
      fields: {},
      at: new Date().toISOString(),
    });
    await db.konflik.put({
      id: idAlami.konflik('indikator', c.id, 'uraian', 'klien-a:9'),
      rev: 9,
      updatedAt: new Date().toISOString(),
      updatedBy: '',
      deleted: false,
      tabel: 'indikator',
      recordId: c.id,
      field: 'uraian',
      nilaiServer: 'x',
      nilaiMasuk: 'y',
      olehServer: '',
      olehMasuk: 'op-b',
      padaMasuk: '',
      status: 'terbuka',
      penyelesaian: null,
      diselesaikanOleh: '',
    });
    const s = await statusPerRecord(db, 'indikator');
    expect(s.get(a.id)).toEqual({ status: 'lokal' });
    expect(s.get(b.id)).toEqual({ status: 'ditolak', alasan: 'Periode sudah dikunci' });
    expect(s.get(c.id)?.status).toBe('konflik');
    expect(s.get(d.id)).toEqual({ status: 'lokal' }); // never synced
  });
});
