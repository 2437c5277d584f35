-- users: one row per non-empty userId in any event; key user_id. Attributes come from the
-- user's latest event (build/latest_events.sql).
INSERT INTO users (user_id, first_name, last_name, gender, level)
SELECT user_id, first_name, last_name, gender, level
FROM latest_events;
