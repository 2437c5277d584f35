-- The floor's bookkeeping: every staged file belongs to the running load (load_id 1), so the
-- project's transform SQL reads them through current_files as it does after a real staging.
INSERT INTO pending_manifest (source_key, kind, size, fingerprint, load_id, rows_staged,
                              rows_quarantined)
SELECT source_key, 'floor', 0, '', 1, 0, 0
FROM (SELECT source_key FROM staging_events UNION SELECT source_key FROM staging_songs) AS keys;
