-- Bad-record totals over the files the warehouse holds once the running load publishes:
-- records read by the given load (by every file when load_id is NULL), and the bad records
-- kept from other loads. The quality gate's quarantine budget is built from them.
SELECT
    COALESCE(SUM(m.rows_staged + m.rows_quarantined)
             FILTER (WHERE :load_id::BIGINT IS NULL OR m.load_id = :load_id), 0),
    COALESCE(SUM(m.rows_quarantined)
             FILTER (WHERE :load_id::BIGINT IS NOT NULL AND m.load_id <> :load_id), 0)
FROM (SELECT * FROM pending_manifest UNION ALL SELECT * FROM manifest) AS m
JOIN current_files AS f ON f.source_key = m.source_key AND f.load_id = m.load_id;
