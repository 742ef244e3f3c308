/**
 * Beranda per OPD (src/views/beranda/tugas.ts): the realisasi of the quarter with evidence Bappeda
 * accepted (issue 15 point 5; docs/bukti-dukung.md "Verifikasi").
 */
import { describe, expect, it } from 'vitest';
import { tugasBeranda } from '../../../src/views/beranda/tugas.ts';
import {
  arahanSchema,
  buktiDukungSchema,
  idAlami,
  indikatorSchema,
  opdSchema,
  pkSchema,
  realisasiSchema,
  tindakLanjutArahanSchema,
} from '../../../src/domain/schemas.ts';

const T = '2026-01-05T00:00:00+07:00';
const uid = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const pejabat = { nama: 'Budi', jabatan: 'Kepala' };
const OPD = uid(1);
const PK = uid(2);

describe('tugasBeranda: bukti diterima', () => {
  it('counts filled realisasi of the quarter with an accepted file (not one waiting, needing correction, or removed)', () => {
    const ind = [10, 11, 12, 13].map((n, i) =>
      indikatorSchema.parse({
        id: uid(n),
        updatedAt: T,
        sasaranId: uid(9),
        pkId: PK,
        opdId: OPD,
        uraian: `I${n}`,
        satuan: '%',
        polaritas: 'naik',
        agregasi: 'akhir',
        targetTahunan: 10,
        urutan: i,
      }),
    );
    const real = ind.map((i) =>
      realisasiSchema.parse({ id: idAlami.realisasi(i.id, 'TW2'), updatedAt: T, indikatorId: i.id, opdId: OPD, tahun: 2026, periode: 'TW2', nilai: 5 }),
    );
    let n = 100;
    const bukti = (recordId: string, status: string, deleted = false) =>
      buktiDukungSchema.parse({
        id: uid(n++),
        updatedAt: T,
        tabel: 'realisasi',
        recordId,
        opdId: OPD,
        hash: 'b'.repeat(64),
        nama: 'f.jpg',
        mime: 'image/jpeg',
        ukuran: 1,
        status,
        deleted,
      });
    const b = tugasBeranda(
      {
        opd: [opdSchema.parse({ id: OPD, updatedAt: T, kode: 'D', nama: 'Dinas', singkatan: 'D', jenis: 'dinas', kepala: pejabat })],
        pk: [
          pkSchema.parse({
            id: PK,
            updatedAt: T,
            opdId: OPD,
            tahun: 2026,
            versi: 1,
            tanggal: '2026-01-05',
            tanggalMulai: '2026-01-02',
            status: 'ditandatangani',
            pihakPertama: pejabat,
            pihakKedua: pejabat,
          }),
        ],
        indikator: ind,
        realisasi: real,
        laporan: [],
        arahan: [],
        rakor: [],
        buktiDukung: [
          bukti(real[0]!.id, 'diterima'),
          bukti(real[0]!.id, 'diterima'),
          bukti(real[1]!.id, 'menunggu'),
          bukti(real[2]!.id, 'perbaikan'),
          bukti(real[3]!.id, 'diterima', true),
        ],
      },
      2026,
      2,
      new Date('2026-07-10T03:00:00Z'),
    );
    expect(b.perOpd[0]).toMatchObject({ terisi: 4, berbukti: 1 });
  });
});

describe('tugasBeranda: arahan of this OPD', () => {
  it("shows this OPD's own follow-up status, not the arahan's stored one, and leaves out what it closed (docs/domain/rakor.md §Tindak lanjut)", () => {
    const opd = [OPD, uid(3)].map((id, i) =>
      opdSchema.parse({ id, updatedAt: T, kode: `D${i}`, nama: `Dinas ${i}`, singkatan: `D${i}`, jenis: 'dinas', kepala: pejabat }),
    );
    const rakor = uid(20);
    const arahan = [uid(21), uid(22)].map((id) =>
      arahanSchema.parse({ id, updatedAt: T, rakorId: rakor, opdId: null, uraian: `Arahan ${id}`, batasWaktu: '2026-06-30', status: 'tidak-selesai' }),
    );
    const tl = (arahanId: string, opdId: string, status: string) =>
      tindakLanjutArahanSchema.parse({ id: idAlami.tindakLanjutArahan(arahanId, opdId), updatedAt: T, arahanId, opdId, status });
    const b = tugasBeranda(
      {
        opd,
        pk: [],
        indikator: [],
        realisasi: [],
        laporan: [],
        arahan,
        rakor: [],
        tindakLanjutArahan: [tl(arahan[0]!.id, OPD, 'proses'), tl(arahan[1]!.id, OPD, 'selesai')],
        buktiDukung: [],
      },
      2026,
      3,
      new Date('2026-10-10T03:00:00Z'),
    );
    const kita = b.perOpd.find((t) => t.opd.id === OPD)!;
    expect(kita.arahan.map((a) => [a.arahan.id, a.status, a.lewat])).toEqual([[arahan[0]!.id, 'proses', true]]);
    // Another addressee without its own follow-up still has the stored status, and both arahan.
    const lain = b.perOpd.find((t) => t.opd.id === uid(3))!;
    expect(lain.arahan.map((a) => a.status)).toEqual(['tidak-selesai', 'tidak-selesai']);
  });
});
