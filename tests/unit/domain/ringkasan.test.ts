import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bulatSkor, hitungRingkasan, teksAturanSkor, type DataPemda } from '../../../src/domain/ringkasan.ts';
import { predikat } from '../../../src/domain/capaian.ts';
import { formatPersen } from '../../../src/lib/format.ts';
import {
  arahanSchema,
  buktiDukungSchema,
  idAlami,
  indikatorSchema,
  opdSchema,
  pemdaSchema,
  pkSchema,
  programSchema,
  realisasiAnggaranSchema,
  realisasiSchema,
  sasaranSchema,
  tindakLanjutArahanSchema,
  type Periode,
} from '../../../src/domain/schemas.ts';

// Small hand-built kabupaten; every record goes through its schema so defaults are real.
const T = '2026-01-05T00:00:00+07:00';
const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const pejabat = { nama: 'Budi', jabatan: 'Kepala' };
const NOW = new Date('2026-11-23T03:00:00Z');

const OPD_A = uid(1);
const OPD_B = uid(2);
const OPD_K = uid(3);
const OPD_C = uid(4);
const PK_A1 = uid(11);
const PK_A2 = uid(12);
const PK_B1 = uid(13);
const PK_K1 = uid(14);

const opd = (id: string, nama: string, singkatan: string, jenis: string, urutan: number) =>
  opdSchema.parse({ id, updatedAt: T, kode: singkatan, nama, singkatan, jenis, kepala: pejabat, urutan });
const pk = (id: string, opdId: string, versi: number, mulai: number, status: string, sebelum: string | null = null) =>
  pkSchema.parse({
    id,
    updatedAt: T,
    opdId,
    tahun: 2026,
    versi,
    pkSebelumnyaId: sebelum,
    tanggal: '2026-01-05',
    tanggalMulai: '2026-01-02',
    berlakuMulaiTriwulan: mulai,
    status,
    pihakPertama: pejabat,
    pihakKedua: pejabat,
  });
const sasaran = (id: string, pkId: string, opdId: string) => sasaranSchema.parse({ id, updatedAt: T, pkId, opdId, uraian: 'Sasaran', urutan: 0 });
const ind = (id: string, pkId: string, opdId: string, x: Record<string, unknown>) =>
  indikatorSchema.parse({ id, updatedAt: T, sasaranId: uid(900), pkId, opdId, uraian: `Indikator ${id.slice(-3)}`, satuan: 'persen', ...x });
const real = (indikatorId: string, opdId: string, periode: Periode, x: Record<string, unknown>) =>
  realisasiSchema.parse({ id: idAlami.realisasi(indikatorId, periode), updatedAt: T, indikatorId, opdId, tahun: 2026, periode, ...x });
const prog = (id: string, pkId: string, opdId: string, pagu: number) => programSchema.parse({ id, updatedAt: T, pkId, opdId, nama: 'Program', pagu });
const ra = (programId: string, opdId: string, triwulan: number, keuangan: number, fisik: number) =>
  realisasiAnggaranSchema.parse({ id: idAlami.realisasiAnggaran(programId, triwulan), updatedAt: T, programId, opdId, tahun: 2026, triwulan, keuangan, fisik });
const arahan = (id: string, opdId: string | null, batasWaktu: string, status: string, deleted = false) =>
  arahanSchema.parse({ id, updatedAt: T, rakorId: uid(500), opdId, uraian: 'Arahan', batasWaktu, status, deleted });

function dataUji(batasAtas = 100, alasanDikecualikan: string[] = []): DataPemda {
  return {
    pemda: pemdaSchema.parse({
      id: uid(99),
      updatedAt: T,
      nama: 'Kabupaten Uji',
      jenis: 'kabupaten',
      kepalaDaerah: pejabat,
      pengaturan: { batasAtas, ambangPejabat: 100, alasanDikecualikan },
    }),
    opd: [
      opd(OPD_B, 'Kecamatan Barat', 'Kec. Barat', 'kecamatan', 2),
      opd(OPD_A, 'Dinas Alpha', 'DA', 'dinas', 1),
      opd(OPD_K, 'Bupati', 'KDH', 'kepala-daerah', 0),
      opd(OPD_C, 'Dinas Tanpa PK', 'DTP', 'dinas', 3),
    ],
    pk: [
      pk(PK_A1, OPD_A, 1, 1, 'ditandatangani'),
      pk(PK_A2, OPD_A, 2, 3, 'ditandatangani', PK_A1),
      pk(PK_B1, OPD_B, 1, 1, 'draft'),
      pk(PK_K1, OPD_K, 1, 1, 'ditandatangani'),
    ],
    sasaran: [sasaran(uid(900), PK_A1, OPD_A)],
    indikator: [
      // OPD A version 1 (explicit quarterly targets s.d. TWn; without them docs/domain/target-capaian.md §Triwulan applies)
      ind(uid(101), PK_A1, OPD_A, { polaritas: 'naik', agregasi: 'kumulatif', targetTahunan: 100, targetTriwulan: [100, 100, 100, 100] }),
      ind(uid(102), PK_A1, OPD_A, { polaritas: 'turun', agregasi: 'akhir', targetTahunan: 10, targetTriwulan: [10, 10, 10, 10] }),
      // OPD A version 2 (from TW3): lineage to version 1, one new indicator, one deleted
      ind(uid(111), PK_A2, OPD_A, {
        polaritas: 'naik',
        agregasi: 'kumulatif',
        targetTahunan: 120,
        targetTriwulan: [120, 120, 120, 120],
        indikatorAsalId: uid(101),
        urutan: 0,
      }),
      ind(uid(112), PK_A2, OPD_A, {
        polaritas: 'turun',
        agregasi: 'akhir',
        targetTahunan: 10,
        targetTriwulan: [10, 10, 10, 10],
        indikatorAsalId: uid(102),
        urutan: 1,
      }),
      ind(uid(113), PK_A2, OPD_A, { polaritas: 'naik', agregasi: 'akhir', targetTahunan: 50, urutan: 2 }),
      { ...ind(uid(114), PK_A2, OPD_A, { polaritas: 'naik', agregasi: 'akhir', targetTahunan: 50 }), deleted: true },
      // OPD B: quarterly targets from TW3 only
      ind(uid(201), PK_B1, OPD_B, { polaritas: 'naik', agregasi: 'akhir', targetTahunan: 80, targetTriwulan: [null, null, 80, 80] }),
      ind(uid(202), PK_B1, OPD_B, { polaritas: 'naik', agregasi: 'kumulatif', targetTahunan: 10 }),
      // Kepala daerah: naik with target 0 → not computable
      ind(uid(301), PK_K1, OPD_K, { polaritas: 'naik', agregasi: 'akhir', targetTahunan: 0 }),
    ],
    program: [prog(uid(401), PK_A2, OPD_A, 1_000_000_000), prog(uid(402), PK_A2, OPD_A, 3_000_000_000)],
    realisasi: [
      real(uid(101), OPD_A, 'TW1', { nilai: 30 }),
      real(uid(101), OPD_A, 'TW2', { nilai: 30, masalah: 'Masalah lama', solusi: 'x' }),
      real(uid(111), OPD_A, 'TW3', { nilai: 30, masalah: 'Anggaran terlambat', solusi: 'Percepat lelang', tindakLanjut: 'Surat ke BPKPD' }),
      real(uid(102), OPD_A, 'TW1', { nilai: 12 }),
      real(uid(102), OPD_A, 'TW2', { nilai: 11 }),
      real(uid(112), OPD_A, 'TW3', { nilai: 9 }),
      real(uid(113), OPD_A, 'TW3', { tdi: true, alasanTdi: 'Data belum tersedia' }),
      real(uid(201), OPD_B, 'TW3', { nilai: 96 }),
      real(uid(202), OPD_B, 'TW1', { nilai: 4 }),
      real(uid(301), OPD_K, 'TW3', { nilai: 5 }),
      { ...real(uid(202), OPD_B, 'TW3', { nilai: 99 }), deleted: true },
    ],
    realisasiAnggaran: [
      ra(uid(401), OPD_A, 3, 600_000_000, 70),
      ra(uid(401), OPD_A, 2, 300_000_000, 30),
      ra(uid(402), OPD_A, 2, 1_200_000_000, 40), // no TW3 record: the cumulative TW2 value stands
    ],
    rakor: [],
    arahan: [
      arahan(uid(601), OPD_A, '2026-10-01', 'baru'),
      arahan(uid(602), OPD_A, '2026-10-01', 'selesai'),
      arahan(uid(603), OPD_B, '2026-12-31', 'proses'),
      arahan(uid(604), null, '2026-09-01', 'baru'),
      arahan(uid(605), OPD_A, '2026-01-01', 'baru', true),
    ],
  };
}

describe('hitungRingkasan TW3 2026', () => {
  const r = hitungRingkasan(dataUji(), 2026, 3, NOW);
  const A = r.opd.find((o) => o.opdId === OPD_A)!;
  const B = r.opd.find((o) => o.opdId === OPD_B)!;
  const K = r.opd.find((o) => o.opdId === OPD_K)!;

  it('lists EVERY OPD and kecamatan, ordered by urutan, with its state (docs/domain/rakor.md §Keadaan)', () => {
    expect(r.tahun).toBe(2026);
    expect(r.triwulan).toBe(3);
    expect(r.tanggal).toBe('2026-11-23');
    // Old code dropped "Dinas Tanpa PK": the chair could not see who has no PK at all.
    expect(r.opd.map((o) => o.singkatan)).toEqual(['KDH', 'DA', 'Kec. Barat', 'DTP']);
    expect(r.opd.map((o) => o.keadaan)).toEqual(['lengkap', 'lengkap', 'pk-draf', 'belum-ada-pk']);
    const C = r.opd.find((o) => o.opdId === OPD_C)!;
    expect(C).toMatchObject({ pk: null, capaian: null, jumlahIndikator: 0, jumlahJatuhTempo: 0, jumlahTerisi: 0, caraHitung: [] });
    expect(C.predikat.kode).toBe('tidak-ada');
    expect(r.total.jumlahPerKeadaan).toEqual({ 'belum-ada-pk': 1, 'pk-draf': 1, 'belum-mengisi': 0, lengkap: 1 });
  });

  it('completeness per OPD: indicators filled / due', () => {
    expect([A.jumlahTerisi, A.jumlahJatuhTempo]).toEqual([3, 3]);
    expect([B.jumlahTerisi, B.jumlahJatuhTempo]).toEqual([1, 2]);
    expect([r.total.jumlahTerisi, r.total.jumlahJatuhTempo]).toEqual([4, 5]);
  });

  it('cara hitung: each indicator with its capaian, cap and TDI/blank treatment', () => {
    expect(A.caraHitung.map((b) => [b.indikatorId, b.perlakuan, b.nilaiSkor])).toEqual([
      [uid(111), 'dinilai', 75],
      [uid(112), 'dibatasi', 100],
      [uid(113), 'tdi', 0],
    ]);
    expect(A.caraHitung[1]!.capaian).toBeCloseTo(110, 9);
    expect(B.caraHitung.map((b) => b.perlakuan)).toEqual(['dibatasi', 'kosong']);
    expect(B.caraHitung[1]!.keterangan).toMatch(/dihitung 0 seperti TDI/);
    expect(teksAturanSkor(r.aturan)).toMatch(/TDI dan indikator kosong lewat jatuh tempo dihitung 0/);
  });

  it('uses the amended PK (versi 2) from TW3 and keeps realisasi of versi 1 through lineage', () => {
    expect(A.pk).toEqual({ id: PK_A2, versi: 2, status: 'ditandatangani' });
    expect(A.jumlahIndikator).toBe(3); // the deleted indicator is ignored
    // (90/120 = 75) + (turun 9 vs 10 = 110 → capped 100) + (TDI = 0) → 58.33, printed and graded as 58.3
    expect(A.capaian).toBe(58.3);
    expect(A.predikat.kode).toBe('rendah');
    expect(A.jumlahDinilai).toBe(3);
  });

  it('lists TDI with its reason and indicators under target, worst first', () => {
    expect(A.jumlahTdi).toBe(1);
    expect(A.tdi).toEqual([{ indikatorId: uid(113), uraian: 'Indikator 113', alasan: 'Data belum tersedia' }]);
    expect(A.dibawahTarget).toHaveLength(1);
    expect(A.dibawahTarget[0]).toMatchObject({ indikatorId: uid(111), target: 120, realisasi: 90, capaian: 75 });
  });

  it('collects masalah/solusi of the quarter only', () => {
    expect(A.masalah).toEqual([
      { indikatorId: uid(111), indikator: 'Indikator 111', masalah: 'Anggaran terlambat', solusi: 'Percepat lelang', tindakLanjut: 'Surat ke BPKPD' },
    ]);
  });

  it('budget: cumulative realisasi keuangan, serapan, pagu-weighted fisik and deviasi', () => {
    expect(A.pagu).toBe(4_000_000_000);
    expect(A.realisasiKeuangan).toBe(1_800_000_000);
    expect(A.serapan).toBeCloseTo(45, 9);
    expect(A.fisik).toBeCloseTo(47.5, 9);
    expect(A.targetFisik).toBeCloseTo(75, 9);
    expect(A.deviasiFisik).toBeCloseTo(27.5, 9);
  });

  it('arahan: open ones addressed to the OPD or to every OPD, and the overdue ones', () => {
    // 601 (A, overdue) and 604 (all, overdue); 603 (B, not yet due) and 604; C only 604.
    expect([A.arahanTerbuka, A.arahanLewat]).toEqual([2, 2]);
    expect([B.arahanTerbuka, B.arahanLewat]).toEqual([2, 1]);
    expect(r.opd.find((o) => o.opdId === OPD_C)!.arahanTerbuka).toBe(1);
    expect(K.arahanTerbuka).toBe(0);
  });

  it('a draft PK shows when nothing is signed; blank past due counts 0 like TDI (issue 12 point 3)', () => {
    expect(B.pk!.status).toBe('draft');
    // 96 vs 80 = 120 → capped 100; the blank one past its due date counts 0 (old code left it out: 100).
    expect(B.capaian).toBe(50);
    expect(B.predikat.kode).toBe('sangat-rendah');
    expect(B.jumlahBelumDiisi).toBe(1);
    expect(B.jumlahDinilai).toBe(2);
    expect(B.pagu).toBe(0);
    expect(B.serapan).toBeNull();
    expect(B.fisik).toBeNull();
    expect(B.deviasiFisik).toBeNull();
  });

  it('kepala daerah: listed, capaian not computable → tidak-ada, excluded from total', () => {
    expect(K.jenis).toBe('kepala-daerah');
    expect(K.capaian).toBeNull();
    expect(K.predikat.kode).toBe('tidak-ada');
  });

  it('total over the perangkat daerah', () => {
    expect(r.total.jumlahOpd).toBe(3);
    expect(r.total.jumlahKepalaDaerah).toBe(1);
    expect(r.total.rataCapaian).toBe(54.2); // (58.3 + 50) / 2 = 54.15 → 54.2
    expect(r.total.predikat.kode).toBe('rendah');
    expect(r.total.jumlahPerPredikat).toEqual({ 'sangat-tinggi': 0, tinggi: 0, sedang: 0, rendah: 1, 'sangat-rendah': 1, 'tidak-ada': 1 });
    expect(r.total.jumlahIndikator).toBe(5);
    expect(r.total.jumlahTdi).toBe(1);
    expect(r.total.jumlahBelumDiisi).toBe(1);
    expect(r.total.pagu).toBe(4_000_000_000);
    expect(r.total.realisasiKeuangan).toBe(1_800_000_000);
    expect(r.total.serapan).toBeCloseTo(45, 9);
    expect(r.total.fisik).toBeCloseTo(47.5, 9);
    expect(r.total.arahanTerbuka).toBe(3);
    expect(r.total.arahanLewat).toBe(2);
  });
});

describe('hitungRingkasan other periods and settings', () => {
  it('TW2 uses PK versi 1 (amendment applies from TW3)', () => {
    const r = hitungRingkasan(dataUji(), 2026, 2, NOW);
    const A = r.opd.find((o) => o.opdId === OPD_A)!;
    expect(A.pk!.versi).toBe(1);
    expect(A.jumlahIndikator).toBe(2);
    // 60/100 = 60; turun 11 vs 10 = 90 → 75 → Sedang
    expect(A.capaian).toBeCloseTo(75, 9);
    expect(A.predikat.kode).toBe('sedang');
    expect(A.masalah.map((m) => m.masalah)).toEqual(['Masalah lama']);
    expect(A.pagu).toBe(0);
    const B = r.opd.find((o) => o.opdId === OPD_B)!;
    // b1 has no TW2 target and no value → belum jatuh tempo; b2 has TW1 but no TW2 → blank past due = 0
    expect(B.capaian).toBe(0);
    expect(B.jumlahDinilai).toBe(1);
    expect(B.jumlahBelumDiisi).toBe(1);
    const B1 = hitungRingkasan(dataUji(), 2026, 1, NOW).opd.find((o) => o.opdId === OPD_B)!;
    // TW1: 4 vs the pro-rated 10 × 1/4 = 2,5 → 160, capped at 100 (docs/domain/target-capaian.md §Triwulan);
    // no longer 4 vs the whole annual 10 on the annual scale.
    expect(B1.capaian).toBeCloseTo(100, 9);
  });

  it('pemda batasAtas 120 raises the cap', () => {
    const r = hitungRingkasan(dataUji(120), 2026, 3, NOW);
    expect(r.batasAtas).toBe(120);
    expect(r.opd.find((o) => o.opdId === OPD_A)!.capaian).toBe(61.7); // (75 + 110 + 0) / 3
    expect(r.opd.find((o) => o.opdId === OPD_B)!.capaian).toBe(60); // (120 + 0) / 2
  });

  it('TW4 not yet due: unreported indicators are belum jatuh tempo, not belum diisi', () => {
    const r = hitungRingkasan(dataUji(), 2026, 4, NOW);
    expect(r.total.jumlahBelumDiisi).toBe(0);
    expect(r.opd.find((o) => o.opdId === OPD_A)!.capaian).toBeNull();
  });

  it('a progress value (point-in-time indicator, no quarterly target, before TW IV) counts as filled, not graded', () => {
    // docs/domain/rakor.md §Keadaan: terisi = a value or TDI; docs/domain/target-capaian.md §Triwulan:
    // progress stays outside the score. Three progress values and one TDI: everything reported.
    const o = opd(uid(50), 'Dinas Progres', 'DP', 'dinas', 1);
    const p = pk(uid(51), o.id, 1, 1, 'ditandatangani');
    const daftar = [1, 2, 3, 4].map((i) => ind(uid(60 + i), p.id, o.id, { agregasi: 'akhir', polaritas: 'naik', targetTahunan: 100, urutan: i }));
    const data = {
      pemda: null,
      opd: [o],
      pk: [p],
      sasaran: [],
      indikator: daftar,
      program: [],
      realisasi: [
        ...[98, 90, 100].map((nilai, i) => real(daftar[i]!.id, o.id, 'TW3', { nilai })),
        real(daftar[3]!.id, o.id, 'TW3', { tdi: true, alasanTdi: 'Data survei belum tersedia' }),
      ],
      realisasiAnggaran: [],
      rakor: [],
      arahan: [],
    } satisfies DataPemda;
    const [r] = hitungRingkasan(data, 2026, 3, NOW).opd;
    expect(r!.caraHitung.map((c) => c.perlakuan)).toEqual(['belum-jatuh-tempo', 'belum-jatuh-tempo', 'belum-jatuh-tempo', 'tdi']);
    expect([r!.jumlahTerisi, r!.jumlahJatuhTempo, r!.keadaan]).toEqual([4, 4, 'lengkap']);
    // Only the TDI enters the score (TDI counts 0).
    expect(r!.capaian).toBe(0);
  });

  it('a year without PKs lists every OPD as "belum ada PK", not NaN', () => {
    const r = hitungRingkasan(dataUji(), 2025, 4, NOW);
    expect(r.opd.map((o) => o.keadaan)).toEqual(Array(4).fill('belum-ada-pk'));
    expect(r.total.rataCapaian).toBeNull();
    expect(r.total.predikat.kode).toBe('tidak-ada');
    expect(r.total.serapan).toBeNull();
    expect(r.total.fisik).toBeNull();
    expect(r.total.jumlahOpd).toBe(3);
  });

  it('a deactivated OPD leaves the summary unless it still has a PK in force', () => {
    const d = dataUji();
    d.opd = d.opd.map((o) => (o.id === OPD_C || o.id === OPD_A ? { ...o, aktif: false } : o));
    expect(hitungRingkasan(d, 2026, 3, NOW).opd.map((o) => o.singkatan)).toEqual(['KDH', 'DA', 'Kec. Barat']);
  });

  it('a pemda rule excludes TDI "belum rilis"-like reasons, visibly (issue 12 point 3)', () => {
    const r = hitungRingkasan(dataUji(100, ['belum tersedia']), 2026, 3, NOW);
    const A = r.opd.find((o) => o.opdId === OPD_A)!;
    expect(A.capaian).toBe(87.5); // (75 + 100) / 2
    expect(A.caraHitung[2]).toMatchObject({ perlakuan: 'dikecualikan', nilaiSkor: null });
    expect(A.caraHitung[2]!.keterangan).toMatch(/aturan pemda/);
    expect(teksAturanSkor(r.aturan)).toMatch(/"belum tersedia" dikecualikan \(aturan pemda\)/);
  });

  it('each addressee closes its own part of an arahan to every OPD (issue 9 point 5)', () => {
    const d = dataUji();
    d.tindakLanjutArahan = [
      tindakLanjutArahanSchema.parse({
        id: idAlami.tindakLanjutArahan(uid(604), OPD_A),
        updatedAt: T,
        arahanId: uid(604),
        opdId: OPD_A,
        uraian: 'Sudah',
        status: 'selesai',
      }),
    ];
    const r = hitungRingkasan(d, 2026, 3, NOW);
    expect(r.opd.find((o) => o.opdId === OPD_A)!.arahanTerbuka).toBe(1);
    expect(r.opd.find((o) => o.opdId === OPD_B)!.arahanTerbuka).toBe(2);
    expect(r.total.arahanTerbuka).toBe(3); // 604 stays open while B and C have not closed it
  });

  it('the printed score and its predikat agree: 75,97 prints 76 and grades Tinggi (docs/domain/rakor.md §Skor)', () => {
    expect(bulatSkor(75.97)).toBe(76);
    expect(predikat(bulatSkor(75.97)).kode).toBe('tinggi');
    expect(bulatSkor(90.96)).toBe(91);
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 200, noNaN: true }), { minLength: 6, maxLength: 6 }), (vals) => {
        const d = dataUji();
        const ganti = d.realisasi.filter((x) => !x.tdi && !x.deleted);
        d.realisasi = d.realisasi.map((x) => {
          const k = ganti.indexOf(x);
          return k >= 0 && k < vals.length ? { ...x, nilai: vals[k]! } : x;
        });
        const r = hitungRingkasan(d, 2026, 3, NOW);
        for (const o of [...r.opd.map((x) => ({ c: x.capaian, p: x.predikat })), { c: r.total.rataCapaian, p: r.total.predikat }]) {
          if (o.c === null) continue;
          // What is printed (1 decimal) is the number graded.
          const dicetak = Number(
            formatPersen(o.c, 1)
              .replace(/[^0-9,]/g, '')
              .replace(',', '.'),
          );
          expect(dicetak).toBe(o.c);
          expect(o.p.kode).toBe(predikat(dicetak).kode);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('works without a pemda record (default cap 100)', () => {
    const r = hitungRingkasan({ ...dataUji(120), pemda: null }, 2026, 3, NOW);
    expect(r.batasAtas).toBe(100);
    expect(r.opd.find((o) => o.opdId === OPD_B)!.capaian).toBe(50);
  });

  it('is independent of the order of the input records', () => {
    const base = dataUji();
    const expected = hitungRingkasan(base, 2026, 3, NOW);
    const perm = <T>(a: T[]) => fc.shuffledSubarray(a, { minLength: a.length, maxLength: a.length });
    fc.assert(
      fc.property(
        perm(base.opd),
        perm(base.pk),
        perm(base.indikator),
        perm(base.realisasi),
        perm(base.realisasiAnggaran),
        perm(base.arahan),
        (o, p, i, re, ra2, ar) => {
          const r = hitungRingkasan({ ...base, opd: o, pk: p, indikator: i, realisasi: re, realisasiAnggaran: ra2, arahan: ar }, 2026, 3, NOW);
          expect(r).toEqual(expected);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('every OPD capaian stays within [0, batasAtas] for arbitrary realisasi values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 6, maxLength: 6 }),
        fc.integer({ min: 100, max: 200 }),
        (vals, cap) => {
          const d = dataUji(cap);
          const ganti = d.realisasi.filter((x) => !x.tdi && !x.deleted);
          d.realisasi = d.realisasi.map((x) => {
            const k = ganti.indexOf(x);
            return k >= 0 && k < vals.length ? { ...x, nilai: vals[k]! } : x;
          });
          const r = hitungRingkasan(d, 2026, 3, NOW);
          for (const o of r.opd) {
            if (o.capaian !== null) {
              expect(o.capaian).toBeGreaterThanOrEqual(0);
              expect(o.capaian).toBeLessThanOrEqual(cap + 1e-9);
            }
          }
          if (r.total.rataCapaian !== null) expect(Number.isFinite(r.total.rataCapaian)).toBe(true);
        },
      ),
      { numRuns: 100 },
    );
  });
});

describe('realisasi with accepted evidence (issue 15 point 5; docs/bukti-dukung.md "Verifikasi")', () => {
  let n = 700;
  const bukti = (recordId: string, status: string, deleted = false, tabel = 'realisasi') =>
    buktiDukungSchema.parse({
      id: uid(n++),
      updatedAt: T,
      tabel,
      recordId,
      opdId: OPD_A,
      hash: 'a'.repeat(64),
      nama: 'foto.jpg',
      mime: 'image/jpeg',
      ukuran: 1000,
      status,
      deleted,
    });
  it('counts the quarter’s reported realisasi with at least one accepted file, per OPD and in total', () => {
    const data = dataUji();
    data.buktiDukung = [
      bukti(idAlami.realisasi(uid(111), 'TW3'), 'diterima'),
      bukti(idAlami.realisasi(uid(111), 'TW3'), 'diterima'), // two files, one realisasi
      bukti(idAlami.realisasi(uid(112), 'TW3'), 'perbaikan'), // not accepted
      bukti(idAlami.realisasi(uid(113), 'TW3'), 'diterima', true), // removed
      bukti(idAlami.realisasi(uid(101), 'TW2'), 'diterima'), // another quarter
    ];
    const r = hitungRingkasan(data, 2026, 3, NOW);
    expect(r.opd.find((o) => o.opdId === OPD_A)!.jumlahBerbukti).toBe(1);
    expect(r.opd.find((o) => o.opdId === OPD_B)!.jumlahBerbukti).toBe(0);
    expect(r.total.jumlahBerbukti).toBe(1);
    expect(hitungRingkasan(dataUji(), 2026, 3, NOW).total.jumlahBerbukti).toBe(0);
  });
});
