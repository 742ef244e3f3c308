/**
 * The pemda-set compression maximum of bukti dukung photos (issue 15 point 1; docs/bukti-dukung.md
 * "Di tablet"): a pemda setting with a sane range and Indonesian messages, the current constants
 * when unset, and what the compressor is actually asked for.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { dbBaru, pohonPk } from '../db/bantu.ts';
import { batasFotoPemda, FOTO_MAKS_KB, FOTO_MAKS_PX, lampirkanBerkas, siapkanBerkas } from '../../../src/lib/berkas-bukti.ts';
import { idAlami, pemdaSchema } from '../../../src/domain/schemas.ts';
import { isianAwal, simpanPemda } from '../../../src/views/pengaturan/pemda.ts';

const kompres = vi.hoisted(() => vi.fn(async (f: File, _opsi: object) => new File([new Uint8Array(Math.floor(f.size / 4))], f.name, { type: f.type })));
vi.mock('browser-image-compression', () => ({ default: kompres }));
afterEach(() => kompres.mockClear());

const foto = (kb: number) => new File([new Uint8Array(kb * 1024)], 'kegiatan.jpg', { type: 'image/jpeg' });

describe('batas foto bukti dukung', () => {
  it('defaults to the former constants (1600 px, 512 KB) when the pemda set none or there is no profile', () => {
    expect(batasFotoPemda(null)).toEqual({ px: 1600, kb: 512 });
    expect(batasFotoPemda({ pengaturan: {} })).toEqual({ px: FOTO_MAKS_PX, kb: FOTO_MAKS_KB });
    expect(batasFotoPemda({ pengaturan: { buktiMaksPx: 1024, buktiMaksKb: 300 } })).toEqual({ px: 1024, kb: 300 });
    expect(isianAwal(null).pengaturan).toMatchObject({ buktiMaksPx: 1600, buktiMaksKb: 512 });
  });

  it('refuses values outside the range with Indonesian messages', async () => {
    const db = dbBaru();
    const dasar = { ...isianAwal(null), nama: 'Kabupaten Sukamaju', kepalaDaerah: { nama: 'Bupati', nip: '', jabatan: 'Bupati', pangkat: '' } };
    expect(await simpanPemda(db, null, { ...dasar, pengaturan: { ...dasar.pengaturan, buktiMaksPx: 320, buktiMaksKb: 9000 } }, 'admin')).toEqual({
      'pengaturan.buktiMaksPx': 'Minimal 640 piksel',
      'pengaturan.buktiMaksKb': 'Maksimal 5120 KB (5 MB)',
    });
    expect(await db.pemda.count()).toBe(0);
    const r = pemdaSchema.shape.pengaturan.safeParse({ batasAtas: 100, ambangPejabat: 76, alasanDikecualikan: [], buktiMaksKb: 250.5 });
    expect(r.success ? null : r.error.issues[0]?.message).toBe('Harus bilangan bulat');
    expect(await simpanPemda(db, null, { ...dasar, pengaturan: { ...dasar.pengaturan, buktiMaksPx: 1024, buktiMaksKb: 200 } }, 'admin')).toBeNull();
    // Synced like the other pemda fields: the change is in the outbox.
    expect((await db.outbox.toArray())[0]?.fields).toMatchObject({ pengaturan: { buktiMaksPx: 1024, buktiMaksKb: 200 } });
  });

  it('the compressor gets the pemda maximum; a photo under it is kept as it is', async () => {
    const db = dbBaru();
    const { opd, indikator } = await pohonPk(db);
    const dasar = { ...isianAwal(null), nama: 'Kabupaten Sukamaju', kepalaDaerah: { nama: 'Bupati', nip: '', jabatan: 'Bupati', pangkat: '' } };
    const recordId = idAlami.realisasi(indikator[0]!.id, 'TW1');
    const pemilik = {
      tabel: 'realisasi' as const,
      recordId,
      opdId: opd.id,
      induk: [{ table: 'realisasi' as const, id: recordId, fields: { indikatorId: indikator[0]!.id, opdId: opd.id, tahun: 2026, periode: 'TW1' as const } }],
    };
    // No pemda profile on the device: the defaults.
    expect(await lampirkanBerkas(db, pemilik, [foto(800)], 'op')).toBe('');
    expect(kompres.mock.calls[0]?.[1]).toMatchObject({ maxWidthOrHeight: 1600, maxSizeMB: 0.5, useWebWorker: false });
    await simpanPemda(db, null, { ...dasar, pengaturan: { ...dasar.pengaturan, buktiMaksPx: 1024, buktiMaksKb: 200 } }, 'admin');
    expect(await lampirkanBerkas(db, pemilik, [foto(900)], 'op')).toBe('');
    expect(kompres.mock.calls[1]?.[1]).toMatchObject({ maxWidthOrHeight: 1024, maxSizeMB: 200 / 1024 });
    // 250 KB is under the 300 KB "small enough" rule, but over this pemda's 200 KB: compressed.
    expect(await siapkanBerkas(foto(250), batasFotoPemda({ pengaturan: { buktiMaksKb: 200 } }))).toMatchObject({ ok: true });
    expect(kompres).toHaveBeenCalledTimes(3);
    const kecil = foto(150);
    const siap = await siapkanBerkas(kecil, { px: 1024, kb: 200 });
    expect(siap.ok && siap.blob).toBe(kecil);
    expect(kompres).toHaveBeenCalledTimes(3);
  });
});
