-- songplays (fact): one row per distinct NextSong event; key songplay_id (md5 of the event's
-- identity). DISTKEY start_time, like time's: the fact-to-time join is slice-local and the
-- rows spread evenly (song_id would not: unmatched plays are NULL). SORTKEY start_time: most
-- questions ask for a period. The other dimensions are DISTSTYLE ALL.
CREATE TABLE IF NOT EXISTS songplays (
    songplay_id CHAR(32) NOT NULL,
    start_time  TIMESTAMP NOT NULL,
    user_id     BIGINT NOT NULL,
    level       VARCHAR(16),
    song_id     VARCHAR(64),
    artist_id   VARCHAR(64),
    session_id  BIGINT NOT NULL,
    location    VARCHAR(1024),
    user_agent  VARCHAR(1024)
) DISTKEY (start_time) SORTKEY (start_time);
