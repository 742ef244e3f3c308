/**
 * The Ringkasan Rakor Monev PDF: pemda header and logo, meeting facts, summary, the capaian chart,
 * the per-OPD table, problems and solutions, arahan, follow-up of the previous arahan, attendance,
 * signature block, "Halaman x dari y". Built in the browser, offline; load with
 * `await import('./pdf-rakor.ts')`. The chart comes in as a JPEG (grafik.ts renders it offscreen),
 * so this module also runs in node for tests.
 */
import type { jsPDF } from 'jspdf';
import { laporanRakor, type DataRakorMasuk } from './data-rakor.ts';
import {
  MARGIN, HURUF, autoTabel, bersih, blokTandaTangan, buatDokumen, gambarLogo, lebarHalaman, nomorHalaman,
  pastikanRuang, teksTengah, tinggiHalaman, paragraf,
} from './pdf-umum.ts';

export interface GambarGrafik {
  dataUrl: string;
  lebar: number;
  tinggi: number;
}

/**
 * jsPDF's name for the image's format. A JPEG goes into the PDF byte for byte; a PNG would be
 * decoded and recompressed in JavaScript (seconds for the 1600 px chart), so grafik.ts sends JPEG.
 */
export function formatGambar(dataUrl: string): 'JPEG' | 'PNG' {
  return /^data:image\/jpe?g[;,]/i.test(dataUrl) ? 'JPEG' : 'PNG';
}

const hex = (h: string): [number, number, number] => {
  const n = Number.parseInt(h.replace('#', ''), 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

const GAYA = {
  styles: { font: HURUF, fontSize: 8.5, cellPadding: 1.4, lineColor: 90, lineWidth: 0.15, textColor: 20, valign: 'top' as const },
  headStyles: { fillColor: [11, 61, 107] as [number, number, number], textColor: 255, fontStyle: 'bold' as const },
  theme: 'grid' as const,
  margin: { left: MARGIN, right: MARGIN, bottom: MARGIN + 4, top: MARGIN },
};

function judulBagian(doc: jsPDF, teks: string, y: number): number {
  y = pastikanRuang(doc, y, 22);
  doc.setFont(HURUF, 'bold');
  doc.setFontSize(11.5);
  doc.setTextColor(11, 61, 107);
  doc.text(bersih(teks), MARGIN, y);
  doc.setTextColor(0);
  return y + 3;
}

const akhirTabel = (doc: jsPDF) => (doc as unknown as { lastAutoTable?: { finalY: number } }).lastAutoTable?.finalY ?? MARGIN;

export async function pdfRakor(d: DataRakorMasuk, grafik: GambarGrafik | null): Promise<Blob> {
  const lap = laporanRakor(d);
  const doc = await buatDokumen('p');
  const autoTable = await autoTabel();
  const lebar = lebarHalaman(doc);
  const isi = lebar - 2 * MARGIN;

  // Header: logo left, pemda and title centred, a rule below.
  let y = MARGIN - 4;
  const adaLogo = d.pemda?.logo ? gambarLogo(doc, d.pemda.logo, MARGIN, y, 20) : false;
  y += adaLogo ? 5 : 4;
  for (const [i, j] of lap.judul.entries()) y = teksTengah(doc, j, y, i === 0 ? 12.5 : 11.5, true);
  y = Math.max(y, adaLogo ? MARGIN + 18 : y) + 1;
  doc.setLineWidth(0.6);
  doc.line(MARGIN, y, lebar - MARGIN, y);
  y += 6;

  autoTable(doc, {
    startY: y,
    body: lap.fakta.map(([k, v]) => [bersih(k), ':', bersih(v)]),
    theme: 'plain',
    styles: { font: HURUF, fontSize: 10, cellPadding: 0.8 },
    columnStyles: { 0: { cellWidth: 38, fontStyle: 'bold' }, 1: { cellWidth: 4 } },
    margin: GAYA.margin,
  });
  y = akhirTabel(doc) + 6;

  y = judulBagian(doc, 'A. Ikhtisar capaian', y);
  autoTable(doc, {
    ...GAYA,
    startY: y,
    body: lap.ikhtisar.map(([k, v]) => [bersih(k), bersih(v)]),
    styles: { ...GAYA.styles, fontSize: 9.5 },
    columnStyles: { 0: { cellWidth: 62, fontStyle: 'bold', fillColor: [240, 243, 247] } },
  });
  y = akhirTabel(doc) + 8;

  if (grafik) {
    const maksTinggi = tinggiHalaman(doc) - 2 * MARGIN - 20;
    let w = isi;
    let h = (grafik.tinggi / grafik.lebar) * w;
    if (h > maksTinggi) { h = maksTinggi; w = (grafik.lebar / grafik.tinggi) * h; }
    // Heading and chart stay together on one page.
    if (y + 12 + h > tinggiHalaman(doc) - MARGIN - 6) { doc.addPage(); y = MARGIN + 4; }
    y = judulBagian(doc, 'B. Grafik capaian kinerja per perangkat daerah', y) + 2;
    doc.addImage(grafik.dataUrl, formatGambar(grafik.dataUrl), MARGIN + (isi - w) / 2, y, w, h);
    y += h + 8;
  }

  y = judulBagian(doc, `${grafik ? 'C' : 'B'}. Capaian per perangkat daerah`, y);
  autoTable(doc, {
    ...GAYA,
    startY: y,
    head: [['No', 'Perangkat Daerah', 'Capaian', 'Predikat', 'Serapan', 'Fisik', 'TDI']],
    body: lap.barisOpd.map((b) => b.sel.map(bersih)),
    columnStyles: {
      0: { cellWidth: 9, halign: 'center' },
      2: { cellWidth: 20, halign: 'right' },
      3: { cellWidth: 27 },
      4: { cellWidth: 20, halign: 'right' },
      5: { cellWidth: 18, halign: 'right' },
      6: { cellWidth: 11, halign: 'center' },
    },
    didParseCell: (h) => {
      if (h.section !== 'body' || h.column.index !== 3) return;
      const b = lap.barisOpd[h.row.index];
      if (!b) return;
      h.cell.styles.fillColor = hex(b.warna);
      h.cell.styles.textColor = hex(b.warnaTeks);
      h.cell.styles.fontStyle = 'bold';
    },
  });
  y = akhirTabel(doc) + 8;

  let huruf = grafik ? 'D' : 'C';
  const berikut = () => { const h = huruf; huruf = String.fromCharCode(huruf.charCodeAt(0) + 1); return h; };

  y = judulBagian(doc, `${berikut()}. Permasalahan dan solusi`, y);
  if (lap.masalah.length === 0) {
    y = paragraf(doc, 'Tidak ada permasalahan yang dilaporkan.', y + 3, { ukuran: 9.5 }) + 4;
  } else {
    const body: unknown[][] = [];
    for (const m of lap.masalah) {
      body.push([{ content: bersih(`${m.opd} — capaian ${m.capaian}`), colSpan: 3, styles: { fontStyle: 'bold', fillColor: [231, 238, 246] } }]);
      for (const b of m.butir) body.push([bersih(b.indikator), bersih(b.masalah), bersih(b.solusi)]);
      if (m.tdi.length) body.push([{ content: bersih(`TDI: ${m.tdi.join('; ')}`), colSpan: 3, styles: { textColor: [163, 35, 26] } }]);
    }
    autoTable(doc, {
      ...GAYA,
      startY: y,
      head: [['Indikator', 'Permasalahan', 'Solusi / rencana tindak lanjut']],
      body: body as never,
      columnStyles: { 0: { cellWidth: 52 } },
    });
    y = akhirTabel(doc) + 8;
  }

  y = judulBagian(doc, `${berikut()}. Arahan pimpinan rapat`, y);
  if (lap.arahan.length === 0) {
    y = paragraf(doc, 'Belum ada arahan yang dicatat.', y + 3, { ukuran: 9.5 }) + 4;
  } else {
    autoTable(doc, {
      ...GAYA,
      startY: y,
      head: [['No', 'Arahan', 'Penanggung jawab', 'Batas waktu', 'Status']],
      body: lap.arahan.map((r) => r.map(bersih)),
      columnStyles: { 0: { cellWidth: 9, halign: 'center' }, 2: { cellWidth: 36 }, 3: { cellWidth: 28 }, 4: { cellWidth: 22 } },
    });
    y = akhirTabel(doc) + 8;
  }

  y = judulBagian(doc, `${berikut()}. ${lap.judulTindakLanjut}`, y);
  if (lap.tindakLanjut.length === 0) {
    y = paragraf(doc, 'Tidak ada arahan dari rakor sebelumnya.', y + 3, { ukuran: 9.5 }) + 4;
  } else {
    autoTable(doc, {
      ...GAYA,
      startY: y,
      head: [['No', 'Arahan', 'Penanggung jawab', 'Batas waktu', 'Status', 'Tindak lanjut']],
      body: lap.tindakLanjut.map((r) => r.sel.map(bersih)),
      columnStyles: { 0: { cellWidth: 9, halign: 'center' }, 2: { cellWidth: 26 }, 3: { cellWidth: 25 }, 4: { cellWidth: 30 } },
      didParseCell: (h) => {
        if (h.section !== 'body' || !lap.tindakLanjut[h.row.index]?.lewat) return;
        h.cell.styles.fillColor = [251, 233, 231];
        if (h.column.index === 4) { h.cell.styles.textColor = [163, 35, 26]; h.cell.styles.fontStyle = 'bold'; }
      },
    });
    y = akhirTabel(doc) + 8;
  }

  y = judulBagian(doc, `${berikut()}. Daftar hadir${lap.kehadiran.length ? ` (${lap.ringkasHadir})` : ''}`, y);
  if (lap.kehadiran.length === 0) {
    y = paragraf(doc, 'Daftar hadir belum dicatat.', y + 3, { ukuran: 9.5 }) + 4;
  } else {
    autoTable(doc, {
      ...GAYA,
      startY: y,
      head: [['No', 'Perangkat Daerah', 'Kehadiran', 'Nama wakil']],
      body: lap.kehadiran.map((r) => r.map(bersih)),
      columnStyles: { 0: { cellWidth: 9, halign: 'center' }, 2: { cellWidth: 25 }, 3: { cellWidth: 50 } },
      didParseCell: (h) => {
        if (h.section === 'body' && h.column.index === 2 && lap.kehadiran[h.row.index]?.[2] !== 'Hadir') h.cell.styles.textColor = [163, 35, 26];
      },
    });
    y = akhirTabel(doc) + 10;
  }

  y = pastikanRuang(doc, y, 55);
  doc.setFont(HURUF, 'normal');
  doc.setFontSize(11);
  const xKanan = MARGIN + isi * 0.75;
  doc.text(bersih(lap.tempatTanggal), xKanan, y, { align: 'center' });
  y += 6;
  // The signature sits in the right half: an empty left column keeps it there.
  blokTandaTangan(doc, y, [
    { atas: [''], nama: '', bawah: [] },
    { atas: lap.tandaTangan.atas, nama: lap.tandaTangan.nama, bawah: [lap.tandaTangan.nip ? `NIP. ${lap.tandaTangan.nip}` : ''] },
  ]);

  nomorHalaman(doc, lap.kaki);
  return doc.output('blob');
}

export function namaBerkasRakor(d: Pick<DataRakorMasuk, 'rakor'>): string {
  return `Ringkasan-Rakor-Monev-TW${d.rakor.triwulan}-${d.rakor.tahun}.pdf`;
}
