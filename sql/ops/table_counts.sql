-- Rows per published table, for the run summary and the report: one row per table, in the
-- star's order. Sorted explicitly: PostgreSQL's parallel append returns the branches of a
-- UNION ALL in any order (the summaries of two runs listed the tables differently).
SELECT table_name, row_count
FROM (
    SELECT 1 AS place, 'songplays' AS table_name, COUNT(*) AS row_count FROM songplays
    UNION ALL SELECT 2, 'users', COUNT(*) FROM users
    UNION ALL SELECT 3, 'songs', COUNT(*) FROM songs
    UNION ALL SELECT 4, 'artists', COUNT(*) FROM artists
    UNION ALL SELECT 5, 'time', COUNT(*) FROM time
    UNION ALL SELECT 6, 'quarantine', COUNT(*) FROM quarantine
) AS counts
ORDER BY place;
