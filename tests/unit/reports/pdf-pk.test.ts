/**
 * The two official PK forms of Permenpan-RB 53/2014 (docs/domain/pejabat.md §PK), as data and as PDF
 * (text read back with pdftotext; page images written with pdftoppm to PK_PNG_DIR when set, to be
 * looked at): the PK Pemda (the kepala daerah's own one-signatory statement) and the PK of a kepala
 * OPD (two parties, the superior as pihak kedua), Plt/Pj titles, pangkat and spaced NIP, "DRAF" on
 * unsigned PKs, milestone targets in the lampiran, keterangan as entered.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dokumenPk, type DataPkMasuk } from '../../../src/reports/data-pk.ts';
import { pdfPk } from '../../../src/reports/pdf-pk.ts';
import { opdSchema } from '../../../src/domain/schemas.ts';
import { snapshotPk } from '../../../src/domain/pk.ts';
import * as f from './fixture.ts';

async function teks(nama: string, d: DataPkMasuk): Promise<string> {
  const blob = await pdfPk(d);
  const dir = mkdtempSync(join(tmpdir(), 'pk-uji-'));
  const p = join(dir, `${nama}.pdf`);
  writeFileSync(p, Buffer.from(await blob.arrayBuffer()));
  const keluar = process.env.PK_PNG_DIR;
  if (keluar) {
    mkdirSync(keluar, { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', p, join(keluar, nama)]);
  }
  return execFileSync('pdftotext', ['-layout', p, '-']).toString('utf8');
}

const pemda = f.pemda();
const kd = opdSchema.parse({
  id: f.id(),
  updatedAt: '2026-01-02T00:00:00Z',
  kode: '0.00',
  nama: 'Bupati Sukamaju',
  singkatan: 'Bupati',
  jenis: 'kepala-daerah',
  kepala: { nama: 'H. Ahmad Fauzi, S.H.', jabatan: 'Bupati Sukamaju' },
});
const dinsos = f.opd('Dinas Sosial', 'Dinsos');

function pkPemda(pihak: { nama: string; nip: string; jabatan: string; pangkat: string }, signed: boolean) {
  const pk = f.pk(kd, { pihakPertama: pihak, pihakKedua: pihak, status: signed ? 'ditandatangani' : 'draft', nomorDokumen: '100.3.3/01/PK/2026' });
  const s = f.sasaran(pk, 'Meningkatnya kualitas sumber daya manusia');
  const i = f.indikator(s, 'Indeks Pembangunan Manusia', 72.5, { satuan: 'indeks', targetMilestone: { '100H': 71.9, '6B': 72.1, '1T': 72.5 } });
  const snap = signed ? { ...pk, snapshot: snapshotPk(pk.id, [s], [i], []) } : pk;
  return { pemda, opd: kd, pk: snap, sasaran: [s], indikator: [i], program: [] };
}

function pkOpd(signed: boolean) {
  const pk = f.pk(dinsos, {
    status: signed ? 'ditandatangani' : 'draft',
    pihakPertama: { nama: 'Dra. Yuliana Hasibuan, M.Si.', nip: '197505052000032002', jabatan: 'Plt. Kepala Dinas Sosial', pangkat: 'Pembina (IV/a)' },
    pihakKedua: { nama: 'H. Ahmad Fauzi, S.H.', nip: '', jabatan: 'Bupati Sukamaju', pangkat: '' },
  });
  const s = f.sasaran(pk, 'Menurunnya jumlah penyandang masalah kesejahteraan sosial');
  const i = f.indikator(s, 'Persentase PPKS yang mendapat bantuan sosial', 85);
  const p1 = f.program(pk, 'Program Rehabilitasi Sosial', 1_250_000_000, { kode: '1.06.04' });
  const p2 = f.program(pk, 'Program Perlindungan dan Jaminan Sosial', 900_000_000, { kode: '1.06.05', keterangan: 'APBD, DAK' });
  return { pemda, opd: dinsos, pk, sasaran: [s], indikator: [i], program: [p1, p2] };
}

const LAMA = 60_000;

describe("PK Pemda: the kepala daerah's one-signatory statement (Permenpan-RB 53/2014)", () => {
  it(
    'has one party, no superior, no NIP for an elected Bupati, and the milestone targets',
    async () => {
      const d = pkPemda({ nama: 'H. Ahmad Fauzi, S.H.', nip: '', jabatan: 'Bupati Sukamaju', pangkat: '' }, true);
      const dok = dokumenPk(d);
      expect(dok.bentuk).toBe('pemda');
      expect(dok.judul).toEqual(['PERJANJIAN KINERJA TAHUN 2026', 'PEMERINTAH KABUPATEN SUKAMAJU']);
      expect(dok.pihak).toHaveLength(1);
      expect(dok.tandaTangan).toEqual([{ peran: null, jabatan: 'BUPATI SUKAMAJU,', nama: 'H. Ahmad Fauzi, S.H.', pangkat: '', nip: '' }]);
      expect(dok.draf).toBe(false);
      const t = await teks('pk-pemda', d);
      expect(t).toContain('yang bertanda tangan di bawah ini');
      expect(t).toMatch(/menjadi\s+tanggung\s+jawab\s+saya/);
      expect(t).not.toMatch(/pihak kedua|PIHAK KEDUA|Gubernur|selaku atasan/i);
      expect(t).not.toContain('NIP');
      expect(t).toMatch(/100 Hari\s+6 Bulan\s+1 Tahun/);
      expect(t).toMatch(/71,9 indeks\s+72,1 indeks\s+72,5 indeks/);
      expect(t).toContain('Sukamaju Kota, 5 Januari 2026');
      expect(t).not.toContain('DRAF');
    },
    LAMA,
  );

  it(
    'a Penjabat signs as "Pj. Bupati" with pangkat and spaced NIP; unsigned, it is a DRAF',
    async () => {
      const d = pkPemda(
        { nama: 'Dr. Hendra Wijaya, M.Si.', nip: '197101011993031002', jabatan: 'Pj. Bupati Sukamaju', pangkat: 'Pembina Utama Madya (IV/d)' },
        false,
      );
      const t = await teks('pk-pemda-pj-draf', d);
      expect(t).toContain('Pj. BUPATI SUKAMAJU,');
      expect(t).toContain('Pembina Utama Madya (IV/d)');
      expect(t).toContain('NIP. 19710101 199303 1 002');
      expect(t).toContain('DRAF');
    },
    LAMA,
  );
});

describe('PK kepala OPD: the two-party form (Permenpan-RB 53/2014)', () => {
  it(
    'pihak pertama with the superior as pihak kedua; Plt title, pangkat, spaced NIP; keterangan as entered',
    async () => {
      const d = pkOpd(true);
      const dok = dokumenPk(d);
      expect(dok.bentuk).toBe('dua-pihak');
      expect(dok.tandaTangan.map((x) => [x.peran, x.jabatan, x.pangkat, x.nip])).toEqual([
        ['PIHAK KEDUA', 'Bupati Sukamaju', '', ''],
        ['PIHAK PERTAMA', 'Plt. Kepala Dinas Sosial', 'Pembina (IV/a)', '19750505 200003 2 002'],
      ]);
      expect(dok.barisProgram.map((p) => p.keterangan)).toEqual(['', 'APBD, DAK']);
      expect(dok.adaMilestone).toBe(false);
      const t = await teks('pk-opd', d);
      expect(t).toContain('selaku atasan pihak pertama, selanjutnya disebut pihak kedua');
      expect(t).toContain('Plt. Kepala Dinas Sosial');
      expect(t).toContain('Pembina (IV/a)');
      expect(t).toContain('NIP. 19750505 200003 2 002');
      expect(t).not.toContain('NIP. \n'); // no empty NIP line for the Bupati
      expect(t.match(/APBD/g) ?? []).toHaveLength(1); // only where it was entered
      expect(t).not.toContain('DRAF');
    },
    LAMA,
  );

  it(
    'an unsigned PK prints "DRAF" on every page',
    async () => {
      const t = await teks('pk-opd-draf', pkOpd(false));
      const halaman = t.split('\f').filter((h) => h.trim());
      expect(halaman.length).toBeGreaterThanOrEqual(2);
      for (const h of halaman) expect(h).toContain('DRAF');
    },
    LAMA,
  );
});
