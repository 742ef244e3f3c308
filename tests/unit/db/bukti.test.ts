/**
 * Bukti dukung on the device (issue 15 point 1; docs/bukti-dukung.md "Pemilik"): the Blob, the
 * record and its outbox entry land in one transaction or not at all; the same content is kept once;
 * the verification is an ordinary write.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dbBaru, pohonPk } from './bantu.ts';
import { hashBlob, hapusBukti, lampirkanBukti, ringkasanBerkasLokal, verifikasiBukti } from '../../../src/db/bukti.ts';
import { ValidasiError } from '../../../src/db/repo.ts';
import { idAlami } from '../../../src/domain/schemas.ts';

const blob = (s: string) => new Blob([s], { type: 'image/png' });

describe('lampirkanBukti', () => {
  it('stores the Blob under its sha256, the record and its outbox entry (after the realisasi it needs) together', async () => {
    const db = dbBaru();
    const { opd, indikator } = await pohonPk(db);
    const ind = indikator[0]!;
    const recordId = idAlami.realisasi(ind.id, 'TW1');
    const sebelum = await db.outbox.count();
    const b = blob('foto-1');
    expect(await hashBlob(b)).toBe(createHash('sha256').update('foto-1').digest('hex'));
    const r = await lampirkanBukti(
      db,
      {
        tabel: 'realisasi',
        recordId,
        opdId: opd.id,
        blob: b,
        nama: 'kegiatan.png',
        mime: 'image/png',
        induk: [{ table: 'realisasi', id: recordId, fields: { indikatorId: ind.id, opdId: opd.id, tahun: 2026, periode: 'TW1' } }],
      },
      'op',
    );
    expect(r).toMatchObject({ hash: await hashBlob(b), ukuran: 6, status: 'menunggu', nama: 'kegiatan.png' });
    const out = (await db.outbox.orderBy('seq').toArray()).slice(sebelum);
    expect(out.map((m) => m.table)).toEqual(['realisasi', 'buktiDukung']);
    expect(out[1]!.fields).toMatchObject({ hash: r.hash, recordId, tabel: 'realisasi' });
    expect(out[1]!.fields).not.toHaveProperty('status');
    const l = await db.berkasLokal.get(r.hash);
    expect(l).toMatchObject({ status: 'lokal', ukuran: 6, recordId, opdId: opd.id, urlUnggah: null });
    expect(await l!.blob.text()).toBe('foto-1');
    expect(await ringkasanBerkasLokal(db)).toEqual({ byte: 6, jumlah: 1, menunggu: 1 });
  });

  it('the same content attached twice to a record is one record and one Blob; to another record, one Blob', async () => {
    const db = dbBaru();
    const { opd, indikator } = await pohonPk(db);
    const rec = (i: number) => idAlami.realisasi(indikator[i]!.id, 'TW1');
    const dasar = (i: number) => ({ indikatorId: indikator[i]!.id, opdId: opd.id, tahun: 2026, periode: 'TW1' as const });
    const lampir = (i: number) =>
      lampirkanBukti(
        db,
        {
          tabel: 'realisasi',
          recordId: rec(i),
          opdId: opd.id,
          blob: blob('sama'),
          nama: 'a.png',
          mime: 'image/png',
          induk: [{ table: 'realisasi', id: rec(i), fields: dasar(i) }],
        },
        'op',
      );
    const a = await lampir(0);
    const b = await lampir(0);
    expect(b.id).toBe(a.id);
    await lampir(1);
    expect(await db.buktiDukung.count()).toBe(2);
    expect(await db.berkasLokal.count()).toBe(1);
  });

  it('a file the server refused (quota full, later raised) is sent again when the person attaches it again', async () => {
    const db = dbBaru();
    const { opd, indikator } = await pohonPk(db);
    const recordId = idAlami.realisasi(indikator[0]!.id, 'TW1');
    const lampir = () =>
      lampirkanBukti(
        db,
        {
          tabel: 'realisasi',
          recordId,
          opdId: opd.id,
          blob: blob('ditolak-dulu'),
          nama: 'a.png',
          mime: 'image/png',
          induk: [{ table: 'realisasi', id: recordId, fields: { indikatorId: indikator[0]!.id, opdId: opd.id, tahun: 2026, periode: 'TW1' } }],
        },
        'op',
      );
    const r = await lampir();
    await db.berkasLokal.update(r.hash, {
      status: 'ditolak',
      alasan: 'Kuota berkas perangkat daerah ini (2 GB) sudah penuh',
      urlUnggah: '/api/v1/berkas/unggah/lama',
    });
    // Removed and attached again, or attached again to the same record: either way a fresh upload.
    await hapusBukti(db, r.id, 'op');
    await lampir();
    expect(await db.berkasLokal.get(r.hash)).toMatchObject({ status: 'lokal', alasan: '', urlUnggah: null, terkirimByte: 0 });
    await db.berkasLokal.update(r.hash, { status: 'ditolak', alasan: 'x' });
    await lampir();
    expect((await db.berkasLokal.get(r.hash))?.status).toBe('lokal');
  });

  it('an invalid record stores neither the record nor the Blob', async () => {
    const db = dbBaru();
    const { opd } = await pohonPk(db);
    const e = await lampirkanBukti(
      db,
      { tabel: 'realisasi', recordId: 'bukan-uuid', opdId: opd.id, blob: blob('x'), nama: 'x.png', mime: 'image/png' },
      'op',
    ).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidasiError);
    expect(await db.berkasLokal.count()).toBe(0);
    expect(await db.buktiDukung.count()).toBe(0);
  });

  it('verification and removal are ordinary writes with outbox entries; the Blob stays', async () => {
    const db = dbBaru();
    const { opd, indikator } = await pohonPk(db);
    const recordId = idAlami.realisasi(indikator[0]!.id, 'TW2');
    const r = await lampirkanBukti(
      db,
      {
        tabel: 'realisasi',
        recordId,
        opdId: opd.id,
        blob: blob('y'),
        nama: 'y.png',
        mime: 'image/png',
        induk: [{ table: 'realisasi', id: recordId, fields: { indikatorId: indikator[0]!.id, opdId: opd.id, tahun: 2026, periode: 'TW2' } }],
      },
      'op',
    );
    await verifikasiBukti(db, r.id, 'perbaikan', 'Foto buram', 'admin');
    expect(await db.buktiDukung.get(r.id)).toMatchObject({ status: 'perbaikan', catatanVerifikasi: 'Foto buram' });
    expect((await db.outbox.orderBy('seq').last())!.fields).toEqual({ status: 'perbaikan', catatanVerifikasi: 'Foto buram' });
    await hapusBukti(db, r.id, 'op');
    expect((await db.buktiDukung.get(r.id))!.deleted).toBe(true);
    expect(await db.berkasLokal.count()).toBe(1);
  });
});
