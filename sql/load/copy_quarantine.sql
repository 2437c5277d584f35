-- Stream bad records into staging_quarantine: one row per bad line (or failed file).
COPY staging_quarantine (source_key, line_number, load_id, reason, raw) FROM STDIN
