-- Stage the event files of one manifest (exactly the new or changed files; mandatory entries)
-- into copy_events: one row per event line COPY accepts; rejects go to stl_load_errors.
COPY copy_events
FROM :manifest_url
IAM_ROLE :iam_role
FORMAT AS JSON :jsonpaths_url
TIMEFORMAT 'epochmillisecs'
COMPUPDATE OFF STATUPDATE OFF
MAXERROR :max_errors
REGION :region
MANIFEST :compression;
