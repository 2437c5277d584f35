-- One staged file of the running load; committed with the file's rows.
INSERT INTO pending_manifest
    (source_key, kind, size, fingerprint, load_id, rows_staged, rows_quarantined, day)
VALUES
    (%(source_key)s, %(kind)s, %(size)s, %(fingerprint)s, %(load_id)s, %(rows_staged)s,
     %(rows_quarantined)s, %(day)s);
