-- latest_events: one row per user; key user_id. The user's latest event (any page, non-empty
-- userId): greatest ts, then greatest itemInSession (NULL lowest), then smallest source_key,
-- then smallest line_number. users takes its attributes from it, and user_latest its sort key,
-- in the same task: a temporary table (no WAL), read only by that task's connection.
DROP TABLE IF EXISTS latest_events;
CREATE TEMPORARY TABLE latest_events AS
SELECT user_id, ts, item_in_session, source_key, line_number, first_name, last_name, gender,
       level
FROM (
    SELECT e.*,
           ROW_NUMBER() OVER (
               PARTITION BY e.user_id
               ORDER BY e.ts DESC, e.item_in_session DESC NULLS LAST, e.source_key, e.line_number
           ) AS pick
    FROM user_events AS e
) AS ranked
WHERE pick = 1;
