-- The classic per-event song lookup: one row per matching song (title, artist name, duration).
SELECT s.song_id, a.artist_id
FROM classic.songs AS s
JOIN classic.artists AS a ON s.artist_id = a.artist_id
WHERE s.title = %(song)s AND a.name = %(artist)s AND s.duration = %(length)s;
