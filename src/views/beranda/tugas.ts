/**
 * What Beranda lists per OPD for the active quarter: realisasi still empty, the quarterly report's
 * state, open arahan with their deadlines (overdue ones flagged), and the next rakor. Pure: plain
 * records in, plain data out, `now` passed in.
 */
import { Dexie } from 'dexie';
import type { PantauDB } from '../../db/database.ts';
import { perPk } from '../../reports/data-pemda.ts';
import type { Arahan, BuktiDukung, Indikator, Laporan, Opd, Pk, Rakor, Realisasi, TindakLanjutArahan } from '../../domain/schemas.ts';
import { indeksTindakLanjut, penerimaArahan, statusTertutup, statusUntuk, type StatusArahan } from '../../domain/arahan.ts';
import { pkBerlaku, tanggalHariIni, akhirTriwulan, type Triwulan } from '../../domain/periode.ts';

export interface DataBeranda {
  opd: Opd[];
  pk: Pk[];
  indikator: Indikator[];
  realisasi: Realisasi[];
  laporan: Laporan[];
  arahan: Arahan[];
  rakor: Rakor[];
  /** Follow-up per addressee: an OPD's part closed by itself leaves its list. */
  tindakLanjutArahan?: TindakLanjutArahan[];
  /** Evidence records (issue 15): a realisasi with an accepted file counts as evidenced. */
  buktiDukung?: BuktiDukung[];
}

/**
 * What `tugasBeranda` needs for (tahun, triwulan), read through indexes in one read transaction
 * (issue 17 §5: no live query that rereads whole tables per pulled page): the year's PKs and only
 * their indicators, the quarter's realisasi and reports, evidence of realisasi; the small tables
 * (opd, arahan, rakor, tindak lanjut) whole.
 */
export function bacaDataBeranda(db: PantauDB, tahun: number, tw: Triwulan): Promise<DataBeranda> {
  return db.transaction('r', [db.opd, db.pk, db.indikator, db.realisasi, db.laporan, db.arahan, db.rakor, db.tindakLanjutArahan, db.buktiDukung], async () => {
    const [opd, pk, realisasi, laporan, arahan, rakor, tindakLanjutArahan, buktiDukung] = await Promise.all([
      db.opd.toArray(),
      db.pk.where('tahun').equals(tahun).toArray(),
      db.realisasi
        .where('[tahun+periode]')
        .equals([tahun, `TW${tw}`])
        .toArray(),
      db.laporan.where('[tahun+triwulan]').equals([tahun, tw]).toArray(),
      db.arahan.toArray(),
      db.rakor.toArray(),
      db.tindakLanjutArahan.toArray(),
      db.buktiDukung.where('[tabel+recordId]').between(['realisasi', Dexie.minKey], ['realisasi', Dexie.maxKey]).toArray(),
    ]);
    const indikator = await perPk<Indikator>(
      db.indikator,
      pk.map((p) => p.id),
    );
    return { opd, pk, indikator, realisasi, laporan, arahan, rakor, tindakLanjutArahan, buktiDukung };
  });
}

export interface ArahanTugas {
  arahan: Arahan;
  /** Past its batasWaktu and not done. */
  lewat: boolean;
  /** This OPD's own status of the arahan (its follow-up; docs/domain/rakor.md), not the arahan's overall one. */
  status: StatusArahan;
}

export interface TugasOpd {
  opd: Opd;
  pk: Pk | null;
  jumlahIndikator: number;
  /** Indicators with a value or TDI for the quarter. */
  terisi: number;
  /** Of those, realisasi with at least one file Bappeda accepted (docs/bukti-dukung.md "Verifikasi"). */
  berbukti: number;
  /** Indicators of the PK in force still without a value for the quarter. */
  belumTerisi: Indikator[];
  statusLaporan: 'belum' | Laporan['status'];
  arahan: ArahanTugas[];
}

export interface Beranda {
  akhirTriwulan: string;
  rakorBerikut: Rakor | null;
  perOpd: TugasOpd[];
}

export function tugasBeranda(data: DataBeranda, tahun: number, tw: Triwulan, now: Date, hanyaOpdId: string | null = null): Beranda {
  const hariIni = tanggalHariIni(now);
  const periode = `TW${tw}`;
  const adaNilai = new Set(
    data.realisasi.filter((r) => !r.deleted && r.tahun === tahun && r.periode === periode && (r.nilai !== null || r.tdi)).map((r) => r.indikatorId),
  );
  const diterima = new Set((data.buktiDukung ?? []).filter((b) => !b.deleted && b.tabel === 'realisasi' && b.status === 'diterima').map((b) => b.recordId));
  const realisasiBerbukti = new Set(
    data.realisasi
      .filter((r) => !r.deleted && r.tahun === tahun && r.periode === periode && (r.nilai !== null || r.tdi) && diterima.has(r.id))
      .map((r) => r.indikatorId),
  );
  const rakorTw = data.rakor.filter((r) => !r.deleted && r.tahun === tahun && r.triwulan === tw);
  const rakorBerikut = rakorTw.filter((r) => r.status !== 'selesai').sort((a, b) => a.tanggal.localeCompare(b.tanggal))[0] ?? null;
  const tl = (data.tindakLanjutArahan ?? []).filter((t) => !t.deleted);
  const idxTl = indeksTindakLanjut(tl);
  const arahanHidup = data.arahan.filter((a) => !a.deleted && !a.dibatalkan).sort((a, b) => a.batasWaktu.localeCompare(b.batasWaktu));
  // Per addressee, the same rule as the rakor summary (docs/domain/rakor.md §Tindak lanjut).
  const penerima = new Map(arahanHidup.map((a) => [a.id, new Set(penerimaArahan(a, data.opd, tl))]));

  const daftarOpd = data.opd
    .filter((o) => !o.deleted && (hanyaOpdId === null || o.id === hanyaOpdId))
    .sort((a, b) => a.urutan - b.urutan || a.nama.localeCompare(b.nama, 'id'));

  const perOpd = daftarOpd.map((opd): TugasOpd => {
    const pk = pkBerlaku(data.pk, opd.id, tahun, tw);
    const indikator = pk ? data.indikator.filter((i) => !i.deleted && i.pkId === pk.id) : [];
    const belumTerisi = indikator.filter((i) => !adaNilai.has(i.id)).sort((a, b) => a.urutan - b.urutan);
    const laporan = data.laporan.find((l) => !l.deleted && l.opdId === opd.id && l.tahun === tahun && l.triwulan === tw);
    return {
      opd,
      pk,
      jumlahIndikator: indikator.length,
      terisi: indikator.length - belumTerisi.length,
      berbukti: indikator.filter((i) => realisasiBerbukti.has(i.id)).length,
      belumTerisi,
      statusLaporan: laporan ? laporan.status : 'belum',
      arahan: arahanHidup
        .map((a) => ({ arahan: a, lewat: a.batasWaktu < hariIni, status: statusUntuk(a, opd.id, idxTl) }))
        .filter((x) => penerima.get(x.arahan.id)?.has(opd.id) && !statusTertutup(x.status)),
    };
  });
  return { akhirTriwulan: akhirTriwulan(tahun, tw), rakorBerikut, perOpd };
}
