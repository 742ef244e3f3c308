/** Helpers of the bukti dukung suites: small real files, a zip writer, tus requests (tus 1.0.0). */
import { createHash } from 'node:crypto';
import { crc32, deflateRawSync } from 'node:zlib';
import { buatPng } from '../bantu/png.ts';
import { minta, type App } from './bantu.ts';

export const TUS = { 'Tus-Resumable': '1.0.0' };

/** A real 1×1 PNG (the smallest image file-type recognises by its signature). */
export const pngKecil = (warna = 0): Buffer => buatPng(1, 1, Buffer.from([0, warna, 0, 0]));

/** A zip with these entries, deflated (a minimal writer: local headers, central directory, end record). */
export function zip(entri: [string, Buffer][]): Buffer {
  const lokal: Buffer[] = [];
  const pusat: Buffer[] = [];
  let offset = 0;
  for (const [nama, isi] of entri) {
    const n = Buffer.from(nama, 'utf8');
    const mampat = deflateRawSync(isi);
    const crc = crc32(isi);
    const h = Buffer.alloc(30);
    h.writeUInt32LE(0x04034b50, 0);
    h.writeUInt16LE(20, 4);
    h.writeUInt16LE(8, 8);
    h.writeUInt32LE(crc, 14);
    h.writeUInt32LE(mampat.length, 18);
    h.writeUInt32LE(isi.length, 22);
    h.writeUInt16LE(n.length, 26);
    lokal.push(h, n, mampat);
    const c = Buffer.alloc(46);
    c.writeUInt32LE(0x02014b50, 0);
    c.writeUInt16LE(20, 4);
    c.writeUInt16LE(20, 6);
    c.writeUInt16LE(8, 10);
    c.writeUInt32LE(crc, 16);
    c.writeUInt32LE(mampat.length, 20);
    c.writeUInt32LE(isi.length, 24);
    c.writeUInt16LE(n.length, 28);
    c.writeUInt32LE(offset, 42);
    pusat.push(c, n);
    offset += 30 + n.length + mampat.length;
  }
  const cd = Buffer.concat(pusat);
  const e = Buffer.alloc(22);
  e.writeUInt32LE(0x06054b50, 0);
  e.writeUInt16LE(entri.length, 8);
  e.writeUInt16LE(entri.length, 10);
  e.writeUInt32LE(cd.length, 12);
  e.writeUInt32LE(offset, 16);
  return Buffer.concat([...lokal, cd, e]);
}

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
export const metadata = (m: Record<string, string>) =>
  Object.entries(m)
    .map(([k, v]) => `${k} ${Buffer.from(v).toString('base64')}`)
    .join(',');

/** Sends a whole file in one tus upload (creation, then one PATCH); returns the PATCH answer. */
export async function unggahUtuh(app: App, token: string, isi: Buffer, meta: Record<string, string>) {
  const b = await minta(app, 'POST', '/api/v1/berkas/unggah', {
    token,
    headers: { ...TUS, 'Upload-Length': String(isi.length), 'Upload-Metadata': metadata({ hash: sha(isi), nama: 'foto.png', ...meta }) },
  });
  if (b.status !== 201) throw new Error(`unggah: ${b.status} ${b.teks}`);
  return minta(app, 'PATCH', b.headers.get('Location')!, {
    token,
    mentah: new Uint8Array(isi),
    headers: { ...TUS, 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' },
  });
}
