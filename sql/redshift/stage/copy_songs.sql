-- Stage the song files of one manifest into copy_songs: one row per song record COPY accepts
-- (JSON 'auto': the files' keys are the column names); rejects go to
-- SYS_LOAD_ERROR_DETAIL.
COPY copy_songs
FROM :manifest_url
IAM_ROLE :iam_role
FORMAT AS JSON 'auto'
COMPUPDATE OFF STATUPDATE OFF
MAXERROR :max_errors
REGION :region
MANIFEST :compression;
