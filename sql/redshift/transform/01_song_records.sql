-- song_records: one row per song_id, the record that wins it; key song_id. Redshift has no
-- ON COMMIT DROP, and its rows do not know their file: ties go to the earliest load, then
-- to the smallest field values, so every run picks the same record.
CREATE TEMP TABLE song_records AS
SELECT song_id, title, artist_id, artist_name, artist_location, artist_latitude,
       artist_longitude, duration, year
FROM (
    SELECT s.*,
           ROW_NUMBER() OVER (
               PARTITION BY s.song_id
               ORDER BY s.load_id, s.title, s.artist_id, s.duration, s.year, s.artist_name
           ) AS pick
    FROM current_songs AS s
) AS ranked
WHERE pick = 1;
