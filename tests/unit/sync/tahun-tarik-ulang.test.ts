/**
 * Review (bukaTahun × a full re-pull): a year opened while a run that re-pulls everything after a
 * server restore is under way. The run's scope was read before the year joined, so the re-pull
 * never "sees" the year's records; `selesaiTarikUlang` then removes every local record it did not
 * see — including the ones `bukaTahun` has just stored — and `bukaTahun`'s second fetch only asks
 * for revs after its first one, so they never come back: the year reads as opened but is empty.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { idAlami } from '../../../src/domain/schemas.ts';
import { tahunIni } from '../../../src/domain/waktu.ts';
import { simpan } from '../../../src/db/repo.ts';
import { epochTersimpan, mulaiTarikUlang } from '../../../src/db/tarik.ts';
import type { FetchFn } from '../../../src/sync/client.ts';
import type { PantauDB } from '../../../src/db/database.ts';
import { PEJABAT } from '../db/bantu.ts';
import { klienBaru, serverUji } from './bantu-sync.ts';

vi.setConfig({ testTimeout: 120_000 });

const KINI = tahunIni(new Date());
const LAMA = KINI - 4;

const rakor = (db: PantauDB, tahun: number, triwulan: number, tempat: string) =>
  simpan(db, 'rakor', idAlami.rakor(tahun, triwulan), { tahun, triwulan, tanggal: `${tahun}-04-20`, tempat, pimpinan: PEJABAT }, 'admin');

describe('opening a year while a full re-pull runs', () => {
  it("keeps the year's records once both are done", async () => {
    const server = await serverUji();
    const asal: FetchFn = async (i, init) => server.app.request(String(i), init);
    const a = klienBaru(asal, server.token);
    await rakor(a.db, LAMA, 1, 'Aula lama');
    await rakor(a.db, KINI, 1, 'Aula kini');
    await a.mesin.sinkronSekarang();

    let buka: (() => void) | null = null;
    let ditahan: Promise<void> | null = null;
    let sampai!: () => void;
    const tiba = new Promise<void>((ok) => (sampai = ok));
    const fetchB: FetchFn = async (i, init) => {
      if (String(i).includes('/sync/pull') && ditahan) {
        sampai();
        await ditahan;
      }
      return server.app.request(String(i), init);
    };
    const b = klienBaru(fetchB, server.token);
    await b.mesin.sinkronSekarang();
    expect(b.status.current.galat).toBeNull();
    expect(await b.db.rakor.get(idAlami.rakor(LAMA, 1))).toBeUndefined();

    // The server was restored (as a pull or push answer would have said): the next run re-pulls everything.
    const [s] = await server.db.query('SELECT rev FROM sync_state');
    await mulaiTarikUlang(b.db, await epochTersimpan(b.db), Number(s!.rev));
    ditahan = new Promise<void>((ok) => (buka = ok));
    const putaran = b.mesin.sinkronSekarang();
    await tiba;
    // The run has read its scope and waits for its first page; the user opens the old year meanwhile.
    const dibuka = b.mesin.bukaTahun(LAMA, { sementara: true });
    await new Promise((ok) => setTimeout(ok, 300));
    ditahan = null;
    buka!();
    await putaran;
    expect(await dibuka).toBeGreaterThanOrEqual(1);
    expect(b.status.current.galat).toBeNull();
    expect((await b.db.rakor.get(idAlami.rakor(LAMA, 1)))?.tempat).toBe('Aula lama');
    // Nor does a later run bring it back.
    await b.mesin.sinkronSekarang();
    expect((await b.db.rakor.get(idAlami.rakor(LAMA, 1)))?.tempat).toBe('Aula lama');
    for (const k of [a, b]) {
      k.mesin.stop();
      await k.mesin.selesai();
      k.db.close();
    }
    await server.db.close();
  });
});
