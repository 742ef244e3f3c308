/**
 * Shared jsPDF helpers for the rakor summary and the PK document. This module is only reached
 * through dynamic imports (pdf-rakor.ts / pdf-pk.ts), so jsPDF never lands in the first load.
 */
import type { jsPDF } from 'jspdf';

export const MARGIN = 20; // mm
export const HURUF = 'helvetica';

/**
 * The built-in PDF fonts speak WinAnsi: characters outside it (narrow no-break space from Intl,
 * "≤", "≥") would print as garbage, so they are mapped to close equivalents.
 */
export function bersih(s: string): string {
  return s
    .replace(/[\u202f\u2009\u2007]/g, ' ')
    .replace(/≤/g, '<=')
    .replace(/≥/g, '>=')
    .replace(/−/g, '-')
    .replace(/[\u2018\u2019]/g, "'")
    // eslint-disable-next-line no-control-regex -- tab, LF and CR are the control characters jsPDF's fonts can print
    .replace(/[^\x09\x0a\x0d\x20-\x7e\xa0-\xff\u2013\u2014\u2022\u201c\u201d\u2026\u20ac]/g, '?');
}

export async function buatDokumen(orientasi: 'p' | 'l' = 'p'): Promise<jsPDF> {
  const { jsPDF } = await import('jspdf');
  const doc = new jsPDF({ orientation: orientasi, unit: 'mm', format: 'a4', compress: true });
  doc.setFont(HURUF, 'normal');
  return doc;
}

export async function autoTabel(): Promise<typeof import('jspdf-autotable').autoTable> {
  return (await import('jspdf-autotable')).autoTable;
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
      for (const b of baris) { doc.text(b, cx, yy, { align: 'center' }); yy += tinggiBaris; }
    }
    yy = y + maksAtas * tinggiBaris + 22;
    doc.setFont(HURUF, 'bold');
    const nama = bersih(k.nama);
    doc.text(nama, cx, yy, { align: 'center' });
    const w = doc.getTextWidth(nama);
    doc.setLineWidth(0.3);
    doc.line(cx - w / 2, yy + 0.8, cx + w / 2, yy + 0.8);
    doc.setFont(HURUF, 'normal');
    for (const b of k.bawah.filter(Boolean)) { yy += tinggiBaris; doc.text(bersih(b), cx, yy, { align: 'center' }); }
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
