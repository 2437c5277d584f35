-- file_lines: one row per file the last COPY read, with the lines it scanned; key
-- (load_id, source_key). So "lines read = staged + quarantined" can be checked per load.
INSERT INTO file_lines (load_id, source_key, lines_scanned)
SELECT :load_id, SUBSTRING(TRIM(file_name) FROM LENGTH(:source_root) + 1), lines_scanned
FROM sys_load_detail
WHERE query_id = PG_LAST_COPY_ID();
