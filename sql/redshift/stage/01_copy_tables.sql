-- copy_events, copy_songs: the rows COPY reads, as they come; no key. Column order is the
-- JSONPaths order for events; songs map by name (JSON 'auto'). ts lands as a TIMESTAMP
-- (TIMEFORMAT 'epochmillisecs') in start_time.
CREATE TEMP TABLE copy_events (
    artist          VARCHAR(1024),
    auth            VARCHAR(64),
    first_name      VARCHAR(256),
    gender          VARCHAR(16),
    item_in_session BIGINT,
    last_name       VARCHAR(256),
    length          DOUBLE PRECISION,
    level           VARCHAR(16),
    location        VARCHAR(1024),
    method          VARCHAR(16),
    page            VARCHAR(64),
    registration    DOUBLE PRECISION,
    session_id      BIGINT,
    song            VARCHAR(1024),
    status          BIGINT,
    start_time      TIMESTAMP,
    user_agent      VARCHAR(1024),
    user_id         VARCHAR(32)
);
CREATE TEMP TABLE copy_songs (
    num_songs        BIGINT,
    artist_id        VARCHAR(64),
    artist_latitude  DOUBLE PRECISION,
    artist_longitude DOUBLE PRECISION,
    artist_location  VARCHAR(1024),
    artist_name      VARCHAR(1024),
    song_id          VARCHAR(64),
    title            VARCHAR(1024),
    duration         DOUBLE PRECISION,
    year             BIGINT
);
