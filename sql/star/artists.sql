-- artists: one row per artist; key artist_id (primary key added by audit/finish_table, with the key the build plan names).
CREATE TABLE IF NOT EXISTS artists (
    artist_id TEXT COLLATE "C" NOT NULL,
    name      TEXT,
    location  TEXT,
    latitude  DOUBLE PRECISION,
    longitude DOUBLE PRECISION
);
