-- songplays (fact): one row per distinct NextSong event; key songplay_id, a hash of the
-- event's identity (ts, user_id, session_id, item_in_session), so it is stable across re-runs.
-- (Primary keys are added after the rows, by audit/finish_table, with the key the build plan names.)
CREATE TABLE IF NOT EXISTS songplays (
    songplay_id CHAR(32) NOT NULL,
    start_time  TIMESTAMP NOT NULL,
    user_id     BIGINT NOT NULL,
    level       TEXT,
    song_id     TEXT COLLATE "C",
    artist_id   TEXT COLLATE "C",
    session_id  BIGINT NOT NULL,
    location    TEXT,
    user_agent  TEXT
);
