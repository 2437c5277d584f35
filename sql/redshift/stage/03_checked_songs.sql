-- checked_songs: one row per song record COPY accepted, with the rule it breaks (NULL when
-- none), as sparkify.records.song_row checks them. Bad ones go to quarantine, good ones to
-- staging_songs (numbers cast from their SUPER value, empty text becoming NULL: LENGTH(x) = 0,
-- as Redshift's VARCHAR comparison ignores trailing blanks). The numbers' rules are those of
-- stage/02_checked_events: JSON_TYPEOF tells a number from a string, IS_BIGINT an integer,
-- a DECIMAL of scale 0 that is not BIGINT is out of range. A record of a compacted part
-- carries its file and line (NULL for the source's own files) and, for a line that was not a
-- JSON object, the contract's reason and the line as "raw".
CREATE TEMPORARY TABLE checked_songs AS
SELECT c.*,
       CASE
           WHEN c.bad_reason IS NOT NULL THEN c.bad_reason
           WHEN JSON_TYPEOF(c.num_songs) IN ('string', 'boolean', 'object', 'array')
               THEN 'num_songs is not an integer'
           WHEN IS_DECIMAL(c.num_songs) AND DECIMAL_SCALE(c.num_songs) = 0
                AND NOT IS_BIGINT(c.num_songs)
               THEN 'num_songs is out of range'
           WHEN JSON_TYPEOF(c.num_songs) = 'number' AND NOT IS_BIGINT(c.num_songs)
               THEN 'num_songs is not an integer'
           WHEN JSON_TYPEOF(c.artist_latitude) IN ('string', 'boolean', 'object', 'array')
               THEN 'artist_latitude is not a number'
           WHEN ABS(CAST(c.artist_latitude AS DOUBLE PRECISION)) > 1.7976931348623157E308
               THEN 'artist_latitude is not a finite number'
           WHEN JSON_TYPEOF(c.artist_longitude) IN ('string', 'boolean', 'object', 'array')
               THEN 'artist_longitude is not a number'
           WHEN ABS(CAST(c.artist_longitude AS DOUBLE PRECISION)) > 1.7976931348623157E308
               THEN 'artist_longitude is not a finite number'
           WHEN JSON_TYPEOF(c.duration) IN ('string', 'boolean', 'object', 'array')
               THEN 'duration is not a number'
           WHEN ABS(CAST(c.duration AS DOUBLE PRECISION)) > 1.7976931348623157E308
               THEN 'duration is not a finite number'
           WHEN JSON_TYPEOF(c.year) IN ('string', 'boolean', 'object', 'array')
               THEN 'year is not an integer'
           WHEN IS_DECIMAL(c.year) AND DECIMAL_SCALE(c.year) = 0 AND NOT IS_BIGINT(c.year)
               THEN 'year is out of range'
           WHEN JSON_TYPEOF(c.year) = 'number' AND NOT IS_BIGINT(c.year)
               THEN 'year is not an integer'
           WHEN c.song_id IS NULL OR LENGTH(c.song_id) = 0 THEN 'song record lacks song_id'
           WHEN c.artist_id IS NULL OR LENGTH(c.artist_id) = 0 THEN 'song record lacks artist_id'
           WHEN c.title IS NULL OR LENGTH(c.title) = 0 THEN 'song record lacks title'
       END AS reason
FROM copy_songs AS c;
INSERT INTO staging_quarantine (source_key, line_number, load_id, reason, "raw")
SELECT source_key, CAST(line_number AS INTEGER), :load_id, reason,
       COALESCE(bad_line,
                'song_id=' || COALESCE(song_id, '') || ' artist_id=' || COALESCE(artist_id, ''))
FROM checked_songs
WHERE reason IS NOT NULL;
INSERT INTO staging_songs (source_key, line_number, load_id, num_songs, artist_id,
                           artist_latitude, artist_longitude, artist_location, artist_name,
                           song_id, title, duration, year)
SELECT source_key, CAST(line_number AS INTEGER), :load_id, CAST(num_songs AS BIGINT), artist_id,
       CAST(artist_latitude AS DOUBLE PRECISION), CAST(artist_longitude AS DOUBLE PRECISION),
       CASE WHEN LENGTH(artist_location) > 0 THEN artist_location END,
       CASE WHEN LENGTH(artist_name) > 0 THEN artist_name END,
       song_id, title, CAST(duration AS DOUBLE PRECISION), CAST(year AS BIGINT)
FROM checked_songs
WHERE reason IS NULL;
