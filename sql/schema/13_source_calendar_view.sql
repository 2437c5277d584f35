-- source_calendar: one row per day from the first to the last day seen (in the latest source
-- listing or among the current files); key day. present: the source holds an event file of
-- that day; lines = staged + quarantined (non-blank lines) of the day's current files;
-- replaced: the running load replaces a file of that day by different bytes.
CREATE OR REPLACE VIEW source_calendar AS
WITH listing AS (
    SELECT day, files
    FROM source_listing
    WHERE load_id = (SELECT max(load_id) FROM source_listing)
), files AS (
    SELECT p.day, p.rows_staged, p.rows_quarantined,
           EXISTS (SELECT 1 FROM manifest AS m
                   WHERE m.source_key = p.source_key AND m.fingerprint <> p.fingerprint)
               AS replaced
    FROM pending_manifest AS p
    UNION ALL
    SELECT m.day, m.rows_staged, m.rows_quarantined, FALSE
    FROM manifest AS m
    WHERE NOT EXISTS (SELECT 1 FROM pending_manifest AS p WHERE p.source_key = m.source_key)
), loaded AS (
    SELECT day, sum(rows_staged) AS staged, sum(rows_quarantined) AS quarantined,
           bool_or(replaced) AS replaced
    FROM files
    WHERE day IS NOT NULL
    GROUP BY day
), span AS (
    SELECT min(day) AS first_day, max(day) AS last_day
    FROM (SELECT day FROM listing UNION ALL SELECT day FROM loaded) AS seen
)
SELECT d.day::date AS day,
       l.day IS NOT NULL AS present,
       COALESCE(l.files, 0) AS files,
       COALESCE(f.staged + f.quarantined, 0) AS lines,
       COALESCE(f.staged, 0) AS staged,
       COALESCE(f.quarantined, 0) AS quarantined,
       s.first_loaded_at,
       s.last_replaced_at,
       COALESCE(f.replaced, FALSE) AS replaced
FROM span
CROSS JOIN LATERAL generate_series(span.first_day::TIMESTAMP, span.last_day::TIMESTAMP,
                                   INTERVAL '1 day') AS d (day)
LEFT JOIN listing AS l ON l.day = d.day::date
LEFT JOIN loaded AS f ON f.day = d.day::date
LEFT JOIN source_days AS s ON s.day = d.day::date;
