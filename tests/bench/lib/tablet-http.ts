/**
 * Tablets of `tests/bench/kunci-http.ts` in a process of their own (issue 17 §3): each pushes its
 * batches over real HTTP (fetch, keep-alive) and after every push pulls from its cursor until
 * `more` is false, as the sync engine does. Work arrives from the parent over IPC; the timings go
 * back the same way.
 */
import { performance } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import { SCHEMA_VERSION } from '../../../src/shared/protocol.ts';

interface Tugas {
  url: string;
  token: string;
  revAwal: number;
  /** Pull after every push (else push only). */
  tarik: boolean;
  /** Per tablet, its pushes; per push, its mutations (without seq/baseRev/at). */
  tablet: unknown[][][];
}

let tugas: Tugas | null = null;
process.on('message', (m: { jenis: string; tugas?: Tugas }) => {
  if (m.jenis === 'tugas') {
    tugas = m.tugas!;
    process.send!({ jenis: 'siap' });
  } else if (m.jenis === 'mulai') void jalan(tugas!);
});

async function jalan(t: Tugas): Promise<void> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const push: number[] = [];
  /** Each push's round (0 = the first push of every tablet, all started at once). */
  const putaran: number[] = [];
  const pull: number[] = [];
  const h = { 'Content-Type': 'application/json', Authorization: `Bearer ${t.token}` };
  await Promise.all(
    t.tablet.map(async (batches) => {
      const clientId = randomUUID();
      let kursor = t.revAwal;
      let seq = 1;
      for (const [ke, b] of batches.entries()) {
        const body = JSON.stringify({
          clientId,
          schemaVersion: SCHEMA_VERSION,
          mutations: b.map((m, i) => ({ ...(m as object), seq: seq + i, baseRev: 0, at: '2027-01-01T00:00:00Z' })),
        });
        seq += b.length;
        const a = performance.now();
        const r = await fetch(`${t.url}/api/v1/sync/push`, { method: 'POST', headers: h, body });
        const j = (await r.json()) as { results: { status: string }[] };
        push.push(performance.now() - a);
        putaran.push(ke);
        if (r.status !== 200 || j.results.some((x) => x.status !== 'applied')) throw new Error(`push ${r.status} ${JSON.stringify(j).slice(0, 300)}`);
        if (!t.tarik) continue;
        const c = performance.now();
        for (;;) {
          const rr = await fetch(`${t.url}/api/v1/sync/pull?since=${kursor}&limit=1000`, { headers: h });
          if (rr.status !== 200) throw new Error(`pull ${rr.status}`);
          const jj = (await rr.json()) as { next: number; more: boolean };
          kursor = jj.next;
          if (!jj.more) break;
        }
        pull.push(performance.now() - c);
      }
    }),
  );
  const cpu = process.cpuUsage(cpu0);
  const cpuPersen = ((cpu.user + cpu.system) / 1000 / (performance.now() - t0)) * 100;
  process.send!({ jenis: 'hasil', push, putaran, pull, cpuPersen }, () => process.disconnect());
}
