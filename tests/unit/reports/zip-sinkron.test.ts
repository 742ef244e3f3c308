/**
 * The XLSX writer's zip (src/reports/zip-sinkron.ts, wired in vite.config.ts): fflate's async `zip`
 * puts every part of 160 kB or more in a blob: Worker, which the app's CSP (worker-src 'self')
 * blocks without any error reaching fflate, so the rakor XLSX hung. The replacement must build the
 * same archive without ever creating a Worker, and report errors through the callback.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { strToU8, unzipSync } from 'fflate';
import { zip } from '../../../src/reports/zip-sinkron.ts';

const asli = globalThis.Worker;
afterEach(() => {
  globalThis.Worker = asli;
});

describe('zip without a Worker', () => {
  it('zips a part far above 160 kB on the main thread and gives back every part', async () => {
    globalThis.Worker = class {
      constructor() {
        throw new Error('Worker dipakai');
      }
    } as unknown as typeof Worker;
    const besar = strToU8('<row><c t="inlineStr"><is><t>Dinas Kesehatan</t></is></c></row>'.repeat(8000));
    expect(besar.length).toBeGreaterThan(400_000);
    const kecil = strToU8('<workbook/>');
    const hasil = await new Promise<Uint8Array>((ok, gagal) =>
      zip({ 'xl/worksheets/sheet1.xml': besar, 'xl/workbook.xml': kecil }, (e, d) => (e ? gagal(e) : ok(d))),
    );
    const isi = unzipSync(hasil);
    expect(isi['xl/worksheets/sheet1.xml']).toEqual(besar);
    expect(isi['xl/workbook.xml']).toEqual(kecil);
    expect(hasil.length).toBeLessThan(besar.length / 10);
  });

  it('reports an error through the callback instead of hanging', async () => {
    // A name longer than ZIP allows (65 535 bytes): zipSync throws.
    const galat = await new Promise<unknown>((ok) => zip({ ['a'.repeat(70_000)]: strToU8('x') }, {}, (e) => ok(e)));
    expect(galat).toBeInstanceOf(Error);
  });
});
