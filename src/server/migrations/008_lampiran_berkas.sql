-- Who may read a file follows the records it is attached to (docs/bukti-dukung.md "Hak baca";
-- src/server/berkas.ts `lampiranBerkas`): a read by an operator whose OPD does not hold the content
-- looks up the live buktiDukung records naming its hash. Expression index on the JSON text (no cast,
-- so no stored value can make an insert fail), live evidence records only.
CREATE INDEX IF NOT EXISTS records_bukti_hash ON records ((data->>'hash')) WHERE tbl = 'buktiDukung' AND NOT deleted;
