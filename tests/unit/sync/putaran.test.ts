/** PutaranTunggal: one run at a time, one more if asked during a run (src/sync/putaran.ts). */
import { describe, expect, it } from 'vitest';
import { PutaranTunggal } from '../../../src/sync/putaran.ts';

describe('PutaranTunggal', () => {
  it('calls during a run share its promise and ask for exactly one more run', async () => {
    let n = 0;
    let lepas: () => void = () => undefined;
    const p = new PutaranTunggal(async () => {
      n++;
      if (n === 1) await new Promise<void>((r) => (lepas = r));
    });
    const a = p.picu();
    const b = p.picu();
    const c = p.picu();
    expect(b).toBe(a);
    expect(c).toBe(a);
    expect(p.berjalan).toBe(true);
    lepas();
    await a;
    expect(n).toBe(2);
    expect(p.berjalan).toBe(false);
  });

  it('no extra run once lanjut() says stop; selesai() waits for the run in progress', async () => {
    let n = 0;
    let henti = false;
    const p = new PutaranTunggal(
      async () => {
        n++;
        await new Promise((r) => setTimeout(r, 5));
      },
      () => !henti,
    );
    void p.picu();
    void p.picu();
    henti = true;
    await p.selesai();
    expect(n).toBe(1);
  });
});
