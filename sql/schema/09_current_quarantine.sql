-- current_quarantine: one row per bad record of the current files.
CREATE OR REPLACE VIEW current_quarantine AS
SELECT q.*
FROM staging_quarantine AS q
JOIN current_files AS f ON f.source_key = q.source_key AND f.load_id = q.load_id;
