/**
 * Preparing and attaching evidence files on the device (docs/bukti-dukung.md "Di tablet", "Jenis
 * berkas"): type from the browser or the extension, Indonesian reasons for refused files, one file's
 * refusal never stops the others.
 */
import { describe, expect, it } from 'vitest';
import { dbBaru, pohonPk } from '../db/bantu.ts';
import { lampirkanBerkas, mimeBukti, siapkanBerkas, teksUkuran } from '../../../src/lib/berkas-bukti.ts';
import { idAlami } from '../../../src/domain/schemas.ts';

describe('berkas bukti', () => {
  it('knows the five types by MIME or by extension, and nothing else', () => {
    expect(mimeBukti('scan.PDF', '')).toBe('application/pdf');
    expect(mimeBukti('foto', 'image/jpeg')).toBe('image/jpeg');
    expect(mimeBukti('tabel.xlsx', 'application/octet-stream')).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(mimeBukti('animasi.gif', 'image/gif')).toBeNull();
    expect(mimeBukti('catatan.txt', 'text/plain')).toBeNull();
  });

  it('formats sizes the Indonesian way', () => {
    expect(teksUkuran(500)).toBe('1 KB');
    expect(teksUkuran(0)).toBe('0 KB');
    expect(teksUkuran(1536 * 1024)).toBe('1,5 MB');
    expect(teksUkuran(3 * 1024 * 1024 * 1024)).toBe('3,0 GB');
  });

  it('keeps documents and small photos as they are; refuses other types and empty files with reasons', async () => {
    const pdf = new File(['%PDF-1.4 isi'], 'surat.pdf', { type: 'application/pdf' });
    const siap = await siapkanBerkas(pdf);
    expect(siap).toMatchObject({ ok: true, nama: 'surat.pdf', mime: 'application/pdf' });
    expect(siap.ok && siap.blob).toBe(pdf);
    expect(await siapkanBerkas(new File(['GIF89a'], 'a.gif', { type: 'image/gif' }))).toEqual({
      ok: false,
      alasan: 'a.gif: jenis berkas tidak diterima (hanya foto JPEG/PNG, PDF, XLSX, DOCX)',
    });
    expect(await siapkanBerkas(new File([], 'kosong.pdf'))).toEqual({ ok: false, alasan: 'kosong.pdf: berkas kosong' });
  });

  it('attaches the good files of a pick and reports the refused one', async () => {
    const db = dbBaru();
    const { opd, indikator } = await pohonPk(db);
    const recordId = idAlami.realisasi(indikator[0]!.id, 'TW3');
    const alasan = await lampirkanBerkas(
      db,
      {
        tabel: 'realisasi',
        recordId,
        opdId: opd.id,
        induk: [{ table: 'realisasi', id: recordId, fields: { indikatorId: indikator[0]!.id, opdId: opd.id, tahun: 2026, periode: 'TW3' } }],
      },
      [new File(['%PDF-1.4 a'], 'a.pdf'), new File(['x'], 'b.gif'), new File(['%PDF-1.4 c'], 'c.pdf')],
      'op',
    );
    expect(alasan).toBe('b.gif: jenis berkas tidak diterima (hanya foto JPEG/PNG, PDF, XLSX, DOCX)');
    expect((await db.buktiDukung.toArray()).map((b) => b.nama).sort()).toEqual(['a.pdf', 'c.pdf']);
    expect(await db.berkasLokal.count()).toBe(2);
  });
});
