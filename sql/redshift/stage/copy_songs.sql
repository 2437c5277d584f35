-- Stage the song files of one manifest into copy_songs: one row per song record COPY accepts
-- (JSON 'auto': the files' keys are the names of the listed columns); rejects go to
-- SYS_LOAD_ERROR_DETAIL.
COPY copy_songs (num_songs, artist_id, artist_latitude, artist_longitude, artist_location,
                 artist_name, song_id, title, duration, year)
FROM :manifest_url
IAM_ROLE :iam_role
FORMAT AS JSON 'auto'
COMPUPDATE OFF STATUPDATE OFF
MAXERROR :max_errors
REGION :region
MANIFEST :compression;
