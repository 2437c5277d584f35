-- played_songs: one row per distinct (song, artist) of the songplays' events, as the events
-- spell them (text exact; a NULL song is not a row); no primary key (artist may be NULL: see
-- sql/star/played_songs.sql). plays = songplays, users = distinct users, first_played and
-- last_played = their start_time, matched_plays = those songplays matched to a song, song_id =
-- the smallest song_id they matched (code-point order).
-- It reads plays, the songplays step's distinct events with their winning copy's song and
-- artist, kept for it in the audit schema (a temporary table would be that step's alone, and
-- computing them again here would cost a second window over every event), and the audited
-- songplays for the match, so both tables agree on it. A delta adds its new plays to the
-- published rows of the pairs it plays (earlier_played_songs: see sql/delta/scope.sql);
-- a listener counts as new unless earlier_listeners has them for the pair. A full build sees
-- both empty (sql/schema/13_earlier_plays.sql). COALESCE(artist, ''): staging stores no ''.
INSERT INTO played_songs (song, artist, plays, users, first_played, last_played, matched_plays,
                          song_id)
SELECT song, artist, SUM(plays), SUM(users), MIN(first_played), MAX(last_played),
       SUM(matched_plays), MIN(song_id)
FROM (
    SELECT p.song, p.artist, COUNT(*) AS plays,
           COUNT(DISTINCT CASE WHEN l.user_id IS NULL THEN p.user_id END) AS users,
           MIN(s.start_time) AS first_played, MAX(s.start_time) AS last_played,
           COUNT(s.song_id) AS matched_plays, MIN(s.song_id) AS song_id
    FROM plays AS p
    JOIN songplays AS s
      ON s.songplay_id = CAST(MD5(CAST(p.ts AS VARCHAR) || '|' || CAST(p.user_id AS VARCHAR)
                                  || '|' || CAST(p.session_id AS VARCHAR) || '|'
                                  || CAST(p.item_in_session AS VARCHAR)) AS CHAR(32))
    LEFT JOIN earlier_listeners AS l
      ON l.user_id = p.user_id AND l.song = p.song
     AND COALESCE(l.artist, '') = COALESCE(p.artist, '')
    WHERE p.song IS NOT NULL
    GROUP BY p.song, p.artist
    UNION ALL
    SELECT song, artist, plays, users, first_played, last_played, matched_plays, song_id
    FROM earlier_played_songs
) AS parts
GROUP BY song, artist;
ANALYZE played_songs;
