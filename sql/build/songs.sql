-- songs: one row per song_id; key song_id. A year of 0 means unknown.
INSERT INTO songs (song_id, title, artist_id, year, duration)
SELECT song_id, title, artist_id, NULLIF(year, 0), duration
FROM song_records;
