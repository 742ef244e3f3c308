/**
 * The authorization matrix (docs/architecture.md "Roles and permissions", src/shared/izin.ts): every role × every table × own/other
 * OPD × edit/create/delete, pushed through /sync/push against the demo kabupaten. The expected answer
 * comes from an oracle written from the spec (deny by default), not from the server code. A rejected
 * mutation must leave the record and the rev counter untouched, and must not block the mutations
 * behind it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash, randomUUID } from 'node:crypto';
import { buatDemo } from '../../src/demo/generate.ts';
import { idAlami, NAMA_TABEL, PERIODE_MILESTONE, PERIODE_TRIWULAN, type NamaTabel } from '../../src/domain/schemas.ts';
import { usernameOperator } from '../../src/server/setup.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import {
  adaIdAlami,
  alasanIdAlami,
  ambilRecord,
  evaluasiPejabatUji,
  hapus,
  idUntuk,
  JENIS,
  Klien,
  masuk,
  PASSWORD_ADMIN,
  put,
  putBaru,
  revServer,
  serverBaru,
  type MutasiBaru,
  type Server,
} from './bantu.ts';

type Peran = 'admin' | 'pimpinan' | 'operator' | 'viewer';
/** Whose record: the operator's own OPD, another OPD, addressed to all (arahan), or no OPD at all. */
type Pemilik = 'sendiri' | 'lain' | 'semua' | '-';
type Op = 'ubah' | 'baru' | 'hapus';
type Harapan = 'applied' | 'rejected';

const PERAN: Peran[] = ['admin', 'pimpinan', 'operator', 'viewer'];
const MILIK_OPERATOR: NamaTabel[] = ['pk', 'sasaran', 'indikator', 'program', 'realisasi', 'realisasiAnggaran', 'laporan'];
const BER_OPD: NamaTabel[] = [...MILIK_OPERATOR, 'evaluasiPejabat', 'arahan', 'tindakLanjutArahan', 'konflik', 'pejabat', 'tugasPj', 'buktiDukung'];

const pemilikUntuk = (t: NamaTabel): Pemilik[] => (t === 'arahan' ? ['sendiri', 'lain', 'semua'] : BER_OPD.includes(t) ? ['sendiri', 'lain'] : ['-']);

/** One evaluation period the tugasPj fixtures belong to (fixed, so a record compares equal to its fixture). */
const EVALUASI_PJ_UJI = randomUUID();

/** The oracle, from docs/architecture.md "Roles and permissions" and docs/sync-protocol.md "Users (admin only)": deny by default. */
function harapan(peran: Peran, table: NamaTabel, pemilik: Pemilik, op: Op): Harapan {
  if (table === 'konflik' && op === 'baru') return 'rejected'; // nobody creates konflik
  // konflik records are immutable for every role; resolving one (the 'ubah' here) is allowed to
  // whoever may write its record, a realisasi in these fixtures (issue 9 §2).
  if (table === 'konflik') return op === 'ubah' && (peran === 'admin' || (peran === 'operator' && pemilik === 'sendiri')) ? 'applied' : 'rejected';
  // Corrections keep history (docs/domain/rakor.md §Koreksi): an arahan is withdrawn with a reason,
  // an OPD deactivated, never deleted — by anyone.
  if ((table === 'arahan' || table === 'opd') && op === 'hapus') return 'rejected';
  if (peran === 'admin') return 'applied';
  if (peran === 'viewer') return 'rejected';
  if (peran === 'pimpinan') return table === 'rakor' || table === 'arahan' || table === 'tindakLanjutArahan' ? 'applied' : 'rejected';
  if (MILIK_OPERATOR.includes(table)) return pemilik === 'sendiri' ? 'applied' : 'rejected';
  // Issue 15: an operator attaches, renames and removes its own OPD's evidence (verifying it is the admin's).
  if (table === 'buktiDukung') return pemilik === 'sendiri' ? 'applied' : 'rejected';
  // Issue 9 point 5: an operator writes only its own OPD's follow-up, never the arahan itself.
  if (table === 'tindakLanjutArahan') return op !== 'hapus' && pemilik === 'sendiri' ? 'applied' : 'rejected';
  // Permendagri 4/2023 bahan evaluasi: the OPD asked fills in its task; pejabat, evaluasiPejabat, evaluasiPj are the admin's.
  if (table === 'tugasPj') return op === 'ubah' && pemilik === 'sendiri' ? 'applied' : 'rejected';
  return 'rejected';
}

interface Kasus {
  nama: string;
  peran: Peran;
  table: NamaTabel;
  pemilik: Pemilik;
  op: Op;
  harap: Harapan;
}

const KASUS: Kasus[] = PERAN.flatMap((peran) =>
  NAMA_TABEL.flatMap((table) =>
    pemilikUntuk(table).flatMap((pemilik) =>
      (['ubah', 'baru', 'hapus'] as Op[]).map((op) => {
        const harap = harapan(peran, table, pemilik, op);
        return { nama: `${peran} × ${table}${pemilik === '-' ? '' : ` (${pemilik})`} ${op} → ${harap}`, peran, table, pemilik, op, harap };
      }),
    ),
  ),
);

/** A put on a tombstone is a conflict for whoever may edit the record, and a rejection for everyone else. */
const KASUS_NISAN = PERAN.flatMap((peran) =>
  // opd and arahan cannot be deleted at all (deactivated / withdrawn instead), so have no tombstones.
  NAMA_TABEL.filter((t) => t !== 'konflik' && t !== 'opd' && t !== 'arahan').flatMap((table) =>
    pemilikUntuk(table).map((pemilik) => {
      // Who may edit the record gets a konflik (a deleted follow-up too: its tombstone keeps the
      // arahan and OPD it belongs to, docs/sync-protocol.md "Limits"); everyone else a rejection.
      const harap = harapan(peran, table, pemilik, 'ubah') === 'applied' ? 'conflict' : 'rejected';
      return { nama: `${peran} × ${table}${pemilik === '-' ? '' : ` (${pemilik})`} put on a deleted record → ${harap}`, peran, table, pemilik, harap };
    }),
  ),
);

const PEJABAT = { nama: 'Budi Santoso, S.E.', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
const ALASAN_IZIN = /tidak berhak|hanya dibuat oleh server|Konflik tidak dapat dihapus|tidak dihapus; (batalkan|nonaktifkan)/;
const PERIODE = [...PERIODE_TRIWULAN, ...PERIODE_MILESTONE];
/** Indikator and programmes per OPD: a realisasi's natural key is (indikator, periode), a realisasiAnggaran's (program, triwulan). */
const JUMLAH_INDUK = 8;

describe.each(JENIS)('authorization matrix (%s)', (jenis) => {
  const demo = buatDemo();
  const opdX = demo.opd.find((o) => o.singkatan === 'Dinkes')!;
  const opdY = demo.opd.find((o) => o.singkatan === 'Disdik')!;
  const rakorDemo = demo.rakor[0]!;
  let s: Server;
  const klien = {} as Record<Peran, Klien>;
  let adminB: Klien;
  /**
   * Draft PK and its children per OPD (a signed PK would freeze them); `indikator`/`program` are the
   * first of several, so that every realisasi and realisasiAnggaran fixture gets its own natural key.
   */
  const induk = {} as Record<
    'sendiri' | 'lain',
    { pk: string; sasaran: string; indikator: string; program: string; semuaIndikator: string[]; semuaProgram: string[]; semuaArahan: string[] }
  >;
  const nomorOpd = new Map<string, number>();
  /** Fixture record per case name. */
  const fixture = new Map<string, { table: NamaTabel; key: string }>();

  const opdDari = (p: Pemilik): string | null => (p === 'lain' ? opdY.id : p === 'semua' ? null : opdX.id);

  /**
   * The natural-key fields of the record `label` of `table` owned by `pemilik`: each label gets its own
   * natural record (memoised, so the same label always names the same record), taken from a counter per
   * table and OPD: realisasi walk the periods of the OPD's indikator, realisasiAnggaran the quarters of
   * its programmes, laporan and kunciPeriode the quarters of 2030 onwards (2070 onwards for locks, all
   * unlocked), evaluasiPejabat the years from 2030. Other tables have no natural key ({}).
   */
  const slot = new Map<string, Record<string, unknown>>();
  const hitung = new Map<string, number>();
  function recordIdAlami(table: NamaTabel, pemilik: Pemilik, label: string): Record<string, unknown> {
    if (!adaIdAlami(table)) return {};
    const sisi = pemilik === 'lain' ? 'lain' : 'sendiri';
    const nama = `${table}|${sisi}|${label}`;
    const ada = slot.get(nama);
    if (ada) return ada;
    const grup = `${table}|${table === 'kunciPeriode' || table === 'rakor' ? '-' : sisi}`;
    const n = hitung.get(grup) ?? 0;
    hitung.set(grup, n + 1);
    const i = induk[sisi];
    const habis = (): never => {
      throw new Error(`fixture: ${grup} kehabisan kunci alami (${n}); naikkan JUMLAH_INDUK`);
    };
    const v: Record<string, unknown> =
      table === 'realisasi'
        ? { indikatorId: i.semuaIndikator[Math.floor(n / PERIODE.length)] ?? habis(), periode: PERIODE[n % PERIODE.length] }
        : table === 'realisasiAnggaran'
          ? { programId: i.semuaProgram[Math.floor(n / 4)] ?? habis(), triwulan: (n % 4) + 1 }
          : table === 'laporan'
            ? { tahun: 2030 + Math.floor(n / 4), triwulan: (n % 4) + 1 }
            : table === 'kunciPeriode'
              ? { tahun: 2070 + Math.floor(n / 4), triwulan: (n % 4) + 1 }
              : table === 'rakor'
                ? { tahun: 2040 + Math.floor(n / 4), triwulan: (n % 4) + 1 }
                : table === 'tindakLanjutArahan'
                  ? { arahanId: i.semuaArahan[n] ?? habis(), opdId: opdDari(pemilik) }
                  : table === 'evaluasiPj'
                    ? { pejabatId: randomUUID(), ke: (n % 40) + 1 }
                    : { pejabatId: randomUUID(), tahun: 2030 + n }; // evaluasiPejabat
    if (Number(v.tahun) > 2100) habis();
    slot.set(nama, v);
    return v;
  }
  /** A put creating the record `label` (its natural id where the table has one). */
  const buatBaru = (table: NamaTabel, pemilik: Pemilik, label: string): MutasiBaru => putBaru(table, contoh(table, pemilik, label));

  /** Every field of a valid new record of `table`. */
  function contoh(table: NamaTabel, pemilik: Pemilik, label: string): Record<string, unknown> {
    const opdId = opdDari(pemilik) ?? opdX.id;
    const i = induk[pemilik === 'lain' ? 'lain' : 'sendiri'];
    switch (table) {
      case 'pemda':
        return { nama: `Kabupaten ${label}`, jenis: 'kabupaten', kepalaDaerah: PEJABAT };
      case 'opd': {
        // kode and singkatan are unique per pemda: one pair per label.
        const n = nomorOpd.get(label) ?? nomorOpd.size;
        nomorOpd.set(label, n);
        return { kode: `U.${n}`, nama: `OPD ${label}`, singkatan: `Uji ${n}`, jenis: 'dinas', kepala: PEJABAT };
      }
      case 'pk':
        return { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT };
      case 'sasaran':
        return { pkId: i.pk, opdId, uraian: `Sasaran ${label}` };
      case 'indikator':
        return {
          sasaranId: i.sasaran,
          pkId: i.pk,
          opdId,
          uraian: `Indikator ${label}`,
          satuan: 'persen',
          polaritas: 'naik',
          agregasi: 'akhir',
          targetTahunan: 90,
        };
      case 'program':
        return { pkId: i.pk, opdId, nama: `Program ${label}`, pagu: 1_000_000 };
      case 'realisasi':
        return { opdId, tahun: 2027, nilai: 50, ...recordIdAlami(table, pemilik, label) };
      case 'realisasiAnggaran':
        return { opdId, tahun: 2027, keuangan: 1000, fisik: 10, ...recordIdAlami(table, pemilik, label) };
      case 'laporan':
        return { opdId, faktorPendorong: 'awal', ...recordIdAlami(table, pemilik, label) };
      case 'rakor':
        return { tanggal: '2027-04-20', tempat: `Aula ${label}`, pimpinan: PEJABAT, ...recordIdAlami(table, pemilik, label) };
      case 'tindakLanjutArahan':
        return { uraian: `Tindak lanjut ${label}`, status: 'proses', ...recordIdAlami(table, pemilik, label) };
      case 'arahan':
        return { rakorId: rakorDemo.id, opdId: opdDari(pemilik), uraian: `Arahan ${label}`, batasWaktu: '2027-05-01' };
      case 'kunciPeriode':
        return { terkunci: false, ...recordIdAlami(table, pemilik, label) };
      case 'evaluasiPejabat':
        return { ...evaluasiPejabatUji(opdId), ...recordIdAlami(table, pemilik, label) };
      case 'pejabat':
        return { nama: `Pejabat ${label}`, nip: '197001011998031005', jabatan: 'Kepala Dinas', level: 'jpt-pratama', opdId, tmt: '2024-01-02' };
      case 'evaluasiPj':
        return { mulai: '2027-01-01', selesai: '2027-03-31', batasLaporan: '2027-04-10', ...recordIdAlami(table, pemilik, label) };
      case 'tugasPj':
        return { evaluasiPjId: EVALUASI_PJ_UJI, opdId, kodeIndikator: 'B2', uraian: `Bahan ${label}`, batasWaktu: '2027-04-05' };
      case 'buktiDukung':
        return {
          tabel: 'realisasi',
          recordId: demo.realisasi.find((r) => r.opdId === opdId)!.id,
          opdId,
          hash: createHash('sha256').update(label).digest('hex'),
          nama: `Foto ${label}.jpg`,
          mime: 'image/jpeg',
          ukuran: 123_456,
        };
      case 'konflik':
        return { tabel: 'realisasi', recordId: randomUUID(), field: 'catatan', nilaiServer: 'a', nilaiMasuk: 'b' };
    }
  }

  /** The change an edit makes (one ordinary field; for konflik, resolving it). */
  function ubahan(table: NamaTabel, nilai: string): Record<string, unknown> {
    const field: Partial<Record<NamaTabel, string>> = {
      pemda: 'nama',
      opd: 'nama',
      pk: 'nomorDokumen',
      sasaran: 'uraian',
      indikator: 'uraian',
      program: 'nama',
      realisasi: 'catatan',
      realisasiAnggaran: 'catatan',
      laporan: 'faktorPendorong',
      rakor: 'tempat',
      arahan: 'tindakLanjut',
      kunciPeriode: 'oleh',
      evaluasiPejabat: 'catatan',
      pejabat: 'nama',
      evaluasiPj: 'ringkasan',
      tugasPj: 'bahan',
      tindakLanjutArahan: 'uraian',
      buktiDukung: 'nama',
    };
    // The server records who resolved it (diselesaikanOleh is its own, never the client's).
    if (table === 'konflik') return { status: 'selesai', penyelesaian: 'server' };
    return { [field[table]!]: nilai };
  }

  const expectApplied = (r: MutationResult | undefined, pesan = '') => expect(r?.status, `${pesan} ${JSON.stringify(r)}`).toBe('applied');

  beforeAll(async () => {
    s = await serverBaru(jenis, { demo: true });
    const admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    klien.admin = new Klien(s.app, admin.token);
    adminB = new Klien(s.app, admin.token);
    klien.pimpinan = new Klien(s.app, (await masuk(s.app, 'pimpinan')).token);
    klien.viewer = new Klien(s.app, (await masuk(s.app, 'viewer')).token);
    const op = await masuk(s.app, usernameOperator(opdX));
    expect(op.user.opdId).toBe(opdX.id);
    klien.operator = new Klien(s.app, op.token);

    // Parents: a draft PK 2027 with one sasaran and several indikator and programmes for each OPD.
    for (const [p, opd] of [
      ['sendiri', opdX],
      ['lain', opdY],
    ] as const) {
      const semuaIndikator = Array.from({ length: JUMLAH_INDUK }, () => randomUUID());
      const semuaProgram = Array.from({ length: JUMLAH_INDUK }, () => randomUUID());
      // Arahan to every OPD: each follow-up fixture (tindakLanjutArahan) is the part of one of them.
      const semuaArahan = Array.from({ length: 3 * JUMLAH_INDUK }, () => randomUUID());
      const ids = {
        pk: randomUUID(),
        sasaran: randomUUID(),
        indikator: semuaIndikator[0]!,
        program: semuaProgram[0]!,
        semuaIndikator,
        semuaProgram,
        semuaArahan,
      };
      induk[p] = ids;
      (
        await klien.admin.pushOk(
          ...semuaArahan.map((id, n) => put('arahan', id, { rakorId: rakorDemo.id, opdId: null, uraian: `Arahan induk ${n}`, batasWaktu: '2027-05-01' })),
        )
      ).forEach((x) => expectApplied(x, 'arahan induk'));
      const r = await klien.admin.pushOk(
        put('pk', ids.pk, {
          opdId: opd.id,
          tahun: 2027,
          versi: 1,
          tanggal: '2027-01-05',
          tanggalMulai: '2027-01-02',
          pihakPertama: PEJABAT,
          pihakKedua: PEJABAT,
        }),
        put('sasaran', ids.sasaran, { pkId: ids.pk, opdId: opd.id, uraian: 'Sasaran induk' }),
        ...semuaIndikator.map((id, n) =>
          put('indikator', id, {
            sasaranId: ids.sasaran,
            pkId: ids.pk,
            opdId: opd.id,
            uraian: `Indikator induk ${n}`,
            satuan: 'persen',
            polaritas: 'naik',
            agregasi: 'akhir',
            targetTahunan: 80,
          }),
        ),
        ...semuaProgram.map((id, n) => put('program', id, { pkId: ids.pk, opdId: opd.id, nama: `Program induk ${n}`, pagu: 5_000_000 })),
      );
      expect(r).toHaveLength(2 + 2 * JUMLAH_INDUK);
      r.forEach((x) => expectApplied(x, 'induk'));
    }

    // One fresh fixture per edit/delete case (and per tombstone case), created by the admin.
    const buat: MutasiBaru[] = [];
    const nisan: MutasiBaru[] = [];
    const konflikPerlu: { nama: string; realisasi: string }[] = [];
    for (const k of KASUS) {
      if (k.op === 'baru') continue;
      if (k.table === 'konflik') {
        const m = buatBaru('realisasi', k.pemilik, k.nama);
        buat.push(m);
        konflikPerlu.push({ nama: k.nama, realisasi: m.key });
        continue;
      }
      const m = buatBaru(k.table, k.pemilik, k.nama);
      fixture.set(k.nama, { table: k.table, key: m.key });
      buat.push(m);
    }
    for (const k of KASUS_NISAN) {
      const m = buatBaru(k.table, k.pemilik, k.nama);
      fixture.set(k.nama, { table: k.table, key: m.key });
      buat.push(m);
      nisan.push(hapus(k.table, m.key));
    }
    // Every fixture is its own record: no two share a natural key.
    expect(new Set(buat.map((m) => `${m.table}/${m.key}`)).size).toBe(buat.length);
    for (let i = 0; i < buat.length; i += 200) (await klien.admin.pushOk(...buat.slice(i, i + 200))).forEach((r) => expectApplied(r, 'fixture'));
    for (let i = 0; i < nisan.length; i += 200) (await klien.admin.pushOk(...nisan.slice(i, i + 200))).forEach((r) => expectApplied(r, 'nisan'));

    // konflik fixtures: two admin tablets edit the same field from the same baseRev.
    const revAwal = new Map<string, number>();
    for (const { realisasi } of konflikPerlu) revAwal.set(realisasi, (await ambilRecord(s.app, admin.token, 'realisasi', realisasi))!.rev);
    (await klien.admin.pushOk(...konflikPerlu.map((x) => put('realisasi', x.realisasi, { catatan: 'dari tablet A' }, revAwal.get(x.realisasi))))).forEach((r) =>
      expectApplied(r),
    );
    const hasil = await adminB.pushOk(...konflikPerlu.map((x) => put('realisasi', x.realisasi, { catatan: 'dari tablet B' }, revAwal.get(x.realisasi))));
    hasil.forEach((r, i) => {
      expect(r.status).toBe('conflict');
      if (r.status === 'conflict') fixture.set(konflikPerlu[i]!.nama, { table: 'konflik', key: r.konflikIds[0]! });
    });
  }, 180_000); // several hundred fixtures on a shared machine

  afterAll(async () => {
    await s?.tutup();
  });

  it('the matrix covers every role × every table', () => {
    for (const peran of PERAN) for (const t of NAMA_TABEL) expect(KASUS.some((k) => k.peran === peran && k.table === t)).toBe(true);
    expect(KASUS.filter((k) => k.harap === 'applied').length).toBeGreaterThan(40);
    expect(KASUS.filter((k) => k.harap === 'rejected').length).toBeGreaterThan(100);
  });

  it.each(KASUS.map((k) => [k.nama, k] as const))('%s', async (_, k) => {
    const c = klien[k.peran];
    const tokenAdmin = klien.admin.token;
    const label = `${k.peran}-${k.table}-${k.pemilik}-${k.op}`;
    const f = k.op === 'baru' ? { table: k.table, key: idUntuk(k.table, contoh(k.table, k.pemilik, label)) } : fixture.get(k.nama)!;
    expect(f, 'fixture').toBeTruthy();
    const sebelum = await ambilRecord(s.app, tokenAdmin, f.table, f.key);
    if (k.op !== 'baru') expect(sebelum?.deleted).toBe(false);
    else expect(sebelum).toBeNull();
    const rev0 = await revServer(s.db);
    const m =
      k.op === 'baru'
        ? put(k.table, f.key, contoh(k.table, k.pemilik, label))
        : k.op === 'hapus'
          ? hapus(k.table, f.key, sebelum!.rev)
          : put(k.table, f.key, ubahan(k.table, label), sebelum!.rev);

    const h = await c.push(m);
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    const r = h.results[0]!;
    expect(r.status, JSON.stringify(r)).toBe(k.harap);
    const sesudah = await ambilRecord(s.app, tokenAdmin, f.table, f.key);

    if (k.harap === 'rejected') {
      if (r.status === 'rejected') {
        // The machine code says why (docs/sync-protocol.md "Rejection codes"): a right (deleting an OPD or an arahan
        // included: src/shared/izin.ts), or a konflik's immutability.
        expect(r.reason).toMatch(ALASAN_IZIN);
        expect(r.kode).toBe(k.table === 'konflik' ? (k.op === 'ubah' ? 'izin' : 'konflik') : 'izin');
      }
      expect(sesudah).toEqual(sebelum);
      expect(await revServer(s.db)).toBe(rev0);
      return;
    }
    if (r.status !== 'applied') return;
    expect(r.rev).toBe(rev0 + 1);
    expect(await revServer(s.db)).toBe(rev0 + 1);
    expect(sesudah!.rev).toBe(r.rev);
    if (k.op === 'hapus') expect(sesudah!.deleted).toBe(true);
    else expect(sesudah).toMatchObject({ ...(k.op === 'baru' ? contoh(k.table, k.pemilik, label) : ubahan(k.table, label)), deleted: false });
  });

  it.each(PERAN)('%s: a put on a deleted record is a conflict only for who may edit it; for everyone else a rejection that stores nothing', async (peran) => {
    const c = klien[peran];
    const salah: string[] = [];
    for (const k of KASUS_NISAN.filter((x) => x.peran === peran)) {
      const f = fixture.get(k.nama)!;
      const sebelum = await ambilRecord(s.app, klien.admin.token, f.table, f.key);
      expect(sebelum?.deleted).toBe(true);
      const rev0 = await revServer(s.db);
      const h = await c.push(put(f.table, f.key, ubahan(f.table, `nisan-${k.peran}`), sebelum!.rev));
      expect(h.status).toBe(200);
      const r = h.results[0]!;
      expect(await ambilRecord(s.app, klien.admin.token, f.table, f.key)).toEqual(sebelum);
      if (r.status !== k.harap) {
        salah.push(`${k.nama}: got ${r.status}`);
        continue;
      }
      if (k.harap === 'rejected') expect(await revServer(s.db)).toBe(rev0);
      else if (r.status === 'conflict') {
        const kf = await ambilRecord(s.app, klien.admin.token, 'konflik', r.konflikIds[0]!);
        expect(kf).toMatchObject({ tabel: f.table, recordId: f.key, field: '_deleted', olehMasuk: k.peran === 'operator' ? usernameOperator(opdX) : k.peran });
      }
    }
    expect(salah).toEqual([]);
  });

  it('a stale baseRev does not turn a forbidden field change into a konflik (operator, arahan.opdId)', async () => {
    const key = randomUUID();
    await klien.admin.pushOk(put('arahan', key, contoh('arahan', 'sendiri', 'basi')));
    const sebelum = await ambilRecord(s.app, klien.admin.token, 'arahan', key);
    const rev0 = await revServer(s.db);
    // The same change with a fresh baseRev is rejected (operators may not readdress an arahan) ...
    const [segar] = await klien.operator.pushOk(put('arahan', key, { tindakLanjut: 'x', opdId: null }, sebelum!.rev));
    expect(segar?.status).toBe('rejected');
    // ... and with an old one it must not be applied in part nor raise a konflik on opdId.
    const [basi] = await klien.operator.pushOk(put('arahan', key, { tindakLanjut: 'x', opdId: null }, 0));
    expect(basi?.status).toBe('rejected');
    expect(await ambilRecord(s.app, klien.admin.token, 'arahan', key)).toEqual(sebelum);
    expect(await revServer(s.db)).toBe(rev0);
  });

  it('an operator cannot move its own record to another OPD', async () => {
    const op = klien.operator;
    const { key, ...m } = buatBaru('laporan', 'sendiri', 'pindah');
    expectApplied((await op.pushOk({ key, ...m }))[0]);
    const sebelum = await ambilRecord(s.app, op.token, 'laporan', key);
    const [r] = await op.pushOk(put('laporan', key, { opdId: opdY.id }, sebelum!.rev));
    expect(r?.status).toBe('rejected');
    // The permission check answers before the natural-key check (opdId is part of laporan's key too).
    expect(r?.status === 'rejected' && r.reason).toMatch(/tidak berhak.*perangkat daerah lain/);
    expect(await ambilRecord(s.app, op.token, 'laporan', key)).toEqual(sebelum);
  });

  it("an operator cannot hang its own record under another OPD's parent", async () => {
    const op = klien.operator;
    const rev0 = await revServer(s.db);
    // Own records (opdId of the operator) whose parent is another OPD's; each at a natural key no fixture uses.
    const ms = [
      putBaru('realisasi', { ...contoh('realisasi', 'sendiri', 'gantung'), ...recordIdAlami('realisasi', 'lain', 'gantung') }),
      putBaru('realisasiAnggaran', { ...contoh('realisasiAnggaran', 'sendiri', 'gantung'), ...recordIdAlami('realisasiAnggaran', 'lain', 'gantung') }),
      putBaru('sasaran', { ...contoh('sasaran', 'sendiri', 'gantung'), pkId: induk.lain.pk }),
      putBaru('indikator', { ...contoh('indikator', 'sendiri', 'gantung'), sasaranId: induk.lain.sasaran }),
      putBaru('program', { ...contoh('program', 'sendiri', 'gantung'), pkId: induk.lain.pk }),
      // A parent that does not exist on the server.
      putBaru('realisasi', { ...contoh('realisasi', 'sendiri', 'gantung-hilang'), indikatorId: randomUUID() }),
    ];
    for (const m of ms) expect(await ambilRecord(s.app, klien.admin.token, m.table, m.key), `${m.table} ${m.key} sudah ada`).toBeNull();
    const hasil = await op.pushOk(...ms);
    expect(hasil.map((r) => r.status)).toEqual(Array(6).fill('rejected'));
    expect(hasil.map((r) => (r.status === 'rejected' ? r.reason : ''))).toEqual([
      ...Array(5).fill(expect.stringMatching(/^Anda tidak berhak.*: data induk milik perangkat daerah lain$/)),
      'Data induk (indikator) tidak ditemukan di server',
    ]);
    expect(await revServer(s.db)).toBe(rev0);
    for (const m of ms) expect(await ambilRecord(s.app, klien.admin.token, m.table, m.key)).toBeNull();
  });

  it('each addressee writes its own follow-up; one OPD cannot close an arahan for all (issue 9 point 5)', async () => {
    const admin = klien.admin;
    const op = klien.operator;
    const sendiri = randomUUID();
    const semua = randomUUID();
    const lain = randomUUID();
    await admin.pushOk(
      put('arahan', sendiri, contoh('arahan', 'sendiri', 'a')),
      put('arahan', semua, contoh('arahan', 'semua', 'b')),
      put('arahan', lain, contoh('arahan', 'lain', 'c')),
    );
    const tl = (arahanId: string, opdId: string, f: Record<string, unknown>) =>
      put('tindakLanjutArahan', idAlami.tindakLanjutArahan(arahanId, opdId), { arahanId, opdId, ...f });
    const rS = (await ambilRecord(s.app, op.token, 'arahan', semua))!.rev;
    const hasil = await op.pushOk(
      tl(sendiri, opdX.id, { status: 'proses', uraian: 'Sedang dikerjakan' }),
      tl(semua, opdX.id, { status: 'selesai', uraian: 'Sudah' }),
      tl(semua, opdY.id, { status: 'selesai', uraian: 'Atas nama OPD lain' }),
      tl(lain, opdX.id, { status: 'proses' }),
      tl(sendiri, opdX.id, { status: 'tidak-selesai' }),
      tl(randomUUID(), opdX.id, { status: 'proses' }),
      // The old way (one shared status on the arahan) is refused.
      put('arahan', semua, { status: 'selesai', tindakLanjut: 'untuk semua' }, rS),
    );
    expect(hasil.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(hasil.map((r) => (r.status === 'rejected' ? r.reason : '')).slice(2)).toEqual([
      expect.stringMatching(/tindak lanjut milik perangkat daerah lain/),
      expect.stringMatching(/arahan untuk perangkat daerah lain/),
      expect.stringMatching(/hanya pimpinan rapat yang menyatakan arahan tidak selesai/),
      'Data induk (arahan) tidak ditemukan di server',
      expect.stringMatching(/tidak berhak/),
    ]);
    // The arahan to all keeps its own status; only Dinkes' part is closed.
    expect(await ambilRecord(s.app, op.token, 'arahan', semua)).toMatchObject({ status: 'baru', tindakLanjut: '' });
    expect(await ambilRecord(s.app, op.token, 'tindakLanjutArahan', idAlami.tindakLanjutArahan(semua, opdX.id))).toMatchObject({
      status: 'selesai',
      uraian: 'Sudah',
      updatedBy: usernameOperator(opdX),
    });
    expect(await ambilRecord(s.app, op.token, 'tindakLanjutArahan', idAlami.tindakLanjutArahan(semua, opdY.id))).toBeNull();
    // The chair may close any part as "tidak selesai".
    const [p] = await klien.pimpinan.pushOk(tl(semua, opdY.id, { status: 'tidak-selesai', uraian: 'Tidak dilaksanakan' }));
    expect(p?.status).toBe('applied');
  });

  it('corrections of an arahan keep their history: a reason is required, history is append-only, no delete', async () => {
    const key = randomUUID();
    const pim = klien.pimpinan;
    await pim.pushOk(put('arahan', key, contoh('arahan', 'semua', 'koreksi')));
    const a0 = (await ambilRecord(s.app, pim.token, 'arahan', key))!;
    const entri = {
      jenis: 'ubah',
      pada: '2026-11-23T03:00:00.000Z',
      oleh: 'pimpinan',
      alasan: 'Salah sasaran',
      sebelum: { uraian: a0.uraian, opdId: null, batasWaktu: a0.batasWaktu },
    };
    const [tanpaAlasan] = await pim.pushOk(put('arahan', key, { opdId: opdX.id }, a0.rev));
    expect(tanpaAlasan?.status === 'rejected' && tanpaAlasan.reason).toBe('Koreksi arahan wajib disertai alasan');
    const [ok] = await pim.pushOk(put('arahan', key, { opdId: opdX.id, riwayat: [entri] }, a0.rev));
    expect(ok?.status).toBe('applied');
    const a1 = (await ambilRecord(s.app, pim.token, 'arahan', key))!;
    expect(a1).toMatchObject({ opdId: opdX.id, riwayat: [entri] });
    const [tulisUlang] = await klien.admin.pushOk(put('arahan', key, { riwayat: [{ ...entri, alasan: 'diubah' }] }, a1.rev));
    expect(tulisUlang?.status === 'rejected' && tulisUlang.reason).toBe('Riwayat koreksi arahan tidak dapat diubah atau dihapus');
    const [hapusA] = await klien.admin.pushOk(hapus('arahan', key, a1.rev));
    expect(hapusA?.status === 'rejected' && hapusA.reason).toMatch(/tidak dihapus; batalkan dengan alasan/);
    const batal = { ...entri, jenis: 'hapus', alasan: 'Dobel', sebelum: { uraian: a1.uraian, opdId: opdX.id, batasWaktu: a1.batasWaktu } };
    const [dibatalkan] = await pim.pushOk(put('arahan', key, { dibatalkan: true, riwayat: [entri, batal] }, a1.rev));
    expect(dibatalkan?.status).toBe('applied');
    expect(await ambilRecord(s.app, pim.token, 'arahan', key)).toMatchObject({ dibatalkan: true, deleted: false, riwayat: [entri, batal] });
  });

  it('OPD kode and singkatan are unique per pemda (case and spaces ignored), also within one batch', async () => {
    const adm = klien.admin;
    const [a, b, c, d] = await adm.pushOk(
      put('opd', randomUUID(), { ...contoh('opd', '-', 'unik-1'), kode: 'X.01', singkatan: 'Dinas X' }),
      put('opd', randomUUID(), { ...contoh('opd', '-', 'unik-2'), kode: ' x.01 ', singkatan: 'Lain' }),
      put('opd', randomUUID(), { ...contoh('opd', '-', 'unik-3'), kode: 'X.02', singkatan: 'dinas x' }),
      put('opd', randomUUID(), { ...contoh('opd', '-', 'unik-4'), kode: opdX.kode, singkatan: 'Baru' }),
    );
    expect(a?.status).toBe('applied');
    expect([b, c, d].map((r) => (r?.status === 'rejected' ? r.reason : r?.status))).toEqual([
      'Kode perangkat daerah "x.01" sudah dipakai OPD unik-1',
      'Singkatan "dinas x" sudah dipakai OPD unik-1',
      `Kode perangkat daerah "${opdX.kode}" sudah dipakai ${opdX.nama}`,
    ]);
    // Deactivated, not deleted: aktif false is an ordinary edit.
    const rec = await ambilRecord(s.app, adm.token, 'opd', opdY.id);
    const [nonaktif] = await adm.pushOk(put('opd', opdY.id, { aktif: false }, rec!.rev));
    expect(nonaktif?.status).toBe('applied');
    const [aktif] = await adm.pushOk(put('opd', opdY.id, { aktif: true }, (nonaktif as { rev: number }).rev));
    expect(aktif?.status).toBe('applied');
  });

  it('status pengadaan of a programme in a signed PK changes without a Perubahan PK; nothing else does', async () => {
    const adm = klien.admin;
    const op = klien.operator;
    const [pk, prog] = [randomUUID(), randomUUID()];
    await adm.pushOk(
      put('pk', pk, { opdId: opdX.id, tahun: 2028, versi: 1, tanggal: '2028-01-05', tanggalMulai: '2028-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('program', prog, { pkId: pk, opdId: opdX.id, nama: 'Program Beku', pagu: 1_000_000 }),
    );
    const revPk = (await ambilRecord(s.app, adm.token, 'pk', pk))!.rev;
    expect((await adm.pushOk(put('pk', pk, { status: 'ditandatangani' }, revPk)))[0]?.status).toBe('applied');
    const p0 = (await ambilRecord(s.app, op.token, 'program', prog))!;
    const [tender] = await op.pushOk(put('program', prog, { statusPengadaan: 'tender' }, p0.rev));
    expect(tender?.status).toBe('applied');
    const [pagu] = await op.pushOk(put('program', prog, { pagu: 2_000_000 }, (tender as { rev: number }).rev));
    expect(pagu?.status === 'rejected' && pagu.reason).toMatch(/dibekukan/);
    const [campur] = await op.pushOk(put('program', prog, { statusPengadaan: 'kontrak', nama: 'Diganti' }, (tender as { rev: number }).rev));
    expect(campur?.status).toBe('rejected');
    expect(await ambilRecord(s.app, op.token, 'program', prog)).toMatchObject({ statusPengadaan: 'tender', pagu: 1_000_000, nama: 'Program Beku' });
  });

  it('only the admin verifies a laporan', async () => {
    const op = klien.operator;
    const { key } = buatBaru('laporan', 'sendiri', 'v');
    expectApplied((await op.pushOk(buatBaru('laporan', 'sendiri', 'v')))[0]);
    const [diajukan, verifikasi] = await op.pushOk(put('laporan', key, { status: 'diajukan' }), put('laporan', key, { status: 'diverifikasi' }));
    expect(diajukan?.status).toBe('applied');
    expect(verifikasi?.status).toBe('rejected');
    expect(verifikasi?.status === 'rejected' && verifikasi.reason).toMatch(/Hanya admin/);
    const terverifikasi = putBaru('laporan', { ...contoh('laporan', 'sendiri', 'w'), status: 'diverifikasi' });
    const [baruTerverifikasi] = await op.pushOk(terverifikasi);
    expect(baruTerverifikasi?.status).toBe('rejected');
    expect(baruTerverifikasi?.status === 'rejected' && baruTerverifikasi.reason).toMatch(/Hanya admin/);
    expect(await ambilRecord(s.app, op.token, 'laporan', terverifikasi.key)).toBeNull();
    const [admin] = await klien.admin.pushOk(put('laporan', key, { status: 'diverifikasi' }, diajukan!.status === 'applied' ? diajukan!.rev : 0));
    expect(admin?.status).toBe('applied');
    // Un-verifying is the admin's call too.
    const [balik] = await op.pushOk(put('laporan', key, { status: 'draft' }, admin!.status === 'applied' ? admin!.rev : 0));
    expect(balik?.status).toBe('rejected');
  });

  it('an operator resolves a konflik on its own data but cannot rewrite its values', async () => {
    const kasus = KASUS.find((k) => k.peran === 'operator' && k.table === 'konflik' && k.op === 'hapus' && k.pemilik === 'sendiri')!;
    const f = fixture.get(kasus.nama)!;
    const sebelum = await ambilRecord(s.app, klien.operator.token, 'konflik', f.key);
    const hasil = await klien.operator.pushOk(
      put('konflik', f.key, { nilaiServer: 'dipalsukan' }),
      put('konflik', f.key, { olehMasuk: 'orang-lain' }),
      put('konflik', f.key, { recordId: randomUUID() }),
    );
    expect(hasil.map((r) => r.status)).toEqual(['rejected', 'rejected', 'rejected']);
    expect(await ambilRecord(s.app, klien.operator.token, 'konflik', f.key)).toEqual(sebelum);
  });

  it("an operator cannot edit its own OPD's record (opd is the admin's)", async () => {
    const rev0 = await revServer(s.db);
    const [r] = await klien.operator.pushOk(put('opd', opdX.id, { nama: 'Dinas Kesehatan (diubah)' }, 1));
    expect(r?.status).toBe('rejected');
    expect((await ambilRecord(s.app, klien.operator.token, 'opd', opdX.id))!.nama).toBe(opdX.nama);
    expect(await revServer(s.db)).toBe(rev0);
  });

  it('a rejection never blocks the mutations behind it in the same batch (every role)', async () => {
    const urutan: Record<Peran, [MutasiBaru, Harapan][]> = {
      admin: [
        [put('konflik', randomUUID(), contoh('konflik', 'sendiri', 'x')), 'rejected'],
        [buatBaru('rakor', '-', 'batch-admin'), 'applied'],
        [put('opd', randomUUID(), { nama: 'tanpa field wajib' }), 'rejected'],
        [put('opd', randomUUID(), contoh('opd', '-', 'batch-admin')), 'applied'],
      ],
      pimpinan: [
        [buatBaru('pk', 'sendiri', 'x'), 'rejected'],
        [buatBaru('rakor', '-', 'batch-pimpinan'), 'applied'],
        [buatBaru('kunciPeriode', '-', 'batch-pimpinan'), 'rejected'],
        [buatBaru('arahan', 'semua', 'batch-pimpinan'), 'applied'],
      ],
      operator: [
        [buatBaru('realisasi', 'lain', 'batch-op-lain'), 'rejected'],
        [buatBaru('realisasi', 'sendiri', 'batch-op'), 'applied'],
        [buatBaru('rakor', '-', 'x'), 'rejected'],
        [buatBaru('laporan', 'sendiri', 'batch-op'), 'applied'],
      ],
      viewer: [
        [buatBaru('rakor', '-', 'x'), 'rejected'],
        [buatBaru('realisasi', 'sendiri', 'batch-viewer'), 'rejected'],
      ],
    };
    for (const peran of PERAN) {
      const c = klien[peran];
      const seqAwal = c.seq;
      const h = await c.push(...urutan[peran].map(([m]) => m));
      expect(h.status).toBe(200);
      expect(
        h.results.map((r) => r.status),
        peran,
      ).toEqual(urutan[peran].map(([, x]) => x));
      expect(h.results.map((r) => r.seq)).toEqual(urutan[peran].map((_, i) => seqAwal + 1 + i));
      // A rejection consumes its seq.
      expect(h.json.lastSeq).toBe(seqAwal + urutan[peran].length);
      for (const [m, x] of urutan[peran]) {
        const rec = await ambilRecord(s.app, klien.admin.token, m.table, m.key);
        if (x === 'applied') expect(rec).toMatchObject(m.fields!);
        else expect(rec).toBeNull();
      }
    }
  });

  it('a permission rejection wins over the natural-key check; who may write gets the natural-key reason', async () => {
    const rev0 = await revServer(s.db);
    /** A new record under a random id instead of its natural one. */
    const idAcak = (table: NamaTabel, pemilik: Pemilik, label: string) => {
      const f = contoh(table, pemilik, label);
      return { m: put(table, randomUUID(), f), alami: idUntuk(table, f) };
    };
    const kasus: [Peran, NamaTabel, Pemilik, RegExp][] = [
      ['viewer', 'realisasi', 'sendiri', /^Anda tidak berhak.*hanya dapat membaca$/],
      ['pimpinan', 'kunciPeriode', '-', /^Anda tidak berhak.*pimpinan hanya menulis/],
      ['pimpinan', 'laporan', 'sendiri', /^Anda tidak berhak.*pimpinan hanya menulis/],
      ['operator', 'laporan', 'lain', /^Anda tidak berhak.*perangkat daerah lain$/],
      ['operator', 'realisasiAnggaran', 'lain', /^Anda tidak berhak.*perangkat daerah lain$/],
      ['operator', 'evaluasiPejabat', 'sendiri', /^Anda tidak berhak.*operator tidak dapat mengubah evaluasiPejabat$/],
      // Allowed to write: the natural-key check answers.
      ['admin', 'realisasi', 'sendiri', /^ID realisasi harus/],
      ['admin', 'evaluasiPejabat', 'lain', /^ID evaluasiPejabat harus/],
      ['operator', 'realisasi', 'sendiri', /^ID realisasi harus/],
      ['operator', 'laporan', 'sendiri', /^ID laporan harus/],
    ];
    for (const [peran, table, pemilik, pola] of kasus) {
      const { m, alami } = idAcak(table, pemilik, `id-acak-${peran}`);
      const [r] = await klien[peran].pushOk(m);
      const label = `${peran} × ${table} (${pemilik})`;
      expect(r?.status, label).toBe('rejected');
      const reason = r?.status === 'rejected' ? r.reason : '';
      expect(reason, label).toMatch(pola);
      if (/^ID /.test(reason)) expect(reason, label).toMatch(alasanIdAlami(table as 'realisasi', alami));
      expect(await ambilRecord(s.app, klien.admin.token, table, m.key)).toBeNull();
      expect(await ambilRecord(s.app, klien.admin.token, table, alami)).toBeNull();
    }
    expect(await revServer(s.db)).toBe(rev0);
  });

  it('every role reads everything (pull and single records are not filtered)', async () => {
    const key = fixture.get(KASUS.find((k) => k.table === 'realisasi' && k.pemilik === 'lain' && k.op === 'ubah')!.nama)!.key;
    for (const peran of PERAN) {
      const rec = await ambilRecord(s.app, klien[peran].token, 'realisasi', key);
      expect(rec?.opdId).toBe(opdY.id);
    }
  });
});
