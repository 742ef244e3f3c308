/**
 * User management (admin only) over the app's one server client (`sesi.server()`, src/sync/client.ts).
 * Online only: users live on the server, never in the local database; every call needs the network
 * and says so in Indonesian when it fails. Input is checked with the shared schemas first, so field
 * errors show next to their fields before anything is sent.
 */
import { z } from 'zod';
import { userCreateSchema, userUpdateSchema } from '../../shared/protocol.ts';
import type { User } from '../../domain/schemas.ts';
import { GalatJaringan, type KlienSinkron } from '../../sync/client.ts';

export type BuatPengguna = z.input<typeof userCreateSchema>;
export type UbahPengguna = z.input<typeof userUpdateSchema>;

export class GalatPengguna extends Error {
  constructor(
    message: string,
    public readonly fields: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'GalatPengguna';
  }
}

function fieldsDari(e: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of e.issues) out[i.path.join('.')] ??= i.message;
  return out;
}

export class ApiPengguna {
  /** `server` gives the signed-in user's client, normally `() => sesi.server()`. */
  constructor(private readonly server: () => Promise<KlienSinkron>) {}

  async #panggil<T>(f: (k: KlienSinkron) => Promise<T>): Promise<T> {
    try {
      return await f(await this.server());
    } catch (e) {
      if (e instanceof GalatJaringan) throw new GalatPengguna('Tidak dapat terhubung ke server. Pengelolaan pengguna hanya bisa dilakukan saat daring.');
      throw new GalatPengguna(e instanceof Error ? e.message : String(e));
    }
  }

  daftar(): Promise<User[]> {
    return this.#panggil((k) => k.daftarPengguna());
  }

  async buat(u: BuatPengguna): Promise<void> {
    const p = userCreateSchema.safeParse(u);
    if (!p.success) throw new GalatPengguna('Periksa isian pengguna.', fieldsDari(p.error));
    await this.#panggil((k) => k.buatPengguna(p.data));
  }

  async ubah(id: string, u: UbahPengguna): Promise<void> {
    const p = userUpdateSchema.safeParse(u);
    if (!p.success) throw new GalatPengguna('Periksa isian pengguna.', fieldsDari(p.error));
    await this.#panggil((k) => k.ubahPengguna(id, p.data));
  }
}
