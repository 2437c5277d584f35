-- The records the last COPY rejected, one row each, into the load's quarantine with their
-- file (relative to the source root), line, column and Redshift's reason. SYS_LOAD_ERROR_DETAIL,
-- not STL_LOAD_ERRORS: Redshift Serverless has no STL views, and STL_LOAD_ERRORS misses COPYs
-- run on concurrency scaling. It keeps no raw line: "raw" stays NULL for these records.
INSERT INTO staging_quarantine (source_key, line_number, load_id, reason, "raw")
SELECT SUBSTRING(TRIM(file_name) FROM LENGTH(:source_root) + 1), line_number, :load_id,
       TRIM(column_name) || ': ' || TRIM(error_message), NULL
FROM sys_load_error_detail
WHERE query_id = PG_LAST_COPY_ID();
