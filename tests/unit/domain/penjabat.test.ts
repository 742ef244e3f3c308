/**
 * Penjabat kepala daerah evaluation (Permendagri 4/2023; PP 6/2005 pasal 132 ayat (5)–(6): reported
 * at least every three months; Surat Mendagri 800.1.14/575/IJ and 800.1.14/440/IJ set the
 * indicators) and its compiled report. docs/domain/pejabat.md §Penjabat.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  batasLaporanBawaan,
  batasTugasBawaan,
  indikatorPjBawaan,
  INDIKATOR_PJ_BAWAAN,
  keadaanTugas,
  periodePj,
  rekapPj,
} from '../../../src/domain/penjabat.ts';
import { evaluasiPjSchema, idAlami, idBaru, opdSchema, pejabatRecordSchema, tugasPjSchema, type TugasPj } from '../../../src/domain/schemas.ts';
import { dokumenPj } from '../../../src/reports/data-pj.ts';
import { pdfPj } from '../../../src/reports/pdf-pj.ts';
import { kodeBaru } from '../../../src/views/penjabat/aksi.ts';

const T = '2024-09-24T09:00:00+07:00';
const pj = pejabatRecordSchema.parse({
  id: idBaru(),
  updatedAt: T,
  nama: 'Dr. Hendra Wijaya, M.Si.',
  nip: '19710101 199303 1 002',
  pangkat: 'Pembina Utama Madya (IV/d)',
  jabatan: 'Bupati Sukamaju',
  level: 'kepala-daerah',
  penugasan: 'pj',
  opdId: idBaru(),
  tmt: '2024-09-24',
  selesai: '2025-02-19',
  dasarPenugasan: 'Keputusan Mendagri Nomor 100.2.1.3-4321 Tahun 2024',
});
const opd = ['BPKPD', 'Dinkes', 'Dinsos', 'Kesbangpol'].map((s, i) =>
  opdSchema.parse({ id: idBaru(), updatedAt: T, kode: `${i}`, nama: `OPD ${s}`, singkatan: s, jenis: 'dinas', kepala: { nama: 'X', jabatan: 'Kepala' } }),
);

describe('periods and deadlines (Permendagri 4/2023: every three months over the term)', () => {
  it('three-month periods from the TMT, the last cut at the end of the term', () => {
    expect(periodePj(pj, '2026-01-01')).toEqual([
      { ke: 1, mulai: '2024-09-24', selesai: '2024-12-23' },
      { ke: 2, mulai: '2024-12-24', selesai: '2025-02-19' },
    ]);
  });

  it('an open term runs up to the period containing today', () => {
    const p = periodePj({ tmt: '2026-01-15', selesai: null }, '2026-07-20');
    expect(p.map((x) => [x.mulai, x.selesai])).toEqual([
      ['2026-01-15', '2026-04-14'],
      ['2026-04-15', '2026-07-14'],
      ['2026-07-15', '2026-10-14'],
    ]);
  });

  it('the report is due after the period, tasks before the report', () => {
    expect(batasLaporanBawaan('2024-12-23')).toBe('2025-01-02');
    expect(batasTugasBawaan('2025-01-02')).toBe('2024-12-28');
  });
});

describe('indicator set (Surat Mendagri 800.1.14/575/IJ; 800.1.14/440/IJ added BUM Desa)', () => {
  it('about ten indicators over the three aspects, each with a default OPD', () => {
    expect(INDIKATOR_PJ_BAWAAN.length).toBeGreaterThanOrEqual(10);
    expect(new Set(INDIKATOR_PJ_BAWAAN.map((i) => i.aspek))).toEqual(new Set(['pemerintahan', 'pembangunan', 'kemasyarakatan']));
    expect(INDIKATOR_PJ_BAWAAN.some((i) => /BUM Desa/.test(i.uraian))).toBe(true);
    const set = indikatorPjBawaan(opd);
    expect(set.find((i) => i.kode === 'B2')!.opdId).toBe(opd[1]!.id);
    expect(set.find((i) => i.kode === 'B4')!.opdId).toBeNull(); // DPMPTSP not in this pemda: left for the admin
  });

  it('editable: a new code per aspect never collides', () => {
    const set = indikatorPjBawaan(opd);
    expect(kodeBaru(set, 'pembangunan')).toBe('B6');
    expect(kodeBaru(set, 'kemasyarakatan')).toBe('K4');
  });
});

describe('tasks, completeness and the compiled report', () => {
  const e = evaluasiPjSchema.parse({
    id: idAlami.evaluasiPj(pj.id, 1),
    updatedAt: T,
    pejabatId: pj.id,
    ke: 1,
    mulai: '2024-09-24',
    selesai: '2024-12-23',
    batasLaporan: '2025-01-02',
    suratDasar: 'Surat Mendagri Nomor 800.1.14/575/IJ tanggal 27 Maret 2023',
    indikator: indikatorPjBawaan(opd).slice(0, 3),
    ringkasan: 'Inflasi terkendali; stunting turun 2,1 poin.',
  });
  const tugas = (kode: string, status: TugasPj['status'], bahan = ''): TugasPj =>
    tugasPjSchema.parse({
      id: idBaru(),
      updatedAt: T,
      evaluasiPjId: e.id,
      opdId: opd[0]!.id,
      kodeIndikator: kode,
      uraian: `Bahan ${kode}`,
      batasWaktu: '2024-12-28',
      status,
      bahan,
    });

  it('a task is late after its own deadline unless its bahan was accepted', () => {
    expect(keadaanTugas(tugas('P1', 'baru'), new Date('2024-12-28T12:00:00+07:00'))).toBe('menunggu');
    expect(keadaanTugas(tugas('P1', 'dikirim'), new Date('2024-12-29T08:00:00+07:00'))).toBe('terlambat');
    expect(keadaanTugas(tugas('P1', 'diterima'), new Date('2025-03-01T08:00:00+07:00'))).toBe('selesai');
  });

  it('the report is complete only when every indicator has accepted bahan', () => {
    const now = new Date('2024-12-30T08:00:00+07:00');
    const sebagian = rekapPj(e, [tugas('P1', 'diterima', 'Realisasi belanja 78 %'), tugas('P2', 'dikirim', 'x')], now);
    expect(sebagian).toMatchObject({ jumlahTugas: 2, diterima: 1, dikirim: 1, siapDikompilasi: false, indikatorTanpaBahan: ['P2', 'P3'] });
    const semua = rekapPj(
      e,
      e.indikator.map((i) => tugas(i.kode, 'diterima', 'ok')),
      now,
    );
    expect(semua.siapDikompilasi).toBe(true);
  });

  it('the compiled PDF names the Pj, the period, the deadline, the letter, the bahan, the summary and what is missing', async () => {
    const t = [tugas('P1', 'diterima', 'Realisasi belanja 78 persen s.d. November'), tugas('P2', 'dikirim', 'Belanja produk dalam negeri 64 persen')];
    const d = { pemda: null, pj, evaluasi: e, tugas: t, opd };
    const dok = dokumenPj(d, new Date('2024-12-30T08:00:00+07:00'));
    expect(dok.judul[1]).toBe('PENJABAT BUPATI SUKAMAJU');
    expect(dok.penandatangan).toMatchObject({ jabatan: 'Pj. BUPATI SUKAMAJU,', nip: '19710101 199303 1 002' });
    expect(dok.belumLengkap).toEqual(['P2 Penggunaan produk dalam negeri dalam belanja daerah (P3DN)', 'P3 Tindak lanjut pengaduan masyarakat (SP4N-LAPOR!)']);
    const blob = await pdfPj(d, new Date('2024-12-30T08:00:00+07:00'));
    const dir = mkdtempSync(join(tmpdir(), 'pj-uji-'));
    const p = join(dir, 'pj.pdf');
    writeFileSync(p, Buffer.from(await blob.arrayBuffer()));
    if (process.env.PK_PNG_DIR) {
      mkdirSync(process.env.PK_PNG_DIR, { recursive: true });
      execFileSync('pdftoppm', ['-png', '-r', '60', p, join(process.env.PK_PNG_DIR, 'pj')]);
    }
    const teks = execFileSync('pdftotext', ['-layout', p, '-']).toString('utf8').replace(/\s+/g, ' ');
    expect(teks).toContain('LAPORAN PELAKSANAAN TUGAS');
    expect(teks).toContain('PERIODE KE-1 (24 SEPTEMBER 2024 – 23 DESEMBER 2024)');
    expect(teks).toContain('2 Januari 2025'); // batas penyampaian laporan
    expect(teks).toContain('Peraturan Menteri Dalam Negeri Nomor 4 Tahun 2023');
    expect(teks).toContain('800.1.14/575/IJ');
    expect(teks).toContain('Realisasi belanja 78 persen');
    expect(teks).toContain('Inflasi terkendali');
    expect(teks).toContain('Bahan yang belum diterima');
    expect(teks).toContain('NIP. 19710101 199303 1 002');
  }, 60_000);
});
