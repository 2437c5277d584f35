-- level_events, earlier_played_songs, earlier_listeners: what build/user_levels.sql and
-- build/played_songs.sql read. Redshift builds in full (from the current loads' staged rows:
-- see 06_current_rows.sql), so the earlier plays a delta would add to are none: empty, typed.
CREATE OR REPLACE VIEW level_events AS
SELECT user_id, ts, item_in_session, source_key, line_number, level
FROM user_events
WHERE level IS NOT NULL;
CREATE OR REPLACE VIEW earlier_played_songs AS
SELECT CAST(NULL AS VARCHAR(1024)) AS song, CAST(NULL AS VARCHAR(1024)) AS artist,
       CAST(NULL AS BIGINT) AS plays, CAST(NULL AS BIGINT) AS users,
       CAST(NULL AS TIMESTAMP) AS first_played, CAST(NULL AS TIMESTAMP) AS last_played,
       CAST(NULL AS BIGINT) AS matched_plays, CAST(NULL AS VARCHAR(64)) AS song_id
WHERE FALSE;
CREATE OR REPLACE VIEW earlier_listeners AS
SELECT CAST(NULL AS BIGINT) AS user_id, CAST(NULL AS VARCHAR(1024)) AS song,
       CAST(NULL AS VARCHAR(1024)) AS artist
WHERE FALSE;
