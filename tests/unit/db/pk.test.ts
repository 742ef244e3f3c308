import { describe, expect, it } from 'vitest';
import { dbBaru, pohonPk } from './bantu.ts';
import { buatPerubahanPk, tandatanganiPk } from '../../../src/db/pk.ts';
import { simpan, ValidasiError } from '../../../src/db/repo.ts';
import type { SnapshotPk } from '../../../src/domain/pk.ts';
import type { PantauDB } from '../../../src/db/database.ts';
import type { Pk } from '../../../src/domain/schemas.ts';

/**
 * The PK's parties as pejabat records serving on its date (docs/domain/pejabat.md §PK): the Kepala
 * Dinas and the Bupati (in the kepala daerah's OPD).
 */
async function denganPejabat(db: PantauDB, pk: Pk): Promise<void> {
  const kd = await simpan(
    db,
    'opd',
    null,
    {
      kode: '0.00',
      nama: 'Bupati Sukamaju',
      singkatan: 'Bupati',
      jenis: 'kepala-daerah',
      kepala: { nama: 'H. Ahmad', nip: '', jabatan: 'Bupati Sukamaju', pangkat: '' },
    },
    'admin',
  );
  const kadis = await simpan(
    db,
    'pejabat',
    null,
    { nama: 'Drs. Budi Santoso', nip: '197001011998031005', jabatan: 'Kepala Dinas Pendidikan', level: 'jpt-pratama', opdId: pk.opdId, tmt: '2024-01-02' },
    'admin',
  );
  const bupati = await simpan(
    db,
    'pejabat',
    null,
    { nama: 'H. Ahmad', nip: '', jabatan: 'Bupati Sukamaju', level: 'kepala-daerah', opdId: kd.id, tmt: '2025-02-20' },
    'admin',
  );
  await simpan(db, 'pk', pk.id, { pihakPertamaId: kadis.id, pihakKeduaId: bupati.id }, 'admin');
}

const PERUBAHAN = { alasanPerubahan: 'Refocusing anggaran', nomorDokumen: '050/12/2026', tanggal: '2026-07-01', berlakuMulaiTriwulan: 3 as const };

describe('tandatanganiPk', () => {
  it('freezes a snapshot that later edits cannot change, in one outbox mutation', async () => {
    const db = dbBaru();
    const { pk, indikator } = await pohonPk(db);
    await denganPejabat(db, pk);
    const sebelum = await db.outbox.count();
    await tandatanganiPk(db, pk.id, 'kadis', new Date('2026-02-01T02:00:00Z'));
    const p = (await db.pk.get(pk.id))!;
    expect(p.status).toBe('ditandatangani');
    expect(p.ditandatanganiPada).toBe('2026-02-01T02:00:00.000Z');
    const snap = p.snapshot as SnapshotPk;
    expect(snap.indikator.map((i) => i.uraian)).toEqual(['Indikator 1', 'Indikator 2']);
    expect(snap.program).toHaveLength(1);
    expect(await db.outbox.count()).toBe(sebelum + 1);
    await simpan(db, 'indikator', indikator[0]!.id, { uraian: 'Diubah setelah tanda tangan' }, 'x');
    expect(((await db.pk.get(pk.id))!.snapshot as SnapshotPk).indikator[0]!.uraian).toBe('Indikator 1');
    await expect(tandatanganiPk(db, pk.id, 'kadis')).rejects.toThrow('sudah ditandatangani');
  });

  it('refuses parties that are not pejabat serving on the PK date (Permenpan-RB 53/2014; docs/domain/pejabat.md §PK)', async () => {
    const db = dbBaru();
    const { pk } = await pohonPk(db);
    await expect(tandatanganiPk(db, pk.id, 'kadis')).rejects.toThrow(/Pilih pihak pertama dari data pejabat/);
    await denganPejabat(db, pk);
    await simpan(db, 'pk', pk.id, { tanggal: '2023-12-01' }, 'admin'); // before the Kepala Dinas's TMT
    await expect(tandatanganiPk(db, pk.id, 'kadis')).rejects.toThrow(/tidak menjabat pada tanggal PK/);
    expect((await db.pk.get(pk.id))!.status).toBe('draft');
  });

  it('refuses a PK without indicators', async () => {
    const db = dbBaru();
    const { pk } = await pohonPk(db, 'a', 0);
    await expect(tandatanganiPk(db, pk.id, 'kadis')).rejects.toThrow(/belum memuat indikator/);
    expect((await db.pk.get(pk.id))!.status).toBe('draft');
  });
});

describe('buatPerubahanPk', () => {
  it('copies the PK into versi+1 as a draft with new ids and indicator lineage', async () => {
    const db = dbBaru();
    const { pk, indikator, sasaran } = await pohonPk(db);
    await denganPejabat(db, pk);
    await tandatanganiPk(db, pk.id, 'kadis');
    const baruId = await buatPerubahanPk(db, pk.id, PERUBAHAN, 'a');
    const baru = (await db.pk.get(baruId))!;
    expect(baru).toMatchObject({
      versi: 2,
      pkSebelumnyaId: pk.id,
      status: 'draft',
      snapshot: null,
      alasanPerubahan: 'Refocusing anggaran',
      berlakuMulaiTriwulan: 3,
      tanggal: '2026-07-01',
    });
    const ind = await db.indikator.where('pkId').equals(baruId).toArray();
    expect(ind.map((i) => i.indikatorAsalId).sort()).toEqual(indikator.map((i) => i.id).sort());
    expect(ind.every((i) => !indikator.some((o) => o.id === i.id))).toBe(true);
    const sas = await db.sasaran.where('pkId').equals(baruId).toArray();
    expect(sas).toHaveLength(1);
    expect(sas[0]!.id).not.toBe(sasaran.id);
    expect(ind.every((i) => i.sasaranId === sas[0]!.id)).toBe(true);
    expect(await db.program.where('pkId').equals(baruId).count()).toBe(1);
    // The old version is untouched.
    expect((await db.pk.get(pk.id))!.status).toBe('ditandatangani');
    await expect(buatPerubahanPk(db, pk.id, PERUBAHAN, 'a')).rejects.toThrow(/sudah memiliki Perubahan PK/);
  });

  it('requires a reason', async () => {
    const db = dbBaru();
    const { pk } = await pohonPk(db);
    const e = await buatPerubahanPk(db, pk.id, { ...PERUBAHAN, alasanPerubahan: '  ' }, 'a').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ValidasiError);
    expect(await db.pk.count()).toBe(1);
  });
});
