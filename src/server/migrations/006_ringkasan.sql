-- The rakor summary reads one year, not all history (issue 17 §6; docs/sync-protocol.md
-- "GET /ringkasan"): GET /ringkasan asks for the live pk, realisasi and realisasiAnggaran records of
-- one `tahun`, and for the indikator, sasaran and program of that year's PKs (`pkId`). Expression
-- indexes on the JSON text (no cast, so no stored value can make an insert fail), live rows only.
CREATE INDEX IF NOT EXISTS records_tahun ON records (tbl, (data->>'tahun')) WHERE NOT deleted;
CREATE INDEX IF NOT EXISTS records_pk ON records (tbl, (data->>'pkId')) WHERE NOT deleted;
