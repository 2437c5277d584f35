-- After the publish transaction committed: fresh statistics on every published table (the
-- star tables, user_levels, played_songs and quarantine: those publish/01_publish and
-- delta/publish write), in build plan order, for the analysts' first queries (outside the
-- transaction, so it stays short). A table a delta left unchanged, or changed by fewer rows
-- than analyze_threshold_percent (10 % by default), Redshift skips itself. The deleted rows'
-- space is reclaimed by Redshift's automatic VACUUM DELETE (VACUUM cannot run in a transaction).
ANALYZE users;
ANALYZE songs;
ANALYZE artists;
ANALYZE songplays;
ANALYZE user_levels;
ANALYZE time;
ANALYZE played_songs;
ANALYZE quarantine;
