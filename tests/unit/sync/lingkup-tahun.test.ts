/**
 * History scope on the device (issue 17 §2; docs/offline.md "Tahun di perangkat"; src/db/lingkup-tahun.ts,
 * MesinSinkron.bukaTahun): a new tablet pulls the current and previous year in full and not older
 * ones; opening an older year online fetches it and keeps it fresh through pull; "Simpan tahun ini
 * untuk luring" keeps it across starts; releasing it removes its records (never pending work) and
 * its later edits stop arriving; a new year keeps the years the device already holds.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { idAlami } from '../../../src/domain/schemas.ts';
import { tahunIni } from '../../../src/domain/waktu.ts';
import { simpan } from '../../../src/db/repo.ts';
import { KEY_LINGKUP, lepasTahun, lingkupPull, simpanTahunLuring, tahunDiPerangkat } from '../../../src/db/lingkup-tahun.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import type { PantauDB } from '../../../src/db/database.ts';
import { dbBaru, PEJABAT } from '../db/bantu.ts';
import { klienBaru, serverUji } from './bantu-sync.ts';

vi.setConfig({ testTimeout: 120_000 });

const KINI = tahunIni(new Date());
const LAMA = KINI - 4;

const rakor = (db: PantauDB, tahun: number, triwulan: number, tempat: string) =>
  simpan(db, 'rakor', idAlami.rakor(tahun, triwulan), { tahun, triwulan, tanggal: `${tahun}-04-20`, tempat, pimpinan: PEJABAT }, 'admin');

describe('years held on the device (issue 17 §2)', () => {
  it('default years only; an older year opened online stays fresh; kept for offline; released', async () => {
    const server = await serverUji();
    const asal: FetchFn = async (i, init) => server.app.request(String(i), init);
    const a = klienBaru(asal, server.token);
    await rakor(a.db, LAMA, 1, 'Aula lama');
    await rakor(a.db, KINI - 1, 1, 'Aula tahun lalu');
    await rakor(a.db, KINI, 1, 'Aula kini');
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();

    const b = klienBaru(asal, server.token);
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).toBeNull();
    expect((await b.db.rakor.toArray()).map((r) => r.tahun).sort()).toEqual([KINI - 1, KINI]);
    expect(await tahunDiPerangkat(b.db, LAMA, new Date())).toBe('tidak');
    expect(await tahunDiPerangkat(b.db, KINI - 1, new Date())).toBe('bawaan');

    // Opened online: fetched, and named in every pull from now on.
    expect(await b.mesin.bukaTahun(LAMA, { sementara: true })).toBe(1);
    expect((await b.db.rakor.get(idAlami.rakor(LAMA, 1)))?.tempat).toBe('Aula lama');
    expect(await tahunDiPerangkat(b.db, LAMA, new Date())).toBe('sementara');
    await simpan(a.db, 'rakor', idAlami.rakor(LAMA, 1), { tempat: 'Aula diperbarui' }, 'admin');
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    expect((await b.db.rakor.get(idAlami.rakor(LAMA, 1)))?.tempat).toBe('Aula diperbarui');

    // "Simpan tahun ini untuk luring".
    await simpanTahunLuring(b.db, LAMA, new Date());
    expect(await tahunDiPerangkat(b.db, LAMA, new Date())).toBe('disimpan');

    // Released: its records leave (not one with pending work), later edits no longer arrive.
    await simpan(b.db, 'rakor', idAlami.rakor(LAMA, 1), { tempat: 'Belum terkirim' }, 'admin');
    expect(await lepasTahun(b.db, LAMA, new Date())).toBe(0);
    expect((await b.db.rakor.get(idAlami.rakor(LAMA, 1)))?.tempat).toBe('Belum terkirim');
    await b.mesin.sinkronSekarang();
    expect(b.status.current.tertunda).toBe(0);
    expect(await lepasTahun(b.db, LAMA, new Date())).toBe(1);
    expect(await b.db.rakor.get(idAlami.rakor(LAMA, 1))).toBeUndefined();
    expect(await tahunDiPerangkat(b.db, LAMA, new Date())).toBe('tidak');
    await simpan(a.db, 'rakor', idAlami.rakor(LAMA, 1), { tempat: 'Sesudah dilepas' }, 'admin');
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    expect(await b.db.rakor.get(idAlami.rakor(LAMA, 1))).toBeUndefined();
    // The default years cannot be released.
    expect(await lepasTahun(b.db, KINI - 1, new Date())).toBe(0);
    expect(await b.db.rakor.get(idAlami.rakor(KINI - 1, 1))).toBeDefined();
  });

  it("indikator, sasaran and program follow their PK's year: pulled, fetched and released with it", async () => {
    const server = await serverUji();
    const asal: FetchFn = async (i, init) => server.app.request(String(i), init);
    const a = klienBaru(asal, server.token);
    const opd = await simpan(a.db, 'opd', null, { kode: '1.01', nama: 'Dinas Uji', singkatan: 'DU', jenis: 'dinas', kepala: PEJABAT }, 'admin');
    const pohon = async (tahun: number) => {
      const pk = await simpan(
        a.db,
        'pk',
        null,
        { opdId: opd.id, tahun, versi: 1, tanggal: `${tahun}-01-15`, tanggalMulai: `${tahun}-01-01`, pihakPertama: PEJABAT, pihakKedua: PEJABAT },
        'admin',
      );
      const sasaran = await simpan(a.db, 'sasaran', null, { pkId: pk.id, opdId: opd.id, uraian: `Sasaran ${tahun}` }, 'admin');
      const indikator = await simpan(
        a.db,
        'indikator',
        null,
        {
          pkId: pk.id,
          sasaranId: sasaran.id,
          opdId: opd.id,
          uraian: `Indikator ${tahun}`,
          satuan: '%',
          polaritas: 'naik',
          agregasi: 'akhir',
          targetTahunan: 100,
        },
        'admin',
      );
      const program = await simpan(a.db, 'program', null, { pkId: pk.id, opdId: opd.id, nama: `Program ${tahun}`, pagu: 1_000_000 }, 'admin');
      return { pk: pk.id, sasaran: sasaran.id, indikator: indikator.id, program: program.id };
    };
    const lama = await pohon(LAMA);
    const lama2 = await pohon(LAMA);
    const lama3 = await pohon(LAMA);
    const kini = await pohon(KINI);
    await a.mesin.sinkronSekarang();
    expect(a.status.current.galat).toBeNull();

    const b = klienBaru(asal, server.token);
    await b.mesin.sinkronSekarang();
    const ada = async (x: typeof lama) =>
      [await b.db.pk.get(x.pk), await b.db.sasaran.get(x.sasaran), await b.db.indikator.get(x.indikator), await b.db.program.get(x.program)].map(Boolean);
    expect(await ada(kini)).toEqual([true, true, true, true]);
    expect(await ada(lama)).toEqual([false, false, false, false]);
    // Opened: the year's PKs with their children (as the views read them: indikator by pkId).
    expect(await b.mesin.bukaTahun(LAMA, { sementara: false })).toBe(12);
    expect((await b.db.indikator.where('pkId').equals(lama.pk).toArray()).map((i) => i.uraian)).toEqual([`Indikator ${LAMA}`]);
    // A later edit of the held year's indikator arrives by pull.
    await simpan(a.db, 'indikator', lama.indikator, { uraian: 'Indikator diubah' }, 'admin');
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    expect((await b.db.indikator.get(lama.indikator))?.uraian).toBe('Indikator diubah');

    // Released: children go with their PK; a tree with pending work anywhere (a program, a PK)
    // stays whole until sent, so no child is left without its PK.
    await simpan(b.db, 'program', lama.program, { nama: 'Belum terkirim' }, 'admin');
    await simpan(b.db, 'pk', lama2.pk, { nomorDokumen: 'Belum terkirim' }, 'admin');
    expect(await lepasTahun(b.db, LAMA, new Date())).toBe(4);
    expect(await ada(lama3)).toEqual([false, false, false, false]);
    expect(await ada(lama)).toEqual([true, true, true, true]);
    expect(await ada(lama2)).toEqual([true, true, true, true]);
    expect(await ada(kini)).toEqual([true, true, true, true]);
    await b.mesin.sinkronSekarang();
    expect(b.status.current.tertunda).toBe(0);
    expect(await lepasTahun(b.db, LAMA, new Date())).toBe(8);
    expect(await ada(lama)).toEqual([false, false, false, false]);
    expect(await ada(lama2)).toEqual([false, false, false, false]);
    // Its later edits no longer arrive.
    await simpan(a.db, 'indikator', lama2.indikator, { uraian: 'Sesudah dilepas' }, 'admin');
    await a.mesin.sinkronSekarang();
    await b.mesin.sinkronSekarang();
    expect(await b.db.indikator.get(lama2.indikator)).toBeUndefined();
    expect(await ada(kini)).toEqual([true, true, true, true]);
  });

  it('a year opened but not kept leaves the device at the next start; a kept one stays', async () => {
    const server = await serverUji();
    const asal: FetchFn = async (i, init) => server.app.request(String(i), init);
    const a = klienBaru(asal, server.token);
    await rakor(a.db, LAMA, 2, 'Sementara');
    await rakor(a.db, LAMA - 1, 2, 'Disimpan');
    await a.mesin.sinkronSekarang();
    const b = klienBaru(asal, server.token);
    await b.mesin.sinkronSekarang();
    await b.mesin.bukaTahun(LAMA, { sementara: true });
    await b.mesin.bukaTahun(LAMA - 1, { sementara: false });
    expect(await b.db.rakor.count()).toBe(2);
    b.mesin.start();
    await b.mesin.selesai();
    b.mesin.stop();
    expect((await b.db.rakor.toArray()).map((r) => r.tempat)).toEqual(['Disimpan']);
    expect(await tahunDiPerangkat(b.db, LAMA, new Date())).toBe('tidak');
  });

  it('a year whose fetch fails half way does not pass for one on the device', async () => {
    const server = await serverUji();
    const asal: FetchFn = async (i, init) => server.app.request(String(i), init);
    const a = klienBaru(asal, server.token);
    for (const tw of [1, 2, 3] as const) await rakor(a.db, LAMA, tw, `Aula ${tw}`);
    await a.mesin.sinkronSekarang();
    let halaman = 0;
    const b = klienBaru(
      async (i, init) => {
        if (String(i).includes('/sync/tahun') && ++halaman === 2) throw new TypeError('fetch failed');
        return server.app.request(String(i), init);
      },
      server.token,
      { batasPull: 1 },
    );
    await b.mesin.sinkronSekarang();
    await expect(b.mesin.bukaTahun(LAMA, { sementara: true })).rejects.toThrow(/terhubung/);
    expect(await tahunDiPerangkat(b.db, LAMA, new Date())).toBe('tidak');
    expect(await b.db.rakor.where('[tahun+triwulan]').between([LAMA, 0], [LAMA, 9]).count()).toBe(0);
    // Tried again with the link back: the whole year.
    expect(await b.mesin.bukaTahun(LAMA, { sementara: false })).toBe(3);
    expect(await tahunDiPerangkat(b.db, LAMA, new Date())).toBe('disimpan');
  });

  it('a new year: the years the device held stay held (they would go stale otherwise)', async () => {
    const db = dbBaru();
    await db.meta.put({ key: KEY_LINGKUP, value: { tahunMin: KINI - 3, tahun: [KINI - 6], sementara: [] } });
    const l = await lingkupPull(db, new Date());
    expect(l).toEqual({ tahunMin: KINI - 1, tahun: [KINI - 6, KINI - 3, KINI - 2], sementara: [] });
    expect(await tahunDiPerangkat(db, KINI - 3, new Date())).toBe('disimpan');
  });

  it('a device that synced before scopes existed keeps every older year it holds', async () => {
    const db = dbBaru();
    await db.meta.put({ key: 'pullRev', value: 40 });
    await rakor(db, KINI - 5, 1, 'Lama');
    await rakor(db, KINI - 1, 1, 'Bawaan');
    expect(await lingkupPull(db, new Date())).toEqual({ tahunMin: KINI - 1, tahun: [KINI - 5], sementara: [] });
    // A fresh device holds only the default years.
    expect(await lingkupPull(dbBaru(), new Date())).toEqual({ tahunMin: KINI - 1, tahun: [], sementara: [] });
  });
});
