-- checked_songs: one row per song record COPY accepted, with the rule it breaks (NULL when
-- none). Bad ones go to quarantine, good ones to staging_songs (empty text becoming NULL).
CREATE TEMP TABLE checked_songs AS
SELECT c.*,
       CASE
           WHEN NULLIF(c.song_id, '') IS NULL THEN 'song record lacks song_id'
           WHEN NULLIF(c.artist_id, '') IS NULL THEN 'song record lacks artist_id'
           WHEN NULLIF(c.title, '') IS NULL THEN 'song record lacks title'
       END AS reason
FROM copy_songs AS c;
INSERT INTO staging_quarantine (source_key, line_number, load_id, reason, raw)
SELECT NULL, NULL, :load_id, reason,
       'song_id=' || COALESCE(song_id, '') || ' artist_id=' || COALESCE(artist_id, '')
FROM checked_songs
WHERE reason IS NOT NULL;
INSERT INTO staging_songs (source_key, line_number, load_id, num_songs, artist_id,
                           artist_latitude, artist_longitude, artist_location, artist_name,
                           song_id, title, duration, year)
SELECT NULL, NULL, :load_id, num_songs, artist_id, artist_latitude, artist_longitude,
       NULLIF(artist_location, ''), NULLIF(artist_name, ''), song_id, title, duration, year
FROM checked_songs
WHERE reason IS NULL;
