/**
 * The summary PDF an official can sign as it comes out (issue 11 point 4; docs/domain/rakor.md §PDF),
 * checked on the demo kabupaten's Triwulan III rakor with a logo: the last page holds the whole
 * signature block with place and date (pdftotext per page), no text overlaps the logo (pdftotext
 * -bbox word boxes against the logo rectangle), page 1 is not left half empty, agenda and notulen
 * are in it, and every still-open arahan of every earlier meeting is followed up.
 * Pages are also rendered (pdftoppm) to /tmp/pdf-rakor-ttd for a human look.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { buatDemo, DEMO_NOW } from '../../../src/demo/generate.ts';
import { hitungRingkasan } from '../../../src/domain/ringkasan.ts';
import { idAlami } from '../../../src/domain/schemas.ts';
import { tanggalHariIni } from '../../../src/domain/periode.ts';
import { pdfRakor, UKURAN_LOGO } from '../../../src/reports/pdf-rakor.ts';
import { MARGIN } from '../../../src/reports/pdf-umum.ts';
import { rakorSebelumnya } from '../../../src/reports/arahan.ts';
import { laporanRakor, type DataRakorMasuk } from '../../../src/reports/data-rakor.ts';

const DIR = '/tmp/pdf-rakor-ttd';
const MM = 72 / 25.4;

/** A solid 64×64 PNG (dark blue), built by hand: a logo without any image library. */
function pngPolos(): string {
  const crcTabel = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const x of b) c = crcTabel[(c ^ x) & 0xff]! ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const potong = (jenis: string, isi: Buffer) => {
    const p = Buffer.alloc(4);
    p.writeUInt32BE(isi.length);
    const ji = Buffer.concat([Buffer.from(jenis, 'ascii'), isi]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(ji));
    return Buffer.concat([p, ji, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(64, 0);
  ihdr.writeUInt32BE(64, 4);
  ihdr[8] = 8;
  ihdr[9] = 2; // RGB
  const baris = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: 64 }, () => [11, 61, 107]).flat())]);
  const data = deflateSync(Buffer.concat(Array.from({ length: 64 }, () => baris)));
  const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), potong('IHDR', ihdr), potong('IDAT', data), potong('IEND', Buffer.alloc(0))]);
  return `data:image/png;base64,${png.toString('base64')}`;
}

function masukan(): DataRakorMasuk {
  const d = buatDemo();
  const pemda = { ...d.pemda[0]!, logo: pngPolos() };
  const hariIni = tanggalHariIni(DEMO_NOW);
  const rakor = d.rakor.find((r) => r.id === idAlami.rakor(2026, 3))!;
  const data = { ...d, pemda };
  // The oldest meeting (TW IV 2025) left one arahan "tidak selesai": it must still be followed up now.
  const tertua = [...d.rakor].sort((a, b) => a.tahun * 10 + a.triwulan - (b.tahun * 10 + b.triwulan))[0]!;
  const lama = d.arahan.find((a) => a.rakorId === tertua.id)!;
  const arahan = d.arahan.map((a) => (a.id === lama.id ? { ...a, status: 'tidak-selesai' as const } : a));
  return {
    pemda,
    rakor: { ...rakor, notulen: 'Rapat dibuka pukul 09.00 oleh Sekretaris Daerah.\nPerangkat daerah dengan capaian rendah menyampaikan rencana percepatan.' },
    ringkasan: hitungRingkasan(data, 2026, 3, DEMO_NOW),
    opd: d.opd,
    arahan,
    semuaRakor: d.rakor,
    rakorSebelumnya: rakorSebelumnya(d.rakor, rakor),
    hariIni,
  };
}

const jalankan = (cmd: string, args: string[]) => execFileSync(cmd, args, { maxBuffer: 64 * 1024 * 1024 }).toString('utf8');

describe('Ringkasan Rakor PDF (demo TW III 2026, with logo)', async () => {
  const m = masukan();
  const lap = laporanRakor(m);
  const blob = await pdfRakor(m, null);
  mkdirSync(DIR, { recursive: true });
  const berkas = `${DIR}/ringkasan.pdf`;
  writeFileSync(berkas, Buffer.from(await blob.arrayBuffer()));
  const halaman = Number(/Pages:\s+(\d+)/.exec(jalankan('pdfinfo', [berkas]))![1]);
  const teksHalaman = (n: number) => jalankan('pdftotext', ['-layout', '-f', String(n), '-l', String(n), berkas, '-']);
  jalankan('pdftoppm', ['-png', '-r', '50', berkas, `${DIR}/hal`]);

  it('the last page holds the whole signature block: place and date, title, name and NIP', () => {
    const akhir = teksHalaman(halaman);
    expect(akhir).toContain(lap.tempatTanggal);
    expect(akhir).toContain('Pimpinan Rapat,');
    expect(akhir).toContain(m.rakor.pimpinan.nama);
    if (m.rakor.pimpinan.nip) expect(akhir).toContain(`NIP. ${m.rakor.pimpinan.nip}`);
    // ... and none of it strays onto the page before.
    expect(teksHalaman(halaman - 1)).not.toContain(lap.tempatTanggal);
  });

  it('no text overlaps the logo (word boxes from pdftotext -bbox)', () => {
    const html = jalankan('pdftotext', ['-bbox', '-f', '1', '-l', '1', berkas, '-']);
    const logo = { x0: MARGIN * MM, y0: (MARGIN - 6) * MM, x1: (MARGIN + UKURAN_LOGO) * MM, y1: (MARGIN - 6 + UKURAN_LOGO) * MM };
    const kata = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((w) => ({
      x0: Number(w[1]),
      y0: Number(w[2]),
      x1: Number(w[3]),
      y1: Number(w[4]),
      teks: w[5],
    }));
    expect(kata.length).toBeGreaterThan(50);
    const tumpang = kata.filter((w) => w.x0 < logo.x1 && w.x1 > logo.x0 && w.y0 < logo.y1 && w.y1 > logo.y0);
    expect(tumpang.map((w) => w.teks)).toEqual([]);
    // The title is there, beside the logo.
    expect(kata.some((w) => w.teks === 'RINGKASAN' && w.x0 >= logo.x1)).toBe(true);
  });

  it('page 1 is not left half empty; agenda, notulen, cara hitung and every OPD are in', () => {
    const html = jalankan('pdftotext', ['-bbox', '-f', '1', '-l', '1', berkas, '-']);
    const yMaks = Math.max(...[...html.matchAll(/yMax="([\d.]+)"/g)].map((x) => Number(x[1])));
    const tinggi = 297 * MM;
    // Text reaches the lower part of the page (footer excluded: it sits 10 mm from the bottom).
    const isi = [...html.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<\/word>/g)]
      .filter((w) => Number(w[2]) < tinggi - 12 * MM)
      .map((w) => Number(w[2]));
    expect(Math.max(...isi)).toBeGreaterThan(tinggi * 0.8);
    expect(yMaks).toBeGreaterThan(tinggi * 0.9);
    const semua = jalankan('pdftotext', ['-layout', berkas, '-']);
    expect(semua).toContain('Agenda rapat');
    expect(semua).toContain('Notulen');
    expect(semua).toContain('Rapat dibuka pukul 09.00');
    expect(semua).toContain('Cara hitung: Skor');
    for (const o of m.ringkasan.opd) expect(semua.replace(/\s+/g, ' ')).toContain(o.nama.split(' ').slice(0, 2).join(' '));
  });

  it('follows up the still-open arahan of EVERY earlier meeting with per-meeting counts', () => {
    const lalu = lap.tindakLanjutPerRakor;
    // The previous meeting (TW II 2026) and the oldest one (TW IV 2025, its "tidak selesai" arahan) at least.
    expect(lalu.length).toBeGreaterThanOrEqual(2);
    expect(lalu.at(-1)!.judul).toMatch(/^Rakor Triwulan IV 2025/);
    expect(lalu.at(-1)!.baris.map((b) => b.sel[4])).toContain('Tidak selesai (LEWAT BATAS)');
    for (const k of lalu) expect(k.ringkas).toMatch(/^\d+ arahan: \d+ selesai, \d+ terbuka, \d+ lewat batas waktu$/);
    const semua = jalankan('pdftotext', ['-layout', berkas, '-']).replace(/\s+/g, ' ');
    for (const k of lalu) expect(semua).toContain(k.judul.replace(/\s+/g, ' '));
  });
});
