-- staging_quarantine: one row per bad record; no key. Records COPY rejected keep their file
-- and line (from SYS_LOAD_ERROR_DETAIL); records the load's checks rejected have neither.
-- "raw" is quoted: RAW is a Redshift reserved word.
CREATE TABLE IF NOT EXISTS staging_quarantine (
    source_key  VARCHAR(1024),
    line_number INTEGER,
    load_id     BIGINT NOT NULL,
    reason      VARCHAR(1024) NOT NULL,
    "raw"       VARCHAR(65535)
) DISTSTYLE EVEN;
