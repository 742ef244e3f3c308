-- Which OPDs hold a stored content (docs/bukti-dukung.md "Hak baca"): an OPD is a holder once an
-- upload for it delivered the bytes (the hash checked), the first one or a later copy of the same
-- content (the copy is dropped, the row stays). An operator reads a file only when its OPD holds
-- it: naming a hash in a buktiDukung record is no proof, every operator pulls every record and
-- so knows every hash. Removed with the file by the retention sweep.
CREATE TABLE IF NOT EXISTS pemegang_berkas (
  hash text NOT NULL REFERENCES berkas (hash) ON DELETE CASCADE,
  opd_id text NOT NULL,
  PRIMARY KEY (hash, opd_id)
);
INSERT INTO pemegang_berkas (hash, opd_id) SELECT hash, opd_id FROM berkas WHERE opd_id IS NOT NULL ON CONFLICT DO NOTHING;
