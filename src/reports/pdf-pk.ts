/**
 * The Perjanjian Kinerja PDF (Permenpan-RB 53/2014 forms, docs/domain/pejabat.md §PK): statement
 * page (PK Pemda: the kepala daerah alone; otherwise pihak pertama and pihak kedua), then the
 * attachment with Sasaran | Indikator | Target (+ 100 hari / 6 bulan / 1 tahun when set) and
 * Program | Anggaran | Ket, signatures on both. An unsigned PK carries a "DRAF" watermark on every
 * page. Built in the browser, offline; load with `await import('./pdf-pk.ts')`.
 */
import { dokumenPk, barisNip, type DataPkMasuk, type DokumenPk } from './data-pk.ts';
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
    if (p.sebutan) y = paragraf(doc, p.sebutan, y + 1);
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
    head: [['No', 'Sasaran', 'Indikator Kinerja', 'Target', ...(dok.adaMilestone ? ['100 Hari', '6 Bulan', '1 Tahun'] : [])]],
    // Continuation rows of a sasaran leave out the spanned No/Sasaran cells.
    body: dok.barisSasaran.map((b) => {
      const target = [bersih(b.target), ...(dok.adaMilestone ? [bersih(b.target100H), bersih(b.target6B), bersih(b.target1T)] : [])];
      return b.rentang > 0
        ? [{ content: b.no, rowSpan: b.rentang }, { content: bersih(b.sasaran), rowSpan: b.rentang }, bersih(b.indikator), ...target]
        : [bersih(b.indikator), ...target];
    }),
    styles: { font: HURUF, fontSize: dok.adaMilestone ? 8 : 9, cellPadding: 1.6, lineColor: 60, lineWidth: 0.2, textColor: 20, valign: 'top' },
    headStyles: { fillColor: [225, 230, 238], textColor: 10, fontStyle: 'bold', halign: 'center' },
    columnStyles: dok.adaMilestone
      ? {
          0: { cellWidth: 9, halign: 'center' },
          1: { cellWidth: 42 },
          3: { cellWidth: 22, halign: 'right' },
          4: { cellWidth: 18, halign: 'right' },
          5: { cellWidth: 18, halign: 'right' },
          6: { cellWidth: 18, halign: 'right' },
        }
      : { 0: { cellWidth: 10, halign: 'center' }, 1: { cellWidth: 55 }, 3: { cellWidth: 30, halign: 'right' } },
    theme: 'grid',
  });
  y = lastY(doc) + 8;
  // A PK Pemda without programmes has no budget table (nothing to print, not an empty "Rp 0").
  if (dok.barisProgram.length > 0 || dok.bentuk !== 'pemda')
    autoTable(doc, {
      startY: y,
      margin: { left: MARGIN, right: MARGIN, bottom: MARGIN + 6 },
      head: [['No', 'Program', 'Anggaran', 'Ket']],
      body: [
        ...dok.barisProgram.map((b) => [b.no, bersih(b.program), bersih(b.anggaran), bersih(b.keterangan)]),
        [
          { content: 'Jumlah Anggaran', colSpan: 2, styles: { fontStyle: 'bold', halign: 'right' } },
          { content: bersih(dok.totalAnggaran), styles: { fontStyle: 'bold' } },
          '',
        ],
      ],
      styles: { font: HURUF, fontSize: 9, cellPadding: 1.6, lineColor: 60, lineWidth: 0.2, textColor: 20, valign: 'top' },
      headStyles: { fillColor: [225, 230, 238], textColor: 10, fontStyle: 'bold', halign: 'center' },
      columnStyles: { 0: { cellWidth: 10, halign: 'center' }, 2: { cellWidth: 42, halign: 'right' }, 3: { cellWidth: 22 } },
      theme: 'grid',
    });
  y = lastY(doc) + 10;
  ttd(doc, dok, y);

  if (dok.draf) tandaDraf(doc);
  nomorHalaman(doc, `${dok.draf ? 'DRAF — ' : ''}${dok.judul[0]} — ${d.opd.nama}`);
  return doc.output('blob');
}

/** A large light diagonal "DRAF" behind every page's content, so an unsigned PK is never mistaken for a signed one. */
function tandaDraf(doc: import('jspdf').jsPDF): void {
  const n = doc.getNumberOfPages();
  const lebar = lebarHalaman(doc);
  const tinggi = doc.internal.pageSize.getHeight();
  for (let i = 1; i <= n; i++) {
    doc.setPage(i);
    doc.saveGraphicsState();
    doc.setGState(new (doc as unknown as { GState: new (o: { opacity: number }) => unknown }).GState({ opacity: 0.12 }) as never);
    doc.setFont(HURUF, 'bold');
    doc.setFontSize(120);
    doc.setTextColor(150, 0, 0);
    doc.text('DRAF', lebar / 2 - 40, tinggi / 2 + 35, { angle: 45 });
    doc.restoreGraphicsState();
    doc.setTextColor(0);
  }
}

/**
 * Place and date, then the signature block(s): the form's role ("PIHAK KEDUA,"), the position as
 * it stands (Plt./Plh./Pj.), the underlined name, pangkat/golongan and the spaced NIP.
 */
function ttd(doc: import('jspdf').jsPDF, dok: DokumenPk, y: number): number {
  doc.setFontSize(11);
  doc.setFont(HURUF, 'normal');
  const lebar = lebarHalaman(doc);
  y = pastikanRuang(doc, y, 60);
  const x = dok.tandaTangan.length === 1 ? MARGIN + (lebar - 2 * MARGIN) * 0.72 : MARGIN + (lebar - 2 * MARGIN) * 0.75;
  doc.text(bersih(dok.tempatTanggal), x, y, { align: 'center' });
  y += 6;
  const kolom = dok.tandaTangan.map((t) => ({
    atas: t.peran ? [`${t.peran},`, t.jabatan] : [t.jabatan],
    nama: t.nama,
    bawah: [t.pangkat, barisNip(t.nip)],
  }));
  // The one signatory of a PK Pemda signs on the right, where the place and date stand.
  return blokTandaTangan(doc, y, kolom.length === 1 ? [{ atas: [], nama: '', bawah: [] }, kolom[0]!] : kolom);
}

function lastY(doc: import('jspdf').jsPDF): number {
  return (doc as unknown as { lastAutoTable?: { finalY: number } }).lastAutoTable?.finalY ?? MARGIN;
}

export function namaBerkasPk(d: Pick<DataPkMasuk, 'opd' | 'pk'>): string {
  const s = d.opd.singkatan.replace(/[^A-Za-z0-9]+/g, '-');
  return `${d.pk.versi > 1 ? 'Perubahan-' : ''}PK-${d.pk.tahun}-${s}-v${d.pk.versi}.pdf`;
}
