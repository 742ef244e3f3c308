-- The JSON size of each record, kept with it (issue 17 §1/§3; docs/sync-protocol.md "GET /sync/pull"):
-- a pull page is cut at the client's byte budget (`maksByte`), and summing the stored size lets the
-- page query build the JSON text only for the records it sends, not for every candidate row
-- (src/server/sync.store.ts `pull`). It is the length in bytes of `data::text`, PostgreSQL's own
-- text form of the jsonb, which is what the page carries; `pg_column_size` would be the stored,
-- possibly TOAST-compressed size, not the bytes sent. Generated, so every write (push, setup, demo,
-- restore, a hand-made INSERT) keeps it current without naming it; adding it fills it for the rows
-- already stored (PostgreSQL rewrites the table once, inside the migration's transaction).
ALTER TABLE records ADD COLUMN IF NOT EXISTS ukuran integer GENERATED ALWAYS AS (octet_length(data::text)) STORED;
