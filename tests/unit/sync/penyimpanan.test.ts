import { afterEach, describe, expect, it, vi } from 'vitest';
import { mintaPersisten, perkiraanPenyimpanan } from '../../../src/lib/penyimpanan.ts';

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('penyimpanan', () => {
  it('asks for persistence only when not yet persistent, and reports the estimate', async () => {
    const persist = vi.fn(async () => true);
    vi.stubGlobal('navigator', { storage: { persisted: async () => false, persist, estimate: async () => ({ usage: 25, quota: 100 }) } });
    expect(await mintaPersisten()).toBe(true);
    expect(persist).toHaveBeenCalledTimes(1);
    expect(await perkiraanPenyimpanan()).toEqual({ terpakai: 25, kuota: 100, persen: 25, persisten: false });
  });

  it('degrades when the API is missing or fails', async () => {
    vi.stubGlobal('navigator', {});
    expect(await mintaPersisten()).toBe(false);
    expect(await perkiraanPenyimpanan()).toBeNull();
    vi.stubGlobal('navigator', {
      storage: {
        persist: async () => {
          throw new Error('x');
        },
        estimate: async () => ({}),
      },
    });
    expect(await mintaPersisten()).toBe(false);
    expect(await perkiraanPenyimpanan()).toEqual({ terpakai: 0, kuota: 0, persen: 0, persisten: false });
  });
});
