-- The body of the one short publish transaction for a full build (a delta's is
-- redshift/delta/publish.sql; the engine sends BEGIN, LOCK loads and the lease fence before
-- it, publish/manifest, the lease's end and COMMIT after it): every statement a DELETE, an
-- UPDATE or an INSERT ... SELECT, none a TRUNCATE (it would commit) nor an ALTER TABLE APPEND
-- (it cannot run in a transaction). First the replaced loads: their staged rows and manifest
-- rows go, and they are marked replaced (replaced_loads reads the manifest, so its rows go
-- last). Then each published star table takes the audited rows (both made by the same
-- sql/redshift/star/ file, so their columns are in the same order).
DELETE FROM staging_events WHERE load_id IN (SELECT load_id FROM replaced_loads);
DELETE FROM staging_songs WHERE load_id IN (SELECT load_id FROM replaced_loads);
DELETE FROM staging_quarantine WHERE load_id IN (SELECT load_id FROM replaced_loads);
UPDATE loads SET status = 'replaced' WHERE load_id IN (SELECT load_id FROM replaced_loads);
DELETE FROM manifest WHERE load_id IN (SELECT load_id FROM replaced_loads);
DELETE FROM songplays;
INSERT INTO songplays SELECT * FROM sparkify_audit.songplays;
DELETE FROM users;
INSERT INTO users SELECT * FROM sparkify_audit.users;
DELETE FROM songs;
INSERT INTO songs SELECT * FROM sparkify_audit.songs;
DELETE FROM artists;
INSERT INTO artists SELECT * FROM sparkify_audit.artists;
DELETE FROM time;
INSERT INTO time SELECT * FROM sparkify_audit.time;
DELETE FROM quarantine;
INSERT INTO quarantine SELECT * FROM sparkify_audit.quarantine;
DELETE FROM user_levels;
INSERT INTO user_levels SELECT * FROM sparkify_audit.user_levels;
DELETE FROM played_songs;
INSERT INTO played_songs SELECT * FROM sparkify_audit.played_songs;
