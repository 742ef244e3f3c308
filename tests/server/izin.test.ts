/**
 * The authorization matrix (DESIGN.md §5, src/server/izin.ts): every role × every table × own/other
 * OPD × edit/create/delete, pushed through /sync/push against the demo kabupaten. The expected answer
 * comes from an oracle written from the spec (deny by default), not from the server code. A rejected
 * mutation must leave the record and the rev counter untouched, and must not block the mutations
 * behind it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { buatDemo } from '../../src/demo/generate.ts';
import { NAMA_TABEL, type NamaTabel } from '../../src/domain/schemas.ts';
import { usernameOperator } from '../../src/server/setup.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import {
  ambilRecord, hapus, JENIS, Klien, masuk, PASSWORD_ADMIN, put, revServer, serverBaru, type MutasiBaru, type Server,
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

/** The oracle, from DESIGN.md §5 and the brief: deny by default. */
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

describe.each(JENIS)('authorization matrix (%s)', (jenis) => {
  const demo = buatDemo();
  const opdX = demo.opd.find((o) => o.singkatan === 'Dinkes')!;
  const opdY = demo.opd.find((o) => o.singkatan === 'Disdik')!;
  const rakorDemo = demo.rakor[0]!;
  let s: Server;
  const klien = {} as Record<Peran, Klien>;
  let adminB: Klien;
  /** Draft PK and its children per OPD (a signed PK would freeze them). */
  const induk = {} as Record<'sendiri' | 'lain', { pk: string; sasaran: string; indikator: string; program: string }>;
  /** Fixture record per case name. */
  const fixture = new Map<string, { table: NamaTabel; key: string }>();

  const opdDari = (p: Pemilik): string | null => (p === 'lain' ? opdY.id : p === 'semua' ? null : opdX.id);

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
      case 'realisasi': return { indikatorId: i.indikator, opdId, tahun: 2027, periode: 'TW1', nilai: 50 };
      case 'realisasiAnggaran': return { programId: i.program, opdId, tahun: 2027, triwulan: 1, keuangan: 1000, fisik: 10 };
      case 'laporan': return { opdId, tahun: 2027, triwulan: 1, faktorPendorong: 'awal' };
      case 'rakor': return { tahun: 2027, triwulan: 1, tanggal: '2027-04-20', tempat: `Aula ${label}`, pimpinan: PEJABAT };
      case 'arahan': return { rakorId: rakorDemo.id, opdId: opdDari(pemilik), uraian: `Arahan ${label}`, batasWaktu: '2027-05-01' };
      case 'kunciPeriode': return { tahun: 2030, triwulan: 1, terkunci: false };
      case 'evaluasiPejabat': return { opdId, tahun: 2027, statusUsulan: 'memenuhi' };
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

    // Parents: a draft PK 2027 with one sasaran, indikator and programme for each OPD.
    for (const [p, opd] of [['sendiri', opdX], ['lain', opdY]] as const) {
      const ids = { pk: randomUUID(), sasaran: randomUUID(), indikator: randomUUID(), program: randomUUID() };
      induk[p] = ids;
      const r = await klien.admin.pushOk(
        put('pk', ids.pk, { opdId: opd.id, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
        put('sasaran', ids.sasaran, { pkId: ids.pk, opdId: opd.id, uraian: 'Sasaran induk' }),
        put('indikator', ids.indikator, { sasaranId: ids.sasaran, pkId: ids.pk, opdId: opd.id, uraian: 'Indikator induk', satuan: 'persen', polaritas: 'naik', agregasi: 'akhir', targetTahunan: 80 }),
        put('program', ids.program, { pkId: ids.pk, opdId: opd.id, nama: 'Program induk', pagu: 5_000_000 }),
      );
      r.forEach((x) => expectApplied(x, 'induk'));
    }

    // One fresh fixture per edit/delete case (and per tombstone case), created by the admin.
    const buat: MutasiBaru[] = [];
    const nisan: MutasiBaru[] = [];
    const konflikPerlu: { nama: string; realisasi: string }[] = [];
    for (const k of KASUS) {
      if (k.op === 'baru') continue;
      if (k.table === 'konflik') {
        const realisasi = randomUUID();
        buat.push(put('realisasi', realisasi, contoh('realisasi', k.pemilik, k.nama)));
        konflikPerlu.push({ nama: k.nama, realisasi });
        continue;
      }
      const key = randomUUID();
      fixture.set(k.nama, { table: k.table, key });
      buat.push(put(k.table, key, contoh(k.table, k.pemilik, k.nama)));
    }
    for (const k of KASUS_NISAN) {
      const key = randomUUID();
      fixture.set(k.nama, { table: k.table, key });
      buat.push(put(k.table, key, contoh(k.table, k.pemilik, k.nama)));
      nisan.push(hapus(k.table, key));
    }
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
    const f = k.op === 'baru' ? { table: k.table, key: randomUUID() } : fixture.get(k.nama)!;
    expect(f, 'fixture').toBeTruthy();
    const sebelum = await ambilRecord(s.app, tokenAdmin, f.table, f.key);
    if (k.op !== 'baru') expect(sebelum?.deleted).toBe(false);
    const rev0 = await revServer(s.db);
    const label = `${k.peran}-${k.table}-${k.pemilik}-${k.op}`;
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
    const key = randomUUID();
    expectApplied((await op.pushOk(put('laporan', key, contoh('laporan', 'sendiri', 'pindah'))))[0]);
    const sebelum = await ambilRecord(s.app, op.token, 'laporan', key);
    const [r] = await op.pushOk(put('laporan', key, { opdId: opdY.id }, sebelum!.rev));
    expect(r?.status).toBe('rejected');
    expect(await ambilRecord(s.app, op.token, 'laporan', key)).toEqual(sebelum);
  });

  it("an operator cannot hang its own record under another OPD's parent", async () => {
    const op = klien.operator;
    const rev0 = await revServer(s.db);
    const hasil = await op.pushOk(
      put('realisasi', randomUUID(), { ...contoh('realisasi', 'sendiri', 'x'), indikatorId: induk.lain.indikator }),
      put('realisasiAnggaran', randomUUID(), { ...contoh('realisasiAnggaran', 'sendiri', 'x'), programId: induk.lain.program }),
      put('sasaran', randomUUID(), { ...contoh('sasaran', 'sendiri', 'x'), pkId: induk.lain.pk }),
      put('indikator', randomUUID(), { ...contoh('indikator', 'sendiri', 'x'), sasaranId: induk.lain.sasaran }),
      put('program', randomUUID(), { ...contoh('program', 'sendiri', 'x'), pkId: induk.lain.pk }),
      // A parent that does not exist on the server.
      put('realisasi', randomUUID(), { ...contoh('realisasi', 'sendiri', 'x'), indikatorId: randomUUID() }),
    );
    expect(hasil.map((r) => r.status)).toEqual(Array(6).fill('rejected'));
    expect(await revServer(s.db)).toBe(rev0);
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
    const key = randomUUID();
    await op.pushOk(put('laporan', key, contoh('laporan', 'sendiri', 'v')));
    const [diajukan, verifikasi] = await op.pushOk(put('laporan', key, { status: 'diajukan' }), put('laporan', key, { status: 'diverifikasi' }));
    expect(diajukan?.status).toBe('applied');
    expect(verifikasi?.status).toBe('rejected');
    const [baruTerverifikasi] = await op.pushOk(put('laporan', randomUUID(), { ...contoh('laporan', 'sendiri', 'w'), status: 'diverifikasi' }));
    expect(baruTerverifikasi?.status).toBe('rejected');
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
        [put('pk', randomUUID(), contoh('pk', 'sendiri', 'x')), 'rejected'],
        [put('rakor', randomUUID(), contoh('rakor', '-', 'batch-pimpinan')), 'applied'],
        [put('kunciPeriode', randomUUID(), contoh('kunciPeriode', '-', 'x')), 'rejected'],
        [put('arahan', randomUUID(), contoh('arahan', 'semua', 'batch-pimpinan')), 'applied'],
      ],
      operator: [
        [put('realisasi', randomUUID(), contoh('realisasi', 'lain', 'x')), 'rejected'],
        [put('realisasi', randomUUID(), contoh('realisasi', 'sendiri', 'batch-op')), 'applied'],
        [put('rakor', randomUUID(), contoh('rakor', '-', 'x')), 'rejected'],
        [put('laporan', randomUUID(), contoh('laporan', 'sendiri', 'batch-op')), 'applied'],
      ],
      viewer: [
        [put('rakor', randomUUID(), contoh('rakor', '-', 'x')), 'rejected'],
        [put('realisasi', randomUUID(), contoh('realisasi', 'sendiri', 'x')), 'rejected'],
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

  it('every role reads everything (pull and single records are not filtered)', async () => {
    const key = fixture.get(KASUS.find((k) => k.table === 'realisasi' && k.pemilik === 'lain' && k.op === 'ubah')!.nama)!.key;
    for (const peran of PERAN) {
      const rec = await ambilRecord(s.app, klien[peran].token, 'realisasi', key);
      expect(rec?.opdId).toBe(opdY.id);
    }
  });
});
