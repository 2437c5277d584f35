-- quality_results: one row per expectation per gated load; key (load_id, suite, expectation,
-- column_name). outcome is 'passed', 'failed' or 'could not run' (its query failed: error
-- holds the database's message, and the row says nothing about the data). The report shows
-- the latest load's.
CREATE TABLE IF NOT EXISTS quality_results (
    load_id     BIGINT NOT NULL,
    suite       TEXT NOT NULL,
    expectation TEXT NOT NULL,
    column_name TEXT,
    severity    TEXT NOT NULL,
    success     BOOLEAN NOT NULL,
    unexpected  BIGINT,
    checked_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    outcome     TEXT,
    error       TEXT
);
-- Warehouses made before outcome and error existed gain them (earlier rows: NULL).
ALTER TABLE quality_results ADD COLUMN IF NOT EXISTS outcome TEXT,
                            ADD COLUMN IF NOT EXISTS error TEXT;
