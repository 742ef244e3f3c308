/**
 * The compiled Pj evaluation report PDF (Permendagri 4/2023; docs/domain/pejabat.md §Penjabat):
 * identity and dasar, per aspect the indicators with key points and the OPDs' bahan, the summary,
 * what is still missing, and the Pj's signature. Built in the browser, offline; load with
 * `await import('./pdf-pj.ts')`.
 */
import { dokumenPj, type DataPjMasuk } from './data-pj.ts';
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
  paragraf,
  pastikanRuang,
  teksTengah,
} from './pdf-umum.ts';

export async function pdfPj(d: DataPjMasuk, now = new Date()): Promise<Blob> {
  const dok = dokumenPj(d, now);
  const doc = await buatDokumen('p');
  const autoTable = await autoTabel();
  const lebar = lebarHalaman(doc);
  let y = MARGIN;
  if (d.pemda?.logo && gambarLogo(doc, d.pemda.logo, lebar / 2 - 11, y, 22)) y += 28;
  else y += 4;
  y = teksTengah(doc, dok.judul[0]!, y, 13, true);
  for (const j of dok.judul.slice(1)) y = teksTengah(doc, j, y, 11, true);
  y += 5;
  doc.setFontSize(10);
  for (const [k, v] of dok.identitas) {
    y = pastikanRuang(doc, y, 6);
    doc.setFont(HURUF, 'normal');
    doc.text(bersih(k), MARGIN, y);
    doc.text(':', MARGIN + 48, y);
    y = paragraf(doc, v, y, { ukuran: 10, x: MARGIN + 52 });
  }
  y += 3;
  y = paragraf(doc, 'Dasar:', y, { ukuran: 10, tebal: true });
  dok.dasar.forEach((x, i) => {
    y = paragraf(doc, `${i + 1}. ${x}`, y, { ukuran: 10, x: MARGIN + 4 });
  });
  for (const a of dok.aspek) {
    y = pastikanRuang(doc, y + 4, 20);
    y = paragraf(doc, a.judul.toUpperCase(), y, { ukuran: 10, tebal: true });
    autoTable(doc, {
      startY: y,
      margin: { left: MARGIN, right: MARGIN, bottom: MARGIN + 6 },
      head: [['Kode', 'Indikator', 'OPD', 'Capaian / poin kunci', 'Bahan perangkat daerah', 'Status']],
      body: a.baris.map((b) => [b.kode, bersih(b.uraian), bersih(b.opd), bersih(b.capaian), bersih(b.bahan), bersih(b.status)]),
      styles: { font: HURUF, fontSize: 8, cellPadding: 1.4, lineColor: 60, lineWidth: 0.2, textColor: 20, valign: 'top' },
      headStyles: { fillColor: [225, 230, 238], textColor: 10, fontStyle: 'bold' },
      columnStyles: { 0: { cellWidth: 11 }, 1: { cellWidth: 38 }, 2: { cellWidth: 18 }, 5: { cellWidth: 20 } },
      theme: 'grid',
    });
    y = ((doc as unknown as { lastAutoTable?: { finalY: number } }).lastAutoTable?.finalY ?? y) + 2;
  }
  y = pastikanRuang(doc, y + 4, 20);
  y = paragraf(doc, 'RINGKASAN DAN POIN KUNCI', y, { ukuran: 10, tebal: true });
  y = paragraf(doc, dok.ringkasan || '-', y, { ukuran: 10 });
  if (dok.belumLengkap.length) {
    y = paragraf(doc, 'Bahan yang belum diterima:', y + 2, { ukuran: 10, tebal: true });
    for (const b of dok.belumLengkap) y = paragraf(doc, `• ${b}`, y, { ukuran: 10, x: MARGIN + 4 });
  }
  y = pastikanRuang(doc, y + 6, 55);
  doc.setFontSize(11);
  doc.setFont(HURUF, 'normal');
  doc.text(bersih(dok.tempatTanggal), MARGIN + (lebar - 2 * MARGIN) * 0.75, y, { align: 'center' });
  const t = dok.penandatangan;
  blokTandaTangan(doc, y + 6, [
    { atas: [], nama: '', bawah: [] },
    { atas: [t.jabatan], nama: t.nama, bawah: [t.pangkat, t.nip ? `NIP. ${t.nip}` : ''] },
  ]);
  nomorHalaman(doc, `${dok.judul[0]} — ${dok.judul[2]}`);
  return doc.output('blob');
}

export function namaBerkasPj(d: Pick<DataPjMasuk, 'evaluasi'>): string {
  return `Laporan-Penjabat-periode-${d.evaluasi.ke}-${d.evaluasi.mulai}.pdf`;
}
