-- level_events: one row per event with a userId and a level, of the current files; key
-- (source_key, line_number). build/user_levels orders them into periods; a delta build reads
-- all current events of the load's users instead (sql/delta/scope.sql).
CREATE OR REPLACE VIEW level_events AS
SELECT user_id, ts, item_in_session, source_key, line_number, level
FROM user_events
WHERE level IS NOT NULL;
