-- Why songs users play match no catalog song: the :top most played (song, artist) pairs of
-- played_songs that matched nothing (or, with :song given, that one pair), each with its
-- nearest catalog candidates (at most three) and why each missed; a pair without any gets one
-- row. A candidate is a song whose record's title equals the song ignoring case and runs of
-- whitespace; it is compared with the record's own artist_name (what the match compares),
-- read from the published files' song records, and with the pair's play lengths.
WITH pairs AS (
    SELECT song, artist, plays
    FROM played_songs
    WHERE CASE WHEN CAST(:song AS TEXT) IS NULL THEN song_id IS NULL
               ELSE song = :song AND COALESCE(artist, '') = COALESCE(:artist, '') END
    ORDER BY plays DESC, song COLLATE "C", artist COLLATE "C"
    LIMIT :top
),
records AS (
    SELECT song_id, title, artist_name, duration
    FROM (
        SELECT s.*,
               ROW_NUMBER() OVER (PARTITION BY s.song_id ORDER BY s.source_key, s.line_number)
                   AS pick
        FROM staging_songs AS s
        JOIN manifest AS m ON m.source_key = s.source_key AND m.load_id = s.load_id
    ) AS ranked
    WHERE pick = 1
),
candidates AS (
    SELECT p.song, p.artist, p.plays, r.song_id, r.title, r.artist_name, r.duration,
           CASE WHEN r.title = p.song AND r.artist_name = p.artist THEN 1
                WHEN r.title = p.song THEN 2 ELSE 3 END AS nearness
    FROM pairs AS p
    JOIN records AS r
      ON LOWER(REGEXP_REPLACE(BTRIM(r.title), '\s+', ' ', 'g'))
       = LOWER(REGEXP_REPLACE(BTRIM(p.song), '\s+', ' ', 'g'))
),
ranked AS (
    SELECT c.*,
           ROW_NUMBER() OVER (PARTITION BY c.song, c.artist
                              ORDER BY c.nearness, c.song_id COLLATE "C") AS candidate
    FROM candidates AS c
),
nearest_length AS (  -- the play length closest to each same-title-and-artist candidate
    SELECT r.song, r.artist, r.song_id, MIN(ABS(r.duration - e.length)) AS off
    FROM ranked AS r
    JOIN staging_events AS e ON e.song = r.song AND e.artist = r.artist
    JOIN manifest AS m ON m.source_key = e.source_key AND m.load_id = e.load_id
    WHERE r.nearness = 1 AND e.page = 'NextSong' AND r.candidate <= 3
    GROUP BY r.song, r.artist, r.song_id
)
SELECT p.song, p.artist, p.plays, r.song_id AS candidate, r.title AS candidate_title,
       r.artist_name AS candidate_artist, r.duration AS candidate_duration,
       ROUND(CAST(l.off AS NUMERIC), 5) AS nearest_length_off,
       CASE
           WHEN r.song_id IS NULL THEN 'no catalog song has this title, even ignoring case '
                                       || 'and whitespace'
           WHEN r.nearness = 1 THEN 'same title and artist, duration outside the 0.01 s '
                                    || 'tolerance'
           WHEN r.nearness = 2
            AND LOWER(REGEXP_REPLACE(BTRIM(r.artist_name), '\s+', ' ', 'g'))
              = LOWER(REGEXP_REPLACE(BTRIM(p.artist), '\s+', ' ', 'g'))
               THEN 'same title, artist differs in case or whitespace'
           WHEN r.nearness = 2 THEN 'same title, different artist spelling'
           WHEN r.artist_name = p.artist
             OR LOWER(REGEXP_REPLACE(BTRIM(r.artist_name), '\s+', ' ', 'g'))
              = LOWER(REGEXP_REPLACE(BTRIM(p.artist), '\s+', ' ', 'g'))
               THEN 'title differs in case or whitespace'
           ELSE 'title differs in case or whitespace, different artist spelling'
       END AS reason
FROM pairs AS p
LEFT JOIN ranked AS r ON r.song = p.song AND COALESCE(r.artist, '') = COALESCE(p.artist, '')
                     AND r.candidate <= 3
LEFT JOIN nearest_length AS l ON l.song = r.song AND l.artist = r.artist
                             AND l.song_id = r.song_id
ORDER BY p.plays DESC, p.song COLLATE "C", p.artist COLLATE "C", r.candidate;
