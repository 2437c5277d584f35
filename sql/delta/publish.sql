-- Publish a delta build, in the publish transaction: the audited new songplays, time and
-- quarantine rows are added, and the audited users (with their user_latest keys), user_levels
-- and played_songs rows replace the published ones. Analysts see all of it at COMMIT or none. The published primary keys
-- turn a songplay that is already there into an error, never a duplicate.
INSERT INTO songplays SELECT * FROM sparkify_audit.songplays;
INSERT INTO time SELECT * FROM sparkify_audit.time ON CONFLICT (start_time) DO NOTHING;
INSERT INTO users SELECT * FROM sparkify_audit.users
ON CONFLICT (user_id) DO UPDATE
SET first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name,
    gender = EXCLUDED.gender, level = EXCLUDED.level;
INSERT INTO user_latest SELECT * FROM sparkify_audit.user_latest
ON CONFLICT (user_id) DO UPDATE
SET ts = EXCLUDED.ts, item_in_session = EXCLUDED.item_in_session,
    source_key = EXCLUDED.source_key, line_number = EXCLUDED.line_number;
INSERT INTO quarantine SELECT * FROM sparkify_audit.quarantine;
-- The load's users' periods from their first audited one on (delta/level_events.sql) and the
-- pairs it played were computed again: they replace the published ones (a user's periods
-- never vanish, as events are only added).
DELETE FROM user_levels AS p
WHERE EXISTS (
    SELECT 1
    FROM sparkify_audit.user_levels AS a
    WHERE a.user_id = p.user_id AND a.valid_from <= p.valid_from
);
INSERT INTO user_levels SELECT * FROM sparkify_audit.user_levels;
DELETE FROM played_songs AS p
USING sparkify_audit.played_songs AS a
WHERE p.song = a.song AND COALESCE(p.artist, '') = COALESCE(a.artist, '');
INSERT INTO played_songs SELECT * FROM sparkify_audit.played_songs;
DROP SCHEMA sparkify_audit CASCADE;
