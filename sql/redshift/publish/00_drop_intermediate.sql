-- song_records is an intermediate result of the build (sql/build/song_records.sql): a regular
-- table, not a temporary one, so that on PostgreSQL the steps reading it may run on
-- connections of their own. On Redshift it is created inside the load's transaction; dropped
-- here, before COMMIT, it is never seen outside that transaction and never left behind.
DROP TABLE song_records;
