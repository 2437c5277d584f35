-- artists: one row per artist; key artist_id. DISTSTYLE ALL, as songs, for slice-local joins.
CREATE TABLE IF NOT EXISTS artists (
    artist_id VARCHAR(64) NOT NULL,
    name      VARCHAR(1024),
    location  VARCHAR(1024),
    latitude  DOUBLE PRECISION,
    longitude DOUBLE PRECISION
) DISTSTYLE ALL SORTKEY (artist_id);
