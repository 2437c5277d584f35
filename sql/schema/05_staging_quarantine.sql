-- staging_quarantine: one row per bad record (line_number NULL: the whole file failed);
-- key (source_key, line_number, load_id). Published as `quarantine`.
CREATE TABLE IF NOT EXISTS staging_quarantine (
    source_key  TEXT COLLATE "C" NOT NULL,
    line_number INTEGER,
    load_id     BIGINT NOT NULL,
    reason      TEXT NOT NULL,
    raw         TEXT
);
