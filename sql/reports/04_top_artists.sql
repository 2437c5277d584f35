-- The ten most played known artists; one row per artist.
SELECT a.name AS artist, COUNT(*) AS plays
FROM songplays AS p
JOIN artists AS a ON a.artist_id = p.artist_id
GROUP BY a.artist_id, a.name
ORDER BY plays DESC, a.artist_id
LIMIT 10;
