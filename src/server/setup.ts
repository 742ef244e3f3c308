/**
 * First start: the admin account (one-time password printed, or PANTAU_ADMIN_PASSWORD), and on
 * request the demo kabupaten with a user for every role. Both run only on an empty database, so a
 * restart never changes stored data.
 */
import { buatDemo } from '../demo/generate.ts';
import type { NamaTabel, Opd } from '../domain/schemas.ts';
import { buatUser, hashPassword, jumlahUser, passwordAcak } from './auth.ts';
import type { Db } from './db.ts';
import { SyncStore } from './sync.store.ts';

export const PASSWORD_DEMO = 'demo12345';

export interface HasilSiapkan {
  /** Set only when the admin was created now with a generated password (print it once). */
  adminPasswordBaru: string | null;
  /** Demo accounts created now (username, role, OPD), all with PASSWORD_DEMO. */
  akunDemo: { username: string; role: string; opd?: string }[];
  jumlahRecordDemo: number;
}

/** `op-dinkes` for singkatan "Dinkes": the demo operator of an OPD. */
export const usernameOperator = (opd: Pick<Opd, 'singkatan'>): string => `op-${opd.singkatan.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;

/**
 * `demoKali`: the demo data's scale (buatDemo `kali`, issue 17 §7; default 1).
 * `passwordDemo`: the demo accounts' password (default PASSWORD_DEMO). A generated admin password
 * is printed once and must be replaced at the first sign-in (docs/security.md §Akun admin pertama);
 * one given in PANTAU_ADMIN_PASSWORD was chosen by the installer and follows the password rules.
 */
export async function siapkan(
  db: Db,
  opsi: { adminPassword?: string | undefined; demo?: boolean; demoKali?: number; now?: Date; passwordDemo?: string },
): Promise<HasilSiapkan> {
  const hasil: HasilSiapkan = { adminPasswordBaru: null, akunDemo: [], jumlahRecordDemo: 0 };
  if ((await jumlahUser(db)) === 0) {
    const pw = opsi.adminPassword ?? passwordAcak();
    await buatUser(db, {
      username: 'admin',
      nama: 'Administrator Bappeda',
      role: 'admin',
      opdId: null,
      passwordHash: await hashPassword(pw),
      wajibGantiPassword: !opsi.adminPassword,
    });
    if (!opsi.adminPassword) hasil.adminPasswordBaru = pw;
  }
  const store = new SyncStore(db);
  if (opsi.demo && (await store.kosong())) {
    const data = buatDemo({ ...(opsi.now ? { now: opsi.now } : {}), kali: opsi.demoKali ?? 1 });
    hasil.jumlahRecordDemo = await store.muat(data as unknown as Partial<Record<NamaTabel, Record<string, unknown>[]>>);
    const hash = await hashPassword(opsi.passwordDemo ?? PASSWORD_DEMO);
    const akun: { username: string; nama: string; role: 'pimpinan' | 'viewer' | 'operator'; opdId: string | null; opd?: string }[] = [
      { username: 'pimpinan', nama: 'Sekretaris Daerah (Ketua Rakor)', role: 'pimpinan', opdId: null },
      { username: 'viewer', nama: 'Inspektorat (Pemantau)', role: 'viewer', opdId: null },
      ...data.opd
        .filter((o) => o.jenis !== 'kepala-daerah')
        .map((o) => ({ username: usernameOperator(o), nama: `Operator ${o.singkatan}`, role: 'operator' as const, opdId: o.id, opd: o.singkatan })),
    ];
    for (const a of akun) {
      await buatUser(db, { username: a.username, nama: a.nama, role: a.role, opdId: a.opdId, passwordHash: hash }).catch(() => undefined);
      hasil.akunDemo.push({ username: a.username, role: a.role, ...(a.opd ? { opd: a.opd } : {}) });
    }
  }
  return hasil;
}
