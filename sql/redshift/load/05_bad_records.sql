-- The load's files with bad records, worst first, and the load's totals (bad, read), as
-- PostgreSQL's load/bad_records_by_file. read = rows COPY accepted (staged, or rejected by the
-- checks: no file, no line) + rows it rejected (with their line).
SELECT COALESCE(source_key, '(a file of this load; see table quarantine)') AS file,
       COUNT(*) AS file_bad,
       SUM(COUNT(*)) OVER () AS bad,
       (SELECT COUNT(*) FROM staging_events WHERE load_id = :load_id)
       + (SELECT COUNT(*) FROM staging_songs WHERE load_id = :load_id)
       + (SELECT COUNT(*) FROM staging_quarantine
          WHERE load_id = :load_id AND (line_number IS NOT NULL OR source_key IS NULL)) AS read
FROM staging_quarantine
WHERE load_id = :load_id
GROUP BY 1
ORDER BY file_bad DESC, file
LIMIT 1;
