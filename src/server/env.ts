/** The server's environment, parsed once with Zod (a bad value stops the start with a clear message). */
import { z } from 'zod';
import '../domain/bahasa-zod.ts';
import { bacaProxyTepercaya } from './alamat.ts';
import { periksaSandi } from './sandi.ts';
import type { OpsiS3 } from './gudang-berkas.ts';

const envSchema = z.object({
  PORT: z.coerce.number().int().min(1).max(65535).default(8080),
  /** Bind address (docs/deployment.md §"HOST dan PORT"): loopback by default, so only the reverse
   * proxy on the same machine reaches it; 0.0.0.0 listens on every interface. */
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z.string().url('DATABASE_URL harus berupa URL postgres://…').optional(),
  /** Connections the server keeps to PostgreSQL (docs/deployment.md §"Pengaturan lingkungan"; issue 17 §3); default PG_POOL_MAX_BAWAAN. */
  PG_POOL_MAX: z.coerce.number().int().min(1).max(500).optional(),
  /** Pull pages read and built at once (docs/deployment.md §"Pengaturan lingkungan"; issue 17 §3); default PULL_PARALEL_BAWAAN. */
  PULL_PARALEL: z.coerce.number().int().min(1).max(100).optional(),
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
  /**
   * An S3-compatible store for the bukti dukung files instead of DATA_DIR/berkas (issue 15 point 3;
   * docs/bukti-dukung.md "Penyimpanan"): on when BERKAS_S3_BUCKET is set.
   */
  BERKAS_S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'BERKAS_S3_BUCKET harus nama bucket S3 (3–63 huruf kecil, angka, titik, tanda hubung)')
    .optional(),
  /** e.g. http://127.0.0.1:9000 for MinIO; unset = AWS S3 of BERKAS_S3_REGION. */
  BERKAS_S3_ENDPOINT: z.string().url('BERKAS_S3_ENDPOINT harus berupa URL http(s)://…').optional(),
  BERKAS_S3_REGION: z.string().min(1).default('us-east-1'),
  BERKAS_S3_ACCESS_KEY_ID: z.string().min(1).optional(),
  BERKAS_S3_SECRET_ACCESS_KEY: z.string().min(1).optional(),
  /** Key prefix inside the bucket, e.g. "pantau/" (empty: the bucket's root). */
  BERKAS_S3_PREFIX: z
    .string()
    .regex(/^([A-Za-z0-9._-]+\/)*$/, 'BERKAS_S3_PREFIX harus kosong atau seperti "pantau/" (diakhiri garis miring)')
    .default(''),
  /** Path-style addresses (MinIO and most self-hosted stores want them); 0 for virtual-hosted style. */
  BERKAS_S3_PATH_STYLE: z.enum(['0', '1', 'true', 'false']).default('1'),
  DEMO: z.enum(['0', '1', 'true', 'false', '']).optional(),
  /** Scale of the demo data (issue 17 §7, docs/deployment.md): K ≈ K times the demo kabupaten; `--kali K` wins. */
  DEMO_KALI: z.coerce.number().int().min(1).max(64).default(1),
});

/** The S3 settings are all or nothing: a half-configured store would lose files silently. */
const envLengkapSchema = envSchema.superRefine((e, ctx) => {
  const lain = (['BERKAS_S3_ENDPOINT', 'BERKAS_S3_ACCESS_KEY_ID', 'BERKAS_S3_SECRET_ACCESS_KEY'] as const).filter((k) => e[k] !== undefined);
  if (!e.BERKAS_S3_BUCKET && lain.length) ctx.addIssue({ code: 'custom', path: ['BERKAS_S3_BUCKET'], message: `wajib diisi bila ${lain.join(', ')} diisi` });
  if ((e.BERKAS_S3_ACCESS_KEY_ID === undefined) !== (e.BERKAS_S3_SECRET_ACCESS_KEY === undefined))
    ctx.addIssue({
      code: 'custom',
      path: ['BERKAS_S3_SECRET_ACCESS_KEY'],
      message: 'BERKAS_S3_ACCESS_KEY_ID dan BERKAS_S3_SECRET_ACCESS_KEY diisi berdua atau tidak sama sekali',
    });
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
  const p = envLengkapSchema.safeParse(bersih);
  if (!p.success) {
    throw new Error(`Pengaturan lingkungan tidak valid: ${p.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  return { ...p.data, demo: argv.includes('--demo') || p.data.DEMO === '1' || p.data.DEMO === 'true' };
}

/** The S3 store's settings (gudang-berkas.ts `gudangS3`), or null for DATA_DIR/berkas. */
export function opsiS3Dari(env: Env, dirSementara: string): OpsiS3 | null {
  if (!env.BERKAS_S3_BUCKET) return null;
  return {
    bucket: env.BERKAS_S3_BUCKET,
    endpoint: env.BERKAS_S3_ENDPOINT,
    region: env.BERKAS_S3_REGION,
    accessKeyId: env.BERKAS_S3_ACCESS_KEY_ID,
    secretAccessKey: env.BERKAS_S3_SECRET_ACCESS_KEY,
    prefix: env.BERKAS_S3_PREFIX,
    pathStyle: env.BERKAS_S3_PATH_STYLE === '1' || env.BERKAS_S3_PATH_STYLE === 'true',
    dirSementara,
  };
}
