-- song_records: one row per song_id, the record that wins it (smallest source_key, then
-- line_number); key song_id. songs, artists and the songplays song match all read it.
CREATE TEMPORARY TABLE song_records ON COMMIT DROP AS
SELECT song_id, title, artist_id, artist_name, artist_location, artist_latitude,
       artist_longitude, duration, year
FROM (
    SELECT s.*,
           ROW_NUMBER() OVER (PARTITION BY s.song_id ORDER BY s.source_key, s.line_number) AS pick
    FROM current_songs AS s
) AS ranked
WHERE pick = 1;
ANALYZE song_records;
