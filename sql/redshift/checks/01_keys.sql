-- The critical checks before COMMIT, one row per check with its count of violations (must be
-- 0): keys unique and present, every play's time and user in their dimensions.
SELECT 'songplays.songplay_id unique, not null', COUNT(*) - COUNT(DISTINCT songplay_id)
FROM songplays
UNION ALL
SELECT 'users.user_id unique', COUNT(*) - COUNT(DISTINCT user_id) FROM users
UNION ALL
SELECT 'songs.song_id unique', COUNT(*) - COUNT(DISTINCT song_id) FROM songs
UNION ALL
SELECT 'artists.artist_id unique', COUNT(*) - COUNT(DISTINCT artist_id) FROM artists
UNION ALL
SELECT 'time.start_time unique', COUNT(*) - COUNT(DISTINCT start_time) FROM time
UNION ALL
SELECT 'songplays.start_time in time', COUNT(*)
FROM songplays AS p
WHERE NOT EXISTS (SELECT 1 FROM time AS t WHERE t.start_time = p.start_time)
UNION ALL
SELECT 'songplays.user_id in users', COUNT(*)
FROM songplays AS p
WHERE NOT EXISTS (SELECT 1 FROM users AS u WHERE u.user_id = p.user_id);
