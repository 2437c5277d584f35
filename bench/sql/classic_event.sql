-- The classic load of one NextSong event: its time row, its user row, then (after the song
-- lookup, classic_song_select.sql) its songplay; one statement, one round trip each.
INSERT INTO classic.time (start_time, hour, day, week, month, year, weekday)
VALUES (%(start_time)s, %(hour)s, %(day)s, %(week)s, %(month)s, %(year)s, %(weekday)s)
ON CONFLICT (start_time) DO NOTHING;
INSERT INTO classic.users (user_id, first_name, last_name, gender, level)
VALUES (%(userId)s, %(firstName)s, %(lastName)s, %(gender)s, %(level)s)
ON CONFLICT (user_id) DO UPDATE SET level = EXCLUDED.level;
INSERT INTO classic.songplays (start_time, user_id, level, song_id, artist_id, session_id,
                               location, user_agent)
VALUES (%(start_time)s, %(userId)s, %(level)s, %(song_id)s, %(artist_id)s, %(sessionId)s,
        %(location)s, %(userAgent)s);
