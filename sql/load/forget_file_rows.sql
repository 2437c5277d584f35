-- A file that failed whole (bad gzip, bad UTF-8) after some of its lines were staged: drop
-- those lines, so that the file is one quarantine row and nothing else.
DELETE FROM staging_events WHERE load_id = :load_id AND source_key = ANY(:keys);
DELETE FROM staging_songs WHERE load_id = :load_id AND source_key = ANY(:keys);
