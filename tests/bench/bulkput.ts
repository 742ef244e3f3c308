/**
 * The physical limit of an initial pull: a raw Dexie bulkPut of every demo record (all tables, one
 * transaction) into a fresh database with the app's schema (src/db/database.ts), in Chromium.
 */
import { buatDemo } from '../../src/demo/generate.ts';
import { bukaBrowser } from '../e2e/harness.ts';
import { round, median, chromiumMissing, type Benchmark } from './lib/bench.ts';
import { benchPages, waitForApi, type BenchWindow } from './lib/pages.ts';

const RUNS = 3;

const bench: Benchmark = {
  name: 'bulkput',
  title: 'raw Dexie bulkPut of all demo records in Chromium (the limit for initial pull)',
  scaled: true,
  async run(ctx) {
    const noBrowser = chromiumMissing();
    if (noBrowser) return ctx.skip('raw bulkPut', noBrowser);
    // Handed over as one JSON string: Playwright's structured argument passing is slow for 9k objects.
    const json = JSON.stringify(buatDemo({ kali: ctx.kali }));
    const pages = await benchPages();
    const br = await bukaBrowser();
    try {
      await br.page.goto(pages.url);
      await waitForApi(br.page);
      const runs: { ms: number; records: number }[] = [];
      for (let i = 0; i < RUNS; i++) {
        runs.push(
          await br.page.evaluate(({ json, name }) => (globalThis as unknown as BenchWindow).__pantauBench.bulkPut(JSON.parse(json), name), {
            json,
            name: `bench-raw-${i}`,
          }),
        );
      }
      const ms = median(runs.map((r) => r.ms));
      const records = runs[0]!.records;
      ctx.line({
        name: 'raw bulkPut (demo)',
        value: round(ms / 1000, 2),
        unit: 's',
        budget: null,
        note: `${records} records, median of ${RUNS}: ${runs.map((r) => Math.round(r.ms)).join('/')} ms`,
        detail: runs,
      });
      ctx.line({ name: 'raw bulkPut rate', value: Math.round(records / (ms / 1000)), unit: 'records/s', budget: null });
    } finally {
      await br.tutup();
      await pages.close();
    }
  },
};
export default bench;
