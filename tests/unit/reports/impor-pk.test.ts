import { describe, expect, it } from 'vitest';
import { barisTemplat, bacaTarget, periksaImporPk, KOLOM_IMPOR, type Sel } from '../../../src/reports/impor-pk.ts';
import { indikatorSchema, sasaranSchema } from '../../../src/domain/schemas.ts';
import { bacaCsv, tulisCsv, tulisXlsx, bacaBerkas } from '../../../src/reports/spreadsheet.ts';
import * as f from './fixture.ts';

const NOW = new Date('2026-11-23T02:00:00Z');

function konteks(extra: Partial<Parameters<typeof periksaImporPk>[1]> = {}) {
  const o = f.opd();
  const p = f.pk(o);
  let i = 0;
  return { pk: p, sasaranAda: [], jumlahIndikatorAda: 0, now: NOW, oleh: 'op-dinkes', idBaru: () => `10000000-0000-4000-8000-${String(++i).padStart(12, '0')}`, ...extra };
}

const HEADER = KOLOM_IMPOR.map((k) => k.judul);
const baris = (o: Partial<Record<(typeof KOLOM_IMPOR)[number]['kunci'], Sel>>): Sel[] => KOLOM_IMPOR.map((k) => o[k.kunci] ?? '');

describe('periksaImporPk', () => {
  it('turns a valid sheet into sasaran and indikator writes that pass the schemas', () => {
    const ctx = konteks();
    const rows: Sel[][] = [
      HEADER,
      baris({ sasaran: 'Meningkatnya derajat kesehatan', uraian: 'Angka kematian bayi', satuan: 'per 1.000 KH', polaritas: 'turun', agregasi: 'akhir', targetTahunan: '7,5', tw4: '7,5' }),
      baris({ uraian: 'Cakupan imunisasi dasar lengkap', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 95, jenis: 'ikk' }),
      baris({}),
      baris({ sasaran: 'Gizi masyarakat membaik', uraian: 'Prevalensi stunting', satuan: '%', polaritas: 'rentang', agregasi: 'akhir', targetTahunan: '10 - 14', sumberData: 'e-PPGBM' }),
    ];
    const h = periksaImporPk(rows, ctx);
    expect(h.ok).toBe(true);
    if (!h.ok) return;
    expect(h.jumlahIndikator).toBe(3);
    expect(h.jumlahSasaranBaru).toBe(2);
    const sas = h.writes.filter((w) => w.table === 'sasaran');
    const ind = h.writes.filter((w) => w.table === 'indikator');
    expect(sas.map((w) => (w.fields as { uraian: string }).uraian)).toEqual(['Meningkatnya derajat kesehatan', 'Gizi masyarakat membaik']);
    // The second row continues the first row's sasaran (empty cell = merged cell above).
    expect((ind[1]!.fields as { sasaranId: string }).sasaranId).toBe(sas[0]!.id);
    expect((ind[2]!.fields as { sasaranId: string }).sasaranId).toBe(sas[1]!.id);
    expect(ind.map((w) => (w.fields as { targetTahunan: unknown }).targetTahunan)).toEqual([7.5, 95, [10, 14]]);
    expect((ind[0]!.fields as { targetTriwulan: unknown }).targetTriwulan).toEqual([null, null, null, 7.5]);
    expect((ind[1]!.fields as { jenis: string }).jenis).toBe('IKK');
    for (const w of h.writes) {
      const schema = w.table === 'sasaran' ? sasaranSchema : indikatorSchema;
      expect(schema.safeParse({ ...w.fields, id: w.id, updatedAt: NOW.toISOString() }).success).toBe(true);
    }
  });

  it('reuses an existing sasaran with the same text and numbers new indicators after the old ones', () => {
    const ctx0 = konteks();
    const s = f.sasaran(ctx0.pk, 'Meningkatnya Derajat Kesehatan', 0);
    const h = periksaImporPk(
      [HEADER, baris({ sasaran: 'meningkatnya derajat  kesehatan', uraian: 'AKI', satuan: 'per 100.000 KH', polaritas: 'turun', agregasi: 'akhir', targetTahunan: 90 })],
      { ...ctx0, sasaranAda: [s], jumlahIndikatorAda: 4 },
    );
    expect(h.ok && h.writes.length).toBe(1);
    if (!h.ok) return;
    expect(h.writes[0]!.fields).toMatchObject({ sasaranId: s.id, urutan: 4 });
  });

  it('reports every bad row with its row number and column, and imports nothing', () => {
    const rows: Sel[][] = [
      HEADER,
      baris({ sasaran: 'S1', uraian: 'Indikator baik', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 80 }),
      baris({ uraian: '', satuan: '%', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 'delapan puluh' }),
      baris({ uraian: 'Indikator X', satuan: '%', polaritas: 'naik-turun', agregasi: 'total', targetTahunan: 50 }),
      baris({ uraian: 'Rentang terbalik', satuan: 'hari', polaritas: 'rentang', agregasi: 'akhir', targetTahunan: '20 - 10', tw2: 'abc' }),
    ];
    const h = periksaImporPk(rows, konteks());
    expect(h.ok).toBe(false);
    if (h.ok) return;
    const per = h.galat.map((g) => `${g.baris}|${g.kolom}`);
    expect(per).toContain('3|Target Tahunan');
    expect(per).toContain('3|Indikator');
    expect(per).toContain('4|Polaritas');
    expect(per).toContain('4|Agregasi');
    expect(per).toContain('5|Target Tahunan');
    expect(per).toContain('5|Target s.d. TW2');
    expect(h.galat.some((g) => g.baris === 2)).toBe(false);
    expect(h.galat.find((g) => g.baris === 3 && g.kolom === 'Target Tahunan')!.pesan).toContain('bukan angka');
    expect(h.galat.find((g) => g.baris === 3 && g.kolom === 'Indikator')!.pesan).toBe('Wajib diisi');
    expect(h.galat.find((g) => g.baris === 4 && g.kolom === 'Polaritas')!.pesan).toMatch(/tidak dikenal.*naik, turun, rentang/);
  });

  it('refuses a file without the required columns, an empty file, and a signed PK', () => {
    const tanpa = periksaImporPk([['Sasaran', 'Indikator'], ['a', 'b']], konteks());
    expect(tanpa.ok).toBe(false);
    if (!tanpa.ok) expect(tanpa.galat.map((g) => g.kolom)).toEqual(expect.arrayContaining(['Satuan', 'Polaritas (naik/turun/rentang)', 'Target Tahunan']));
    const kosong = periksaImporPk([HEADER], konteks());
    expect(kosong.ok || kosong.galat[0]!.pesan).toMatch(/kosong/);
    const ctx = konteks();
    const ttd = periksaImporPk([HEADER, baris({ sasaran: 'a' })], { ...ctx, pk: { ...ctx.pk, status: 'ditandatangani' } });
    expect(ttd.ok || ttd.galat[0]!.pesan).toMatch(/ditandatangani/);
  });

  it('accepts the downloadable template as a valid one-indicator file', () => {
    const h = periksaImporPk(barisTemplat(), konteks());
    expect(h.ok && h.jumlahIndikator).toBe(1);
  });
});

describe('bacaTarget', () => {
  it('reads id-ID numbers, bands and blanks', () => {
    expect(bacaTarget('1.234,5', false)).toEqual({ ok: true, nilai: 1234.5 });
    expect(bacaTarget(12.5, false)).toEqual({ ok: true, nilai: 12.5 });
    expect(bacaTarget('', false)).toEqual({ ok: true, nilai: null });
    expect(bacaTarget('10 s.d. 20', true)).toEqual({ ok: true, nilai: [10, 20] });
    expect(bacaTarget('-5', true)).toEqual({ ok: true, nilai: -5 });
    expect(bacaTarget('10 - 20', false).ok).toBe(false);
  });
});

describe('spreadsheet round trip', () => {
  it('reads back a CSV written with ; and decimal commas, and an XLSX', async () => {
    const data = [['Indikator', 'Target'], ['AKB', 7.5]];
    const csv = await tulisCsv(data);
    expect(csv).toContain('7,5');
    const kembali = await bacaCsv(csv);
    expect(kembali).toEqual([['Indikator', 'Target'], ['AKB', '7,5']]);
    const xlsx = await tulisXlsx([{ nama: 'Templat', baris: data }]);
    expect(await bacaBerkas(xlsx, 'x.xlsx')).toEqual([['Indikator', 'Target'], ['AKB', 7.5]]);
    await expect(bacaBerkas(new Blob(['bukan zip']), 'x.xlsx')).rejects.toThrow(/tidak dapat dibaca/);
    await expect(bacaBerkas(new Blob(['x']), 'x.pdf')).rejects.toThrow(/tidak didukung/);
  });
});
