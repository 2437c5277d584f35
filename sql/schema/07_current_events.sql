-- current_events: one row per event line of the current files; key (source_key, line_number).
CREATE OR REPLACE VIEW current_events AS
SELECT e.*
FROM staging_events AS e
JOIN current_files AS f ON f.source_key = e.source_key AND f.load_id = e.load_id;
