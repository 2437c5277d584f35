-- The running load's files with bad records, worst first, and the load's totals.
SELECT source_key, rows_quarantined,
       SUM(rows_quarantined) OVER () AS bad,
       SUM(rows_staged + rows_quarantined) OVER () AS read
FROM pending_manifest
WHERE load_id = :load_id
ORDER BY rows_quarantined DESC, source_key
LIMIT 1;
