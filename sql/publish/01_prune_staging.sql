-- Drop the staged rows the running load superseded: the published versions of the files it
-- reloaded (every published file on a full refresh). Runs in the publish transaction, before
-- the manifest moves. Joined to that (usually empty) set rather than anti-joined to every
-- current file, so a load that replaced nothing does not scan the staged rows at all.
CREATE TEMPORARY TABLE superseded ON COMMIT DROP AS
SELECT m.source_key, m.load_id
FROM manifest AS m
WHERE m.source_key IN (SELECT source_key FROM pending_manifest)
   OR EXISTS (SELECT 1 FROM loads AS l WHERE l.status = 'running' AND l.full_refresh);
DELETE FROM staging_events AS e
USING superseded AS s
WHERE e.source_key = s.source_key AND e.load_id = s.load_id;
DELETE FROM staging_songs AS e
USING superseded AS s
WHERE e.source_key = s.source_key AND e.load_id = s.load_id;
DELETE FROM staging_quarantine AS e
USING superseded AS s
WHERE e.source_key = s.source_key AND e.load_id = s.load_id;
