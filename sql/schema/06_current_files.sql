-- current_files: one row per source file the warehouse holds once the running load (if any)
-- is published; key source_key. The running load's files replace their older versions, and a
-- full refresh replaces everything. Every star table is built from this view's rows only.
CREATE OR REPLACE VIEW current_files AS
SELECT source_key, load_id
FROM pending_manifest
UNION ALL
SELECT m.source_key, m.load_id
FROM manifest AS m
WHERE NOT EXISTS (SELECT 1 FROM pending_manifest AS p WHERE p.source_key = m.source_key)
  AND NOT EXISTS (SELECT 1 FROM loads AS l WHERE l.status = 'running' AND l.full_refresh);
