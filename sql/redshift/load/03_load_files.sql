-- listed_files: the listing the load wrote to its state location (files.json), COPY'd so
-- registering 100,000 files is one set-based statement; no key. Its rows join load_files
-- under the load's id (committed with the step); a file rejected before the COPY (no manifest
-- lists it) is quarantined whole, as the contract does. lines: a compacted song file's
-- non-blank lines (NULL for the others).
CREATE TEMPORARY TABLE listed_files (
    source_key  VARCHAR(1024) NOT NULL,
    kind        VARCHAR(8) NOT NULL,
    size        BIGINT NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    reason      VARCHAR(1024),
    lines       BIGINT
);
COPY listed_files
FROM :files_url
IAM_ROLE :iam_role
FORMAT AS JSON 'auto'
COMPUPDATE OFF STATUPDATE OFF
REGION :region;
INSERT INTO load_files (load_id, source_key, kind, size, fingerprint, reason)
SELECT :load_id, source_key, kind, size, fingerprint, reason
FROM listed_files;
INSERT INTO staging_quarantine (source_key, line_number, load_id, reason, "raw")
SELECT source_key, NULL, :load_id, reason, NULL
FROM listed_files
WHERE reason IS NOT NULL;
-- A compacted song file's lines: the non-blank lines the compaction read from it (COPY read
-- its part, checked against the part's records by stage/copy_part_lines).
INSERT INTO file_lines (load_id, source_key, lines_scanned)
SELECT :load_id, source_key, lines
FROM listed_files
WHERE lines IS NOT NULL;
DROP TABLE listed_files;
