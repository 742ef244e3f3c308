-- Bukti dukung files (issue 15; docs/bukti-dukung.md "Penyimpanan"): one row per stored content,
-- keyed by its sha256, so the same file uploaded twice is stored once. The bytes live under
-- DATA_DIR/berkas/<hash>; the row says who sent it first, for which record (tabel, record_id) of
-- which OPD (the quota is counted per opd_id), its size in bytes, its type as detected from the
-- content, and the name it had on the device. Which records use a file, and their verification,
-- are `buktiDukung` records (synced like every record). A file no live record names is removed
-- BERKAS_SIMPAN_HARI days after it was last in use (src/server/berkas.ts `bersihkanBerkas`).
CREATE TABLE IF NOT EXISTS berkas (
  hash text PRIMARY KEY CHECK (hash ~ '^[0-9a-f]{64}$'),
  ukuran bigint NOT NULL CHECK (ukuran > 0),
  mime text NOT NULL,
  nama text NOT NULL,
  tabel text NOT NULL,
  record_id text NOT NULL,
  opd_id text,
  diunggah_oleh text NOT NULL,
  diunggah_pada timestamptz NOT NULL DEFAULT now(),
  -- Last retention sweep that found a live buktiDukung record naming the file (null: none yet).
  terakhir_dipakai timestamptz
);
CREATE INDEX IF NOT EXISTS berkas_opd ON berkas (opd_id);
