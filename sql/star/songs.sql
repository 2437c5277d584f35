-- songs: one row per song; key song_id.
CREATE TABLE IF NOT EXISTS songs (
    song_id   TEXT COLLATE "C" PRIMARY KEY,
    title     TEXT NOT NULL,
    artist_id TEXT COLLATE "C" NOT NULL,
    year      BIGINT,
    duration  DOUBLE PRECISION
);
