/**
 * Summary PDF: the Ringkasan Rakor Monev of TW III 2026 over the demo kabupaten, built in Chromium
 * by the project's own generators (chart offscreen + jsPDF), as the Rakor screen does it. The first
 * (cold) build, which also loads jsPDF, is the one held to the budget; warm builds are reported too.
 */
import { buatDemo, DEMO_NOW } from '../../src/demo/generate.ts';
import { bukaBrowser } from '../e2e/harness.ts';
import { atMost, median, round, chromiumMissing, type Benchmark } from './lib/bench.ts';
import { benchPages, waitForApi, type BenchWindow } from './lib/pages.ts';

const WARM = 3;

const bench: Benchmark = {
  name: 'pdf',
  title: 'rakor summary PDF (TW III 2026, demo kabupaten) generated in Chromium: time and size',
  async run(ctx) {
    const noBrowser = chromiumMissing();
    if (noBrowser) return ctx.skip('summary PDF', noBrowser);
    // Handed over as one JSON string: Playwright's structured argument passing is slow for 9k objects.
    const json = JSON.stringify(buatDemo());
    const pages = await benchPages();
    const br = await bukaBrowser();
    try {
      await br.page.goto(pages.url);
      await waitForApi(br.page);
      const make = () =>
        br.page.evaluate(({ json, now }) => (globalThis as unknown as BenchWindow).__pantauBench.pdfRakor(JSON.parse(json), 2026, 3, now), {
          json,
          now: DEMO_NOW.toISOString(),
        });
      const cold = await make();
      const warm = [];
      for (let i = 0; i < WARM; i++) warm.push(await make());
      const warmMs = median(warm.map((w) => w.ms));
      ctx.line({
        name: 'summary PDF time (cold)',
        value: round(cold.ms / 1000, 2),
        unit: 's',
        budget: atMost(3),
        note: `chart ${Math.round(cold.chartMs)} ms + jsPDF; module load ${Math.round(cold.loadMs)} ms from loopback; warm median ${Math.round(warmMs)} ms`,
        detail: { cold, warm },
      });
      ctx.line({
        name: 'summary PDF size',
        value: round(cold.bytes / 1024 / 1024, 2),
        unit: 'MB',
        budget: atMost(1),
        note: `${cold.bytes} bytes, ${cold.pages} pages`,
      });
    } finally {
      await br.tutup();
      await pages.close();
    }
  },
};
export default bench;
