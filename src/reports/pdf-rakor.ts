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
  MARGIN,
  HURUF,
  autoTabel,
  bersih,
  blokTandaTangan,
  buatDokumen,
  gambarLogo,
  lebarHalaman,
  nomorHalaman,
  pastikanRuang,
  tinggiHalaman,
  paragraf,
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

/** Header logo size (mm). The title is centred in the space RIGHT of the logo, so they never overlap. */
export const UKURAN_LOGO = 22;

/**
 * Centred wrapped lines between x0 and x1; returns the y below them. Used for the title beside
 * the logo (never under it: issue 11 point 4).
 */
function teksTengahDi(doc: jsPDF, teks: string, y: number, x0: number, x1: number, ukuran: number, tebal: boolean): number {
  doc.setFont(HURUF, tebal ? 'bold' : 'normal');
  doc.setFontSize(ukuran);
  const baris = doc.splitTextToSize(bersih(teks), x1 - x0) as string[];
  const tinggi = ukuran * 0.3528 * 1.25;
  for (const b of baris) {
    doc.text(b, (x0 + x1) / 2, y, { align: 'center' });
    y += tinggi;
  }
  return y;
}

/**
 * The summary PDF, laid out to be signed as it comes out (issue 11 point 4; docs/domain/rakor.md
 * §PDF): logo beside the title; facts, summary and the per-OPD table fill page 1 (the chart
 * follows the table, so page 1 is never left half empty); rows never split across pages
 * (`rowPageBreak: 'avoid'`); agenda and notulen; follow-up of every still-open arahan of every
 * earlier meeting with per-meeting counts; place, date, title, name and NIP kept together.
 */
export async function pdfRakor(d: DataRakorMasuk, grafik: GambarGrafik | null): Promise<Blob> {
  const lap = laporanRakor(d);
  const doc = await buatDokumen('p');
  const autoTable = await autoTabel();
  const lebar = lebarHalaman(doc);
  const isi = lebar - 2 * MARGIN;
  const GAYA_BARIS = { ...GAYA, rowPageBreak: 'avoid' as const };

  // Header: logo left, the title centred in the space to its right, a rule below both.
  const yAtas = MARGIN - 6;
  const adaLogo = d.pemda?.logo ? gambarLogo(doc, d.pemda.logo, MARGIN, yAtas, UKURAN_LOGO) : false;
  const x0 = adaLogo ? MARGIN + UKURAN_LOGO + 4 : MARGIN;
  const x1 = adaLogo ? lebar - MARGIN - (UKURAN_LOGO + 4) / 2 : lebar - MARGIN;
  let y = yAtas + 5;
  for (const [i, j] of lap.judul.entries()) y = teksTengahDi(doc, j, y, x0, x1, i === 0 ? 12.5 : 11.5, true);
  y = Math.max(y - 2, adaLogo ? yAtas + UKURAN_LOGO + 1 : y) + 1;
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

  let huruf = 'A';
  const berikut = () => {
    const h = huruf;
    huruf = String.fromCharCode(huruf.charCodeAt(0) + 1);
    return h;
  };

  if (lap.agenda.length > 0) {
    y = judulBagian(doc, `${berikut()}. Agenda rapat`, y);
    autoTable(doc, {
      ...GAYA_BARIS,
      startY: y,
      body: lap.agenda.map((a, i) => [String(i + 1), bersih(a)]),
      theme: 'plain',
      styles: { ...GAYA.styles, fontSize: 9.5, lineWidth: 0 },
      columnStyles: { 0: { cellWidth: 9, halign: 'right' } },
    });
    y = akhirTabel(doc) + 6;
  }

  y = judulBagian(doc, `${berikut()}. Ikhtisar capaian`, y);
  autoTable(doc, {
    ...GAYA_BARIS,
    startY: y,
    body: lap.ikhtisar.map(([k, v]) => [bersih(k), bersih(v)]),
    styles: { ...GAYA.styles, fontSize: 9.5 },
    columnStyles: { 0: { cellWidth: 62, fontStyle: 'bold', fillColor: [240, 243, 247] } },
  });
  y = akhirTabel(doc) + 8;

  y = judulBagian(doc, `${berikut()}. Capaian per perangkat daerah`, y);
  autoTable(doc, {
    ...GAYA_BARIS,
    startY: y,
    head: [['No', 'Perangkat Daerah', 'Keadaan', 'Terisi', 'Capaian', 'Predikat', 'Serapan', 'Fisik', 'TDI']],
    body: lap.barisOpd.map((b) => b.sel.map(bersih)),
    styles: { ...GAYA.styles, fontSize: 8 },
    columnStyles: {
      0: { cellWidth: 8, halign: 'center' },
      2: { cellWidth: 21 },
      3: { cellWidth: 13, halign: 'right' },
      4: { cellWidth: 15, halign: 'right' },
      5: { cellWidth: 25 },
      6: { cellWidth: 16, halign: 'right' },
      7: { cellWidth: 14, halign: 'right' },
      8: { cellWidth: 9, halign: 'center' },
    },
    didParseCell: (h) => {
      if (h.section !== 'body') return;
      const b = lap.barisOpd[h.row.index];
      if (!b) return;
      if (h.column.index === 5) {
        h.cell.styles.fillColor = hex(b.warna);
        h.cell.styles.textColor = hex(b.warnaTeks);
        h.cell.styles.fontStyle = 'bold';
      }
      if (h.column.index === 2 && (b.keadaan === 'belum-ada-pk' || b.keadaan === 'belum-mengisi')) {
        h.cell.styles.textColor = [163, 35, 26];
        h.cell.styles.fontStyle = 'bold';
      }
    },
  });
  y = akhirTabel(doc) + 3;
  y = paragraf(doc, `Cara hitung: ${lap.catatanSkor}`, y + 2, { ukuran: 8 }) + 5;

  if (grafik) {
    const maksTinggi = tinggiHalaman(doc) - 2 * MARGIN - 20;
    let w = isi;
    let h = (grafik.tinggi / grafik.lebar) * w;
    if (h > maksTinggi) {
      h = maksTinggi;
      w = (grafik.lebar / grafik.tinggi) * h;
    }
    // Heading and chart stay together on one page.
    if (y + 12 + h > tinggiHalaman(doc) - MARGIN - 6) {
      doc.addPage();
      y = MARGIN + 4;
    }
    y = judulBagian(doc, `${berikut()}. Grafik capaian kinerja per perangkat daerah`, y) + 2;
    doc.addImage(grafik.dataUrl, formatGambar(grafik.dataUrl), MARGIN + (isi - w) / 2, y, w, h);
    y += h + 8;
  }

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
      ...GAYA_BARIS,
      startY: y,
      head: [['Indikator', 'Permasalahan', 'Solusi / rencana tindak lanjut']],
      body: body as never,
      columnStyles: { 0: { cellWidth: 52 } },
    });
    y = akhirTabel(doc) + 8;
  }

  // Evidence by name and status, never the images (issue 15 point 5).
  if (lap.bukti.length) {
    y = judulBagian(doc, `${berikut()}. Bukti dukung realisasi`, y);
    const body: unknown[][] = [];
    for (const b of lap.bukti) {
      body.push([{ content: bersih(`${b.opd} — ${b.ringkas}`), colSpan: 3, styles: { fontStyle: 'bold', fillColor: [231, 238, 246] } }]);
      for (const r of b.baris) body.push(r.map(bersih));
    }
    autoTable(doc, {
      ...GAYA_BARIS,
      startY: y,
      head: [['Indikator', 'Berkas', 'Status']],
      body: body as never,
      columnStyles: { 1: { cellWidth: 50 }, 2: { cellWidth: 40 } },
    });
    y = akhirTabel(doc) + 8;
  }

  y = judulBagian(doc, `${berikut()}. ${lap.judulTindakLanjut}`, y);
  if (lap.tindakLanjutPerRakor.length === 0) {
    y = paragraf(doc, 'Tidak ada arahan terbuka dari rakor sebelumnya.', y + 3, { ukuran: 9.5 }) + 4;
  } else {
    for (const k of lap.tindakLanjutPerRakor) {
      y = pastikanRuang(doc, y, 24);
      y = paragraf(doc, `${k.judul} — ${k.ringkas}`, y + 3, { ukuran: 9.5, tebal: true });
      if (k.baris.length === 0) {
        y = paragraf(doc, 'Semua arahan rakor ini telah ditutup.', y, { ukuran: 9 }) + 2;
        continue;
      }
      autoTable(doc, {
        ...GAYA_BARIS,
        startY: y,
        head: [['No', 'Arahan', 'Penanggung jawab', 'Batas waktu', 'Status', 'Tindak lanjut']],
        body: k.baris.map((r) => r.sel.map(bersih)),
        columnStyles: { 0: { cellWidth: 9, halign: 'center' }, 2: { cellWidth: 26 }, 3: { cellWidth: 24 }, 4: { cellWidth: 26 }, 5: { cellWidth: 50 } },
        didParseCell: (h) => {
          if (h.section !== 'body' || !k.baris[h.row.index]?.lewat) return;
          h.cell.styles.fillColor = [251, 233, 231];
          if (h.column.index === 4) {
            h.cell.styles.textColor = [163, 35, 26];
            h.cell.styles.fontStyle = 'bold';
          }
        },
      });
      y = akhirTabel(doc) + 4;
    }
    y += 4;
  }

  y = judulBagian(doc, `${berikut()}. Arahan pimpinan rapat`, y);
  if (lap.arahan.length === 0) {
    y = paragraf(doc, 'Belum ada arahan yang dicatat.', y + 3, { ukuran: 9.5 }) + 4;
  } else {
    autoTable(doc, {
      ...GAYA_BARIS,
      startY: y,
      head: [['No', 'Arahan', 'Penanggung jawab', 'Batas waktu', 'Status']],
      body: lap.arahan.map((r) => r.map(bersih)),
      columnStyles: { 0: { cellWidth: 9, halign: 'center' }, 2: { cellWidth: 36 }, 3: { cellWidth: 28 }, 4: { cellWidth: 22 } },
    });
    y = akhirTabel(doc) + 8;
  }

  if (lap.notulen.trim() !== '') {
    y = judulBagian(doc, `${berikut()}. Notulen`, y);
    for (const alinea of lap.notulen.split(/\n+/).filter((x) => x.trim() !== '')) y = paragraf(doc, alinea, y + 3, { ukuran: 9.5 });
    y += 6;
  }

  y = judulBagian(doc, `${berikut()}. Daftar hadir${lap.kehadiran.length ? ` (${lap.ringkasHadir})` : ''}`, y);
  if (lap.kehadiran.length === 0) {
    y = paragraf(doc, 'Daftar hadir belum dicatat.', y + 3, { ukuran: 9.5 }) + 4;
  } else {
    autoTable(doc, {
      ...GAYA_BARIS,
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

  // Place/date, title, space to sign, name and NIP: one block, never split across pages.
  y = pastikanRuang(doc, y, TINGGI_TTD(lap.tandaTangan.atas.length));
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

/**
 * Height (mm) of the place/date line plus the signature block drawn by `blokTandaTangan`
 * (heading lines × 5.2 + 22 signing space + name and NIP lines + 4), with a little slack for
 * a heading line that wraps; reserved in one piece so nothing of it moves to the next page.
 */
const TINGGI_TTD = (barisAtas: number) => 6 + (barisAtas + 1) * 5.2 + 22 + 2 * 5.2 + 4 + 2;

export function namaBerkasRakor(d: Pick<DataRakorMasuk, 'rakor'>): string {
  return `Ringkasan-Rakor-Monev-TW${d.rakor.triwulan}-${d.rakor.tahun}.pdf`;
}
