import { describe, expect, it } from 'vitest';
import { buatDemo, DEMO_NOW, type DataDemo } from '../../../src/demo/generate.ts';
import { hitungRingkasan } from '../../../src/domain/ringkasan.ts';
import { idAlami, NAMA_TABEL, recordSchemas, type Pk } from '../../../src/domain/schemas.ts';
import { Acak } from '../../../src/demo/acak.ts';

const demo = buatDemo();
const dataPemda = (d: DataDemo) => ({ ...d, pemda: d.pemda[0] ?? null });

describe('buatDemo', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    expect(JSON.stringify(buatDemo())).toBe(JSON.stringify(demo));
    const lain = buatDemo({ seed: 7 });
    expect(JSON.stringify(buatDemo({ seed: 7 }))).toBe(JSON.stringify(lain));
    expect(lain.opd[1]!.id).not.toBe(demo.opd[1]!.id);
  });

  it('has every table key; every record passes its schema unchanged, rev 0, not deleted', () => {
    expect(Object.keys(demo).sort()).toEqual([...NAMA_TABEL].sort());
    for (const t of NAMA_TABEL) {
      for (const r of demo[t] as { rev: number; deleted: boolean }[]) {
        const p = recordSchemas[t].safeParse(r);
        expect(p.success, `${t}: ${p.success ? '' : p.error.message}`).toBe(true);
        if (p.success) expect(p.data).toEqual(r);
        expect(r.rev).toBe(0);
        expect(r.deleted).toBe(false);
      }
    }
  });

  it('ids are unique per table', () => {
    for (const t of NAMA_TABEL) {
      const ids = (demo[t] as { id: string }[]).map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it('natural keys use idAlami', () => {
    for (const r of demo.realisasi) expect(r.id).toBe(idAlami.realisasi(r.indikatorId, r.periode));
    for (const r of demo.realisasiAnggaran) expect(r.id).toBe(idAlami.realisasiAnggaran(r.programId, r.triwulan));
    for (const r of demo.laporan) expect(r.id).toBe(idAlami.laporan(r.opdId, r.tahun, r.triwulan));
    for (const r of demo.kunciPeriode) expect(r.id).toBe(idAlami.kunciPeriode(r.tahun, r.triwulan));
    for (const r of demo.evaluasiPejabat) expect(r.id).toBe(idAlami.evaluasiPejabat(r.pejabatId, r.tahun, r.tahap));
    for (const r of demo.evaluasiPj) expect(r.id).toBe(idAlami.evaluasiPj(r.pejabatId, r.ke));
    for (const r of demo.rakor) expect(r.id).toBe(idAlami.rakor(r.tahun, r.triwulan));
  });

  it('about 40 OPD: ~15 kecamatan and one kepala daerah; realistic names and 18-digit NIPs', () => {
    expect(demo.opd.length).toBeGreaterThanOrEqual(35);
    expect(demo.opd.length).toBeLessThanOrEqual(45);
    const jenis = (j: string) => demo.opd.filter((o) => o.jenis === j).length;
    expect(jenis('kecamatan')).toBe(15);
    expect(jenis('kepala-daerah')).toBe(1);
    const nama = demo.opd.map((o) => o.nama);
    for (const n of ['Dinas Pendidikan', 'Dinas Kesehatan', 'Dinas Pekerjaan Umum dan Penataan Ruang', 'Inspektorat Daerah', 'Satuan Polisi Pamong Praja'])
      expect(nama).toContain(n);
    expect(demo.opd.some((o) => o.singkatan === 'Bappeda')).toBe(true);
    expect(demo.opd.some((o) => o.singkatan === 'BPKPD')).toBe(true);
    expect(demo.opd.some((o) => o.jenis === 'rsud')).toBe(true);
    // Civil servants carry an 18-digit NIP; the elected Bupati has none (docs/domain/pejabat.md §NIP).
    for (const o of demo.opd) expect(o.kepala.nip).toMatch(o.jenis === 'kepala-daerah' ? /^$/ : /^\d{18}$/);
    expect(new Set(demo.opd.map((o) => o.singkatan)).size).toBe(demo.opd.length);
  });

  it('two years: last year all signed PK versi 1; this year two Perubahan PK from TW3', () => {
    const pk2025 = demo.pk.filter((p) => p.tahun === 2025);
    const pk2026 = demo.pk.filter((p) => p.tahun === 2026);
    expect(pk2025).toHaveLength(demo.opd.length);
    expect(pk2025.every((p) => p.status === 'ditandatangani' && p.versi === 1 && p.snapshot !== null)).toBe(true);
    const v2 = pk2026.filter((p) => p.versi === 2);
    expect(v2).toHaveLength(2);
    for (const p of v2) {
      expect(p.berlakuMulaiTriwulan).toBe(3);
      expect(p.alasanPerubahan.length).toBeGreaterThan(10);
      expect(pk2026.find((x) => x.id === p.pkSebelumnyaId)?.versi).toBe(1);
    }
  });

  it('indicator counts per OPD PK: 15–40 (kepala daerah about ten), with every polarity and aggregation', () => {
    const perPk = new Map<string, number>();
    for (const i of demo.indikator) perPk.set(i.pkId, (perPk.get(i.pkId) ?? 0) + 1);
    const opdById = new Map(demo.opd.map((o) => [o.id, o]));
    // The OPD's own PKs; cascade PKs of eselon III/IV officials (pkIndukId) are smaller by nature.
    for (const p of demo.pk.filter((x) => x.pkIndukId === null)) {
      const n = perPk.get(p.id) ?? 0;
      if (opdById.get(p.opdId)?.jenis === 'kepala-daerah') expect(n).toBe(10);
      else {
        expect(n).toBeGreaterThanOrEqual(15);
        expect(n).toBeLessThanOrEqual(40);
      }
    }
    for (const pol of ['naik', 'turun', 'rentang'] as const) expect(demo.indikator.some((i) => i.polaritas === pol)).toBe(true);
    for (const agr of ['kumulatif', 'akhir', 'rata-rata'] as const) expect(demo.indikator.some((i) => i.agregasi === agr)).toBe(true);
    expect(demo.indikator.find((i) => i.uraian.includes('stunting'))?.polaritas).toBe('turun');
    expect(demo.indikator.find((i) => i.uraian === 'Persentase penduduk miskin')?.polaritas).toBe('turun');
    expect(demo.indikator.some((i) => i.targetTriwulan !== null)).toBe(true);
    expect(demo.indikator.some((i) => i.targetMilestone !== null)).toBe(true);
  });

  it('realisasi: 2025 TW1–TW4, 2026 TW1–TW3 only, some TDI with reasons, masalah with solusi', () => {
    const periode = (t: number) => new Set(demo.realisasi.filter((r) => r.tahun === t && r.periode.startsWith('TW')).map((r) => r.periode));
    expect([...periode(2025)].sort()).toEqual(['TW1', 'TW2', 'TW3', 'TW4']);
    expect([...periode(2026)].sort()).toEqual(['TW1', 'TW2', 'TW3']);
    const tdi = demo.realisasi.filter((r) => r.tdi);
    expect(tdi.length).toBeGreaterThan(10);
    expect(tdi.every((r) => r.alasanTdi.length > 0 && r.nilai === null)).toBe(true);
    const masalah = demo.realisasi.filter((r) => r.masalah);
    expect(masalah.length).toBeGreaterThan(10);
    expect(masalah.every((r) => r.solusi.length > 0)).toBe(true);
    expect(demo.realisasi.some((r) => r.periode === '100H')).toBe(true);
  });

  it('realisasi of an amended PK point at the indicator version they were measured against', () => {
    const v2 = demo.pk.filter((p) => p.versi === 2);
    const indById = new Map(demo.indikator.map((i) => [i.id, i]));
    for (const p of v2) {
      const rs = demo.realisasi.filter((r) => r.opdId === p.opdId && r.tahun === 2026);
      for (const r of rs) {
        const pkInd = indById.get(r.indikatorId)!.pkId;
        expect(pkInd).toBe(r.periode === 'TW3' ? p.id : p.pkSebelumnyaId);
      }
      const baru = demo.indikator.filter((i) => i.pkId === p.id);
      expect(baru.every((i) => i.indikatorAsalId !== null && indById.get(i.indikatorAsalId)?.pkId === p.pkSebelumnyaId)).toBe(true);
    }
  });

  it('programmes have pagu in rupiah; budget realisation is cumulative and within pagu', () => {
    expect(demo.program.length).toBeGreaterThan(100);
    for (const p of demo.program) {
      expect(p.pagu).toBeGreaterThan(0);
      expect(p.pagu % 1_000_000).toBe(0);
    }
    const paguById = new Map(demo.program.map((p) => [p.id, p.pagu]));
    const perProgram = new Map<string, { triwulan: number; keuangan: number }[]>();
    for (const r of demo.realisasiAnggaran) {
      expect(r.keuangan).toBeLessThanOrEqual(paguById.get(r.programId)!);
      perProgram.set(r.programId, [...(perProgram.get(r.programId) ?? []), r]);
    }
    for (const rs of perProgram.values()) {
      const urut = [...rs].sort((a, b) => a.triwulan - b.triwulan);
      for (let i = 1; i < urut.length; i++) expect(urut[i]!.keuangan).toBeGreaterThanOrEqual(urut[i - 1]!.keuangan);
    }
  });

  it('rakor: TW2 2026 held with arahan (some done, some overdue), TW3 2026 planned', () => {
    const tw2 = demo.rakor.find((r) => r.tahun === 2026 && r.triwulan === 2)!;
    const tw3 = demo.rakor.find((r) => r.tahun === 2026 && r.triwulan === 3)!;
    expect(tw2.status).toBe('selesai');
    expect(tw3.status).toBe('rencana');
    expect(tw3.tanggal > '2026-11-23').toBe(true);
    const arahan = demo.arahan.filter((a) => a.rakorId === tw2.id);
    expect(arahan.some((a) => a.status === 'selesai')).toBe(true);
    expect(arahan.some((a) => (a.status === 'baru' || a.status === 'proses') && a.batasWaktu < '2026-11-23')).toBe(true);
    expect(arahan.some((a) => (a.status === 'baru' || a.status === 'proses') && a.batasWaktu >= '2026-11-23')).toBe(true);
    expect(arahan.some((a) => a.opdId === null)).toBe(true);
  });

  it('last year is locked and evaluated (PP 11/2017)', () => {
    expect(demo.kunciPeriode.map((k) => [k.tahun, k.triwulan, k.terkunci])).toEqual([
      [2025, 1, true],
      [2025, 2, true],
      [2025, 3, true],
      [2025, 4, true],
    ]);
    // PP 11/2017 pasal 142: only JPT definitif are evaluated; a recorded decision carries its decree.
    const pejabat = new Map(demo.pejabat.map((p) => [p.id, p]));
    expect(demo.evaluasiPejabat.length).toBeGreaterThan(0);
    for (const e of demo.evaluasiPejabat) {
      expect(pejabat.get(e.pejabatId)).toMatchObject({ level: 'jpt-pratama', penugasan: 'definitif' });
      expect(e.keputusan === null || (e.nomorKeputusan !== '' && e.tanggalKeputusan !== null && e.ditetapkanOleh !== '')).toBe(true);
      expect(e.dasar.indikator.length).toBe(e.dasar.jumlahIndikator);
    }
  });

  it('the summary of the demo data is sane', () => {
    const r = hitungRingkasan(dataPemda(demo), 2026, 3, DEMO_NOW);
    expect(r.total.jumlahOpd).toBe(demo.opd.length - 1);
    expect(r.opd.filter((o) => o.pk?.versi === 2)).toHaveLength(2);
    expect(r.total.rataCapaian).not.toBeNull();
    expect(r.total.rataCapaian!).toBeGreaterThan(60);
    expect(r.total.rataCapaian!).toBeLessThanOrEqual(100);
    expect(r.total.serapan!).toBeGreaterThan(30);
    expect(r.total.serapan!).toBeLessThan(90);
    expect(r.total.jumlahTdi).toBeGreaterThan(0);
    expect(r.total.arahanLewat).toBeGreaterThan(0);
    // More than one predikat level shows up, so the projected chart is not a single colour.
    expect(Object.values(r.total.jumlahPerPredikat).filter((n) => n > 0).length).toBeGreaterThanOrEqual(3);
    for (const o of r.opd) {
      if (o.capaian !== null) expect(o.capaian).toBeLessThanOrEqual(100);
      expect(o.jumlahIndikator).toBeGreaterThan(0);
    }
    const opdTotal = r.opd.filter((o) => o.jenis !== 'kepala-daerah');
    expect(Object.values(r.total.jumlahPerPredikat).reduce((a, b) => a + b, 0)).toBe(r.total.jumlahOpd);
    expect(r.total.pagu).toBe(opdTotal.reduce((s, o) => s + o.pagu, 0));
    expect(r.total.jumlahIndikator).toBe(opdTotal.reduce((s, o) => s + o.jumlahIndikator, 0));
    expect(r.total.jumlahTdi).toBe(opdTotal.reduce((s, o) => s + o.tdi.length, 0));
    const lalu = hitungRingkasan(dataPemda(demo), 2025, 4, DEMO_NOW);
    expect(lalu.total.jumlahBelumDiisi).toBe(0);
    expect(lalu.total.serapan!).toBeGreaterThan(70);
  });

  it('officials are records over time: a Pj before the elected Bupati, a Plt, a head change mid-year, a cascade (docs/domain/pejabat.md)', () => {
    const kd = demo.pejabat.filter((p) => p.level === 'kepala-daerah').sort((a, b) => a.tmt.localeCompare(b.tmt));
    expect(kd.map((p) => p.penugasan)).toEqual(['pj', 'definitif']);
    expect(kd[0]!.nip).toMatch(/^\d{18}$/); // a Pj is a civil servant
    expect(kd[1]!.nip).toBe(''); // the elected Bupati is not
    expect(demo.pejabat.some((p) => p.penugasan === 'plt' && p.selesai === null)).toBe(true);
    const dinsos = demo.opd.find((o) => o.singkatan === 'Dinsos')!;
    expect(demo.pejabat.filter((p) => p.opdId === dinsos.id).map((p) => p.penugasan)).toEqual(['definitif', 'plt', 'definitif']);
    // Every PK names the pejabat records of its parties, serving on its date.
    const byId = new Map(demo.pejabat.map((p) => [p.id, p]));
    for (const pk of demo.pk) {
      const p1 = byId.get(pk.pihakPertamaId!)!;
      expect(p1.tmt <= pk.tanggal && (p1.selesai === null || p1.selesai >= pk.tanggal)).toBe(true);
    }
    const bawahan = demo.pk.filter((p) => p.pkIndukId !== null);
    expect(bawahan.map((p) => byId.get(p.pihakPertamaId!)!.level).sort()).toEqual(['administrator', 'pengawas']);
    // Pj evaluation: quarterly periods with a task per indicator.
    expect(demo.evaluasiPj.map((e) => e.ke)).toEqual([1, 2]);
    expect(demo.tugasPj.length).toBeGreaterThanOrEqual(demo.evaluasiPj.length * 10);
  });

  it('signed PK snapshots hold their own sasaran, indikator and program', () => {
    const p = demo.pk.find((x) => x.versi === 2) as Pk;
    const snap = p.snapshot as { indikator: { id: string; pkId: string }[]; program: unknown[]; sasaran: unknown[] };
    expect(snap.indikator.length).toBe(demo.indikator.filter((i) => i.pkId === p.id).length);
    expect(snap.indikator.every((i) => i.pkId === p.id)).toBe(true);
    expect(snap.program.length).toBe(demo.program.filter((x) => x.pkId === p.id).length);
  });
});

describe('Acak', () => {
  it('is reproducible and stays in range', () => {
    const a = new Acak(42);
    const b = new Acak(42);
    for (let i = 0; i < 200; i++) {
      const x = a.int(3, 9);
      expect(x).toBe(b.int(3, 9));
      expect(x).toBeGreaterThanOrEqual(3);
      expect(x).toBeLessThanOrEqual(9);
    }
    const c = new Acak(1);
    const u = Array.from({ length: 1000 }, () => c.next());
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(c.acakUrutan([1, 2, 3, 4, 5]).sort()).toEqual([1, 2, 3, 4, 5]);
  });
});
