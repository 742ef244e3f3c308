/**
 * "Full files on demand, cached for offline use when the person marks them" (issue 15 point 4;
 * docs/bukti-dukung.md "Simpan untuk luring"): marking fetches the full file once, checks it
 * against the record's hash and keeps it; unmarking frees it; the small pictures come from the
 * device.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dbBaru } from '../db/bantu.ts';
import { alamatBerkas, lepasLuring, simpanUntukLuring, ukuranLuring, urlBerkas, urlPratinjau, urlPratinjauLokal } from '../../../src/lib/berkas-bukti.ts';

const isi = 'isi-foto-penuh-'.repeat(50);
const hash = createHash('sha256').update(isi).digest('hex');
const bukti = { hash, nama: 'kegiatan.jpg', mime: 'image/jpeg' as const };

/** A fake server: the file's bytes (or what is set) behind the token; counts requests. */
function server(jawab: () => Response | Promise<Response> = () => new Response(isi, { status: 200 })) {
  const diminta: string[] = [];
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    diminta.push(String(input));
    expect(new Headers(init?.headers).get('Authorization')).toBe('Bearer tok');
    return jawab();
  }) as typeof fetch;
  return { f, diminta };
}

describe('simpan untuk luring', () => {
  it('marking keeps the full file (checked against its hash) so it opens offline; unmarking frees it', async () => {
    const db = dbBaru();
    const s = server();
    expect(await simpanUntukLuring(db, bukti, 'tok', s.f)).toBeNull();
    expect(s.diminta).toEqual([`/api/v1/berkas/${hash}`]);
    expect(await (await db.berkasLuring.get(hash))!.blob.text()).toBe(isi);
    expect(await ukuranLuring(db)).toBe(isi.length);
    // Offline now (no token, no network): the file still opens, from the device.
    const u = await urlBerkas(db, hash, null);
    expect(u).not.toBeNull();
    expect(await (await fetch(u!)).text()).toBe(isi);
    URL.revokeObjectURL(u!);
    // Marked again: nothing fetched twice.
    expect(await simpanUntukLuring(db, bukti, 'tok', s.f)).toBeNull();
    expect(s.diminta).toHaveLength(1);
    await lepasLuring(db, hash);
    expect(await db.berkasLuring.count()).toBe(0);
    expect(await ukuranLuring(db)).toBe(0);
    expect(await urlBerkas(db, hash, null)).toBeNull();
  });

  it('says in Indonesian why a file could not be kept, and keeps nothing', async () => {
    const db = dbBaru();
    expect(await simpanUntukLuring(db, bukti, 'tok', server(() => Promise.reject(new TypeError('Failed to fetch'))).f)).toBe(
      'kegiatan.jpg belum dapat disimpan: perangkat sedang luring',
    );
    expect(await simpanUntukLuring(db, bukti, 'tok', server(() => new Response('rusak', { status: 200 })).f)).toBe(
      'kegiatan.jpg rusak saat diunduh; coba lagi',
    );
    expect(await simpanUntukLuring(db, bukti, 'tok', server(() => new Response(null, { status: 404 })).f)).toMatch(/belum ada di server/);
    expect(await simpanUntukLuring(db, bukti, 'tok', server(() => new Response(null, { status: 403 })).f)).toMatch(/tidak berhak/);
    expect(await simpanUntukLuring(db, bukti, null, server().f)).toMatch(/masuk dulu/);
    expect(await db.berkasLuring.count()).toBe(0);
  });

  it('small pictures: the pulled thumbnail, else a full copy on the device; fetched once from the server and kept', async () => {
    const db = dbBaru();
    expect(await urlPratinjauLokal(db, hash)).toBeNull();
    const s = server(() => new Response(new Blob(['webp'], { type: 'image/webp' }), { status: 200 }));
    const u = await urlPratinjau(db, hash, 'tok', s.f);
    expect(s.diminta).toEqual([`/api/v1/berkas/${hash}/thumb`]);
    expect(await (await fetch(u!)).text()).toBe('webp');
    // Offline afterwards: from the device.
    expect(await urlPratinjau(db, hash, null, s.f)).not.toBeNull();
    expect(s.diminta).toHaveLength(1);
    // A "none" marker is no picture; a full copy kept for offline use is.
    await db.pratinjauLokal.put({ hash, blob: null, diambilPada: '' });
    expect(await urlPratinjauLokal(db, hash)).toBeNull();
    await simpanUntukLuring(db, bukti, 'tok', server().f);
    expect(await urlPratinjauLokal(db, hash)).not.toBeNull();
  });

  it('opening a file the device does not hold says why it cannot, in Indonesian: offline, refused, not on the server yet', async () => {
    const db = dbBaru();
    const jawab = (status: number) => server(() => new Response('{}', { status })).f;
    expect(await alamatBerkas(db, bukti, 'tok', jawab(403))).toEqual({ alasan: 'kegiatan.jpg: tidak berhak membaca berkas ini' });
    expect(await alamatBerkas(db, bukti, 'tok', jawab(404))).toEqual({
      alasan: 'kegiatan.jpg belum ada di server (belum dikirim oleh perangkat pengirimnya)',
    });
    const putus = (async () => {
      throw new TypeError('Failed to fetch');
    }) as unknown as typeof fetch;
    expect(await alamatBerkas(db, bukti, 'tok', putus)).toEqual({
      alasan: 'kegiatan.jpg belum dapat dibuka: berkas hanya tersimpan di server, tidak di perangkat ini, dan perangkat sedang luring',
    });
    const ok = await alamatBerkas(db, bukti, 'tok', server().f);
    expect('url' in ok && (await (await fetch(ok.url)).text())).toBe(isi);
  });
});
