-- staging_events: one row per staged event line; key (source_key, line_number, load_id).
-- Holds the published files' rows plus those of the running load (see current_events).
CREATE TABLE IF NOT EXISTS staging_events (
    source_key      TEXT COLLATE "C" NOT NULL,
    line_number     INTEGER NOT NULL,
    load_id         BIGINT NOT NULL,
    artist          TEXT,
    auth            TEXT,
    first_name      TEXT,
    gender          TEXT,
    item_in_session BIGINT,
    last_name       TEXT,
    length          DOUBLE PRECISION,
    level           TEXT,
    location        TEXT,
    method          TEXT,
    page            TEXT NOT NULL,
    registration    DOUBLE PRECISION,
    session_id      BIGINT,
    song            TEXT,
    status          BIGINT,
    ts              BIGINT NOT NULL,
    user_agent      TEXT,
    user_id         BIGINT
);
-- Rows arrive in load order, so a block-range index finds one load's rows (a delta build's
-- scope, a discarded load) without reading the others: tiny, and nearly free to keep up.
CREATE INDEX IF NOT EXISTS staging_events_load_id ON staging_events USING brin (load_id)
WITH (autosummarize = on);
