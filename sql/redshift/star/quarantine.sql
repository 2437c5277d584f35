-- quarantine: one row per bad record of the loaded files; no key. On Redshift source_key and
-- line_number are NULL for records the load's checks rejected (COPY does not report them).
-- "raw" is quoted: RAW is a Redshift reserved word.
CREATE TABLE IF NOT EXISTS quarantine (
    source_key  VARCHAR(1024),
    line_number INTEGER,
    reason      VARCHAR(1024) NOT NULL,
    "raw"       VARCHAR(65535)
) DISTSTYLE EVEN;
