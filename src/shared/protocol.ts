/**
 * The wire format of /api/v1 (docs/sync-protocol.md), shared by the browser and the server.
 * Every request body and every response the client reads is parsed with these schemas.
 */
import { z } from 'zod';
import { idSchema, namaTabelSchema, userSchema, roleSchema, teksAman } from '../domain/schemas.ts';

/** Bumped when the record schemas change incompatibly; the server refuses pushes from another one. */
export const SCHEMA_VERSION = 1;
export const API = '/api/v1';

export const MAKS_MUTASI_PER_PUSH = 200;
export const MAKS_BYTE_PUSH = 1024 * 1024;
export const MAKS_PULL_LIMIT = 5000;

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
  fields: z.record(z.string().max(100), z.unknown()).default({}),
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
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const mutationResultSchema = z.discriminatedUnion('status', [
  z.object({ seq: z.int(), status: z.literal('applied'), rev: z.int() }),
  z.object({ seq: z.int(), status: z.literal('merged'), rev: z.int() }),
  /** The server value stays; `konflikIds` name the konflik records made (one per field). */
  z.object({ seq: z.int(), status: z.literal('conflict'), rev: z.int(), konflikIds: z.array(idSchema) }),
  z.object({ seq: z.int(), status: z.literal('rejected'), reason: z.string() }),
]);
export type MutationResult = z.infer<typeof mutationResultSchema>;

export const pushResponseSchema = z.object({
  results: z.array(mutationResultSchema),
  /** Highest seq of this client the server has applied. */
  lastSeq: z.int(),
  /** Newest rev on the server after this push. */
  rev: z.int(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

/** Body of the 409 answer to a seq gap: the client resends from `lastSeq + 1`. */
export const seqGapSchema = z.object({
  error: z.object({ code: z.literal('seq_gap'), message: z.string() }),
  lastSeq: z.int(),
});

export const changeSchema = z.object({
  table: namaTabelSchema,
  key: idSchema,
  rev: z.int(),
  deleted: z.boolean(),
  /** The full record (with rev/updatedAt/updatedBy/deleted); null for purged tombstones. */
  record: z.record(z.string(), z.unknown()).nullable(),
});
export type Change = z.infer<typeof changeSchema>;

export const pullResponseSchema = z.object({
  changes: z.array(changeSchema),
  /** Cursor for the next call (`since=next`). */
  next: z.int(),
  /** True when more changes are waiting beyond this page. */
  more: z.boolean(),
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
});
export type LoginResponse = z.infer<typeof loginResponseSchema>;

const passwordBaru = z.string().min(8, 'Kata sandi minimal 8 karakter').max(200).refine(teksAman, 'Kata sandi mengandung karakter yang tidak diizinkan');
export const userCreateSchema = userSchema.omit({ id: true }).extend({ password: passwordBaru });
export const userUpdateSchema = userSchema.omit({ id: true, username: true }).partial().extend({ password: passwordBaru.optional() });
export { roleSchema };

export const errorBodySchema = z.object({ error: z.object({ code: z.string(), message: z.string() }) });
export type ErrorBody = z.infer<typeof errorBodySchema>;

export const healthSchema = z.object({
  ok: z.boolean(),
  storage: z.enum(['pglite', 'postgres']),
  schemaVersion: z.int(),
  migration: z.int(),
  rev: z.int(),
});

/** SSE: event `change` with data `{ rev }`; event `ping` every ≤ 25 s. */
export const pokeSchema = z.object({ rev: z.int() });
