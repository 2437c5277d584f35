-- artists: one row per artist; key artist_id.
CREATE TABLE IF NOT EXISTS artists (
    artist_id TEXT COLLATE "C" PRIMARY KEY,
    name      TEXT,
    location  TEXT,
    latitude  DOUBLE PRECISION,
    longitude DOUBLE PRECISION
);
