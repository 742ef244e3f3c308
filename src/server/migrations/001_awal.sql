-- Initial schema. Migrations are append-only: a later file may add, never drop or rewrite.

-- Every synced record of every table, as its full JSON (docs/architecture.md "Records and natural keys"). `rev` comes from the
-- sync_state counter, so a pull in rev order never skips a committed change.
CREATE TABLE IF NOT EXISTS records (
  tbl text NOT NULL,
  id uuid NOT NULL,
  rev bigint NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  data jsonb NOT NULL,
  -- per field: { "rev": n, "client": "<clientId>", "oleh": "<username>" } of its last change
  field_revs jsonb NOT NULL DEFAULT '{}'::jsonb,
  PRIMARY KEY (tbl, id)
);
CREATE INDEX IF NOT EXISTS records_rev ON records (rev);

-- One row: the per-pemda change counter. Each push transaction locks it first (serialising writers).
CREATE TABLE IF NOT EXISTS sync_state (
  id integer PRIMARY KEY,
  rev bigint NOT NULL
);
INSERT INTO sync_state (id, rev) VALUES (1, 0) ON CONFLICT (id) DO NOTHING;

-- Per client (one browser database): the last applied mutation seq.
CREATE TABLE IF NOT EXISTS clients (
  client_id uuid PRIMARY KEY,
  user_id uuid NOT NULL,
  last_seq bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Answers of applied seqs, so a retried batch gets the same answers (old ones are pruned).
CREATE TABLE IF NOT EXISTS client_results (
  client_id uuid NOT NULL,
  seq bigint NOT NULL,
  result jsonb NOT NULL,
  PRIMARY KEY (client_id, seq)
);

CREATE TABLE IF NOT EXISTS users (
  id uuid PRIMARY KEY,
  username text NOT NULL UNIQUE,
  nama text NOT NULL,
  role text NOT NULL,
  opd_id uuid,
  aktif boolean NOT NULL DEFAULT true,
  password_hash text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

-- Bearer tokens, stored as sha256 hex only.
CREATE TABLE IF NOT EXISTS tokens (
  hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users (id),
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS tokens_user ON tokens (user_id);
