-- The ten most played known songs; one row per song.
SELECT s.title, a.name AS artist, COUNT(*) AS plays
FROM songplays AS p
JOIN songs AS s ON s.song_id = p.song_id
LEFT JOIN artists AS a ON a.artist_id = p.artist_id
GROUP BY s.song_id, s.title, a.name
ORDER BY plays DESC, s.song_id
LIMIT 10;
