/**
 * Story: the admin records in the Pejabat screen that Dinas Kesehatan gets a new head from
 * 2 January 2027 (hand-over: the current head's last day becomes 1 January). The Dinas Kesehatan
 * operator drafts the 2027 Perjanjian Kinerja dated 4 January 2027 (sasaran, indikator with
 * quarterly targets, a programme): the head prefilled for today no longer serves on that date, so
 * signing is refused until the parties are picked from the officials serving on the PK date
 * (docs/domain/pejabat.md §PK). With the new head and the Bupati picked it is signed (the editor
 * freezes); then a Perubahan PK from Triwulan III raises a target and both versions are compared
 * side by side. The server ends up with both versions, both naming the officials' records, the new
 * indicator pointing at the old one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanPk } from './pages/pk.ts';
import { HalamanPejabat } from './pages/pejabat.ts';
import { KlienApi, masukLewatForm } from './pages/rakor.ts';
import { tungguTarikanAwal } from './pages/sinkron.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

describe('Perjanjian Kinerja', () => {
  it('register the new head (Pejabat) → create → pick the parties → sign → Perubahan PK with a target diff', async () => {
    const admin = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
    const awal = await admin.tarikSemua();
    const opd = (awal.opd ?? []).find((o) => o.singkatan === 'Dinkes');
    expect(opd).toBeDefined();
    const opdId = opd!.id as string;
    const opdKd = (awal.opd ?? []).find((o) => o.jenis === 'kepala-daerah')!;
    const menjabat = (p: Record<string, unknown>, tanggal: string) => (p.tmt as string) <= tanggal && (p.selesai === null || (p.selesai as string) >= tanggal);
    // Who serves today: the Kepala Dinas Kesehatan and the Bupati.
    const hariIni = new Date().toISOString().slice(0, 10);
    const kepalaLama = (awal.pejabat ?? []).find((p) => p.opdId === opdId && p.level === 'jpt-pratama' && menjabat(p, hariIni))!;
    const bupati = (awal.pejabat ?? []).find((p) => p.opdId === opdKd.id && p.level === 'kepala-daerah' && p.selesai === null)!;
    expect(kepalaLama).toBeDefined();
    expect(bupati).toBeDefined();

    // The admin registers the new head through the Pejabat screen (a hand-over on 2 January 2027).
    const layarAdmin = await bukaBrowser();
    try {
      await masukLewatForm(layarAdmin.page, srv.url, 'admin', srv.adminPassword);
      const pj = new HalamanPejabat(layarAdmin.page, srv.url);
      await pj.buka();
      await pj.ganti('Dinas Kesehatan', kepalaLama.nama as string, {
        nama: 'dr. Rina Wulandari, M.Kes.',
        nip: '19750512 200212 2 003',
        pangkat: 'Pembina Tingkat I (IV/b)',
        tmt: '2027-01-02',
        dasarPenugasan: 'Keputusan Bupati Nomor 821.2/045/BKPSDM/2026',
      });
      // The list follows the store through a live query: read it once it shows the successor.
      await expect.poll(async () => (await pj.riwayat('Dinas Kesehatan')).some((r) => r.includes('dr. Rina Wulandari')), { timeout: 10_000 }).toBe(true);
      const riwayat = await pj.riwayat('Dinas Kesehatan');
      expect(riwayat.find((r) => r.includes('dr. Rina Wulandari'))).toMatch(
        /NIP 19750512 200212 2 003 · Pembina Tingkat I \(IV\/b\) Kepala Dinas Kesehatan.*2 Januari 2027 – sekarang/,
      );
      // Written in one transaction with the successor (src/views/pejabat/aksi.ts): never seen open.
      expect(riwayat.find((r) => r.includes(kepalaLama.nama as string))).toMatch(/– 1 Januari 2027/);
      // The admin's device pushes both records.
      await expect
        .poll(
          async () => {
            const p = (await admin.tarikSemua()).pejabat ?? [];
            const baru = p.find((x) => x.nama === 'dr. Rina Wulandari, M.Kes.');
            const lama = p.find((x) => x.id === kepalaLama.id);
            return [baru?.nip, baru?.tmt, baru?.selesai, baru?.opdId, baru?.level, lama?.selesai].join('|');
          },
          { timeout: 30_000 },
        )
        .toBe(`197505122002122003|2027-01-02||${opdId}|jpt-pratama|2027-01-01`);
    } finally {
      await layarAdmin.tutup();
    }
    const kepalaBaru = ((await admin.tarikSemua()).pejabat ?? []).find((x) => x.nama === 'dr. Rina Wulandari, M.Kes.')!;

    await masukLewatForm(br.page, srv.url, 'op-dinkes', 'demo12345');
    await tungguTarikanAwal(br.page, srv.url);
    const pk = new HalamanPk(br.page, srv.url);
    await pk.buka(opdId, 2027);
    await pk.buatPk();
    // A new PK is prefilled with the officials serving today.
    expect(await pk.namaPihak('pihakPertama')).toBe(kepalaLama.nama);
    expect(await pk.namaPihak('pihakKedua')).toBe(bupati.nama);
    expect(await pk.masalahPihak()).toBeNull();
    // Dated 4 January 2027 the previous head no longer serves: only the officials serving then are offered.
    await pk.aturTanggal('2027-01-04');
    await expect.poll(() => pk.masalahPihak()).toContain(`${kepalaLama.nama as string} tidak menjabat pada tanggal PK (2027-01-04)`);
    const calon = await pk.calonPihak('pihakPertama');
    expect(calon).toContain('dr. Rina Wulandari, M.Kes. · Kepala Dinas Kesehatan');
    expect(calon.some((c) => c.startsWith(kepalaLama.nama as string))).toBe(false);

    await pk.tambahSasaran('Meningkatnya derajat kesehatan masyarakat');
    await pk.tambahIndikator(0, { uraian: 'Cakupan imunisasi dasar lengkap', satuan: '%', target: '95', triwulan: ['25', '50', '75', '95'] });
    await pk.tambahIndikator(0, { uraian: 'Indeks kepuasan layanan puskesmas', satuan: 'indeks', polaritas: 'rentang', target: '80', targetAtas: '90' });
    await pk.tambahProgram('Program Pemenuhan Upaya Kesehatan Perorangan', '1.250.000.000');
    expect(await pk.teksIndikator(0, 0)).toContain('25 / 50 / 75 / 95');
    expect(await pk.teksIndikator(0, 1)).toContain('80 – 90');

    // Signing with a party who does not serve on the PK date is refused; the PK stays a draft.
    await pk.page.locator('[data-uji="tandatangani"]').click();
    await expect.poll(() => pk.galat()).toContain(`${kepalaLama.nama as string} tidak menjabat pada tanggal PK (2027-01-04)`);
    expect(await pk.hanyaBaca()).toBe(false);
    expect(await pk.daftarVersi()).toEqual(['Versi 1 · draf']);

    await pk.pilihPihak('pihakPertama', 'dr. Rina Wulandari, M.Kes.');
    await pk.pilihPihak('pihakKedua', bupati.nama as string);
    await expect.poll(() => pk.masalahPihak()).toBeNull();
    await pk.tandatangani();
    expect(await pk.hanyaBaca()).toBe(true);
    expect(await pk.daftarVersi()).toEqual(['Versi 1 · ditandatangani']);

    await pk.buatPerubahan('Refocusing anggaran Perubahan APBD 2027', 3, '800/12/Dinkes/2027', '2027-07-01');
    expect(await pk.daftarVersi()).toEqual(['Versi 1 · ditandatangani', 'Versi 2 (Perubahan) · draf']);
    expect(await pk.hanyaBaca()).toBe(false);
    // The Perubahan keeps the parties; the new head still serves on its date.
    expect(await pk.namaPihak('pihakPertama')).toBe('dr. Rina Wulandari, M.Kes.');
    expect(await pk.masalahPihak()).toBeNull();
    await pk.ubahIndikator(0, 0, { target: '97' });
    // The form closes before its write is stored; the comparison reads what is stored.
    await expect.poll(() => pk.teksIndikator(0, 0)).toContain('97');
    const beda = await pk.bandingkan();
    const baris = beda.find((b) => b.startsWith('Cakupan imunisasi'));
    expect(baris).toContain('95 %');
    expect(baris).toContain('97 %');
    expect(baris).toContain('Berubah');
    expect(beda.find((b) => b.startsWith('Indeks kepuasan'))).toContain('Tetap');

    // Both versions reach the server with the officials' records; the new indicator keeps its lineage.
    await expect
      .poll(
        async () => {
          const s = await admin.tarikSemua();
          const pks = (s.pk ?? []).filter((p) => p.opdId === opdId && p.tahun === 2027).sort((a, b) => (a.versi as number) - (b.versi as number));
          const v2 = pks[1];
          const ind = (s.indikator ?? []).find((i) => i.pkId === v2?.id && i.uraian === 'Cakupan imunisasi dasar lengkap');
          const asal = (s.indikator ?? []).find((i) => i.id === ind?.indikatorAsalId);
          return [
            pks.map((p) => `${p.versi}:${p.status}:${p.tanggal}`).join(','),
            pks.map((p) => `${p.pihakPertamaId === kepalaBaru.id}:${p.pihakKeduaId === bupati.id}:${(p.pihakPertama as { nip: string }).nip}`).join(','),
            v2?.berlakuMulaiTriwulan,
            ind?.targetTahunan,
            asal?.targetTahunan,
          ].join('|');
        },
        { timeout: 20_000 },
      )
      .toBe('1:ditandatangani:2027-01-04,2:draft:2027-07-01|true:true:197505122002122003,true:true:197505122002122003|3|97|95');
  });
});
