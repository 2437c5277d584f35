-- The source calendar's bookkeeping (the view is sql/schema/13_source_calendar_view.sql).
-- manifest.day: the date in an event file's name (NULL: a song file, or no date in the name).
ALTER TABLE manifest ADD COLUMN IF NOT EXISTS day DATE;
ALTER TABLE pending_manifest ADD COLUMN IF NOT EXISTS day DATE;
-- source_listing: one row per day holding event files in the source, as a load listed it
-- (every file, whatever --since/--until); key (load_id, day). Publish keeps the latest
-- listing only; a failed load's listing is discarded with its rows.
CREATE TABLE IF NOT EXISTS source_listing (
    load_id BIGINT NOT NULL,
    day     DATE NOT NULL,
    files   INTEGER NOT NULL,
    PRIMARY KEY (load_id, day)
);
-- source_days: one row per day whose event files a published load staged; key day. Kept by
-- the publish transaction (sql/publish/source_days.sql), so a failed load changes nothing.
CREATE TABLE IF NOT EXISTS source_days (
    day              DATE PRIMARY KEY,
    first_loaded_at  TIMESTAMPTZ NOT NULL,
    last_replaced_at TIMESTAMPTZ
);
