-- songs: one row per song; key song_id. DISTSTYLE ALL: the fact (distributed by start_time)
-- joins it on every slice without redistribution; song metadata is small next to the plays.
CREATE TABLE IF NOT EXISTS songs (
    song_id   VARCHAR(64) NOT NULL,
    title     VARCHAR(1024) NOT NULL,
    artist_id VARCHAR(64) NOT NULL,
    year      BIGINT,
    duration  DOUBLE PRECISION
) DISTSTYLE ALL SORTKEY (song_id);
