-- file_lines: one row per file the last COPY read, with the lines it scanned
-- (SYS_LOAD_DETAIL.lines_scanned, summed in case a file shows in several rows); key
-- (load_id, source_key). load/07_lines_read compares them with the rows the load staged and
-- quarantined.
INSERT INTO file_lines (load_id, source_key, lines_scanned)
SELECT :load_id, SUBSTRING(TRIM(file_name) FROM LENGTH(:source_root) + 1), SUM(lines_scanned)
FROM sys_load_detail
WHERE query_id = PG_LAST_COPY_ID()
GROUP BY file_name;
