-- What failed, killed and abandoned loads left, discarded by the lease holder (at prepare,
-- and when its own load fails): staged rows, line counts and file lists of every load that is
-- neither published nor running. Rows of replaced loads went in the publish that replaced
-- them. The published tables are not touched.
DELETE FROM staging_events
WHERE NOT load_id IN (SELECT load_id FROM loads WHERE status IN ('published', 'running'));
DELETE FROM staging_songs
WHERE NOT load_id IN (SELECT load_id FROM loads WHERE status IN ('published', 'running'));
DELETE FROM staging_quarantine
WHERE NOT load_id IN (SELECT load_id FROM loads WHERE status IN ('published', 'running'));
DELETE FROM file_lines
WHERE NOT load_id IN (SELECT load_id FROM loads WHERE status IN ('published', 'running'));
DELETE FROM load_files
WHERE NOT load_id IN (SELECT load_id FROM loads WHERE status = 'running');
