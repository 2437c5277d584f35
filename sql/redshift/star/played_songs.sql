-- played_songs: one row per distinct (song, artist) as the events spell them, over the
-- songplays' events; key (song, artist), not declared (artist may be NULL; the pair is
-- checked instead). Small next to the fact: a copy on every node.
CREATE TABLE IF NOT EXISTS played_songs (
    song          VARCHAR(1024) NOT NULL,
    artist        VARCHAR(1024),
    plays         BIGINT NOT NULL,
    users         BIGINT NOT NULL,
    first_played  TIMESTAMP NOT NULL,
    last_played   TIMESTAMP NOT NULL,
    matched_plays BIGINT NOT NULL,
    song_id       VARCHAR(64)
) DISTSTYLE ALL SORTKEY (song);
