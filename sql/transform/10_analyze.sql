-- Fresh statistics, so the quality checks and the first analyst queries get good plans.
ANALYZE songplays;
ANALYZE users;
ANALYZE songs;
ANALYZE artists;
ANALYZE time;
