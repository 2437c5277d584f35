-- quarantine: one row per bad record of the current files.
INSERT INTO quarantine (source_key, line_number, reason, raw)
SELECT source_key, line_number, reason, raw
FROM current_quarantine;
