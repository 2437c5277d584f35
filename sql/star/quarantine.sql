-- quarantine: one row per bad record of the loaded files; line_number NULL when the whole
-- file failed (not gzip, not UTF-8). No key: a file that failed whole has one row.
CREATE TABLE IF NOT EXISTS quarantine (
    source_key  TEXT COLLATE "C" NOT NULL,
    line_number INTEGER,
    reason      TEXT NOT NULL,
    raw         TEXT
);
