-- The body of the publish transaction for a delta build (the full build's is
-- publish/01_publish.sql): DML only, no published row of the history deleted. songplays and
-- time take the audited new rows, appended in their sort key's order (new rows go to the
-- table's unsorted region; Redshift's automatic table sort merges them); no new songplay is
-- published already (redshift/delta/repeated_plays), and a start_time that is goes in once.
-- users are merged by user_id: a load's user takes the attributes of their latest event over
-- all loads (the audit row), a new user is inserted. A user's periods from the first audited
-- one on (delta/level_events) and a pair's counts were computed again: they replace the
-- published ones. The quarantine takes the load's rows. songs and artists are untouched (a
-- delta adds no song file).
INSERT INTO songplays SELECT * FROM sparkify_audit.songplays ORDER BY start_time;
INSERT INTO time
SELECT a.*
FROM sparkify_audit.time AS a
WHERE NOT a.start_time IN (SELECT start_time FROM time)
ORDER BY a.start_time;
MERGE INTO users
USING sparkify_audit.users AS a
ON users.user_id = a.user_id
WHEN MATCHED THEN UPDATE SET first_name = a.first_name, last_name = a.last_name,
                             gender = a.gender, level = a.level
WHEN NOT MATCHED THEN INSERT (user_id, first_name, last_name, gender, level)
VALUES (a.user_id, a.first_name, a.last_name, a.gender, a.level);
DELETE FROM user_levels
WHERE EXISTS (
    SELECT 1
    FROM sparkify_audit.user_levels AS a
    WHERE a.user_id = user_levels.user_id AND a.valid_from <= user_levels.valid_from
);
INSERT INTO user_levels SELECT * FROM sparkify_audit.user_levels ORDER BY user_id, valid_from;
DELETE FROM played_songs
WHERE EXISTS (
    SELECT 1
    FROM sparkify_audit.played_songs AS a
    WHERE a.song = played_songs.song AND COALESCE(a.artist, '') = COALESCE(played_songs.artist, '')
);
INSERT INTO played_songs SELECT * FROM sparkify_audit.played_songs ORDER BY song;
INSERT INTO quarantine SELECT * FROM sparkify_audit.quarantine;
