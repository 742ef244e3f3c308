/**
 * The client's byte budget of a pull page (issue 17 §1; docs/sync-protocol.md "GET /sync/pull"):
 * `maksByte` is validated, clamped to [MIN_BYTE_PULL, MAKS_BYTE_PULL], bounds the page by the JSON
 * size of its records (one record always goes), and following `next` at any budget still brings
 * every change exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADER_NEXT, MAKS_BYTE_PULL, MIN_BYTE_PULL, pullResponseSchema } from '../../src/shared/protocol.ts';
import { harapGalat, JENIS, Klien, keyRakor, masuk, minta, PASSWORD_ADMIN, put, serverBaru, type Server, type Sesi } from './bantu.ts';

const PEJABAT = { nama: 'Siti Aminah', nip: '', jabatan: 'Sekretaris Daerah', pangkat: '' };

describe.each(JENIS)('pull byte budget (%s)', (jenis) => {
  let s: Server;
  let admin: Sesi;
  const ids: string[] = [];
  /** JSON bytes of each record, by rev, as the server sums them. */
  const ukuran = new Map<number, number>();

  beforeAll(async () => {
    s = await serverBaru(jenis);
    admin = await masuk(s.app, 'admin', PASSWORD_ADMIN);
    const k = new Klien(s.app, admin.token);
    // 24 rakor of ~10 KB each (notulen of 10 000 one-byte characters): ~240 KB in all.
    for (let i = 0; i < 24; i++) ids.push(keyRakor());
    for (let i = 0; i < ids.length; i += 8) {
      await k.pushOk(
        ...ids
          .slice(i, i + 8)
          .map((id, j) => put('rakor', id, { tanggal: '2026-07-20', tempat: 'Aula', pimpinan: PEJABAT, notulen: 'n'.repeat(10_000 + i + j) })),
      );
    }
    const semua = await halaman(0, MAKS_BYTE_PULL);
    for (const c of semua.changes) ukuran.set(c.rev, Buffer.byteLength(JSON.stringify(c.record)));
  });
  afterAll(async () => {
    await s?.tutup();
  });

  async function halaman(since: number, maksByte: number | string) {
    const j = await minta(s.app, 'GET', `/api/v1/sync/pull?since=${since}&limit=5000&maksByte=${maksByte}`, { token: admin.token });
    expect(j.status, j.teks).toBe(200);
    return pullResponseSchema.parse(j.json);
  }

  it('a page stops at the first record that reaches the budget; a budget under MIN_BYTE_PULL is raised to it', async () => {
    const p = await halaman(0, MIN_BYTE_PULL);
    expect(p.more).toBe(true);
    const sizes = p.changes.map((c) => ukuran.get(c.rev)!);
    const total = sizes.reduce((a, b) => a + b, 0);
    // Every record but the last started below the budget; the last one crossed it (the database
    // sums its own text form of jsonb, which differs from JSON.stringify by a few bytes per key).
    expect(total - sizes.at(-1)!).toBeLessThan(MIN_BYTE_PULL);
    expect(total).toBeGreaterThan(MIN_BYTE_PULL * 0.95);
    expect(p.changes.length).toBeGreaterThanOrEqual(3);
    expect(p.changes.length).toBeLessThan(ids.length);
    // 1 byte asked: clamped up to the minimum, so the same page, not one record.
    const satu = await halaman(0, 1);
    expect(satu.changes.map((c) => c.rev)).toEqual(p.changes.map((c) => c.rev));
  });

  it('a bigger budget gives a bigger page; above MAKS_BYTE_PULL it is clamped down (everything fits here)', async () => {
    const kecil = await halaman(0, MIN_BYTE_PULL);
    const besar = await halaman(0, 4 * MIN_BYTE_PULL);
    expect(besar.changes.length).toBeGreaterThan(kecil.changes.length);
    const raksasa = await halaman(0, Number.MAX_SAFE_INTEGER);
    expect(raksasa.more).toBe(false);
    expect(raksasa.changes).toHaveLength(ids.length);
  });

  it('following next at the smallest budget brings every change once, in rev order', async () => {
    const revs: number[] = [];
    let since = 0;
    let n = 0;
    for (;;) {
      const p = await halaman(since, MIN_BYTE_PULL);
      revs.push(...p.changes.map((c) => c.rev));
      n++;
      since = p.next;
      if (!p.more) break;
    }
    expect(n).toBeGreaterThanOrEqual(6);
    expect(revs).toEqual([...ukuran.keys()].sort((a, b) => a - b));
  });

  it('a page with more after it names its next in X-Pantau-Next, before the body; the last page does not (issue 17: 3G ≤ 1,2 × its byte floor)', async () => {
    let since = 0;
    for (;;) {
      const j = await minta(s.app, 'GET', `/api/v1/sync/pull?since=${since}&limit=5000&maksByte=${MIN_BYTE_PULL}`, { token: admin.token });
      expect(j.status, j.teks).toBe(200);
      const p = pullResponseSchema.parse(j.json);
      expect(j.headers.get(HEADER_NEXT)).toBe(p.more ? String(p.next) : null);
      since = p.next;
      if (!p.more) break;
    }
    expect(since).toBeGreaterThan(0);
  });

  it.each(['abc', '1.5', '0', '-3', String(2 ** 60)])('maksByte=%s → 400 tidak_valid in Indonesian', async (v) => {
    const j = await minta(s.app, 'GET', `/api/v1/sync/pull?since=0&maksByte=${v}`, { token: admin.token });
    harapGalat(j, 400, 'tidak_valid');
    expect(j.teks).toMatch(/maksByte/);
  });
});
