/**
 * Issue 9 point 10 (docs/offline.md): another account's unsent edits on a shared tablet are found
 * at sign-in and exported to a file that says whose they are.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { PantauDB, namaDatabase } from '../../../src/db/database.ts';
import { simpan } from '../../../src/db/repo.ts';
import { cadanganSchema, eksporCadangan, imporCadangan } from '../../../src/db/cadangan.ts';
import { cariTertundaAkunLain, eksporAkunLain } from '../../../src/db/akun-lain.ts';
import { idBaru } from '../../../src/domain/schemas.ts';
import { PEJABAT } from './bantu.ts';

const dibuka: PantauDB[] = [];
afterEach(async () => {
  for (const db of dibuka.splice(0)) await db.delete();
});

async function dbAkun(id: string, pemilik: { username: string; nama: string } | null): Promise<PantauDB> {
  const db = new PantauDB(namaDatabase(id));
  dibuka.push(db);
  await db.open();
  if (pemilik) await db.meta.put({ key: 'pemilik', value: { id, ...pemilik } });
  return db;
}

describe('pending edits of other accounts on this device', () => {
  it('lists every other account database with unsent edits, with whose they are; the signed-in one and empty ones are left out', async () => {
    const budi = idBaru();
    const sari = idBaru();
    const kosong = idBaru();
    const a = await dbAkun(budi, { username: 'op-dinkes', nama: 'Budi' });
    await simpan(a, 'opd', null, { kode: '1', nama: 'Dinkes', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT }, 'op-dinkes');
    await simpan(a, 'opd', null, { kode: '2', nama: 'Disdik', singkatan: 'Disdik', jenis: 'dinas', kepala: PEJABAT }, 'op-dinkes');
    const b = await dbAkun(sari, { username: 'op-disdik', nama: 'Sari' });
    await simpan(b, 'opd', null, { kode: '3', nama: 'Dishub', singkatan: 'Dishub', jenis: 'dinas', kepala: PEJABAT }, 'op-disdik');
    await dbAkun(kosong, null);
    a.close();

    const dariSari = await cariTertundaAkunLain(sari);
    expect(dariSari).toEqual([
      { namaDb: namaDatabase(budi), userId: budi, pemilik: { id: budi, username: 'op-dinkes', nama: 'Budi' }, tertunda: 2, berkas: 0 },
    ]);
    const dariOrangLain = await cariTertundaAkunLain(idBaru());
    expect(dariOrangLain.map((x) => x.pemilik?.username).sort()).toEqual(['op-dinkes', 'op-disdik']);
  });

  it('the export file states whose pending edits it holds and how many; importing it says so too', async () => {
    const budi = idBaru();
    const a = await dbAkun(budi, { username: 'op-dinkes', nama: 'Budi' });
    await simpan(a, 'opd', null, { kode: '1', nama: 'Dinkes', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT }, 'op-dinkes');
    a.close();
    const berkas = await eksporAkunLain(namaDatabase(budi), new Date('2026-11-23T02:00:00Z'));
    const isi = cadanganSchema.parse(JSON.parse(await berkas.text()));
    expect(isi.pemilik).toEqual({ id: budi, username: 'op-dinkes', nama: 'Budi' });
    expect(isi.jumlahTertunda).toBe(1);
    expect(isi.outbox).toHaveLength(1);
    const lain = await dbAkun(idBaru(), { username: 'admin', nama: 'Admin' });
    const h = await imporCadangan(lain, berkas, 'admin');
    expect(h.pemilik?.username).toBe('op-dinkes');
    // A backup of one's own database names its owner as well.
    expect(cadanganSchema.parse(JSON.parse(await (await eksporCadangan(lain)).text())).pemilik?.username).toBe('admin');
  });

  it('an account whose records are all sent but whose evidence files are not yet uploaded is listed too (issue 15)', async () => {
    const budi = idBaru();
    const a = await dbAkun(budi, { username: 'op-dinkes', nama: 'Budi' });
    const hash = 'ab'.repeat(32);
    await a.berkasLokal.put({
      hash,
      blob: new Blob(['foto']),
      nama: 'foto.jpg',
      mime: 'image/jpeg',
      ukuran: 4,
      tabel: 'realisasi',
      recordId: idBaru(),
      opdId: idBaru(),
      status: 'lokal',
      terkirimByte: 0,
      alasan: '',
      urlUnggah: null,
      dibuatPada: '2026-11-23T02:00:00Z',
    });
    a.close();
    expect(await cariTertundaAkunLain(idBaru())).toMatchObject([{ userId: budi, tertunda: 0, berkas: 1 }]);
  });
});
