-- The year each record is scoped by in pulls, kept with it (issue 17 §2; docs/sync-protocol.md
-- "History scope"): a tablet's pull skips years it does not hold, and an indikator, sasaran or
-- program takes its PK's year (src/server/sync.store.ts `pull`). Read from `data` per candidate row,
-- that year meant detoasting the whole jsonb of the record, and of its PK for every indikator,
-- sasaran and program (a signed PK carries its ~12 KB snapshot), two or three times per row. This
-- integer sits in the row itself. NULL when `tahun` is absent or not a whole number of at most nine
-- digits (such a value made the old cast fail the whole pull): no year, always in scope, as before.
-- Generated, so every write keeps it current without naming it; adding it fills it for the rows
-- already stored (PostgreSQL rewrites the table once, inside the migration's transaction).
ALTER TABLE records ADD COLUMN IF NOT EXISTS tahun integer GENERATED ALWAYS AS (
  CASE WHEN jsonb_typeof(data -> 'tahun') = 'number' AND (data ->> 'tahun') ~ '^-?[0-9]{1,9}$' THEN (data ->> 'tahun')::integer END
) STORED;
