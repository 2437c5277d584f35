-- loads: one row per run of the pipeline; key load_id.
-- status: running -> published | failed | abandoned (killed; found by the next run).
CREATE TABLE IF NOT EXISTS loads (
    load_id      BIGSERIAL PRIMARY KEY,
    source       TEXT NOT NULL,
    full_refresh BOOLEAN NOT NULL,
    status       TEXT NOT NULL,
    message      TEXT,
    started_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    ended_at     TIMESTAMPTZ
);
