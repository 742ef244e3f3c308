/**
 * Import of the files a Bappeda has (docs/import.md): the real files of ../shared/real/ as they
 * are, header detection, synonyms, number conventions, XLSX formats, re-import, programmes.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import {
  barisTemplat,
  cariTabel,
  kenaliJudul,
  periksaImporPk,
  saranAgregasi,
  saranPolaritas,
  KOLOM_IMPOR,
  type KonteksImpor,
  type Sel,
  type TulisImpor,
} from '../../../src/reports/impor-pk.ts';
import { indikatorSchema, pejabatSchema, programSchema, sasaranSchema, type Indikator, type Program, type Sasaran } from '../../../src/domain/schemas.ts';
import { bacaCsv, bacaLembar, tulisCsv, tulisXlsx, bacaBerkas } from '../../../src/reports/spreadsheet.ts';
import * as f from './fixture.ts';

const NOW = new Date('2026-11-23T02:00:00Z');
const REAL = '/work/shared/real';

function konteks(extra: Partial<KonteksImpor> = {}): KonteksImpor {
  const o = f.opd();
  const p = f.pk(o);
  let i = 0;
  return {
    pk: p,
    sasaranAda: [],
    indikatorAda: [],
    programAda: [],
    now: NOW,
    oleh: 'op',
    idBaru: () => `10000000-0000-4000-8000-${String(++i).padStart(12, '0')}`,
    ...extra,
  };
}

/** Applies the writes to an in-memory PK (what simpanBanyak does: merge fields into the record). */
function terapkan(ctx: KonteksImpor, writes: TulisImpor[]): KonteksImpor {
  const peta = {
    sasaran: new Map(ctx.sasaranAda.map((s) => [s.id, s])),
    indikator: new Map(ctx.indikatorAda.map((s) => [s.id, s])),
    program: new Map((ctx.programAda ?? []).map((s) => [s.id, s])),
  };
  for (const w of writes) {
    const lama = (peta[w.table] as Map<string, object>).get(w.id);
    const schema = w.table === 'sasaran' ? sasaranSchema : w.table === 'indikator' ? indikatorSchema : programSchema;
    (peta[w.table] as Map<string, object>).set(w.id, schema.parse({ ...lama, ...w.fields, id: w.id, updatedAt: NOW.toISOString() }));
  }
  return {
    ...ctx,
    sasaranAda: [...peta.sasaran.values()] as Sasaran[],
    indikatorAda: [...peta.indikator.values()] as Indikator[],
    programAda: [...peta.program.values()] as Program[],
  };
}

async function lembarNyata(nama: string) {
  const buf = readFileSync(`${REAL}/${nama}`);
  return bacaLembar(new Blob([buf], { type: nama.endsWith('.csv') ? 'text/csv' : '' }), nama);
}

const ind = (h: { writes: TulisImpor[] }) => h.writes.filter((w) => w.table === 'indikator').map((w) => w.fields as Partial<Indikator>);
const prog = (h: { writes: TulisImpor[] }) => h.writes.filter((w) => w.table === 'program').map((w) => w.fields as Partial<Program>);

describe('real files of ../shared/real (docs/import.md)', () => {
  it('Konawe Kepulauan PK lampiran: title row skipped, synonyms mapped, programmes from the second table', async () => {
    const [l] = await lembarNyata('konkep-disdukcapil-pk-sumber.csv');
    const h0 = periksaImporPk(l!.baris, konteks());
    // No polarity/aggregation in the file: suggested, held until the person confirms them.
    expect(h0.perluKonfirmasiSaran).toBe(6);
    expect(ind(h0)).toHaveLength(0);
    const h = periksaImporPk(l!.baris, konteks({ saranDikonfirmasi: true }));
    expect(h.tabel.map((t) => [t.jenis, t.barisJudul])).toEqual([
      ['indikator', 1],
      ['program', 8],
    ]);
    expect(h.umum).toEqual([]);
    expect(ind(h).map((i) => [i.uraian, i.formula, i.satuan, i.targetTahunan, i.polaritas, i.agregasi])).toEqual([
      ['Data Informasi Kependudukan', 'Jumlah Buku Profil Kependudukan', 'Buku', 1, 'naik', 'akhir'],
      ['Jumlah Operator yang berkopetensi', 'Jumlah Operator yang mengikuti BIMTEK SIAK', 'Orang', 17, 'naik', 'akhir'],
      [
        'persentase Jumlah penduduk 0-18 tahun berakte kelahiran',
        'Perbandingan jumlah penduduk 0-18 tahun berakte kelahiran dengan jumlah penduduk 0-18',
        '%',
        50,
        'naik',
        'akhir',
      ],
      ['persentase jumlah laporan kematian', 'Perbandingan Jumlah Akte kematian yang terbit dengan jumlah laporan', '%', 50, 'naik', 'akhir'],
      ['pesentase jumlah pasangan berakte nikah', 'perbandingan jumlah pasangan berakte nikah dengan jumlah pasangan', '%', 50, 'naik', 'akhir'],
      ['persentase jumlah laporan perceraian', 'perbandingan jumlah akte perceraian yang terbit dengan jumlah laporan perceraian', '%', 50, 'naik', 'akhir'],
    ]);
    expect(h.writes.filter((w) => w.table === 'sasaran').map((w) => (w.fields as Sasaran).uraian)).toEqual([
      'Menyediakan Informasi Administrasi Kependudukan yang Akurat',
      'Meningkatnya Administrasi Pencatatan Sipil',
    ]);
    expect(prog(h).map((p) => [p.nama, p.pagu, p.sumberDana])).toEqual([
      ['Program Pelayanan Administrasi Perkantoran', 607_600_000, 'APBD'],
      ['Program Peningktan Sarana dan Prasarana Aparatur', 325_350_000, 'APBD'],
      ['Program Peningkatan Disiplin Aparatur', 11_200_000, 'APBD'],
      ['Program Peningkatan Kapasitas Sumber Daya Aparatur', 70_000_000, 'APBD'],
      ['Program Peningkatan Pengembangan Sistem Pelaporan Capaian Kinerja dan Keuangan', 16_300_000, 'APBD'],
      ['Program Penataan Administrasi Kependudukan', 891_422_000, 'APBD, DAK'],
      ['Program Penataan Adminitrasi Kependukan dan Pencatatan Sipil', 0, ''],
    ]);
  });

  it('Konawe Kepulauan programme list: kode, pagu (id-ID thousands), sumber dana', async () => {
    const [l] = await lembarNyata('konkep-disdukcapil-program.csv');
    const h = periksaImporPk(l!.baris, konteks());
    expect(prog(h).map((p) => [p.kode, p.pagu])).toEqual([
      ['1', 607_600_000],
      ['2', 325_350_000],
      ['3', 11_200_000],
      ['5', 70_000_000],
      ['6', 16_300_000],
      ['15', 891_422_000],
      ['17', 0],
    ]);
    expect(h.jumlah.program).toBe(7);
  });

  it.each(['pk-impor-tanahdatar-kesra.csv', 'pk-impor-tanahdatar-kesra.xlsx'])(
    'Tanah Datar IKU %s: "20,71%%" and a 0,2071 percent cell both become 20,71',
    async (nama) => {
      const [l] = await lembarNyata(nama);
      const h = periksaImporPk(l!.baris, konteks());
      expect(h.baris.every((b) => b.pesan.length === 0)).toBe(true);
      expect(ind(h).map((i) => [i.uraian, i.satuan, i.targetTahunan, i.agregasi, i.sumberData])).toEqual([
        ['Persentase masjid dan mushala yang dikunjungi dalam rangka pembinaan keagamaan', '%', 20.71, 'akhir', 'Bagian Kesra'],
        ['Persentase Peningkatan zakat yang terhimpun', '%', 6.67, 'akhir', 'Bagian Kesra'],
        ["Jumlah anak yang Khatam Al-Qur'an (orang)", 'orang', 3000, 'kumulatif', 'Bagian Kesra'],
        ['Jumlah masyarakat yang mendaftar berangkat haji', 'orang', 600, 'kumulatif', 'Bagian Kesra'],
        ['Jumlah peserta Qurban (orang)', 'orang', 30000, 'kumulatif', 'Bagian Kesra'],
      ]);
    },
  );
});

describe('header, synonyms, sheets (docs/import.md §Baris judul, §Kolom)', () => {
  it('recognises the titles Bappeda tables use', () => {
    expect(kenaliJudul('Sasaran Strategis')?.kunci).toBe('sasaran');
    expect(kenaliJudul('Indikator Kinerja Utama')?.kunci).toBe('uraian');
    expect(kenaliJudul('Target 2019')).toEqual({ kunci: 'targetTahunan', tahunKolom: 2019 });
    expect(kenaliJudul('Target TW III')?.kunci).toBe('tw3');
    expect(kenaliJudul('Target s.d. TW2')?.kunci).toBe('tw2');
    expect(kenaliJudul('Sifat')?.kunci).toBe('polaritas');
    expect(kenaliJudul('Target 100 Hari')?.kunci).toBe('m100H');
    expect(kenaliJudul('Pagu (Rp)')?.kunci).toBe('pagu');
    expect(kenaliJudul('Kode Sub Kegiatan')?.kunci).toBe('kodeSubKegiatan');
  });

  it('finds a two-row header under title rows, picks the PK year among target years, reads Positif/Negatif', () => {
    const rows: Sel[][] = [
      ['INDIKATOR KINERJA UTAMA KABUPATEN'],
      [''],
      ['No', 'Sasaran Strategis', 'Indikator Kinerja', 'Satuan', 'Sifat', 'Target 2025', 'Target 2026', 'Target', '', '', ''],
      ['', '', '', '', '', '', '', 'TW I', 'TW II', 'TW III', 'TW IV'],
      ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)', '(8)', '(9)', '(10)', '(11)'],
      ['1', 'Menurunnya kematian', 'Angka Kematian Bayi', 'per 1.000 KH', 'Negatif', '8', '7,5', '7,5', '7,5', '7,5', '7,5'],
      ['2', '', 'Cakupan imunisasi', '%', 'Positif', '90', '92', '20', '45', '70', '92'],
    ];
    const t = cariTabel(rows, 2026);
    expect(t[0]).toMatchObject({ jenis: 'indikator', barisJudul: 3 });
    expect(t[0]!.kolom).toMatchObject({ sasaran: 1, uraian: 2, polaritas: 4, targetTahunan: 6, tw1: 7, tw4: 10 });
    const h = periksaImporPk(rows, konteks({ saranDikonfirmasi: true, modeTriwulan: 'kumulatif' }));
    expect(ind(h).map((i) => [i.polaritas, i.targetTahunan, i.targetTriwulan])).toEqual([
      ['turun', 7.5, [7.5, 7.5, 7.5, 7.5]],
      ['naik', 92, [20, 45, 70, 92]],
    ]);
  });

  it('reads every sheet of an XLSX; the remembered mapping overrides synonyms', async () => {
    const xlsx = await tulisXlsx([
      { nama: 'Sampul', baris: [['Renstra']] },
      { nama: 'IKU', baris: [['Uraian IKU', 'Sasaran', 'Satuan', 'Target']] },
    ]);
    const lembar = await bacaLembar(xlsx, 'x.xlsx');
    expect(lembar.map((l) => l.nama)).toEqual(['Sampul', 'IKU']);
    expect(cariTabel(lembar[1]!.baris, 2026)).toEqual([]);
    expect(cariTabel(lembar[1]!.baris, 2026, { 'uraian iku': 'uraian' })[0]?.kolom).toMatchObject({ uraian: 0, sasaran: 1 });
  });
});

describe('numbers as published (docs/import.md §Angka)', () => {
  const H = ['Sasaran', 'Indikator', 'Satuan', 'Polaritas', 'Agregasi', 'Target'];
  it('flags "10,274,076" and "59.89" in an id-ID column for confirmation, never rereads them silently', () => {
    const rows: Sel[][] = [
      H,
      ['S', 'Jumlah penduduk', 'jiwa', 'naik', 'akhir', '10,274,076'],
      ['S', 'Indeks X', 'indeks', 'naik', 'akhir', '59.89'],
      ['S', 'Indeks Y', 'indeks', 'naik', 'akhir', '60,5'],
    ];
    const h = periksaImporPk(rows, konteks());
    expect(ind(h).map((i) => i.uraian)).toEqual(['Indeks Y']);
    expect(h.baris.filter((b) => b.konfirmasi.length).map((b) => b.konfirmasi[0]!.pilihan.map((p) => p.nilai))).toEqual([[10274076], [59.89]]);
    const k = Object.fromEntries(h.baris.flatMap((b) => b.konfirmasi.map((x) => [x.kunci, x.pilihan[0]!.nilai])));
    const h2 = periksaImporPk(rows, konteks({ konfirmasi: k }));
    expect(ind(h2).map((i) => i.targetTahunan)).toEqual([10274076, 59.89, 60.5]);
  });

  it('in a column that shows the other convention, an ambiguous "1.234" is asked too', () => {
    const rows: Sel[][] = [H, ['S', 'A', 'unit', 'naik', 'akhir', '1.234'], ['S', 'B', 'unit', 'naik', 'akhir', '2.5']];
    const h = periksaImporPk(rows, konteks());
    expect(h.baris.map((b) => b.konfirmasi[0]?.pilihan.map((p) => p.nilai))).toEqual([[1.234, 1234], [2.5]]);
  });

  it('a value ≤ 1 under % without a percent format is flagged (warning), a percent cell is shifted', () => {
    const rows: Sel[][] = [H, ['S', 'A', '%', 'naik', 'akhir', 0.85], ['S', 'B', '%', 'naik', 'akhir', { angka: 0.2071, format: '0.00%' }]];
    const h = periksaImporPk(rows, konteks());
    expect(h.baris[0]!.pesan[0]).toMatchObject({ tingkat: 'peringatan' });
    expect(h.baris[0]!.pesan[0]!.pesan).toContain('85 %');
    expect(ind(h).map((i) => i.targetTahunan)).toEqual([0.85, 20.71]);
  });

  it('target kinds: comparison, band, ordinal level (with its scale), precision kept', () => {
    const rows: Sel[][] = [
      H,
      ['S', 'Nilai SAKIP', 'predikat', '', '', 'BB'],
      ['S', 'Opini BPK', 'opini', '', '', 'WTP'],
      ['S', 'IKM', 'indeks', 'naik', 'akhir', '≥ 85'],
      ['S', 'Inflasi', '%', 'rentang', 'akhir', '2 - 4'],
      ['S', 'Rasio', 'rasio', 'naik', 'akhir', '0,822'],
    ];
    const h = periksaImporPk(rows, konteks({ saranDikonfirmasi: true }));
    expect(ind(h).map((i) => [i.targetTahunan, i.skala?.nama ?? null, i.polaritas])).toEqual([
      [{ tingkat: 'BB' }, 'Nilai SAKIP', 'naik'],
      [{ tingkat: 'WTP' }, 'Opini BPK', 'naik'],
      [{ op: '>=', nilai: 85 }, null, 'naik'],
      [[2, 4], null, 'rentang'],
      [0.822, null, 'naik'],
    ]);
  });
});

describe('quarters, milestones, suggestions', () => {
  const H = [
    'Sasaran',
    'Indikator',
    'Satuan',
    'Polaritas',
    'Agregasi',
    'Target Tahunan',
    'TW 1',
    'TW 2',
    'TW 3',
    'TW 4',
    'Target 100 Hari',
    'Target 6 Bulan',
    'Target 1 Tahun',
  ];
  const r = ['S', 'Jumlah peserta pelatihan', 'orang', 'naik', 'kumulatif', '100', '25', '25', '25', '25', '', '', ''];
  it('portions per quarter are summed to s.d. values when the person says so; otherwise a decrease is refused (docs/domain/target-capaian.md §Triwulan)', () => {
    const porsi = periksaImporPk([H, r], konteks({ modeTriwulan: 'porsi' }));
    expect(ind(porsi)[0]!.targetTriwulan).toEqual([25, 50, 75, 100]);
    expect(porsi.saranModeTriwulan).toBe('porsi');
    const kum = periksaImporPk([H, r], konteks({ modeTriwulan: 'kumulatif' }));
    expect(ind(kum)).toHaveLength(0);
    expect(kum.baris[0]!.pesan.map((p) => p.pesan).join(' ')).toMatch(/harus sama dengan target tahunan/);
    const turun = periksaImporPk([H, [...r.slice(0, 6), '30', '20', '75', '100', '', '', '']], konteks({ modeTriwulan: 'kumulatif' }));
    expect(turun.baris[0]!.pesan[0]!.pesan).toMatch(/tidak boleh turun.*porsi per triwulan/);
  });
  it('milestone columns become milestone targets', () => {
    const h = periksaImporPk([H, ['S', 'Jalan mantap', '%', 'naik', 'akhir', '80', '', '', '', '', '60', '70', '80']], konteks());
    expect(ind(h)[0]!.targetMilestone).toEqual({ '100H': 60, '6B': 70, '1T': 80 });
  });
  it('suggests turun for names of things that should go down (docs/import.md §Saran)', () => {
    expect(saranPolaritas('Angka Kematian Ibu')).toBe('turun');
    expect(saranPolaritas('Prevalensi stunting')).toBe('turun');
    expect(saranPolaritas('Persentase penduduk miskin')).toBe('turun');
    expect(saranPolaritas('Tingkat Pengangguran Terbuka')).toBe('turun');
    expect(saranPolaritas('Cakupan imunisasi dasar lengkap')).toBe('naik');
    expect(saranAgregasi('Jumlah peserta Qurban', 'orang')).toBe('kumulatif');
    expect(saranAgregasi('Persentase X', '%')).toBe('akhir');
  });
});

describe('programmes (SIPD) and NIP', () => {
  it('takes kode program / kegiatan / sub kegiatan, sums sub kegiatan into a programme without pagu, reads "Rp. 891.422.000,-" and "70,000,000"', () => {
    const rows: Sel[][] = [
      ['RENCANA KERJA 2026'],
      ['Kode', 'Program/Kegiatan/Sub Kegiatan', 'Pagu Indikatif', 'Sumber Dana'],
      ['2.12.02', 'PROGRAM PENDAFTARAN PENDUDUK', '', ''],
      ['2.12.02.2.01', 'Pelayanan Pendaftaran Penduduk', 'Rp. 891.422.000,-', 'DAK'],
      ['2.12.02.2.01.0001', 'Penyelenggaraan Pendaftaran', 'Rp. 821.422.000,-', 'DAK'],
      ['2.12.02.2.01.0002', 'Penataan Pendaftaran', '70,000,000', 'APBD'],
      ['2.12.03', 'PROGRAM PENCATATAN SIPIL', 'Rp 16.300.000', 'APBD'],
    ];
    const h = periksaImporPk(rows, konteks());
    expect(prog(h).map((p) => [p.kode, p.nama, p.pagu])).toEqual([
      ['2.12.02', 'PROGRAM PENDAFTARAN PENDUDUK', 891_422_000],
      ['2.12.03', 'PROGRAM PENCATATAN SIPIL', 16_300_000],
    ]);
    expect(h.baris[0]!.pesan.map((p) => p.tingkat)).toContain('peringatan');
  });
  it('NIP written as on documents is accepted and stored without spaces', () => {
    expect(pejabatSchema.parse({ nama: 'A', jabatan: 'B', nip: '19700101 199803 1 005' }).nip).toBe('197001011998031005');
    expect(pejabatSchema.safeParse({ nama: 'A', jabatan: 'B', nip: '1970 0101' }).success).toBe(false);
  });
});

describe('bad rows (docs/import.md §Pratinjau)', () => {
  it('a row with indicator data but no indicator name is shown with its errors and skipped; a sasaran-only row is not a row', () => {
    const H = ['Sasaran', 'Indikator', 'Satuan', 'Polaritas', 'Agregasi', 'Target'];
    const rows: Sel[][] = [
      H,
      ['Sasaran A', '', '', '', '', ''],
      ['', 'Indeks X', 'indeks', 'naik', 'akhir', '82,5'],
      ['', '', '%', 'miring', 'akhir', 'delapan'],
      ['', 'Rasio Y', '%', 'miring', 'akhir', '10'],
    ];
    const h = periksaImporPk(rows, konteks());
    expect(h.baris.map((b) => [b.baris, b.aksi, b.sasaran, b.uraian])).toEqual([
      [3, 'baru', 'Sasaran A', 'Indeks X'],
      [4, 'dilewati', 'Sasaran A', ''],
      [5, 'dilewati', 'Sasaran A', 'Rasio Y'],
    ]);
    expect(h.baris[1]!.pesan.map((p) => [p.kolom, p.tingkat, p.pesan])).toEqual([
      ['Indikator', 'galat', 'Wajib diisi (baris ini berisi data indikator tanpa nama indikator)'],
      ['Target Tahunan', 'galat', expect.stringMatching(/^“delapan” bukan target yang dikenali/)],
      ['Polaritas', 'galat', '"miring" tidak dikenal; tulis naik/turun/rentang atau positif/negatif'],
    ]);
    expect(h.jumlah).toMatchObject({ baru: 1, dilewati: 2 });
    // Only the valid row (and its sasaran) is written.
    expect(ind(h).map((i) => i.uraian)).toEqual(['Indeks X']);
    expect(h.writes.map((w) => w.table)).toEqual(['sasaran', 'indikator']);
  });
});

describe('re-import (docs/import.md §Impor ulang)', () => {
  it('a corrected file updates the same indicators instead of adding', async () => {
    const [l] = await lembarNyata('pk-impor-tanahdatar-kesra.csv');
    const ctx = konteks();
    const pertama = periksaImporPk(l!.baris, ctx);
    const setelah = terapkan(ctx, pertama.writes);
    const diperbaiki = l!.baris.map((r, i) => (i === 4 ? r.map((c, j) => (j === 6 ? '650' : c)) : r));
    const kedua = periksaImporPk(diperbaiki, setelah);
    expect(kedua.jumlah).toMatchObject({ baru: 0, ubah: 1, tetap: 4 });
    const akhir = terapkan(setelah, kedua.writes);
    expect(akhir.indikatorAda).toHaveLength(5);
    expect(akhir.indikatorAda.find((i) => i.uraian.startsWith('Jumlah masyarakat'))!.targetTahunan).toBe(650);
  });

  it('property: importing the same file twice changes nothing the second time', () => {
    const nilai = fc.oneof(
      fc.integer({ min: 0, max: 1e6 }).map(String),
      fc.double({ min: 0, max: 1e4, noNaN: true }).map((x) => String(Math.round(x * 1000) / 1000).replace('.', ',')),
    );
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('S1', 'S2'), fc.stringMatching(/^[A-Z][a-z]{2,8}$/), nilai), { minLength: 1, maxLength: 8 }), (xs) => {
        const rows: Sel[][] = [
          ['Sasaran', 'Indikator', 'Satuan', 'Polaritas', 'Agregasi', 'Target'],
          ...xs.map(([s, u, t]) => [s, u, 'unit', 'naik', 'akhir', t]),
        ];
        const ctx = konteks();
        const a = periksaImporPk(rows, ctx);
        const setelah = terapkan(ctx, a.writes);
        const b = periksaImporPk(rows, setelah);
        expect(b.writes).toEqual([]);
        expect(terapkan(setelah, b.writes).indikatorAda).toEqual(setelah.indikatorAda);
      }),
      { numRuns: 60 },
    );
  });
});

describe('template and spreadsheet round trip', () => {
  it('the downloadable template is a valid one-indicator file', () => {
    const h = periksaImporPk(barisTemplat(), konteks());
    expect(ind(h)).toHaveLength(1);
    expect(KOLOM_IMPOR.map((k) => k.kunci)).toContain('m100H');
  });
  it('reads back a CSV written with ; and decimal commas, and an XLSX', async () => {
    const data = [
      ['Indikator', 'Target'],
      ['AKB', 7.5],
    ];
    const csv = await tulisCsv(data);
    expect(csv).toContain('7,5');
    expect(await bacaCsv(csv)).toEqual([
      ['Indikator', 'Target'],
      ['AKB', '7,5'],
    ]);
    const xlsx = await tulisXlsx([{ nama: 'Templat', baris: data }]);
    expect(await bacaBerkas(xlsx, 'x.xlsx')).toEqual([
      ['Indikator', 'Target'],
      ['AKB', 7.5],
    ]);
    await expect(bacaBerkas(new Blob(['bukan zip']), 'x.xlsx')).rejects.toThrow(/tidak dapat dibaca/);
    await expect(bacaBerkas(new Blob(['x']), 'x.pdf')).rejects.toThrow(/tidak didukung/);
  });
});
