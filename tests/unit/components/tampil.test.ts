import { describe, expect, it } from 'vitest';
import { jenisPenolakan, pesanPenolakan, ringkasAlasan, tanpaTitikAkhir, uraianKunci } from '../../../src/components/tampil.ts';

// The server's reasons, as sync.store.ts and izin.ts word them.
const KUNCI = 'Periode Triwulan III tahun 2026 sudah dikunci oleh admin; data tidak dapat diubah. Minta admin Bappeda membuka kunci bila perlu koreksi.';
const IZIN = 'Anda tidak berhak mengubah data ini: data milik perangkat daerah lain';
const NILAI = 'nilai: Harus berupa angka yang valid.';

describe('uraianKunci (lock banner)', () => {
  const waktu = (iso: string) => `[${iso}]`;
  it('keeps the space before "pada" and ends the sentence once', () => {
    expect(uraianKunci({ oleh: 'admin', pada: '2026-11-23T03:00:00Z' }, waktu)).toBe(' oleh admin pada [2026-11-23T03:00:00Z].');
    expect(`dikunci${uraianKunci({ oleh: 'admin', pada: '2026-11-23T03:00:00Z' }, waktu)}`).not.toMatch(/adminpada/);
  });
  it('leaves out whoever or whenever is unknown', () => {
    expect(uraianKunci({ oleh: 'admin', pada: null }, waktu)).toBe(' oleh admin.');
    expect(uraianKunci({ oleh: '', pada: '2026-11-23T03:00:00Z' }, waktu)).toBe(' pada [2026-11-23T03:00:00Z].');
    expect(uraianKunci({ oleh: '', pada: null }, waktu)).toBe('.');
  });
});

describe('server rejections in the grid', () => {
  it('tells a locked period and a missing right from a value that can be fixed', () => {
    // Decided by the machine code (src/shared/penolakan.ts), never by the reason's words.
    expect(jenisPenolakan('kunci')).toBe('kunci');
    expect(jenisPenolakan('izin')).toBe('izin');
    expect(jenisPenolakan('validasi')).toBe('lain');
    expect(jenisPenolakan('ukuran')).toBe('lain');
    expect(jenisPenolakan('beku')).toBe('tetap');
    expect(jenisPenolakan(undefined)).toBe('lain');
  });

  it('a locked period offers only discarding, in one clean sentence', () => {
    const p = pesanPenolakan(KUNCI, false, 'kunci');
    expect(p.bisaDiperbaiki).toBe(false);
    expect(p.teks).not.toMatch(/Perbaiki/);
    expect(p.teks).not.toMatch(/\.\./);
    expect(p.teks).toContain('bila perlu koreksi. Nilai ini tidak dapat dikirim selama periode dikunci.');
    expect(p.tombol).toMatch(/^Buang perubahan/);
    expect(pesanPenolakan(IZIN, false, 'izin').bisaDiperbaiki).toBe(false);
  });

  it('another rejection suggests fixing the value, unless the grid is read-only', () => {
    const p = pesanPenolakan(NILAI, false, 'validasi');
    expect(p).toEqual({
      teks: 'Ditolak server: nilai: Harus berupa angka yang valid. Perbaiki nilainya, atau',
      tombol: 'kembalikan ke nilai server',
      bisaDiperbaiki: true,
    });
    expect(pesanPenolakan('Data tidak valid', false).teks).toBe('Ditolak server: Data tidak valid. Perbaiki nilainya, atau');
    expect(pesanPenolakan(NILAI, true, 'validasi').bisaDiperbaiki).toBe(false);
    expect(pesanPenolakan('', false).teks).toBe('Ditolak server: tanpa keterangan. Perbaiki nilainya, atau');
  });

  it('the Status cell gets a few words, never the whole reason', () => {
    expect(ringkasAlasan(KUNCI, 'kunci')).toBe('Periode dikunci');
    expect(ringkasAlasan(IZIN, 'izin')).toBe('Tidak berhak');
    expect(ringkasAlasan('Data induk (pk) tidak ditemukan di server')).toBe('Data induk (pk) tidak…');
    expect(ringkasAlasan(NILAI, 'validasi')).toBe('Data tidak valid');
    expect(ringkasAlasan('Konflik ini sudah diselesaikan oleh admin di perangkat lain; nilai yang dipilih tetap berlaku')).toBe('Konflik ini sudah…');
    expect(ringkasAlasan('Nilai terlalu besar.')).toBe('Nilai terlalu besar');
    for (const a of [KUNCI, IZIN, NILAI, 'x'.repeat(200), 'Satu dua tiga empat lima enam tujuh delapan sembilan']) {
      expect(ringkasAlasan(a).length).toBeLessThanOrEqual(29);
    }
  });

  it('tanpaTitikAkhir drops trailing full stops and spaces only', () => {
    expect(tanpaTitikAkhir('Dikunci.. ')).toBe('Dikunci');
    expect(tanpaTitikAkhir('Rp 1.000')).toBe('Rp 1.000');
  });
});

describe('rejection kinds come from the machine code, never the text (src/shared/penolakan.ts)', () => {
  it('a reworded reason does not change the kind; the lock text is still built in one place', async () => {
    const { alasanKunci, jenisPenolakan: jenis, kodePenolakanSchema } = await import('../../../src/shared/penolakan.ts');
    expect(alasanKunci(2026, 3, 'admin')).toMatch(/^Periode Triwulan III tahun 2026 sudah dikunci oleh admin; /);
    // A lock reason without a code (stored before codes existed) is not guessed from its words.
    expect(jenis(undefined)).toBe('lain');
    expect(jenis('kunci')).toBe('kunci');
    // An unknown code from a newer server reads as 'lain'.
    expect(kodePenolakanSchema.parse('kode-baru')).toBe('lain');
    expect(ringkasAlasan('Kalimat apa saja', 'kunci')).toBe('Periode dikunci');
  });
});
