-- Stage the event files of one manifest (exactly the new or changed files; mandatory entries)
-- into copy_events: one row per event line COPY accepts (every field as text, see
-- 01_copy_tables); rejects go to SYS_LOAD_ERROR_DETAIL.
COPY copy_events
FROM :manifest_url
IAM_ROLE :iam_role
FORMAT AS JSON :jsonpaths_url
COMPUPDATE OFF STATUPDATE OFF
MAXERROR :max_errors
REGION :region
MANIFEST :compression;
