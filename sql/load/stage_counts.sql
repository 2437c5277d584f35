-- What the running load staged, per kind of file: files, rows staged, rows quarantined.
SELECT kind, COUNT(*), COALESCE(SUM(rows_staged), 0), COALESCE(SUM(rows_quarantined), 0)
FROM pending_manifest
WHERE load_id = :load_id
GROUP BY kind;
