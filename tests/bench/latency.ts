/**
 * Push-to-projection latency: `pimpinan` projects Layar (TW III 2026, chart slide, auto-advance
 * paused) at 1920×1080; an operator's tablet (a second client on the API) pushes a realisasi that
 * moves its OPD's bar; timed from the push request until the projected chart shows the new value.
 * Alternates between a value far over target and the original value, several times.
 */
import { hitungRingkasan, type DataPemda } from '../../src/domain/ringkasan.ts';
import { idAlami, idBaru, type Indikator, type Opd, type Realisasi } from '../../src/domain/schemas.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { formatPersen } from '../../src/lib/format.ts';
import { bukaBrowser } from '../e2e/harness.ts';
import { HalamanLayar } from '../e2e/pages/layar.ts';
import { atMost, median, round, chromiumMissing, type Benchmark } from './lib/bench.ts';
import { asStored, DEMO_PASSWORD, login, pullAll, serverAvailable, serverRev, SKIP_SERVER, startServer, submitLogin, waitForPullCursor } from './lib/server.ts';

const ROUNDS = 6;
const TIMEOUT_MS = 10_000;

const bench: Benchmark = {
  name: 'latency',
  title: 'tablet push → projected Layar chart updated (Chromium, SSE)',
  scaled: true,
  async run(ctx) {
    const noBrowser = chromiumMissing();
    if (noBrowser) return ctx.skip('push-to-projection latency', noBrowser);
    if (!serverAvailable()) return ctx.skip('push-to-projection latency', SKIP_SERVER);
    const srv = await startServer({ demo: true, kali: ctx.kali }, ctx.log);
    const br = await bukaBrowser({ viewport: { width: 1920, height: 1080 } });
    try {
      const { token: adminToken } = await login(srv.url, 'admin', srv.adminPassword);
      const data = asStored(await pullAll(srv.url, adminToken)) as unknown as Omit<DataPemda, 'pemda'> & { pemda: DataPemda['pemda'][] };
      const dp: DataPemda = { ...data, pemda: data.pemda[0] ?? null };

      // An OPD with an increasing, last-value indicator under target in TW3: raising it moves the bar.
      const now = new Date();
      const before = hitungRingkasan(dp, 2026, 3, now);
      const byId = new Map(dp.indikator.map((i) => [i.id, i]));
      const fits = (i: Indikator | undefined): i is Indikator =>
        !!i && i.polaritas === 'naik' && i.agregasi === 'akhir' && typeof i.targetTahunan === 'number' && i.targetTahunan > 0;
      // The best-scoring such OPD below 99 %: raising it keeps it on the first chart page (40 bars;
      // the scaled demo, `--kali`, has more OPDs than one page shows).
      const opdSum = before.opd
        .filter((o) => o.jenis !== 'kepala-daerah' && o.capaian !== null && o.capaian < 99)
        .sort((a, b) => (b.capaian ?? 0) - (a.capaian ?? 0))
        .find((o) => o.dibawahTarget.some((d) => fits(byId.get(d.indikatorId))));
      if (!opdSum) throw new Error('no OPD with a movable indicator in the demo');
      const opd = dp.opd.find((o) => o.id === opdSum.opdId) as Opd;
      const ind = opdSum.dibawahTarget.map((d) => byId.get(d.indikatorId)).find(fits)!;
      const key = idAlami.realisasi(ind.id, 'TW3');
      const old = dp.realisasi.find((r) => r.id === key);
      const target = (ind.targetTriwulan?.[2] ?? ind.targetTahunan) as number;
      const base = { indikatorId: ind.id, opdId: opd.id, tahun: 2026, periode: 'TW3' as const, tdi: false, alasanTdi: '' };
      const values = [target * 3, old?.nilai ?? 0];
      const label = (nilai: number) => {
        const rec = {
          ...(old ?? { catatan: '', masalah: '', solusi: '', tindakLanjut: '', id: key, rev: 0, updatedAt: now.toISOString(), updatedBy: '', deleted: false }),
          ...base,
          nilai,
        } as Realisasi;
        const r = hitungRingkasan({ ...dp, realisasi: [...dp.realisasi.filter((x) => x.id !== key), rec] }, 2026, 3, now);
        return `${opd.singkatan}=${formatPersen(r.opd.find((o) => o.opdId === opd.id)!.capaian, 1)}`;
      };
      const labels = values.map(label);
      if (labels[0] === labels[1]) throw new Error(`the chosen change does not move the bar (${labels[0]})`);

      // The projector: signed in, full local copy, Layar on the chart slide.
      const rev = await serverRev(srv.url);
      await submitLogin(br.page, srv.url, 'pimpinan', DEMO_PASSWORD);
      await waitForPullCursor(br.page, rev);
      const layar = new HalamanLayar(br.page, srv.url);
      await layar.buka(2026, 3);
      await layar.keGrafik();
      const chart = await layar.nilaiGrafik();
      if (!chart.split('|').includes(labels[1]!)) throw new Error(`the chart slide does not show ${labels[1]} (shows ${chart.slice(0, 200)}…)`);

      // The tablet: the OPD's operator, its own client id and seqs.
      const user = `op-${opd.singkatan.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
      const { token } = await login(srv.url, user, DEMO_PASSWORD);
      const clientId = idBaru();
      let baseRev = old?.rev ?? 0;
      const ms: number[] = [];
      for (let i = 0; i < ROUNDS; i++) {
        const v = i % 2;
        const t0 = Date.now();
        const r = await fetch(`${srv.url}/api/v1/sync/push`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({
            clientId,
            schemaVersion: SCHEMA_VERSION,
            mutations: [
              { id: idBaru(), seq: i + 1, table: 'realisasi', key, op: 'put', fields: { ...base, nilai: values[v] }, baseRev, at: new Date().toISOString() },
            ],
          }),
        });
        const body = (await r.json()) as { results: { status: string; rev?: number; reason?: string }[] };
        const res = body.results[0];
        if (!r.ok || !res || (res.status !== 'applied' && res.status !== 'merged')) throw new Error(`push ${i + 1}: HTTP ${r.status} ${JSON.stringify(body)}`);
        baseRev = res.rev ?? baseRev;
        await br.page.waitForFunction(
          (t: string) =>
            [...document.querySelectorAll('[data-testid=grafik-capaian]')].some((c) => (c.getAttribute('data-nilai') ?? '').split('|').includes(t)),
          labels[v]!,
          { timeout: TIMEOUT_MS, polling: 'raf' },
        );
        ms.push(Date.now() - t0);
        await new Promise((ok) => setTimeout(ok, 300)); // let the projector settle between rounds
      }
      ctx.line({
        name: 'push → projection median',
        value: round(median(ms) / 1000, 2),
        unit: 's',
        budget: atMost(2),
        note: `${ROUNDS} pushes by ${user} (${labels.join(' ↔ ')}): ${ms.join(', ')} ms`,
        detail: { ms },
      });
      ctx.line({ name: 'push → projection max', value: round(Math.max(...ms) / 1000, 2), unit: 's', budget: atMost(2) });
    } finally {
      await br.tutup();
      await srv.stop();
    }
  },
};
export default bench;
