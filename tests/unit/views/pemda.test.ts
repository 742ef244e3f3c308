import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PantauDB } from '../../../src/db/database.ts';
import { idBaru } from '../../../src/domain/schemas.ts';
import { bacaLogo, isianAwal, MAKS_LOGO_BYTE, simpanPemda } from '../../../src/views/pengaturan/pemda.ts';

let db: PantauDB;
beforeEach(async () => {
  db = new PantauDB(`uji-${idBaru()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const isian = () => ({
  ...isianAwal(null),
  nama: 'Kabupaten Sukamaju',
  ibukota: 'Sukamaju',
  kepalaDaerah: { nama: 'H. Ahmad Fauzi, S.H.', nip: '', jabatan: 'Bupati Sukamaju', pangkat: '' },
});

describe('profil pemda', () => {
  it('creates the pemda on a fresh installation with one outbox mutation, then edits the same record', async () => {
    expect(await simpanPemda(db, null, isian(), 'admin')).toBeNull();
    const [p] = await db.pemda.toArray();
    expect(p).toMatchObject({ nama: 'Kabupaten Sukamaju', jenis: 'kabupaten', pengaturan: { batasAtas: 100, ambangPejabat: 76 } }); // default 76: lower bound of predikat Tinggi (docs/domain/pejabat.md)
    expect(await db.outbox.count()).toBe(1);
    expect(await simpanPemda(db, p!.id, { ...isianAwal(p!), pengaturan: { batasAtas: 120, ambangPejabat: 85, alasanDikecualikan: [] } }, 'admin')).toBeNull();
    expect(await db.pemda.count()).toBe(1);
    expect((await db.pemda.get(p!.id))?.pengaturan).toEqual({ batasAtas: 120, ambangPejabat: 85, alasanDikecualikan: [] });
    const [, kedua] = await db.outbox.orderBy('seq').toArray();
    expect(kedua?.fields).toEqual({ pengaturan: { batasAtas: 120, ambangPejabat: 85, alasanDikecualikan: [] } });
  });

  it('a save from a screen that saw no pemda updates the one stored meanwhile (issue 9 point 7)', async () => {
    await Promise.all([simpanPemda(db, null, isian(), 'admin'), simpanPemda(db, null, { ...isian(), ibukota: 'Kota Baru' }, 'admin')]);
    const semua = await db.pemda.toArray();
    expect(semua).toHaveLength(1);
    expect(semua[0]?.ibukota).toBe('Kota Baru');
  });

  it('answers invalid input per field in Indonesian and keeps what was stored', async () => {
    await simpanPemda(db, null, isian(), 'admin');
    const [p] = await db.pemda.toArray();
    const galat = await simpanPemda(
      db,
      p!.id,
      {
        ...isianAwal(p!),
        nama: ' ',
        kepalaDaerah: { ...p!.kepalaDaerah, nip: '123' },
        pengaturan: { batasAtas: 90, ambangPejabat: 85, alasanDikecualikan: [] },
      },
      'admin',
    );
    expect(galat).toMatchObject({ nama: 'Wajib diisi', 'kepalaDaerah.nip': 'NIP harus 18 digit angka', 'pengaturan.batasAtas': 'Minimal 100' });
    expect((await db.pemda.get(p!.id))?.nama).toBe('Kabupaten Sukamaju');
    expect(await db.outbox.count()).toBe(1);
  });

  it('reads a PNG logo as a data URL and refuses other types and oversized files', async () => {
    const png = new File([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3])], 'logo.png', { type: 'image/png' });
    const ok = await bacaLogo(png);
    expect(ok).toEqual({ ok: true, dataUrl: `data:image/png;base64,${Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]).toString('base64')}` });
    expect(await bacaLogo(new File(['<svg/>'], 'logo.svg', { type: 'image/svg+xml' }))).toEqual({ ok: false, pesan: 'Logo harus berkas PNG atau JPEG' });
    const besar = await bacaLogo(new File([new Uint8Array(MAKS_LOGO_BYTE + 1)], 'besar.jpg', { type: 'image/jpeg' }));
    expect(besar.ok).toBe(false);
    expect(!besar.ok && besar.pesan).toMatch(/terlalu besar.*maksimal 200 KB/);
  });
});
