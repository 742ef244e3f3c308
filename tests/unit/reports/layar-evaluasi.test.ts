import { describe, expect, it } from 'vitest';
import {
  tekanTombol,
  lompat,
  susunSlide,
  keySlide,
  periodeDariHash,
  halamanOpd,
  pecahTeks,
  barisButir,
  halamanArahan,
  judulSlide,
  BARIS_KOLOM,
  type BahanSlide,
  type KeadaanLayar,
} from '../../../src/views/layar/slide.ts';
import { periodeRakorBawaan as periodeBawaan } from '../../../src/lib/periode.svelte.ts';
import { barisEksporRingkasan, barisEksporIndikator, barisEksporAnggaran, barisEksporArahan, FORMAT } from '../../../src/reports/ekspor.ts';
import { tulisXlsx } from '../../../src/reports/spreadsheet.ts';

const bahan = (arahanLalu: string[] = [], arahanIni: string[] = []): BahanSlide => ({
  arahanLalu,
  arahanIni,
  formatNilai: (i) => `${i.realisasi} / ${String(i.target)}`,
  formatPersen: (n) => `${n} %`,
});
import { bolehTindakLanjut, bolehKelolaRakor } from '../../../src/views/rakor/izin.ts';
import { hitungRingkasan, type DataPemda, type Ringkasan } from '../../../src/domain/ringkasan.ts';
import * as f from './fixture.ts';

const NOW = new Date('2026-11-23T02:00:00Z');
const k0: KeadaanLayar = { indeks: 0, jeda: false, ketikan: '' };

function dunia(): DataPemda {
  const o1 = f.opd('Dinas Kesehatan', 'Dinkes');
  const o2 = f.opd('Dinas Sosial', 'Dinsos');
  const p1 = f.pk(o1);
  const p2 = f.pk(o2);
  const i1 = f.indikator(f.sasaran(p1, 'S1'), 'I1', 100);
  const i2 = f.indikator(f.sasaran(p2, 'S2'), 'I2', 100);
  return {
    pemda: f.pemda(),
    opd: [o1, o2],
    pk: [p1, p2],
    sasaran: [],
    indikator: [i1, i2],
    program: [],
    realisasi: [f.realisasi(i1, 'TW3', 95), f.realisasi(i2, 'TW3', 60)],
    realisasiAnggaran: [],
    rakor: [],
    arahan: [],
  };
}

describe('Layar keyboard control', () => {
  it('moves with arrows (wrapping), Home/End, pauses with space, asks for full screen with F', () => {
    expect(tekanTombol(k0, 'ArrowRight', 5)!.indeks).toBe(1);
    expect(tekanTombol(k0, 'ArrowLeft', 5)!.indeks).toBe(4);
    expect(tekanTombol({ ...k0, indeks: 4 }, 'ArrowRight', 5)!.indeks).toBe(0);
    expect(tekanTombol({ ...k0, indeks: 2 }, 'Home', 5)!.indeks).toBe(0);
    expect(tekanTombol(k0, 'End', 5)!.indeks).toBe(4);
    expect(tekanTombol(k0, ' ', 5)!.jeda).toBe(true);
    expect(tekanTombol({ ...k0, jeda: true }, ' ', 5)!.jeda).toBe(false);
    expect(tekanTombol(k0, 'f', 5)!.layarPenuh).toBe(true);
    expect(tekanTombol(k0, 'x', 5)).toBeNull();
  });

  it('jumps to a typed slide number with Enter, clamped; Escape clears typing before leaving', () => {
    const a = tekanTombol(k0, '1', 40)!;
    const b = tekanTombol(a, '2', 40)!;
    expect(b.ketikan).toBe('12');
    expect(b.lompatNanti).toBe(true);
    expect(tekanTombol(b, 'Enter', 40)!.indeks).toBe(11);
    expect(lompat({ ...k0, ketikan: '99' }, 40).indeks).toBe(39);
    expect(tekanTombol(b, 'Escape', 40)).toMatchObject({ ketikan: '', indeks: 0 });
    expect(tekanTombol(k0, 'Escape', 40)!.keluar).toBe(true);
  });

  it("builds tiles, chart, earlier arahan, this meeting's arahan (always) and one slide per OPD with stable keys", () => {
    const r = hitungRingkasan(dunia(), 2026, 3, NOW);
    const s = susunSlide(r, bahan(['Arahan lama']));
    expect(s.map((x) => x.jenis)).toEqual(['ringkasan', 'grafik', 'arahan', 'arahan', 'opd', 'opd']);
    expect(s.map(keySlide).slice(2)).toEqual(['arahan:lalu:1', 'arahan:ini:1', `opd:${r.opd[0]!.opdId}:1`, `opd:${r.opd[1]!.opdId}:1`]);
    const g = s[1]!;
    if (g.jenis !== 'grafik') throw new Error('grafik expected');
    expect(g.kolom[0]!.map((b) => `${b.label} ${b.teks}`)).toEqual(['Dinkes 95 %', 'Dinsos 60 %']);
    // No earlier arahan: no follow-up slide, but the live slide for this meeting's arahan stays.
    expect(
      susunSlide(r, bahan())
        .filter((x) => x.jenis === 'arahan')
        .map(keySlide),
    ).toEqual(['arahan:ini:1']);
    expect(s.map(judulSlide)[3]).toBe('Arahan rapat ini');
  });

  it('nothing is hidden: long lists page into more slides, long texts are split and every item is on some slide (docs/domain/rakor.md §Layar)', () => {
    const r = hitungRingkasan(dunia(), 2026, 3, NOW);
    const o = r.opd[0]!;
    const panjang = 'Cakupan pelayanan kesehatan ibu hamil sesuai standar di seluruh puskesmas dan jaringannya '.repeat(2);
    const besar = {
      ...o,
      dibawahTarget: Array.from({ length: 26 }, (_, i) => ({
        indikatorId: `i${i}`,
        uraian: `${i} ${panjang}`,
        satuan: '%',
        target: 100,
        realisasi: 50,
        capaian: 50,
      })),
      tdi: Array.from({ length: 4 }, (_, i) => ({ indikatorId: `t${i}`, uraian: `TDI ${i}`, alasan: 'Data belum rilis' })),
      masalah: Array.from({ length: 5 }, (_, i) => ({
        indikatorId: `m${i}`,
        indikator: 'x',
        masalah: `Masalah ${i} ${'sangat panjang '.repeat(i === 0 ? 200 : 8)}`,
        solusi: `Solusi ${i}`,
        tindakLanjut: '',
      })),
    };
    const hal = halamanOpd(besar, { nilai: () => '50 / 100', persen: () => '50 %' });
    expect(hal.length).toBeGreaterThan(1);
    // Every page fits its columns' line budget.
    for (const h of hal) {
      expect(h.kiri.reduce((n, b) => n + barisButir(b), 0)).toBeLessThanOrEqual(BARIS_KOLOM);
      expect(h.kanan.reduce((n, b) => n + barisButir(b), 0)).toBeLessThanOrEqual(BARIS_KOLOM);
    }
    // Every indicator, TDI and masalah is on some page (split texts joined back give the original words).
    const kiri = hal.flatMap((h) => h.kiri);
    for (const i of besar.dibawahTarget) expect(kiri.some((b) => b.kunci.startsWith(`i:${i.indikatorId}`))).toBe(true);
    for (const t of besar.tdi) expect(kiri.some((b) => b.kunci.startsWith(`t:${t.indikatorId}`))).toBe(true);
    const kanan = hal.flatMap((h) => h.kanan);
    const teksM0 = kanan
      .filter((b) => b.kunci.startsWith('m:m0'))
      .map((b) => (b.jenis === 'masalah' ? b.masalah : ''))
      .join(' ');
    expect(
      teksM0
        .replace(/\(lanjutan\)/g, '')
        .split(/\s+/)
        .filter(Boolean),
    ).toEqual(besar.masalah[0]!.masalah.split(/\s+/).filter(Boolean));
    for (const m of besar.masalah) expect(kanan.some((b) => b.kunci.startsWith(`m:${m.indikatorId}`))).toBe(true);
    // pecahTeks keeps every character (word order) and respects the limit.
    const p = pecahTeks(`${'a'.repeat(130)} b c`, 50);
    expect(p.every((x) => x.length <= 50)).toBe(true);
    expect(p).toEqual(['a'.repeat(50), 'a'.repeat(50), `${'a'.repeat(30)} b c`]);
    // 12 arahan page into slides of at most 5 rows.
    const ar = halamanArahan(Array.from({ length: 12 }, (_, i) => `Arahan ${i}`));
    expect(ar.map((x) => x.jumlah)).toEqual([5, 5, 2]);
  });

  it('splits 45 OPD into two chart slides of two 20-bar columns at most', () => {
    const r = hitungRingkasan(dunia(), 2026, 3, NOW);
    const banyak: Ringkasan = { ...r, opd: Array.from({ length: 45 }, (_, i) => ({ ...r.opd[0]!, opdId: `x${i}`, singkatan: `OPD ${i}` })) };
    const grafik = susunSlide(banyak, bahan()).filter((x) => x.jenis === 'grafik');
    expect(grafik.length).toBe(2);
    expect(grafik.map((g) => (g.jenis === 'grafik' ? g.kolom.map((k) => k.length) : []))).toEqual([[20, 20], [5]]);
  });

  it('picks the period from the hash or the latest ended quarter (WIB)', () => {
    expect(periodeDariHash('#/layar?tahun=2026&tw=3')).toEqual({ tahun: 2026, triwulan: 3 });
    expect(periodeDariHash('#/layar?tahun=2026&tw=7')).toBeNull();
    expect(periodeBawaan(NOW)).toEqual({ tahun: 2026, triwulan: 3 });
    expect(periodeBawaan(new Date('2026-02-10T00:00:00Z'))).toEqual({ tahun: 2025, triwulan: 4 });
    expect(periodeBawaan(new Date('2026-03-31T18:00:00Z'))).toEqual({ tahun: 2026, triwulan: 1 });
  });
});

// Evaluasi pejabat rows (PP 11/2017 pasal 142) are tested in tests/unit/views/evaluasi.test.ts.

describe('exports and permissions', () => {
  it('exports every row with target, realisasi, capaian, predikat and status, numbers formatted (docs/domain/rakor.md §Ekspor)', async () => {
    const d = dunia();
    const r = hitungRingkasan(d, 2026, 3, NOW);
    const rows = barisEksporRingkasan(r);
    expect(rows[0]!.slice(3, 8)).toEqual(['Keadaan', 'Terisi', 'Jatuh Tempo', 'Capaian (%)', 'Predikat']);
    expect(rows[1]!.slice(1, 8)).toEqual([
      'Dinas Kesehatan',
      'Dinkes',
      'PK draf',
      { nilai: 1, format: '0' },
      { nilai: 1, format: '0' },
      { nilai: 95, format: FORMAT.persen },
      'Sangat Tinggi',
    ]);
    expect(rows.at(-1)!.slice(1, 2)).toEqual(['Total / rata-rata']);
    // Indikator: every indicator, not only those below target, with target/realisasi/capaian/predikat/status.
    const ind = barisEksporIndikator(r, d);
    expect(ind[0]).toEqual(expect.arrayContaining(['Target', 'Capaian (%)', 'Predikat', 'Status']));
    expect(ind.length - 1).toBe(r.opd.reduce((n, o) => n + o.caraHitung.length, 0));
    expect(ind[1]!.slice(0, 5)).toEqual([
      'Dinkes',
      expect.any(String),
      expect.any(String),
      expect.any(String),
      { nilai: expect.any(Number), format: FORMAT.angka },
    ]);
    expect(barisEksporAnggaran(r, d)[0]).toContain('Status Pengadaan');
    expect(barisEksporArahan({ ...d, tindakLanjutArahan: [] }, '2026-11-23')[0]).toContain('Tindak Lanjut');
    // XLSX: numbers stored as numbers with a number format (an Indonesian Excel shows 54.420.250.000).
    const blob = await tulisXlsx([{ nama: 'Ringkasan', baris: [['Pagu'], [{ nilai: 54_420_250_000, format: FORMAT.rupiah }]] }]);
    const { unzipSync, strFromU8 } = await import('fflate');
    const zip = unzipSync(new Uint8Array(await blob.arrayBuffer()));
    const gaya = strFromU8(zip['xl/styles.xml']!);
    expect(gaya).toContain('formatCode="#,##0"');
    expect(strFromU8(zip['xl/worksheets/sheet1.xml']!)).toMatch(/<v>54420250000<\/v>/);
  });

  it('operators follow up only arahan to their OPD or to all', () => {
    const op = { role: 'operator' as const, opdId: 'a' };
    expect(bolehTindakLanjut(op, { opdId: 'a' })).toBe(true);
    expect(bolehTindakLanjut(op, { opdId: null })).toBe(true);
    expect(bolehTindakLanjut(op, { opdId: 'b' })).toBe(false);
    expect(bolehTindakLanjut({ role: 'viewer', opdId: null }, { opdId: null })).toBe(false);
    expect(bolehKelolaRakor({ role: 'pimpinan', opdId: null })).toBe(true);
    expect(bolehKelolaRakor(op)).toBe(false);
  });
});

describe('chart bars', () => {
  it('leave out the kepala-daerah PK and put OPD without data last in grey', async () => {
    const { batangCapaian } = await import('../../../src/reports/grafik.ts');
    const r = hitungRingkasan(dunia(), 2026, 3, NOW);
    const [a, b] = r.opd as [Ringkasan['opd'][number], Ringkasan['opd'][number]];
    const bupati = { ...a, opdId: 'kd', singkatan: 'Bupati', jenis: 'kepala-daerah' as const, capaian: 100 };
    const kosong = { ...b, opdId: 'k', singkatan: 'Kosong', capaian: null, predikat: { ...b.predikat, kode: 'tidak-ada' as const, warna: '#d5d9df' } };
    const bars = batangCapaian({ opd: [kosong, bupati, a, b] });
    expect(bars.map((x) => x.label)).toEqual(['Dinkes', 'Dinsos', 'Kosong']);
    expect(bars[2]).toMatchObject({ nilai: 0, teks: 'Belum ada data', warna: '#d5d9df' });
  });
});
