-- replaced_loads: one row per earlier load that held a file of this load (a changed file, or
-- one staged again with it), every earlier load on a full refresh; key load_id.
-- Their staged rows and manifest rows go; this load stages their files anew.
CREATE TEMPORARY TABLE replaced_loads AS
SELECT DISTINCT load_id
FROM manifest
WHERE :full_refresh OR source_key IN (SELECT source_key FROM load_files);
DELETE FROM staging_events WHERE load_id IN (SELECT load_id FROM replaced_loads);
DELETE FROM staging_songs WHERE load_id IN (SELECT load_id FROM replaced_loads);
DELETE FROM staging_quarantine WHERE load_id IN (SELECT load_id FROM replaced_loads);
DELETE FROM manifest WHERE load_id IN (SELECT load_id FROM replaced_loads);
