-- The audit schema emptied: every table a build makes there, the star tables and the
-- intermediate song_records and plays. Run before a build (whatever a killed load left), after
-- publish (the rows are published) and when a load is discarded.
DROP TABLE IF EXISTS sparkify_audit.songplays;
DROP TABLE IF EXISTS sparkify_audit.users;
DROP TABLE IF EXISTS sparkify_audit.songs;
DROP TABLE IF EXISTS sparkify_audit.artists;
DROP TABLE IF EXISTS sparkify_audit.time;
DROP TABLE IF EXISTS sparkify_audit.quarantine;
DROP TABLE IF EXISTS sparkify_audit.user_levels;
DROP TABLE IF EXISTS sparkify_audit.played_songs;
DROP TABLE IF EXISTS sparkify_audit.song_records;
DROP TABLE IF EXISTS sparkify_audit.plays;
