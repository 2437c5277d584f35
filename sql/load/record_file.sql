-- One staged file of the running load; committed with the file's rows.
INSERT INTO pending_manifest
    (source_key, kind, size, fingerprint, load_id, rows_staged, rows_quarantined, day)
VALUES
    (:source_key, :kind, :size, :fingerprint, :load_id, :rows_staged,
     :rows_quarantined, :day);
