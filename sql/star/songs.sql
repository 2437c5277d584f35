-- songs: one row per song; key song_id (primary key added by audit/finish_table, with the key the build plan names).
CREATE TABLE IF NOT EXISTS songs (
    song_id   TEXT COLLATE "C" NOT NULL,
    title     TEXT NOT NULL,
    artist_id TEXT COLLATE "C" NOT NULL,
    year      BIGINT,
    duration  DOUBLE PRECISION
);
