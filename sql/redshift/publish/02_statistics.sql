-- After the publish transaction committed: fresh statistics on the published star tables
-- for the analysts' first queries (outside it, so it stays short). The deleted rows' space is
-- reclaimed by Redshift's automatic VACUUM DELETE (VACUUM cannot run in a transaction).
ANALYZE songplays;
ANALYZE users;
ANALYZE songs;
ANALYZE artists;
ANALYZE time;
