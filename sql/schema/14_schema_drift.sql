-- schema_drift: per load, kind of file and field name, how many of the load's records (JSON
-- objects, quarantined ones included) carried the field; key (load_id, kind, field).
-- known: the contract names the field. Drift is an unknown field carried (carried > 0) or a
-- known one missing from some records (carried < records). Written with each staging batch,
-- under its load_id; a failed load's rows are discarded with its staged rows.
CREATE TABLE IF NOT EXISTS schema_drift (
    load_id BIGINT NOT NULL,
    kind    TEXT NOT NULL,
    field   TEXT NOT NULL,
    known   BOOLEAN NOT NULL,
    carried BIGINT NOT NULL,
    records BIGINT NOT NULL,
    PRIMARY KEY (load_id, kind, field)
);
-- field_nulls: per load and staging_events column, how many of the load's staged events hold
-- NULL there; key (load_id, field). Counted when the build is planned (sql/load/count_nulls.sql).
CREATE TABLE IF NOT EXISTS field_nulls (
    load_id BIGINT NOT NULL,
    field   TEXT NOT NULL,
    nulls   BIGINT NOT NULL,
    records BIGINT NOT NULL,
    PRIMARY KEY (load_id, field)
);
-- null_shares: one row per staging_events column the running load staged; key field. Its
-- share of NULLs beside the share in the latest published load that staged events (the
-- quality gate warns on a jump: a renamed field upstream turns a column to NULL).
CREATE OR REPLACE VIEW null_shares AS
WITH running AS (
    SELECT n.field, n.nulls, n.records
    FROM field_nulls AS n
    JOIN loads AS l ON l.load_id = n.load_id AND l.status = 'running'
), previous AS (
    SELECT DISTINCT ON (n.field) n.field, n.nulls, n.records
    FROM field_nulls AS n
    JOIN loads AS l ON l.load_id = n.load_id AND l.status = 'published'
    ORDER BY n.field, n.load_id DESC
)
SELECT r.field,
       p.nulls::DOUBLE PRECISION / p.records AS share_before,
       r.nulls::DOUBLE PRECISION / r.records AS share_now,
       r.records
FROM running AS r
JOIN previous AS p ON p.field = r.field;
