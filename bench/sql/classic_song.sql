-- The classic load of one song record: one INSERT per table, per record.
INSERT INTO classic.songs (song_id, title, artist_id, year, duration)
VALUES (%(song_id)s, %(title)s, %(artist_id)s, %(year)s, %(duration)s)
ON CONFLICT (song_id) DO NOTHING;
INSERT INTO classic.artists (artist_id, name, location, latitude, longitude)
VALUES (%(artist_id)s, %(artist_name)s, %(artist_location)s, %(artist_latitude)s,
        %(artist_longitude)s)
ON CONFLICT (artist_id) DO NOTHING;
