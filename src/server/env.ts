/** The server's environment, parsed once with Zod (a bad value stops the start with a clear message). */
import { z } from 'zod';
import '../domain/bahasa-zod.ts';
import { bacaProxyTepercaya } from './alamat.ts';
import { periksaSandi } from './sandi.ts';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** Bind address (docs/deployment.md §"HOST dan PORT"): loopback by default, so only the reverse
   * proxy on the same machine reaches it; 0.0.0.0 listens on every interface. */
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url('DATABASE_URL harus berupa URL postgres://…').optional(),
  // The password rules of every chosen password (docs/security.md §Kata sandi).
  PANTAU_ADMIN_PASSWORD: z
    .string()
    .refine((p) => periksaSandi(p) === null, { error: (i) => `PANTAU_ADMIN_PASSWORD: ${periksaSandi(String(i.input))}` })
    .optional(),
  /** Comma-separated addresses/CIDRs of reverse proxies whose X-Forwarded-For is believed; unset = none (docs/security.md). */
  TRUST_PROXY: z
    .string()
    .optional()
    .superRefine((v, ctx) => {
      try {
        bacaProxyTepercaya(v);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    }),
  DIST_DIR: z.string().min(1).default('./dist'),
  /** Largest bukti dukung file in MB (docs/bukti-dukung.md "Batas"). */
  BERKAS_MAKS_MB: z.coerce.number().positive().max(100).default(20),
  /** Bukti dukung files one OPD may keep on the server, in MB (docs/bukti-dukung.md "Batas"). */
  KUOTA_OPD_MB: z.coerce.number().positive().default(2048),
  /** Days a bukti dukung file no record names any more is kept (docs/bukti-dukung.md "Retensi"). */
  BERKAS_SIMPAN_HARI: z.coerce.number().int().min(1).default(365),
  DEMO: z.enum(['0', '1', 'true', 'false', '']).optional(),
  /** Scale of the demo data (issue 17 §7, docs/deployment.md): K ≈ K times the demo kabupaten; `--kali K` wins. */
  DEMO_KALI: z.coerce.number().int().min(1).max(64).default(1),
});

export type Env = z.infer<typeof envSchema> & { demo: boolean };

/** `--kali 16` or `--kali=16` on the command line (demo mode only), else DEMO_KALI. */
function kaliArgumen(argv: readonly string[]): string | undefined {
  const i = argv.findIndex((a) => a === '--kali' || a.startsWith('--kali='));
  if (i < 0) return undefined;
  const a = argv[i]!;
  return a.includes('=') ? a.slice(a.indexOf('=') + 1) : (argv[i + 1] ?? '');
}

export function bacaEnv(env: NodeJS.ProcessEnv, argv: readonly string[]): Env {
  const bersih = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== ''));
  const kali = kaliArgumen(argv);
  if (kali !== undefined) bersih.DEMO_KALI = kali;
  const p = envSchema.safeParse(bersih);
  if (!p.success) {
    throw new Error(`Pengaturan lingkungan tidak valid: ${p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { ...p.data, demo: argv.includes('--demo') || p.data.DEMO === '1' || p.data.DEMO === 'true' };
}
