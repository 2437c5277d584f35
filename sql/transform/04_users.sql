-- users: one row per non-empty userId in any event; key user_id. Attributes come from the
-- user's latest event: greatest ts, then greatest itemInSession (NULL lowest), then smallest
-- source_key, then smallest line_number. That event's sort key stays in latest_events, for
-- the user_latest bookkeeping a later delta load compares against (sql/delta/).
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
INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT user_id, first_name, last_name, gender, level
FROM latest_events;
