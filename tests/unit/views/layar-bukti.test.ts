/**
 * The Layar's evidence strip (issue 15 point 5; docs/bukti-dukung.md "Layar"): which pictures belong
 * to an OPD's quarter, and the room the strip takes on the OPD's first slide without hiding any text
 * (docs/domain/rakor.md §Layar).
 */
import { describe, expect, it } from 'vitest';
import { barisButir, BARIS_KOLOM, BUKTI_PER_SLIDE, buktiTriwulan, halamanOpd, susunSlide, type BahanSlide } from '../../../src/views/layar/slide.ts';
import { hitungRingkasan, type DataPemda } from '../../../src/domain/ringkasan.ts';
import { buktiDukungSchema, type BuktiDukung } from '../../../src/domain/schemas.ts';
import * as f from '../reports/fixture.ts';

const NOW = new Date('2026-11-23T02:00:00Z');
let n = 0;
const hash = () => (++n).toString(16).padStart(64, 'a');
function bukti(tabel: BuktiDukung['tabel'], recordId: string, opdId: string, ubah: Partial<BuktiDukung> = {}): BuktiDukung {
  return buktiDukungSchema.parse({
    id: f.id(),
    updatedAt: '2026-11-01T00:00:00Z',
    tabel,
    recordId,
    opdId,
    hash: hash(),
    nama: `foto-${n}.jpg`,
    mime: 'image/jpeg',
    ukuran: 1000,
    ...ubah,
  });
}

function dunia() {
  const o1 = f.opd('Dinas Kesehatan', 'Dinkes');
  const o2 = f.opd('Dinas Sosial', 'Dinsos');
  const p1 = f.pk(o1);
  const p2 = f.pk(o2);
  const i1 = f.indikator(f.sasaran(p1, 'S1'), 'I1', 100);
  const i2 = f.indikator(f.sasaran(p2, 'S2'), 'I2', 100);
  const prog = f.program(p1, 'Program gizi', 1_000_000);
  const r3 = f.realisasi(i1, 'TW3', 95);
  const r2 = f.realisasi(i1, 'TW2', 70);
  const a3 = f.realisasiAnggaran(prog, 3, 500_000, 50);
  const rk = f.rakor();
  const ar = f.arahan(rk, 'Percepat serapan', { opdId: o1.id });
  const tl = { id: f.id(), updatedAt: '2026-11-01T00:00:00Z', rev: 1, deleted: false, updatedBy: 'x', arahanId: ar.id, opdId: o1.id } as never;
  const data: DataPemda = {
    pemda: f.pemda(),
    opd: [o1, o2],
    pk: [p1, p2],
    sasaran: [],
    indikator: [i1, i2],
    program: [prog],
    realisasi: [r3, r2, f.realisasi(i2, 'TW3', 60)],
    realisasiAnggaran: [a3],
    rakor: [rk],
    arahan: [ar],
    tindakLanjutArahan: [tl],
    buktiDukung: [],
  };
  return { data, o1, o2, r3, r2, a3, tl: tl as { id: string } };
}

describe('buktiTriwulan', () => {
  it("gathers an OPD's images of the quarter from realisasi, anggaran and arahan follow-up; accepted first; no documents, deleted or other quarters", () => {
    const { data, o1, o2, r3, r2, a3, tl } = dunia();
    const terima = bukti('realisasi', r3.id, o1.id, { status: 'diterima', nama: 'z-diterima.jpg' });
    const angg = bukti('realisasiAnggaran', a3.id, o1.id, { nama: 'b-kwitansi.jpg' });
    const tindak = bukti('tindakLanjutArahan', tl.id, o1.id, { nama: 'a-rapat.jpg', mime: 'image/png' });
    data.buktiDukung = [
      bukti('realisasi', r2.id, o1.id), // TW2
      bukti('realisasi', r3.id, o1.id, { mime: 'application/pdf' }),
      bukti('realisasi', r3.id, o1.id, { deleted: true }),
      angg,
      terima,
      tindak,
      { ...angg, id: f.id() }, // the same content named twice: one picture
    ];
    const m = buktiTriwulan(data, 2026, 3);
    expect(m.get(o1.id)?.map((b) => b.nama)).toEqual(['z-diterima.jpg', 'a-rapat.jpg', 'b-kwitansi.jpg']);
    expect(m.get(o1.id)?.[0]).toEqual({ hash: terima.hash, nama: 'z-diterima.jpg', status: 'diterima' });
    expect(m.has(o2.id)).toBe(false);
    expect(buktiTriwulan(data, 2026, 4).size).toBe(0);
  });

  it(`at most ${BUKTI_PER_SLIDE} pictures per OPD`, () => {
    const { data, o1, r3 } = dunia();
    data.buktiDukung = Array.from({ length: 12 }, () => bukti('realisasi', r3.id, o1.id));
    expect(buktiTriwulan(data, 2026, 3).get(o1.id)).toHaveLength(BUKTI_PER_SLIDE);
  });
});

describe('the strip on the OPD slide', () => {
  const bahan = (bukti?: BahanSlide['bukti']): BahanSlide => ({
    arahanLalu: [],
    arahanIni: [],
    formatNilai: () => 'x',
    formatPersen: () => 'y',
    ...(bukti ? { bukti } : {}),
  });

  it('only on the first slide of the OPD with evidence; none without', () => {
    const { data, o1, r3 } = dunia();
    data.buktiDukung = [bukti('realisasi', r3.id, o1.id)];
    const r = hitungRingkasan(data, 2026, 3, NOW);
    const s = susunSlide(r, bahan(buktiTriwulan(data, 2026, 3)));
    const opd = s.filter((x) => x.jenis === 'opd');
    expect(opd.map((x) => (x.jenis === 'opd' ? [x.opd.singkatan, x.halaman.bukti.length] : null))).toEqual([
      ['Dinkes', 1],
      ['Dinsos', 0],
    ]);
    expect(susunSlide(r, bahan()).every((x) => x.jenis !== 'opd' || x.halaman.bukti.length === 0)).toBe(true);
  });

  it("takes room from the first page's right column: masalah move on, nothing is hidden, every page within budget", () => {
    const { data } = dunia();
    const o = hitungRingkasan(data, 2026, 3, NOW).opd[0]!;
    const besar = {
      ...o,
      masalah: Array.from({ length: 4 }, (_, i) => ({
        indikatorId: `m${i}`,
        indikator: 'x',
        masalah: `Masalah ${i} ${'cukup panjang '.repeat(10)}`,
        solusi: `Solusi ${i}`,
        tindakLanjut: '',
      })),
    };
    const fmt = { nilai: () => '1', persen: () => '2' };
    const tanpa = halamanOpd(besar, fmt);
    const dengan = halamanOpd(besar, fmt, [{ hash: 'a'.repeat(64), nama: 'f.jpg', status: 'menunggu' }]);
    const baris = (h: (typeof tanpa)[number]) => h.kanan.reduce((x, b) => x + barisButir(b), 0);
    expect(baris(dengan[0]!)).toBeLessThan(baris(tanpa[0]!));
    expect(baris(dengan[0]!)).toBeLessThanOrEqual(BARIS_KOLOM - 6 - 4 - 2);
    for (const h of dengan) expect(baris(h)).toBeLessThanOrEqual(BARIS_KOLOM);
    // Every masalah is still on some slide, whole (joined parts).
    const semua = (hs: typeof tanpa) =>
      hs
        .flatMap((h) => h.kanan)
        .map((b) => (b.jenis === 'masalah' ? `${b.masalah}|${b.solusi}` : ''))
        .join(' ')
        .replace(/\(lanjutan\)/g, '')
        .split(/\s+/)
        .filter(Boolean);
    expect(semua(dengan)).toEqual(semua(tanpa));
    expect(dengan.slice(1).every((h) => h.bukti.length === 0)).toBe(true);
  });
});
