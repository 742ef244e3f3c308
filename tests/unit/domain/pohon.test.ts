/**
 * Pohon kinerja (cascading, docs/domain/pejabat.md §Cascading; the cascade from the kepala
 * daerah's PK down to OPD PKs as public e-SAKIP apps model it, e.g. wp-eval-sakip
 * "pohon kinerja dan cascading"): OPD indicators under the kepala daerah sasaran/indikator they
 * support, on the Rakor screen and the Layar.
 */
import { describe, expect, it } from 'vitest';
import { buatDemo, DEMO_NOW } from '../../../src/demo/generate.ts';
import { pilihanInduk, pohonKinerja } from '../../../src/domain/pohon.ts';
import { hitungRingkasan } from '../../../src/domain/ringkasan.ts';
import { susunSlide, keySlide } from '../../../src/views/layar/slide.ts';

const demo = buatDemo();

describe('pohonKinerja', () => {
  it("puts every linked OPD indicator under the kepala daerah's indicator it supports, with capaian", () => {
    const p = pohonKinerja(demo, 2026, 3, DEMO_NOW)!;
    expect(p).not.toBeNull();
    expect(p.sasaran.length).toBeGreaterThan(0);
    const semua = p.sasaran.flatMap((s) => s.indikator);
    expect(semua).toHaveLength(10);
    const stunting = semua.find((i) => i.uraian === 'Prevalensi stunting')!;
    expect(stunting.dukungan.map((d) => d.opd)).toEqual(expect.arrayContaining(['Dinkes']));
    expect(stunting.dukungan.some((d) => d.opd.startsWith('Kec.'))).toBe(true);
    const dukung = semua.flatMap((i) => i.dukungan);
    expect(dukung.length).toBe(p.jumlahTerhubung);
    expect(p.jumlahTanpaInduk).toBeGreaterThan(0);
    expect(dukung.every((d) => d.capaian === null || d.capaian >= 0)).toBe(true);
  });

  it('links survive an amendment (the OPD indicator of a Perubahan PK keeps its link)', () => {
    const v2 = demo.pk.filter((p) => p.versi === 2 && p.tahun === 2026);
    expect(v2.length).toBe(2);
    const p = pohonKinerja(demo, 2026, 3, DEMO_NOW)!;
    const opdV2 = new Set(v2.map((x) => x.opdId));
    const dukung = p.sasaran.flatMap((s) => s.indikator.flatMap((i) => i.dukungan));
    expect(dukung.some((d) => opdV2.has(d.opdId))).toBe(true);
  });

  it("cascade PKs of eselon III/IV are not the OPD's own: they never appear in the tree", () => {
    const bawahan = new Set(demo.pk.filter((p) => p.pkIndukId).map((p) => p.id));
    const indBawahan = new Set(demo.indikator.filter((i) => bawahan.has(i.pkId)).map((i) => i.id));
    const p = pohonKinerja(demo, 2026, 3, DEMO_NOW)!;
    expect(p.sasaran.flatMap((s) => s.indikator.flatMap((i) => i.dukungan)).some((d) => indBawahan.has(d.indikatorId))).toBe(false);
  });

  it('the editor offers the kepala daerah sasaran and indicators of the year', () => {
    const pilih = pilihanInduk(demo, 2026);
    expect(pilih.filter((x) => x.jenis === 'indikator')).toHaveLength(10);
    expect(pilih[0]!.jenis).toBe('sasaran');
  });

  it('the Layar gets one pohon slide per kepala daerah sasaran, between the arahan and the OPD slides', () => {
    const r = hitungRingkasan({ ...demo, pemda: demo.pemda[0]! }, 2026, 3, DEMO_NOW);
    const p = pohonKinerja(demo, 2026, 3, DEMO_NOW);
    const slides = susunSlide(r, { arahanLalu: ['Arahan lama'], arahanIni: [], formatNilai: () => '', formatPersen: () => '' }, p);
    const jenis = slides.map((s) => s.jenis);
    const pohon = slides.filter((s) => s.jenis === 'pohon');
    expect(pohon).toHaveLength(p!.sasaran.length);
    expect(jenis.indexOf('pohon')).toBeGreaterThan(jenis.indexOf('arahan'));
    expect(jenis.lastIndexOf('pohon')).toBeLessThan(jenis.indexOf('opd'));
    expect(new Set(pohon.map(keySlide)).size).toBe(pohon.length);
    expect(susunSlide(r, { arahanLalu: ['Arahan lama'], arahanIni: [], formatNilai: () => '', formatPersen: () => '' }).some((s) => s.jenis === 'pohon')).toBe(
      false,
    ); // without a tree: unchanged
  });
});
