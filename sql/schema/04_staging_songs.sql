-- staging_songs: one row per staged song record; key (source_key, line_number, load_id).
CREATE TABLE IF NOT EXISTS staging_songs (
    source_key       TEXT COLLATE "C" NOT NULL,
    line_number      INTEGER NOT NULL,
    load_id          BIGINT NOT NULL,
    num_songs        BIGINT,
    artist_id        TEXT COLLATE "C" NOT NULL,
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    artist_location  TEXT,
    artist_name      TEXT,
    song_id          TEXT COLLATE "C" NOT NULL,
    title            TEXT NOT NULL,
    duration         DOUBLE PRECISION,
    year             BIGINT
);
