/**
 * Freeing the tablet of evidence files the server already stores (docs/bukti-dukung.md
 * "Mengosongkan perangkat"; `lepasBerkasTerkirim` in src/db/bukti.ts): only `terkirim` files go,
 * never one waiting, going out or refused, nor a copy kept for offline use, nor a record; a dropped
 * file still opens from the server when online and says in Indonesian that it is on the server only
 * when offline; attaching a file to a full device frees the sent files first.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dbBaru, pohonPk } from '../db/bantu.ts';
import { lampirkanBukti, lepasBerkasTerkirim, ringkasanBerkasLokal, ringkasanBerkasTerkirim } from '../../../src/db/bukti.ts';
import { alamatBerkas, lampirkanBerkas, urlPratinjauLokal } from '../../../src/lib/berkas-bukti.ts';
import type { PantauDB, StatusBerkas } from '../../../src/db/database.ts';
import { idAlami } from '../../../src/domain/schemas.ts';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** Attaches `isi` as a PDF to TW1 realisasi of the first indikator, then gives its file `status`. */
async function lampir(db: PantauDB, isi: string, status: StatusBerkas) {
  const { opd, indikator } = await pohonPk(db);
  const ind = indikator[0]!;
  const recordId = idAlami.realisasi(ind.id, 'TW1');
  const b = await lampirkanBukti(
    db,
    {
      tabel: 'realisasi',
      recordId,
      opdId: opd.id,
      blob: new Blob([isi], { type: 'application/pdf' }),
      nama: `${isi.slice(0, 40)}.pdf`,
      mime: 'application/pdf',
      induk: [{ table: 'realisasi', id: recordId, fields: { indikatorId: ind.id, opdId: opd.id, tahun: 2026, periode: 'TW1' } }],
    },
    'op',
  );
  await db.berkasLokal.update(b.hash, { status, terkirimByte: status === 'terkirim' ? isi.length : 0 });
  return b;
}

describe('mengosongkan berkas terkirim', () => {
  it('frees only the files the server confirmed; waiting, uploading and refused files, offline copies and records stay', async () => {
    const db = dbBaru();
    const statuses: StatusBerkas[] = ['terkirim', 'lokal', 'mengunggah', 'ditolak', 'terkirim'];
    const bukti = [];
    for (const [i, st] of statuses.entries()) bukti.push(await lampir(db, `%PDF-1.4 berkas-${i}-${'x'.repeat(i * 100)}`, st));
    await db.berkasLuring.put({
      hash: sha('lain'),
      blob: new Blob(['lain']),
      nama: 'lain.pdf',
      mime: 'application/pdf',
      ukuran: 4,
      disimpanPada: '2026-11-01',
    });
    const terkirim = bukti.filter((_, i) => statuses[i] === 'terkirim');
    const byteTerkirim = terkirim.reduce((n, b) => n + b.ukuran, 0);
    expect(await ringkasanBerkasTerkirim(db)).toEqual({ byte: byteTerkirim, jumlah: 2 });
    const outbox = await db.outbox.count();
    const records = await db.buktiDukung.count();

    const h = await lepasBerkasTerkirim(db);
    expect(h).toEqual({ byte: byteTerkirim, jumlah: 2, hashes: expect.arrayContaining(terkirim.map((b) => b.hash)) as string[] });
    expect((await db.berkasLokal.toArray()).map((b) => b.status).sort()).toEqual(['ditolak', 'lokal', 'mengunggah']);
    expect(await ringkasanBerkasTerkirim(db)).toEqual({ byte: 0, jumlah: 0 });
    expect((await ringkasanBerkasLokal(db)).menunggu).toBe(2);
    expect(await db.berkasLuring.count()).toBe(1);
    expect(await db.buktiDukung.count()).toBe(records);
    expect(await db.outbox.count()).toBe(outbox);
    // Nothing left to free: a second press frees nothing.
    expect(await lepasBerkasTerkirim(db)).toEqual({ byte: 0, jumlah: 0, hashes: [] });
  });

  it('a dropped file opens from the server when online and says it is on the server only when offline', async () => {
    const db = dbBaru();
    const isi = '%PDF-1.4 laporan kegiatan';
    const b = await lampir(db, isi, 'terkirim');
    expect(await urlPratinjauLokal(db, b.hash)).not.toBeNull();
    await lepasBerkasTerkirim(db);
    expect(await urlPratinjauLokal(db, b.hash)).toBeNull();
    const putus = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await alamatBerkas(db, b, 'tok', putus)).toEqual({
      alasan: `${b.nama} belum dapat dibuka: berkas hanya tersimpan di server, tidak di perangkat ini, dan perangkat sedang luring`,
    });
    const diminta: string[] = [];
    const daring = (async (url: string) => {
      diminta.push(url);
      return new Response(isi, { status: 200 });
    }) as unknown as typeof fetch;
    const a = await alamatBerkas(db, b, 'tok', daring);
    expect(diminta).toEqual([`/api/v1/berkas/${b.hash}`]);
    expect('url' in a && (await (await fetch(a.url)).text())).toBe(isi);
  });

  it('attaching to a full device frees the files already on the server, then stores the new one; never a file not sent yet', async () => {
    const db = dbBaru();
    const lama = await lampir(db, '%PDF-1.4 sudah terkirim', 'terkirim');
    const tunggu = await lampir(db, '%PDF-1.4 belum terkirim', 'lokal');
    const { opd, indikator } = await pohonPk(db);
    const ind = indikator[0]!;
    const recordId = idAlami.realisasi(ind.id, 'TW2');
    const pemilik = {
      tabel: 'realisasi' as const,
      recordId,
      opdId: opd.id,
      induk: [{ table: 'realisasi' as const, id: recordId, fields: { indikatorId: ind.id, opdId: opd.id, tahun: 2026, periode: 'TW2' as const } }],
    };
    // The device is full for the first write of a file, not after the sent files are freed.
    const put = db.berkasLokal.put.bind(db.berkasLokal);
    let penuh = 1;
    db.berkasLokal.put = ((...a: Parameters<typeof put>) => {
      if (penuh-- > 0) throw new DOMException('penuh', 'QuotaExceededError');
      return put(...a);
    }) as typeof put;
    const alasan = await lampirkanBerkas(db, pemilik, [new File(['%PDF-1.4 baru'], 'baru.pdf')], 'op');
    expect(alasan).toBe(
      'Penyimpanan perangkat penuh: 1 berkas yang sudah terkirim (1 KB) dilepas dari perangkat ini untuk memberi ruang; berkas itu tetap ada di server',
    );
    expect(await db.berkasLokal.get(lama.hash)).toBeUndefined();
    expect((await db.berkasLokal.get(tunggu.hash))?.status).toBe('lokal');
    expect((await db.berkasLokal.get(sha('%PDF-1.4 baru')))?.status).toBe('lokal');
    expect((await db.buktiDukung.toArray()).map((b) => b.nama).sort()).toEqual(['%PDF-1.4 belum terkirim.pdf', '%PDF-1.4 sudah terkirim.pdf', 'baru.pdf']);

    // Full again with nothing sent to free: refused with the reason, nothing stored.
    penuh = 1;
    const lagi = await lampirkanBerkas(db, pemilik, [new File(['%PDF-1.4 lagi'], 'lagi.pdf')], 'op');
    expect(lagi).toMatch(/^lagi\.pdf: Penyimpanan perangkat penuh\. Data sebelumnya aman; kosongkan berkas bukti yang sudah terkirim/);
    expect(await db.berkasLokal.get(sha('%PDF-1.4 lagi'))).toBeUndefined();
    expect((await db.berkasLokal.get(tunggu.hash))?.status).toBe('lokal');
    expect((await db.buktiDukung.toArray()).some((b) => b.nama === 'lagi.pdf')).toBe(false);
  });
});
