-- artists: one row per artist_id; key artist_id, from the artist's song with the smallest song_id.
INSERT INTO artists (artist_id, name, location, latitude, longitude)
SELECT artist_id, artist_name, artist_location, artist_latitude, artist_longitude
FROM (
    SELECT r.*, ROW_NUMBER() OVER (PARTITION BY r.artist_id ORDER BY r.song_id) AS pick
    FROM song_records AS r
) AS ranked
WHERE pick = 1;
