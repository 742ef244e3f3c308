/**
 * Real PNG files for the tests (the PNG format, ISO/IEC 15948: signature, IHDR, one zlib IDAT,
 * IEND), shared by the server and end-to-end suites of bukti dukung (docs/bukti-dukung.md).
 */
import { crc32, deflateSync } from 'node:zlib';

export interface OpsiPng {
  /** Bits per sample: 1 or 8 (default 8). */
  kedalaman?: 1 | 8;
  /** Colour type: 0 grey, 2 RGB (default 2). */
  jenisWarna?: 0 | 2;
  /** zlib level of the IDAT (default zlib's). */
  level?: number;
}

function potongan(jenis: string, isi: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(isi.length);
  const tj = Buffer.concat([Buffer.from(jenis, 'ascii'), isi]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(tj));
  return Buffer.concat([len, tj, crc]);
}

/**
 * A PNG of `lebar`×`tinggi` pixels whose filtered scanlines are `baris` (each line: filter byte 0,
 * then the samples of `opsi.kedalaman` bits and `opsi.jenisWarna`): the caller decides the pixels.
 */
export function buatPng(lebar: number, tinggi: number, baris: Buffer, opsi: OpsiPng = {}): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(lebar, 0);
  ihdr.writeUInt32BE(tinggi, 4);
  ihdr[8] = opsi.kedalaman ?? 8;
  ihdr[9] = opsi.jenisWarna ?? 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    potongan('IHDR', ihdr),
    potongan('IDAT', deflateSync(baris, opsi.level === undefined ? {} : { level: opsi.level })),
    potongan('IEND', Buffer.alloc(0)),
  ]);
}
