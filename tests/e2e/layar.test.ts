/**
 * Story: the chair projects the Triwulan III 2026 summary at 1920×1080; an operator pushes a
 * realisasi from a tablet (a second client via the API); the bar and the tiles change within 2 s
 * without a reload.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mulaiServer, bukaBrowser } from './harness.ts';
import { HalamanLayar } from './pages/layar.ts';
import { KlienApi, masukLewatForm, tungguSalinanLokal } from './pages/rakor.ts';
import { hitungRingkasan, type DataPemda } from '../../src/domain/ringkasan.ts';
import { idAlami, idBaru, type Indikator, type Opd } from '../../src/domain/schemas.ts';
import { SCHEMA_VERSION } from '../../src/shared/protocol.ts';
import { formatPersen } from '../../src/lib/format.ts';

type Srv = Awaited<ReturnType<typeof mulaiServer>>;
type Br = Awaited<ReturnType<typeof bukaBrowser>>;
let srv: Srv;
let br: Br;

beforeAll(async () => {
  srv = await mulaiServer({ demo: true });
  br = await bukaBrowser();
  await br.page.setViewportSize({ width: 1920, height: 1080 });
});
afterAll(async () => {
  await br?.tutup();
  await srv?.stop();
});

const dataPemda = (t: Record<string, Record<string, unknown>[]>) =>
  ({
    pemda: (t.pemda?.[0] ?? null) as DataPemda['pemda'],
    ...Object.fromEntries(['opd', 'pk', 'sasaran', 'indikator', 'program', 'realisasi', 'realisasiAnggaran', 'rakor', 'arahan'].map((k) => [k, t[k] ?? []])),
  }) as DataPemda;

describe('Layar', () => {
  it('projects live: a pushed realisasi changes the bar and the tiles within 2 s', async () => {
    const admin = await KlienApi.masuk(srv.url, 'admin', srv.adminPassword);
    const semua = await admin.tarikSemua();
    await masukLewatForm(br.page, srv.url, 'pimpinan', 'demo12345');
    await tungguSalinanLokal(br.page, { pk: semua.pk?.length ?? 1, indikator: semua.indikator?.length ?? 1, realisasi: semua.realisasi?.length ?? 1 });
    const layar = new HalamanLayar(br.page, srv.url);
    await layar.buka(2026, 3);

    const shot = join(mkdtempSync(join(tmpdir(), 'layar-')), 'layar-1920x1080.png');
    await br.page.screenshot({ path: shot });
    console.log(`tangkapan layar: ${shot}`);
    expect(await layar.teksKecil(24)).toEqual([]);

    // The tablet: an operator of an OPD whose TW3 value we can move.
    const data = dataPemda(semua);
    const now = new Date();
    const sebelum = hitungRingkasan(data, 2026, 3, now);
    // An OPD with a naik/akhir indicator under target in TW3: raising it moves the OPD's bar.
    const indById = new Map((data.indikator as Indikator[]).map((i) => [i.id, i]));
    const cocok = (i: Indikator | undefined): i is Indikator =>
      !!i && i.polaritas === 'naik' && i.agregasi === 'akhir' && typeof i.targetTahunan === 'number' && i.targetTahunan > 0;
    const pilihan = sebelum.opd.find((o) => o.jenis !== 'kepala-daerah' && o.dibawahTarget.some((d) => cocok(indById.get(d.indikatorId))))!;
    expect(pilihan).toBeDefined();
    const opd = (data.opd as Opd[]).find((o) => o.id === pilihan.opdId)!;
    const ind = pilihan.dibawahTarget.map((d) => indById.get(d.indikatorId)).find(cocok)!;
    const target = (ind.targetTriwulan?.[2] ?? ind.targetTahunan) as number;
    const key = idAlami.realisasi(ind.id, 'TW3');
    const lama = data.realisasi.find((r) => r.id === key);
    const fields = { indikatorId: ind.id, opdId: opd.id, tahun: 2026, periode: 'TW3' as const, nilai: target * 3, tdi: false, alasanTdi: '' };
    const sesudah = hitungRingkasan(
      {
        ...data,
        realisasi: [
          ...data.realisasi.filter((r) => r.id !== key),
          {
            ...(lama ?? {
              catatan: '',
              masalah: '',
              solusi: '',
              tindakLanjut: '',
              id: key,
              rev: 0,
              updatedAt: now.toISOString(),
              updatedBy: '',
              deleted: false,
            }),
            ...fields,
          },
        ],
      },
      2026,
      3,
      now,
    );
    const opdSesudah = sesudah.opd.find((o) => o.opdId === opd.id)!;
    const opdSebelum = sebelum.opd.find((o) => o.opdId === opd.id)!;
    expect(opdSesudah.capaian).not.toBe(opdSebelum.capaian);
    const singkatanOp = `op-${opd.singkatan.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    const tablet = await KlienApi.masuk(srv.url, singkatanOp, 'demo12345');

    await layar.keGrafik();
    const teksLama = `${opd.singkatan}=${formatPersen(opdSebelum.capaian, 1)}`;
    expect(await layar.nilaiGrafik()).toContain(teksLama);

    const res = await tablet.push({
      clientId: idBaru(),
      schemaVersion: SCHEMA_VERSION,
      mutations: [
        { id: idBaru(), seq: 1, table: 'realisasi', key, op: 'put', fields, baseRev: (lama?.rev as number | undefined) ?? 0, at: new Date().toISOString() },
      ],
    });
    expect(res.results[0]!.status).not.toBe('rejected');
    const mulai = Date.now();
    const teksBaru = `${opd.singkatan}=${formatPersen(opdSesudah.capaian, 1)}`;
    await br.page.waitForFunction(
      (t: string) => [...document.querySelectorAll('[data-testid=grafik-capaian]')].some((c) => (c.getAttribute('data-nilai') ?? '').split('|').includes(t)),
      teksBaru,
      { timeout: 2_000 },
    );
    expect(Date.now() - mulai).toBeLessThanOrEqual(2_000);

    await layar.tekan('Home');
    expect(await layar.rataCapaian()).toBe(formatPersen(sesudah.total.rataCapaian, 1));
  });
});
