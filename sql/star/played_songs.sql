-- played_songs: one row per distinct (song, artist) as the events spell them, over the
-- songplays' events (a NULL song is not a row; a NULL artist is one spelling). No primary key:
-- artist may be NULL; the pair is unique (its suite checks it), looked up as
-- (song, COALESCE(artist, '')) since staging turns '' into NULL. Beside the contract's tables.
CREATE TABLE IF NOT EXISTS played_songs (
    song          TEXT NOT NULL,
    artist        TEXT,
    plays         BIGINT NOT NULL,
    users         BIGINT NOT NULL,
    first_played  TIMESTAMP NOT NULL,
    last_played   TIMESTAMP NOT NULL,
    matched_plays BIGINT NOT NULL,
    song_id       TEXT COLLATE "C"
);
