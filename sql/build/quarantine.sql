-- quarantine: one row per bad record of the current files. "raw" is quoted: a reserved word
-- in Redshift (the same column in PostgreSQL).
INSERT INTO quarantine (source_key, line_number, reason, "raw")
SELECT source_key, line_number, reason, "raw"
FROM current_quarantine;
