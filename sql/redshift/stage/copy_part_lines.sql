-- The lines the last COPY (of compacted song parts) scanned per part, by URL: the load checks
-- each against the records it wrote to that part (engine._check_parts). The parts' own
-- source files are compared in load/07_lines_read, from the lines the compaction read.
SELECT TRIM(file_name), SUM(lines_scanned)
FROM sys_load_detail
WHERE query_id = PG_LAST_COPY_ID()
GROUP BY file_name;
