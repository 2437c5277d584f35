-- In the publish transaction, after the full or delta body: the load's files join the
-- manifest, one row per file (key source_key); a file quarantined whole before the COPY too:
-- it counts as loaded.
INSERT INTO manifest (source_key, kind, size, fingerprint, load_id)
SELECT source_key, kind, size, fingerprint, :load_id
FROM load_files
WHERE load_id = :load_id;
