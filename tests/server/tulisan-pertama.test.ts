/**
 * Field-level first writes (issue 9 §1; docs/sync-protocol.md "Merging"): two tablets entering the same
 * quarter's realisasi offline, one the value and the other only the masalah, merge field by field.
 * A konflik is made only for a field both set to different values; a field only one side wrote is
 * never a konflik and is never lost — also when an older client sends its defaults along.
 *
 * The property test drives two or three clients over new and existing records in every order
 * (fast-check), on PGlite and PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { idAlami, NILAI_BAWAAN } from '../../src/domain/schemas.ts';
import type { MutationResult } from '../../src/shared/protocol.ts';
import { SyncStore } from '../../src/server/sync.store.ts';
import { ambilRecord, JENIS, Klien, masuk, PASSWORD_ADMIN, put, serverBaru, type Server, type Sesi } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Kepala Dinas', pangkat: '' };
/** The realisasi fields a person types (tdi/alasanTdi left out: their cross-field rule is tested elsewhere). */
const FIELD = ['nilai', 'catatan', 'masalah', 'solusi', 'tindakLanjut'] as const;
type Field = (typeof FIELD)[number];
const BAWAAN = NILAI_BAWAAN.realisasi;

describe.each(JENIS)('first writes merge field by field (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  let opdId: string;
  let pkId: string;
  let sasaranId: string;

  beforeAll(async () => {
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    const k = new Klien(s.app, admin.token);
    opdId = randomUUID();
    pkId = randomUUID();
    sasaranId = randomUUID();
    const r = await k.pushOk(
      put('opd', opdId, { kode: '1.02', nama: 'Dinas Kesehatan', singkatan: 'Dinkes', jenis: 'dinas', kepala: PEJABAT }),
      put('pk', pkId, { opdId, tahun: 2027, versi: 1, tanggal: '2027-01-05', tanggalMulai: '2027-01-01', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
      put('sasaran', sasaranId, { pkId, opdId, uraian: 'Meningkatnya derajat kesehatan' }),
    );
    expect(r.map((x) => x.status)).toEqual(['applied', 'applied', 'applied']);
  });
  afterAll(async () => {
    await s?.tutup();
  });

  /** A fresh indikator, so each case has its own realisasi (the natural key is indikator + periode). */
  async function indikatorBaru(): Promise<{ indikatorId: string; key: string; dasar: Record<string, unknown> }> {
    const indikatorId = randomUUID();
    const [r] = await new Klien(s.app, admin.token).pushOk(
      put('indikator', indikatorId, {
        sasaranId,
        pkId,
        opdId,
        uraian: 'Cakupan imunisasi',
        satuan: '%',
        polaritas: 'naik',
        agregasi: 'akhir',
        targetTahunan: 95,
      }),
    );
    expect(r?.status).toBe('applied');
    return { indikatorId, key: idAlami.realisasi(indikatorId, 'TW2'), dasar: { indikatorId, opdId, tahun: 2027, periode: 'TW2' } };
  }

  async function konflikUntuk(key: string): Promise<Array<Record<string, unknown>>> {
    const rows = await s.db.query(`SELECT data FROM records WHERE tbl = 'konflik' AND data->>'recordId' = $1`, [key]);
    return rows.map((r) => r.data as Record<string, unknown>);
  }

  it('the hall case: one tablet enters the value, the other only the masalah → both applied, no konflik', async () => {
    const { key, dasar } = await indikatorBaru();
    const a = new Klien(s.app, admin.token);
    const b = new Klien(s.app, admin.token);
    // Tablet B is an older client: its first put carries every field, defaults included.
    const lengkap = Object.fromEntries([...BAWAAN].filter(([f]) => !['rev', 'updatedBy', 'deleted'].includes(f)));
    const [ra] = await a.pushOk(put('realisasi', key, { ...dasar, nilai: 33 }));
    const [rb] = await b.pushOk(put('realisasi', key, { ...lengkap, ...dasar, masalah: 'Vaksin terlambat datang' }));
    expect(ra?.status).toBe('applied');
    expect(rb?.status, JSON.stringify(rb)).not.toBe('conflict');
    expect(await ambilRecord(s.app, admin.token, 'realisasi', key)).toMatchObject({ nilai: 33, masalah: 'Vaksin terlambat datang' });
    expect(await konflikUntuk(key)).toEqual([]);
    // ... and in the other order.
    const lain = await indikatorBaru();
    await b.pushOk(put('realisasi', lain.key, { ...lengkap, ...lain.dasar, masalah: 'Vaksin terlambat datang' }));
    await a.pushOk(put('realisasi', lain.key, { ...lengkap, ...lain.dasar, nilai: 33 }));
    expect(await ambilRecord(s.app, admin.token, 'realisasi', lain.key)).toMatchObject({ nilai: 33, masalah: 'Vaksin terlambat datang' });
    expect(await konflikUntuk(lain.key)).toEqual([]);
  });

  it('a first write onto a record loaded without field revs (the demo loader) is merged, never applied (issue 17 §4)', async () => {
    // `applied` lets a tablet keep its own copy at the answered rev without pulling it back, so it
    // must mean "the stored record is what the tablet holds plus what it sent".
    const { key, dasar } = await indikatorBaru();
    await new SyncStore(s.db).muat({
      realisasi: [
        {
          ...Object.fromEntries(BAWAAN),
          ...dasar,
          id: key,
          rev: 0,
          updatedAt: '2027-04-01T00:00:00.000Z',
          updatedBy: 'demo',
          deleted: false,
          masalah: 'Dari data demo',
        },
      ],
    });
    const [r] = await new Klien(s.app, admin.token).pushOk(put('realisasi', key, { ...dasar, nilai: 12 }));
    expect(r?.status, JSON.stringify(r)).toBe('merged');
    expect(await ambilRecord(s.app, admin.token, 'realisasi', key)).toMatchObject({ nilai: 12, masalah: 'Dari data demo' });
    // A new record, and an edit of one's own, stay `applied`.
    const baru = await indikatorBaru();
    const k = new Klien(s.app, admin.token);
    const [r1] = await k.pushOk(put('realisasi', baru.key, { ...baru.dasar, nilai: 5 }));
    const [r2] = await k.pushOk(put('realisasi', baru.key, { masalah: 'Sendiri' }, r1!.status === 'rejected' ? 0 : r1!.rev));
    expect([r1?.status, r2?.status]).toEqual(['applied', 'applied']);
  });

  it('two different first values of one field are a konflik, and clearing its own unsynced value is an edit', async () => {
    const { key, dasar } = await indikatorBaru();
    const a = new Klien(s.app, admin.token);
    const b = new Klien(s.app, admin.token);
    await a.pushOk(put('realisasi', key, { ...dasar, nilai: 33 }));
    const [rb] = await b.pushOk(put('realisasi', key, { ...dasar, nilai: 40 }));
    expect(rb?.status).toBe('conflict');
    expect((await konflikUntuk(key)).map((k) => [k.field, k.nilaiServer, k.nilaiMasuk])).toEqual([['nilai', 33, 40]]);
    // Tablet A clears the value it typed, still from baseRev 0: its own field, so it applies.
    const [ra] = await a.pushOk(put('realisasi', key, { nilai: null }));
    expect(ra?.status).toBe('applied');
    expect((await ambilRecord(s.app, admin.token, 'realisasi', key))!.nilai).toBeNull();
  });

  it('property: over 2–3 clients, new and existing records, any order — no konflik names a field only one side wrote; nothing is lost', async () => {
    const nilaiField = (f: Field): fc.Arbitrary<unknown> => (f === 'nilai' ? fc.constantFrom<unknown>(33, 40, 0) : fc.constantFrom<unknown>('a', 'b'));
    const tulisan = fc.record(Object.fromEntries(FIELD.map((f) => [f, fc.option(nilaiField(f), { nil: undefined })])) as Record<Field, fc.Arbitrary<unknown>>);
    const klienArb = fc.record({
      isi: tulisan,
      /** An older client sends every default along in its first put. */
      lama: fc.boolean(),
      /** On an existing record: the client pulled it first (baseRev = its rev) or not (baseRev 0). */
      sudahTarik: fc.boolean(),
    });
    const kasusArb = fc.record({ ada: fc.option(tulisan, { nil: null }), klien: fc.array(klienArb, { minLength: 2, maxLength: 3 }) }).chain((k) =>
      fc.record({
        kasus: fc.constant(k),
        urutan: fc.shuffledSubarray(
          k.klien.map((_, i) => i),
          { minLength: k.klien.length },
        ),
      }),
    );

    await fc.assert(
      fc.asyncProperty(kasusArb, async ({ kasus, urutan }) => {
        const { key, dasar } = await indikatorBaru();
        const tertulis = (isi: Record<Field, unknown>) =>
          Object.fromEntries(Object.entries(isi).filter(([, v]) => v !== undefined)) as Partial<Record<Field, unknown>>;
        let revAda = 0;
        const awal = kasus.ada ? tertulis(kasus.ada) : null;
        if (awal) {
          const [r] = await new Klien(s.app, admin.token).pushOk(put('realisasi', key, { ...dasar, ...awal }));
          expect(r?.status).toBe('applied');
          revAda = r && 'rev' in r ? r.rev : 0;
        }
        const klien = kasus.klien.map(() => new Klien(s.app, admin.token));
        const hasil: MutationResult[] = [];
        for (const i of urutan) {
          const c = kasus.klien[i]!;
          const isi = tertulis(c.isi);
          const baseRev = awal && c.sudahTarik ? revAda : 0;
          const bawaan = c.lama && baseRev === 0 ? Object.fromEntries(FIELD.map((f) => [f, BAWAAN.get(f)])) : {};
          hasil.push(...(await klien[i]!.pushOk(put('realisasi', key, { ...bawaan, ...dasar, ...isi }, baseRev))));
        }
        expect(
          hasil.filter((r) => r.status === 'rejected'),
          JSON.stringify(hasil),
        ).toEqual([]);
        const akhir = (await ambilRecord(s.app, admin.token, 'realisasi', key))!;
        const konflik = await konflikUntuk(key);
        for (const f of FIELD) {
          const penulis = kasus.klien.map((c) => tertulis(c.isi)[f]).filter((v) => v !== undefined);
          const olehPembuat = awal?.[f];
          const sisi = penulis.length + (olehPembuat !== undefined ? 1 : 0);
          const kf = konflik.filter((k) => k.field === f);
          // No konflik names a field only one side wrote.
          if (sisi <= 1) expect(kf, `${f}: ${JSON.stringify({ kasus, urutan })}`).toEqual([]);
          // A field only one side wrote holds its value; one nobody wrote keeps its default.
          if (sisi === 1) expect(akhir[f]).toEqual(penulis[0] ?? olehPembuat);
          if (sisi === 0) expect(akhir[f]).toEqual(BAWAAN.get(f));
          // Nothing lost: every value a client typed is the server's or kept in a konflik — except a
          // value equal to the one already stored, which a client that had pulled it then replaced.
          const digantiSadar = awal !== null && kasus.klien.some((c) => c.sudahTarik && tertulis(c.isi)[f] !== undefined);
          for (const v of penulis) {
            if (digantiSadar && v === olehPembuat) continue;
            const ada = akhir[f] === v || kf.some((k) => k.nilaiMasuk === v || k.nilaiServer === v);
            expect(ada, `${f}=${String(v)} hilang: ${JSON.stringify({ kasus, urutan, akhir, kf })}`).toBe(true);
          }
          // A konflik only ever stands between two different values.
          for (const k of kf) expect(k.nilaiMasuk).not.toEqual(k.nilaiServer);
        }
      }),
      { numRuns: jenis === 'pglite' ? 60 : 40 },
    );
  }, 300_000);
});
