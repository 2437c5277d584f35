-- user_events: one row per event with a userId, of the current files; key (source_key,
-- line_number). build/latest_events ranks them; a delta build ranks the load's own events
-- beside each user's published latest one instead (sql/delta/scope.sql).
CREATE OR REPLACE VIEW user_events AS
SELECT user_id, ts, item_in_session, source_key, line_number, first_name, last_name, gender,
       level
FROM current_events
WHERE user_id IS NOT NULL;
