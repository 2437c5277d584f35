-- Stream song rows into staging_songs: one row per valid song record. The column order is
-- the order sparkify.records.song_row returns.
COPY staging_songs (
    source_key, line_number, load_id,
    num_songs, artist_id, artist_latitude, artist_longitude, artist_location, artist_name,
    song_id, title, duration, year
) FROM STDIN
