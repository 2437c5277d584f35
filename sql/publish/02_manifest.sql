-- The running load's files become the manifest (all of it on a full refresh).
DELETE FROM manifest AS m
WHERE NOT EXISTS (SELECT 1 FROM current_files AS f WHERE f.source_key = m.source_key)
   OR m.source_key IN (SELECT source_key FROM pending_manifest);
INSERT INTO manifest SELECT * FROM pending_manifest;
UPDATE loads
SET status = 'published', ended_at = now(),
    message = CASE WHEN EXISTS (SELECT 1 FROM pending_manifest) THEN NULL
                   ELSE 'no new or changed files' END
WHERE status = 'running';
DELETE FROM pending_manifest;
