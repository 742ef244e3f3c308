/**
 * The read right of a file follows the record it is attached to (docs/bukti-dukung.md "Hak baca";
 * `bolehBacaBerkas` in src/shared/izin.ts, `lampiranBerkas` in src/server/berkas.ts): Bappeda
 * (admin) attaching a file another OPD sent to an OPD's record lets that OPD read it, file and
 * thumbnail, though no upload for that OPD ever delivered the bytes (the admin's tablet sends none:
 * its HEAD check answers 200). Nobody else gains anything: a third OPD, an operator naming the hash
 * on its own record, an operator changing the hash of the admin's record, a record of another OPD
 * named by an admin record that claims the OPD, and a removed attachment.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buatDemo } from '../../src/demo/generate.ts';
import { usernameOperator } from '../../src/server/setup.ts';
import { hapus, JENIS, Klien, masuk, minta, PASSWORD_ADMIN, put, putBaru, serverBaru, type Server } from './bantu.ts';
import { pngKecil, sha, unggahUtuh } from './berkas-bantu.ts';

const MAKS = 1024 * 1024;

describe.each(JENIS)('read right follows the record a file is attached to (%s)', (jenis) => {
  const demo = buatDemo();
  const [opdX, opdY, opdZ] = ['Dinkes', 'Disdik', 'Dinsos'].map((s) => demo.opd.find((o) => o.singkatan === s) ?? null);
  // Of the latest year: the demo locks the year before (its records cannot be deleted).
  const tahunIni = Math.max(...demo.realisasi.map((r) => r.tahun));
  const realisasiDari = (opdId: string, n = 0) => demo.realisasi.filter((r) => r.opdId === opdId && r.tahun === tahunIni)[n]!;
  let s: Server;
  let dir: string;
  const token = {} as Record<'admin' | 'opX' | 'opY' | 'opZ', string>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pantau-lampiran-'));
    s = await serverBaru(jenis, { demo: true, app: { berkas: { dir, maksByte: MAKS, kuotaOpdByte: 8 * MAKS } } });
    token.admin = (await masuk(s.app, 'admin', PASSWORD_ADMIN)).token;
    token.opX = (await masuk(s.app, usernameOperator(opdX!))).token;
    token.opY = (await masuk(s.app, usernameOperator(opdY!))).token;
    token.opZ = (await masuk(s.app, usernameOperator(opdZ!))).token;
  }, 60_000);
  afterAll(async () => {
    await s?.tutup();
    rmSync(dir, { recursive: true, force: true });
  });

  const baca = async (t: string, hash: string) => (await minta(s.app, 'GET', `/api/v1/berkas/${hash}`, { token: t })).status;
  const bacaThumb = async (t: string, hash: string) => (await minta(s.app, 'GET', `/api/v1/berkas/${hash}/thumb`, { token: t })).status;
  /** A file OPD Y sent for its own realisasi: Y holds it, nobody else does. */
  async function berkasY(warna: number): Promise<Buffer> {
    const isi = pngKecil(warna);
    const r = realisasiDari(opdY!.id);
    expect((await unggahUtuh(s.app, token.opY, isi, { tabel: 'realisasi', recordId: r.id, opdId: opdY!.id })).status).toBe(204);
    expect(await baca(token.opX, sha(isi))).toBe(403);
    return isi;
  }
  const bukti = (isi: Buffer, recordId: string, opdId: string, nama = 'lampiran-bappeda.png') => ({
    tabel: 'realisasi',
    recordId,
    opdId,
    hash: sha(isi),
    nama,
    mime: 'image/png',
    ukuran: isi.length,
  });

  it('the demo has the three OPDs with realisasi', () => {
    for (const o of [opdX, opdY, opdZ]) expect(o && demo.realisasi.filter((r) => r.opdId === o.id && r.tahun === tahunIni).length).toBeGreaterThan(4);
  });

  it("admin attaching another OPD's file to an OPD's realisasi lets that OPD read it (file and thumbnail); a third OPD still gets 403", async () => {
    const isi = await berkasY(40);
    // The admin's tablet checks with HEAD first: 200, so no bytes are sent for OPD X.
    expect((await minta(s.app, 'HEAD', `/api/v1/berkas/${sha(isi)}`, { token: token.admin })).status).toBe(200);
    const admin = new Klien(s.app, token.admin);
    const [h] = await admin.pushOk(putBaru('buktiDukung', bukti(isi, realisasiDari(opdX!.id).id, opdX!.id)));
    expect(h?.status, JSON.stringify(h)).toBe('applied');
    expect(await baca(token.opX, sha(isi))).toBe(200);
    expect(await bacaThumb(token.opX, sha(isi))).toBe(200);
    // X's tablet holding the same content now finds it on the server (HEAD 200) and sends nothing.
    expect((await minta(s.app, 'HEAD', `/api/v1/berkas/${sha(isi)}`, { token: token.opX })).status).toBe(200);
    expect(await baca(token.opY, sha(isi))).toBe(200);
    expect(await baca(token.opZ, sha(isi))).toBe(403);
    expect(await bacaThumb(token.opZ, sha(isi))).toBe(403);
  });

  it("the OPD is the attached record's, not the one the evidence record claims", async () => {
    const isi = await berkasY(41);
    const admin = new Klien(s.app, token.admin);
    // An admin record claiming OPD X but attached to Z's realisasi opens the file to Z, never to X.
    const [h] = await admin.pushOk(putBaru('buktiDukung', bukti(isi, realisasiDari(opdZ!.id).id, opdX!.id)));
    expect(h?.status, JSON.stringify(h)).toBe('applied');
    expect(await baca(token.opX, sha(isi))).toBe(403);
    expect(await baca(token.opZ, sha(isi))).toBe(200);
  });

  it('an operator gains nothing by naming the hash, nor by changing the hash of the admin’s record; renaming keeps the right', async () => {
    const [dilampirkan, lain] = [await berkasY(42), await berkasY(43)];
    const op = new Klien(s.app, token.opX);
    const [sendiri] = await op.pushOk(putBaru('buktiDukung', bukti(lain, realisasiDari(opdX!.id, 1).id, opdX!.id, 'nama-hash.png')));
    expect(sendiri?.status, JSON.stringify(sendiri)).toBe('applied');
    expect(await baca(token.opX, sha(lain))).toBe(403);

    const admin = new Klien(s.app, token.admin);
    const m = putBaru('buktiDukung', bukti(dilampirkan, realisasiDari(opdX!.id, 2).id, opdX!.id));
    const [a] = await admin.pushOk(m);
    expect(a?.status).toBe('applied');
    expect(await baca(token.opX, sha(dilampirkan))).toBe(200);
    // X renames the evidence: the hash's writer is still the admin.
    const [ganti] = await op.pushOk(put('buktiDukung', m.key, { nama: 'foto kegiatan.png' }, (a as { rev: number }).rev));
    expect(ganti?.status, JSON.stringify(ganti)).toBe('applied');
    expect(await baca(token.opX, sha(dilampirkan))).toBe(200);
    // X points the admin's record at another file: its writer is now X, who never held it.
    const [tukar] = await op.pushOk(put('buktiDukung', m.key, { hash: sha(lain), ukuran: lain.length }, (ganti as { rev: number }).rev));
    expect(tukar?.status, JSON.stringify(tukar)).toBe('applied');
    expect(await baca(token.opX, sha(lain))).toBe(403);
    expect(await bacaThumb(token.opX, sha(lain))).toBe(403);
    // ...and the file the admin attached is no longer attached by that record.
    expect(await baca(token.opX, sha(dilampirkan))).toBe(403);
  });

  it('removing the attachment (or the record it is attached to) takes the right away', async () => {
    const isi = await berkasY(44);
    const admin = new Klien(s.app, token.admin);
    const m = putBaru('buktiDukung', bukti(isi, realisasiDari(opdX!.id, 3).id, opdX!.id));
    const [a] = await admin.pushOk(m);
    expect(await baca(token.opX, sha(isi))).toBe(200);
    const [d] = await admin.pushOk(hapus('buktiDukung', m.key, (a as { rev: number }).rev));
    expect(d?.status, JSON.stringify(d)).toBe('applied');
    expect(await baca(token.opX, sha(isi))).toBe(403);

    const r = realisasiDari(opdX!.id, 4);
    await admin.pushOk(putBaru('buktiDukung', bukti(isi, r.id, opdX!.id)));
    expect(await baca(token.opX, sha(isi))).toBe(200);
    const [dr] = await admin.pushOk(hapus('realisasi', r.id, r.rev ?? 0));
    expect(['applied', 'merged'], JSON.stringify(dr)).toContain(dr?.status);
    expect(await baca(token.opX, sha(isi))).toBe(403);
  });

  it('an operator whose OPD sent the bytes reads the file as before, whatever the attachments', async () => {
    const isi = await berkasY(45);
    expect(await baca(token.opY, sha(isi))).toBe(200);
    expect(await baca(token.admin, sha(isi))).toBe(200);
  });
});
