-- load_files: one row per file this load stages; key source_key. COPY'd from the listing the
-- load wrote to its state location (files.json), so registering 100,000 files is one
-- set-based statement. reason: why the file was rejected before the COPY (no manifest lists
-- it), NULL for the others; a rejected file is quarantined whole, as the contract does.
CREATE TEMPORARY TABLE load_files (
    source_key  VARCHAR(1024) NOT NULL,
    kind        VARCHAR(8) NOT NULL,
    size        BIGINT NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    reason      VARCHAR(1024)
);
COPY load_files
FROM :files_url
IAM_ROLE :iam_role
FORMAT AS JSON 'auto'
COMPUPDATE OFF STATUPDATE OFF
REGION :region;
INSERT INTO staging_quarantine (source_key, line_number, load_id, reason, "raw")
SELECT source_key, NULL, :load_id, reason, NULL
FROM load_files
WHERE reason IS NOT NULL;
