-- The load's files join the manifest, the load is recorded, and everything commits at once.
INSERT INTO manifest (source_key, kind, size, fingerprint, load_id)
SELECT source_key, kind, size, fingerprint, :load_id
FROM load_files;
INSERT INTO loads (load_id, source, full_refresh, status, started_at, ended_at)
SELECT :load_id, :source, :full_refresh, 'published', CAST(:started_at AS TIMESTAMP), GETDATE();
COMMIT;
