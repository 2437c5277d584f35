-- The records the last COPY rejected, one row each, into the load's quarantine with their
-- file (relative to the source root), line, column and Redshift's reason.
INSERT INTO staging_quarantine (source_key, line_number, load_id, reason, raw)
SELECT SUBSTRING(TRIM(filename), LEN(:source_root) + 1), line_number, :load_id,
       TRIM(colname) || ': ' || TRIM(err_reason), TRIM(raw_line)
FROM stl_load_errors
WHERE query = PG_LAST_COPY_ID();
