/**
 * GET /ringkasan computes the rakor summary with the shared domain function, so the server shows the
 * same numbers as the browser; GET /health reports the storage kind and the migration version.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buatDemo, DEMO_NOW } from '../../src/demo/generate.ts';
import { hitungRingkasan } from '../../src/domain/ringkasan.ts';
import { daftarMigrasi } from '../../src/server/db.ts';
import { usernameOperator } from '../../src/server/setup.ts';
import { healthSchema, SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { ambilRecord, harapGalat, JENIS, Klien, masuk, minta, PASSWORD_ADMIN, put, revServer, serverBaru, type Server } from './bantu.ts';

const dataDemo = () => {
  const d = buatDemo();
  return { ...d, pemda: d.pemda[0] ?? null };
};

describe.each(JENIS)('ringkasan and health (%s)', (jenis) => {
  let s: Server;
  let token: string;

  beforeAll(async () => {
    s = await serverBaru(jenis, { demo: true });
    expect(s.jam.now().getTime()).toBe(DEMO_NOW.getTime());
    token = (await masuk(s.app, 'viewer')).token;
  });
  afterAll(async () => {
    await s?.tutup();
  });

  it('2026 TW3 equals hitungRingkasan(buatDemo(), 2026, 3, now)', async () => {
    const j = await minta(s.app, 'GET', '/api/v1/ringkasan?tahun=2026&triwulan=3', { token });
    expect(j.status).toBe(200);
    const harap = JSON.parse(JSON.stringify(hitungRingkasan(dataDemo(), 2026, 3, s.jam.now())));
    expect(j.json).toEqual(harap);
    expect(j.json.opd.length).toBeGreaterThan(30);
  });

  it.each([
    [2025, 4],
    [2026, 4],
  ])('%i TW%i equals the shared computation too', async (tahun, tw) => {
    const j = await minta(s.app, 'GET', `/api/v1/ringkasan?tahun=${tahun}&triwulan=${tw}`, { token });
    expect(j.status).toBe(200);
    expect(j.json).toEqual(JSON.parse(JSON.stringify(hitungRingkasan(dataDemo(), tahun, tw as 1 | 2 | 3 | 4, s.jam.now()))));
  });

  it('the answer is stable across calls (no dependence on the row order of the database)', async () => {
    const a = await minta(s.app, 'GET', '/api/v1/ringkasan?tahun=2026&triwulan=3', { token });
    // Touch records so their physical order changes, then ask again.
    const demo = buatDemo();
    const admin = new Klien(s.app, (await masuk(s.app, 'admin', PASSWORD_ADMIN)).token);
    const opd = demo.opd.slice(0, 5);
    for (const o of opd) {
      const rec = await ambilRecord(s.app, token, 'opd', o.id);
      await admin.pushOk(put('opd', o.id, { urutan: rec!.urutan }, rec!.rev)); // same value: no change
      await admin.pushOk(put('opd', o.id, { kode: `${o.kode}x` }, rec!.rev));
      const r2 = await ambilRecord(s.app, token, 'opd', o.id);
      await admin.pushOk(put('opd', o.id, { kode: o.kode }, r2!.rev));
    }
    const b = await minta(s.app, 'GET', '/api/v1/ringkasan?tahun=2026&triwulan=3', { token });
    expect(b.json).toEqual(a.json);
  });

  it('a pushed realisasi changes the summary exactly as the shared function says', async () => {
    const demo = buatDemo();
    const opd = demo.opd.find((o) => o.singkatan === 'Dinkes')!;
    const real = demo.realisasi.find((r) => r.opdId === opd.id && r.tahun === 2026 && r.periode === 'TW3' && !r.tdi && r.nilai !== null)!;
    const op = new Klien(s.app, (await masuk(s.app, usernameOperator(opd))).token);
    const rec = await ambilRecord(s.app, token, 'realisasi', real.id);
    const [r] = await op.pushOk(put('realisasi', real.id, { nilai: 0, masalah: 'Data belum masuk', solusi: 'Dikejar' }, rec!.rev));
    expect(r?.status).toBe('applied');
    const d = dataDemo();
    const i = d.realisasi.findIndex((x) => x.id === real.id);
    d.realisasi[i] = { ...d.realisasi[i]!, nilai: 0, masalah: 'Data belum masuk', solusi: 'Dikejar' };
    const j = await minta(s.app, 'GET', '/api/v1/ringkasan?tahun=2026&triwulan=3', { token });
    const harap = JSON.parse(JSON.stringify(hitungRingkasan(d, 2026, 3, s.jam.now())));
    expect(j.json).toEqual(harap);
    expect(j.json).not.toEqual(JSON.parse(JSON.stringify(hitungRingkasan(dataDemo(), 2026, 3, s.jam.now()))));
  });

  it.each([
    'tahun=2026&triwulan=5',
    'tahun=2026&triwulan=0',
    'tahun=2026',
    'triwulan=3',
    'tahun=abc&triwulan=3',
    'tahun=1999&triwulan=3',
    'tahun=2026.5&triwulan=3',
    '',
  ])('400 on %s', async (q) => {
    harapGalat(await minta(s.app, 'GET', `/api/v1/ringkasan?${q}`, { token }), 400, 'tidak_valid');
  });

  it('ringkasan needs a token', async () => {
    harapGalat(await minta(s.app, 'GET', '/api/v1/ringkasan?tahun=2026&triwulan=3'), 401);
  });

  it('health reports the storage kind, the schema version and the migration version (no token needed)', async () => {
    const j = await minta(s.app, 'GET', '/api/v1/health');
    expect(j.status).toBe(200);
    const h = healthSchema.strict().parse(j.json);
    expect(h.ok).toBe(true);
    expect(h.storage).toBe(jenis);
    expect(h.schemaVersion).toBe(SCHEMA_VERSION);
    const terbaru = Math.max(...daftarMigrasi().map((m) => m.versi));
    expect(h.migration).toBe(terbaru);
    const [row] = await s.db.query('SELECT max(version) AS v FROM schema_migrations');
    expect(Number(row!.v)).toBe(terbaru);
    expect(h.rev).toBe(await revServer(s.db));
    expect(j.headers.get('Cache-Control')).toBe('no-store');
    expect(j.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });
});

describe.each(JENIS)('ringkasan on a fresh installation (%s)', (jenis) => {
  let s: Server;
  afterAll(async () => {
    await s?.tutup();
  });

  it('lists every OPD, also those without a PK, with its state (issue 11 point 1; docs/domain/rakor.md §Keadaan)', async () => {
    s = await serverBaru(jenis);
    const admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    const k = new Klien(s.app, admin.token);
    const PEJABAT = { nama: 'Budi', nip: '', jabatan: 'Kepala', pangkat: '' };
    const ids = [crypto.randomUUID(), crypto.randomUUID(), crypto.randomUUID()];
    const pk = crypto.randomUUID();
    await k.pushOk(
      ...['Dinkes', 'Disdik', 'Kec. Utara'].map((n, i) =>
        put('opd', ids[i]!, { kode: `K.${i}`, nama: n, singkatan: n, jenis: i === 2 ? 'kecamatan' : 'dinas', kepala: PEJABAT, urutan: i }),
      ),
      put('pk', pk, { opdId: ids[0], tahun: 2026, versi: 1, tanggal: '2026-01-05', tanggalMulai: '2026-01-02', pihakPertama: PEJABAT, pihakKedua: PEJABAT }),
    );
    const j = await minta(s.app, 'GET', '/api/v1/ringkasan?tahun=2026&triwulan=3', { token: admin.token });
    expect(j.status).toBe(200);
    expect(j.json.opd.map((o: { singkatan: string; keadaan: string }) => [o.singkatan, o.keadaan])).toEqual([
      ['Dinkes', 'pk-draf'],
      ['Disdik', 'belum-ada-pk'],
      ['Kec. Utara', 'belum-ada-pk'],
    ]);
    expect(j.json.total).toMatchObject({ jumlahOpd: 3, jumlahPerKeadaan: { 'belum-ada-pk': 2, 'pk-draf': 1 } });
  });
});
