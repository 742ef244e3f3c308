/**
 * The capaian-per-OPD bar chart, shared by the Layar (live canvas) and the rakor PDF (offscreen
 * canvas → JPEG). Chart.js is imported dynamically and only the pieces a horizontal bar chart needs
 * are registered, so it never weighs on the first load.
 */
import type { Chart, ChartConfiguration } from 'chart.js';
import type { Ringkasan } from '../domain/ringkasan.ts';
import { formatPersen } from '../lib/format.ts';

export interface BatangGrafik {
  opdId: string;
  label: string;
  nilai: number;
  /** Text shown at the end of the bar ("87,5 %" or "Belum ada data"). */
  teks: string;
  warna: string;
  garis: string;
}

/**
 * Bars sorted best first; OPD without a score yet go last with a zero-length grey bar. The
 * kepala-daerah PK is not a perangkat daerah and is left out (like in the summary total).
 */
export function batangCapaian(r: Pick<Ringkasan, 'opd'>): BatangGrafik[] {
  return r.opd
    .filter((o) => o.jenis !== 'kepala-daerah')
    .map((o) => ({
      opdId: o.opdId,
      label: o.singkatan,
      nilai: o.capaian ?? 0,
      teks: o.capaian === null ? (o.keadaan === 'belum-ada-pk' ? 'Belum ada PK' : 'Belum ada data') : formatPersen(o.capaian, 1),
      warna: o.predikat.warna,
      garis: '#1b1f24',
      ada: o.capaian !== null,
    }))
    .sort((a, b) => Number(b.ada) - Number(a.ada) || b.nilai - a.nilai || a.label.localeCompare(b.label, 'id'))
    .map(({ ada: _ada, ...b }) => b);
}

/** Splits bars into groups of at most `n` (one chart each; the Layar shows two side by side). */
export function potong<T>(xs: readonly T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}

export interface GayaGrafik {
  /** Font size (px) of the labels and values. */
  huruf: number;
  warnaTeks: string;
  warnaGrid: string;
  /** Axis maximum (capaian is capped at batasAtas in scores). */
  maks: number;
  /** Fixed pixel ratio (offscreen rendering); the device's when omitted. */
  dpr?: number;
}

let daftarDone: Promise<typeof import('chart.js')> | null = null;

/** Loads Chart.js once and registers only what a horizontal bar chart uses. */
export function muatChart(): Promise<typeof import('chart.js')> {
  daftarDone ??= import('chart.js').then((m) => {
    m.Chart.register(m.BarController, m.BarElement, m.CategoryScale, m.LinearScale);
    return m;
  });
  return daftarDone;
}

/** What the chart shows now; the value plugin reads it on every draw. */
interface Isi {
  batang: readonly BatangGrafik[];
  gaya: GayaGrafik;
}

/** Draws each bar's value text just past its end (a tiny inline plugin, no extra package). */
const pluginNilai = (isi: Isi) => ({
  id: 'nilaiBatang',
  afterDatasetsDraw(chart: Chart) {
    const ctx = chart.ctx;
    const meta = chart.getDatasetMeta(0);
    ctx.save();
    ctx.font = `bold ${isi.gaya.huruf}px system-ui, 'Noto Sans', 'DejaVu Sans', sans-serif`;
    ctx.fillStyle = isi.gaya.warnaTeks;
    ctx.textBaseline = 'middle';
    meta.data.forEach((el, i) => {
      const b = isi.batang[i];
      if (!b) return;
      const { x, y } = el.getProps(['x', 'y'], true) as { x: number; y: number };
      ctx.fillText(b.teks, x + 8, y);
    });
    ctx.restore();
  },
});

function konfigGrafik(isi: Isi): ChartConfiguration<'bar'> {
  const { batang, gaya } = isi;
  return {
    type: 'bar',
    data: {
      labels: batang.map((b) => b.label),
      datasets: [
        {
          data: batang.map((b) => Math.min(b.nilai, gaya.maks)),
          backgroundColor: batang.map((b) => b.warna),
          borderColor: batang.map((b) => b.garis),
          borderWidth: 1.5,
          barPercentage: 0.8,
          categoryPercentage: 0.9,
        },
      ],
    },
    options: {
      indexAxis: 'y',
      ...(gaya.dpr ? { devicePixelRatio: gaya.dpr } : {}),
      responsive: false,
      maintainAspectRatio: false,
      animation: false,
      events: [],
      // Room on the right for the value text.
      layout: { padding: { right: gaya.huruf * 6 } },
      scales: {
        x: {
          min: 0,
          max: gaya.maks,
          ticks: { color: gaya.warnaTeks, font: { size: gaya.huruf }, stepSize: 20 },
          grid: { color: gaya.warnaGrid },
        },
        y: {
          ticks: { color: gaya.warnaTeks, font: { size: gaya.huruf, weight: 'bold' }, autoSkip: false },
          grid: { display: false },
        },
      },
    },
    plugins: [pluginNilai(isi)],
  };
}

export interface GrafikHidup {
  /** Replaces the bars without re-creating the chart (no flicker on the projector). */
  perbarui(batang: readonly BatangGrafik[]): void;
  hancurkan(): void;
}

/** A chart on `canvas` (sized by the caller). */
export async function buatGrafik(canvas: HTMLCanvasElement, batang: readonly BatangGrafik[], gaya: GayaGrafik): Promise<GrafikHidup> {
  const { Chart } = await muatChart();
  const isi: Isi = { batang, gaya };
  const chart = new Chart(canvas, konfigGrafik(isi));
  return {
    perbarui(b) {
      isi.batang = b;
      chart.data.labels = b.map((x) => x.label);
      const ds = chart.data.datasets[0];
      if (ds) {
        ds.data = b.map((x) => Math.min(x.nilai, gaya.maks));
        ds.backgroundColor = b.map((x) => x.warna);
        ds.borderColor = b.map((x) => x.garis);
      }
      chart.update('none');
    },
    hancurkan: () => chart.destroy(),
  };
}

const KUALITAS_JPEG = 0.9;

/** Renders the chart on an offscreen canvas and returns a JPEG data URL (browser only). */
export async function grafikKeGambar(batang: readonly BatangGrafik[], maks: number): Promise<{ dataUrl: string; lebar: number; tinggi: number } | null> {
  if (batang.length === 0 || typeof document === 'undefined') return null;
  const lebar = 1600;
  const tinggi = Math.max(300, batang.length * 38 + 90);
  const canvas = document.createElement('canvas');
  canvas.width = lebar;
  canvas.height = tinggi;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const g = await buatGrafik(canvas, batang, { huruf: 24, warnaTeks: '#1b1f24', warnaGrid: '#c9ced6', maks, dpr: 1 });
  // White background under the transparent chart pixels (JPEG has no transparency: they would turn black).
  const out = document.createElement('canvas');
  out.width = lebar;
  out.height = tinggi;
  const octx = out.getContext('2d');
  if (!octx) return null;
  octx.fillStyle = '#ffffff';
  octx.fillRect(0, 0, lebar, tinggi);
  octx.drawImage(canvas, 0, 0);
  g.hancurkan();
  // JPEG, not PNG: jsPDF embeds a JPEG as it is (DCTDecode), while a PNG is decoded and deflated
  // again in JavaScript, which took 1.8–4 s on a tablet. Flat colours on white at quality 0.9 at
  // 1600 px stay crisp at the printed width.
  return { dataUrl: out.toDataURL('image/jpeg', KUALITAS_JPEG), lebar, tinggi };
}
