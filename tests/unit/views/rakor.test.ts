import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PantauDB } from '../../../src/db/database.ts';
import { idBaru, type Opd } from '../../../src/domain/schemas.ts';
import { buatRakor, koreksiArahan, tambahArahan, ubahKehadiran, ubahRakor } from '../../../src/views/rakor/aksi.ts';
import { daftarPeserta, terapkanKehadiran } from '../../../src/views/rakor/peserta.ts';

const opd = (nama: string, jenis: Opd['jenis'] = 'dinas') => ({ id: idBaru(), nama, singkatan: nama, jenis }) as Opd;
const bupati = opd('Bupati', 'kepala-daerah');
const dinkes = opd('Dinkes');
const disdik = opd('Disdik');
const dishub = opd('Dishub');
const semua = [bupati, dinkes, disdik, dishub];

describe('attendance list', () => {
  it('lists every OPD but the kepala daerah, stored entries kept, unknown ones at the end', () => {
    const lama = { opdId: idBaru(), hadir: true, namaWakil: 'X' };
    const d = daftarPeserta([{ opdId: disdik.id, hadir: true, namaWakil: 'Sekdis' }, lama], semua);
    expect(d.map((p) => p.opdId)).toEqual([dinkes.id, disdik.id, dishub.id, lama.opdId]);
    expect(d[1]).toEqual({ opdId: disdik.id, hadir: true, namaWakil: 'Sekdis' });
    expect(d[0]).toEqual({ opdId: dinkes.id, hadir: false, namaWakil: '' });
  });

  it('a change touches one OPD only', () => {
    const awal = daftarPeserta([], semua);
    const baru = terapkanKehadiran(awal, semua, dishub.id, { hadir: true });
    expect(baru.filter((p) => p.hadir).map((p) => p.opdId)).toEqual([dishub.id]);
    expect(terapkanKehadiran(baru, semua, dishub.id, { namaWakil: 'Kabid' }).find((p) => p.opdId === dishub.id)).toEqual({
      opdId: dishub.id,
      hadir: true,
      namaWakil: 'Kabid',
    });
  });
});

describe('rakor writes (IndexedDB)', () => {
  let db: PantauDB;
  beforeEach(async () => {
    db = new PantauDB(`uji-${idBaru()}`);
    await db.open();
  });
  afterEach(async () => {
    await db.delete();
  });

  it('two ticks fired without waiting both land (each reads the list the other stored)', async () => {
    const r = await buatRakor(db, 2026, 3, semua, null, '2026-10-10', 'admin');
    // As fast as two taps: neither waits for the other's write.
    const a = ubahKehadiran(db, r.id, semua, dinkes.id, { hadir: true }, 'admin');
    const b = ubahKehadiran(db, r.id, semua, dishub.id, { hadir: true }, 'admin');
    const c = ubahKehadiran(db, r.id, semua, dinkes.id, { namaWakil: 'Sekretaris' }, 'admin');
    await Promise.all([a, b, c]);
    const kini = await db.rakor.get(r.id);
    expect(kini?.peserta).toEqual([
      { opdId: dinkes.id, hadir: true, namaWakil: 'Sekretaris' },
      { opdId: disdik.id, hadir: false, namaWakil: '' },
      { opdId: dishub.id, hadir: true, namaWakil: '' },
    ]);
    // Every tick is its own outbox mutation carrying the list as it stood after it.
    const out = (await db.outbox.orderBy('seq').toArray()).filter((m) => m.key === r.id && 'peserta' in m.fields);
    expect(out.map((m) => (m.fields.peserta as { hadir: boolean }[]).filter((p) => p.hadir).length)).toEqual([0, 1, 2, 2]);
  });

  it('a tick keeps meeting facts saved in between, and a tick on a missing rakor fails clearly', async () => {
    const r = await buatRakor(db, 2026, 3, semua, null, '2026-10-10', 'admin');
    const tick = ubahKehadiran(db, r.id, semua, disdik.id, { hadir: true }, 'admin');
    const fakta = ubahRakor(db, r.id, { tempat: 'Aula Bappeda' }, 'admin');
    await Promise.all([tick, fakta]);
    expect(await db.rakor.get(r.id)).toMatchObject({ tempat: 'Aula Bappeda' });
    expect((await db.rakor.get(r.id))?.peserta.find((p) => p.opdId === disdik.id)?.hadir).toBe(true);
    await expect(ubahKehadiran(db, idBaru(), semua, disdik.id, { hadir: true }, 'admin')).rejects.toThrow(/tidak ditemukan/);
  });

  // docs/domain/rakor.md §Arahan
  it('a deadline before the meeting is refused in Indonesian, on entry and on correction; the meeting day itself is fine', async () => {
    const r = await buatRakor(db, 2026, 3, semua, null, '2026-11-26', 'pimpinan');
    await expect(tambahArahan(db, r.id, { opdId: null, uraian: 'Unggah data dukung', batasWaktu: '2020-01-01' }, 'pimpinan')).rejects.toThrow(
      /Batas waktu 1 Januari 2020 sebelum tanggal rakor \(26 November 2026\)/,
    );
    expect(await db.arahan.count()).toBe(0);
    const a = await tambahArahan(db, r.id, { opdId: null, uraian: 'Unggah data dukung', batasWaktu: '2026-11-26' }, 'pimpinan');
    await expect(koreksiArahan(db, a.id, { uraian: a.uraian, opdId: null, batasWaktu: '2026-11-01' }, 'salah ketik', 'pimpinan')).rejects.toThrow(
      /sebelum tanggal rakor/,
    );
    expect((await db.arahan.get(a.id))?.batasWaktu).toBe('2026-11-26');
    expect((await koreksiArahan(db, a.id, { uraian: a.uraian, opdId: null, batasWaktu: '2026-12-31' }, 'diperpanjang', 'pimpinan')).batasWaktu).toBe(
      '2026-12-31',
    );
  });
});
