-- quality_results: one row per expectation per gated load; key (load_id, suite, expectation,
-- column_name). The report shows the latest load's.
CREATE TABLE IF NOT EXISTS quality_results (
    load_id     BIGINT NOT NULL,
    suite       TEXT NOT NULL,
    expectation TEXT NOT NULL,
    column_name TEXT,
    severity    TEXT NOT NULL,
    success     BOOLEAN NOT NULL,
    unexpected  BIGINT,
    checked_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);
