/**
 * Officials and PP 11/2017 pasal 142 (as amended by PP 17/2020). Every rule names its source:
 * the regulation, and docs/domain/pejabat.md where the app had to choose a reading.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  akhirMasaPerbaikan,
  bentukPk,
  dicakupPasal142,
  evaluasiAkhirPerbaikan,
  evaluasiTahunan,
  formatNip,
  kepalaOpdPada,
  periksaPihakPk,
  periodeEvaluasi,
  peringkatOpd,
  pkDitandatanganiPejabat,
  salinanPejabat,
  sebutanJabatan,
  type MasukEvaluasi142,
} from '../../../src/domain/pejabat.ts';
import {
  evaluasiPejabatSchema,
  idBaru,
  indikatorSchema,
  nipSchema,
  pejabatRecordSchema,
  pkSchema,
  realisasiSchema,
  sasaranSchema,
  type Indikator,
  type PejabatRecord,
  type Periode,
  type Pk,
  type Realisasi,
} from '../../../src/domain/schemas.ts';
import { snapshotPk } from '../../../src/domain/pk.ts';
import { keyRealisasi } from '../../../src/domain/indikator.ts';

const T = '2025-01-02T09:00:00+07:00';
const OPD = '0190a000-0000-7000-8000-000000000001';
const KD = '0190a000-0000-7000-8000-000000000002';
/** Instants in WIB. */
const pada = (tanggal: string) => new Date(`${tanggal}T10:00:00+07:00`);

function pejabat(over: Partial<PejabatRecord> = {}): PejabatRecord {
  return pejabatRecordSchema.parse({
    id: idBaru(),
    updatedAt: T,
    nama: 'dr. Sari Wulandari, M.Kes.',
    nip: '197001011998032005',
    pangkat: 'Pembina Utama Muda (IV/c)',
    jabatan: 'Kepala Dinas Kesehatan',
    level: 'jpt-pratama',
    opdId: OPD,
    tmt: '2020-03-02',
    ...over,
  });
}
const bupati = pejabat({
  nama: 'H. Ahmad Fauzi, S.H.',
  nip: '',
  pangkat: '',
  jabatan: 'Bupati Sukamaju',
  level: 'kepala-daerah',
  opdId: KD,
  tmt: '2021-02-26',
});

interface IsiPk {
  pk: Pk;
  indikator: Indikator[];
}
/** A signed PK of official `p` for `tahun` whose indicators have the given annual (and optional quarterly) targets. */
function pkDitandatangani(
  p: PejabatRecord,
  tahun: number,
  target: { tahunan: number; triwulan?: [number, number, number, number] | null }[],
  over: Partial<Pk> = {},
): IsiPk {
  const id = idBaru();
  const s = sasaranSchema.parse({ id: idBaru(), updatedAt: T, pkId: id, opdId: p.opdId, uraian: 'Meningkatnya derajat kesehatan masyarakat' });
  const indikator = target.map((t, i) =>
    indikatorSchema.parse({
      id: idBaru(),
      updatedAt: T,
      sasaranId: s.id,
      pkId: id,
      opdId: p.opdId,
      uraian: `Indikator ${i + 1}`,
      satuan: 'persen',
      polaritas: 'naik',
      agregasi: 'akhir',
      targetTahunan: t.tahunan,
      targetTriwulan: t.triwulan ?? null,
      urutan: i,
    }),
  );
  const pk = pkSchema.parse({
    id,
    updatedAt: T,
    opdId: p.opdId,
    tahun,
    versi: 1,
    tanggal: `${tahun}-01-15`,
    tanggalMulai: `${tahun}-01-02`,
    status: 'ditandatangani',
    pihakPertama: salinanPejabat(p),
    pihakKedua: salinanPejabat(bupati),
    pihakPertamaId: p.id,
    pihakKeduaId: bupati.id,
    ditandatanganiPada: `${tahun}-01-15T10:00:00+07:00`,
    snapshot: snapshotPk(id, [s], indikator, []),
    ...over,
  });
  return { pk, indikator };
}
const realisasi = (ind: Indikator, tahun: number, periode: Periode, nilai: number | null, tdi = false): Realisasi =>
  realisasiSchema.parse({
    id: idBaru(),
    updatedAt: T,
    indikatorId: ind.id,
    opdId: ind.opdId,
    tahun,
    periode,
    nilai: tdi ? null : nilai,
    tdi,
    alasanTdi: tdi ? 'Data BPS belum rilis' : '',
  });

function masuk(p: PejabatRecord, tahun: number, now: Date, isi: IsiPk[], real: Realisasi[], ambang = 76): MasukEvaluasi142 {
  return {
    pejabat: p,
    tahun,
    now,
    ambang,
    batasAtas: 100,
    pk: isi.map((x) => x.pk),
    indikatorById: new Map(isi.flatMap((x) => x.indikator).map((i) => [i.id, i])),
    realisasiByKey: new Map(real.map((r) => [keyRealisasi(r.indikatorId, r.periode), r])),
  };
}
/** Every indicator reported in TW4 at `nilai[i]` (aggregation 'akhir': the annual value). */
const tw4 = (isi: IsiPk, tahun: number, nilai: number[]) => isi.indikator.map((ind, i) => realisasi(ind, tahun, 'TW4', nilai[i] ?? null));

describe('NIP and titles (docs/domain/pejabat.md §NIP, §Penugasan)', () => {
  it('stores the NIP normalised and prints it spaced 8-6-1-3 as BKN does', () => {
    expect(nipSchema.parse('19700101 199803 1 005')).toBe('197001011998031005');
    expect(nipSchema.parse('NIP. 19700101 199803 1 005')).toBe('197001011998031005');
    expect(formatNip('197001011998031005')).toBe('19700101 199803 1 005');
    expect(nipSchema.safeParse('1970010119980310').success).toBe(false);
    expect(formatNip('123')).toBe('123'); // never silently changed
  });

  it('property: printing then parsing a NIP gives it back', () => {
    fc.assert(fc.property(fc.stringMatching(/^\d{18}$/), (nip) => nipSchema.parse(formatNip(nip)) === nip));
  });

  it('Plt./Plh./Pj. prefix the position, and only civil servants need a NIP', () => {
    expect(sebutanJabatan(pejabat({ penugasan: 'plt' }))).toBe('Plt. Kepala Dinas Kesehatan');
    expect(sebutanJabatan(pejabat({ penugasan: 'plh' }))).toBe('Plh. Kepala Dinas Kesehatan');
    expect(sebutanJabatan({ ...bupati, penugasan: 'pj' })).toBe('Pj. Bupati Sukamaju');
    expect(sebutanJabatan(bupati)).toBe('Bupati Sukamaju');
    expect(pejabatRecordSchema.safeParse({ ...pejabat(), nip: '' }).success).toBe(false);
    expect(pejabatRecordSchema.safeParse({ ...pejabat(), penugasan: 'pj' }).success).toBe(false); // Pj only for kepala daerah
  });
});

describe('officials over time and the parties of a PK (Permenpan-RB 53/2014; docs/domain/pejabat.md §Data, §PK)', () => {
  const lama = pejabat({ nama: 'Drs. Lama', tmt: '2019-01-02', selesai: '2026-06-30' });
  const plt = pejabat({ nama: 'Plt Sekretaris', nip: '197505052000031002', penugasan: 'plt', tmt: '2026-07-01', selesai: '2026-09-30' });
  const baru = pejabat({ nama: 'Dr. Baru', nip: '197808082003121001', tmt: '2026-10-01' });
  const semua = [lama, plt, baru, bupati];

  it('a change of head mid-year: each day has its own head, the Plt fills the gap', () => {
    expect(kepalaOpdPada(semua, OPD, '2026-06-30')?.nama).toBe('Drs. Lama');
    expect(kepalaOpdPada(semua, OPD, '2026-08-15')?.nama).toBe('Plt Sekretaris');
    expect(kepalaOpdPada(semua, OPD, '2026-10-01')?.nama).toBe('Dr. Baru');
  });

  it('a definitive holder ranks before a Plh standing in the same day', () => {
    const plh = pejabat({ nama: 'Plh', nip: '197505052000031003', penugasan: 'plh', tmt: '2026-03-01', selesai: '2026-03-10' });
    expect(kepalaOpdPada([plh, lama], OPD, '2026-03-05')?.nama).toBe('Drs. Lama');
  });

  it('a PK is signed only by pejabat serving on its date; the superior must rank higher', () => {
    const pk = { opdId: OPD, tanggal: '2026-02-10', pihakPertamaId: lama.id, pihakKeduaId: bupati.id };
    expect(periksaPihakPk(pk, 'dinas', semua)).toBeNull();
    expect(periksaPihakPk({ ...pk, pihakPertamaId: null }, 'dinas', semua)).toMatch(/Pilih pihak pertama/);
    expect(periksaPihakPk({ ...pk, pihakPertamaId: baru.id }, 'dinas', semua)).toMatch(/tidak menjabat pada tanggal PK/);
    expect(periksaPihakPk({ ...pk, pihakKeduaId: plt.id }, 'dinas', semua)).toMatch(/tidak menjabat|harus atasan/);
    expect(periksaPihakPk({ ...pk, pihakKeduaId: null }, 'dinas', semua)).toMatch(/pihak kedua/);
  });

  it('the PK Pemda has one signatory: no pihak kedua needed', () => {
    expect(bentukPk('kepala-daerah')).toBe('pemda');
    expect(bentukPk('dinas', 'jpt-pratama')).toBe('dua-pihak');
    expect(periksaPihakPk({ opdId: KD, tanggal: '2026-02-10', pihakPertamaId: bupati.id, pihakKeduaId: null }, 'kepala-daerah', semua)).toBeNull();
  });
});

describe('pasal 142: who is covered (PP 11/2017 pasal 142 as amended by PP 17/2020; UU 5/2014 pasal 118)', () => {
  it('only pejabat pimpinan tinggi in a definitive position', () => {
    expect(dicakupPasal142(pejabat()).ya).toBe(true);
    expect(dicakupPasal142(bupati).ya).toBe(false); // elected, not a civil servant
    expect(dicakupPasal142({ ...bupati, penugasan: 'pj' }).ya).toBe(false); // evaluated by the Minister (Permendagri 4/2023)
    expect(dicakupPasal142(pejabat({ level: 'administrator', jabatan: 'Camat Sukamaju' })).ya).toBe(false); // camat
    expect(dicakupPasal142(pejabat({ penugasan: 'plt' })).alasan).toMatch(/Plt/);
    expect(dicakupPasal142(pejabat({ level: 'pengawas' })).ya).toBe(false);
  });

  it('the Bupati, a camat and a Plt get no proposal even far below target', () => {
    for (const p of [bupati, pejabat({ level: 'administrator', jabatan: 'Camat Sukamaju' }), pejabat({ penugasan: 'plt' })]) {
      const isi = pkDitandatangani(p, 2025, [{ tahunan: 100 }]);
      const e = evaluasiTahunan(masuk(p, 2025, pada('2026-02-01'), [isi], tw4(isi, 2025, [10])));
      expect(e).toMatchObject({ status: 'tidak-dicakup', usulan: null, dasar: null });
    }
  });
});

describe('pasal 142: when ("dalam waktu 1 tahun pada suatu jabatan"; docs/domain/pejabat.md §Kapan)', () => {
  it('not before the year has ended: on 15 August an OPD exactly on plan gets no proposal at all', () => {
    const p = pejabat();
    const isi = pkDitandatangani(p, 2026, [{ tahunan: 80 }]);
    const e = evaluasiTahunan(masuk(p, 2026, pada('2026-08-15'), [isi], [realisasi(isi.indikator[0]!, 2026, 'TW2', 80)]));
    expect(e.status).toBe('belum-waktunya');
    expect(e.usulan).toBeNull();
  });

  it('after 31 December, once the official has held the position a full year', () => {
    expect(periodeEvaluasi(pejabat({ tmt: '2020-03-02' }), 2025, pada('2026-01-01'))).toMatchObject({ siap: true, triwulan: 4, tahunan: true });
    expect(periodeEvaluasi(pejabat({ tmt: '2025-06-02' }), 2025, pada('2026-01-05'))).toMatchObject({
      siap: false,
      alasan: expect.stringMatching(/Belum 1 tahun/),
    });
    expect(periodeEvaluasi(pejabat({ tmt: '2025-01-01' }), 2025, pada('2026-01-05')).siap).toBe(true); // exactly one year
  });

  it('an assignment of at least a year that ends mid-year is evaluated after its end, s.d. the last full quarter', () => {
    const p = pejabat({ tmt: '2019-01-02', selesai: '2026-06-30' });
    expect(periodeEvaluasi(p, 2026, pada('2026-06-30')).siap).toBe(false);
    expect(periodeEvaluasi(p, 2026, pada('2026-07-01'))).toMatchObject({ siap: true, triwulan: 2, tahunan: false, selesai: '2026-06-30' });
    expect(periodeEvaluasi(pejabat({ tmt: '2019-01-02', selesai: '2026-03-02' }), 2026, pada('2026-04-01')).siap).toBe(false); // no full quarter
  });
});

describe('pasal 142: which PK and which target ("kinerja yang diperjanjikan"; docs/domain/pejabat.md §Data)', () => {
  it('a PK never signed gives no result and no proposal', () => {
    const p = pejabat();
    const isi = pkDitandatangani(p, 2025, [{ tahunan: 90 }], { status: 'draft', snapshot: null, ditandatanganiPada: null });
    const e = evaluasiTahunan(masuk(p, 2025, pada('2026-01-10'), [isi], tw4(isi, 2025, [10])));
    expect(e).toMatchObject({ status: 'tanpa-pk', usulan: null });
  });

  it("against the frozen snapshot's annual target, not a later edit nor the quarterly 's.d. TW IV' target", () => {
    const p = pejabat();
    const isi = pkDitandatangani(p, 2025, [{ tahunan: 80, triwulan: [20, 40, 60, 100] }]);
    // Edited after signing: the live record says 200, the snapshot still 80.
    const diubah = { ...isi, indikator: [{ ...isi.indikator[0]!, targetTahunan: 200 }] };
    const e = evaluasiTahunan(masuk(p, 2025, pada('2026-01-10'), [diubah], tw4(isi, 2025, [80])));
    expect(e.status).toBe('memenuhi');
    expect(e.dasar?.indikator[0]).toMatchObject({ target: 80, jenisTarget: 'tahunan', realisasi: 80, capaian: 100 });
  });

  it("a change of head mid-year: the new head never inherits the previous head's PK", () => {
    const lama = pejabat({ nama: 'Drs. Lama', tmt: '2019-01-02', selesai: '2026-06-30' });
    const baru = pejabat({ nama: 'Dr. Baru', nip: '197808082003121001', tmt: '2026-10-01' });
    const isi = pkDitandatangani(lama, 2026, [{ tahunan: 100, triwulan: [25, 50, 75, 100] }]);
    const real = [realisasi(isi.indikator[0]!, 2026, 'TW2', 20)];
    expect(pkDitandatanganiPejabat([isi.pk], baru, 2026, 4)).toBeNull();
    expect(evaluasiTahunan(masuk(baru, 2027, pada('2027-03-01'), [isi], real)).status).toBe('belum-waktunya'); // < 1 year in 2026 → 2027 not ended
    // The previous head: assignment of ≥ 1 year ended 30 June → s.d. TW2 against the signed TW2 target.
    const e = evaluasiTahunan(masuk(lama, 2026, pada('2026-07-15'), [isi], real));
    expect(e.status).toBe('tidak-memenuhi');
    expect(e.dasar).toMatchObject({ triwulan: 2, periodeSelesai: '2026-06-30' });
    expect(e.dasar?.indikator[0]).toMatchObject({ target: 50, jenisTarget: 'triwulan', capaian: 40 });
  });

  it('part of a year without a signed quarterly target is not judged against the annual target', () => {
    const lama = pejabat({ tmt: '2019-01-02', selesai: '2026-06-30' });
    const isi = pkDitandatangani(lama, 2026, [{ tahunan: 100 }]);
    const e = evaluasiTahunan(masuk(lama, 2026, pada('2026-07-15'), [isi], [realisasi(isi.indikator[0]!, 2026, 'TW2', 50)]));
    expect(e.status).toBe('data-belum-lengkap');
  });
});

describe('pasal 142: completeness and the threshold (docs/domain/pejabat.md §Data)', () => {
  const p = pejabat();
  const sepuluh = () =>
    pkDitandatangani(
      p,
      2025,
      Array.from({ length: 10 }, () => ({ tahunan: 80 })),
    );

  it('1 of 10 indicators reported (at 100 %) is "data belum lengkap", never "memenuhi"', () => {
    const isi = sepuluh();
    const e = evaluasiTahunan(masuk(p, 2025, pada('2026-01-10'), [isi], [realisasi(isi.indikator[0]!, 2025, 'TW4', 80)]));
    expect(e.status).toBe('data-belum-lengkap');
    expect(e.usulan).toBeNull();
    expect(e.dasar).toMatchObject({ jumlahIndikator: 10, jumlahDinilai: 1, capaian: null });
  });

  it('a TDI is not a result: the data is incomplete', () => {
    const isi = pkDitandatangani(p, 2025, [{ tahunan: 80 }, { tahunan: 80 }]);
    const real = [realisasi(isi.indikator[0]!, 2025, 'TW4', 80), realisasi(isi.indikator[1]!, 2025, 'TW4', null, true)];
    expect(evaluasiTahunan(masuk(p, 2025, pada('2026-01-10'), [isi], real)).status).toBe('data-belum-lengkap');
  });

  it('with the default threshold (76) one indicator slightly below target does not trigger a masa perbaikan', () => {
    const isi = sepuluh();
    const e = evaluasiTahunan(masuk(p, 2025, pada('2026-01-10'), [isi], tw4(isi, 2025, [80, 80, 80, 80, 80, 80, 80, 80, 80, 72])));
    expect(e.status).toBe('memenuhi');
    expect(e.dasar?.capaian).toBe(99);
  });

  it('below the threshold: a proposal of masa perbaikan showing the rule, the PK, the dates and every indicator', () => {
    const isi = sepuluh();
    const e = evaluasiTahunan(masuk(p, 2025, pada('2026-01-10'), [isi], tw4(isi, 2025, [40, 40, 40, 40, 40, 80, 80, 80, 80, 80])));
    expect(e).toMatchObject({ status: 'tidak-memenuhi', usulan: 'masa-perbaikan' });
    expect(e.dasar).toMatchObject({
      pkId: isi.pk.id,
      pkVersi: 1,
      periodeMulai: '2025-01-01',
      periodeSelesai: '2025-12-31',
      triwulan: 4,
      ambang: 76,
      capaian: 75,
    });
    expect(e.dasar?.aturan).toMatch(/pasal 142.*PP 17\/2020/);
    expect(e.dasar?.indikator).toHaveLength(10);
  });

  it('property: with every indicator reported, "memenuhi" iff the capped mean ≥ the threshold', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 160 }), { minLength: 1, maxLength: 8 }), fc.integer({ min: 0, max: 100 }), (nilai, ambang) => {
        const isi = pkDitandatangani(
          p,
          2025,
          nilai.map(() => ({ tahunan: 80 })),
        );
        const e = evaluasiTahunan(masuk(p, 2025, pada('2026-01-10'), [isi], tw4(isi, 2025, nilai), ambang));
        const skor = nilai.reduce((s, v) => s + Math.min((v / 80) * 100, 100), 0) / nilai.length;
        expect(e.status).toBe(skor >= ambang - 1e-9 ? 'memenuhi' : 'tidak-memenuhi');
      }),
      { numRuns: 60 },
    );
  });
});

describe('pasal 142: the six months and the follow-up (ayat: "diberikan kesempatan selama 6 bulan"; docs/domain/pejabat.md §Enam bulan)', () => {
  const p = pejabat();
  const isi2026 = pkDitandatangani(p, 2026, [{ tahunan: 100, triwulan: [25, 50, 75, 100] }]);
  const keputusan = { keputusan: 'masa-perbaikan' as const, tanggalKeputusan: '2026-02-16' };

  it('the six months run from the PPK decision recorded, not from the evaluation date', () => {
    expect(akhirMasaPerbaikan('2026-02-16')).toBe('2026-08-16');
    expect(akhirMasaPerbaikan('2025-08-31')).toBe('2026-02-28');
  });

  it('a proposal never confirmed never escalates', () => {
    const real = [realisasi(isi2026.indikator[0]!, 2026, 'TW2', 10)];
    const e = evaluasiAkhirPerbaikan({ ...masuk(p, 2026, pada('2026-12-01'), [isi2026], real), keputusan: { keputusan: null, tanggalKeputusan: null } });
    expect(e).toMatchObject({ status: 'belum-waktunya', usulan: null, akhir: null });
  });

  it('no follow-up proposal until the six months have passed', () => {
    const real = [realisasi(isi2026.indikator[0]!, 2026, 'TW2', 10)];
    const e = evaluasiAkhirPerbaikan({ ...masuk(p, 2026, pada('2026-08-16'), [isi2026], real), keputusan });
    expect(e).toMatchObject({ status: 'belum-waktunya', usulan: null, akhir: '2026-08-16' });
  });

  it('after the six months: not improved → uji kompetensi kembali; improved → no proposal', () => {
    const buruk = evaluasiAkhirPerbaikan({ ...masuk(p, 2026, pada('2026-08-17'), [isi2026], [realisasi(isi2026.indikator[0]!, 2026, 'TW2', 20)]), keputusan });
    expect(buruk).toMatchObject({ status: 'tidak-memenuhi', usulan: 'uji-kompetensi' });
    expect(buruk.dasar).toMatchObject({ periodeMulai: '2026-02-16', periodeSelesai: '2026-08-16', triwulan: 2 });
    const baik = evaluasiAkhirPerbaikan({ ...masuk(p, 2026, pada('2026-08-17'), [isi2026], [realisasi(isi2026.indikator[0]!, 2026, 'TW2', 50)]), keputusan });
    expect(baik).toMatchObject({ status: 'memenuhi', usulan: null });
  });

  it('a decision is recorded only with its decree number, date and who decided', () => {
    const rec = {
      id: idBaru(),
      updatedAt: T,
      pejabatId: p.id,
      opdId: OPD,
      tahun: 2025,
      hasil: 'tidak-memenuhi',
      usulan: 'masa-perbaikan',
      keputusan: 'masa-perbaikan',
    };
    const isi = pkDitandatangani(p, 2025, [{ tahunan: 80 }]);
    const d = evaluasiTahunan(masuk(p, 2025, pada('2026-01-10'), [isi], tw4(isi, 2025, [10]))).dasar;
    expect(evaluasiPejabatSchema.safeParse({ ...rec, dasar: d }).success).toBe(false);
    expect(
      evaluasiPejabatSchema.safeParse({
        ...rec,
        dasar: d,
        nomorKeputusan: '800.1.6.4/12/BKPSDM/2026',
        tanggalKeputusan: '2026-02-16',
        ditetapkanOleh: 'Bupati Sukamaju',
      }).success,
    ).toBe(true);
  });
});

describe('peringkatOpd', () => {
  it('competition ranking with ties, reward for the best, sanction for the lowest', () => {
    const p = peringkatOpd([
      { opdId: 'a', capaian: 80 },
      { opdId: 'b', capaian: 98 },
      { opdId: 'c', capaian: 95 },
      { opdId: 'd', capaian: 95 },
      { opdId: 'e', capaian: 40 },
      { opdId: 'f', capaian: null },
      { opdId: 'g', capaian: 93 },
    ]);
    expect(p.map((x) => [x.opdId, x.peringkat, x.kategori])).toEqual([
      ['b', 1, 'penghargaan'],
      ['c', 2, 'penghargaan'],
      ['d', 2, 'penghargaan'],
      ['g', 4, 'biasa'],
      ['a', 5, 'biasa'],
      ['e', 6, 'sanksi'],
      ['f', null, 'biasa'],
    ]);
  });

  it('no reward below the reward threshold even at rank 1', () => {
    const p = peringkatOpd([{ opdId: 'a', capaian: 85 }], { ambangPenghargaan: 91 });
    expect(p[0]).toMatchObject({ peringkat: 1, kategori: 'biasa' });
  });
});
