-- replaced_loads: one row per published load the running load replaces (it holds a file the
-- running load stages again, or every published load on a full refresh); key load_id.
-- current_loads: the loads whose staged rows a build reads: the running load (the lease
-- holder: one at most) and the published loads it does not replace; key load_id. Staged rows
-- of a failed, abandoned or replaced load are read by no build, whatever is left of them.
-- current_events, current_songs, current_quarantine, user_events: the staged rows of those
-- loads, under the names the shared sql/build/ files read; keys as in the staging tables.
CREATE OR REPLACE VIEW replaced_loads AS
SELECT DISTINCT m.load_id
FROM manifest AS m
JOIN loads AS l ON l.status = 'running'
LEFT JOIN load_files AS f ON f.load_id = l.load_id AND f.source_key = m.source_key
WHERE l.full_refresh OR f.source_key IS NOT NULL;
CREATE OR REPLACE VIEW current_loads AS
SELECT load_id
FROM loads
WHERE status = 'running'
   OR (status = 'published' AND NOT load_id IN (SELECT load_id FROM replaced_loads));
CREATE OR REPLACE VIEW current_events AS
SELECT * FROM staging_events WHERE load_id IN (SELECT load_id FROM current_loads);
CREATE OR REPLACE VIEW current_songs AS
SELECT * FROM staging_songs WHERE load_id IN (SELECT load_id FROM current_loads);
CREATE OR REPLACE VIEW current_quarantine AS
SELECT * FROM staging_quarantine WHERE load_id IN (SELECT load_id FROM current_loads);
CREATE OR REPLACE VIEW user_events AS
SELECT user_id, ts, item_in_session, source_key, line_number, first_name, last_name, gender,
       level
FROM current_events
WHERE user_id IS NOT NULL;
