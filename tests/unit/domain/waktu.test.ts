/**
 * The pemda's time zone (docs/domain/waktu.md; zones per Keppres 41/1987): every calendar date the
 * app makes or compares, at the boundary minutes of WIB, WITA and WIT. Each instant below is one
 * minute before or at a local midnight / quarter boundary; the old code took the UTC day (PK dates),
 * a fixed WIB offset (deadlines, Layar) or the device's zone (header period), and fails here.
 *
 * The results must not depend on the process zone: the last test runs the same checks in child
 * processes with TZ=Asia/Jakarta, Asia/Makassar, Asia/Jayapura and UTC.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import {
  aturZonaAktif,
  bagianWaktu,
  denganZona,
  jamDinding,
  periodeBawaan,
  tahunIni,
  tanggalHariIni,
  triwulanBerjalan,
  zonaAktif,
  zonaPemda,
  ZONA_BAWAAN,
  type ZonaWaktu,
} from '../../../src/domain/waktu.ts';
import { milestoneJatuhTempo, triwulanJatuhTempo } from '../../../src/domain/periode.ts';
import { periodeBawaan as periodeBawaanKepala, periodeRakorBawaan as periodeBawaanLayar } from '../../../src/lib/periode.svelte.ts';
import { hitungRingkasan, type DataPemda } from '../../../src/domain/ringkasan.ts';
import { PantauDB } from '../../../src/db/database.ts';
import { buatPk } from '../../../src/views/pk/aksi.ts';
import { idBaru, opdSchema, pemdaSchema, type Arahan } from '../../../src/domain/schemas.ts';

const WIB: ZonaWaktu = 'Asia/Jakarta';
const WITA: ZonaWaktu = 'Asia/Makassar';
const WIT: ZonaWaktu = 'Asia/Jayapura';
const d = (iso: string) => new Date(iso);

afterEach(() => aturZonaAktif(ZONA_BAWAAN));

/** Local midnight of 1 April 2026 in each zone, as UTC instants (UTC+7/+8/+9). */
const TENGAH_MALAM: [ZonaWaktu, string, string][] = [
  [WIB, '2026-03-31T16:59:00Z', '2026-03-31T17:00:00Z'],
  [WITA, '2026-03-31T15:59:00Z', '2026-03-31T16:00:00Z'],
  [WIT, '2026-03-31T14:59:00Z', '2026-03-31T15:00:00Z'],
];

describe('calendar day in the pemda zone', () => {
  it.each(TENGAH_MALAM)('%s: 23:59 is still 31 March, 00:00 is 1 April', (zona, sebelum, tepat) => {
    expect(tanggalHariIni(d(sebelum), zona)).toBe('2026-03-31');
    expect(tanggalHariIni(d(tepat), zona)).toBe('2026-04-01');
    expect(bagianWaktu(d(sebelum), zona)).toEqual({ tahun: 2026, bulan: 3, hari: 31, jam: 23, menit: 59 });
    expect(bagianWaktu(d(tepat), zona)).toEqual({ tahun: 2026, bulan: 4, hari: 1, jam: 0, menit: 0 });
  });

  it('early morning is today, not the UTC day (issue 10: PKs dated yesterday before 07:00 WIB)', () => {
    // 06:30 WIB / 07:30 WITA / 08:30 WIT on 16 July 2026 = 23:30 UTC on 15 July.
    const pagi = d('2026-07-15T23:30:00Z');
    for (const z of [WIB, WITA, WIT]) expect(tanggalHariIni(pagi, z)).toBe('2026-07-16');
    expect(pagi.toISOString().slice(0, 10)).toBe('2026-07-15'); // what the old code stored
  });

  it('year and running quarter turn at local midnight of 1 January', () => {
    expect(tahunIni(d('2026-12-31T16:59:00Z'), WIB)).toBe(2026);
    expect(tahunIni(d('2026-12-31T17:00:00Z'), WIB)).toBe(2027);
    expect(tahunIni(d('2026-12-31T15:00:00Z'), WIT)).toBe(2027);
    expect(triwulanBerjalan(d('2026-06-30T15:59:00Z'), WITA)).toBe(2);
    expect(triwulanBerjalan(d('2026-06-30T16:00:00Z'), WITA)).toBe(3);
  });

  it('the Layar clock shows local time with the zone name', () => {
    expect(jamDinding(d('2026-03-31T16:59:00Z'), WIB)).toBe('23.59 WIB');
    expect(jamDinding(d('2026-03-31T16:59:00Z'), WITA)).toBe('00.59 WITA');
    expect(jamDinding(d('2026-03-31T16:59:00Z'), WIT)).toBe('01.59 WIT');
  });

  it('the zone comes from the pemda profile; absent or invalid means WIB', () => {
    expect(zonaPemda({ pengaturan: { zonaWaktu: WITA } })).toBe(WITA);
    expect(zonaPemda({ pengaturan: {} })).toBe(WIB);
    expect(zonaPemda({ pengaturan: { zonaWaktu: 'Europe/Paris' } })).toBe(WIB);
    expect(zonaPemda(null)).toBe(WIB);
    expect(pemdaSchema.shape.pengaturan.parse({ batasAtas: 100, ambangPejabat: 100, zonaWaktu: WIT }).zonaWaktu).toBe(WIT);
    expect(() => pemdaSchema.shape.pengaturan.parse({ batasAtas: 100, ambangPejabat: 100, zonaWaktu: 'UTC' })).toThrow(/WIB, WITA atau WIT/);
  });

  it('denganZona sets the active zone for one computation only', () => {
    expect(denganZona(WIT, () => zonaAktif())).toBe(WIT);
    expect(zonaAktif()).toBe(WIB);
    aturZonaAktif('bukan zona');
    expect(zonaAktif()).toBe(WIB);
  });
});

describe('period boundaries, deadlines and the default period', () => {
  it.each(TENGAH_MALAM)('%s: TW1 is due from local 1 April 00:00', (zona, sebelum, tepat) => {
    expect(denganZona(zona, () => triwulanJatuhTempo(2026, 1, d(sebelum)))).toBe(false);
    expect(denganZona(zona, () => triwulanJatuhTempo(2026, 1, d(tepat)))).toBe(true);
  });

  it.each(TENGAH_MALAM)('%s: the default period turns to TW1 2026 at local 1 April 00:00', (zona, sebelum, tepat) => {
    expect(periodeBawaan(d(sebelum), zona)).toEqual({ tahun: 2025, triwulan: 4 });
    expect(periodeBawaan(d(tepat), zona)).toEqual({ tahun: 2026, triwulan: 1 });
  });

  it.each(TENGAH_MALAM)('%s: the header and the Layar pick the same default period (they disagreed in WITA)', (zona, sebelum, tepat) => {
    aturZonaAktif(zona);
    for (const t of [sebelum, tepat]) expect(periodeBawaanKepala(d(t))).toEqual(periodeBawaanLayar(d(t)));
    expect(periodeBawaanLayar(d(tepat))).toEqual({ tahun: 2026, triwulan: 1 });
  });

  it('a milestone is due from its local day (100 hari from 1 January 2026 = 11 April)', () => {
    // 00:30 WIT on 11 April = 15:30 UTC on 10 April.
    expect(denganZona(WIT, () => milestoneJatuhTempo('2026-01-01', '100H', d('2026-04-10T15:30:00Z')))).toBe(true);
    expect(denganZona(WIB, () => milestoneJatuhTempo('2026-01-01', '100H', d('2026-04-10T15:30:00Z')))).toBe(false);
  });

  it('server and browser alike: hitungRingkasan counts an arahan overdue by the PEMDA zone, whatever the active one', () => {
    const pemda = pemdaSchema.parse({
      id: idBaru(),
      nama: 'Kabupaten Jayawijaya',
      jenis: 'kabupaten',
      updatedAt: '2026-01-01T00:00:00Z',
      kepalaDaerah: { nama: 'Bupati', jabatan: 'Bupati' },
      pengaturan: { batasAtas: 100, ambangPejabat: 100, zonaWaktu: WIT },
    });
    const arahan = {
      id: idBaru(),
      rakorId: idBaru(),
      opdId: null,
      uraian: 'x',
      batasWaktu: '2026-03-31',
      status: 'baru',
      tindakLanjut: '',
      updatedAt: '2026-01-01T00:00:00Z',
      updatedBy: 'a',
      deleted: false,
    } as unknown as Arahan;
    const data = {
      pemda,
      opd: [],
      pk: [],
      sasaran: [],
      indikator: [],
      program: [],
      realisasi: [],
      realisasiAnggaran: [],
      rakor: [],
      arahan: [arahan],
    } as unknown as DataPemda;
    // 00:30 WIT on 1 April = 15:30 UTC on 31 March (still 31 March in WIB).
    const r = hitungRingkasan(data, 2026, 1, d('2026-03-31T15:30:00Z'));
    expect(r.tanggal).toBe('2026-04-01');
    expect(r.total.arahanLewat).toBe(1);
    expect(zonaAktif()).toBe(WIB);
    const wib = hitungRingkasan({ ...data, pemda: { ...pemda, pengaturan: { ...pemda.pengaturan, zonaWaktu: WIB } } }, 2026, 1, d('2026-03-31T15:30:00Z'));
    expect(wib.total.arahanLewat).toBe(0);
  });
});

describe('dates the app makes', () => {
  it('a new PK made at 06:30 WITA on 5 January is dated 5 January (the UTC day was 4 January)', async () => {
    const db = new PantauDB(`waktu-${idBaru()}`);
    try {
      const opd = opdSchema.parse({
        id: idBaru(),
        kode: '1.02',
        nama: 'Dinas Kesehatan',
        singkatan: 'Dinkes',
        jenis: 'dinas',
        kepala: { nama: 'dr. Sari', jabatan: 'Kepala Dinas' },
        updatedAt: '2026-01-01T00:00:00Z',
      });
      aturZonaAktif(WITA);
      const pk = await buatPk(db, opd, null, 2026, 'op', d('2026-01-04T22:30:00Z'));
      expect(pk.tanggal).toBe('2026-01-05');
    } finally {
      db.close();
    }
  });
});

describe('independent of the process time zone', () => {
  it('the same results with TZ=Asia/Jakarta, Asia/Makassar, Asia/Jayapura and UTC', () => {
    const akar = resolve(import.meta.dirname, '../../..');
    const skrip = `
      import { tanggalHariIni, periodeBawaan, jamDinding } from './src/domain/waktu.ts';
      const out = [];
      for (const z of ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura'])
        for (const t of ['2026-03-31T14:59:00Z', '2026-03-31T15:00:00Z', '2026-03-31T16:00:00Z', '2026-03-31T17:00:00Z', '2026-07-15T23:30:00Z'])
          out.push([z, t, tanggalHariIni(new Date(t), z), JSON.stringify(periodeBawaan(new Date(t), z)), jamDinding(new Date(t), z)].join(' '));
      console.log(out.join('\\n'));`;
    const hasil = ['Asia/Jakarta', 'Asia/Makassar', 'Asia/Jayapura', 'UTC'].map((tz) =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', skrip], { cwd: akar, env: { ...process.env, TZ: tz } }).toString(),
    );
    expect(new Set(hasil).size).toBe(1);
    expect(hasil[0]).toContain('Asia/Makassar 2026-03-31T16:00:00Z 2026-04-01 {"tahun":2026,"triwulan":1} 00.00 WITA');
    expect(hasil[0]).toContain('Asia/Jakarta 2026-03-31T16:00:00Z 2026-03-31 {"tahun":2025,"triwulan":4} 23.00 WIB');
  }, 120_000);
});
