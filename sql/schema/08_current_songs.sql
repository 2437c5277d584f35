-- current_songs: one row per song record of the current files; key (source_key, line_number).
CREATE OR REPLACE VIEW current_songs AS
SELECT s.*
FROM staging_songs AS s
JOIN current_files AS f ON f.source_key = s.source_key AND f.load_id = s.load_id;
