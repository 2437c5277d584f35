-- users: one row per non-empty userId in any event; key user_id. Attributes come from the
-- user's latest event: greatest ts, then greatest itemInSession (NULL lowest), then smallest
-- source_key, then smallest line_number.
INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT user_id, first_name, last_name, gender, level
FROM (
    SELECT e.*,
           ROW_NUMBER() OVER (
               PARTITION BY e.user_id
               ORDER BY e.ts DESC, e.item_in_session DESC NULLS LAST, e.source_key, e.line_number
           ) AS pick
    FROM current_events AS e
    WHERE e.user_id IS NOT NULL
) AS ranked
WHERE pick = 1;
