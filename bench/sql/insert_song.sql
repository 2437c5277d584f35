-- The classic tutorial load: one INSERT per song record (the row-by-row baseline).
INSERT INTO staging_songs (
    source_key, line_number, load_id,
    num_songs, artist_id, artist_latitude, artist_longitude, artist_location, artist_name,
    song_id, title, duration, year
) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s);
