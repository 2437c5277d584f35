-- load_files: one row per file this load stages; key source_key. COPY'd from the listing the
-- load wrote to S3 (files.json), so registering 100,000 files is one set-based statement.
CREATE TEMPORARY TABLE load_files (
    source_key  VARCHAR(1024) NOT NULL,
    kind        VARCHAR(8) NOT NULL,
    size        BIGINT NOT NULL,
    fingerprint VARCHAR(64) NOT NULL
);
COPY load_files
FROM :files_url
IAM_ROLE :iam_role
FORMAT AS JSON 'auto'
COMPUPDATE OFF STATUPDATE OFF
REGION :region;
