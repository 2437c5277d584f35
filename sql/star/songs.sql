-- songs: one row per song; key song_id (primary key added by transform/09_keys).
CREATE TABLE IF NOT EXISTS songs (
    song_id   TEXT COLLATE "C" NOT NULL,
    title     TEXT NOT NULL,
    artist_id TEXT COLLATE "C" NOT NULL,
    year      BIGINT,
    duration  DOUBLE PRECISION
);
