/**
 * The authorization matrix (docs/architecture.md "Roles and permissions", src/server/izin.ts): every role × every table × own/other
 * OPD × edit/create/delete, pushed through /sync/push against the demo kabupaten. The expected answer
 * comes from an oracle written from the spec (deny by default), not from the server code. A rejected
 * mutation must leave the record and the rev counter untouched, and must not block the mutations
 * behind it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { buatDemo } from '../../src/demo/generate.ts';
import { NAMA_TABEL, PERIODE_MILESTONE, PERIODE_TRIWULAN, type NamaTabel } from '../../src/domain/schemas.ts';
import { usernameOperator } from '../../src/server/setup.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import {
  adaIdAlami, alasanIdAlami, ambilRecord, hapus, idUntuk, JENIS, Klien, masuk, PASSWORD_ADMIN, put, putBaru, revServer, serverBaru,
  type MutasiBaru, type Server,
} from './bantu.ts';

type Peran = 'admin' | 'pimpinan' | 'operator' | 'viewer';
/** Whose record: the operator's own OPD, another OPD, addressed to all (arahan), or no OPD at all. */
type Pemilik = 'sendiri' | 'lain' | 'semua' | '-';
type Op = 'ubah' | 'baru' | 'hapus';
type Harapan = 'applied' | 'rejected';

const PERAN: Peran[] = ['admin', 'pimpinan', 'operator', 'viewer'];
const MILIK_OPERATOR: NamaTabel[] = ['pk', 'sasaran', 'indikator', 'program', 'realisasi', 'realisasiAnggaran', 'laporan'];
const BER_OPD: NamaTabel[] = [...MILIK_OPERATOR, 'evaluasiPejabat', 'arahan', 'konflik'];

const pemilikUntuk = (t: NamaTabel): Pemilik[] => (t === 'arahan' ? ['sendiri', 'lain', 'semua'] : BER_OPD.includes(t) ? ['sendiri', 'lain'] : ['-']);

/** The oracle, from docs/architecture.md "Roles and permissions" and docs/sync-protocol.md "Users (admin only)": deny by default. */
function harapan(peran: Peran, table: NamaTabel, pemilik: Pemilik, op: Op): Harapan {
  if (table === 'konflik' && op === 'baru') return 'rejected'; // nobody creates konflik
  if (peran === 'admin') return 'applied';
  if (peran === 'viewer') return 'rejected';
  if (peran === 'pimpinan') return table === 'rakor' || table === 'arahan' || table === 'konflik' ? 'applied' : 'rejected';
  if (MILIK_OPERATOR.includes(table)) return pemilik === 'sendiri' ? 'applied' : 'rejected';
  if (table === 'arahan') return op === 'ubah' && pemilik !== 'lain' ? 'applied' : 'rejected'; // only tindakLanjut/status
  if (table === 'konflik') return op === 'ubah' && pemilik === 'sendiri' ? 'applied' : 'rejected'; // only resolving
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
  NAMA_TABEL.filter((t) => t !== 'konflik').flatMap((table) =>
    pemilikUntuk(table).map((pemilik) => {
      const harap = harapan(peran, table, pemilik, 'ubah') === 'applied' ? 'conflict' : 'rejected';
      return { nama: `${peran} × ${table}${pemilik === '-' ? '' : ` (${pemilik})`} put on a deleted record → ${harap}`, peran, table, pemilik, harap };
    }),
  ),
);

const PEJABAT = { nama: 'Budi Santoso, S.E.', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
const ALASAN_IZIN = /tidak berhak|hanya dibuat oleh server/;
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
  const induk = {} as Record<'sendiri' | 'lain', { pk: string; sasaran: string; indikator: string; program: string; semuaIndikator: string[]; semuaProgram: string[] }>;
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
    const grup = `${table}|${table === 'kunciPeriode' ? '-' : sisi}`;
    const n = hitung.get(grup) ?? 0;
    hitung.set(grup, n + 1);
    const i = induk[sisi];
    const habis = (): never => {
      throw new Error(`fixture: ${grup} kehabisan kunci alami (${n}); naikkan JUMLAH_INDUK`);
    };
    const v: Record<string, unknown> =
      table === 'realisasi' ? { indikatorId: i.semuaIndikator[Math.floor(n / PERIODE.length)] ?? habis(), periode: PERIODE[n % PERIODE.length] }
      : table === 'realisasiAnggaran' ? { programId: i.semuaProgram[Math.floor(n / 4)] ?? habis(), triwulan: (n % 4) + 1 }
      : table === 'laporan' ? { tahun: 2030 + Math.floor(n / 4), triwulan: (n % 4) + 1 }
      : table === 'kunciPeriode' ? { tahun: 2070 + Math.floor(n / 4), triwulan: (n % 4) + 1 }
      : { tahun: 2030 + n }; // evaluasiPejabat
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
      case 'pemda': return { nama: `Kabupaten ${label}`, jenis: 'kabupaten', kepalaDaerah: PEJABAT };
      case 'opd': return { kode: 'U.99', nama: `OPD ${label}`, singkatan: 'Uji', jenis: 'dinas', kepala: PEJABAT };
      case 'pk': return { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT };
      case 'sasaran': return { pkId: i.pk, opdId, uraian: `Sasaran ${label}` };
      case 'indikator': return { sasaranId: i.sasaran, pkId: i.pk, opdId, uraian: `Indikator ${label}`, satuan: 'persen', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 90 };
      case 'program': return { pkId: i.pk, opdId, nama: `Program ${label}`, pagu: 1_000_000 };
      case 'realisasi': return { opdId, tahun: 2027, nilai: 50, ...recordIdAlami(table, pemilik, label) };
      case 'realisasiAnggaran': return { opdId, tahun: 2027, keuangan: 1000, fisik: 10, ...recordIdAlami(table, pemilik, label) };
      case 'laporan': return { opdId, faktorPendorong: 'awal', ...recordIdAlami(table, pemilik, label) };
      case 'rakor': return { tahun: 2027, triwulan: 1, tanggal: '2027-04-20', tempat: `Aula ${label}`, pimpinan: PEJABAT };
      case 'arahan': return { rakorId: rakorDemo.id, opdId: opdDari(pemilik), uraian: `Arahan ${label}`, batasWaktu: '2027-05-01' };
      case 'kunciPeriode': return { terkunci: false, ...recordIdAlami(table, pemilik, label) };
      case 'evaluasiPejabat': return { opdId, statusUsulan: 'memenuhi', ...recordIdAlami(table, pemilik, label) };
      case 'konflik': return { tabel: 'realisasi', recordId: randomUUID(), field: 'catatan', nilaiServer: 'a', nilaiMasuk: 'b' };
    }
  }

  /** The change an edit makes (one ordinary field; for konflik, resolving it). */
  function ubahan(table: NamaTabel, nilai: string, username: string): Record<string, unknown> {
    const field: Partial<Record<NamaTabel, string>> = {
      pemda: 'nama', opd: 'nama', pk: 'nomorDokumen', sasaran: 'uraian', indikator: 'uraian', program: 'nama', realisasi: 'catatan',
      realisasiAnggaran: 'catatan', laporan: 'faktorPendorong', rakor: 'tempat', arahan: 'tindakLanjut', kunciPeriode: 'oleh', evaluasiPejabat: 'catatan',
    };
    if (table === 'konflik') return { status: 'selesai', penyelesaian: 'server', diselesaikanOleh: username };
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
    for (const [p, opd] of [['sendiri', opdX], ['lain', opdY]] as const) {
      const semuaIndikator = Array.from({ length: JUMLAH_INDUK }, () => randomUUID());
      const semuaProgram = Array.from({ length: JUMLAH_INDUK }, () => randomUUID());
      const ids = { pk: randomUUID(), sasaran: randomUUID(), indikator: semuaIndikator[0]!, program: semuaProgram[0]!, semuaIndikator, semuaProgram };
      induk[p] = ids;
      const r = await klien.admin.pushOk(
        put('pk', ids.pk, { opdId: opd.id, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
        put('sasaran', ids.sasaran, { pkId: ids.pk, opdId: opd.id, uraian: 'Sasaran induk' }),
        ...semuaIndikator.map((id, n) =>
          put('indikator', id, { sasaranId: ids.sasaran, pkId: ids.pk, opdId: opd.id, uraian: `Indikator induk ${n}`, satuan: 'persen', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 80 }),
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
    (await klien.admin.pushOk(...konflikPerlu.map((x) => put('realisasi', x.realisasi, { catatan: 'dari tablet A' }, revAwal.get(x.realisasi))))).forEach((r) => expectApplied(r));
    const hasil = await adminB.pushOk(...konflikPerlu.map((x) => put('realisasi', x.realisasi, { catatan: 'dari tablet B' }, revAwal.get(x.realisasi))));
    hasil.forEach((r, i) => {
      expect(r.status).toBe('conflict');
      if (r.status === 'conflict') fixture.set(konflikPerlu[i]!.nama, { table: 'konflik', key: r.konflikIds[0]! });
    });
  });

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
      k.op === 'baru' ? put(k.table, f.key, contoh(k.table, k.pemilik, label))
      : k.op === 'hapus' ? hapus(k.table, f.key, sebelum!.rev)
      : put(k.table, f.key, ubahan(k.table, label, k.peran), sebelum!.rev);

    const h = await c.push(m);
    expect(h.status, JSON.stringify(h.json)).toBe(200);
    const r = h.results[0]!;
    expect(r.status, JSON.stringify(r)).toBe(k.harap);
    const sesudah = await ambilRecord(s.app, tokenAdmin, f.table, f.key);

    if (k.harap === 'rejected') {
      if (r.status === 'rejected') expect(r.reason).toMatch(ALASAN_IZIN);
      expect(sesudah).toEqual(sebelum);
      expect(await revServer(s.db)).toBe(rev0);
      return;
    }
    if (r.status !== 'applied') return;
    expect(r.rev).toBe(rev0 + 1);
    expect(await revServer(s.db)).toBe(rev0 + 1);
    expect(sesudah!.rev).toBe(r.rev);
    if (k.op === 'hapus') expect(sesudah!.deleted).toBe(true);
    else expect(sesudah).toMatchObject({ ...(k.op === 'baru' ? contoh(k.table, k.pemilik, label) : ubahan(k.table, label, k.peran)), deleted: false });
  });

  it.each(PERAN)('%s: a put on a deleted record is a conflict only for who may edit it; for everyone else a rejection that stores nothing', async (peran) => {
    const c = klien[peran];
    const salah: string[] = [];
    for (const k of KASUS_NISAN.filter((x) => x.peran === peran)) {
      const f = fixture.get(k.nama)!;
      const sebelum = await ambilRecord(s.app, klien.admin.token, f.table, f.key);
      expect(sebelum?.deleted).toBe(true);
      const rev0 = await revServer(s.db);
      const h = await c.push(put(f.table, f.key, ubahan(f.table, `nisan-${k.peran}`, k.peran), sebelum!.rev));
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

  it('an operator changes only tindakLanjut and status of an arahan for its OPD (or for all)', async () => {
    const admin = klien.admin;
    const op = klien.operator;
    const sendiri = randomUUID();
    const semua = randomUUID();
    const lain = randomUUID();
    await admin.pushOk(put('arahan', sendiri, contoh('arahan', 'sendiri', 'a')), put('arahan', semua, contoh('arahan', 'semua', 'b')), put('arahan', lain, contoh('arahan', 'lain', 'c')));
    const rev = async (key: string) => (await ambilRecord(s.app, op.token, 'arahan', key))!.rev;
    const [rS, rA, rL] = [await rev(sendiri), await rev(semua), await rev(lain)];
    const hasil = await op.pushOk(
      put('arahan', sendiri, { status: 'proses', tindakLanjut: 'Sedang dikerjakan' }, rS),
      put('arahan', semua, { status: 'selesai' }, rA),
      put('arahan', sendiri, { uraian: 'Diubah operator' }, rS),
      put('arahan', sendiri, { batasWaktu: '2030-01-01' }, rS),
      put('arahan', sendiri, { opdId: null, tindakLanjut: 'x' }, rS),
      put('arahan', lain, { status: 'selesai' }, rL),
      put('arahan', semua, { rakorId: randomUUID() }, rA),
    );
    expect(hasil.map((r) => r.status)).toEqual(['applied', 'applied', 'rejected', 'rejected', 'rejected', 'rejected', 'rejected']);
    expect(await ambilRecord(s.app, op.token, 'arahan', sendiri)).toMatchObject({ status: 'proses', tindakLanjut: 'Sedang dikerjakan', uraian: 'Arahan a', opdId: opdX.id });
    expect(await ambilRecord(s.app, op.token, 'arahan', lain)).toMatchObject({ status: 'baru' });
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
        [put('rakor', randomUUID(), contoh('rakor', '-', 'batch-admin')), 'applied'],
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
      expect(h.results.map((r) => r.status), peran).toEqual(urutan[peran].map(([, x]) => x));
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
