-- Drop the staged rows the running load superseded (older versions of reloaded files; all
-- older rows on a full refresh). Runs in the publish transaction, before the manifest moves.
DELETE FROM staging_events AS e
WHERE NOT EXISTS (
    SELECT 1 FROM current_files AS f WHERE f.source_key = e.source_key AND f.load_id = e.load_id
);
DELETE FROM staging_songs AS s
WHERE NOT EXISTS (
    SELECT 1 FROM current_files AS f WHERE f.source_key = s.source_key AND f.load_id = s.load_id
);
DELETE FROM staging_quarantine AS q
WHERE NOT EXISTS (
    SELECT 1 FROM current_files AS f WHERE f.source_key = q.source_key AND f.load_id = q.load_id
);
