-- Stage the compacted song parts of one manifest (gzip JSON lines in the state location,
-- written by sparkify.redshift.compaction) into copy_songs: one row per record, with the
-- record's own source file and line (source_key, line_number) and, for a line that was not a
-- JSON object, its reason and text (bad_reason, bad_line); rejects go to
-- SYS_LOAD_ERROR_DETAIL (with the part's URL and line).
COPY copy_songs (num_songs, artist_id, artist_latitude, artist_longitude, artist_location,
                 artist_name, song_id, title, duration, year, source_key, line_number,
                 bad_reason, bad_line)
FROM :manifest_url
IAM_ROLE :iam_role
FORMAT AS JSON 'auto'
COMPUPDATE OFF STATUPDATE OFF
MAXERROR :max_errors
REGION :region
MANIFEST GZIP;
