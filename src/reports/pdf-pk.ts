/**
 * The Perjanjian Kinerja PDF (Permenpan-RB 53/2014 form): statement page, then the attachment with
 * the Sasaran | Indikator | Target and Program | Anggaran | Ket tables, signatures on both.
 * Built in the browser, offline; load with `await import('./pdf-pk.ts')`.
 */
import { dokumenPk, barisNip, type DataPkMasuk, type DokumenPk } from './data-pk.ts';
import {
  MARGIN, HURUF, autoTabel, bersih, blokTandaTangan, buatDokumen, gambarLogo, lebarHalaman, nomorHalaman,
  paragraf, pastikanRuang, teksTengah,
} from './pdf-umum.ts';

export async function pdfPk(d: DataPkMasuk): Promise<Blob> {
  const dok = dokumenPk(d);
  const doc = await buatDokumen('p');
  const autoTable = await autoTabel();
  const lebar = lebarHalaman(doc);

  // Statement page.
  let y = MARGIN;
  if (d.pemda?.logo && gambarLogo(doc, d.pemda.logo, lebar / 2 - 11, y, 22)) y += 28;
  else y += 6;
  y = teksTengah(doc, dok.judul[0]!, y, 14, true);
  for (const j of dok.judul.slice(1)) y = teksTengah(doc, j, y, 12, true);
  if (dok.nomor) y = teksTengah(doc, `Nomor: ${dok.nomor}`, y + 1, 11);
  y += 8;
  y = paragraf(doc, dok.pembuka, y);
  y += 2;
  for (const p of dok.pihak) {
    doc.setFontSize(11);
    doc.setFont(HURUF, 'normal');
    y = pastikanRuang(doc, y, 20);
    doc.text('Nama', MARGIN + 6, y);
    doc.text(':', MARGIN + 30, y);
    doc.setFont(HURUF, 'bold');
    doc.text(bersih(p.nama), MARGIN + 34, y);
    y += 5.5;
    doc.setFont(HURUF, 'normal');
    doc.text('Jabatan', MARGIN + 6, y);
    doc.text(':', MARGIN + 30, y);
    y = paragraf(doc, p.jabatan, y, { x: MARGIN + 34 });
    y = paragraf(doc, p.sebutan, y + 1);
    y += 3;
  }
  for (const j of dok.janji) y = paragraf(doc, j, y) + 2;
  if (dok.perubahan) y = paragraf(doc, dok.alasanPerubahan, y) + 2;
  y += 4;
  y = ttd(doc, dok, y);

  // Attachment.
  doc.addPage();
  y = MARGIN + 4;
  for (const [i, j] of dok.judulLampiran.entries()) y = teksTengah(doc, j, y, i === 0 ? 13 : 12, true);
  y += 4;
  autoTable(doc, {
    startY: y,
    margin: { left: MARGIN, right: MARGIN, bottom: MARGIN + 6 },
    head: [['No', 'Sasaran', 'Indikator Kinerja', 'Target']],
    // Continuation rows of a sasaran leave out the spanned No/Sasaran cells.
    body: dok.barisSasaran.map((b) =>
        b.rentang > 0
          ? [
              { content: b.no, rowSpan: b.rentang },
              { content: bersih(b.sasaran), rowSpan: b.rentang },
              bersih(b.indikator),
              bersih(b.target),
            ]
          : [bersih(b.indikator), bersih(b.target)],
      ),
    styles: { font: HURUF, fontSize: 9, cellPadding: 1.6, lineColor: 60, lineWidth: 0.2, textColor: 20, valign: 'top' },
    headStyles: { fillColor: [225, 230, 238], textColor: 10, fontStyle: 'bold', halign: 'center' },
    columnStyles: { 0: { cellWidth: 10, halign: 'center' }, 1: { cellWidth: 55 }, 3: { cellWidth: 30, halign: 'right' } },
    theme: 'grid',
  });
  y = lastY(doc) + 8;
  autoTable(doc, {
    startY: y,
    margin: { left: MARGIN, right: MARGIN, bottom: MARGIN + 6 },
    head: [['No', 'Program', 'Anggaran', 'Ket']],
    body: [
      ...dok.barisProgram.map((b) => [b.no, bersih(b.program), bersih(b.anggaran), bersih(b.keterangan)]),
      [{ content: 'Jumlah Anggaran', colSpan: 2, styles: { fontStyle: 'bold', halign: 'right' } }, { content: bersih(dok.totalAnggaran), styles: { fontStyle: 'bold' } }, ''],
    ],
    styles: { font: HURUF, fontSize: 9, cellPadding: 1.6, lineColor: 60, lineWidth: 0.2, textColor: 20, valign: 'top' },
    headStyles: { fillColor: [225, 230, 238], textColor: 10, fontStyle: 'bold', halign: 'center' },
    columnStyles: { 0: { cellWidth: 10, halign: 'center' }, 2: { cellWidth: 42, halign: 'right' }, 3: { cellWidth: 22 } },
    theme: 'grid',
  });
  y = lastY(doc) + 10;
  ttd(doc, dok, y);

  nomorHalaman(doc, `${dok.judul[0]} — ${d.opd.nama}`);
  return doc.output('blob');
}

function ttd(doc: import('jspdf').jsPDF, dok: DokumenPk, y: number): number {
  doc.setFontSize(11);
  doc.setFont(HURUF, 'normal');
  const [kedua, pertama] = dok.tandaTangan;
  const lebar = lebarHalaman(doc);
  y = pastikanRuang(doc, y, 55);
  doc.text(bersih(dok.tempatTanggal), MARGIN + (lebar - 2 * MARGIN) * 0.75, y, { align: 'center' });
  y += 6;
  return blokTandaTangan(doc, y, [
    { atas: [`${kedua.peran},`, kedua.jabatan], nama: kedua.nama, bawah: [barisNip(kedua.nip)] },
    { atas: [`${pertama.peran},`, pertama.jabatan], nama: pertama.nama, bawah: [barisNip(pertama.nip)] },
  ]);
}

function lastY(doc: import('jspdf').jsPDF): number {
  return (doc as unknown as { lastAutoTable?: { finalY: number } }).lastAutoTable?.finalY ?? MARGIN;
}

export function namaBerkasPk(d: Pick<DataPkMasuk, 'opd' | 'pk'>): string {
  const s = d.opd.singkatan.replace(/[^A-Za-z0-9]+/g, '-');
  return `${d.pk.versi > 1 ? 'Perubahan-' : ''}PK-${d.pk.tahun}-${s}-v${d.pk.versi}.pdf`;
}
