-- The database's identity (docs/deployment.md §"Cadangan dan pemulihan"): `epoch` is a random id
-- made when the database is created and made anew by every restore (`npm run restore`), and
-- `epoch_rev` is the rev the database had when that epoch began. Every sync answer carries the
-- epoch; a tablet that sees another one pulls everything again and re-bases its pending edits on
-- `epoch_rev` (revs above it belong to a history the restored database never had).
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS epoch uuid NOT NULL DEFAULT gen_random_uuid();
ALTER TABLE sync_state ADD COLUMN IF NOT EXISTS epoch_rev bigint NOT NULL DEFAULT 0;
