import { describe, expect, it } from 'vitest';
import { dbBaru, pohonPk } from './bantu.ts';
import { eksporCadangan, imporCadangan } from '../../../src/db/cadangan.ts';
import { simpan } from '../../../src/db/repo.ts';
import { lampirkanBukti } from '../../../src/db/bukti.ts';
import { idAlami } from '../../../src/domain/schemas.ts';

describe('cadangan', () => {
  it('round trip into an empty database restores records and re-queues unsent work', async () => {
    const a = dbBaru();
    const { opd, indikator } = await pohonPk(a);
    const n = await a.outbox.count();
    const blob = await eksporCadangan(a);
    const b = dbBaru();
    const hasil = await imporCadangan(b, blob, 'admin');
    expect(hasil).toEqual({ dipulihkan: 6, diantrekan: n, berkas: 0, pemilik: null });
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

  describe('bukti dukung files (issue 15; docs/bukti-dukung.md "Cadangan")', () => {
    async function denganBerkas() {
      const a = dbBaru();
      const { opd, indikator } = await pohonPk(a);
      const lampir = async (isi: Uint8Array<ArrayBuffer>, nama: string, tw: 'TW1' | 'TW2' | 'TW3') => {
        const recordId = idAlami.realisasi(indikator[0]!.id, tw);
        return lampirkanBukti(
          a,
          {
            tabel: 'realisasi',
            recordId,
            opdId: opd.id,
            blob: new Blob([isi], { type: 'image/jpeg' }),
            nama,
            mime: 'image/jpeg',
            induk: [{ table: 'realisasi', id: recordId, fields: { indikatorId: indikator[0]!.id, opdId: opd.id, tahun: 2026, periode: tw } }],
          },
          'op',
        );
      };
      // Every byte value, and more than one base64 chunk.
      const foto = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 7) % 256);
      const menunggu = await lampir(foto, 'menunggu.jpg', 'TW1');
      const terkirim = await lampir(Uint8Array.from([1, 2, 3]), 'terkirim.jpg', 'TW2');
      const ditolak = await lampir(Uint8Array.from([4, 5, 6]), 'ditolak.jpg', 'TW3');
      await a.berkasLokal.update(terkirim.hash, { status: 'terkirim' });
      await a.berkasLokal.update(ditolak.hash, { status: 'ditolak', alasan: 'x' });
      return { a, foto, menunggu };
    }

    it('carries the files not yet uploaded; restored they wait to be uploaded, byte for byte', async () => {
      const { a, foto, menunggu } = await denganBerkas();
      await a.berkasLokal.update(menunggu.hash, { status: 'mengunggah', terkirimByte: 1000, urlUnggah: '/api/v1/berkas/unggah/abc' });
      const blob = await eksporCadangan(a);
      const isi = JSON.parse(await blob.text()) as { berkas: { hash: string; nama: string }[] };
      expect(isi.berkas.map((b) => b.nama)).toEqual(['menunggu.jpg']);
      const b = dbBaru();
      const h = await imporCadangan(b, blob, 'op');
      expect(h.berkas).toBe(1);
      const l = await b.berkasLokal.get(menunggu.hash);
      expect(l).toMatchObject({
        status: 'lokal',
        terkirimByte: 0,
        urlUnggah: null,
        nama: 'menunggu.jpg',
        mime: 'image/jpeg',
        ukuran: foto.length,
        tabel: 'realisasi',
      });
      expect(new Uint8Array(await l!.blob.arrayBuffer())).toEqual(foto);
      // Its record came back too, so the file is named by a record once both are on the server.
      expect((await b.buktiDukung.toArray()).map((x) => x.hash)).toContain(menunggu.hash);
      expect(await b.berkasLokal.count()).toBe(1);
    });

    it('a content this device already holds keeps its own state', async () => {
      const { a, menunggu } = await denganBerkas();
      const blob = await eksporCadangan(a);
      await a.berkasLokal.update(menunggu.hash, { status: 'terkirim' });
      expect((await imporCadangan(a, blob, 'op')).berkas).toBe(0);
      expect((await a.berkasLokal.get(menunggu.hash))?.status).toBe('terkirim');
    });

    it('a file whose bytes do not match its hash is refused with an Indonesian message, nothing restored', async () => {
      const { a } = await denganBerkas();
      const isi = JSON.parse(await (await eksporCadangan(a)).text()) as { berkas: { isi: string }[] };
      isi.berkas[0]!.isi = btoa('bukan foto itu');
      const b = dbBaru();
      await expect(imporCadangan(b, new Blob([JSON.stringify(isi)]), 'op')).rejects.toThrow(/berkas bukti 1 \(menunggu\.jpg\) rusak, isinya tidak sesuai hash/);
      expect(await b.berkasLokal.count()).toBe(0);
      expect(await b.opd.count()).toBe(0);
    });
  });
});
