/**
 * PDFs embed a font covering Indonesian text, Latin Extended, Jawi and common symbols
 * (docs/offline.md §6, issue 10): ≥ ✓ ‰ and curly quotes come out of pdftotext as typed, never as
 * "?"; the font is subset (small files); a character no font can show (aksara Jawa, aksara Bali)
 * stops the export with an Indonesian message naming it, before any file is made.
 */
import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buatDokumen, HurufTidakTersedia, karakterTanpaGlyph, paragraf, teksTengah, autoTabel, HURUF } from '../../../src/reports/pdf-umum.ts';
import { pdfPk } from '../../../src/reports/pdf-pk.ts';
import * as f from './fixture.ts';

const SIMBOL = 'Capaian ≥ 100 % ✓ — target ≤ 5 ‰ · “kutip ganda” ‘kutip tunggal’ … € ± × ÷ → °C';
const LATIN = 'Đắk Lắk · Nguyễn · Şanlıurfa · Łódź · Ñuñoa · Ærø · ẞ · ğ ı ş';

function keBerkas(bytes: ArrayBuffer, nama: string): { path: string; teks: string; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pdf-huruf-'));
  const path = join(dir, nama);
  writeFileSync(path, Buffer.from(bytes));
  return { path, dir, teks: execFileSync('pdftotext', ['-layout', path, '-']).toString('utf8') };
}

describe('embedded PDF font', { timeout: 60_000 }, () => {
  it('prints symbols, curly quotes and Latin Extended as typed (pdftotext), in normal, bold and tables', async () => {
    const doc = await buatDokumen();
    let y = teksTengah(doc, SIMBOL, 20, 12, true);
    y = paragraf(doc, LATIN, y + 4);
    y = paragraf(doc, 'Jawi: جاوي', y + 4);
    (await autoTabel())(doc, {
      startY: y + 4,
      head: [['Indikator', 'Capaian']],
      body: [['Indeks kepuasan “sangat baik” ✓', '≥ 95 ‰']],
      styles: { font: HURUF },
    });
    const { path, teks, dir } = keBerkas(doc.output('arraybuffer'), 'simbol.pdf');
    const datar = teks.replace(/\s+/g, ' ');
    for (const s of [SIMBOL, LATIN, 'Indeks kepuasan “sangat baik” ✓', '≥ 95 ‰']) expect(datar).toContain(s.replace(/\s+/g, ' '));
    expect(datar).not.toContain('?');
    // Jawi is shaped into Arabic presentation forms by jsPDF: the letters are there, right to left.
    expect(datar).toMatch(/Jawi: .*[\ufe8d-\ufef4]/u);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', path, join(dir, 'hal')]);
    expect(readdirSync(dir).some((n) => n.endsWith('.png'))).toBe(true);
    // Subset: two ~700 KB TTFs embedded, yet the file stays small.
    expect(doc.output('arraybuffer').byteLength).toBeLessThan(120_000);
  }, 60_000);

  it('a PK document with symbols in an indicator prints them (pdfPk through the shared setup)', async () => {
    const p = f.pemda();
    const o = f.opd();
    const pk = f.pk(o);
    const s = f.sasaran(pk, 'Meningkatnya mutu layanan “prima” kesehatan');
    const i = f.indikator(s, 'Persentase puskesmas terakreditasi ≥ madya ✓', 90);
    const blob = await pdfPk({ pemda: p, opd: o, pk, sasaran: [s], indikator: [i], program: [] });
    const { teks } = keBerkas(await blob.arrayBuffer(), 'pk.pdf');
    const datar = teks.replace(/\s+/g, ' ');
    expect(datar).toContain('“prima”');
    // The indicator wraps inside its table cell: both parts are there.
    expect(datar).toContain('terakreditasi ≥');
    expect(datar).toContain('madya ✓');
  }, 60_000);

  it('refuses aksara Jawa and Bali before any file is made, naming each character in Indonesian', async () => {
    const doc = await buatDokumen();
    paragraf(doc, 'Nama kegiatan: ꦲꦏ꧀ꦱꦫ (aksara Jawa) dan ᬅᬓ᭄ᬱᬭ (aksara Bali)', 20);
    let galat: unknown = null;
    try {
      doc.output('blob');
    } catch (e) {
      galat = e;
    }
    expect(galat).toBeInstanceOf(HurufTidakTersedia);
    const pesan = (galat as Error).message;
    expect(pesan).toMatch(/^PDF tidak dibuat: ada karakter yang tidak dapat dicetak/);
    expect(pesan).toContain('"ꦲ" (U+A9B2, aksara Jawa');
    expect(pesan).toContain('"ᬅ" (U+1B05, aksara Bali');
    expect((galat as HurufTidakTersedia).karakter.map((k) => k.aksara)).toContain('aksara Jawa');
  }, 60_000);

  it('karakterTanpaGlyph lists each missing character once and ignores spaces and line breaks', () => {
    expect(karakterTanpaGlyph('a\nb ab\tc', { 97: 1, 98: 2 })).toEqual(['c']);
  });
});
