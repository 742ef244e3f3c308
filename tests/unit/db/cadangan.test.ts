import { describe, expect, it } from 'vitest';
import { dbBaru, pohonPk } from './bantu.ts';
import { eksporCadangan, imporCadangan } from '../../../src/db/cadangan.ts';
import { simpan } from '../../../src/db/repo.ts';

describe('cadangan', () => {
  it('round trip into an empty database restores records and re-queues unsent work', async () => {
    const a = dbBaru();
    const { opd, indikator } = await pohonPk(a);
    const n = await a.outbox.count();
    const blob = await eksporCadangan(a);
    const b = dbBaru();
    const hasil = await imporCadangan(b, blob, 'admin');
    expect(hasil).toEqual({ dipulihkan: 6, diantrekan: n });
    expect((await b.opd.get(opd.id))!.nama).toBe('Dinas Pendidikan');
    expect(await b.indikator.count()).toBe(indikator.length);
    const seqs = (await b.outbox.orderBy('seq').toArray()).map((m) => m.seq);
    expect(seqs).toEqual(Array.from({ length: n }, (_, i) => i + 1));
    expect((await b.meta.get('lastSeq'))!.value).toBe(n);
    // A local write after the restore continues the seq.
    await simpan(b, 'opd', opd.id, { nama: 'Lanjut' }, 'x');
    expect((await b.outbox.orderBy('seq').last())!.seq).toBe(n + 1);
  });

  it('a backup holding a tombstone pulled from the server (no data, issue 9 §3) restores', async () => {
    const a = dbBaru();
    await pohonPk(a);
    const id = '0190a0a0-0000-7000-8000-0000000000aa';
    // As terapkanHalaman stores a pulled tombstone: only what identifies the record.
    await a.rakor.put({ id, rev: 42, deleted: true, updatedAt: '2026-11-23T03:00:00.000Z', updatedBy: 'admin', tahun: 2026, triwulan: 3 } as never);
    const b = dbBaru();
    await imporCadangan(b, await eksporCadangan(a), 'admin');
    expect(await b.rakor.get(id)).toMatchObject({ id, deleted: true, rev: 42 });
  });

  it('never overwrites unsynced local work or a newer synced copy', async () => {
    const a = dbBaru();
    const { opd, indikator } = await pohonPk(a);
    await a.outbox.clear();
    await a.indikator.put({ ...indikator[0]!, rev: 3 });
    const blob = await eksporCadangan(a);
    // Later on this device: an unsynced edit of the OPD and a newer synced indikator.
    await simpan(a, 'opd', opd.id, { nama: 'Belum terkirim' }, 'x');
    await a.indikator.put({ ...indikator[0]!, uraian: 'Lebih baru', rev: 9 });
    const hasil = await imporCadangan(a, blob, 'admin');
    expect((await a.opd.get(opd.id))!.nama).toBe('Belum terkirim');
    expect((await a.indikator.get(indikator[0]!.id))!.uraian).toBe('Lebih baru');
    expect(await a.outbox.count()).toBe(1);
    expect(hasil.diantrekan).toBe(0);
  });

  it('a re-import into the same database does not queue its own outbox twice', async () => {
    const a = dbBaru();
    await pohonPk(a);
    const n = await a.outbox.count();
    await imporCadangan(a, await eksporCadangan(a), 'admin');
    expect(await a.outbox.count()).toBe(n);
  });

  it('rejects a bad file with an Indonesian message and changes nothing', async () => {
    const a = dbBaru();
    await pohonPk(a);
    const n = await a.outbox.count();
    await expect(imporCadangan(a, new Blob(['bukan json']), 'x')).rejects.toThrow(/tidak dapat dibaca/);
    await expect(imporCadangan(a, new Blob([JSON.stringify({ format: 'lain' })]), 'x')).rejects.toThrow(/File cadangan tidak valid/);
    const isi = JSON.parse(await (await eksporCadangan(a)).text());
    isi.tabel.opd[0].jenis = 'kementerian';
    await expect(imporCadangan(dbBaru(), new Blob([JSON.stringify(isi)]), 'x')).rejects.toThrow(/opd\[0\] jenis/);
    expect(await a.outbox.count()).toBe(n);
  });
});
