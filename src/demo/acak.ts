/**
 * A small seeded PRNG (mulberry32) and helpers, so the demo kabupaten is the same for a seed on
 * every machine. Not for anything secret.
 */
export class Acak {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** Uniform real in [min, max). */
  antara(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  peluang(p: number): boolean {
    return this.next() < p;
  }

  pilih<T>(daftar: readonly T[]): T {
    const x = daftar[Math.floor(this.next() * daftar.length)];
    if (x === undefined) throw new Error('pilih: daftar kosong');
    return x;
  }

  /** A shuffled copy (Fisher–Yates). */
  acakUrutan<T>(daftar: readonly T[]): T[] {
    const a = [...daftar];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j] as T, a[i] as T];
    }
    return a;
  }
}
