-- load_files: one row per file a load stages; key (load_id, source_key). Committed at
-- choose-files, so the views of 06_current_rows and the publish transaction read it from
-- any later transaction. reason: why the file was rejected before the COPY (no manifest lists
-- it), NULL for the others. Rows of a load that is no longer running are discarded
-- (redshift/load/discard.sql): the manifest holds the published ones.
CREATE TABLE IF NOT EXISTS load_files (
    load_id     BIGINT NOT NULL,
    source_key  VARCHAR(1024) NOT NULL,
    kind        VARCHAR(8) NOT NULL,
    size        BIGINT NOT NULL,
    fingerprint VARCHAR(64) NOT NULL,
    reason      VARCHAR(1024)
) DISTSTYLE ALL;
