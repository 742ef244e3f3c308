-- Accounts (issue 9 point 9, docs/security.md). Append-only and idempotent.

-- The printed one-time admin password must be replaced at the first sign-in: until then the
-- account's tokens reach only /auth/me, /auth/password and /auth/logout.
ALTER TABLE users ADD COLUMN IF NOT EXISTS wajib_ganti_password boolean NOT NULL DEFAULT false;

-- One-time tickets for the live event stream (EventSource cannot send an Authorization header, and
-- a bearer token in a URL ends up in proxy logs). A ticket lives 60 seconds and is used once; it
-- names the token (by hash) it was issued for, so revoking the token ends the stream too.
CREATE TABLE IF NOT EXISTS tiket_sse (
  hash text PRIMARY KEY,
  token_hash text NOT NULL,
  expires_at timestamptz NOT NULL
);
CREATE INDEX IF NOT EXISTS tiket_sse_expires ON tiket_sse (expires_at);
