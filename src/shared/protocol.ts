/**
 * The wire format of /api/v1 (docs/sync-protocol.md), shared by the browser and the server.
 * Every request body and every response the client reads is parsed with these schemas.
 */
import { z } from 'zod';
import { idSchema, namaTabelSchema, userSchema, roleSchema, teksAman } from '../domain/schemas.ts';
import { kodePenolakanSchema } from './penolakan.ts';

/** Bumped when the record schemas change incompatibly; the server refuses pushes from another one. */
export const SCHEMA_VERSION = 1;
export const API = '/api/v1';

/** Limits of the wire (docs/sync-protocol.md "Limits"; issue 9 §3). */
export const MAKS_MUTASI_PER_PUSH = 200;
/** A push body as sent (gzip or not). */
export const MAKS_BYTE_PUSH = 1024 * 1024;
export const MAKS_PULL_LIMIT = 5000;
/**
 * A pull page stops once its records reach this many bytes of JSON (at least one record always
 * goes). Bounded by bytes as well as by count: a page of 2500 large records would not fit in one
 * string on the server (one account could otherwise stop every pull).
 */
export const MAKS_BYTE_PULL = 4 * 1024 * 1024;
/**
 * The smallest byte budget a client may ask of a pull page (`maksByte`, issue 17 §1): a smaller
 * request is raised to it, so a client on a bad link still gets pages worth a round trip, and any
 * record the demo makes (a signed PK with its ~12 KB snapshot) fits one page on its own.
 */
export const MIN_BYTE_PULL = 32 * 1024;
/**
 * The header of a pull page (GET /sync/pull, GET /sync/tahun) that has more after it: the `next`
 * of its body, sent before the body (docs/sync-protocol.md "Pull response"). A tablet on a slow link
 * asks for the next page the moment these headers arrive, while this page's body still crosses the
 * link, instead of one round trip after its last byte (issue 17 budget "on the 3G profile ≤ 1,2 ×
 * its byte floor"). Absent on the last page.
 */
export const HEADER_NEXT = 'X-Pantau-Next';

/** Every request body other than a push, checked before it is parsed (413 `terlalu_besar`). */
export const MAKS_BYTE_PERMINTAAN = 64 * 1024;

/**
 * A mutation's `fields`: a JSON object (not an array) whose field names are at most 100 characters,
 * kept as parsed. `z.record(z.string().max(100), z.unknown())` said the same but rebuilt every
 * mutation's object key by key: two thirds of parsing a push of 200 (issue 17 §3). The values
 * are checked by the table's record schema on the server.
 */
const fieldsSchema = z.custom<Record<string, unknown>>(
  (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    const proto: unknown = Object.getPrototypeOf(v);
    return (proto === Object.prototype || proto === null) && Object.keys(v).every((k) => k.length <= 100);
  },
  { error: 'fields harus berupa objek dengan nama field paling panjang 100 karakter' },
);

export const mutationSchema = z.object({
  /** Client-made id of this mutation (UUID), for diagnostics only: `seq` identifies a mutation on the
   * wire, so clients may omit it (the browser does, to keep a one-value push under 300 bytes). */
  id: idSchema.optional(),
  /** Increases by one per client; the server stores the last applied one. */
  seq: z.int().min(1),
  table: namaTabelSchema,
  /** The record id. */
  key: idSchema,
  op: z.enum(['put', 'delete']),
  /** Only the changed fields (put); ignored for delete. */
  fields: fieldsSchema.default({}),
  /** The record's rev the client last saw (0: the client believes it is new). */
  baseRev: z.int().min(0),
  /** Device time of the edit: display only, never used for ordering. */
  at: z.string().max(40),
});
export type Mutation = z.infer<typeof mutationSchema>;

export const pushRequestSchema = z.object({
  clientId: idSchema,
  schemaVersion: z.int(),
  mutations: z.array(mutationSchema).max(MAKS_MUTASI_PER_PUSH),
  /** The server epoch this client's revs and baseRevs belong to (docs/deployment.md §"Cadangan dan
   * pemulihan"). When given and not the server's, nothing is applied: 409 `epoch_berbeda`. */
  epoch: idSchema.optional(),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({ seq: z.int(), status: z.literal('applied'), rev: z.int() }),
  z.object({ seq: z.int(), status: z.literal('merged'), rev: z.int() }),
  /** The server value stays; `konflikIds` name the konflik records made (one per field). */
  z.object({ seq: z.int(), status: z.literal('conflict'), rev: z.int(), konflikIds: z.array(idSchema) }),
  /** Not stored. `kode`: why, as a machine code (src/shared/penolakan.ts, docs/sync-protocol.md "Rejection codes");
   * `reason`: the same in Indonesian, for the user. Clients decide by `kode`, never by `reason`. */
  z.object({ seq: z.int(), status: z.literal('rejected'), kode: kodePenolakanSchema, reason: z.string() }),
]);
export type MutationResult = z.infer<typeof mutationResultSchema>;

/**
 * Sent with every sync answer (push and pull): which database answered and its schema version.
 * Optional in the schemas so a client can still read an older server.
 */
const identitasServer = {
  /** The database's id, new after every restore (src/server/migrations/003_epoch.sql). */
  epoch: idSchema.optional(),
  /** The rev the database had when this epoch began (0 for a database never restored). */
  epochRev: z.int().min(0).optional(),
  /** The server's SCHEMA_VERSION: a client with another one must reload to get the matching app. */
  schemaVersion: z.int().optional(),
};

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  /** Highest seq of this client the server has applied. */
  lastSeq: z.int(),
  /** Newest rev on the server after this push. */
  rev: z.int(),
  /**
   * The server's newest rev just before this push's revs (read under the sync_state lock in the
   * push's last statement): every rev in (revAwal, rev] was given by this push. A client whose pull cursor is at revAwal
   * and holds every record the push wrote may move its cursor to `rev` instead of pulling them back.
   */
  revAwal: z.int().min(0).optional(),
  /** Server time (ISO) stamped as `updatedAt` on every record this push wrote. */
  updatedAt: z.string().max(40).optional(),
  ...identitasServer,
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** Body of the 409 answer to a push made against another epoch (the server was restored). */
export const epochBerbedaSchema = z.object({
  error: z.object({ code: z.literal('epoch_berbeda'), message: z.string() }),
  epoch: idSchema,
  epochRev: z.int().min(0),
});

/** Body of the 409 answer to a seq gap: the client resends from `lastSeq + 1`. */
export const seqGapSchema = z.object({
  error: z.object({ code: z.literal('seq_gap'), message: z.string() }),
  lastSeq: z.int(),
  /** The server's newest rev (a server that lost acknowledged seqs was restored: the client re-syncs). */
  rev: z.int().optional(),
});

export const changeSchema = z.object({
  table: namaTabelSchema,
  key: idSchema,
  rev: z.int(),
  deleted: z.boolean(),
  /**
   * The full record (with rev/updatedAt/updatedBy/deleted); null for purged tombstones. Checked to
   * be a JSON object and kept as parsed: `z.record` copies every key of every record, a third of
   * a pull page's validation on the tablet (issue 17 §5). The record's own rules are the server's
   * (src/domain/schemas.ts, checked on push).
   */
  record: z.custom<Record<string, unknown>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { error: 'record harus berupa objek' }).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Cursor for the next call (`since=next`). */
  next: z.int(),
  /** True when more changes are waiting beyond this page. */
  more: z.boolean(),
  /** Newest rev on the server: below the client's cursor means the server went back (a restore). */
  rev: z.int().optional(),
  ...identitasServer,
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, 'Nama pengguna wajib diisi').max(60).refine(teksAman, 'Nama pengguna mengandung karakter yang tidak diizinkan'),
  password: z.string().min(1, 'Kata sandi wajib diisi').max(200).refine(teksAman, 'Kata sandi mengandung karakter yang tidak diizinkan'),
});
export const loginResponseSchema = z.object({
  token: z.string(),
  expiresAt: z.string(),
  user: userSchema,
  /** The server's clock when it answered (ISO): the device keeps its offset to judge expiry (docs/security.md §Jam perangkat). */
  serverTime: z.string().optional(),
  /** The account still uses the printed one-time password: it must choose its own first. */
  wajibGantiPassword: z.boolean().optional(),
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

/**
 * A password a person chooses: at least 10 characters (NIST SP 800-63B §3.1.1.2); the server
 * also refuses common passwords (src/server/sandi.ts, docs/security.md §Kata sandi).
 */
export const passwordBaruSchema = z
  .string()
  .min(10, 'Kata sandi minimal 10 karakter')
  .max(200, 'Kata sandi maksimal 200 karakter')
  .refine(teksAman, 'Kata sandi mengandung karakter yang tidak diizinkan');
const passwordBaru = passwordBaruSchema;
export const userCreateSchema = userSchema.omit({ id: true }).extend({ password: passwordBaru });
/**
 * PATCH /users/:id: any subset of these fields, and ONLY those are changed. Written out without
 * the user schema's defaults on purpose: `.partial()` keeps a field's `.default()`, so a PATCH of
 * only `password` used to carry `aktif: true, opdId: null` and re-activate or unlink the account.
 */
export const userUpdateSchema = z
  .object(
    {
      nama: userSchema.shape.nama,
      role: roleSchema,
      opdId: idSchema.nullable(),
      aktif: z.boolean({ error: 'aktif harus true atau false' }),
      password: passwordBaru,
    },
    { error: (iss) => (iss.code === 'unrecognized_keys' ? `Field tidak dapat diubah: ${iss.keys.join(', ')}` : undefined) },
  )
  .partial()
  .strict();
/** POST /auth/password: everyone changes their own password, proving the current one. */
export const gantiPasswordSchema = z.object({
  passwordLama: z.string().min(1, 'Kata sandi lama wajib diisi').max(200).refine(teksAman, 'Kata sandi mengandung karakter yang tidak diizinkan'),
  passwordBaru,
});
/** POST /auth/tiket: a one-time ticket for GET /events?tiket=… (valid 60 s). */
export const tiketResponseSchema = z.object({ tiket: z.string(), expiresAt: z.string() });
export { roleSchema };

export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });

/** GET /health (docs/deployment.md §"Pemantauan"). */
export const healthSchema = z.object({
  ok: z.boolean(),
  storage: z.enum(['pglite', 'postgres']),
  schemaVersion: z.int(),
  migration: z.int(),
  rev: z.int(),
  epoch: idSchema,
  epochRev: z.int(),
  /** package.json version of the running server. */
  version: z.string(),
  /** Seconds since the process started. */
  uptime: z.number(),
});

/** SSE: event `change` with data `{ rev }`; event `ping` every ≤ 25 s. */
export const pokeSchema = z.object({ rev: z.int() });
