/**
 * Story: in the Triwulan III 2026 rakor the chair records an arahan and exports the summary PDF;
 * an admin downloads a PK document. Both PDFs are captured and their text checked with pdftotext;
 * their pages are rendered to PNG for a look.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanPkImpor, HalamanRakor, KlienApi, masukLewatForm, simpanPdf, tungguSalinanLokal } from './pages/rakor.ts';
import { formatPersen } from '../../src/lib/format.ts';
import type { Indikator, Opd, Pemda, Pk, Realisasi } from '../../src/domain/schemas.ts';
import { evaluasiTriwulan, keyRealisasi, rantaiIndikator, realisasiPerTriwulan } from '../../src/domain/indikator.ts';
import { pkBerlaku } from '../../src/domain/periode.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
let srv: Srv;
let br: Awaited<ReturnType<typeof bukaBrowser>>;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

/** One row of the per-OPD table, worked out by hand from the pulled records. */
interface BarisManual {
  opd: Opd;
  keadaan: string;
  terisi: number;
  jatuhTempo: number;
  /** Printed score: rounded to 1 decimal BEFORE grading; null = no graded indicator. */
  skor: number | null;
  predikat: string;
}

/** Permendagri 86/2017 scale on the printed (rounded) score (docs/domain/rakor.md §Skor). */
const nilaiPredikat = (c: number | null) =>
  c === null ? 'Belum Ada Data' : c >= 91 ? 'Sangat Tinggi' : c >= 76 ? 'Tinggi' : c >= 66 ? 'Sedang' : c >= 51 ? 'Rendah' : 'Sangat Rendah';
/** One decimal, half away from zero (SKOR_DESIMAL = 1). */
const satuDesimal = (x: number) => Math.round(x * 10 + 1e-9) / 10;

/**
 * The summary's figures from the raw records and the written rules, not from hitungRingkasan:
 * every OPD of the pemda (an inactive one only while it has a PK in force), ordered by urutan;
 * per indicator the quarter's evaluation (which target applies: docs/domain/target-capaian.md
 * §Triwulan, domain `evaluasiTriwulan`), then docs/domain/rakor.md §Skor by hand: a graded value
 * counts its capaian capped at batasAtas, TDI counts 0 (unless the pemda rule excludes its reason),
 * a blank past due counts 0, anything else stays out; the mean is rounded to 1 decimal and that
 * printed figure is graded. Terisi = a value (graded or progress) or TDI; jatuh tempo = reporting due.
 */
function ringkasanManual(t: Record<string, Record<string, unknown>[]>, now: Date): { baris: BarisManual[]; rata: number | null } {
  const hidup = <T>(xs: Record<string, unknown>[] | undefined) => (xs ?? []).filter((x) => !x.deleted) as T[];
  const pemda = hidup<Pemda>(t.pemda)[0] ?? null;
  const batasAtas = pemda?.pengaturan.batasAtas ?? 100;
  const dikecualikan = (pemda?.pengaturan.alasanDikecualikan ?? []).map((x) => x.trim().toLocaleLowerCase('id')).filter((x) => x !== '');
  const pk = hidup<Pk>(t.pk);
  const indikator = hidup<Indikator>(t.indikator);
  const byId = new Map(indikator.map((i) => [i.id, i]));
  const realisasi = new Map(
    hidup<Realisasi>(t.realisasi)
      .filter((r) => r.tahun === 2026)
      .map((r) => [keyRealisasi(r.indikatorId, r.periode), r]),
  );
  const opd = hidup<Opd>(t.opd).sort((a, b) => a.urutan - b.urutan || a.nama.localeCompare(b.nama, 'id'));
  const baris: BarisManual[] = [];
  for (const o of opd) {
    const p = pkBerlaku(pk, o.id, 2026, 3);
    if (!p && o.aktif === false) continue;
    let terisi = 0;
    let jatuhTempo = 0;
    const nilai: number[] = [];
    for (const ind of p ? indikator.filter((i) => i.pkId === p.id) : []) {
      const e = evaluasiTriwulan(ind, realisasiPerTriwulan(rantaiIndikator(ind.id, byId), realisasi), 2026, 3, now);
      if (e.status !== 'belum-jatuh-tempo') jatuhTempo++;
      if (['nilai', 'progres', 'tdi', 'tidak-terhitung'].includes(e.status)) terisi++;
      if (e.status === 'nilai') nilai.push(Math.min(Math.max(e.capaian!, 0), batasAtas));
      if (e.status === 'belum-diisi') nilai.push(0);
      if (e.status === 'tdi' && !dikecualikan.some((x) => e.alasan.toLocaleLowerCase('id').includes(x))) nilai.push(0);
    }
    const skor = nilai.length ? satuDesimal(nilai.reduce((a, b) => a + b, 0) / nilai.length) : null;
    const keadaan = !p ? 'Belum ada PK' : p.status !== 'ditandatangani' ? 'PK draf' : terisi < jatuhTempo ? 'Belum mengisi' : 'Lengkap';
    baris.push({ opd: o, keadaan, terisi, jatuhTempo, skor, predikat: nilaiPredikat(skor) });
  }
  const skorPd = baris.filter((b) => b.opd.jenis !== 'kepala-daerah' && b.skor !== null).map((b) => b.skor!);
  return { baris, rata: skorPd.length ? satuDesimal(skorPd.reduce((a, b) => a + b, 0) / skorPd.length) : null };
}

describe('PDF', () => {
  it('Ringkasan Rakor Monev TW III 2026 holds the summary numbers and the new arahan', async () => {
    const api = await KlienApi.masuk(srv.url, 'pimpinan', 'demo12345');
    const awal = await api.tarikSemua();
    await masukLewatForm(br.page, srv.url, 'pimpinan', 'demo12345');
    await tungguSalinanLokal(br.page, {
      realisasi: awal.realisasi?.length ?? 1,
      realisasiAnggaran: awal.realisasiAnggaran?.length ?? 1,
      arahan: awal.arahan?.length ?? 1,
    });
    const rakor = new HalamanRakor(br.page, srv.url);
    await rakor.buka();
    await rakor.pilih(/Triwulan III 2026/);
    const uraian = 'Percepat validasi data realisasi TW III sebelum 15 Desember';
    await rakor.tambahArahan(uraian, null, '2026-12-15');
    // Attendance taken in the hall: two OPDs ticked present.
    const hadir = ['Setda', 'Dinkes'];
    for (const h of hadir) await rakor.tandaiHadir(h);
    const pdf = await simpanPdf(await rakor.unduhPdf(), 'rakor.pdf');
    console.log(`halaman PDF rakor: ${pdf.halaman.join(', ')}`);

    const t = await api.tarikSemua();
    const { baris, rata } = ringkasanManual(t, new Date());
    const teks = pdf.teks.replace(/\s+/g, ' ');
    // Table cells wrap (a long name, "Belum mengisi"): rows and the arahan are read in drawing order.
    const alir = pdf.teksAlir.replace(/\s+/g, ' ');
    expect(teks).toContain('RINGKASAN RAPAT KOORDINASI MONITORING DAN EVALUASI');
    expect(teks).toContain('CAPAIAN KINERJA TRIWULAN III TAHUN 2026');
    const persen1 = (x: number | null) => (x === null ? '-' : formatPersen(x, 1));
    expect(rata).not.toBeNull();
    expect(teks).toContain(`Rata-rata capaian kinerja ${persen1(rata)} (${nilaiPredikat(rata)})`);
    // Every OPD and kecamatan is listed, in order, with its state, completeness, printed score and grade.
    const pd = baris.filter((b) => b.opd.jenis !== 'kepala-daerah');
    expect(pd).toHaveLength((t.opd as Opd[]).filter((o) => o.jenis !== 'kepala-daerah' && !o.deleted).length);
    for (const [i, b] of baris.entries()) {
      const terisi = b.keadaan === 'Belum ada PK' ? '-' : `${b.terisi}/${b.jatuhTempo}`;
      expect(alir).toContain(`${i + 1} ${b.opd.nama} ${b.keadaan} ${terisi} ${persen1(b.skor)} ${b.predikat}`);
    }
    const jumlah = (k: string) => pd.filter((b) => b.keadaan === k).length;
    expect(alir).toContain(
      `Keadaan pengisian Belum ada PK ${jumlah('Belum ada PK')}, PK draf ${jumlah('PK draf')}, Belum mengisi ${jumlah('Belum mengisi')}, Lengkap ${jumlah('Lengkap')}`,
    );
    const total = (f: (b: BarisManual) => number) => pd.reduce((n, b) => n + f(b), 0).toLocaleString('id-ID');
    expect(alir).toContain(`Kelengkapan data ${total((b) => b.terisi)} dari ${total((b) => b.jatuhTempo)} indikator jatuh tempo terisi`);
    // The demo data exercise the rule "blank past due counts 0": some scored OPD has one.
    expect(pd.some((b) => b.skor !== null && b.terisi < b.jatuhTempo)).toBe(true);
    expect(alir).toContain(uraian);
    const jumlahPd = (t.opd as Opd[]).filter((o) => o.jenis !== 'kepala-daerah').length;
    expect(teks).toMatch(new RegExp(`Kehadiran : ${hadir.length} dari ${jumlahPd} perangkat daerah hadir`));
    expect(teks).toContain(`Daftar hadir (${hadir.length} dari ${jumlahPd} hadir)`);
    for (const h of hadir) expect(teks).toContain(`${(t.opd as Opd[]).find((o) => o.singkatan === h)!.nama} Hadir`);
    expect(teks).toMatch(/Halaman 1 dari \d+/);
    expect(pdf.halaman.length).toBeGreaterThan(1);
  });

  it('the PK document of an OPD is in the Permenpan-RB 53/2014 form', async () => {
    await br.page.evaluate(() => localStorage.clear());
    await masukLewatForm(br.page, srv.url, 'admin', srv.adminPassword);
    const api = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
    const t = await api.tarikSemua();
    const opd = (t.opd as Opd[]).find((o) => o.jenis === 'dinas')!;
    const pk1 = (t.pk as Pk[]).find((p) => p.opdId === opd.id && p.tahun === 2026 && p.versi === 1)!;
    const indikator = (t.indikator as Indikator[]).filter((i) => i.pkId === pk1.id);
    expect(indikator.length).toBeGreaterThan(0);
    // The document is built from the local copy: let the first sync of this user bring it all.
    await tungguSalinanLokal(br.page, {
      pk: t.pk?.length ?? 1,
      sasaran: t.sasaran?.length ?? 1,
      indikator: t.indikator?.length ?? 1,
      program: t.program?.length ?? 1,
    });
    const h = new HalamanPkImpor(br.page, srv.url);
    await h.buka();
    await h.pilihOpd(opd.nama);
    await h.pilihPk(/^2026 · versi 1/);
    const pdf = await simpanPdf(await h.unduhPdfPk(), 'pk.pdf');
    console.log(`halaman PDF PK: ${pdf.halaman.join(', ')}`);
    const teks = pdf.teks.replace(/\s+/g, ' ');
    expect(teks).toContain('PERJANJIAN KINERJA TAHUN 2026');
    expect(teks).toContain(opd.nama.toUpperCase());
    expect(teks).toContain('selanjutnya disebut pihak pertama');
    expect(teks).toContain(opd.kepala.nama);
    expect(teks).toMatch(/Jumlah Anggaran Rp [\d.]+/);
    // Every indicator of the PK is in the attachment table (a long one wraps inside its cell).
    const alir = pdf.teksAlir.replace(/\s+/g, ' ');
    for (const i of indikator) expect(alir).toContain(i.uraian);
  });
});
