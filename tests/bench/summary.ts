/**
 * Summary computation: `hitungRingkasan` (what Layar, the rakor PDF and GET /ringkasan all run)
 * over the demo kabupaten × K (issue 17 §7: scaled), TW III 2026, at DEMO_NOW, from every year's
 * records as Layar held them before issue 17. Warm-up first, then many timed runs. Budget ≤ 20 ms
 * applies to the demo kabupaten (K = 1); at K > 1 the growth is reported against K = 1.
 */
import { performance } from 'node:perf_hooks';
import { buatDemo, DEMO_NOW } from '../../src/demo/generate.ts';
import { hitungRingkasan, type DataPemda } from '../../src/domain/ringkasan.ts';
import { atMost, median, quantile, round, type Benchmark } from './lib/bench.ts';

const WARMUP = 30;
const RUNS = 300;

const bench: Benchmark = {
  name: 'summary',
  title: 'hitungRingkasan over the demo kabupaten (TW III 2026), median and p95',
  scaled: true,
  async run(ctx) {
    const d = buatDemo({ kali: ctx.kali });
    const data: DataPemda = { ...d, pemda: d.pemda[0] ?? null };
    const records = Object.values(d).reduce((n, xs) => n + xs.length, 0);
    for (let i = 0; i < WARMUP; i++) hitungRingkasan(data, 2026, 3, DEMO_NOW);
    const ms: number[] = [];
    let opd = 0;
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = hitungRingkasan(data, 2026, 3, DEMO_NOW);
      ms.push(performance.now() - t0);
      opd = r.opd.length;
    }
    const note = `${RUNS} runs after ${WARMUP} warm-up; ${opd} OPD, ${d.indikator.length} indikator, ${records} records`;
    ctx.line({
      name: 'summary median',
      value: round(median(ms), 2),
      unit: 'ms',
      budget: ctx.kali === 1 ? atMost(20) : null,
      growthBudget: 'linear',
      note,
      detail: { runs: RUNS, min: Math.min(...ms), max: Math.max(...ms) },
    });
    ctx.line({ name: 'summary p95', value: round(quantile(ms, 0.95), 2), unit: 'ms', budget: ctx.kali === 1 ? atMost(20) : null });
  },
};
export default bench;
