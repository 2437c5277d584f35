-- Publish a delta build: lock the published tables it inserts into, before any insert, in the
-- order of publish/04_lock_published.sql. ROW EXCLUSIVE does not wait for readers, only for a
-- stronger lock (CREATE INDEX, VACUUM FULL, an explicit LOCK TABLE); the publish's short
-- lock_timeout keeps it from queueing behind one for long.
LOCK TABLE songplays, users, time, quarantine, user_latest, user_levels, played_songs
IN ROW EXCLUSIVE MODE;
