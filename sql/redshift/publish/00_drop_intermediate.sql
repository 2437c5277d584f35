-- song_records and plays are intermediate results of the build (sql/build/song_records.sql,
-- sql/build/plays.sql): regular tables, not temporary ones, so that on PostgreSQL the steps
-- reading them may run on connections of their own. On Redshift they are created inside the
-- load's transaction; dropped here, before COMMIT, they are never seen outside that
-- transaction and never left behind.
DROP TABLE song_records;
DROP TABLE plays;
