-- songplays: one row per distinct NextSong event; key songplay_id = md5 of the event's
-- identity (ts, user_id, session_id, item_in_session). A duplicated event takes its fields
-- from the copy with the smallest (source_key, line_number). The song match: same title, the
-- song record's own artist_name, |duration - length| <= 0.01; the smallest song_id wins.
INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id,
                       location, user_agent)
WITH plays AS (
    SELECT *
    FROM (
        SELECT e.*,
               ROW_NUMBER() OVER (
                   PARTITION BY e.ts, e.user_id, e.session_id, e.item_in_session
                   ORDER BY e.source_key, e.line_number
               ) AS copy
        FROM current_events AS e
        WHERE e.page = 'NextSong'
    ) AS copies
    WHERE copy = 1
),
matches AS (
    SELECT p.ts, p.user_id, p.session_id, p.item_in_session, r.song_id, r.artist_id,
           ROW_NUMBER() OVER (
               PARTITION BY p.ts, p.user_id, p.session_id, p.item_in_session
               ORDER BY r.song_id
           ) AS rank
    FROM plays AS p
    JOIN song_records AS r
      ON r.title = p.song
     AND r.artist_name = p.artist
     AND ABS(r.duration - p.length) <= 0.01
)
SELECT MD5(CAST(p.ts AS VARCHAR) || '|' || CAST(p.user_id AS VARCHAR) || '|'
           || CAST(p.session_id AS VARCHAR) || '|' || CAST(p.item_in_session AS VARCHAR)),
       TIMESTAMP '1970-01-01 00:00:00' + p.ts * INTERVAL '1 millisecond',
       p.user_id, p.level, m.song_id, m.artist_id, p.session_id, p.location, p.user_agent
FROM plays AS p
LEFT JOIN matches AS m
  ON m.ts = p.ts
 AND m.user_id = p.user_id
 AND m.session_id = p.session_id
 AND m.item_in_session = p.item_in_session
 AND m.rank = 1;
