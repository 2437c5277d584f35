-- What the load staged, per kind of file: files, rows staged, rows quarantined (rejected by
-- the checks, or by COPY in a file of that tree).
SELECT 'events',
       (SELECT COUNT(*) FROM load_files WHERE load_id = :load_id AND kind = 'events'),
       (SELECT COUNT(*) FROM staging_events WHERE load_id = :load_id),
       (SELECT COUNT(*) FROM checked_events WHERE reason IS NOT NULL)
       + (SELECT COUNT(*) FROM staging_quarantine
          WHERE load_id = :load_id AND source_key LIKE 'log_data/%')
UNION ALL
SELECT 'songs',
       (SELECT COUNT(*) FROM load_files WHERE load_id = :load_id AND kind = 'songs'),
       (SELECT COUNT(*) FROM staging_songs WHERE load_id = :load_id),
       (SELECT COUNT(*) FROM checked_songs WHERE reason IS NOT NULL)
       + (SELECT COUNT(*) FROM staging_quarantine
          WHERE load_id = :load_id AND source_key LIKE 'song_data/%');
