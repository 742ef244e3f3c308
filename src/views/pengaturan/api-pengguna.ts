/**
 * User management through the server API (admin only). Online only: users live on the server,
 * never in the local database; every call needs the network and says so in Indonesian when it fails.
 */
import { z } from 'zod';
import { API, errorBodySchema, userCreateSchema, userUpdateSchema } from '../../shared/protocol.ts';
import { userSchema, type User } from '../../domain/schemas.ts';

export type BuatPengguna = z.input<typeof userCreateSchema>;
export type UbahPengguna = z.input<typeof userUpdateSchema>;

export class GalatPengguna extends Error {
  constructor(message: string, public readonly fields: Record<string, string> = {}) {
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
  constructor(private readonly token: string, private readonly fetchFn: typeof fetch = (...a) => fetch(...a)) {}

  async #panggil(path: string, init: RequestInit = {}): Promise<unknown> {
    let r: Response;
    try {
      r = await this.fetchFn(`${API}${path}`, { ...init, headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}`, ...init.headers } });
    } catch {
      throw new GalatPengguna('Tidak dapat terhubung ke server. Pengelolaan pengguna hanya bisa dilakukan saat daring.');
    }
    const body: unknown = await r.json().catch(() => null);
    if (!r.ok) {
      const e = errorBodySchema.safeParse(body);
      throw new GalatPengguna(e.success ? e.data.error.message : `Server menjawab ${r.status}.`);
    }
    return body;
  }

  async daftar(): Promise<User[]> {
    const body = await this.#panggil('/users');
    const arr = Array.isArray(body) ? body : (body as { users?: unknown } | null)?.users;
    return z.array(userSchema).parse(arr);
  }

  async buat(u: BuatPengguna): Promise<void> {
    const p = userCreateSchema.safeParse(u);
    if (!p.success) throw new GalatPengguna('Periksa isian pengguna.', fieldsDari(p.error));
    await this.#panggil('/users', { method: 'POST', body: JSON.stringify(p.data) });
  }

  async ubah(id: string, u: UbahPengguna): Promise<void> {
    const p = userUpdateSchema.safeParse(u);
    if (!p.success) throw new GalatPengguna('Periksa isian pengguna.', fieldsDari(p.error));
    await this.#panggil(`/users/${encodeURIComponent(id)}`, { method: 'PATCH', body: JSON.stringify(p.data) });
  }
}
