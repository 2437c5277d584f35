-- Empty the published star tables inside the load's transaction (DELETE: TRUNCATE would
-- commit); analysts keep seeing the old rows until COMMIT.
DELETE FROM songplays;
DELETE FROM users;
DELETE FROM songs;
DELETE FROM artists;
DELETE FROM time;
DELETE FROM quarantine;
DELETE FROM user_levels;
DELETE FROM played_songs;
