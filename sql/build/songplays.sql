-- songplays: one row per distinct NextSong event (see plays); key songplay_id = md5 of the
-- event's identity (ts, user_id, session_id, item_in_session). The song match: same title,
-- the song record's own artist_name, |duration - length| <= 0.01; the smallest song_id wins.
-- The lengths are compared too: Redshift ignores trailing blanks when it compares VARCHARs
-- ('Song' = 'Song '), the contract keeps text exactly (a no-op on PostgreSQL).
INSERT INTO songplays (songplay_id, start_time, user_id, level, song_id, artist_id, session_id,
                       location, user_agent)
SELECT MD5(CAST(ts AS VARCHAR) || '|' || CAST(user_id AS VARCHAR) || '|'
           || CAST(session_id AS VARCHAR) || '|' || CAST(item_in_session AS VARCHAR)),
       TIMESTAMP '1970-01-01 00:00:00' + ts * INTERVAL '1 millisecond',
       user_id, level, song_id, artist_id, session_id, location, user_agent
FROM (
    SELECT p.*, r.song_id, r.artist_id,
           ROW_NUMBER() OVER (
               PARTITION BY p.ts, p.user_id, p.session_id, p.item_in_session
               ORDER BY r.song_id
           ) AS rank
    FROM plays AS p
    LEFT JOIN song_records AS r
      ON r.title = p.song
     AND r.artist_name = p.artist
     AND LENGTH(r.title) = LENGTH(p.song)
     AND LENGTH(r.artist_name) = LENGTH(p.artist)
     AND ABS(r.duration - p.length) <= 0.01
) AS matched
WHERE rank = 1;
