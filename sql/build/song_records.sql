-- song_records: one row per song_id, the record that wins it (smallest source_key, then
-- line_number); key song_id. songs, artists and the songplays song match all read it, each in
-- a task of its own: a table of the audit schema, not a temporary one (on Redshift, a table
-- of the load's transaction, dropped before it commits).
-- On Redshift source_key and line_number are NULL: the earliest load, then the smallest
-- field values decide, so every run still picks the same record.
CREATE TABLE song_records AS
SELECT song_id, title, artist_id, artist_name, artist_location, artist_latitude,
       artist_longitude, duration, year
FROM (
    SELECT s.*,
           ROW_NUMBER() OVER (
               PARTITION BY s.song_id
               ORDER BY s.source_key, s.line_number, s.load_id, s.title, s.artist_id,
                        s.duration, s.year, s.artist_name
           ) AS pick
    FROM current_songs AS s
) AS ranked
WHERE pick = 1;
ANALYZE song_records;
