/**
 * Shared jsPDF helpers for the rakor summary and the PK document. This module is only reached
 * through dynamic imports (pdf-rakor.ts / pdf-pk.ts), so jsPDF never lands in the first load.
 *
 * Font (docs/offline.md §6): the built-in PDF fonts only speak WinAnsi and printed "?" for ≥, ✓, ‰,
 * curly quotes, Latin Extended names, Jawi… Every document now embeds DejaVu Sans Condensed (regular +
 * bold, package dejavu-fonts-ttf; condensed so the tables keep Helvetica's widths): Latin incl. Extended-A/B, Greek, Cyrillic, Arabic (Jawi, shaped by
 * jsPDF's Arabic module), arrows, math and dingbat symbols. jsPDF subsets it to the glyphs used, so
 * a summary stays well under 1 MB. The TTF files are build assets (precached by the service worker,
 * so PDFs work offline). A character the font cannot show — aksara Jawa / Bali, emoji… — is
 * collected while the document is written and the export is REFUSED with an Indonesian message
 * naming it (`HurufTidakTersedia`), instead of printing "?" or an empty box.
 */
import type { jsPDF } from 'jspdf';
import { muatLambat } from '../lib/muat-lambat.ts';
import urlHuruf from 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed.ttf?url';
import urlHurufTebal from 'dejavu-fonts-ttf/ttf/DejaVuSansCondensed-Bold.ttf?url';

const muatJspdf = muatLambat('PDF (jsPDF)', () => import('jspdf'));
const muatAutoTabel = muatLambat('tabel PDF', () => import('jspdf-autotable'));

export const MARGIN = 20; // mm
/** The embedded font family (DejaVu Sans), styles 'normal' and 'bold'. */
export const HURUF = 'DejaVuSans';

/** Reads a font file: fetched in the browser (from the service worker offline), from disk in Node (tests). */
async function bacaHuruf(url: string, berkas: string): Promise<string> {
  let byte: Uint8Array;
  if (typeof window === 'undefined' && typeof process !== 'undefined' && process.versions?.node) {
    const modul = 'node:module';
    const fsModul = 'node:fs/promises';
    const { createRequire } = (await import(/* @vite-ignore */ modul)) as typeof import('node:module');
    const { readFile } = (await import(/* @vite-ignore */ fsModul)) as typeof import('node:fs/promises');
    byte = await readFile(createRequire(import.meta.url).resolve(`dejavu-fonts-ttf/ttf/${berkas}`));
  } else {
    const r = await fetch(url);
    if (!r.ok) throw new Error(`${berkas}: HTTP ${r.status}`);
    byte = new Uint8Array(await r.arrayBuffer());
  }
  let biner = '';
  for (let i = 0; i < byte.length; i += 0x8000) biner += String.fromCharCode(...byte.subarray(i, i + 0x8000));
  return biner;
}

const muatHuruf = muatLambat('huruf PDF', async () => ({
  normal: await bacaHuruf(urlHuruf, 'DejaVuSansCondensed.ttf'),
  bold: await bacaHuruf(urlHurufTebal, 'DejaVuSansCondensed-Bold.ttf'),
}));

/** Indonesian name of the script of a character the font lacks (for the message). */
function namaAksara(cp: number): string {
  if (cp >= 0xa980 && cp <= 0xa9df) return 'aksara Jawa';
  if (cp >= 0x1b00 && cp <= 0x1b7f) return 'aksara Bali';
  if (cp >= 0x1b80 && cp <= 0x1bbf) return 'aksara Sunda';
  if (cp >= 0x1a00 && cp <= 0x1a1f) return 'aksara Bugis (Lontara)';
  if ((cp >= 0x1f300 && cp <= 0x1faff) || (cp >= 0x2600 && cp <= 0x27bf)) return 'emoji/simbol';
  if (cp >= 0x4e00 && cp <= 0x9fff) return 'huruf Tionghoa';
  return 'karakter';
}

/** Characters no embedded font can show, found while writing a PDF (docs/offline.md §6). */
export class HurufTidakTersedia extends Error {
  readonly karakter: { karakter: string; kode: string; aksara: string; contoh: string }[];
  constructor(karakter: HurufTidakTersedia['karakter']) {
    const daftar = karakter.map((k) => `"${k.karakter}" (${k.kode}, ${k.aksara}, dalam "${k.contoh}")`).join('; ');
    super(
      `PDF tidak dibuat: ada karakter yang tidak dapat dicetak oleh huruf PDF: ${daftar}. Ganti karakter tersebut di data (mis. tulis dengan huruf Latin), lalu unduh lagi.`,
    );
    this.name = 'HurufTidakTersedia';
    this.karakter = karakter;
  }
}

/**
 * Characters of `teks` the embedded font has no glyph for (pure check on a parsed font's cmap).
 * Spaces and line breaks never count.
 */
export function karakterTanpaGlyph(teks: string, codeMap: Record<number, number | undefined>): string[] {
  const out = new Set<string>();
  for (const ch of teks) {
    const cp = ch.codePointAt(0)!;
    if (cp < 0x20 || cp === 0x7f || /\s/u.test(ch)) continue;
    if (!codeMap[cp]) out.add(ch);
  }
  return [...out];
}

/** Narrow/thin spaces from Intl (id-ID numbers) printed as plain spaces; the text is otherwise kept. */
export function bersih(s: string): string {
  return s.replace(/[\u202f\u2009\u2007]/g, ' ');
}

/**
 * A new A4 document with the embedded font set. Every text written into it (own helpers, autotable)
 * is checked against the font; `output()` throws `HurufTidakTersedia` listing what cannot be shown.
 */
export async function buatDokumen(orientasi: 'p' | 'l' = 'p'): Promise<jsPDF> {
  const [{ jsPDF }, huruf] = await Promise.all([muatJspdf(), muatHuruf()]);
  const doc = new jsPDF({ orientation: orientasi, unit: 'mm', format: 'a4', compress: true });
  doc.addFileToVFS('DejaVuSans.ttf', huruf.normal);
  doc.addFileToVFS('DejaVuSans-Bold.ttf', huruf.bold);
  doc.addFont('DejaVuSans.ttf', HURUF, 'normal', undefined, 'Identity-H');
  doc.addFont('DejaVuSans-Bold.ttf', HURUF, 'bold', undefined, 'Identity-H');
  doc.setFont(HURUF, 'normal');
  const hilang = new Map<string, string>();
  const periksa = (teks: unknown) => {
    const cm = (doc.getFont() as unknown as { metadata?: { cmap?: { unicode?: { codeMap?: Record<number, number> } } } }).metadata?.cmap?.unicode?.codeMap;
    if (!cm) return;
    // jsPDF hands text over as a string, an array of lines, or nested [text, x, y] arrays.
    const jalan = (t: unknown): void => {
      if (Array.isArray(t)) return t.forEach(jalan);
      if (typeof t !== 'string') return;
      for (const ch of karakterTanpaGlyph(t, cm)) if (!hilang.has(ch)) hilang.set(ch, t.length > 60 ? `${t.slice(0, 57)}…` : t);
    };
    jalan(teks);
  };
  // Runs before jsPDF's own text processing (and its Arabic shaping) for every text() call.
  (doc.internal as unknown as { events: { subscribe(e: string, f: (p: { text: unknown }) => void, once?: boolean): void } }).events.subscribe(
    'preProcessText',
    (p) => periksa(p.text),
  );
  const keluaran = doc.output.bind(doc);
  doc.output = ((...arg: Parameters<jsPDF['output']>) => {
    if (hilang.size) {
      throw new HurufTidakTersedia(
        [...hilang].map(([karakter, contoh]) => {
          const cp = karakter.codePointAt(0)!;
          return { karakter, kode: `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`, aksara: namaAksara(cp), contoh };
        }),
      );
    }
    return keluaran(...arg);
  }) as jsPDF['output'];
  return doc;
}

export async function autoTabel(): Promise<typeof import('jspdf-autotable').autoTable> {
  return (await muatAutoTabel()).autoTable;
}

export const lebarHalaman = (doc: jsPDF) => doc.internal.pageSize.getWidth();
export const tinggiHalaman = (doc: jsPDF) => doc.internal.pageSize.getHeight();

/** Centred, wrapped text; returns the y below it. */
export function teksTengah(doc: jsPDF, teks: string, y: number, ukuran: number, tebal = false): number {
  doc.setFont(HURUF, tebal ? 'bold' : 'normal');
  doc.setFontSize(ukuran);
  const baris = doc.splitTextToSize(bersih(teks), lebarHalaman(doc) - 2 * MARGIN) as string[];
  const tinggi = ukuran * 0.3528 * 1.25;
  for (const b of baris) {
    doc.text(b, lebarHalaman(doc) / 2, y, { align: 'center' });
    y += tinggi;
  }
  return y;
}

/** Wrapped paragraph from x to the right margin; returns the y below it (adds a page when full). */
export function paragraf(doc: jsPDF, teks: string, y: number, opts: { ukuran?: number; x?: number; tebal?: boolean; rata?: 'left' | 'justify' } = {}): number {
  const ukuran = opts.ukuran ?? 11;
  const x = opts.x ?? MARGIN;
  doc.setFont(HURUF, opts.tebal ? 'bold' : 'normal');
  doc.setFontSize(ukuran);
  const lebar = lebarHalaman(doc) - MARGIN - x;
  const baris = doc.splitTextToSize(bersih(teks), lebar) as string[];
  const tinggi = ukuran * 0.3528 * 1.4;
  for (const b of baris) {
    if (y > tinggiHalaman(doc) - MARGIN - 5) {
      doc.addPage();
      y = MARGIN + 5;
      doc.setFont(HURUF, opts.tebal ? 'bold' : 'normal');
      doc.setFontSize(ukuran);
    }
    doc.text(b, x, y);
    y += tinggi;
  }
  return y;
}

/** Makes room for `perlu` mm, starting a new page if the current one is too full. */
export function pastikanRuang(doc: jsPDF, y: number, perlu: number): number {
  if (y + perlu > tinggiHalaman(doc) - MARGIN) {
    doc.addPage();
    return MARGIN + 5;
  }
  return y;
}

export interface KolomTtd {
  atas: string[];
  nama: string;
  bawah: string[];
}

/** Signature columns side by side: heading lines, space to sign, underlined bold name, NIP. */
export function blokTandaTangan(doc: jsPDF, y: number, kolom: KolomTtd[]): number {
  const tinggiBaris = 5.2;
  const maksAtas = Math.max(...kolom.map((k) => k.atas.length));
  y = pastikanRuang(doc, y, maksAtas * tinggiBaris + 40);
  const lebar = (lebarHalaman(doc) - 2 * MARGIN) / kolom.length;
  kolom.forEach((k, i) => {
    const cx = MARGIN + lebar * i + lebar / 2;
    doc.setFontSize(11);
    doc.setFont(HURUF, 'normal');
    let yy = y;
    for (const a of k.atas) {
      const baris = doc.splitTextToSize(bersih(a), lebar - 6) as string[];
      for (const b of baris) {
        doc.text(b, cx, yy, { align: 'center' });
        yy += tinggiBaris;
      }
    }
    yy = y + maksAtas * tinggiBaris + 22;
    doc.setFont(HURUF, 'bold');
    const nama = bersih(k.nama);
    doc.text(nama, cx, yy, { align: 'center' });
    const w = doc.getTextWidth(nama);
    doc.setLineWidth(0.3);
    doc.line(cx - w / 2, yy + 0.8, cx + w / 2, yy + 0.8);
    doc.setFont(HURUF, 'normal');
    for (const b of k.bawah.filter(Boolean)) {
      yy += tinggiBaris;
      doc.text(bersih(b), cx, yy, { align: 'center' });
    }
  });
  return y + maksAtas * tinggiBaris + 22 + 2 * tinggiBaris + 4;
}

/** "Halaman x dari y" on every page, plus a small footer text on the left. */
export function nomorHalaman(doc: jsPDF, kaki: string): void {
  const n = doc.getNumberOfPages();
  for (let i = 1; i <= n; i++) {
    doc.setPage(i);
    doc.setFont(HURUF, 'normal');
    doc.setFontSize(8);
    doc.setTextColor(90);
    const y = tinggiHalaman(doc) - 10;
    doc.text(bersih(kaki), MARGIN, y);
    doc.text(`Halaman ${i} dari ${n}`, lebarHalaman(doc) - MARGIN, y, { align: 'right' });
    doc.setTextColor(0);
  }
}

/** Logo (data: URL) if it is a PNG/JPEG jsPDF understands; a broken logo never breaks the PDF. */
export function gambarLogo(doc: jsPDF, dataUrl: string, x: number, y: number, ukuran: number): boolean {
  const m = /^data:image\/(png|jpe?g);base64,/i.exec(dataUrl);
  if (!m) return false;
  try {
    doc.addImage(dataUrl, m[1]!.toUpperCase().startsWith('J') ? 'JPEG' : 'PNG', x, y, ukuran, ukuran);
    return true;
  } catch {
    return false;
  }
}
