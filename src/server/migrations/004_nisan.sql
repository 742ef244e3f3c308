-- Tombstones carry no data (issue 9 §3; docs/sync-protocol.md "Limits", "GET /sync/pull"): records
-- deleted before this keep only what identifies them and their owner (FIELD_NISAN in
-- src/domain/schemas.ts), so deleting frees the space. Idempotent: a stripped tombstone stays as is.
UPDATE records SET data = (
  SELECT coalesce(jsonb_object_agg(e.k, e.v), '{}'::jsonb) FROM jsonb_each(records.data) AS e(k, v)
  WHERE e.k IN ('id', 'rev', 'deleted', 'updatedAt', 'updatedBy', 'opdId', 'pkId', 'sasaranId', 'indikatorId', 'programId', 'rakorId', 'arahanId', 'tahun', 'triwulan', 'periode', 'tabel', 'recordId', 'field')
) WHERE deleted AND tbl <> 'konflik';
