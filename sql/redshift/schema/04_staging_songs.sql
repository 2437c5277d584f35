-- staging_songs: one row per staged song record; key (load_id, song_id) up to duplicates.
-- DISTKEY song_id: picking each song_id's record is then a slice-local window.
CREATE TABLE IF NOT EXISTS staging_songs (
    source_key       VARCHAR(1024),
    line_number      INTEGER,
    load_id          BIGINT NOT NULL,
    num_songs        BIGINT,
    artist_id        VARCHAR(64) NOT NULL,
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    artist_location  VARCHAR(1024),
    artist_name      VARCHAR(1024),
    song_id          VARCHAR(64) NOT NULL,
    title            VARCHAR(1024) NOT NULL,
    duration         DOUBLE PRECISION,
    year             BIGINT
) DISTKEY (song_id) SORTKEY (song_id);
