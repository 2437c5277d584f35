-- The load's files with bad records, worst first, and the load's totals (bad, read), as
-- PostgreSQL's load/bad_records_by_file. read = rows COPY accepted + rows it rejected.
SELECT COALESCE(source_key, '(a file of this load; see table quarantine)') AS file,
       COUNT(*) AS file_bad,
       SUM(COUNT(*)) OVER () AS bad,
       (SELECT COUNT(*) FROM copy_events) + (SELECT COUNT(*) FROM copy_songs)
       + (SELECT COUNT(*) FROM staging_quarantine
          WHERE load_id = :load_id AND line_number IS NOT NULL) AS read
FROM staging_quarantine
WHERE load_id = :load_id
GROUP BY 1
ORDER BY file_bad DESC, file
LIMIT 1;
